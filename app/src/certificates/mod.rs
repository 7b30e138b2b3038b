//! Registry certificates: the registry's data types shared by the server
//! and the pages (`registry.rs`), the certificates' rules (`model.rs`), the
//! forms (`forms.rs`), the pages (`pages.rs`) and their server functions.

pub mod forms;
pub mod model;
pub mod pages;
pub mod registry;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
