//! Complaints and suggestions (charter 3): answered within 30 working days
//! (`model.rs`: the due day, the verdict, the compensation's 30 days), their
//! forms and pages (the public form, the office's list, a complaint's page
//! with the verdict and the handover, the registration of those received by
//! email, phone, letter or in person, the administrators' inventory of
//! compensations, and the citizen's choice from the mailed link).

pub mod forms;
pub mod model;
pub mod pages;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
