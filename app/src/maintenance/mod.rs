//! Scheduled maintenance: the rules (`model.rs`: the yearly budget, the
//! notice, the deadlines' guard), the administrators' page and its form, and
//! the banner that announces a window on every page (`pages.rs`).

pub mod forms;
pub mod model;
pub mod pages;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
