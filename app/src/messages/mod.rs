//! Messages to citizens (issue 21): for now the App IO channel's message,
//! checked against IO's limits (`model.rs`); the message centre, the
//! personal area's "I miei messaggi" and the channel preferences come next.

pub mod model;
