//! The charter's quality standards measured from the records (`model.rs`:
//! time limits in working days month by month, maintenance days, procedures
//! online, the PIN counter log; the open data's CSV), the public page
//! `/carta-dei-servizi` and the counter log clerks fill (`pages.rs`).

pub mod forms;
pub mod model;
pub mod pages;
pub mod server_functions;
#[cfg(feature = "ssr")]
pub mod ssr;
