//! Online practices, the server's half: procedure definitions loaded from
//! `content/procedures/` and versioned in the database (`definitions.rs`),
//! the port the practices pages read (`store.rs`), the wizard (`drafts.rs`,
//! `attachments.rs`, `submission.rs`, `routes.rs` with `step_form.rs`,
//! `receipt.rs`) and the
//! back office (`back_office.rs` reads, `processing.rs` acts, `events.rs`
//! writes every step of a practice's history,
//! `processing_routes.rs` answers the forms of clerks and citizens).

pub mod archive;
pub mod attachments;
pub mod back_office;
pub mod definitions;
pub mod demo;
pub mod drafts;
pub mod events;
pub mod processing;
pub mod processing_routes;
pub mod receipt;
pub mod routes;
pub mod step_form;
pub mod store;
pub mod submission;
