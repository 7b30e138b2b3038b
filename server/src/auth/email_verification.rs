//! Proving that an email address reaches its owner: a 6-digit code is
//! mailed to the address and typed back in the personal area. Only a
//! verified address can receive a password reset link.

use super::accounts::{find_account_by_id, AccountRecord};
use super::audit::AuditEvent;
use super::routes::audit;
use super::sessions::redirect_to;
use super::throttle::lock_message;
use super::throttle::{self, ThrottlePolicy};
use super::tokens::{constant_time_equal, now_unix_seconds, random_bytes, sha256_hex};
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Form, SignedIn, UserLocale};
use crate::mail::outbox::OutgoingMessage;
use crate::AppState;
use anyhow::Context;
use app::auth::forms::{EmailVerificationForm, EMAIL_VERIFICATION_CODE_FIELD};
use app::auth::messages::email_verification_code_error_message;
use app::auth::model::{CurrentUser, EmailVerificationCode};
use app::i18n::{Locale, Text};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

/// A code works for 30 minutes…
pub const CODE_LIFETIME_SECONDS: i64 = 30 * 60;
/// …and dies after 5 wrong attempts (a 1 in 200,000 chance of guessing).
pub const MAXIMUM_WRONG_ATTEMPTS: i64 = 5;
/// At most 5 codes an hour per account: mail is not free, nor is patience.
const CODES_PER_ACCOUNT: ThrottlePolicy = ThrottlePolicy { maximum_failures: 5, window_seconds: 3600, lock_seconds: 3600 };

/// Bound to the account and the address, so a code for an old address
/// cannot verify a new one.
fn code_digest(account_id: &str, email: &str, code: &EmailVerificationCode) -> String {
    sha256_hex(format!("email-verification\n{account_id}\n{email}\n{}", code.as_str()).as_bytes())
}

#[tracing::instrument(skip_all)]
pub async fn store_verification_code(pool: &AnyPool, account_id: &str, email: &str, code: &EmailVerificationCode) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO email_verifications (account_id, email, code_digest, expires_at, failed_attempts) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT (account_id) DO UPDATE SET email = excluded.email, code_digest = excluded.code_digest,
             expires_at = excluded.expires_at, failed_attempts = 0",
    )
    .bind(account_id)
    .bind(email)
    .bind(code_digest(account_id, email, code))
    .bind(now_unix_seconds() + CODE_LIFETIME_SECONDS)
    .execute(pool)
    .await
    .context("cannot store an email verification code")?;
    Ok(())
}

/// Whether a code sent to the account's current address still works.
#[tracing::instrument(skip_all)]
pub async fn verification_pending(pool: &AnyPool, account: &AccountRecord) -> anyhow::Result<bool> {
    let Some(email) = account.email.as_deref() else { return Ok(false) };
    let row = sqlx::query("SELECT 1 AS pending FROM email_verifications WHERE account_id = $1 AND email = $2 AND expires_at > $3 AND failed_attempts < $4")
        .bind(&account.id)
        .bind(email)
        .bind(now_unix_seconds())
        .bind(MAXIMUM_WRONG_ATTEMPTS)
        .fetch_optional(pool)
        .await
        .context("cannot read a pending email verification")?;
    Ok(row.is_some())
}

#[derive(Debug, PartialEq, Eq)]
pub enum CodeCheck {
    Verified,
    Wrong,
    /// Expired, used up, never sent, or sent to another address.
    NotValid,
}

/// Checks a typed code against the pending one for the current address.
/// Right: the address is verified and the code is gone. Wrong: one attempt
/// fewer left.
#[tracing::instrument(skip_all)]
pub async fn check_verification_code(pool: &AnyPool, account: &AccountRecord, code: &EmailVerificationCode) -> anyhow::Result<CodeCheck> {
    let Some(email) = account.email.as_deref() else { return Ok(CodeCheck::NotValid) };
    let row = sqlx::query("SELECT email, code_digest, expires_at, failed_attempts FROM email_verifications WHERE account_id = $1")
        .bind(&account.id)
        .fetch_optional(pool)
        .await
        .context("cannot read an email verification")?;
    let Some(row) = row else { return Ok(CodeCheck::NotValid) };
    let (sent_to, digest, expires_at, failed_attempts): (String, String, i64, i64) =
        (row.try_get("email")?, row.try_get("code_digest")?, row.try_get("expires_at")?, row.try_get("failed_attempts")?);
    if sent_to != email || expires_at <= now_unix_seconds() || failed_attempts >= MAXIMUM_WRONG_ATTEMPTS {
        return Ok(CodeCheck::NotValid);
    }
    if !constant_time_equal(&digest, &code_digest(&account.id, email, code)) {
        sqlx::query("UPDATE email_verifications SET failed_attempts = failed_attempts + 1 WHERE account_id = $1")
            .bind(&account.id)
            .execute(pool)
            .await
            .context("cannot count a wrong verification code")?;
        return Ok(CodeCheck::Wrong);
    }
    // Deleting the row is the one-time use: of two concurrent right answers, one verifies.
    let consumed = sqlx::query("DELETE FROM email_verifications WHERE account_id = $1 AND code_digest = $2")
        .bind(&account.id)
        .bind(&digest)
        .execute(pool)
        .await
        .context("cannot consume a verification code")?
        .rows_affected()
        == 1;
    if !consumed {
        return Ok(CodeCheck::NotValid);
    }
    sqlx::query("UPDATE accounts SET email_verified_at = $1, updated_at = $1 WHERE id = $2 AND email = $3")
        .bind(now_unix_seconds())
        .bind(&account.id)
        .bind(email)
        .execute(pool)
        .await
        .context("cannot mark an email address verified")?;
    Ok(CodeCheck::Verified)
}

/// The signed-in person's account; gone meanwhile: the login page.
async fn account_of(state: &AppState, user: &CurrentUser) -> Result<AccountRecord, AppError> {
    find_account_by_id(&state.pool, &user.account_id).await.or_internal("find_account")?.ok_or(AppError::LoginRequired)
}

/// A mistake, answered on the verification page (where the code field is).
fn on_verification_page(typed: &BTreeMap<String, String>, message: String, status: StatusCode) -> AppError {
    AppError::form(typed.clone(), vec![(EMAIL_VERIFICATION_CODE_FIELD.to_string(), message)]).with_status(status).on_page(app::routes::EMAIL_VERIFICATION_PATH)
}

fn verification_message(account: &AccountRecord, code: &EmailVerificationCode, locale: Locale) -> (String, String) {
    (
        Text::MailVerificationSubject.in_locale(locale).to_string(),
        Text::MailVerificationBody.fill(locale, &[("name", &account.full_name()), ("code", code.as_str())]),
    )
}

/// POST /area-personale/email/codice — mails a code to the current address.
#[tracing::instrument(skip_all)]
pub async fn send_email_verification_code(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
) -> Result<Response, AppError> {
    let account = account_of(&state, &user).await?;
    let (Some(email), None) = (account.email.clone(), account.email_verified_at) else {
        // No address, or already verified: nothing to send.
        return Ok(redirect_to("/area-personale"));
    };
    let throttle_key = format!("email-code:{}", account.id);
    if let Some(seconds) = throttle::locked_for_seconds(&state.pool, &throttle_key).await.or_internal("throttle")? {
        let message = lock_message(Text::EmailVerificationTooMany, seconds, locale);
        return Err(on_verification_page(&BTreeMap::new(), message, StatusCode::TOO_MANY_REQUESTS));
    }
    let code = EmailVerificationCode::from_random_number(u32::from_le_bytes(random_bytes::<4>()));
    throttle::record_failure(&state.pool, &throttle_key, CODES_PER_ACCOUNT).await.or_internal("send_email_verification_code")?;
    store_verification_code(&state.pool, &account.id, &email, &code).await.or_internal("send_email_verification_code")?;
    let (subject, body) = verification_message(&account, &code, locale);
    let message = OutgoingMessage { account_id: Some(&account.id), recipient: &email, subject: &subject, body: &body };
    state.outbox.enqueue(&message).await.or_internal("send_email_verification_code")?;
    audit(&state, AuditEvent::new(&account.id, "email_verification_sent", &account.id)).await?;
    Ok(redirect_to("/area-personale/email?codice-inviato=1"))
}

/// POST /area-personale/email — the code typed back.
#[tracing::instrument(skip_all)]
pub async fn confirm_email_verification_code(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    form: Form<EmailVerificationForm>,
) -> Result<Response, AppError> {
    let account = account_of(&state, &user).await?;
    let code = EmailVerificationCode::parse(&form.fields.code)
        .map_err(|error| on_verification_page(&form.typed, email_verification_code_error_message(error, locale), StatusCode::UNPROCESSABLE_ENTITY))?;
    let message = match check_verification_code(&state.pool, &account, &code).await.or_internal("check_verification_code")? {
        CodeCheck::Verified => None,
        CodeCheck::Wrong => Some(Text::EmailVerificationCodeWrong),
        CodeCheck::NotValid => Some(Text::EmailVerificationExpired),
    };
    if let Some(message) = message {
        return Err(on_verification_page(&form.typed, message.in_locale(locale).to_string(), StatusCode::UNPROCESSABLE_ENTITY));
    }
    audit(&state, AuditEvent::new(&account.id, "email_verified", &account.id)).await?;
    Ok(redirect_to("/area-personale?email-verificata=1"))
}
