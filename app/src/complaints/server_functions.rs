//! Typed server functions of the complaints' pages.

use super::model::{CompensationChoiceView, CompensationItem, ComplaintView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn complaints_port() -> Result<super::ssr::SharedComplaintsPort, ServerFnError> {
    use_context::<super::ssr::SharedComplaintsPort>().ok_or_else(|| ServerFnError::new("complaints port missing from context"))
}

#[cfg(feature = "ssr")]
fn hidden(operation: &'static str) -> impl FnOnce(String) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "complaints operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

#[server(prefix = "/api", endpoint = "complaints/office")]
pub async fn get_office_complaints() -> Result<Vec<ComplaintView>, ServerFnError> {
    let user = crate::http_context::staff_caller()?;
    complaints_port()?.office_complaints(&user).await.map_err(hidden("office_complaints"))
}

/// Audited: the office reads who wrote.
#[server(prefix = "/api", endpoint = "complaints/office-one")]
pub async fn get_office_complaint(number: String) -> Result<Option<ComplaintView>, ServerFnError> {
    let user = crate::http_context::staff_caller()?;
    complaints_port()?.office_complaint(&user, &number).await.map_err(hidden("office_complaint"))
}

#[server(prefix = "/api", endpoint = "complaints/inventory")]
pub async fn get_compensation_inventory() -> Result<Vec<CompensationItem>, ServerFnError> {
    crate::http_context::administrator_caller()?;
    complaints_port()?.inventory().await.map_err(hidden("inventory"))
}

/// Anyone holding the mailed link's code (nothing else identifies them).
#[server(prefix = "/api", endpoint = "complaints/choice")]
pub async fn get_compensation_choice(code: String) -> Result<Option<CompensationChoiceView>, ServerFnError> {
    let Some(code) = super::model::ChoiceCode::parse(&code) else {
        return Ok(None);
    };
    complaints_port()?.compensation_choice(&code).await.map_err(hidden("compensation_choice"))
}
