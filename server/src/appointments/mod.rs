//! Appointments at the counter (issue 21), the server's half so far: the
//! offices' calendars (`calendars.rs`: read from `content/appointments.toml`,
//! written into the database once per office, read back from there) and
//! the appointments on record (`store.rs`: holds that take a counter's time
//! or find it taken, bookings, releases, the state changes), the
//! administrators' calendar pages' port (`port.rs`) and form (`routes.rs`),
//! the reminder the day before (`reminders.rs`), the counter's agenda
//! (`port.rs`, `routes.rs`) and the demo data's morning (`demo.rs`).
//! The booking flow's pages, the mails and the counter's agenda come next.

pub mod availability;
pub mod calendars;
pub mod demo;
pub mod port;
pub mod reminders;
pub mod routes;
pub mod store;
