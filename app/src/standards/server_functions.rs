//! Typed server functions of the standards page and the counter log.

use super::model::{PinLogEntry, StandardsReport};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn standards_port() -> Result<super::ssr::SharedStandardsPort, ServerFnError> {
    use_context::<super::ssr::SharedStandardsPort>().ok_or_else(|| ServerFnError::new("standards port missing from context"))
}

#[cfg(feature = "ssr")]
fn hidden(operation: &'static str) -> impl FnOnce(String) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "standards operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

/// Public: the standards measured for a year.
#[server(prefix = "/api", endpoint = "standards/report")]
pub async fn get_standards(year: Option<i32>) -> Result<StandardsReport, ServerFnError> {
    standards_port()?.report(year, crate::http_context::request_locale()).await.map_err(hidden("report"))
}

#[server(prefix = "/api", endpoint = "standards/pin-log")]
pub async fn get_pin_log() -> Result<Vec<PinLogEntry>, ServerFnError> {
    let user = crate::http_context::current_user().ok_or_else(|| ServerFnError::new("login required"))?;
    if !user.role.works_for_the_municipality() {
        return Err(ServerFnError::new("forbidden"));
    }
    standards_port()?.pin_log().await.map_err(hidden("pin_log"))
}
