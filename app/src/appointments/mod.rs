//! Appointments at the counter (issue 21): the rules every part shares
//! (`model.rs`: an office's week, its slots, the free days of a month, the
//! booking's calendar file, an administrator's calendar checked), and the
//! administrators' pages that edit the offices' calendars (`pages.rs`). The
//! booking flow, the holds' pages and the counter's agenda come next.

pub mod booking;
pub mod booking_pages;
pub mod forms;
pub mod model;
pub mod pages;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
