//! Typed server functions of the personal area and the staff area. Each one
//! checks the session itself: the path rules protect pages, not `/api`.

use super::model::{AccountProfile, ReadableExport, StaffMember, TotpEnrolment};
use crate::i18n::Locale;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn accounts_port() -> Result<super::ssr::SharedAccountsPort, ServerFnError> {
    use_context::<super::ssr::SharedAccountsPort>().ok_or_else(|| ServerFnError::new("accounts port missing from context"))
}

#[cfg(feature = "ssr")]
fn hide_internal_failure(operation: &'static str) -> impl FnOnce(super::ssr::AccountsPortError) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "accounts operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

#[cfg(feature = "ssr")]
fn logged_in_user() -> Result<super::model::CurrentUser, ServerFnError> {
    crate::http_context::current_user().ok_or_else(|| ServerFnError::new("login required"))
}

/// The logged-in person's own profile; nobody else's can be asked for.
#[server(prefix = "/api", endpoint = "auth/my-profile")]
pub async fn get_my_profile() -> Result<Option<AccountProfile>, ServerFnError> {
    let user = logged_in_user()?;
    accounts_port()?.profile(&user.account_id).await.map_err(hide_internal_failure("profile"))
}

/// The person's own data to read on a page, at level 2 like the download.
#[server(prefix = "/api", endpoint = "auth/my-data")]
pub async fn get_my_data(locale: Locale) -> Result<Option<ReadableExport>, ServerFnError> {
    let user = logged_in_user()?;
    let requirement = super::model::access_requirement_for_path(crate::routes::DATA_EXPORT_PAGE_PATH);
    if super::model::decide_access(requirement, Some(&user)) != super::model::AccessDecision::Allow {
        return Err(ServerFnError::new("level 2 login required"));
    }
    accounts_port()?.readable_export(&user, locale).await.map_err(hide_internal_failure("readable_export"))
}

#[server(prefix = "/api", endpoint = "auth/totp-enrolment")]
pub async fn get_totp_enrolment() -> Result<Option<TotpEnrolment>, ServerFnError> {
    let user = logged_in_user()?;
    let session = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<super::model::SessionTokenHash>().cloned())
        .ok_or_else(|| ServerFnError::new("login required"))?;
    accounts_port()?.totp_enrolment(&session, user.fiscal_code.as_str()).await.map_err(hide_internal_failure("totp_enrolment"))
}

/// A clerk's lookup of a citizen by fiscal code (audited by the port).
#[server(prefix = "/api", endpoint = "auth/find-citizen")]
pub async fn find_citizen_for_clerk(fiscal_code: String) -> Result<Option<AccountProfile>, ServerFnError> {
    let user = logged_in_user()?;
    let decision = super::model::decide_access(super::model::AccessRequirement::MunicipalStaff, Some(&user));
    if decision != super::model::AccessDecision::Allow {
        return Err(ServerFnError::new("staff only"));
    }
    let Ok(fiscal_code) = super::fiscal_code::FiscalCode::parse(&fiscal_code) else {
        return Ok(None);
    };
    accounts_port()?.citizen_record_for_clerk(&user, &fiscal_code).await.map_err(hide_internal_failure("citizen_record_for_clerk"))
}

/// The staff list; administrators only.
#[server(prefix = "/api", endpoint = "auth/staff")]
pub async fn list_staff_members() -> Result<Vec<StaffMember>, ServerFnError> {
    let user = logged_in_user()?;
    let decision = super::model::decide_access(super::model::AccessRequirement::Administrator, Some(&user));
    if decision != super::model::AccessDecision::Allow {
        return Err(ServerFnError::new("administrators only"));
    }
    accounts_port()?.staff_members().await.map_err(hide_internal_failure("staff_members"))
}

/// Whether the reset link in the page's address still works, so the page
/// can say so before the citizen types a new password.
#[server(prefix = "/api", endpoint = "auth/password-reset-link")]
pub async fn check_password_reset_link(token: String) -> Result<bool, ServerFnError> {
    let Ok(token) = super::model::PasswordResetToken::parse(&token) else {
        return Ok(false);
    };
    accounts_port()?.password_reset_link_is_usable(&token).await.map_err(hide_internal_failure("password_reset_link"))
}
