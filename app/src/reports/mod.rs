//! Citizen reports (segnalazioni): the rules (`model.rs`), the forms
//! (`forms.rs`), the pages (`pages.rs`) and their server functions; the
//! categories' extra questions (`questions.rs`), Open311's rules (`open311.rs`)
//! and the street list with its hamlets (`streets.rs`).

pub mod forms;
pub mod model;
pub mod open311;
pub mod pages;
pub mod questions;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod streets;
