//! Typed server functions of the practices pages.

use super::model::{ProcedureTheme, PublishedProcedure};
use crate::i18n::Locale;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn practices_port() -> Result<super::ssr::SharedPracticesPort, ServerFnError> {
    use_context::<super::ssr::SharedPracticesPort>().ok_or_else(|| ServerFnError::new("practices port missing from context"))
}

#[cfg(feature = "ssr")]
fn hide_internal_failure(operation: &'static str) -> impl FnOnce(super::ssr::PracticesPortError) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "practices operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

#[server(prefix = "/api", endpoint = "practices/catalogue")]
pub async fn list_procedure_catalogue(locale: Locale) -> Result<Vec<ProcedureTheme>, ServerFnError> {
    practices_port()?.procedure_catalogue(locale).await.map_err(hide_internal_failure("procedure_catalogue"))
}

#[server(prefix = "/api", endpoint = "practices/procedure")]
pub async fn get_published_procedure(slug: String, locale: Locale) -> Result<Option<PublishedProcedure>, ServerFnError> {
    if !super::procedure::is_valid_identifier(&slug) {
        return Ok(None);
    }
    practices_port()?.published_procedure(&slug, locale).await.map_err(hide_internal_failure("published_procedure"))
}
