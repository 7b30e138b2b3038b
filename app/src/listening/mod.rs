//! Listening to citizens (charter 3): information requests, answered within
//! 3 working days (`model.rs`: the due day, the checks), their forms and
//! pages (the public form, "Le mie richieste", the office's list, request
//! page and registration of requests received by email, phone, letter or
//! at the desk).

pub mod forms;
pub mod model;
pub mod pages;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
