//! Complaints and suggestions: on record (`store.rs`: filing with the
//! year's next number, the steps of a complaint's life, the compensation
//! inventory), the pages' port, the form handlers (`routes.rs`: anyone's
//! complaint, a clerk's registration, the office's answer mailed with the
//! choice's link, the handover, the citizen's choice, the inventory), and
//! the run that tells citizens whose time to choose ended (`lapse.rs`).

pub mod lapse;
pub mod port;
pub mod routes;
pub mod store;
