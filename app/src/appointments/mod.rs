//! Appointments at the counter (issue 21): for now the rules every part
//! will share (`model.rs`: an office's week, its slots, the free days of a
//! month, the booking's calendar file); the offices as data, the booking
//! flow, the holds and the counter's agenda come next.

pub mod model;
