//! Online practices, the server's half: procedure definitions loaded from
//! `content/procedures/` and versioned in the database (`definitions.rs`),
//! and the port the practices pages read (`store.rs`).

pub mod attachments;
pub mod definitions;
pub mod drafts;
pub mod receipt;
pub mod routes;
pub mod store;
pub mod submission;
