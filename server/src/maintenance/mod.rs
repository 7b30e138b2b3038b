//! Scheduled maintenance: the tenant's rules (`rules.rs`, from
//! `content/maintenance.toml`), the windows on record (`store.rs`), the
//! schedule every request consults (`schedule.rs`: the banner's
//! announcement, and the 503 page while a window is under way), the
//! administrators' form and the development clock (`routes.rs`).

pub mod port;
pub mod routes;
pub mod rules;
pub mod schedule;
pub mod store;
