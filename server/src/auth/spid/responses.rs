//! The assertion consumer's checks. samael (over xmlsec) verifies the
//! signatures against the provider's metadata certificates and keeps only
//! what they cover (no signature wrapping), then checks Destination,
//! InResponseTo, Issuer, Audience, Recipient and the validity window. Added
//! here for SPID: the request is ours, for this provider, unexpired and
//! answered once; the assertion is used once; the NameID is transient; the
//! level is at least the one asked; the fiscal number is `TINIT-<cf>`.

use super::identity_providers::ConfiguredIdentityProvider;
use super::requests::{consume_request, find_request, record_assertion_use, RecordedRequest, REQUEST_LIFETIME_SECONDS, TRANSIENT_NAME_ID_FORMAT};
use super::SpidServiceProvider;
use crate::auth::tokens::{constant_time_equal, now_unix_seconds, sha256_hex};
use app::auth::fiscal_code::FiscalCode;
use app::auth::spid::{fiscal_code_from_spid_fiscal_number, SpidFailure, SpidLevel};
use base64::Engine;
use samael::crypto::{AllowedSignatureAlgorithm, CertificateDer};
use samael::schema::{Assertion, Response};
use samael::service_provider::{Error as SamlError, ServiceProvider};
use sqlx::AnyPool;
use std::str::FromStr;

/// Clock difference tolerated between the provider and this server.
pub const CLOCK_SKEW_SECONDS: i64 = 60;

/// Who SPID says the citizen is.
#[derive(Clone, Debug)]
pub struct SpidIdentity {
    pub fiscal_code: FiscalCode,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub level: SpidLevel,
    pub identity_provider: String,
}

/// Why an answer was refused: what the citizen is told, and (for the audit
/// log and the operators) what exactly was wrong.
#[derive(Debug, thiserror::Error)]
pub enum SpidResponseRefusal {
    #[error("refused ({failure:?}): {reason}")]
    Refused { failure: SpidFailure, reason: String },
    #[error("the SPID answer could not be processed")]
    Failure(#[from] anyhow::Error),
}

fn refused(failure: SpidFailure, reason: impl Into<String>) -> SpidResponseRefusal {
    SpidResponseRefusal::Refused { failure, reason: reason.into() }
}

/// The provider's session behind the login, for single logout.
#[derive(Clone, Debug)]
pub struct ProviderSession {
    pub name_id: String,
    pub name_qualifier: String,
    pub session_index: String,
}

/// The outcome of a valid answer.
pub struct AcceptedResponse {
    pub identity: SpidIdentity,
    pub request: RecordedRequest,
    pub provider_session: ProviderSession,
}

#[tracing::instrument(skip_all)]
pub async fn accept_response(
    pool: &AnyPool,
    provider: &SpidServiceProvider,
    saml_response_base64: &str,
    relay_state: &str,
    browser_binding: Option<&str>,
) -> Result<AcceptedResponse, SpidResponseRefusal> {
    let UnverifiedResponse { xml, request_id, .. } = read_unverified_response(saml_response_base64)?;
    let request = find_request(pool, &request_id).await?.ok_or_else(|| refused(SpidFailure::ExpiredOrReused, "InResponseTo names no request of ours"))?;
    if request.consumed {
        return Err(refused(SpidFailure::ExpiredOrReused, "the request was answered already"));
    }
    if now_unix_seconds() - request.issued_at > REQUEST_LIFETIME_SECONDS {
        return Err(refused(SpidFailure::ExpiredOrReused, "the request has expired"));
    }
    if relay_state != request.relay_state {
        return Err(refused(SpidFailure::InvalidResponse, "RelayState differs from the request's"));
    }
    // Answered in the browser that asked: another browser's answer (an
    // attacker's own login, posted from another site) is refused.
    let same_browser = match (browser_binding, request.browser_binding_hash.as_deref()) {
        (Some(binding), Some(expected)) => constant_time_equal(&sha256_hex(binding.as_bytes()), expected),
        _ => false,
    };
    if !same_browser {
        return Err(refused(SpidFailure::InvalidResponse, "the answer did not come back to the browser that asked"));
    }
    let identity_provider = provider
        .identity_provider_by_entity_id(&request.identity_provider)
        .ok_or_else(|| refused(SpidFailure::UnknownIdentityProvider, "the request's provider is no longer configured"))?;
    let assertion = verify_with_samael(provider, identity_provider, &xml, &request.id)?;
    let identity = check_spid_assertion(&assertion, &request, identity_provider)?;
    // Form rules on what was just verified; they can only refuse.
    let name_qualifier = name_id_name_qualifier(&xml)
        .filter(|qualifier| !qualifier.trim().is_empty())
        .ok_or_else(|| refused(SpidFailure::InvalidResponse, "the NameID has no NameQualifier"))?;
    let provider_session = ProviderSession {
        name_id: assertion.subject.as_ref().and_then(|subject| subject.name_id.as_ref()).map(|name_id| name_id.value.clone()).unwrap_or_default(),
        name_qualifier,
        session_index: assertion.authn_statements.iter().flatten().find_map(|statement| statement.session_index.clone()).unwrap_or_default(),
    };
    // One use of the request and of the assertion: the first to arrive wins.
    if !consume_request(pool, &request.id).await? {
        return Err(refused(SpidFailure::ExpiredOrReused, "the request was answered already"));
    }
    if !record_assertion_use(pool, &assertion.id, &identity_provider.entity_id).await? {
        return Err(refused(SpidFailure::ExpiredOrReused, "the assertion was used already"));
    }
    Ok(AcceptedResponse { identity, request, provider_session })
}

/// A posted answer, decoded and read but not yet trusted: enough to find
/// the request and the provider to verify it against.
pub struct UnverifiedResponse {
    pub xml: String,
    pub response: Response,
    pub request_id: String,
}

/// Decodes `SAMLResponse` (base64, line breaks allowed), reads it as a SAML
/// Response and applies the form rules that need no key. Never panics on any
/// input (a fuzz target holds it to that).
pub fn read_unverified_response(saml_response_base64: &str) -> Result<UnverifiedResponse, SpidResponseRefusal> {
    let compact: String = saml_response_base64.chars().filter(|character| !character.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|_| refused(SpidFailure::InvalidResponse, "SAMLResponse is not base64"))?;
    let xml = String::from_utf8(bytes).map_err(|_| refused(SpidFailure::InvalidResponse, "SAMLResponse is not UTF-8"))?;
    let response = Response::from_str(&xml).map_err(|error| refused(SpidFailure::InvalidResponse, format!("not a SAML Response: {error}")))?;
    let request_id = response
        .in_response_to
        .clone()
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| refused(SpidFailure::InvalidResponse, "the Response has no InResponseTo"))?;
    check_response_envelope(&response)?;
    Ok(UnverifiedResponse { xml, response, request_id })
}

/// AgID's form rules for the Response element itself (samael checks the
/// values when present; SPID wants them present). Checked before the
/// signatures, and only ever to refuse.
fn check_response_envelope(response: &Response) -> Result<(), SpidResponseRefusal> {
    if response.version != "2.0" {
        return Err(refused(SpidFailure::InvalidResponse, "the Response's Version is not 2.0"));
    }
    if response.destination.as_deref().is_none_or(|destination| destination.trim().is_empty()) {
        return Err(refused(SpidFailure::InvalidResponse, "the Response has no Destination"));
    }
    if response.status.is_none() {
        return Err(refused(SpidFailure::InvalidResponse, "the Response has no Status"));
    }
    let issuer = response.issuer.as_ref().ok_or_else(|| refused(SpidFailure::InvalidResponse, "the Response has no Issuer"))?;
    if issuer.value.as_deref().is_none_or(|value| value.trim().is_empty()) {
        return Err(refused(SpidFailure::InvalidResponse, "the Response's Issuer is empty"));
    }
    if issuer.format.as_deref().is_some_and(|format| format != super::requests::ENTITY_FORMAT) {
        return Err(refused(SpidFailure::InvalidResponse, "the Response's Issuer has a Format other than entity"));
    }
    Ok(())
}

/// The `NameQualifier` of the assertion's `NameID` (samael does not keep it).
pub fn name_id_name_qualifier(xml: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(element) | Event::Empty(element)) if element.local_name().as_ref() == b"NameID" => {
                return element
                    .attributes()
                    .flatten()
                    .find(|attribute| attribute.key.local_name().as_ref() == b"NameQualifier")
                    .and_then(|attribute| attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|value| value.into_owned()));
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

fn verify_with_samael(
    provider: &SpidServiceProvider,
    identity_provider: &ConfiguredIdentityProvider,
    xml: &str,
    request_id: &str,
) -> Result<Assertion, SpidResponseRefusal> {
    let service_provider = ServiceProvider {
        entity_id: Some(provider.entity_id.clone()),
        key: Some(provider.signing_key.private_key.clone()),
        certificate: Some(CertificateDer::from(provider.signing_key.certificate_der.clone())),
        intermediates: None,
        metadata_url: None,
        acs_url: Some(provider.assertion_consumer_service_url.clone()),
        slo_url: Some(provider.single_logout_url.clone()),
        idp_metadata: identity_provider.descriptor.clone(),
        authn_name_id_format: None,
        metadata_valid_duration: None,
        force_authn: false,
        allow_idp_initiated: false,
        contact_person: None,
        max_issue_delay: chrono::Duration::seconds(REQUEST_LIFETIME_SECONDS),
        max_clock_skew: chrono::Duration::seconds(CLOCK_SKEW_SECONDS),
        allowed_signature_algorithms: Some(vec![
            AllowedSignatureAlgorithm::RsaSha256,
            AllowedSignatureAlgorithm::RsaSha384,
            AllowedSignatureAlgorithm::RsaSha512,
            AllowedSignatureAlgorithm::EcdsaSha256,
            AllowedSignatureAlgorithm::EcdsaSha384,
            AllowedSignatureAlgorithm::EcdsaSha512,
        ]),
    };
    service_provider.parse_xml_response(xml, Some(&[request_id])).map_err(|error| match error {
        SamlError::ResponseBadStatusCode { code } => refused(SpidFailure::Cancelled, format!("status {code}")),
        other => refused(SpidFailure::InvalidResponse, other.to_string()),
    })
}

fn check_spid_assertion(
    assertion: &Assertion,
    request: &RecordedRequest,
    identity_provider: &ConfiguredIdentityProvider,
) -> Result<SpidIdentity, SpidResponseRefusal> {
    let now = chrono::Utc::now();
    let skew = chrono::Duration::seconds(CLOCK_SKEW_SECONDS);
    if assertion.version != "2.0" {
        return Err(refused(SpidFailure::InvalidResponse, "the assertion's Version is not 2.0"));
    }
    if assertion.signature.is_none() {
        return Err(refused(SpidFailure::InvalidResponse, "the assertion is not signed (AgID: it always must be)"));
    }
    if assertion.issuer.format.as_deref() != Some(super::requests::ENTITY_FORMAT) {
        return Err(refused(SpidFailure::InvalidResponse, "the assertion's Issuer Format is not entity"));
    }
    if assertion.issue_instant > now + skew {
        return Err(refused(SpidFailure::InvalidResponse, "the assertion is issued in the future"));
    }
    let name_id = assertion.subject.as_ref().and_then(|subject| subject.name_id.as_ref()).ok_or_else(|| refused(SpidFailure::InvalidResponse, "no NameID"))?;
    if name_id.format.as_deref() != Some(TRANSIENT_NAME_ID_FORMAT) || name_id.value.trim().is_empty() {
        return Err(refused(SpidFailure::InvalidResponse, "the NameID is not a transient identifier"));
    }
    let conditions = assertion.conditions.as_ref().ok_or_else(|| refused(SpidFailure::InvalidResponse, "no Conditions"))?;
    if conditions.not_before.is_none() || conditions.not_on_or_after.is_none() {
        return Err(refused(SpidFailure::InvalidResponse, "the Conditions have no validity window"));
    }
    if conditions.audience_restrictions.as_ref().is_none_or(|restrictions| restrictions.is_empty()) {
        return Err(refused(SpidFailure::InvalidResponse, "no AudienceRestriction"));
    }
    let class = assertion
        .authn_statements
        .iter()
        .flatten()
        .filter_map(|statement| statement.authn_context.as_ref())
        .filter_map(|context| context.value.as_ref())
        .find_map(|class| class.value.clone())
        .ok_or_else(|| refused(SpidFailure::InvalidResponse, "no AuthnContextClassRef"))?;
    let level =
        SpidLevel::from_authn_context_class(&class).ok_or_else(|| refused(SpidFailure::InvalidResponse, format!("unknown AuthnContextClassRef {class}")))?;
    if !level.satisfies(request.requested_level) {
        return Err(refused(SpidFailure::LevelTooLow, format!("asked level {} and got level {}", request.requested_level.number(), level.number())));
    }
    let attribute = |name: &str| -> Option<String> {
        assertion
            .attribute_statements
            .iter()
            .flatten()
            .flat_map(|statement| statement.attributes.iter())
            .find(|attribute| attribute.name.as_deref() == Some(name))
            .and_then(|attribute| attribute.values.first())
            .and_then(|value| value.value.clone())
            .map(|value| value.trim().to_string())
            .filter(|value| !value.is_empty())
    };
    let fiscal_code = attribute("fiscalNumber")
        .ok_or_else(|| refused(SpidFailure::NoFiscalCode, "no fiscalNumber attribute"))
        .and_then(|value| fiscal_code_from_spid_fiscal_number(&value).map_err(|error| refused(SpidFailure::NoFiscalCode, error.to_string())))?;
    let given_name = attribute("name").ok_or_else(|| refused(SpidFailure::InvalidResponse, "no name attribute"))?;
    let family_name = attribute("familyName").ok_or_else(|| refused(SpidFailure::InvalidResponse, "no familyName attribute"))?;
    Ok(SpidIdentity { fiscal_code, given_name, family_name, email: attribute("email"), level, identity_provider: identity_provider.entity_id.clone() })
}
