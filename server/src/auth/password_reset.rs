//! Password reset by verified email: the citizen gives fiscal code and the
//! verified address, and receives a one-time link (30 minutes) to choose a
//! new password. The answer is the same whether or not anything matched, so
//! the form tells nobody which accounts exist. Staff reset through an
//! administrator, citizens without a verified address at the counter.

use super::accounts::{find_account_by_fiscal_code, find_account_by_id, set_password_hash, AccountRecord};
use super::audit::AuditEvent;
use super::routes::{audit, locked, parse_fiscal_code, parse_new_password, FieldErrors};
use super::sessions::{end_every_session_of, redirect_to};
use super::throttle::throttled;
use super::throttle::{self, ThrottlePolicy};
use super::tokens::{now_unix_seconds, random_token, sha256_hex};
use crate::http::client_address::ClientAddress;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Form, UserLocale};
use crate::mail::outbox::OutgoingMessage;
use crate::AppState;
use anyhow::Context;
use app::auth::forms::{NewPasswordForm, PasswordResetRequestForm, EMAIL_FIELD, FISCAL_CODE_FIELD};
use app::auth::model::{EmailAddress, PasswordResetToken, Role};
use app::i18n::{Locale, Text};
use axum::extract::State;
use axum::response::Response;
use sqlx::{AnyPool, Row};

pub const LINK_LIFETIME_SECONDS: i64 = 30 * 60;
/// Three links an hour for one fiscal code (typed, known or not)…
const REQUESTS_PER_ACCOUNT: ThrottlePolicy = ThrottlePolicy { maximum_failures: 3, window_seconds: 3600, lock_seconds: 3600 };
/// …and ten from one address (a family or an office shares one).
const REQUESTS_PER_ADDRESS: ThrottlePolicy = ThrottlePolicy { maximum_failures: 10, window_seconds: 3600, lock_seconds: 3600 };

fn token_digest(token: &str) -> String {
    sha256_hex(format!("password-reset\n{token}").as_bytes())
}

/// A new link for the account; earlier unused links stop working.
#[tracing::instrument(skip_all)]
pub async fn create_reset_link(pool: &AnyPool, account_id: &str) -> anyhow::Result<PasswordResetToken> {
    let token = PasswordResetToken::parse(&random_token()).context("a random token is 64 hex digits")?;
    let now = now_unix_seconds();
    sqlx::query("DELETE FROM password_reset_links WHERE account_id = $1 AND used_at IS NULL")
        .bind(account_id)
        .execute(pool)
        .await
        .context("cannot retire earlier reset links")?;
    sqlx::query("INSERT INTO password_reset_links (token_digest, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_digest(token.as_str()))
        .bind(account_id)
        .bind(now)
        .bind(now + LINK_LIFETIME_SECONDS)
        .execute(pool)
        .await
        .context("cannot store a reset link")?;
    Ok(token)
}

/// The account a link belongs to, if the link is still usable.
#[tracing::instrument(skip_all)]
pub async fn account_of_usable_link(pool: &AnyPool, token: &PasswordResetToken) -> anyhow::Result<Option<String>> {
    let row = sqlx::query("SELECT account_id FROM password_reset_links WHERE token_digest = $1 AND used_at IS NULL AND expires_at > $2")
        .bind(token_digest(token.as_str()))
        .bind(now_unix_seconds())
        .fetch_optional(pool)
        .await
        .context("cannot read a reset link")?;
    row.map(|row| row.try_get::<String, _>("account_id")).transpose().context("reset link row")
}

/// Uses the link up: true for exactly one caller, however many race.
async fn consume_reset_link(pool: &AnyPool, token: &PasswordResetToken) -> anyhow::Result<bool> {
    let now = now_unix_seconds();
    let updated = sqlx::query("UPDATE password_reset_links SET used_at = $1 WHERE token_digest = $2 AND used_at IS NULL AND expires_at > $1")
        .bind(now)
        .bind(token_digest(token.as_str()))
        .execute(pool)
        .await
        .context("cannot use a reset link")?;
    Ok(updated.rows_affected() == 1)
}

/// Whether a reset by email is open to this account with this address.
fn may_reset_by_email(account: &AccountRecord, email: &EmailAddress) -> bool {
    account.role == Role::Citizen
        && account.password_hash.is_some()
        && account.email_verified_at.is_some()
        // Mailbox names are case-insensitive in practice: citizens capitalise them.
        && account.email.as_deref().is_some_and(|stored| stored.to_lowercase() == email.as_str().to_lowercase())
}

/// POST /accedi/password-dimenticata
#[tracing::instrument(skip_all)]
pub async fn request_password_reset(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    UserLocale(locale): UserLocale,
    form: Form<PasswordResetRequestForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    let fiscal_code = parse_fiscal_code(&form.fields.fiscal_code, locale, &mut errors);
    let typed_email = &form.fields.email;
    let email = if typed_email.trim().is_empty() {
        errors.push((EMAIL_FIELD.into(), Text::EmailRequired.in_locale(locale).into()));
        None
    } else {
        EmailAddress::parse(typed_email).map_err(|_| errors.push((EMAIL_FIELD.into(), Text::EmailInvalid.in_locale(locale).into()))).ok()
    };
    let (Some(fiscal_code), Some(email), true) = (fiscal_code, email, errors.is_empty()) else {
        return Err(form.with_problems(errors));
    };
    let account_key = format!("reset:{}", throttle::account_key(fiscal_code.as_str()));
    let address_key = format!("reset-{}", throttle::address_key(&address));
    if let Some(seconds) = locked(&state, &[account_key.clone(), address_key.clone()]).await? {
        return Err(throttled(&form.typed, FISCAL_CODE_FIELD, Text::ResetLinksTooMany, seconds, locale));
    }
    throttle::record_failure(&state.pool, &account_key, REQUESTS_PER_ACCOUNT).await.or_internal("throttle")?;
    throttle::record_failure(&state.pool, &address_key, REQUESTS_PER_ADDRESS).await.or_internal("throttle")?;
    if let Some(account) = find_account_by_fiscal_code(&state.pool, &fiscal_code).await.or_internal("find_account")? {
        let outcome = if may_reset_by_email(&account, &email) {
            send_reset_link(&state, &account, locale).await.or_internal("send_reset_link")?;
            "password_reset_link_sent"
        } else {
            "password_reset_refused"
        };
        let details = serde_json::json!({ "address": address.to_string() });
        audit(&state, AuditEvent::new("anonymous", outcome, &account.id).with_details(details)).await?;
    }
    Ok(redirect_to("/accedi/password-dimenticata?inviata=1"))
}

async fn send_reset_link(state: &AppState, account: &AccountRecord, locale: Locale) -> anyhow::Result<()> {
    let email = account.email.as_deref().context("a verified account has an email")?;
    let token = create_reset_link(&state.pool, &account.id).await?;
    let link = format!("{}/accedi/nuova-password?token={}", state.config.public_url.trim_end_matches('/'), token.as_str());
    let body = Text::MailResetBody.fill(locale, &[("name", &account.full_name()), ("link", &link)]);
    state
        .outbox
        .enqueue(&OutgoingMessage { account_id: Some(&account.id), recipient: email, subject: Text::MailResetSubject.in_locale(locale), body: &body })
        .await
}

/// POST /accedi/nuova-password — the new password, with the link's token.
#[tracing::instrument(skip_all)]
pub async fn choose_new_password(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    UserLocale(locale): UserLocale,
    form: Form<NewPasswordForm>,
) -> Result<Response, AppError> {
    let typed_token = &form.fields.token;
    // The page explains that the link no longer works.
    let back_to_the_link =
        || Ok(redirect_to(&format!("/accedi/nuova-password?token={}", form_urlencoded::byte_serialize(typed_token.as_bytes()).collect::<String>())));
    let Ok(token) = PasswordResetToken::parse(typed_token) else {
        return back_to_the_link();
    };
    let Some(account_id) = account_of_usable_link(&state.pool, &token).await.or_internal("reset_link")? else {
        return back_to_the_link();
    };
    let Some(account) = find_account_by_id(&state.pool, &account_id).await.or_internal("find_account")? else {
        return back_to_the_link();
    };
    let mut errors = FieldErrors::new();
    let password = parse_new_password(&form.fields.password, &form.fields.password_confirmation, account.fiscal_code.as_str(), locale, &mut errors);
    let Some(password) = password else {
        return Err(form.with_problems(errors));
    };
    let password_hash = super::passwords::hash_password(password.expose().to_string()).await.or_internal("hash_password")?;
    if !consume_reset_link(&state.pool, &token).await.or_internal("consume_reset_link")? {
        return back_to_the_link();
    }
    set_password_hash(&state.pool, &account.id, &password_hash).await.or_internal("reset_password")?;
    // Whoever knew the old password is out, everywhere.
    end_every_session_of(&state.pool, &account.id).await.or_internal("reset_password")?;
    throttle::clear(&state.pool, &throttle::account_key(account.fiscal_code.as_str())).await.or_internal("reset_password")?;
    if let Some(email) = account.email.as_deref() {
        let body = Text::MailPasswordChangedBody.fill(locale, &[("name", &account.full_name())]);
        let subject = Text::MailPasswordChangedSubject.in_locale(locale);
        state.outbox.enqueue(&OutgoingMessage { account_id: Some(&account.id), recipient: email, subject, body: &body }).await.or_internal("reset_password")?;
    }
    let details = serde_json::json!({ "method": "verified_email", "address": address.to_string() });
    audit(&state, AuditEvent::new(&account.id, "password_reset", &account.id).with_details(details)).await?;
    Ok(redirect_to("/accedi/credenziali?password-cambiata=1"))
}
