//! Online practices (issue 4): pure rules first. `calendar.rs` computes
//! legal time limits in calendar or working days.

pub mod calendar;
