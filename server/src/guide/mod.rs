//! "Come fare per?": content loading, storage, search and downloadable forms.

pub mod content;
pub mod demo;
pub mod forms_pdf;
pub mod routes;
pub mod search;
pub mod store;
pub mod vocabulary;
