//! Messages to citizens (issue 21): for now the App IO channel
//! (`app_io.rs`: the profile check, the message, back-off on 429) and its
//! simulator (`io_simulator.rs`); the message centre, the personal area's
//! copy and the channel preferences come next.

pub mod app_io;
pub mod io_simulator;
