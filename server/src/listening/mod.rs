//! Listening to citizens: information requests (`store.rs`: filing with the
//! year's next number, the lists, the one answer), the pages' port and the
//! form handlers (`routes.rs`: anyone's request, a clerk's registration, the
//! office's answer mailed to the sender).

pub mod port;
pub mod routes;
pub mod store;
