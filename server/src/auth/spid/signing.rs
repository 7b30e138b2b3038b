//! XML signatures for SPID with the C xmlsec library (through samael): the
//! portal's metadata, and the test identity provider's responses. Templates
//! say RSA-SHA256 with a SHA-256 digest and exclusive canonicalisation, as
//! AgID's rules require; xmlsec fills in digest and signature values.

use anyhow::Context;
use base64::Engine;
use openssl::pkey::{PKey, Private};
use samael::crypto::{Crypto, CryptoProvider};

/// A private key and its certificate, in the forms the libraries want.
#[derive(Clone)]
pub struct SigningKey {
    pub private_key: PKey<Private>,
    pub private_key_der: Vec<u8>,
    pub certificate_der: Vec<u8>,
}

impl SigningKey {
    pub fn from_pem(private_key_pem: &[u8], certificate_pem: &[u8]) -> anyhow::Result<SigningKey> {
        let private_key = PKey::private_key_from_pem(private_key_pem).context("the SPID private key is not a PEM private key")?;
        let certificate = openssl::x509::X509::from_pem(certificate_pem).context("the SPID certificate is not a PEM certificate")?;
        let matches = certificate.public_key().map(|public_key| public_key.public_eq(&private_key)).context("cannot read the SPID certificate's public key")?;
        anyhow::ensure!(matches, "the SPID certificate does not belong to the SPID private key");
        Ok(SigningKey {
            private_key_der: private_key.private_key_to_der().context("cannot encode the SPID private key")?,
            certificate_der: certificate.to_der().context("cannot encode the SPID certificate")?,
            private_key,
        })
    }

    /// A fresh RSA-2048 key with a self-signed certificate: for the test
    /// identity provider, and for a development portal with no key configured.
    pub fn generate(common_name: &str) -> anyhow::Result<SigningKey> {
        use samael::idp::{CertificateParams, IdentityProvider, KeyType, Rsa};
        let generator = IdentityProvider::generate_new(KeyType::Rsa(Rsa::Rsa2048)).context("cannot generate an RSA key")?;
        let certificate = generator
            .create_certificate(&CertificateParams { common_name, issuer_name: common_name, days_until_expiration: 365 })
            .context("cannot make a certificate")?;
        let private_key_der = generator.export_private_key_der().context("cannot export the key")?;
        Ok(SigningKey {
            private_key: PKey::private_key_from_der(&private_key_der).context("cannot read the generated key")?,
            private_key_der,
            certificate_der: certificate.der_data().to_vec(),
        })
    }

    pub fn certificate_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.certificate_der)
    }

    pub fn certificate_pem(&self) -> String {
        let body = self.certificate_base64();
        let lines: Vec<&str> = body.as_bytes().chunks(64).map(|chunk| std::str::from_utf8(chunk).unwrap_or_default()).collect();
        format!("-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n", lines.join("\n"))
    }
}

/// An enveloped-signature template for the element whose `ID` is `reference_id`.
pub fn signature_template(reference_id: &str, key: &SigningKey) -> String {
    format!(
        concat!(
            r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>"#,
            r#"<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>"#,
            r#"<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>"#,
            r##"<ds:Reference URI="#{reference}"><ds:Transforms>"##,
            r#"<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>"#,
            r#"<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>"#,
            r#"</ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>"#,
            r#"<ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue>"#,
            r#"<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"#,
            r#"</ds:Signature>"#
        ),
        reference = reference_id,
        certificate = key.certificate_base64(),
    )
}

/// Signs the first signature template in document order (the outermost
/// element's, when templates sit right after each `Issuer`).
pub fn sign_first_template(xml: &str, key: &SigningKey) -> anyhow::Result<String> {
    let signed = Crypto::sign_xml(xml, &key.private_key_der).map_err(|error| anyhow::anyhow!("xmlsec could not sign: {error}"))?;
    Ok(without_xml_declaration(&signed).to_string())
}

pub fn without_xml_declaration(xml: &str) -> &str {
    let trimmed = xml.trim_start();
    match trimmed.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>").map(|(_, document)| document.trim_start()).unwrap_or(trimmed),
        None => trimmed,
    }
}

/// Text and attribute values for hand-written XML.
pub fn xml_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// A SAML identifier: starts with a letter or underscore (xsd:ID), unguessable.
pub fn new_saml_id() -> String {
    format!("_{}", crate::auth::tokens::random_token())
}
