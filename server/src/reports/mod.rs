//! Citizen reports (segnalazioni): the Comune's street list, the records and
//! their moves (`store.rs`), the pages' port and the form handlers.

pub mod feed;
pub mod photos;
pub mod port;
pub mod routes;
pub mod store;
pub mod streets;
