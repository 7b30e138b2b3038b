//! Sportello telematico: the Leptos application shared by the server (SSR,
//! feature `ssr`) and the browser (islands, feature `hydrate`).

pub mod appointments;
pub mod auth;
pub mod certificates;
pub mod complaints;
pub mod components;
pub mod guide;
pub mod http_context;
pub mod i18n;
pub mod ids;
pub mod layout;
pub mod listening;
pub mod mail;
pub mod maintenance;
pub mod messages;
pub mod payments;
pub mod practices;
pub mod reports;
pub mod routes;
pub mod shell;
pub mod standards;
pub mod surveys;
#[cfg(test)]
pub(crate) mod test_support;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
