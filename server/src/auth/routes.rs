//! The form handlers of login, activation, the personal area and the staff
//! area. Each answers a mistake with its page again (422, values kept), and
//! success with a redirect (303) so a refresh never posts twice.

use super::accounts::*;
use super::audit::{append_audit_event, AuditEvent};
use super::sessions::redirect_to as see_other;
use super::sessions::{
    end_every_session_of, end_other_sessions_of, end_session, expired_session_cookie, pending_totp_secret, raise_session_level, redirect_to, session_cookie,
    set_pending_totp_secret, start_session, PendingSecondFactor, PendingTotp,
};
use super::throttle::{self, throttled, PER_ACCOUNT, PER_ADDRESS};
use super::tokens::{constant_time_equal, now_unix_seconds, random_bytes};
use super::totp::{accept_totp_code, generate_totp_secret};
use crate::http::client_address::ClientAddress;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Administrator, Form, Level2, Session, SignedIn, Staff, UserLocale};
use crate::http::form_pages::page_with_context;
use crate::AppState;
use anyhow::Context;
use app::auth::fiscal_code::FiscalCode;
use app::auth::forms::*;
use app::auth::messages::*;
use app::auth::model::*;
use app::auth::pages::IssuedActivationCode;
use app::i18n::{Locale, Text};
use app::routes::SECURITY_PATH;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use leptos::prelude::provide_context;
use std::collections::BTreeMap;

pub(crate) type FieldErrors = Vec<(String, String)>;

/// Where a login goes once done: the page it started from, if it is ours.
fn return_path_of(typed: &str) -> String {
    safe_return_path(typed).unwrap_or_else(|| "/area-personale".to_string())
}

pub(crate) fn redirect_setting_cookie(location: &str, cookie: &str) -> Response {
    let mut response = redirect_to(location);
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The answer to a logout: the session cookie expired, and the browser told
/// to drop what it keeps of this site (the service worker's pages, the
/// wizard's steps saved offline), so that nothing of the person stays
/// readable on a shared device.
fn logged_out_redirect(location: &str, over_tls: bool) -> Response {
    let mut response = redirect_setting_cookie(location, &expired_session_cookie(over_tls));
    response.headers_mut().insert(header::HeaderName::from_static("clear-site-data"), HeaderValue::from_static("\"cache\", \"storage\""));
    response
}

pub(crate) async fn audit(state: &AppState, event: AuditEvent) -> Result<(), AppError> {
    append_audit_event(&state.pool, &event).await.map(|_| ()).or_internal("audit")
}

/// The fiscal code typed into `FISCAL_CODE_FIELD`, or its problem.
pub(crate) fn parse_fiscal_code(typed: &str, locale: Locale, errors: &mut FieldErrors) -> Option<FiscalCode> {
    FiscalCode::parse(typed).map_err(|error| errors.push((FISCAL_CODE_FIELD.to_string(), fiscal_code_error_message(error, locale)))).ok()
}

fn parse_name(typed: &str, field: &str, locale: Locale, errors: &mut FieldErrors) -> Option<String> {
    let parsed = parse_person_name(typed);
    if parsed.is_none() {
        errors.push((field.to_string(), Text::NameInvalid.in_locale(locale).into()));
    }
    parsed
}

/// Email and phone, both optional: empty is `None`, anything else must parse.
fn parse_optional_contacts(email: &str, phone: &str, locale: Locale, errors: &mut FieldErrors) -> (Option<EmailAddress>, Option<PhoneNumber>) {
    let email = if email.trim().is_empty() {
        None
    } else {
        EmailAddress::parse(email).map_err(|_| errors.push((EMAIL_FIELD.into(), Text::EmailInvalid.in_locale(locale).into()))).ok()
    };
    let phone = if phone.trim().is_empty() {
        None
    } else {
        PhoneNumber::parse(phone).map_err(|_| errors.push((PHONE_FIELD.into(), Text::PhoneInvalid.in_locale(locale).into()))).ok()
    };
    (email, phone)
}

/// The new password and its confirmation, or the problem on the field it concerns.
pub(crate) fn parse_new_password(password: &str, confirmation: &str, fiscal_code: &str, locale: Locale, errors: &mut FieldErrors) -> Option<NewPassword> {
    NewPassword::parse(password, confirmation, fiscal_code)
        .map_err(|error| {
            let field = if error == NewPasswordError::ConfirmationDiffers { PASSWORD_CONFIRMATION_FIELD } else { PASSWORD_FIELD };
            errors.push((field.into(), new_password_error_message(error, locale)))
        })
        .ok()
}

pub(crate) async fn locked(state: &AppState, keys: &[String]) -> Result<Option<i64>, AppError> {
    let mut longest = None;
    for key in keys {
        if let Some(seconds) = throttle::locked_for_seconds(&state.pool, key).await.or_internal("throttle")? {
            longest = Some(longest.unwrap_or(0).max(seconds));
        }
    }
    Ok(longest)
}

async fn record_failures(state: &AppState, account_key: &str, address_key: &str) -> Result<(), AppError> {
    throttle::record_failure(&state.pool, account_key, PER_ACCOUNT).await.or_internal("record_failure")?;
    throttle::record_failure(&state.pool, address_key, PER_ADDRESS).await.or_internal("record_failure")
}

/// POST /accedi/credenziali — fiscal code and password.
#[tracing::instrument(skip_all)]
pub async fn log_in_with_counter_credentials(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    UserLocale(locale): UserLocale,
    previous: Option<Extension<SessionTokenHash>>,
    form: Form<CounterLoginForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let fiscal_code = parse_fiscal_code(&form.fields.fiscal_code, locale, &mut errors);
    let password = form.fields.password.clone();
    if password.is_empty() {
        errors.push((PASSWORD_FIELD.into(), Text::PasswordRequired.in_locale(locale).into()));
    }
    let (Some(fiscal_code), true) = (fiscal_code, errors.is_empty()) else {
        return Err(form.with_problems(errors));
    };
    let account_key = throttle::account_key(fiscal_code.as_str());
    let address_key = throttle::address_key(&address);
    if let Some(seconds) = locked(&state, &[account_key.clone(), address_key.clone()]).await? {
        return Err(throttled(&form.typed, FISCAL_CODE_FIELD, Text::LoginLocked, seconds, locale));
    }
    let account = find_account_by_fiscal_code(&state.pool, &fiscal_code).await.or_internal("find_account")?;
    let subject = account.as_ref().map(|account| account.id.clone()).unwrap_or_else(|| "unknown".to_string());
    let stored_hash = account.as_ref().and_then(|account| account.password_hash.clone());
    let password_correct = super::passwords::verify_password(stored_hash.clone(), password).await && stored_hash.is_some();
    let Some(account) = account.filter(|_| password_correct) else {
        record_failures(&state, &account_key, &address_key).await?;
        let details = serde_json::json!({ "method": "counter_password", "address": address.to_string() });
        audit(&state, AuditEvent::new("anonymous", "login_failed", subject).with_details(details)).await?;
        return Err(form.with_problems(vec![(FISCAL_CODE_FIELD.into(), Text::LoginFailed.in_locale(locale).into())]));
    };
    throttle::clear(&state.pool, &account_key).await.or_internal("clear_throttle")?;
    let over_tls = state.config.served_over_tls();
    let previous = previous.map(|Extension(session)| session);
    let return_path = return_path_of(&form.fields.return_to);
    if account.totp_secret.is_some() {
        // Level 0: the password is right, the second factor is still due.
        let token =
            start_session(&state.pool, previous.as_ref(), &account.id, 0, AuthenticationMethod::CounterPasswordAndTotp).await.or_internal("start_session")?;
        let next = format!("/accedi/codice?{RETURN_FIELD}={}", form_urlencoded::byte_serialize(return_path.as_bytes()).collect::<String>());
        return Ok(redirect_setting_cookie(&next, &session_cookie(&token, over_tls)));
    }
    let token = start_session(&state.pool, previous.as_ref(), &account.id, 1, AuthenticationMethod::CounterPassword).await.or_internal("start_session")?;
    let details = serde_json::json!({ "method": "counter_password", "level": 1, "address": address.to_string() });
    audit(&state, AuditEvent::new(&account.id, "login", &account.id).with_details(details)).await?;
    Ok(redirect_setting_cookie(&return_path, &session_cookie(&token, over_tls)))
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
    locale: Locale,
    form: &Form<TotpForm>,
    account_id: &str,
    address: std::net::IpAddr,
    session: Option<&SessionTokenHash>,
    step_up: Option<AuthenticationMethod>,
) -> Result<Response, AppError> {
    let code =
        TotpCode::parse(&form.fields.code).map_err(|error| form.with_problems(vec![(TOTP_CODE_FIELD.into(), totp_code_error_message(error, locale))]))?;
    let account_key = format!("totp:{account_id}");
    let address_key = throttle::address_key(&address);
    if let Some(seconds) = locked(state, &[account_key.clone(), address_key.clone()]).await? {
        return Err(throttled(&form.typed, TOTP_CODE_FIELD, Text::LoginLocked, seconds, locale));
    }
    let Some(account) = find_account_by_id(&state.pool, account_id).await.or_internal("find_account")? else {
        return Ok(redirect_to("/accedi"));
    };
    if !check_totp(state, &account, &code).await.or_internal("check_totp")? {
        record_failures(state, &account_key, &address_key).await?;
        let details = serde_json::json!({ "method": "totp", "address": address.to_string() });
        audit(state, AuditEvent::new("anonymous", "login_failed", &account.id).with_details(details)).await?;
        return Err(form.with_problems(vec![(TOTP_CODE_FIELD.into(), Text::TotpCodeWrong.in_locale(locale).into())]));
    }
    throttle::clear(&state.pool, &account_key).await.or_internal("clear_throttle")?;
    let Some(session) = session else {
        return Ok(redirect_to("/accedi"));
    };
    // The method records how the level was really reached: a SPID level-1
    // session raised with the app is not the counter password and the app.
    let method = step_up.map(AuthenticationMethod::stepped_up_with_totp).unwrap_or(AuthenticationMethod::CounterPasswordAndTotp);
    let token = raise_session_level(&state.pool, session, AuthenticationLevel::Level2, method).await.or_internal("raise_session_level")?;
    let action = if step_up.is_some() { "step_up" } else { "login" };
    let details = serde_json::json!({ "method": method.code(), "level": 2, "address": address.to_string() });
    audit(state, AuditEvent::new(&account.id, action, &account.id).with_details(details)).await?;
    Ok(redirect_setting_cookie(&return_path_of(&form.fields.return_to), &session_cookie(&token, state.config.served_over_tls())))
}

/// POST /accedi/codice — the TOTP code after the password.
#[tracing::instrument(skip_all)]
pub async fn log_in_second_factor(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    UserLocale(locale): UserLocale,
    pending: Option<Extension<PendingSecondFactor>>,
    session: Option<Extension<SessionTokenHash>>,
    form: Form<TotpForm>,
) -> Result<Response, AppError> {
    let Some(Extension(pending)) = pending else {
        return Ok(redirect_to("/accedi/credenziali"));
    };
    let session = session.map(|Extension(session)| session);
    answer_second_factor(&state, locale, &form, &pending.account_id, address, session.as_ref(), None).await
}

/// POST /accedi/livello-2 — a level-1 session steps up with its TOTP code.
#[tracing::instrument(skip_all)]
pub async fn step_up_with_totp(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    UserLocale(locale): UserLocale,
    SignedIn(user): SignedIn,
    Session(session): Session,
    form: Form<TotpForm>,
) -> Result<Response, AppError> {
    answer_second_factor(&state, locale, &form, &user.account_id, address, Some(&session), Some(user.method)).await
}

/// POST /attiva — the activation letter's code and a new password.
#[tracing::instrument(skip_all)]
pub async fn activate_counter_credentials(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    UserLocale(locale): UserLocale,
    previous: Option<Extension<SessionTokenHash>>,
    form: Form<ActivationForm>,
) -> Result<Response, AppError> {
    let typed = &form.fields;
    let mut errors = FieldErrors::new();
    let fiscal_code = parse_fiscal_code(&typed.fiscal_code, locale, &mut errors);
    let code = ActivationCode::parse(&typed.activation_code)
        .map_err(|error| errors.push((ACTIVATION_CODE_FIELD.into(), activation_code_error_message(error, locale))))
        .ok();
    let owner = fiscal_code.as_ref().map(FiscalCode::as_str).unwrap_or_default();
    let password = parse_new_password(&typed.password, &typed.password_confirmation, owner, locale, &mut errors);
    let (Some(fiscal_code), Some(code), Some(password), true) = (fiscal_code, code, password, errors.is_empty()) else {
        return Err(form.with_problems(errors));
    };
    let refused = || form.with_problems(vec![(ACTIVATION_CODE_FIELD.into(), Text::ActivationFailed.in_locale(locale).into())]);
    let account_key = format!("activation:{}", throttle::account_key(fiscal_code.as_str()));
    let address_key = throttle::address_key(&address);
    if let Some(seconds) = locked(&state, &[account_key.clone(), address_key.clone()]).await? {
        return Err(throttled(&form.typed, ACTIVATION_CODE_FIELD, Text::LoginLocked, seconds, locale));
    }
    let account = find_account_by_fiscal_code(&state.pool, &fiscal_code).await.or_internal("find_account")?;
    let matching = account.filter(|account| {
        let digest = activation_code_digest(&account.id, code.as_str());
        account.activation_code_hash.as_deref().is_some_and(|stored| constant_time_equal(stored, &digest))
            && account.activation_expires_at.is_some_and(|expires| expires > now_unix_seconds())
    });
    let Some(account) = matching else {
        record_failures(&state, &account_key, &address_key).await?;
        return Err(refused());
    };
    let password_hash = super::passwords::hash_password(password.expose().to_string()).await.or_internal("hash_password")?;
    let digest = activation_code_digest(&account.id, code.as_str());
    if !activate_with_password(&state.pool, &account.id, &digest, &password_hash).await.or_internal("activate")? {
        return Err(refused());
    }
    throttle::clear(&state.pool, &account_key).await.or_internal("clear_throttle")?;
    // Existing sessions were opened with the old credentials: end them.
    end_every_session_of(&state.pool, &account.id).await.or_internal("end_sessions")?;
    let previous = previous.map(|Extension(session)| session);
    let token = start_session(&state.pool, previous.as_ref(), &account.id, 1, AuthenticationMethod::CounterPassword).await.or_internal("start_session")?;
    let details = serde_json::json!({ "address": address.to_string() });
    audit(&state, AuditEvent::new(&account.id, "credentials_activated", &account.id).with_details(details)).await?;
    Ok(redirect_setting_cookie(SECURITY_PATH, &session_cookie(&token, state.config.served_over_tls())))
}

/// POST /esci
#[tracing::instrument(skip_all)]
pub async fn log_out(
    State(state): State<AppState>,
    session: Option<Extension<SessionTokenHash>>,
    user: Option<Extension<CurrentUser>>,
) -> Result<Response, AppError> {
    let over_tls = state.config.served_over_tls();
    let mut next = "/accedi?uscito=1".to_string();
    if let Some(Extension(session)) = session {
        // A SPID session: the provider's session ends too (single logout).
        match spid_single_logout_location(&state, &session).await {
            Ok(Some(location)) => next = location,
            Ok(None) => {}
            Err(error) => tracing::warn!(error = format!("{error:#}"), "SPID single logout not started"),
        }
        end_session(&state.pool, &session).await.or_internal("end_session")?;
    }
    if let Some(Extension(user)) = user {
        audit(&state, AuditEvent::new(&user.account_id, "logout", &user.account_id)).await?;
    }
    Ok(logged_out_redirect(&next, over_tls))
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
#[tracing::instrument(skip_all)]
pub async fn log_out_everywhere(State(state): State<AppState>, SignedIn(user): SignedIn) -> Result<Response, AppError> {
    let ended = end_every_session_of(&state.pool, &user.account_id).await.or_internal("end_sessions")?;
    let details = serde_json::json!({ "sessions_ended": ended });
    audit(&state, AuditEvent::new(&user.account_id, "logout_everywhere", &user.account_id).with_details(details)).await?;
    Ok(logged_out_redirect("/accedi?uscito=1", state.config.served_over_tls()))
}

/// POST /area-personale — email and phone, both optional.
#[tracing::instrument(skip_all)]
pub async fn update_own_contacts(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    form: Form<ContactsForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let (email, phone) = parse_optional_contacts(&form.fields.email, &form.fields.phone, locale, &mut errors);
    if !errors.is_empty() {
        return Err(form.with_problems(errors));
    }
    update_contacts(&state.pool, &user.account_id, email.as_ref().map(EmailAddress::as_str), phone.as_ref().map(PhoneNumber::as_str))
        .await
        .or_internal("update_contacts")?;
    audit(&state, AuditEvent::new(&user.account_id, "contacts_updated", &user.account_id)).await?;
    Ok(redirect_to("/area-personale?salvato=1"))
}

/// The security page again, 403, saying why this person cannot set up an app.
fn refuse_self_enrolment(typed: &BTreeMap<String, String>, refusal: SelfEnrolmentRefusal, locale: Locale) -> AppError {
    let message = refusal.message().in_locale(locale).to_string();
    AppError::form(typed.clone(), vec![(TOTP_CODE_FIELD.into(), message)]).with_status(StatusCode::FORBIDDEN).on_page(SECURITY_PATH)
}

/// The person's own account, if they may set up their own app.
async fn account_for_self_enrolment(state: &AppState, user: &CurrentUser) -> anyhow::Result<Result<AccountRecord, SelfEnrolmentRefusal>> {
    let account = find_account_by_id(&state.pool, &user.account_id).await?.context("the session's account is gone")?;
    Ok(self_enrolment_allowed(account.role, account.password_hash.is_some()).map(|()| account))
}

/// POST /area-personale/sicurezza/avvia — a new key for the authenticator
/// app, shown on the security page. Nothing changes until it is confirmed.
#[tracing::instrument(skip_all)]
pub async fn start_totp_enrolment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Session(session): Session,
    UserLocale(locale): UserLocale,
) -> Result<Response, AppError> {
    account_for_self_enrolment(&state, &user)
        .await
        .or_internal("start_totp_enrolment")?
        .map_err(|refusal| refuse_self_enrolment(&BTreeMap::new(), refusal, locale))?;
    let pending = PendingTotp { secret: generate_totp_secret(), for_account: None };
    set_pending_totp_secret(&state.pool, &session, Some(&pending)).await.or_internal("start_totp_enrolment")?;
    Ok(redirect_to(SECURITY_PATH))
}

/// POST /area-personale/sicurezza — confirms the new key with its first
/// code. Level 2 means two factors the person already had, so this request
/// must also carry the password typed again and, when an app is enrolled,
/// a code of that app. It never raises the session: the next login, or a
/// step-up with a later code, does.
#[tracing::instrument(skip_all)]
pub async fn confirm_totp_enrolment(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    SignedIn(user): SignedIn,
    Session(session): Session,
    UserLocale(locale): UserLocale,
    form: Form<TotpEnrolmentForm>,
) -> Result<Response, AppError> {
    let account = account_for_self_enrolment(&state, &user)
        .await
        .or_internal("confirm_totp_enrolment")?
        .map_err(|refusal| refuse_self_enrolment(&form.typed, refusal, locale))?;
    let pending = match pending_totp_secret(&state.pool, &session).await.or_internal("pending_totp_secret")? {
        Some(pending) if pending.for_account.is_none() => pending,
        _ => return Ok(redirect_to(SECURITY_PATH)),
    };
    let typed = &form.fields;
    let mut errors = FieldErrors::new();
    let new_code = TotpCode::parse(&typed.new_code).map_err(|error| errors.push((TOTP_CODE_FIELD.into(), totp_code_error_message(error, locale)))).ok();
    if typed.password.is_empty() {
        errors.push((PASSWORD_FIELD.into(), Text::ReauthenticationPasswordRequired.in_locale(locale).into()));
    }
    let replacing = account.totp_secret.is_some();
    let current_code = if replacing {
        TotpCode::parse(&typed.current_code).map_err(|error| errors.push((CURRENT_TOTP_CODE_FIELD.into(), totp_code_error_message(error, locale)))).ok()
    } else {
        None
    };
    let (Some(new_code), true) = (new_code, errors.is_empty()) else {
        return Err(form.with_problems(errors));
    };
    // Wrong passwords and codes here count like failed logins.
    let account_key = throttle::account_key(account.fiscal_code.as_str());
    let address_key = throttle::address_key(&address);
    if let Some(seconds) = locked(&state, &[account_key.clone(), address_key.clone()]).await? {
        return Err(throttled(&form.typed, PASSWORD_FIELD, Text::LoginLocked, seconds, locale));
    }
    let mut problems = FieldErrors::new();
    if !super::passwords::verify_password(account.password_hash.clone(), typed.password.clone()).await {
        problems.push((PASSWORD_FIELD.into(), Text::ReauthenticationPasswordWrong.in_locale(locale).into()));
    } else if let Some(current_code) = &current_code {
        if !check_totp(&state, &account, current_code).await.or_internal("check_totp")? {
            problems.push((CURRENT_TOTP_CODE_FIELD.into(), Text::TotpCodeWrong.in_locale(locale).into()));
        }
    }
    if !problems.is_empty() {
        record_failures(&state, &account_key, &address_key).await?;
        let details = serde_json::json!({ "reason": problems[0].0, "address": address.to_string() });
        audit(&state, AuditEvent::new(&account.id, "totp_enrolment_refused", &account.id).with_details(details)).await?;
        return Err(form.with_problems(problems));
    }
    let Some(step) = accept_totp_code(&pending.secret, new_code.as_str(), 0, state.config.clock.now_unix_seconds() as u64) else {
        return Err(form.with_problems(vec![(TOTP_CODE_FIELD.into(), Text::TotpCodeWrong.in_locale(locale).into())]));
    };
    set_totp_secret(&state.pool, &account.id, &pending.secret, step).await.or_internal("set_totp_secret")?;
    set_pending_totp_secret(&state.pool, &session, None).await.or_internal("clear_pending_totp")?;
    // Sessions elsewhere may have been opened with the old app: they end.
    let ended = end_other_sessions_of(&state.pool, &account.id, &session).await.or_internal("end_other_sessions")?;
    throttle::clear(&state.pool, &account_key).await.or_internal("clear_throttle")?;
    let action = if replacing { "totp_replaced" } else { "totp_enrolled" };
    let event = AuditEvent::new(&account.id, action, &account.id).with_details(serde_json::json!({
        "session_method": user.method.code(),
        "session_level": user.level.number(),
        "other_sessions_ended": ended,
        "address": address.to_string(),
    }));
    audit(&state, event).await?;
    Ok(redirect_to("/area-personale/sicurezza?attivata=1"))
}

/// The account a member of staff at the counter acts on, if they may:
/// clerks act on citizens; only an administrator on staff. An unknown
/// account is `None` (back to the counter's page).
async fn account_at_the_counter(state: &AppState, clerk: &CurrentUser, account_id: &str) -> Result<Option<AccountRecord>, AppError> {
    let Some(account) = find_account_by_id(&state.pool, account_id).await.or_internal("find_account")? else {
        return Ok(None);
    };
    if account.role != Role::Citizen && clerk.role != Role::Administrator {
        return Err(AppError::Forbidden);
    }
    Ok(Some(account))
}

/// POST /operatore/app-autenticazione/azzera — at the counter, after seeing
/// an identity document, a clerk turns off a citizen's lost authenticator
/// app (an administrator also a member of staff's). Every session of the
/// account ends; the owner enrols a new app with the password.
#[tracing::instrument(skip_all)]
pub async fn reset_authenticator_at_the_counter(State(state): State<AppState>, Staff(clerk): Staff, form: Form<AccountForm>) -> Result<Response, AppError> {
    let Some(account) = account_at_the_counter(&state, &clerk, &form.fields.account).await? else {
        return Ok(redirect_to("/operatore"));
    };
    let cleared = clear_totp_secret(&state.pool, &account.id).await.or_internal("reset_authenticator")?;
    end_every_session_of(&state.pool, &account.id).await.or_internal("reset_authenticator")?;
    if !cleared {
        return Ok(see_other(&citizen_record_path(&account)));
    }
    audit(&state, AuditEvent::new(&clerk.account_id, "totp_reset_at_counter", &account.id)).await?;
    Ok(see_other(&format!("{}&app_disattivata=1", citizen_record_path(&account))))
}

fn citizen_record_path(account: &AccountRecord) -> String {
    format!("/operatore/cittadino?cerca_codice_fiscale={}", account.fiscal_code.as_str())
}

/// POST /amministrazione/app-autenticazione/avvia — an administrator, with
/// the member of staff in front of them, shows a new key for that person's
/// app. Staff never enrol their own app.
#[tracing::instrument(skip_all)]
pub async fn start_staff_totp_enrolment(
    State(state): State<AppState>,
    Administrator(_administrator): Administrator,
    Session(session): Session,
    form: Form<AccountForm>,
) -> Result<Response, AppError> {
    let account = match find_account_by_id(&state.pool, &form.fields.account).await.or_internal("find_account")? {
        Some(account) if account.role.works_for_the_municipality() => account,
        _ => return Ok(redirect_to("/amministrazione")),
    };
    let pending = PendingTotp { secret: generate_totp_secret(), for_account: Some(account.id) };
    set_pending_totp_secret(&state.pool, &session, Some(&pending)).await.or_internal("start_staff_totp_enrolment")?;
    Ok(redirect_to("/amministrazione/app-autenticazione"))
}

/// POST /amministrazione/app-autenticazione — the first code of the member
/// of staff's new app, typed by the administrator; the member's sessions end.
#[tracing::instrument(skip_all)]
pub async fn confirm_staff_totp_enrolment(
    State(state): State<AppState>,
    Administrator(administrator): Administrator,
    Session(session): Session,
    UserLocale(locale): UserLocale,
    form: Form<StaffTotpForm>,
) -> Result<Response, AppError> {
    let (secret, staff_id) = match pending_totp_secret(&state.pool, &session).await.or_internal("pending_totp_secret")? {
        Some(PendingTotp { secret, for_account: Some(account) }) => (secret, account),
        _ => return Ok(redirect_to("/amministrazione")),
    };
    let code =
        TotpCode::parse(&form.fields.code).map_err(|error| form.with_problems(vec![(TOTP_CODE_FIELD.into(), totp_code_error_message(error, locale))]))?;
    let Some(step) = accept_totp_code(&secret, code.as_str(), 0, state.config.clock.now_unix_seconds() as u64) else {
        return Err(form.with_problems(vec![(TOTP_CODE_FIELD.into(), Text::TotpCodeWrong.in_locale(locale).into())]));
    };
    set_totp_secret(&state.pool, &staff_id, &secret, step).await.or_internal("confirm_staff_totp_enrolment")?;
    set_pending_totp_secret(&state.pool, &session, None).await.or_internal("confirm_staff_totp_enrolment")?;
    end_every_session_of(&state.pool, &staff_id).await.or_internal("confirm_staff_totp_enrolment")?;
    audit(&state, AuditEvent::new(&administrator.account_id, "totp_enrolled_by_administrator", &staff_id)).await?;
    Ok(redirect_to("/amministrazione?app_configurata=1"))
}

/// GET /area-personale/esporta.json — everything the portal keeps about the
/// person asking (GDPR articles 15 and 20), at level 2. Only ever one's own
/// data: the account comes from the session, never from the request.
#[tracing::instrument(skip_all)]
pub async fn export_own_data(State(state): State<AppState>, Level2(user): Level2) -> Result<Response, AppError> {
    let Some(export) = super::export::personal_data_export(&state.pool, &user.account_id).await.or_internal("export")? else {
        return Ok(redirect_to("/accedi"));
    };
    audit(&state, AuditEvent::new(&user.account_id, "data_exported", &user.account_id)).await?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"dati-personali.json\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string_pretty(&export).or_internal("export")?,
    )
        .into_response())
}

/// A new activation code for an account, stored hashed; shown once.
async fn issue_activation_code(state: &AppState, account_id: &str) -> anyhow::Result<ActivationCode> {
    let code = ActivationCode::from_random_bytes(random_bytes::<12>());
    set_activation_code(&state.pool, account_id, code.as_str()).await?;
    Ok(code)
}

fn show_issued_code(page: &'static str, account_id: String, full_name: String, code: &ActivationCode) -> Response {
    let issued = IssuedActivationCode { account_id, full_name, printable_code: code.printable() };
    page_with_context(page, StatusCode::OK, move || provide_context(issued.clone()))
}

fn full_name_and_fiscal_code(account: &AccountRecord) -> String {
    format!("{} {} ({})", account.given_name, account.family_name, account.fiscal_code)
}

/// POST /operatore — a clerk registers a citizen after checking their
/// identity in person, and gets the activation code.
#[tracing::instrument(skip_all)]
pub async fn register_citizen_at_the_counter(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    UserLocale(locale): UserLocale,
    form: Form<CitizenRegistrationForm>,
) -> Result<Response, AppError> {
    let typed = &form.fields;
    let mut errors = FieldErrors::new();
    let fiscal_code = parse_fiscal_code(&typed.fiscal_code, locale, &mut errors);
    let given_name = parse_name(&typed.given_name, GIVEN_NAME_FIELD, locale, &mut errors);
    let family_name = parse_name(&typed.family_name, FAMILY_NAME_FIELD, locale, &mut errors);
    let (email, phone) = parse_optional_contacts(&typed.email, &typed.phone, locale, &mut errors);
    let (Some(fiscal_code), Some(given_name), Some(family_name), true) = (fiscal_code, given_name, family_name, errors.is_empty()) else {
        return Err(form.with_problems(errors));
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
    let Some(account_id) = insert_account(&state.pool, &new_account).await.or_internal("insert_account")? else {
        return Err(form.with_problems(vec![(FISCAL_CODE_FIELD.into(), Text::ClerkAlreadyRegistered.in_locale(locale).into())]));
    };
    let code = issue_activation_code(&state, &account_id).await.or_internal("issue_activation_code")?;
    audit(&state, AuditEvent::new(&clerk.account_id, "citizen_registered", &account_id)).await?;
    let account =
        find_account_by_id(&state.pool, &account_id).await.or_internal("find_account")?.context("account vanished after insert").or_internal("find_account")?;
    Ok(show_issued_code("/operatore", account.id.clone(), full_name_and_fiscal_code(&account), &code))
}

/// POST /operatore/codice-attivazione — a new code (lost letter, forgotten
/// password: the reset through the counter). The previous code stops working.
#[tracing::instrument(skip_all)]
pub async fn reissue_activation_code(State(state): State<AppState>, Staff(clerk): Staff, form: Form<AccountForm>) -> Result<Response, AppError> {
    let Some(account) = account_at_the_counter(&state, &clerk, &form.fields.account).await? else {
        return Ok(redirect_to("/operatore"));
    };
    let code = issue_activation_code(&state, &account.id).await.or_internal("issue_activation_code")?;
    audit(&state, AuditEvent::new(&clerk.account_id, "activation_code_issued", &account.id)).await?;
    Ok(show_issued_code("/operatore", account.id.clone(), full_name_and_fiscal_code(&account), &code))
}

/// POST /operatore/lettera-attivazione — the letter as PDF, for a code just
/// issued (the code must still be the pending one).
#[tracing::instrument(skip_all)]
pub async fn download_activation_letter(State(state): State<AppState>, Staff(clerk): Staff, form: Form<ActivationLetterForm>) -> Result<Response, AppError> {
    let Ok(code) = ActivationCode::parse(&form.fields.code) else {
        return Ok(redirect_to("/operatore"));
    };
    let Some(account) = find_account_by_id(&state.pool, &form.fields.account).await.or_internal("find_account")? else {
        return Ok(redirect_to("/operatore"));
    };
    let digest = activation_code_digest(&account.id, code.as_str());
    if !account.activation_code_hash.as_deref().is_some_and(|stored| constant_time_equal(stored, &digest)) {
        return Ok(redirect_to("/operatore"));
    }
    audit(&state, AuditEvent::new(&clerk.account_id, "activation_letter_printed", &account.id)).await?;
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
        .or_internal("activation_letter")
}

/// POST /amministrazione — an administrator adds a clerk (or makes a
/// registered citizen a clerk) and gets the activation code if needed.
#[tracing::instrument(skip_all)]
pub async fn add_clerk(
    State(state): State<AppState>,
    Administrator(administrator): Administrator,
    UserLocale(locale): UserLocale,
    form: Form<NewClerkForm>,
) -> Result<Response, AppError> {
    let typed = &form.fields;
    let mut errors = FieldErrors::new();
    let fiscal_code = parse_fiscal_code(&typed.fiscal_code, locale, &mut errors);
    let given_name = parse_name(&typed.given_name, GIVEN_NAME_FIELD, locale, &mut errors);
    let family_name = parse_name(&typed.family_name, FAMILY_NAME_FIELD, locale, &mut errors);
    let office = parse_office_code(&typed.office);
    if office.is_none() {
        errors.push((OFFICE_FIELD.into(), Text::OfficeCodeInvalid.in_locale(locale).into()));
    }
    let (Some(fiscal_code), Some(given_name), Some(family_name), Some(office), true) = (fiscal_code, given_name, family_name, office, errors.is_empty()) else {
        return Err(form.with_problems(errors));
    };
    let (account_id, needs_code) =
        create_or_promote_staff(&state.pool, &fiscal_code, &given_name, &family_name, Role::Clerk, Some(&office)).await.or_internal("create_staff")?;
    let details = serde_json::json!({ "office": office });
    audit(&state, AuditEvent::new(&administrator.account_id, "staff_added", &account_id).with_details(details)).await?;
    if !needs_code {
        return Ok(see_other("/amministrazione"));
    }
    let code = issue_activation_code(&state, &account_id).await.or_internal("issue_activation_code")?;
    Ok(show_issued_code("/amministrazione", account_id, format!("{given_name} {family_name} ({fiscal_code})"), &code))
}

/// POST /amministrazione/revoca — a clerk goes back to being a citizen; their
/// sessions end at once.
#[tracing::instrument(skip_all)]
pub async fn revoke_staff(State(state): State<AppState>, Administrator(administrator): Administrator, form: Form<AccountForm>) -> Result<Response, AppError> {
    let account = match find_account_by_id(&state.pool, &form.fields.account).await.or_internal("find_account")? {
        Some(account) if account.role == Role::Clerk => account,
        _ => return Ok(redirect_to("/amministrazione")),
    };
    set_role(&state.pool, &account.id, Role::Citizen).await.or_internal("revoke_staff")?;
    remove_clerk_offices(&state.pool, &account.id).await.or_internal("revoke_staff")?;
    end_every_session_of(&state.pool, &account.id).await.or_internal("revoke_staff")?;
    audit(&state, AuditEvent::new(&administrator.account_id, "staff_revoked", &account.id)).await?;
    Ok(redirect_to("/amministrazione?revocato=1"))
}
