//! Messages to citizens (issue 21): the kinds, channels and preferences of
//! the message centre and App IO's message with its limits (`model.rs`),
//! "I miei messaggi" and its preferences (`pages.rs`), their server
//! functions and port.

pub mod forms;
pub mod model;
pub mod pages;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
