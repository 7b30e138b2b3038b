//! Identity providers from their SAML metadata files.
//!
//! samael skips signature verification when an identity provider's metadata
//! carries no signing certificate; such metadata is refused here, at start.

use anyhow::Context;
use samael::crypto::CertificateDer;
use samael::metadata::EntityDescriptor;
use std::path::Path;
use std::str::FromStr;

pub const HTTP_REDIRECT_BINDING: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
pub const HTTP_POST_BINDING: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

#[derive(Clone)]
pub struct ConfiguredIdentityProvider {
    /// Used in the portal's login link (`/spid/accedi?idp=<code>`).
    pub code: String,
    pub name: String,
    pub entity_id: String,
    pub single_sign_on_redirect_url: String,
    pub single_logout_redirect_url: Option<String>,
    pub descriptor: EntityDescriptor,
    pub signing_certificates: Vec<CertificateDer>,
}

impl std::fmt::Debug for ConfiguredIdentityProvider {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("ConfiguredIdentityProvider").field("code", &self.code).field("entity_id", &self.entity_id).finish()
    }
}

pub fn load_identity_provider(path: &Path) -> anyhow::Result<ConfiguredIdentityProvider> {
    let xml = std::fs::read_to_string(path).with_context(|| format!("cannot read SPID identity provider metadata {}", path.display()))?;
    let code = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .map(|stem| stem.to_lowercase())
        .filter(|stem| !stem.is_empty() && stem.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-'))
        .with_context(|| format!("{}: name the file with letters, digits and dashes (it becomes the provider's code)", path.display()))?;
    identity_provider_from_metadata(&code, &xml).with_context(|| format!("SPID identity provider metadata {}", path.display()))
}

pub fn identity_provider_from_metadata(code: &str, xml: &str) -> anyhow::Result<ConfiguredIdentityProvider> {
    let descriptor = EntityDescriptor::from_str(xml).context("not SAML metadata (EntityDescriptor)")?;
    let entity_id = descriptor.entity_id.clone().filter(|id| !id.trim().is_empty()).context("no entityID")?;
    let idp = descriptor.idp_sso_descriptors.as_ref().and_then(|descriptors| descriptors.first()).context("no IDPSSODescriptor: not an identity provider")?;
    let single_sign_on_redirect_url = idp
        .single_sign_on_services
        .iter()
        .find(|service| service.binding == HTTP_REDIRECT_BINDING)
        .map(|service| service.location.clone())
        .context("no SingleSignOnService with the HTTP-Redirect binding")?;
    let single_logout_redirect_url =
        idp.single_logout_services.iter().find(|service| service.binding == HTTP_REDIRECT_BINDING).map(|service| service.location.clone());
    let signing_certificates: Vec<CertificateDer> = idp
        .key_descriptors
        .iter()
        .filter(|key| key.key_use.as_deref().is_none_or(|key_use| key_use == "signing"))
        .filter_map(|key| key.key_info.x509_data.as_ref())
        .flat_map(|data| data.certificates.iter())
        .map(|certificate| samael::crypto::decode_x509_cert(certificate).context("a signing certificate is not base64"))
        .collect::<anyhow::Result<_>>()?;
    anyhow::ensure!(!signing_certificates.is_empty(), "no signing certificate: answers from this identity provider could not be verified, so it is refused");
    let name = descriptor
        .organization
        .as_ref()
        .and_then(|organization| organization.organization_display_names.as_ref())
        .and_then(|names| names.first())
        .map(|name| name.value.clone())
        .unwrap_or_else(|| entity_id.clone());
    Ok(ConfiguredIdentityProvider {
        code: code.to_string(),
        name,
        entity_id,
        single_sign_on_redirect_url,
        single_logout_redirect_url,
        descriptor,
        signing_certificates,
    })
}
