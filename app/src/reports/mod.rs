//! Citizen reports (segnalazioni): the rules (`model.rs`), the forms
//! (`forms.rs`), the pages (`pages.rs`) and their server functions.

pub mod forms;
pub mod model;
pub mod pages;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
