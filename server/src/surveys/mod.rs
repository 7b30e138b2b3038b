//! Satisfaction surveys: the content's definitions (`definitions.rs`), on
//! record (`store.rs`: the state only `change_state` moves, the anonymous
//! responses), the form's signed one-time token (`tokens.rs`), a chart per
//! question (`charts.rs`), the pages' port, and the handlers (`routes.rs`:
//! a response, the results' CSV, the administrators' opening and closing).

pub mod charts;
pub mod definitions;
pub mod port;
pub mod routes;
pub mod store;
pub mod tokens;
