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

#[cfg(feature = "ssr")]
fn logged_in_user() -> Result<crate::auth::model::CurrentUser, ServerFnError> {
    crate::http_context::current_user().ok_or_else(|| ServerFnError::new("login required"))
}

/// A draft of the logged-in person; anyone else's is "not found".
#[server(prefix = "/api", endpoint = "practices/draft")]
pub async fn get_practice_draft(draft_id: String, locale: Locale) -> Result<Option<super::model::PracticeDraftView>, ServerFnError> {
    let user = logged_in_user()?;
    practices_port()?.draft_for_owner(&user, &draft_id, locale).await.map_err(hide_internal_failure("draft_for_owner"))
}

/// A practice of the logged-in person; anyone else's is "not found".
#[server(prefix = "/api", endpoint = "practices/mine")]
pub async fn get_my_practice(practice_id: String) -> Result<Option<super::model::PracticeView>, ServerFnError> {
    let user = logged_in_user()?;
    practices_port()?.practice_for_owner(&user, &practice_id).await.map_err(hide_internal_failure("practice_for_owner"))
}

#[server(prefix = "/api", endpoint = "practices/my-practices")]
pub async fn get_my_practices() -> Result<super::model::MyPractices, ServerFnError> {
    let user = logged_in_user()?;
    practices_port()?.my_practices(&user).await.map_err(hide_internal_failure("my_practices"))
}

/// The logged-in person's concluded practices (the historical archive).
#[server(prefix = "/api", endpoint = "practices/archive")]
pub async fn get_practice_archive(filter: super::model::ArchiveFilter) -> Result<super::model::PracticeArchive, ServerFnError> {
    let user = logged_in_user()?;
    practices_port()?.practice_archive(&user, &filter).await.map_err(hide_internal_failure("practice_archive"))
}

/// Public: status and dates of a practice from the receipt's two codes.
#[server(prefix = "/api", endpoint = "practices/lookup")]
pub async fn look_up_practice(protocol_number: String, check_code: String) -> Result<super::model::PublicLookup, ServerFnError> {
    let parts = use_context::<http::request::Parts>().ok_or_else(|| ServerFnError::new("request missing from context"))?;
    practices_port()?.public_lookup(&protocol_number, &check_code, &parts).await.map_err(hide_internal_failure("public_lookup"))
}

#[cfg(feature = "ssr")]
fn logged_in_staff() -> Result<crate::auth::model::CurrentUser, ServerFnError> {
    use crate::auth::model::{decide_access, AccessDecision, AccessRequirement};
    let user = logged_in_user()?;
    if decide_access(AccessRequirement::MunicipalStaff, Some(&user)) != AccessDecision::Allow {
        return Err(ServerFnError::new("staff only"));
    }
    Ok(user)
}

/// The practices of the clerk's offices, filtered and paged.
#[server(prefix = "/api", endpoint = "practices/inbox")]
pub async fn get_clerk_inbox(filter: super::model::ClerkInboxFilter) -> Result<super::model::ClerkInbox, ServerFnError> {
    let clerk = logged_in_staff()?;
    practices_port()?.clerk_inbox(&clerk, &filter).await.map_err(hide_internal_failure("clerk_inbox"))
}

/// A practice of one of the clerk's offices (audited); anyone else's is "not found".
#[server(prefix = "/api", endpoint = "practices/office-practice")]
pub async fn get_practice_for_clerk(practice_id: String) -> Result<Option<super::model::ClerkPracticeView>, ServerFnError> {
    let clerk = logged_in_staff()?;
    practices_port()?.practice_for_clerk(&clerk, &practice_id).await.map_err(hide_internal_failure("practice_for_clerk"))
}
