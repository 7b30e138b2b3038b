//! The form handlers of login, activation, the personal area and the staff
//! area. Each answers a mistake with its page again (422, values kept), and
//! success with a redirect (303) so a refresh never posts twice.

use super::accounts::*;
use super::audit::{append_audit_event, audit_entries_about, AuditEvent};
use super::sessions::redirect_to as see_other;
use super::sessions::{
    end_every_session_of, end_other_sessions_of, end_session, expired_session_cookie, pending_totp_secret, raise_session_level, redirect_to, session_cookie,
    sessions_of, set_pending_totp_secret, start_session, PendingSecondFactor, PendingTotp,
};
use super::throttle::{self, PER_ACCOUNT, PER_ADDRESS};
use super::tokens::{constant_time_equal, now_unix_seconds, random_bytes};
use super::totp::{accept_totp_code, generate_totp_secret};
use crate::http::client_address::ClientAddress;
use crate::http::form_pages::{answer_with_errors, parse_form_body, render_page_for_post};
use crate::AppState;
use anyhow::Context;
use app::auth::fiscal_code::FiscalCode;
use app::auth::messages::*;
use app::auth::model::*;
use app::auth::pages::IssuedActivationCode;
use app::i18n::{Locale, Text};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;
use std::collections::BTreeMap;

pub(crate) type Form = BTreeMap<String, String>;
pub(crate) type FieldErrors = Vec<(String, String)>;

/// Splits the request into its parts and its (small, form-encoded) body.
pub(crate) async fn read_form(request: Request) -> (Parts, Form) {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    (parts, parse_form_body(&bytes))
}

pub(crate) fn locale_of(parts: &Parts) -> Locale {
    crate::http::errors::locale_of_headers(&parts.headers)
}

pub(crate) fn field(form: &Form, name: &str) -> String {
    form.get(name).cloned().unwrap_or_default()
}

fn return_path_of(form: &Form) -> String {
    safe_return_path(&field(form, "ritorno")).unwrap_or_else(|| "/area-personale".to_string())
}

pub(crate) fn redirect_setting_cookie(location: &str, cookie: &str) -> Response {
    let mut response = redirect_to(location);
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// A failure of ours: logged with its context, the citizen sees a plain message.
pub(crate) fn internal_failure(operation: &'static str, error: anyhow::Error) -> Response {
    crate::http::errors::AppError::internal(operation, error).into_response()
}

pub(crate) async fn audit(state: &AppState, event: AuditEvent) -> Result<(), Response> {
    append_audit_event(&state.pool, &event).await.map(|_| ()).map_err(|error| internal_failure("audit", error))
}

pub(crate) fn parse_fiscal_code_field(form: &Form, name: &str, locale: Locale, errors: &mut FieldErrors) -> Option<FiscalCode> {
    FiscalCode::parse(&field(form, name)).map_err(|error| errors.push((name.to_string(), fiscal_code_error_message(error, locale)))).ok()
}

fn parse_name_field(form: &Form, name: &str, locale: Locale, errors: &mut FieldErrors) -> Option<String> {
    let parsed = parse_person_name(&field(form, name));
    if parsed.is_none() {
        errors.push((name.to_string(), Text::NameInvalid.in_locale(locale).into()));
    }
    parsed
}

/// Email and phone, both optional: empty is `None`, anything else must parse.
fn parse_optional_contacts(form: &Form, locale: Locale, errors: &mut FieldErrors) -> (Option<EmailAddress>, Option<PhoneNumber>) {
    let email = field(form, "email");
    let email = if email.trim().is_empty() {
        None
    } else {
        EmailAddress::parse(&email).map_err(|_| errors.push(("email".into(), Text::EmailInvalid.in_locale(locale).into()))).ok()
    };
    let phone = field(form, "telefono");
    let phone = if phone.trim().is_empty() {
        None
    } else {
        PhoneNumber::parse(&phone).map_err(|_| errors.push(("telefono".into(), Text::PhoneInvalid.in_locale(locale).into()))).ok()
    };
    (email, phone)
}

/// A throttle's refusal: `text` with `{minutes}` (rounded up, at least 1) filled in.
pub(crate) fn lock_message(text: Text, seconds: i64, locale: Locale) -> String {
    let minutes = (seconds + 59) / 60;
    text.in_locale(locale).replace("{minutes}", &minutes.max(1).to_string())
}

pub(crate) async fn locked(state: &AppState, keys: &[String]) -> anyhow::Result<Option<i64>> {
    let mut longest = None;
    for key in keys {
        if let Some(seconds) = throttle::locked_for_seconds(&state.pool, key).await? {
            longest = Some(longest.unwrap_or(0).max(seconds));
        }
    }
    Ok(longest)
}

async fn record_failures(state: &AppState, account_key: &str, address_key: &str) -> anyhow::Result<()> {
    throttle::record_failure(&state.pool, account_key, PER_ACCOUNT).await?;
    throttle::record_failure(&state.pool, address_key, PER_ADDRESS).await
}

/// The form again with the throttle's `text` on `field_name`, status 429.
pub(crate) async fn answer_locked(state: &AppState, parts: Parts, form: Form, field_name: &str, text: Text, seconds: i64) -> Response {
    let locale = locale_of(&parts);
    let mut response = answer_with_errors(state, parts, form, vec![(field_name.to_string(), lock_message(text, seconds, locale))]).await;
    *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    response
}

/// POST /accedi/credenziali — fiscal code and password.
pub async fn log_in_with_counter_credentials(State(state): State<AppState>, ClientAddress(address): ClientAddress, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let locale = locale_of(&parts);
    let mut errors = FieldErrors::new();
    let fiscal_code = parse_fiscal_code_field(&form, "codice_fiscale", locale, &mut errors);
    let password = field(&form, "password");
    if password.is_empty() {
        errors.push(("password".into(), Text::PasswordRequired.in_locale(locale).into()));
    }
    let (Some(fiscal_code), true) = (fiscal_code, errors.is_empty()) else {
        return answer_with_errors(&state, parts, form, errors).await;
    };
    let account_key = throttle::account_key(fiscal_code.as_str());
    let address_key = throttle::address_key(&address);
    match locked(&state, &[account_key.clone(), address_key.clone()]).await {
        Ok(Some(seconds)) => return answer_locked(&state, parts, form, "codice_fiscale", Text::LoginLocked, seconds).await,
        Ok(None) => {}
        Err(error) => return internal_failure("throttle", error),
    }
    let account = match find_account_by_fiscal_code(&state.pool, &fiscal_code).await {
        Ok(account) => account,
        Err(error) => return internal_failure("find_account", error),
    };
    let stored_hash = account.as_ref().and_then(|account| account.password_hash.clone());
    let password_correct = super::passwords::verify_password(stored_hash.clone(), password).await && stored_hash.is_some();
    let Some(account) = account.filter(|_| password_correct) else {
        if let Err(error) = record_failures(&state, &account_key, &address_key).await {
            return internal_failure("record_failure", error);
        }
        let subject = match find_account_by_fiscal_code(&state.pool, &fiscal_code).await {
            Ok(Some(account)) => account.id,
            _ => "unknown".to_string(),
        };
        if let Err(response) = audit(
            &state,
            AuditEvent::new("anonymous", "login_failed", subject)
                .with_details(serde_json::json!({ "method": "counter_password", "address": address.to_string() })),
        )
        .await
        {
            return response;
        }
        return answer_with_errors(&state, parts, form, vec![("codice_fiscale".into(), Text::LoginFailed.in_locale(locale).into())]).await;
    };
    if let Err(error) = throttle::clear(&state.pool, &account_key).await {
        return internal_failure("clear_throttle", error);
    }
    let over_tls = state.config.served_over_tls();
    let previous = parts.extensions.get::<SessionTokenHash>();
    let return_path = return_path_of(&form);
    if account.totp_secret.is_some() {
        // Level 0: the password is right, the second factor is still due.
        return match start_session(&state.pool, previous, &account.id, 0, AuthenticationMethod::CounterPasswordAndTotp).await {
            Ok(token) => redirect_setting_cookie(
                &format!("/accedi/codice?ritorno={}", form_urlencoded::byte_serialize(return_path.as_bytes()).collect::<String>()),
                &session_cookie(&token, over_tls),
            ),
            Err(error) => internal_failure("start_session", error),
        };
    }
    let token = match start_session(&state.pool, previous, &account.id, 1, AuthenticationMethod::CounterPassword).await {
        Ok(token) => token,
        Err(error) => return internal_failure("start_session", error),
    };
    if let Err(response) = audit(
        &state,
        AuditEvent::new(&account.id, "login", &account.id)
            .with_details(serde_json::json!({ "method": "counter_password", "level": 1, "address": address.to_string() })),
    )
    .await
    {
        return response;
    }
    redirect_setting_cookie(&return_path, &session_cookie(&token, over_tls))
}

/// Checks a TOTP code for an account and consumes its time step.
async fn check_totp(state: &AppState, account: &AccountRecord, code: &TotpCode) -> anyhow::Result<bool> {
    let Some(secret) = account.totp_secret.as_deref() else {
        return Ok(false);
    };
    let Some(step) = accept_totp_code(secret, code.as_str(), account.totp_last_step, state.config.clock.now_unix_seconds() as u64) else {
        return Ok(false);
    };
    consume_totp_step(&state.pool, &account.id, step).await
}

async fn answer_second_factor(
    state: &AppState,
    parts: Parts,
    form: Form,
    account_id: &str,
    address: std::net::IpAddr,
    step_up: Option<AuthenticationMethod>,
) -> Response {
    let locale = locale_of(&parts);
    let code = match TotpCode::parse(&field(&form, "codice")) {
        Ok(code) => code,
        Err(error) => return answer_with_errors(state, parts, form, vec![("codice".into(), totp_code_error_message(error, locale))]).await,
    };
    let account_key = format!("totp:{account_id}");
    let address_key = throttle::address_key(&address);
    match locked(state, &[account_key.clone(), address_key.clone()]).await {
        Ok(Some(seconds)) => return answer_locked(state, parts, form, "codice", Text::LoginLocked, seconds).await,
        Ok(None) => {}
        Err(error) => return internal_failure("throttle", error),
    }
    let account = match find_account_by_id(&state.pool, account_id).await {
        Ok(Some(account)) => account,
        Ok(None) => return redirect_to("/accedi"),
        Err(error) => return internal_failure("find_account", error),
    };
    match check_totp(state, &account, &code).await {
        Ok(true) => {}
        Ok(false) => {
            if let Err(error) = record_failures(state, &account_key, &address_key).await {
                return internal_failure("record_failure", error);
            }
            if let Err(response) = audit(
                state,
                AuditEvent::new("anonymous", "login_failed", &account.id).with_details(serde_json::json!({ "method": "totp", "address": address.to_string() })),
            )
            .await
            {
                return response;
            }
            return answer_with_errors(state, parts, form, vec![("codice".into(), Text::TotpCodeWrong.in_locale(locale).into())]).await;
        }
        Err(error) => return internal_failure("check_totp", error),
    }
    let _ = throttle::clear(&state.pool, &account_key).await;
    let Some(session) = parts.extensions.get::<SessionTokenHash>() else {
        return redirect_to("/accedi");
    };
    // The method records how the level was really reached: a SPID level-1
    // session raised with the app is not the counter password and the app.
    let method = step_up.map(AuthenticationMethod::stepped_up_with_totp).unwrap_or(AuthenticationMethod::CounterPasswordAndTotp);
    let token = match raise_session_level(&state.pool, session, AuthenticationLevel::Level2, method).await {
        Ok(token) => token,
        Err(error) => return internal_failure("raise_session_level", error),
    };
    let action = if step_up.is_some() { "step_up" } else { "login" };
    if let Err(response) = audit(
        state,
        AuditEvent::new(&account.id, action, &account.id)
            .with_details(serde_json::json!({ "method": method.code(), "level": 2, "address": address.to_string() })),
    )
    .await
    {
        return response;
    }
    redirect_setting_cookie(&return_path_of(&form), &session_cookie(&token, state.config.served_over_tls()))
}

/// POST /accedi/codice — the TOTP code after the password.
pub async fn log_in_second_factor(State(state): State<AppState>, ClientAddress(address): ClientAddress, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let Some(pending) = parts.extensions.get::<PendingSecondFactor>().cloned() else {
        return redirect_to("/accedi/credenziali");
    };
    answer_second_factor(&state, parts, form, &pending.account_id, address, None).await
}

/// POST /accedi/livello-2 — a level-1 session steps up with its TOTP code.
pub async fn step_up_with_totp(State(state): State<AppState>, ClientAddress(address): ClientAddress, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let Some(user) = parts.extensions.get::<CurrentUser>().cloned() else {
        return redirect_to("/accedi");
    };
    answer_second_factor(&state, parts, form, &user.account_id, address, Some(user.method)).await
}

/// POST /attiva — the activation letter's code and a new password.
pub async fn activate_counter_credentials(State(state): State<AppState>, ClientAddress(address): ClientAddress, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let locale = locale_of(&parts);
    let mut errors = FieldErrors::new();
    let fiscal_code = parse_fiscal_code_field(&form, "codice_fiscale", locale, &mut errors);
    let code = ActivationCode::parse(&field(&form, "codice_attivazione"))
        .map_err(|error| errors.push(("codice_attivazione".into(), activation_code_error_message(error, locale))))
        .ok();
    let password =
        NewPassword::parse(&field(&form, "password"), &field(&form, "conferma_password"), fiscal_code.as_ref().map(FiscalCode::as_str).unwrap_or_default())
            .map_err(|error| {
                let name = if error == NewPasswordError::ConfirmationDiffers { "conferma_password" } else { "password" };
                errors.push((name.into(), new_password_error_message(error, locale)))
            })
            .ok();
    let (Some(fiscal_code), Some(code), Some(password), true) = (fiscal_code, code, password, errors.is_empty()) else {
        return answer_with_errors(&state, parts, form, errors).await;
    };
    let account_key = format!("activation:{}", throttle::account_key(fiscal_code.as_str()));
    let address_key = throttle::address_key(&address);
    match locked(&state, &[account_key.clone(), address_key.clone()]).await {
        Ok(Some(seconds)) => return answer_locked(&state, parts, form, "codice_attivazione", Text::LoginLocked, seconds).await,
        Ok(None) => {}
        Err(error) => return internal_failure("throttle", error),
    }
    let account = match find_account_by_fiscal_code(&state.pool, &fiscal_code).await {
        Ok(account) => account,
        Err(error) => return internal_failure("find_account", error),
    };
    let matching = account.filter(|account| {
        let digest = activation_code_digest(&account.id, code.as_str());
        account.activation_code_hash.as_deref().is_some_and(|stored| constant_time_equal(stored, &digest))
            && account.activation_expires_at.is_some_and(|expires| expires > now_unix_seconds())
    });
    let Some(account) = matching else {
        if let Err(error) = record_failures(&state, &account_key, &address_key).await {
            return internal_failure("record_failure", error);
        }
        return answer_with_errors(&state, parts, form, vec![("codice_attivazione".into(), Text::ActivationFailed.in_locale(locale).into())]).await;
    };
    let password_hash = match super::passwords::hash_password(password.expose().to_string()).await {
        Ok(hash) => hash,
        Err(error) => return internal_failure("hash_password", error),
    };
    let digest = activation_code_digest(&account.id, code.as_str());
    match activate_with_password(&state.pool, &account.id, &digest, &password_hash).await {
        Ok(true) => {}
        Ok(false) => {
            return answer_with_errors(&state, parts, form, vec![("codice_attivazione".into(), Text::ActivationFailed.in_locale(locale).into())]).await
        }
        Err(error) => return internal_failure("activate", error),
    }
    let _ = throttle::clear(&state.pool, &account_key).await;
    // Existing sessions were opened with the old credentials: end them.
    if let Err(error) = end_every_session_of(&state.pool, &account.id).await {
        return internal_failure("end_sessions", error);
    }
    let previous = parts.extensions.get::<SessionTokenHash>();
    let token = match start_session(&state.pool, previous, &account.id, 1, AuthenticationMethod::CounterPassword).await {
        Ok(token) => token,
        Err(error) => return internal_failure("start_session", error),
    };
    if let Err(response) =
        audit(&state, AuditEvent::new(&account.id, "credentials_activated", &account.id).with_details(serde_json::json!({ "address": address.to_string() })))
            .await
    {
        return response;
    }
    redirect_setting_cookie("/area-personale/sicurezza", &session_cookie(&token, state.config.served_over_tls()))
}

/// POST /esci
pub async fn log_out(State(state): State<AppState>, request: Request) -> Response {
    let over_tls = state.config.served_over_tls();
    let mut next = "/accedi?uscito=1".to_string();
    if let Some(session) = request.extensions().get::<SessionTokenHash>() {
        // A SPID session: the provider's session ends too (single logout).
        match spid_single_logout_location(&state, session).await {
            Ok(Some(location)) => next = location,
            Ok(None) => {}
            Err(error) => tracing::warn!(error = format!("{error:#}"), "SPID single logout not started"),
        }
        if let Err(error) = end_session(&state.pool, session).await {
            return internal_failure("end_session", error);
        }
    }
    if let Some(user) = request.extensions().get::<CurrentUser>() {
        if let Err(response) = audit(&state, AuditEvent::new(&user.account_id, "logout", &user.account_id)).await {
            return response;
        }
    }
    redirect_setting_cookie(&next, &expired_session_cookie(over_tls))
}

async fn spid_single_logout_location(state: &AppState, session: &SessionTokenHash) -> anyhow::Result<Option<String>> {
    let Some(spid) = state.spid.as_ref() else { return Ok(None) };
    let Some((entity_id, provider_session)) = super::spid::logout::take_provider_session(&state.pool, &session.0).await? else {
        return Ok(None);
    };
    let Some(identity_provider) = spid.identity_provider_by_entity_id(&entity_id) else { return Ok(None) };
    super::spid::logout::start_single_logout(&state.pool, spid, identity_provider, &provider_session).await
}

/// POST /area-personale/esci-ovunque
pub async fn log_out_everywhere(State(state): State<AppState>, request: Request) -> Response {
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return redirect_to("/accedi");
    };
    let ended = match end_every_session_of(&state.pool, &user.account_id).await {
        Ok(ended) => ended,
        Err(error) => return internal_failure("end_sessions", error),
    };
    if let Err(response) =
        audit(&state, AuditEvent::new(&user.account_id, "logout_everywhere", &user.account_id).with_details(serde_json::json!({ "sessions_ended": ended })))
            .await
    {
        return response;
    }
    redirect_setting_cookie("/accedi?uscito=1", &expired_session_cookie(state.config.served_over_tls()))
}

/// POST /area-personale/recapiti — email and phone, both optional.
pub async fn update_own_contacts(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let Some(user) = parts.extensions.get::<CurrentUser>().cloned() else {
        return redirect_to("/accedi");
    };
    let locale = locale_of(&parts);
    let mut errors = FieldErrors::new();
    let (email, phone) = parse_optional_contacts(&form, locale, &mut errors);
    if !errors.is_empty() {
        return answer_with_errors(&state, parts, form, errors).await;
    }
    if let Err(error) = update_contacts(&state.pool, &user.account_id, email.as_ref().map(EmailAddress::as_str), phone.as_ref().map(PhoneNumber::as_str)).await
    {
        return internal_failure("update_contacts", error);
    }
    if let Err(response) = audit(&state, AuditEvent::new(&user.account_id, "contacts_updated", &user.account_id)).await {
        return response;
    }
    redirect_to("/area-personale?salvato=1")
}

/// The security page's address: enrolment posts that go wrong are answered
/// with it.
const SECURITY_PAGE: &str = "/area-personale/sicurezza";

/// The security page again, 403, saying why this person cannot set up an app.
async fn refuse_self_enrolment(state: &AppState, mut parts: Parts, form: Form, refusal: SelfEnrolmentRefusal) -> Response {
    parts.uri = axum::http::Uri::from_static(SECURITY_PAGE);
    let message = refusal.message().in_locale(locale_of(&parts)).to_string();
    let mut response = answer_with_errors(state, parts, form, vec![("codice".into(), message)]).await;
    *response.status_mut() = StatusCode::FORBIDDEN;
    response
}

/// The person's own account, if they may set up their own app.
async fn account_for_self_enrolment(state: &AppState, user: &CurrentUser) -> anyhow::Result<Result<AccountRecord, SelfEnrolmentRefusal>> {
    let account = find_account_by_id(&state.pool, &user.account_id).await?.context("the session's account is gone")?;
    Ok(self_enrolment_allowed(account.role, account.password_hash.is_some()).map(|()| account))
}

/// POST /area-personale/sicurezza/avvia — a new key for the authenticator
/// app, shown on the security page. Nothing changes until it is confirmed.
pub async fn start_totp_enrolment(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let (Some(user), Some(session)) = (parts.extensions.get::<CurrentUser>().cloned(), parts.extensions.get::<SessionTokenHash>().cloned()) else {
        return redirect_to("/accedi");
    };
    match account_for_self_enrolment(&state, &user).await {
        Ok(Ok(_)) => {}
        Ok(Err(refusal)) => return refuse_self_enrolment(&state, parts, form, refusal).await,
        Err(error) => return internal_failure("start_totp_enrolment", error),
    }
    let pending = PendingTotp { secret: generate_totp_secret(), for_account: None };
    if let Err(error) = set_pending_totp_secret(&state.pool, &session, Some(&pending)).await {
        return internal_failure("start_totp_enrolment", error);
    }
    redirect_to(SECURITY_PAGE)
}

/// POST /area-personale/sicurezza — confirms the new key with its first
/// code. Level 2 means two factors the person already had, so this request
/// must also carry the password typed again and, when an app is enrolled,
/// a code of that app. It never raises the session: the next login, or a
/// step-up with a later code, does.
pub async fn confirm_totp_enrolment(State(state): State<AppState>, ClientAddress(address): ClientAddress, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let locale = locale_of(&parts);
    let (Some(user), Some(session)) = (parts.extensions.get::<CurrentUser>().cloned(), parts.extensions.get::<SessionTokenHash>().cloned()) else {
        return redirect_to("/accedi");
    };
    let account = match account_for_self_enrolment(&state, &user).await {
        Ok(Ok(account)) => account,
        Ok(Err(refusal)) => return refuse_self_enrolment(&state, parts, form, refusal).await,
        Err(error) => return internal_failure("confirm_totp_enrolment", error),
    };
    let pending = match pending_totp_secret(&state.pool, &session).await {
        Ok(Some(pending)) if pending.for_account.is_none() => pending,
        Ok(_) => return redirect_to(SECURITY_PAGE),
        Err(error) => return internal_failure("pending_totp_secret", error),
    };
    let mut errors = FieldErrors::new();
    let new_code = TotpCode::parse(&field(&form, "codice")).map_err(|error| errors.push(("codice".into(), totp_code_error_message(error, locale)))).ok();
    let password = field(&form, "password");
    if password.is_empty() {
        errors.push(("password".into(), Text::ReauthenticationPasswordRequired.in_locale(locale).into()));
    }
    let replacing = account.totp_secret.is_some();
    let current_code = if replacing {
        TotpCode::parse(&field(&form, "codice_attuale")).map_err(|error| errors.push(("codice_attuale".into(), totp_code_error_message(error, locale)))).ok()
    } else {
        None
    };
    let (Some(new_code), true) = (new_code, errors.is_empty()) else {
        return answer_with_errors(&state, parts, form, errors).await;
    };
    // Wrong passwords and codes here count like failed logins.
    let account_key = throttle::account_key(account.fiscal_code.as_str());
    let address_key = throttle::address_key(&address);
    match locked(&state, &[account_key.clone(), address_key.clone()]).await {
        Ok(Some(seconds)) => return answer_locked(&state, parts, form, "password", Text::LoginLocked, seconds).await,
        Ok(None) => {}
        Err(error) => return internal_failure("throttle", error),
    }
    let mut problems = FieldErrors::new();
    if !super::passwords::verify_password(account.password_hash.clone(), password).await {
        problems.push(("password".into(), Text::ReauthenticationPasswordWrong.in_locale(locale).into()));
    } else if let Some(current_code) = &current_code {
        match check_totp(&state, &account, current_code).await {
            Ok(true) => {}
            Ok(false) => problems.push(("codice_attuale".into(), Text::TotpCodeWrong.in_locale(locale).into())),
            Err(error) => return internal_failure("check_totp", error),
        }
    }
    if !problems.is_empty() {
        if let Err(error) = record_failures(&state, &account_key, &address_key).await {
            return internal_failure("record_failure", error);
        }
        let failed = AuditEvent::new(&account.id, "totp_enrolment_refused", &account.id)
            .with_details(serde_json::json!({ "reason": problems[0].0, "address": address.to_string() }));
        if let Err(response) = audit(&state, failed).await {
            return response;
        }
        return answer_with_errors(&state, parts, form, problems).await;
    }
    let Some(step) = accept_totp_code(&pending.secret, new_code.as_str(), 0, state.config.clock.now_unix_seconds() as u64) else {
        return answer_with_errors(&state, parts, form, vec![("codice".into(), Text::TotpCodeWrong.in_locale(locale).into())]).await;
    };
    if let Err(error) = set_totp_secret(&state.pool, &account.id, &pending.secret, step).await {
        return internal_failure("set_totp_secret", error);
    }
    if let Err(error) = set_pending_totp_secret(&state.pool, &session, None).await {
        return internal_failure("clear_pending_totp", error);
    }
    // Sessions elsewhere may have been opened with the old app: they end.
    let ended = match end_other_sessions_of(&state.pool, &account.id, &session).await {
        Ok(ended) => ended,
        Err(error) => return internal_failure("end_other_sessions", error),
    };
    let _ = throttle::clear(&state.pool, &account_key).await;
    let action = if replacing { "totp_replaced" } else { "totp_enrolled" };
    let event = AuditEvent::new(&account.id, action, &account.id).with_details(serde_json::json!({
        "session_method": user.method.code(),
        "session_level": user.level.number(),
        "other_sessions_ended": ended,
        "address": address.to_string(),
    }));
    if let Err(response) = audit(&state, event).await {
        return response;
    }
    redirect_to("/area-personale/sicurezza?attivata=1")
}

/// The clerk at the counter and the account in the form's `account` field,
/// if the clerk may reset it: clerks reset citizens; only an administrator
/// resets staff.
async fn account_at_the_counter(state: &AppState, parts: &Parts, form: &Form) -> Result<(CurrentUser, AccountRecord), Response> {
    let Some(clerk) = parts.extensions.get::<CurrentUser>().cloned() else {
        return Err(redirect_to("/accedi"));
    };
    let account = match find_account_by_id(&state.pool, &field(form, "account")).await {
        Ok(Some(account)) => account,
        Ok(None) => return Err(redirect_to("/operatore")),
        Err(error) => return Err(internal_failure("find_account", error)),
    };
    if account.role != Role::Citizen && clerk.role != Role::Administrator {
        return Err((StatusCode::FORBIDDEN, "Operazione riservata agli amministratori").into_response());
    }
    Ok((clerk, account))
}

/// POST /operatore/app-autenticazione/azzera — at the counter, after seeing
/// an identity document, a clerk turns off a citizen's lost authenticator
/// app (an administrator also a member of staff's). Every session of the
/// account ends; the owner enrols a new app with the password.
pub async fn reset_authenticator_at_the_counter(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let (clerk, account) = match account_at_the_counter(&state, &parts, &form).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let cleared = async {
        let cleared = clear_totp_secret(&state.pool, &account.id).await?;
        end_every_session_of(&state.pool, &account.id).await?;
        anyhow::Ok(cleared)
    }
    .await;
    match cleared {
        Ok(true) => {}
        Ok(false) => return see_other(&citizen_record_path(&account)),
        Err(error) => return internal_failure("reset_authenticator", error),
    }
    if let Err(response) = audit(&state, AuditEvent::new(&clerk.account_id, "totp_reset_at_counter", &account.id)).await {
        return response;
    }
    see_other(&format!("{}&app_disattivata=1", citizen_record_path(&account)))
}

fn citizen_record_path(account: &AccountRecord) -> String {
    format!("/operatore/cittadino?cerca_codice_fiscale={}", account.fiscal_code.as_str())
}

/// POST /amministrazione/app-autenticazione/avvia — an administrator, with
/// the member of staff in front of them, shows a new key for that person's
/// app. Staff never enrol their own app.
pub async fn start_staff_totp_enrolment(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let (Some(_administrator), Some(session)) = (parts.extensions.get::<CurrentUser>().cloned(), parts.extensions.get::<SessionTokenHash>().cloned()) else {
        return redirect_to("/accedi");
    };
    let account = match find_account_by_id(&state.pool, &field(&form, "account")).await {
        Ok(Some(account)) if account.role.works_for_the_municipality() => account,
        Ok(_) => return redirect_to("/amministrazione"),
        Err(error) => return internal_failure("find_account", error),
    };
    let pending = PendingTotp { secret: generate_totp_secret(), for_account: Some(account.id) };
    if let Err(error) = set_pending_totp_secret(&state.pool, &session, Some(&pending)).await {
        return internal_failure("start_staff_totp_enrolment", error);
    }
    redirect_to("/amministrazione/app-autenticazione")
}

/// POST /amministrazione/app-autenticazione — the first code of the member
/// of staff's new app, typed by the administrator; the member's sessions end.
pub async fn confirm_staff_totp_enrolment(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let locale = locale_of(&parts);
    let (Some(administrator), Some(session)) = (parts.extensions.get::<CurrentUser>().cloned(), parts.extensions.get::<SessionTokenHash>().cloned()) else {
        return redirect_to("/accedi");
    };
    let (secret, staff_id) = match pending_totp_secret(&state.pool, &session).await {
        Ok(Some(PendingTotp { secret, for_account: Some(account) })) => (secret, account),
        Ok(_) => return redirect_to("/amministrazione"),
        Err(error) => return internal_failure("pending_totp_secret", error),
    };
    let code = match TotpCode::parse(&field(&form, "codice")) {
        Ok(code) => code,
        Err(error) => return answer_with_errors(&state, parts, form, vec![("codice".into(), totp_code_error_message(error, locale))]).await,
    };
    let Some(step) = accept_totp_code(&secret, code.as_str(), 0, state.config.clock.now_unix_seconds() as u64) else {
        return answer_with_errors(&state, parts, form, vec![("codice".into(), Text::TotpCodeWrong.in_locale(locale).into())]).await;
    };
    let enrolled = async {
        set_totp_secret(&state.pool, &staff_id, &secret, step).await?;
        set_pending_totp_secret(&state.pool, &session, None).await?;
        end_every_session_of(&state.pool, &staff_id).await
    }
    .await;
    if let Err(error) = enrolled {
        return internal_failure("confirm_staff_totp_enrolment", error);
    }
    if let Err(response) = audit(&state, AuditEvent::new(&administrator.account_id, "totp_enrolled_by_administrator", &staff_id)).await {
        return response;
    }
    redirect_to("/amministrazione?app_configurata=1")
}

/// GET /area-personale/esporta.json — everything the portal keeps about the
/// person asking (GDPR articles 15 and 20). Only ever one's own data: the
/// account comes from the session, never from the request.
pub async fn export_own_data(State(state): State<AppState>, request: Request) -> Response {
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return redirect_to("/accedi");
    };
    let account = match find_account_by_id(&state.pool, &user.account_id).await {
        Ok(Some(account)) => account,
        Ok(None) => return redirect_to("/accedi"),
        Err(error) => return internal_failure("export", error),
    };
    let sessions = match sessions_of(&state.pool, &user.account_id).await {
        Ok(sessions) => sessions,
        Err(error) => return internal_failure("export", error),
    };
    let events = match audit_entries_about(&state.pool, &user.account_id).await {
        Ok(events) => events,
        Err(error) => return internal_failure("export", error),
    };
    let messages = match crate::mail::outbox::messages_of_account(&state.pool, &user.account_id).await {
        Ok(messages) => messages,
        Err(error) => return internal_failure("export", error),
    };
    if let Err(response) = audit(&state, AuditEvent::new(&user.account_id, "data_exported", &user.account_id)).await {
        return response;
    }
    let export = serde_json::json!({
        "controller": "Comune di Rho, Piazza Visconti 23, 20017 Rho (MI)",
        "generated_at": now_unix_seconds(),
        "account": {
            "fiscal_code": account.fiscal_code.as_str(),
            "given_name": account.given_name,
            "family_name": account.family_name,
            "email": account.email,
            "email_verified_at": account.email_verified_at,
            "phone": account.phone,
            "role": account.role.code(),
            "identity_source": account.identity_source,
            "counter_credentials_active": account.password_hash.is_some(),
            "authenticator_app_enrolled": account.totp_secret.is_some(),
            "created_at": account.created_at,
            "updated_at": account.updated_at,
        },
        "open_sessions": sessions,
        "messages_sent": messages.iter().map(|message| serde_json::json!({
            "to": message.recipient,
            "subject": message.subject,
            "queued_at": message.created_at,
            "delivered_at": message.sent_at,
        })).collect::<Vec<_>>(),
        "access_log": events.iter().map(|entry| serde_json::json!({
            "at": entry.recorded_at,
            "action": entry.action,
            "by_self": entry.actor == user.account_id,
            "details": serde_json::from_str::<serde_json::Value>(&entry.details).unwrap_or_default(),
        })).collect::<Vec<_>>(),
    });
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"dati-personali.json\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string_pretty(&export).unwrap_or_default(),
    )
        .into_response()
}

/// A new activation code for an account, stored hashed; shown once.
async fn issue_activation_code(state: &AppState, account_id: &str) -> anyhow::Result<ActivationCode> {
    let code = ActivationCode::from_random_bytes(random_bytes::<12>());
    set_activation_code(&state.pool, account_id, code.as_str()).await?;
    Ok(code)
}

async fn show_issued_code(state: &AppState, parts: Parts, account: &AccountRecord, code: &ActivationCode) -> Response {
    let issued = IssuedActivationCode {
        account_id: account.id.clone(),
        full_name: format!("{} {} ({})", account.given_name, account.family_name, account.fiscal_code),
        printable_code: code.printable(),
    };
    render_issued_code(state, parts, "/operatore", issued).await
}

/// The staff page at `page_path` with the code just issued: shown once, never cached.
async fn render_issued_code(state: &AppState, mut parts: Parts, page_path: &'static str, issued: IssuedActivationCode) -> Response {
    parts.uri = axum::http::Uri::from_static(page_path);
    let mut response = render_page_for_post(state, parts, SubmittedForm::default(), move || provide_context(issued.clone()), StatusCode::OK).await;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// POST /operatore/cittadini — a clerk registers a citizen after checking
/// their identity in person, and gets the activation code.
pub async fn register_citizen_at_the_counter(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let Some(clerk) = parts.extensions.get::<CurrentUser>().cloned() else {
        return redirect_to("/accedi");
    };
    let locale = locale_of(&parts);
    let mut errors = FieldErrors::new();
    let fiscal_code = parse_fiscal_code_field(&form, "codice_fiscale", locale, &mut errors);
    let given_name = parse_name_field(&form, "nome", locale, &mut errors);
    let family_name = parse_name_field(&form, "cognome", locale, &mut errors);
    let (email, phone) = parse_optional_contacts(&form, locale, &mut errors);
    let (Some(fiscal_code), Some(given_name), Some(family_name), true) = (fiscal_code, given_name, family_name, errors.is_empty()) else {
        return answer_with_errors(&state, parts, form, errors).await;
    };
    let new_account = NewAccount {
        fiscal_code: &fiscal_code,
        given_name: &given_name,
        family_name: &family_name,
        email: email.as_ref().map(EmailAddress::as_str),
        phone: phone.as_ref().map(PhoneNumber::as_str),
        role: Role::Citizen,
        identity_source: "counter",
    };
    let account_id = match insert_account(&state.pool, &new_account).await {
        Ok(Some(id)) => id,
        Ok(None) => {
            return answer_with_errors(&state, parts, form, vec![("codice_fiscale".into(), Text::ClerkAlreadyRegistered.in_locale(locale).into())]).await
        }
        Err(error) => return internal_failure("insert_account", error),
    };
    let code = match issue_activation_code(&state, &account_id).await {
        Ok(code) => code,
        Err(error) => return internal_failure("issue_activation_code", error),
    };
    if let Err(response) = audit(&state, AuditEvent::new(&clerk.account_id, "citizen_registered", &account_id)).await {
        return response;
    }
    let account = match find_account_by_id(&state.pool, &account_id).await {
        Ok(Some(account)) => account,
        Ok(None) => return internal_failure("find_account", anyhow::anyhow!("account vanished after insert")),
        Err(error) => return internal_failure("find_account", error),
    };
    show_issued_code(&state, parts, &account, &code).await
}

/// POST /operatore/codice-attivazione — a new code (lost letter, forgotten
/// password: the reset through the counter). The previous code stops working.
pub async fn reissue_activation_code(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let (clerk, account) = match account_at_the_counter(&state, &parts, &form).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let code = match issue_activation_code(&state, &account.id).await {
        Ok(code) => code,
        Err(error) => return internal_failure("issue_activation_code", error),
    };
    if let Err(response) = audit(&state, AuditEvent::new(&clerk.account_id, "activation_code_issued", &account.id)).await {
        return response;
    }
    show_issued_code(&state, parts, &account, &code).await
}

/// POST /operatore/lettera-attivazione — the letter as PDF, for a code just
/// issued (the code must still be the pending one).
pub async fn download_activation_letter(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let Some(clerk) = parts.extensions.get::<CurrentUser>().cloned() else {
        return redirect_to("/accedi");
    };
    let Ok(code) = ActivationCode::parse(&field(&form, "codice")) else {
        return redirect_to("/operatore");
    };
    let account = match find_account_by_id(&state.pool, &field(&form, "account")).await {
        Ok(Some(account)) => account,
        Ok(None) => return redirect_to("/operatore"),
        Err(error) => return internal_failure("find_account", error),
    };
    let digest = activation_code_digest(&account.id, code.as_str());
    if !account.activation_code_hash.as_deref().is_some_and(|stored| constant_time_equal(stored, &digest)) {
        return redirect_to("/operatore");
    }
    if let Err(response) = audit(&state, AuditEvent::new(&clerk.account_id, "activation_letter_printed", &account.id)).await {
        return response;
    }
    let valid_until = account
        .activation_expires_at
        .and_then(|seconds| time::OffsetDateTime::from_unix_timestamp(seconds).ok())
        .map(|instant| app::i18n::format_date_long(&instant.date().to_string(), Locale::Italian))
        .unwrap_or_default();
    let pdf = super::letters::render_activation_letter(
        &account.full_name(),
        account.fiscal_code.as_str(),
        &code.printable(),
        state.config.public_url.trim_end_matches('/'),
        &valid_until,
    );
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/pdf")
        .header(header::CONTENT_DISPOSITION, "attachment; filename=\"lettera-attivazione.pdf\"")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(pdf))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// POST /amministrazione — an administrator adds a clerk (or makes a
/// registered citizen a clerk) and gets the activation code if needed.
pub async fn add_clerk(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let Some(administrator) = parts.extensions.get::<CurrentUser>().cloned() else {
        return redirect_to("/accedi");
    };
    let locale = locale_of(&parts);
    let mut errors = FieldErrors::new();
    let fiscal_code = parse_fiscal_code_field(&form, "codice_fiscale", locale, &mut errors);
    let given_name = parse_name_field(&form, "nome", locale, &mut errors);
    let family_name = parse_name_field(&form, "cognome", locale, &mut errors);
    let office = parse_office_code(&field(&form, "ufficio"));
    if office.is_none() {
        errors.push(("ufficio".into(), Text::OfficeCodeInvalid.in_locale(locale).into()));
    }
    let (Some(fiscal_code), Some(given_name), Some(family_name), Some(office), true) = (fiscal_code, given_name, family_name, office, errors.is_empty()) else {
        return answer_with_errors(&state, parts, form, errors).await;
    };
    let (account_id, needs_code) = match create_or_promote_staff(&state.pool, &fiscal_code, &given_name, &family_name, Role::Clerk, Some(&office)).await {
        Ok(created) => created,
        Err(error) => return internal_failure("create_staff", error),
    };
    if let Err(response) =
        audit(&state, AuditEvent::new(&administrator.account_id, "staff_added", &account_id).with_details(serde_json::json!({ "office": office }))).await
    {
        return response;
    }
    if !needs_code {
        return see_other("/amministrazione");
    }
    let code = match issue_activation_code(&state, &account_id).await {
        Ok(code) => code,
        Err(error) => return internal_failure("issue_activation_code", error),
    };
    let issued = IssuedActivationCode { account_id, full_name: format!("{given_name} {family_name} ({fiscal_code})"), printable_code: code.printable() };
    render_issued_code(&state, parts, "/amministrazione", issued).await
}

/// POST /amministrazione/revoca — a clerk goes back to being a citizen; their
/// sessions end at once.
pub async fn revoke_staff(State(state): State<AppState>, request: Request) -> Response {
    let (parts, form) = read_form(request).await;
    let Some(administrator) = parts.extensions.get::<CurrentUser>().cloned() else {
        return redirect_to("/accedi");
    };
    let account = match find_account_by_id(&state.pool, &field(&form, "account")).await {
        Ok(Some(account)) if account.role == Role::Clerk => account,
        Ok(_) => return redirect_to("/amministrazione"),
        Err(error) => return internal_failure("find_account", error),
    };
    let revoked = async {
        set_role(&state.pool, &account.id, Role::Citizen).await?;
        remove_clerk_offices(&state.pool, &account.id).await?;
        end_every_session_of(&state.pool, &account.id).await
    }
    .await;
    if let Err(error) = revoked {
        return internal_failure("revoke_staff", error);
    }
    if let Err(response) = audit(&state, AuditEvent::new(&administrator.account_id, "staff_revoked", &account.id)).await {
        return response;
    }
    redirect_to("/amministrazione?revocato=1")
}
