//! A local SPID identity provider for development and the end-to-end tests
//! (`SPORTELLO_SPID_TEST_IDP=1`; never in production). It is deliberately a
//! real one: it reads and checks the signed AuthnRequest, lets the tester
//! choose who they are and at which level, and posts back a Response signed
//! with its own key (Response and Assertion, RSA-SHA256), so the portal's
//! assertion consumer runs exactly as with a real provider.

use super::identity_providers::{identity_provider_from_metadata, ConfiguredIdentityProvider, HTTP_POST_BINDING, HTTP_REDIRECT_BINDING};
use super::requests::{ENTITY_FORMAT, TRANSIENT_NAME_ID_FORMAT};
use super::signing::{new_saml_id, sign_first_template, signature_template, without_xml_declaration, xml_escape, SigningKey};
use anyhow::Context;
use app::auth::spid::SpidLevel;
use base64::Engine;
use chrono::SecondsFormat;

pub const CODE: &str = "prova";
pub const NAME: &str = "Identità SPID di prova (solo sviluppo)";

pub struct TestIdentityProvider {
    pub entity_id: String,
    pub single_sign_on_url: String,
    pub single_logout_url: String,
    pub signing_key: SigningKey,
    pub metadata: String,
    /// NameID and SessionIndex of the last identity asserted (for a logout it starts).
    last_session: std::sync::Mutex<Option<(String, String)>>,
}

/// What the tester chose on the provider's page.
#[derive(Clone, Debug)]
pub struct TestAnswer {
    pub request_id: String,
    pub assertion_consumer_service_url: String,
    pub audience: String,
    pub level: SpidLevel,
    pub fiscal_number: String,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    /// `false`: the tester pressed "Annulla" (SPID error code 25).
    pub authenticated: bool,
}

impl TestIdentityProvider {
    pub fn start(portal_base_url: &str) -> anyhow::Result<TestIdentityProvider> {
        let entity_id = format!("{portal_base_url}/spid-test-idp");
        let single_sign_on_url = format!("{entity_id}/sso");
        let single_logout_url = format!("{entity_id}/slo");
        let signing_key = SigningKey::generate("SPID test identity provider")?;
        let metadata = format!(
            concat!(
                r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entity_id}">"#,
                r#"<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="true">"#,
                r#"<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"#,
                r#"<md:SingleLogoutService Binding="{redirect}" Location="{slo}"/>"#,
                r#"<md:NameIDFormat>{transient}</md:NameIDFormat>"#,
                r#"<md:SingleSignOnService Binding="{redirect}" Location="{sso}"/>"#,
                r#"<md:SingleSignOnService Binding="{post}" Location="{sso}"/>"#,
                r#"</md:IDPSSODescriptor>"#,
                r#"<md:Organization><md:OrganizationName xml:lang="it">{name}</md:OrganizationName>"#,
                r#"<md:OrganizationDisplayName xml:lang="it">{name}</md:OrganizationDisplayName>"#,
                r#"<md:OrganizationURL xml:lang="it">{entity_id}</md:OrganizationURL></md:Organization>"#,
                r#"</md:EntityDescriptor>"#
            ),
            entity_id = xml_escape(&entity_id),
            certificate = signing_key.certificate_base64(),
            transient = TRANSIENT_NAME_ID_FORMAT,
            redirect = HTTP_REDIRECT_BINDING,
            post = HTTP_POST_BINDING,
            sso = xml_escape(&single_sign_on_url),
            slo = xml_escape(&single_logout_url),
            name = xml_escape(NAME),
        );
        Ok(TestIdentityProvider { entity_id, single_sign_on_url, single_logout_url, signing_key, metadata, last_session: std::sync::Mutex::new(None) })
    }

    pub fn as_configured(&self) -> anyhow::Result<ConfiguredIdentityProvider> {
        identity_provider_from_metadata(CODE, &self.metadata)
    }

    /// The signed Response, base64-encoded as the HTTP-POST binding sends it.
    pub fn signed_response_base64(&self, answer: &TestAnswer) -> anyhow::Result<String> {
        let xml = self.signed_response_xml(answer)?;
        Ok(base64::engine::general_purpose::STANDARD.encode(xml.as_bytes()))
    }

    pub fn signed_response_xml(&self, answer: &TestAnswer) -> anyhow::Result<String> {
        let now = chrono::Utc::now();
        let instant = |at: chrono::DateTime<chrono::Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
        let issuer = format!(r#"<saml:Issuer Format="{ENTITY_FORMAT}">{}</saml:Issuer>"#, xml_escape(&self.entity_id));
        let response_id = new_saml_id();
        let status = if answer.authenticated {
            r#"<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>"#.to_string()
        } else {
            concat!(
                r#"<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">"#,
                r#"<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode>"#,
                r#"<samlp:StatusMessage>ErrorCode nr25</samlp:StatusMessage></samlp:Status>"#
            )
            .to_string()
        };
        let assertion = if answer.authenticated {
            let assertion_id = new_saml_id();
            let name_id = new_saml_id();
            let session_index = new_saml_id();
            if let Ok(mut last) = self.last_session.lock() {
                *last = Some((name_id.clone(), session_index.clone()));
            }
            let attribute = |name: &str, value: &str| {
                format!(
                    r#"<saml:Attribute Name="{name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"><saml:AttributeValue xsi:type="xs:string">{}</saml:AttributeValue></saml:Attribute>"#,
                    xml_escape(value)
                )
            };
            let mut attributes =
                attribute("fiscalNumber", &answer.fiscal_number) + &attribute("name", &answer.given_name) + &attribute("familyName", &answer.family_name);
            if let Some(email) = &answer.email {
                attributes += &attribute("email", email);
            }
            let unsigned = format!(
                concat!(
                    r#"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" "#,
                    r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{id}" Version="2.0" IssueInstant="{now}">"#,
                    "{issuer}{signature}",
                    r#"<saml:Subject><saml:NameID Format="{transient}" NameQualifier="{idp}">{name_id}</saml:NameID>"#,
                    r#"<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">"#,
                    r#"<saml:SubjectConfirmationData InResponseTo="{request}" NotOnOrAfter="{until}" Recipient="{acs}"/>"#,
                    r#"</saml:SubjectConfirmation></saml:Subject>"#,
                    r#"<saml:Conditions NotBefore="{now}" NotOnOrAfter="{until}"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>"#,
                    r#"<saml:AuthnStatement AuthnInstant="{now}" SessionIndex="{session}"><saml:AuthnContext><saml:AuthnContextClassRef>{class}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"#,
                    r#"<saml:AttributeStatement>{attributes}</saml:AttributeStatement>"#,
                    r#"</saml:Assertion>"#
                ),
                id = assertion_id,
                now = instant(now),
                until = instant(now + chrono::Duration::minutes(5)),
                issuer = issuer,
                signature = signature_template(&assertion_id, &self.signing_key),
                transient = TRANSIENT_NAME_ID_FORMAT,
                idp = xml_escape(&self.entity_id),
                name_id = name_id,
                request = xml_escape(&answer.request_id),
                acs = xml_escape(&answer.assertion_consumer_service_url),
                audience = xml_escape(&answer.audience),
                session = session_index,
                class = answer.level.authn_context_class(),
                attributes = attributes,
            );
            sign_first_template(&unsigned, &self.signing_key).context("cannot sign the test assertion")?
        } else {
            String::new()
        };
        let response = format!(
            concat!(
                r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" "#,
                r#"ID="{id}" Version="2.0" IssueInstant="{now}" Destination="{acs}" InResponseTo="{request}">"#,
                "{issuer}{signature}{status}{assertion}</samlp:Response>"
            ),
            id = response_id,
            now = instant(now),
            acs = xml_escape(&answer.assertion_consumer_service_url),
            request = xml_escape(&answer.request_id),
            issuer = issuer,
            signature = signature_template(&response_id, &self.signing_key),
            status = status,
            assertion = without_xml_declaration(&assertion),
        );
        sign_first_template(&response, &self.signing_key).context("cannot sign the test response")
    }
}

impl TestIdentityProvider {
    /// Answers the portal's LogoutRequest (already checked as signed by the
    /// portal) with a signed LogoutResponse sent to the portal's endpoint.
    pub fn logout_response_redirect(&self, request_url: &url::Url, portal_logout_url: &str) -> anyhow::Result<String> {
        use std::str::FromStr;
        let xml = super::logout::inflate_parameter(request_url, "SAMLRequest")?;
        let request = samael::schema::LogoutRequest::from_str(&xml).map_err(|error| anyhow::anyhow!("not a LogoutRequest: {error}"))?;
        let response = super::logout::logout_response_xml(portal_logout_url, &self.entity_id, false, request.id.as_deref().unwrap_or_default());
        let relay_state = request_url.query_pairs().find(|(name, _)| name == "RelayState").map(|(_, value)| value.into_owned()).unwrap_or_default();
        super::logout::signed_redirect(portal_logout_url, "SAMLResponse", &response, &relay_state, &self.signing_key)
    }

    /// A LogoutRequest for the last identity asserted, signed, to the portal.
    pub fn logout_request_redirect(&self, portal_entity_id: &str, portal_logout_url: &str) -> anyhow::Result<Option<String>> {
        let Some((name_id, session_index)) = self.last_session.lock().ok().and_then(|last| last.clone()) else { return Ok(None) };
        let request = super::logout::logout_request_xml(&super::logout::LogoutRequestFields {
            id: &new_saml_id(),
            destination: portal_logout_url,
            issuer: &self.entity_id,
            issuer_name_qualifier: false,
            name_id: &name_id,
            name_qualifier: &self.entity_id,
            service_provider_name_qualifier: Some(portal_entity_id),
            session_index: &session_index,
        });
        super::logout::signed_redirect(portal_logout_url, "SAMLRequest", &request, "", &self.signing_key).map(Some)
    }
}
