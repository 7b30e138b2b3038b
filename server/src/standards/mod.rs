//! The charter's quality standards: what they are measured from (`store.rs`:
//! the procedures, the PIN counter log, the information requests, the
//! reports' first answers, the maintenance windows), their charts drawn on
//! the server (`charts.rs`), the page's port, the counter log's form and the
//! open data (`routes.rs`: CSV and JSON, CC BY 4.0).

pub mod charts;
pub mod port;
pub mod routes;
pub mod store;
