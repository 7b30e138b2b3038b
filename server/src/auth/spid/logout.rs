//! SPID single logout, HTTP-Redirect binding with signed queries both ways.
//!
//! Logging out of the portal ends the portal session at once, then sends the
//! browser to the provider with a LogoutRequest so the provider's session
//! ends too; the provider sends it back with a LogoutResponse. A provider may
//! also start: its signed LogoutRequest ends the portal sessions of that
//! identity, and the browser goes back with our LogoutResponse.

use super::identity_providers::ConfiguredIdentityProvider;
use super::requests::{ENTITY_FORMAT, TRANSIENT_NAME_ID_FORMAT};
use super::responses::ProviderSession;
use super::signing::{new_saml_id, xml_escape};
use super::SpidServiceProvider;
use crate::auth::tokens::{now_unix_seconds, random_token};
use anyhow::Context;
use base64::Engine;
use sqlx::{AnyPool, Row};
use std::io::{Read, Write};
use std::str::FromStr;

pub const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";

#[tracing::instrument(skip_all)]
pub async fn remember_provider_session(pool: &AnyPool, session_token_hash: &str, identity_provider: &str, session: &ProviderSession) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO spid_sessions (session_token_hash, identity_provider, name_id, name_qualifier, session_index) VALUES ($1, $2, $3, $4, $5)")
        .bind(session_token_hash)
        .bind(identity_provider)
        .bind(&session.name_id)
        .bind(&session.name_qualifier)
        .bind(&session.session_index)
        .execute(pool)
        .await
        .context("cannot remember the SPID session")?;
    Ok(())
}

/// The provider session behind a portal session, forgotten as it is read.
#[tracing::instrument(skip_all)]
pub async fn take_provider_session(pool: &AnyPool, session_token_hash: &str) -> anyhow::Result<Option<(String, ProviderSession)>> {
    let row = sqlx::query("SELECT identity_provider, name_id, name_qualifier, session_index FROM spid_sessions WHERE session_token_hash = $1")
        .bind(session_token_hash)
        .fetch_optional(pool)
        .await
        .context("cannot read the SPID session")?;
    let Some(row) = row else { return Ok(None) };
    sqlx::query("DELETE FROM spid_sessions WHERE session_token_hash = $1")
        .bind(session_token_hash)
        .execute(pool)
        .await
        .context("cannot forget the SPID session")?;
    Ok(Some((
        row.try_get("identity_provider")?,
        ProviderSession { name_id: row.try_get("name_id")?, name_qualifier: row.try_get("name_qualifier")?, session_index: row.try_get("session_index")? },
    )))
}

/// `location?SAMLRequest=…` (or `SAMLResponse`) deflated, encoded and signed.
pub fn signed_redirect(location: &str, parameter: &str, xml: &str, relay_state: &str, key: &super::signing::SigningKey) -> anyhow::Result<String> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(xml.as_bytes()).context("cannot deflate")?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(encoder.finish().context("cannot deflate")?);
    let mut url = url::Url::parse(location).context("the SPID endpoint is not a URL")?;
    url.query_pairs_mut().append_pair(parameter, &encoded);
    if !relay_state.is_empty() {
        url.query_pairs_mut().append_pair("RelayState", relay_state);
    }
    let signed = samael::crypto::sign_url(url, &key.private_key).map_err(|error| anyhow::anyhow!("cannot sign the query: {error}"))?;
    Ok(signed.to_string())
}

/// The deflated XML a redirect carries in `parameter`.
pub fn inflate_parameter(url: &url::Url, parameter: &str) -> anyhow::Result<String> {
    let value = url.query_pairs().find(|(name, _)| name == parameter).map(|(_, value)| value.into_owned()).context("parameter missing")?;
    let compressed = base64::engine::general_purpose::STANDARD.decode(value.as_bytes()).context("not base64")?;
    let mut xml = String::new();
    flate2::read::DeflateDecoder::new(compressed.as_slice()).take(256 * 1024).read_to_string(&mut xml).context("not deflated text")?;
    Ok(xml)
}

fn issue_instant() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// The Issuer element: a service provider adds NameQualifier, as SPID asks.
fn issuer_xml(issuer: &str, with_name_qualifier: bool) -> String {
    let issuer = xml_escape(issuer);
    if with_name_qualifier {
        format!(r#"<saml:Issuer Format="{ENTITY_FORMAT}" NameQualifier="{issuer}">{issuer}</saml:Issuer>"#)
    } else {
        format!(r#"<saml:Issuer Format="{ENTITY_FORMAT}">{issuer}</saml:Issuer>"#)
    }
}

/// A successful LogoutResponse (unsigned: the redirect binding signs the query).
pub fn logout_response_xml(destination: &str, issuer: &str, issuer_name_qualifier: bool, in_response_to: &str) -> String {
    format!(
        concat!(
            r#"<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" "#,
            r#"ID="{id}" Version="2.0" IssueInstant="{now}" Destination="{destination}" InResponseTo="{request}">"#,
            r#"{issuer}<samlp:Status><samlp:StatusCode Value="{success}"/></samlp:Status></samlp:LogoutResponse>"#
        ),
        id = new_saml_id(),
        now = issue_instant(),
        destination = xml_escape(destination),
        request = xml_escape(in_response_to),
        issuer = issuer_xml(issuer, issuer_name_qualifier),
        success = SUCCESS,
    )
}

pub struct LogoutRequestFields<'a> {
    pub id: &'a str,
    pub destination: &'a str,
    pub issuer: &'a str,
    pub issuer_name_qualifier: bool,
    pub name_id: &'a str,
    pub name_qualifier: &'a str,
    pub service_provider_name_qualifier: Option<&'a str>,
    pub session_index: &'a str,
}

/// A LogoutRequest for one transient NameID and session (unsigned: the
/// redirect binding signs the query).
pub fn logout_request_xml(fields: &LogoutRequestFields<'_>) -> String {
    let sp_name_qualifier =
        fields.service_provider_name_qualifier.map(|qualifier| format!(r#" SPNameQualifier="{}""#, xml_escape(qualifier))).unwrap_or_default();
    format!(
        concat!(
            r#"<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" "#,
            r#"ID="{id}" Version="2.0" IssueInstant="{now}" Destination="{destination}">{issuer}"#,
            r#"<saml:NameID Format="{transient}" NameQualifier="{qualifier}"{sp_name_qualifier}>{name_id}</saml:NameID>"#,
            r#"<samlp:SessionIndex>{session_index}</samlp:SessionIndex></samlp:LogoutRequest>"#
        ),
        id = xml_escape(fields.id),
        now = issue_instant(),
        destination = xml_escape(fields.destination),
        issuer = issuer_xml(fields.issuer, fields.issuer_name_qualifier),
        transient = TRANSIENT_NAME_ID_FORMAT,
        qualifier = xml_escape(fields.name_qualifier),
        sp_name_qualifier = sp_name_qualifier,
        name_id = xml_escape(fields.name_id),
        session_index = xml_escape(fields.session_index),
    )
}

/// Whether the provider signed this redirect (any of its metadata certificates).
pub fn signed_by(identity_provider: &ConfiguredIdentityProvider, url: &url::Url, is_request: bool) -> bool {
    identity_provider
        .signing_certificates
        .iter()
        .any(|certificate| samael::crypto::UrlVerifier::from_x509(certificate).is_ok_and(|verifier| redirect_signed(&verifier, url, is_request)))
}

/// Checks an HTTP-Redirect binding's signature. samael's verifier indexes
/// the query by `SigAlg` and `Signature` and panics when one is missing
/// (`GET /spid/esci?SAMLRequest=x` once dropped the connection): a redirect
/// without them is simply not signed.
pub fn redirect_signed(verifier: &samael::crypto::UrlVerifier, url: &url::Url, is_request: bool) -> bool {
    let message = if is_request { "SAMLRequest" } else { "SAMLResponse" };
    let has = |name: &str| url.query_pairs().any(|(key, _)| key == name);
    if !(has(message) && has("SigAlg") && has("Signature")) {
        return false;
    }
    let verified = if is_request { verifier.verify_signed_request_url(url) } else { verifier.verify_signed_response_url(url) };
    verified.unwrap_or(false)
}

/// Records a LogoutRequest for the provider session and returns where to send the browser.
#[tracing::instrument(skip_all)]
pub async fn start_single_logout(
    pool: &AnyPool,
    provider: &SpidServiceProvider,
    identity_provider: &ConfiguredIdentityProvider,
    session: &ProviderSession,
) -> anyhow::Result<Option<String>> {
    let Some(location) = identity_provider.single_logout_redirect_url.clone() else { return Ok(None) };
    let id = new_saml_id();
    let xml = logout_request_xml(&LogoutRequestFields {
        id: &id,
        destination: &location,
        issuer: &provider.entity_id,
        issuer_name_qualifier: true,
        name_id: &session.name_id,
        name_qualifier: &session.name_qualifier,
        service_provider_name_qualifier: None,
        session_index: &session.session_index,
    });
    sqlx::query("INSERT INTO spid_logout_requests (id, identity_provider, issued_at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(&identity_provider.entity_id)
        .bind(now_unix_seconds())
        .execute(pool)
        .await
        .context("cannot record the SPID logout request")?;
    signed_redirect(&location, "SAMLRequest", &xml, &random_token(), &provider.signing_key).map(Some)
}

/// The provider's LogoutResponse to one of our requests: signed by that
/// provider, answering a request of ours once, with status Success.
#[tracing::instrument(skip_all)]
pub async fn accept_logout_response(pool: &AnyPool, provider: &SpidServiceProvider, url: &url::Url) -> anyhow::Result<()> {
    let xml = inflate_parameter(url, "SAMLResponse")?;
    let response = samael::schema::LogoutResponse::from_str(&xml).map_err(|error| anyhow::anyhow!("not a LogoutResponse: {error}"))?;
    let issuer = response.issuer.as_ref().and_then(|issuer| issuer.value.clone()).context("no Issuer")?;
    let identity_provider = provider.identity_provider_by_entity_id(&issuer).context("unknown provider")?;
    anyhow::ensure!(signed_by(identity_provider, url, false), "the LogoutResponse is not signed by the provider");
    let request_id = response.in_response_to.clone().context("no InResponseTo")?;
    let consumed = sqlx::query("UPDATE spid_logout_requests SET consumed_at = $1 WHERE id = $2 AND identity_provider = $3 AND consumed_at IS NULL")
        .bind(now_unix_seconds())
        .bind(&request_id)
        .bind(&identity_provider.entity_id)
        .execute(pool)
        .await
        .context("cannot mark the logout request answered")?;
    anyhow::ensure!(consumed.rows_affected() == 1, "InResponseTo names no pending logout request of ours");
    let status = response.status.as_ref().and_then(|status| status.status_code.value.clone()).unwrap_or_default();
    anyhow::ensure!(status == SUCCESS, "the provider answered {status}");
    Ok(())
}

/// A LogoutRequest started by the provider: ends the portal sessions of that
/// identity and returns the provider's URL with our signed LogoutResponse.
#[tracing::instrument(skip_all)]
pub async fn accept_logout_request(pool: &AnyPool, provider: &SpidServiceProvider, url: &url::Url) -> anyhow::Result<(usize, String)> {
    let xml = inflate_parameter(url, "SAMLRequest")?;
    let request = samael::schema::LogoutRequest::from_str(&xml).map_err(|error| anyhow::anyhow!("not a LogoutRequest: {error}"))?;
    let issuer = request.issuer.as_ref().and_then(|issuer| issuer.value.clone()).context("no Issuer")?;
    let identity_provider = provider.identity_provider_by_entity_id(&issuer).context("unknown provider")?;
    anyhow::ensure!(signed_by(identity_provider, url, true), "the LogoutRequest is not signed by the provider");
    let name_id = request.name_id.as_ref().map(|name_id| name_id.value.clone()).filter(|value| !value.is_empty()).context("no NameID")?;
    let rows = sqlx::query("SELECT session_token_hash FROM spid_sessions WHERE identity_provider = $1 AND name_id = $2")
        .bind(&identity_provider.entity_id)
        .bind(&name_id)
        .fetch_all(pool)
        .await
        .context("cannot find the SPID sessions")?;
    for row in &rows {
        let hash: String = row.try_get("session_token_hash")?;
        crate::auth::sessions::end_session(pool, &app::auth::model::SessionTokenHash(hash.clone())).await?;
        sqlx::query("DELETE FROM spid_sessions WHERE session_token_hash = $1").bind(&hash).execute(pool).await?;
    }
    let location = identity_provider.single_logout_redirect_url.clone().context("the provider has no logout endpoint")?;
    let xml = logout_response_xml(&location, &provider.entity_id, true, request.id.as_deref().unwrap_or_default());
    let relay_state = url.query_pairs().find(|(name, _)| name == "RelayState").map(|(_, value)| value.into_owned()).unwrap_or_default();
    let redirect = signed_redirect(&location, "SAMLResponse", &xml, &relay_state, &provider.signing_key)?;
    Ok((rows.len(), redirect))
}
