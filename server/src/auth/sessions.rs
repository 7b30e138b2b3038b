//! Server-side sessions in the database (shared by every server instance),
//! the middleware that resolves the session cookie into the person making
//! the request, and the access rules of protected paths.

use super::tokens::{cookie_value, now_unix_seconds, random_token, sha256_hex};
use crate::AppState;
use anyhow::Context;
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::{access_requirement_for_path, decide_access, AccessDecision, AuthenticationLevel, AuthenticationMethod, CurrentUser, Role};
use app::ids::AccountId;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::{AnyPool, Row};

/// A session ends after 30 minutes without requests…
pub const IDLE_TIMEOUT_SECONDS: i64 = 30 * 60;
/// …and in any case 12 hours after login.
pub const ABSOLUTE_TIMEOUT_SECONDS: i64 = 12 * 3600;
/// Writing "last seen" on every request would turn reads into writes.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

/// The cookie's name: with HTTPS the `__Host-` prefix pins it to this host
/// and path `/`, so a sibling subdomain cannot plant one.
pub fn session_cookie_name(over_tls: bool) -> &'static str {
    if over_tls {
        "__Host-sportello_sessione"
    } else {
        "sportello_sessione"
    }
}

pub fn session_cookie(token: &str, over_tls: bool) -> String {
    let secure = if over_tls { "; Secure" } else { "" };
    format!("{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}", session_cookie_name(over_tls))
}

/// Whether an answer sets or ends the session cookie: the login state changes.
pub fn sets_session_cookie(response: &Response, over_tls: bool) -> bool {
    let prefix = format!("{}=", session_cookie_name(over_tls));
    response.headers().get_all(header::SET_COOKIE).iter().any(|value| value.to_str().is_ok_and(|cookie| cookie.starts_with(&prefix)))
}

pub fn expired_session_cookie(over_tls: bool) -> String {
    let secure = if over_tls { "; Secure" } else { "" };
    format!("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}", session_cookie_name(over_tls))
}

pub use app::auth::model::SessionTokenHash;

/// Password accepted, TOTP code still to come.
#[derive(Clone, Debug)]
pub struct PendingSecondFactor {
    pub account_id: String,
}

/// Starts a new session with a fresh random token and returns the token for
/// the cookie. Any session the browser had before is ended first: the id
/// always changes at login (no session fixation).
#[tracing::instrument(skip_all)]
pub async fn start_session(
    pool: &AnyPool,
    previous_token_hash: Option<&SessionTokenHash>,
    account_id: &str,
    level: i64,
    method: AuthenticationMethod,
) -> anyhow::Result<String> {
    if let Some(previous) = previous_token_hash {
        end_session(pool, previous).await?;
    }
    let token = random_token();
    let now = now_unix_seconds();
    sqlx::query("INSERT INTO sessions (token_hash, account_id, level, method, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)")
        .bind(sha256_hex(token.as_bytes()))
        .bind(account_id)
        .bind(level)
        .bind(method.code())
        .bind(now)
        .execute(pool)
        .await
        .context("cannot start a session")?;
    Ok(token)
}

#[tracing::instrument(skip_all)]
pub async fn end_session(pool: &AnyPool, token_hash: &SessionTokenHash) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(&token_hash.0).execute(pool).await.context("cannot end a session")?;
    Ok(())
}

/// "Log out everywhere": every session of the account, on every device.
#[tracing::instrument(skip_all)]
pub async fn end_every_session_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<u64> {
    let deleted =
        sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(account_id).execute(pool).await.context("cannot end the account's sessions")?;
    Ok(deleted.rows_affected())
}

/// An authenticator key shown and not yet confirmed, kept in the session
/// that asked for it: for the session's own account, or (an administrator
/// enrolling a member of staff in person) for `for_account`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingTotp {
    pub secret: String,
    pub for_account: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn set_pending_totp_secret(pool: &AnyPool, token_hash: &SessionTokenHash, pending: Option<&PendingTotp>) -> anyhow::Result<()> {
    sqlx::query("UPDATE sessions SET pending_totp_secret = $1, pending_totp_account_id = $2 WHERE token_hash = $3")
        .bind(pending.map(|pending| pending.secret.clone()))
        .bind(pending.and_then(|pending| pending.for_account.clone()))
        .bind(&token_hash.0)
        .execute(pool)
        .await
        .context("cannot store a pending TOTP secret")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn pending_totp_secret(pool: &AnyPool, token_hash: &SessionTokenHash) -> anyhow::Result<Option<PendingTotp>> {
    let row = sqlx::query("SELECT pending_totp_secret, pending_totp_account_id FROM sessions WHERE token_hash = $1")
        .bind(&token_hash.0)
        .fetch_optional(pool)
        .await
        .context("cannot read a pending TOTP secret")?;
    let Some(row) = row else { return Ok(None) };
    let secret: Option<String> = row.try_get("pending_totp_secret")?;
    let for_account: Option<String> = row.try_get("pending_totp_account_id")?;
    Ok(secret.map(|secret| PendingTotp { secret, for_account }))
}

/// Ends the account's other sessions (the one asking stays): after its
/// authenticator changes, a session opened with the old one must not live on.
#[tracing::instrument(skip_all)]
pub async fn end_other_sessions_of(pool: &AnyPool, account_id: &str, keep: &SessionTokenHash) -> anyhow::Result<u64> {
    let deleted = sqlx::query("DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2")
        .bind(account_id)
        .bind(&keep.0)
        .execute(pool)
        .await
        .context("cannot end the account's other sessions")?;
    Ok(deleted.rows_affected())
}

/// Raises the level of the current session (second factor, step-up) and
/// rotates its token, since its privileges change.
#[tracing::instrument(skip_all)]
pub async fn raise_session_level(
    pool: &AnyPool,
    token_hash: &SessionTokenHash,
    level: AuthenticationLevel,
    method: AuthenticationMethod,
) -> anyhow::Result<String> {
    let token = random_token();
    sqlx::query("UPDATE sessions SET token_hash = $1, level = $2, method = $3, last_seen_at = $4 WHERE token_hash = $5")
        .bind(sha256_hex(token.as_bytes()))
        .bind(level.number())
        .bind(method.code())
        .bind(now_unix_seconds())
        .bind(&token_hash.0)
        .execute(pool)
        .await
        .context("cannot raise a session's level")?;
    Ok(token)
}

/// What a session cookie stands for right now.
enum ResolvedSession {
    None,
    Expired,
    PendingSecondFactor(String),
    Active(Box<CurrentUser>),
}

async fn resolve_session(pool: &AnyPool, token_hash: &str) -> anyhow::Result<ResolvedSession> {
    let row = sqlx::query(
        "SELECT s.account_id, s.level, s.method, s.created_at, s.last_seen_at,
                a.fiscal_code, a.given_name, a.family_name, a.role, a.totp_secret
         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(pool)
    .await
    .context("cannot look up a session")?;
    let Some(row) = row else {
        return Ok(ResolvedSession::None);
    };
    let now = now_unix_seconds();
    let created_at: i64 = row.try_get("created_at")?;
    let last_seen_at: i64 = row.try_get("last_seen_at")?;
    if now - last_seen_at > IDLE_TIMEOUT_SECONDS || now - created_at > ABSOLUTE_TIMEOUT_SECONDS {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(pool).await?;
        return Ok(ResolvedSession::Expired);
    }
    if now - last_seen_at > TOUCH_INTERVAL_SECONDS {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2").bind(now).bind(token_hash).execute(pool).await?;
    }
    let account_id: String = row.try_get("account_id")?;
    let level: i64 = row.try_get("level")?;
    let Some(level) = AuthenticationLevel::from_number(level) else {
        return Ok(ResolvedSession::PendingSecondFactor(account_id));
    };
    let method: String = row.try_get("method")?;
    let role: String = row.try_get("role")?;
    let fiscal_code: String = row.try_get("fiscal_code")?;
    let totp_secret: Option<String> = row.try_get("totp_secret")?;
    Ok(ResolvedSession::Active(Box::new(CurrentUser {
        account_id: AccountId::parse(&account_id).context("stored account id does not parse")?,
        fiscal_code: FiscalCode::parse(&fiscal_code).context("stored fiscal code does not parse")?,
        given_name: row.try_get("given_name")?,
        family_name: row.try_get("family_name")?,
        role: Role::from_code(&role).context("unknown stored role")?,
        level,
        method: AuthenticationMethod::from_code(&method).context("unknown stored method")?,
        has_totp: totp_secret.is_some(),
    })))
}

pub fn percent_encode_component(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Resolves the session cookie, puts the person in the request for pages and
/// handlers, and applies the access rule of the requested path.
pub async fn resolve_session_and_enforce_access(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // Static files never depend on who asks: no session lookup for them.
    if is_static_asset(request.uri().path()) {
        return next.run(request).await;
    }
    let over_tls = state.config.served_over_tls();
    let mut clear_cookie = false;
    let mut signed_in = false;
    let mut user: Option<CurrentUser> = None;
    if let Some(token) = cookie_value(request.headers(), session_cookie_name(over_tls)) {
        let token_hash = sha256_hex(token.as_bytes());
        match resolve_session(&state.pool, &token_hash).await {
            Ok(ResolvedSession::Active(current)) => {
                signed_in = true;
                user = Some(*current.clone());
                request.extensions_mut().insert(*current);
                request.extensions_mut().insert(SessionTokenHash(token_hash));
            }
            Ok(ResolvedSession::PendingSecondFactor(account_id)) => {
                signed_in = true;
                request.extensions_mut().insert(PendingSecondFactor { account_id });
                request.extensions_mut().insert(SessionTokenHash(token_hash));
            }
            Ok(ResolvedSession::Expired) | Ok(ResolvedSession::None) => clear_cookie = true,
            Err(error) => {
                return crate::http::errors::AppError::internal("session_lookup", error).into_response();
            }
        }
    }
    let path = request.uri().path().to_string();
    let decision = decide_access(access_requirement_for_path(&path), user.as_ref());
    let return_to = request.uri().path_and_query().map(|value| value.as_str().to_string()).unwrap_or(path);
    let mut response = match decision {
        AccessDecision::Allow => next.run(request).await,
        AccessDecision::LogIn => redirect_to(&format!("/accedi?ritorno={}", percent_encode_component(&return_to))),
        AccessDecision::StepUp => redirect_to(&format!("/accedi/livello-2?ritorno={}", percent_encode_component(&return_to))),
        AccessDecision::Forbidden => crate::http::errors::AppError::Forbidden.into_response(),
    };
    // Whatever the status (a 404 page still names the person and carries
    // their CSRF token), nothing answered to a signed-in browser, or that
    // signs one in, is kept by a cache.
    let signs_in = sets_session_cookie(&response, over_tls);
    let already_no_store = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|directive| directive.trim() == "no-store"));
    if (signed_in || signs_in) && !already_no_store {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if clear_cookie && !response.headers().contains_key(header::SET_COOKIE) {
        if let Ok(value) = HeaderValue::from_str(&expired_session_cookie(over_tls)) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// Files that are the same for every visitor: no session, no CSRF cookie.
pub(crate) fn is_static_asset(path: &str) -> bool {
    ["/pkg/", "/fonts/", "/icons/", "/vendor/"].iter().any(|prefix| path.starts_with(prefix))
        || matches!(path, "/sw.js" | "/pwa.js" | "/map.js" | "/favicon.png" | "/manifest.webmanifest" | "/health" | "/metrics")
}

pub fn redirect_to(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// The open sessions of an account, without their tokens (for the data export).
#[tracing::instrument(skip_all)]
pub async fn sessions_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<serde_json::Value>> {
    let rows = sqlx::query("SELECT level, method, created_at, last_seen_at FROM sessions WHERE account_id = $1 ORDER BY created_at")
        .bind(account_id)
        .fetch_all(pool)
        .await
        .context("cannot list sessions")?;
    rows.iter()
        .map(|row| {
            Ok(serde_json::json!({
                "level": row.try_get::<i64, _>("level")?,
                "method": row.try_get::<String, _>("method")?,
                "started_at": row.try_get::<i64, _>("created_at")?,
                "last_seen_at": row.try_get::<i64, _>("last_seen_at")?,
            }))
        })
        .collect()
}
