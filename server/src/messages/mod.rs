//! Messages to citizens (issue 21): the message centre every capability
//! writes through (`centre.rs`), its records (`store.rs`), the App IO
//! channel (`app_io.rs`: the profile check, the message, back-off on 429),
//! the worker that sends what the centre queued for IO (`io_worker.rs`),
//! IO's simulator (`io_simulator.rs`), the personal area's pages' port
//! (`port.rs`) and the forms' handlers (`routes.rs`).

pub mod app_io;
pub mod centre;
pub mod io_simulator;
pub mod io_worker;
pub mod port;
pub mod routes;
pub mod store;
