//! Typed server functions of the maintenance page.

use super::model::MaintenanceAdministration;
use leptos::prelude::*;

/// The windows and rules, for administrators.
#[server(prefix = "/api", endpoint = "maintenance/administration")]
pub async fn get_maintenance_administration() -> Result<MaintenanceAdministration, ServerFnError> {
    crate::http_context::administrator_caller()?;
    let port = use_context::<super::ssr::SharedMaintenancePort>().ok_or_else(|| ServerFnError::new("maintenance port missing from context"))?;
    port.administration(crate::http_context::request_locale()).await.map_err(|error| {
        tracing::error!(%error, "maintenance administration failed");
        ServerFnError::new("service temporarily unavailable")
    })
}
