//! Accounts and access: the citizen's identity (fiscal code), roles, levels,
//! sessions' rules and the login, activation and personal-area pages.

pub mod fiscal_code;
pub mod forms;
pub mod messages;
pub mod model;
pub mod pages;
pub mod server_functions;
pub mod spid;
#[cfg(feature = "ssr")]
pub mod ssr;
