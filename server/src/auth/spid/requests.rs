//! SPID authentication requests: made, recorded and sent with the
//! HTTP-Redirect binding (the query is signed with RSA-SHA256, so the
//! browser needs no JavaScript and no form to reach the provider).

use super::identity_providers::ConfiguredIdentityProvider;
use super::signing::new_saml_id;
use super::SpidServiceProvider;
use crate::auth::tokens::{now_unix_seconds, random_token, sha256_hex};
use anyhow::Context;
use app::auth::model::SessionTokenHash;
use app::auth::spid::SpidLevel;
use samael::schema::{AuthnContextClassRef, AuthnContextComparison, AuthnRequest, Issuer, NameIdPolicy, RequestedAuthnContext};
use sqlx::AnyPool;

/// How long an answer to a request is awaited.
pub const REQUEST_LIFETIME_SECONDS: i64 = 15 * 60;

pub const TRANSIENT_NAME_ID_FORMAT: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient";
pub const ENTITY_FORMAT: &str = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity";

pub fn authn_request(provider: &SpidServiceProvider, identity_provider: &ConfiguredIdentityProvider, level: SpidLevel) -> AuthnRequest {
    AuthnRequest {
        id: new_saml_id(),
        version: "2.0".to_string(),
        issue_instant: chrono::Utc::now(),
        destination: Some(identity_provider.single_sign_on_redirect_url.clone()),
        issuer: Some(Issuer {
            format: Some(ENTITY_FORMAT.to_string()),
            name_qualifier: Some(provider.entity_id.clone()),
            value: Some(provider.entity_id.clone()),
            ..Issuer::default()
        }),
        name_id_policy: Some(NameIdPolicy { format: Some(TRANSIENT_NAME_ID_FORMAT.to_string()), ..NameIdPolicy::default() }),
        requested_authn_context: Some(RequestedAuthnContext {
            authn_context_class_refs: Some(vec![AuthnContextClassRef { value: Some(level.authn_context_class().to_string()) }]),
            authn_context_decl_refs: None,
            comparison: Some(AuthnContextComparison::Minimum),
        }),
        // AgID: above level 1 the provider must authenticate again, whatever
        // session it already has with the citizen.
        force_authn: (level > SpidLevel::Level1).then_some(true),
        assertion_consumer_service_index: Some(0),
        attribute_consuming_service_index: Some(0),
        ..AuthnRequest::default()
    }
}

/// Records a new request and returns the provider's URL with the signed request.
#[tracing::instrument(skip_all)]
pub async fn issue_authn_request(
    pool: &AnyPool,
    provider: &SpidServiceProvider,
    identity_provider: &ConfiguredIdentityProvider,
    level: SpidLevel,
    return_path: &str,
    previous_session: Option<&SessionTokenHash>,
    browser_binding: &str,
) -> anyhow::Result<String> {
    let request = authn_request(provider, identity_provider, level);
    let relay_state = random_token();
    sqlx::query(
        "INSERT INTO spid_authn_requests (id, identity_provider, requested_level, relay_state, return_path, previous_session_hash, issued_at, browser_binding_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&request.id)
    .bind(&identity_provider.entity_id)
    .bind(level.number())
    .bind(&relay_state)
    .bind(return_path)
    .bind(previous_session.map(|hash| hash.0.clone()))
    .bind(now_unix_seconds())
    .bind(sha256_hex(browser_binding.as_bytes()))
    .execute(pool)
    .await
    .context("cannot record the SPID request")?;
    let url = request
        .signed_redirect(&relay_state, &provider.signing_key.private_key)
        .map_err(|error| anyhow::anyhow!("cannot sign the SPID request: {error}"))?
        .context("the SPID request has no destination")?;
    Ok(url.to_string())
}

/// A request of ours, as recorded.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub id: String,
    pub identity_provider: String,
    pub requested_level: SpidLevel,
    pub relay_state: String,
    pub return_path: String,
    pub previous_session_hash: Option<String>,
    /// SHA-256 of the value of the browser's SPID cookie when it asked.
    pub browser_binding_hash: Option<String>,
    pub issued_at: i64,
    pub consumed: bool,
}

#[tracing::instrument(skip_all)]
pub async fn find_request(pool: &AnyPool, id: &str) -> anyhow::Result<Option<RecordedRequest>> {
    use sqlx::Row;
    let row = sqlx::query(
        "SELECT id, identity_provider, requested_level, relay_state, return_path, previous_session_hash, browser_binding_hash, issued_at, consumed_at \
         FROM spid_authn_requests WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await
    .context("cannot read the SPID request")?;
    let Some(row) = row else { return Ok(None) };
    let Some(requested_level) = SpidLevel::from_number(row.try_get("requested_level")?) else { return Ok(None) };
    Ok(Some(RecordedRequest {
        id: row.try_get("id")?,
        identity_provider: row.try_get("identity_provider")?,
        requested_level,
        relay_state: row.try_get("relay_state")?,
        return_path: row.try_get("return_path")?,
        previous_session_hash: row.try_get("previous_session_hash")?,
        browser_binding_hash: row.try_get("browser_binding_hash")?,
        issued_at: row.try_get("issued_at")?,
        consumed: row.try_get::<Option<i64>, _>("consumed_at")?.is_some(),
    }))
}

/// Marks the request answered; false if it was answered already (a replay,
/// or two answers racing: only one wins).
#[tracing::instrument(skip_all)]
pub async fn consume_request(pool: &AnyPool, id: &str) -> anyhow::Result<bool> {
    let result = sqlx::query("UPDATE spid_authn_requests SET consumed_at = $1 WHERE id = $2 AND consumed_at IS NULL")
        .bind(now_unix_seconds())
        .bind(id)
        .execute(pool)
        .await
        .context("cannot mark the SPID request answered")?;
    Ok(result.rows_affected() == 1)
}

/// Records an assertion as used; false if it was used before.
#[tracing::instrument(skip_all)]
pub async fn record_assertion_use(pool: &AnyPool, assertion_id: &str, identity_provider: &str) -> anyhow::Result<bool> {
    let result =
        sqlx::query("INSERT INTO spid_used_assertions (assertion_id, identity_provider, used_at) VALUES ($1, $2, $3) ON CONFLICT (assertion_id) DO NOTHING")
            .bind(assertion_id)
            .bind(identity_provider)
            .bind(now_unix_seconds())
            .execute(pool)
            .await
            .context("cannot record the SPID assertion")?;
    Ok(result.rows_affected() == 1)
}
