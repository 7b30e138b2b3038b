//! Outgoing mail as the application sees it: only the development outbox
//! page, which shows queued messages in test environments.

pub mod model;
pub mod pages;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
