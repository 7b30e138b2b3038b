//! "Come fare per?": topics, service sheets, search and page feedback.

pub mod feedback;
pub mod model;
pub mod pages;
pub mod search_island;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
