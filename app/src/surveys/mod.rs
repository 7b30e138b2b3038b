//! Satisfaction surveys (charter 3): surveys as data (`model.rs`: the
//! questions, the answers' checks, the tally and its CSV), their forms and
//! pages (the list, a survey's form, the published results with a chart and
//! a table per question, the administrators' page that opens and closes
//! them). Anonymous: nothing links an answer to a person.

pub mod forms;
pub mod model;
pub mod pages;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
