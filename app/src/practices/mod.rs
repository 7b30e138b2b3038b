//! Online practices (issue 4). Pure rules, shared by the WASM client and the
//! server: `procedure.rs` (a procedure's declarative definition),
//! `answers.rs` (what the citizen typed, in the form's own shape),
//! `validation.rs` (the one validation engine), `iban.rs`, `stamp.rs` (a
//! paper revenue stamp's identifier), `calendar.rs`
//! (legal time limits in calendar or working days), `protocol_number.rs`
//! (the yearly protocol number, 2026/0001234), `workflow.rs` (what the
//! office and the citizen may do to a filed practice, in which status),
//! `step_action.rs` (which button sent a step's form).

pub mod answers;
pub mod back_office_pages;
pub mod calendar;
pub mod iban;
pub mod model;
pub mod pages;
pub mod procedure;
pub mod protocol_number;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod stamp;
pub mod status_pages;
pub mod step_action;
pub mod step_island;
pub mod validation;
pub mod wizard_pages;
pub mod workflow;

#[cfg(test)]
mod validation_tests;
