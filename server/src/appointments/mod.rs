//! Appointments at the counter (issue 21), the server's half so far: the
//! offices' calendars (`calendars.rs`: read from `content/appointments.toml`,
//! written into the database once per office, read back from there) and
//! the appointments on record (`store.rs`: holds that take a counter's time
//! or find it taken, bookings, releases, the state changes), the
//! administrators' calendar pages' port (`port.rs`) and form (`routes.rs`).
//! The booking flow's pages, the mails and the counter's agenda come next.

pub mod calendars;
pub mod port;
pub mod routes;
pub mod store;
