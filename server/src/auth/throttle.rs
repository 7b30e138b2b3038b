//! Login rate limiting, per account (whatever fiscal code was typed, known or
//! not, so the answer never tells which accounts exist) and per client
//! address. Counters live in the database: every server instance sees them.

use super::tokens::now_unix_seconds;
use crate::http::errors::AppError;
use anyhow::Context;
use app::i18n::{Locale, Text};
use axum::http::StatusCode;
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    pub maximum_failures: i64,
    pub window_seconds: i64,
    pub lock_seconds: i64,
}

/// Five wrong passwords for one account lock it for 15 minutes.
pub const PER_ACCOUNT: ThrottlePolicy = ThrottlePolicy { maximum_failures: 5, window_seconds: 900, lock_seconds: 900 };
/// An address may fail 30 times (a shared office or school network) in 15 minutes.
pub const PER_ADDRESS: ThrottlePolicy = ThrottlePolicy { maximum_failures: 30, window_seconds: 900, lock_seconds: 900 };

/// Public lookups (a practice, a payment): 20 per client address in 10
/// minutes, then 10 minutes' wait; every lookup counts, found or not, so
/// guessing codes is slow whatever the answers.
pub const PUBLIC_LOOKUPS_PER_ADDRESS: ThrottlePolicy = ThrottlePolicy { maximum_failures: 20, window_seconds: 600, lock_seconds: 600 };

/// Seconds until the key may try again, if it is locked now.
#[tracing::instrument(skip_all)]
pub async fn locked_for_seconds(pool: &AnyPool, key: &str) -> anyhow::Result<Option<i64>> {
    let now = now_unix_seconds();
    let row = sqlx::query("SELECT locked_until FROM login_throttle WHERE throttle_key = $1")
        .bind(key)
        .fetch_optional(pool)
        .await
        .context("cannot read the login throttle")?;
    Ok(row.map(|row| row.try_get::<i64, _>("locked_until")).transpose()?.filter(|locked_until| *locked_until > now).map(|locked_until| locked_until - now))
}

#[tracing::instrument(skip_all)]
pub async fn record_failure(pool: &AnyPool, key: &str, policy: ThrottlePolicy) -> anyhow::Result<()> {
    let now = now_unix_seconds();
    // One statement for insert-or-update keeps concurrent failures counted.
    sqlx::query(
        "INSERT INTO login_throttle (throttle_key, failures, window_started_at, locked_until) VALUES ($1, 1, $2, 0)
         ON CONFLICT (throttle_key) DO UPDATE SET
           failures = CASE WHEN login_throttle.window_started_at < $3 THEN 1 ELSE login_throttle.failures + 1 END,
           window_started_at = CASE WHEN login_throttle.window_started_at < $3 THEN $2 ELSE login_throttle.window_started_at END",
    )
    .bind(key)
    .bind(now)
    .bind(now - policy.window_seconds)
    .execute(pool)
    .await
    .context("cannot record a failed login")?;
    sqlx::query("UPDATE login_throttle SET locked_until = $1 WHERE throttle_key = $2 AND failures >= $3 AND locked_until <= $4")
        .bind(now + policy.lock_seconds)
        .bind(key)
        .bind(policy.maximum_failures)
        .bind(now)
        .execute(pool)
        .await
        .context("cannot lock after failed logins")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn clear(pool: &AnyPool, key: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1").bind(key).execute(pool).await.context("cannot clear the login throttle")?;
    Ok(())
}

pub fn account_key(fiscal_code_as_typed: &str) -> String {
    // Hashed: the table holds no fiscal codes.
    format!("account:{}", super::tokens::sha256_hex(fiscal_code_as_typed.trim().to_uppercase().as_bytes()))
}

pub fn address_key(address: &std::net::IpAddr) -> String {
    format!("address:{address}")
}
/// A throttle's refusal: `text` with `{minutes}` (rounded up, at least 1) filled in.
pub fn lock_message(text: Text, seconds: i64, locale: Locale) -> String {
    let minutes = (seconds + 59) / 60;
    text.fill(locale, &[("minutes", &minutes.max(1).to_string())])
}

/// The form again with the throttle's `text` on `field`, status 429.
pub fn throttled(typed: &BTreeMap<String, String>, field: &str, text: Text, seconds: i64, locale: Locale) -> AppError {
    AppError::form(typed.clone(), vec![(field.to_string(), lock_message(text, seconds, locale))]).with_status(StatusCode::TOO_MANY_REQUESTS)
}
