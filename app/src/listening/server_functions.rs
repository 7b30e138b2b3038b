//! Typed server functions of the listening pages.

use super::model::InformationRequestView;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn listening_port() -> Result<super::ssr::SharedListeningPort, ServerFnError> {
    use_context::<super::ssr::SharedListeningPort>().ok_or_else(|| ServerFnError::new("listening port missing from context"))
}

#[cfg(feature = "ssr")]
fn hidden(operation: &'static str) -> impl FnOnce(String) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "listening operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

/// The service sheets a request may be about (slug, title).
#[server(prefix = "/api", endpoint = "listening/topics")]
pub async fn get_request_topics() -> Result<Vec<(String, String)>, ServerFnError> {
    listening_port()?.topics(crate::http_context::request_locale()).await.map_err(hidden("topics"))
}

#[server(prefix = "/api", endpoint = "listening/mine")]
pub async fn get_my_information_requests() -> Result<Vec<InformationRequestView>, ServerFnError> {
    let user = crate::http_context::current_user().ok_or_else(|| ServerFnError::new("login required"))?;
    listening_port()?.my_requests(&user, crate::http_context::request_locale()).await.map_err(hidden("my_requests"))
}

#[server(prefix = "/api", endpoint = "listening/office")]
pub async fn get_office_information_requests() -> Result<Vec<InformationRequestView>, ServerFnError> {
    let user = crate::http_context::staff_caller()?;
    listening_port()?.office_requests(&user, crate::http_context::request_locale()).await.map_err(hidden("office_requests"))
}

/// Audited: the office reads who sent the request.
#[server(prefix = "/api", endpoint = "listening/office-one")]
pub async fn get_office_information_request(number: String) -> Result<Option<InformationRequestView>, ServerFnError> {
    let user = crate::http_context::staff_caller()?;
    listening_port()?.office_request(&user, &number, crate::http_context::request_locale()).await.map_err(hidden("office_request"))
}
