//! The portal's signed SPID metadata (`/spid/metadata`), written to AgID's
//! rules for public service providers: signing key, HTTP-POST assertion
//! consumer, transient NameID, the attributes asked for, the organisation and
//! a ContactPerson with the public-body extensions (IPA code, `spid:Public`).

use super::signing::{new_saml_id, sign_first_template, signature_template, xml_escape};
use super::{SpidServiceProvider, SpidSettings};

/// The attributes asked for: enough to identify and to write back.
pub const REQUESTED_ATTRIBUTES: [&str; 4] = ["fiscalNumber", "name", "familyName", "email"];

pub fn signed_service_provider_metadata(provider: &SpidServiceProvider, settings: &SpidSettings) -> anyhow::Result<String> {
    let id = new_saml_id();
    let requested_attributes: String = REQUESTED_ATTRIBUTES
        .iter()
        .map(|name| format!(r#"<md:RequestedAttribute Name="{name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"/>"#))
        .collect();
    let organization_name = xml_escape(&settings.organization_name);
    let xml = format!(
        concat!(
            r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" "#,
            r#"xmlns:spid="https://spid.gov.it/saml-extensions" entityID="{entity_id}" ID="{id}">"#,
            "{signature}",
            r#"<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="true" WantAssertionsSigned="true">"#,
            r#"<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"#,
            r#"<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{slo}"/>"#,
            r#"<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>"#,
            r#"<md:AssertionConsumerService index="0" isDefault="true" Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{acs}"/>"#,
            r#"<md:AttributeConsumingService index="0"><md:ServiceName xml:lang="it">Sportello telematico</md:ServiceName>{requested_attributes}</md:AttributeConsumingService>"#,
            r#"</md:SPSSODescriptor>"#,
            r#"<md:Organization><md:OrganizationName xml:lang="it">{organization_name}</md:OrganizationName>"#,
            r#"<md:OrganizationDisplayName xml:lang="it">{organization_name}</md:OrganizationDisplayName>"#,
            r#"<md:OrganizationURL xml:lang="it">{organization_url}</md:OrganizationURL></md:Organization>"#,
            r#"<md:ContactPerson contactType="other"><md:Extensions><spid:IPACode>{ipa_code}</spid:IPACode><spid:Public/></md:Extensions>"#,
            r#"<md:EmailAddress>{email}</md:EmailAddress><md:TelephoneNumber>{phone}</md:TelephoneNumber></md:ContactPerson>"#,
            r#"</md:EntityDescriptor>"#
        ),
        entity_id = xml_escape(&provider.entity_id),
        id = id,
        signature = signature_template(&id, &provider.signing_key),
        certificate = provider.signing_key.certificate_base64(),
        slo = xml_escape(&provider.single_logout_url),
        acs = xml_escape(&provider.assertion_consumer_service_url),
        requested_attributes = requested_attributes,
        organization_name = organization_name,
        organization_url = xml_escape(&settings.organization_url),
        ipa_code = xml_escape(&settings.ipa_code),
        email = xml_escape(&settings.contact_email),
        phone = xml_escape(&settings.contact_phone),
    );
    sign_first_template(&xml, &provider.signing_key)
}
