//! The server's integration tests, as one test binary: every linked binary
//! carries the whole server with Leptos's deeply nested view types (about
//! 3 GB with line tables), so one link instead of one per file saves CI time
//! and tens of gigabytes of disk. Each module is one file of tests.

#[macro_use]
mod support;

mod accounts;
mod app_io;
mod appointments;
mod authorization;
mod back_office;
mod booking;
mod certificates;
mod complaints;
mod email_and_password_reset;
mod guide_pages;
mod http_layer;
mod listening;
mod maintenance;
mod messages;
mod open311;
mod pa_for_node;
mod page_cache;
mod paying_online;
mod payments;
mod practice_fees;
mod practice_wizard;
mod procedures;
mod receipts_and_public_check;
mod registry;
mod reports;
mod retention;
mod security_probe;
mod server_killed_mid_payment;
mod servers_side_by_side;
mod smart_card;
mod spid;
mod standards;
mod surveys;
mod transfers_and_stamp_duty;
