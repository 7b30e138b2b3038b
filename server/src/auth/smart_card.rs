//! Login with a CNS/CRS smart card (Carta Nazionale dei Servizi, Carta
//! Regionale dei Servizi): a TLS client certificate issued by a certifier the
//! municipality trusts, whose subject CN is `<fiscal code>/<serial>.<hash>`.
//!
//! Two ways to receive the certificate:
//! - the server terminates TLS itself on a separate listener that asks for an
//!   optional client certificate (see `http::tls`). The handshake takes any
//!   certificate the browser offers *after* checking the browser holds its
//!   private key (the handshake signature is verified by webpki); whether the
//!   certificate chains to the configured CA bundle and is within its
//!   validity is decided here, so the citizen gets a clear page instead of a
//!   broken connection;
//! - a TLS-terminating proxy forwards the verified certificate (URL-encoded
//!   PEM in `X-Client-Cert`, as nginx's `$ssl_client_escaped_cert`), believed
//!   only from the configured proxy addresses.
//!
//! Either way the chain is verified here with webpki against the CA bundle.

use super::accounts::account_for_identified_person;
use super::audit::{append_audit_event, AuditEvent};
use super::sessions::{session_cookie, start_session, SessionTokenHash};
use crate::http::client_address::ClientAddress;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::Query;
use crate::http::form_pages::page_with_context;
use crate::AppState;
use anyhow::Context;
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::{safe_return_path, AuthenticationMethod, SmartCardFailure};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Extension;
use leptos::prelude::provide_context;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, UnixTime};
use rustls::server::danger::ClientCertVerifier;
use rustls::server::WebPkiClientVerifier;
use rustls::RootCertStore;
use serde::Deserialize;
use std::sync::Arc;

/// The certificate chain the browser presented on this TLS connection (leaf first).
#[derive(Clone, Debug, Default)]
pub struct PresentedCertificates(pub Vec<CertificateDer<'static>>);

/// The trusted certifiers (CNS/CRS issuing CAs), as a webpki verifier.
#[derive(Clone, Debug)]
pub struct TrustedCertifiers(pub Arc<dyn ClientCertVerifier>);

/// What the smart card says about its holder, once everything checked out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmartCardHolder {
    pub fiscal_code: FiscalCode,
    pub given_name: String,
    pub family_name: String,
}

/// Builds the verifier of the trusted certifiers from a PEM bundle.
pub fn trusted_certifiers_from_pem(ca_bundle_pem: &[u8]) -> anyhow::Result<TrustedCertifiers> {
    let mut roots = RootCertStore::empty();
    for certificate in CertificateDer::pem_slice_iter(ca_bundle_pem) {
        roots.add(certificate.context("the CA bundle is not valid PEM")?).context("a CA certificate of the bundle is invalid")?;
    }
    anyhow::ensure!(!roots.is_empty(), "the smart-card CA bundle holds no certificate");
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), Arc::new(rustls::crypto::ring::default_provider()))
        .allow_unauthenticated()
        .build()
        .context("cannot build the client-certificate verifier")?;
    Ok(TrustedCertifiers(verifier))
}

/// Checks the chain against the trusted certifiers and reads the holder.
pub fn verify_smart_card(certifiers: &TrustedCertifiers, chain: &[CertificateDer<'static>], now: UnixTime) -> Result<SmartCardHolder, SmartCardFailure> {
    let Some((leaf, intermediates)) = chain.split_first() else {
        return Err(SmartCardFailure::NoCertificate);
    };
    if let Err(error) = certifiers.0.verify_client_cert(leaf, intermediates, now) {
        use rustls::CertificateError as Why;
        return Err(match error {
            rustls::Error::InvalidCertificate(Why::Expired | Why::NotValidYet)
            | rustls::Error::InvalidCertificate(Why::ExpiredContext { .. } | Why::NotValidYetContext { .. }) => SmartCardFailure::Expired,
            rustls::Error::InvalidCertificate(Why::UnknownIssuer | Why::BadSignature) => SmartCardFailure::UntrustedIssuer,
            _ => SmartCardFailure::Unreadable,
        });
    }
    read_holder(leaf)
}

/// Subject CN `CF/serial.hash`; given name and surname from their own attributes.
pub fn read_holder(leaf: &CertificateDer<'_>) -> Result<SmartCardHolder, SmartCardFailure> {
    let (_, certificate) = x509_parser::parse_x509_certificate(leaf.as_ref()).map_err(|_| SmartCardFailure::Unreadable)?;
    let subject = certificate.subject();
    let common_name = subject.iter_common_name().next().and_then(|attribute| attribute.as_str().ok()).ok_or(SmartCardFailure::NoFiscalCode)?;
    let (fiscal_code, serial_and_hash) = common_name.split_once('/').ok_or(SmartCardFailure::NoFiscalCode)?;
    if serial_and_hash.trim().is_empty() {
        return Err(SmartCardFailure::NoFiscalCode);
    }
    let fiscal_code = FiscalCode::parse(fiscal_code).map_err(|_| SmartCardFailure::NoFiscalCode)?;
    let attribute = |oid: &x509_parser::der_parser::oid::Oid<'_>| {
        subject.iter_by_oid(oid).next().and_then(|attribute| attribute.as_str().ok()).and_then(app::auth::model::parse_person_name).unwrap_or_default()
    };
    Ok(SmartCardHolder {
        fiscal_code,
        given_name: attribute(&x509_parser::oid_registry::OID_X509_GIVEN_NAME),
        family_name: attribute(&x509_parser::oid_registry::OID_X509_SURNAME),
    })
}

/// The certificate from a trusted proxy's `X-Client-Cert` header.
fn certificate_forwarded_by_proxy(peer: Option<std::net::IpAddr>, headers: &HeaderMap, state: &AppState) -> Vec<CertificateDer<'static>> {
    let trusted = peer.is_some_and(|peer| state.config.trusted_proxies.contains(&peer));
    if !trusted {
        return Vec::new();
    }
    let Some(escaped) = headers.get("x-client-cert").and_then(|value| value.to_str().ok()) else {
        return Vec::new();
    };
    let pem = app::http_context::percent_decode(escaped);
    CertificateDer::pem_slice_iter(pem.as_bytes()).filter_map(Result::ok).collect()
}

/// The page to return to after the login (the login pages' link).
#[derive(Deserialize)]
pub struct SmartCardQuery {
    #[serde(default, rename = "ritorno")]
    return_to: String,
}

/// GET /accedi/cns — on the smart-card TLS listener (or behind the proxy).
#[tracing::instrument(skip_all)]
pub async fn log_in_with_smart_card(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    previous: Option<Extension<SessionTokenHash>>,
    presented: Option<Extension<PresentedCertificates>>,
    peer: Option<Extension<ConnectInfo<std::net::SocketAddr>>>,
    headers: HeaderMap,
    Query(query): Query<SmartCardQuery>,
) -> Result<Response, AppError> {
    let Some(certifiers) = state.smart_card_certifiers.clone() else {
        return Ok(failure_page(SmartCardFailure::NotConfigured));
    };
    let presented = presented.map(|Extension(chain)| chain.0).unwrap_or_default();
    let peer = peer.map(|Extension(ConnectInfo(address))| address.ip());
    let chain = if presented.is_empty() { certificate_forwarded_by_proxy(peer, &headers, &state) } else { presented };
    let holder = match verify_smart_card(&certifiers, &chain, UnixTime::now()) {
        Ok(holder) => holder,
        Err(failure) => {
            if failure != SmartCardFailure::NoCertificate {
                let details = serde_json::json!({ "method": "smart_card", "reason": format!("{failure:?}"), "address": address.to_string() });
                append_audit_event(&state.pool, &AuditEvent::new("anonymous", "login_failed", "unknown").with_details(details)).await.or_internal("audit")?;
            }
            return Ok(failure_page(failure));
        }
    };
    let previous = previous.map(|Extension(session)| session);
    complete_login(&state, previous, &query.return_to, &holder, address).await.or_internal("smart_card_login")
}

async fn complete_login(
    state: &AppState,
    previous: Option<SessionTokenHash>,
    return_to: &str,
    holder: &SmartCardHolder,
    address: std::net::IpAddr,
) -> anyhow::Result<Response> {
    // First access creates the account: the identity comes from the certifier.
    let account_id = account_for_identified_person(&state.pool, &holder.fiscal_code, &holder.given_name, &holder.family_name, None, "smart_card").await?;
    let token = start_session(&state.pool, previous.as_ref(), &account_id, 2, AuthenticationMethod::SmartCard).await?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(&account_id, "login", &account_id)
            .with_details(serde_json::json!({ "method": "smart_card", "level": 2, "address": address.to_string() })),
    )
    .await?;
    let return_path = safe_return_path(return_to).filter(|path| !path.starts_with("/accedi")).unwrap_or_else(|| "/area-personale".to_string());
    let mut response = super::sessions::redirect_to(&return_path);
    response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&session_cookie(&token, state.config.served_over_tls()))?);
    Ok(response)
}

/// The smart-card page again, 403, explaining the refusal.
fn failure_page(failure: SmartCardFailure) -> Response {
    page_with_context("/accedi/carta", StatusCode::FORBIDDEN, move || provide_context(failure))
}
