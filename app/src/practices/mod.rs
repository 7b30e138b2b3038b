//! Online practices (issue 4): pure rules first. `calendar.rs` computes
//! legal time limits in calendar or working days; `protocol_number.rs` the
//! yearly protocol number (2026/0001234).

pub mod calendar;
pub mod protocol_number;
