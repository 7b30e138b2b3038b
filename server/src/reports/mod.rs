//! Citizen reports (segnalazioni): the Comune's street list, the records and
//! their moves (`store.rs`), the pages' port and the form handlers, and
//! Open311 GeoReport v2 (`open311.rs`: documents and keys; `open311_routes.rs`).

pub mod feed;
pub mod open311;
pub mod open311_routes;
pub mod photos;
pub mod port;
pub mod routes;
pub mod store;
pub mod streets;
