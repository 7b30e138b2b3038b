//! SPID: the portal as a SAML 2.0 service provider under AgID's technical
//! rules. XML signing, verification and canonicalisation are done by the C
//! xmlsec library through samael; this module adds what SPID asks beyond
//! SAML (levels, `TINIT-` fiscal numbers, one-time requests, metadata).
//!
//! Flow: the login page links to `/spid/accedi?idp=…`, which records a
//! request and sends the browser to the identity provider (HTTP-Redirect,
//! signed query); the provider posts the answer to `/spid/acs`, which
//! checks it and starts a session.

pub mod identity_providers;
pub mod logout;
pub mod metadata;
pub mod requests;
pub mod responses;
pub mod routes;
pub mod signing;
pub mod test_identity_provider;

use anyhow::Context;
use identity_providers::ConfiguredIdentityProvider;
use signing::SigningKey;
use std::path::PathBuf;
use std::sync::Arc;

/// SPID as configured (environment variables `SPORTELLO_SPID_*`).
#[derive(Clone, Debug, Default)]
pub struct SpidSettings {
    /// PEM files of the portal's SPID key and certificate. Without them a
    /// key is generated at start, which only a test identity provider accepts.
    pub private_key_pem: Option<PathBuf>,
    pub certificate_pem: Option<PathBuf>,
    /// Metadata files of the identity providers offered (the file name,
    /// without `.xml`, is the provider's code in the login link).
    pub identity_provider_metadata: Vec<PathBuf>,
    /// Offer the built-in test identity provider. Never in production.
    pub test_identity_provider: bool,
    /// The public body's IPA code, for the metadata's ContactPerson.
    pub ipa_code: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub organization_name: String,
    pub organization_url: String,
}

impl SpidSettings {
    pub fn from_environment(var: impl Fn(&str) -> Option<String>) -> Option<SpidSettings> {
        let identity_provider_metadata: Vec<PathBuf> =
            var("SPORTELLO_SPID_IDP_METADATA").unwrap_or_default().split(',').map(str::trim).filter(|path| !path.is_empty()).map(PathBuf::from).collect();
        let test_identity_provider = var("SPORTELLO_SPID_TEST_IDP").is_some_and(|value| value == "1" || value == "true");
        if identity_provider_metadata.is_empty() && !test_identity_provider {
            return None;
        }
        Some(SpidSettings {
            private_key_pem: var("SPORTELLO_SPID_PRIVATE_KEY").map(PathBuf::from),
            certificate_pem: var("SPORTELLO_SPID_CERTIFICATE").map(PathBuf::from),
            identity_provider_metadata,
            test_identity_provider,
            ipa_code: var("SPORTELLO_SPID_IPA_CODE").unwrap_or_else(|| "c_h264".into()),
            contact_email: var("SPORTELLO_SPID_CONTACT_EMAIL").unwrap_or_else(|| "sportello.delcittadino@comune.rho.mi.it".into()),
            contact_phone: var("SPORTELLO_SPID_CONTACT_PHONE").unwrap_or_else(|| "+390293332700".into()),
            organization_name: var("SPORTELLO_SPID_ORGANIZATION_NAME").unwrap_or_else(|| "Comune di Rho".into()),
            organization_url: var("SPORTELLO_SPID_ORGANIZATION_URL").unwrap_or_else(|| "https://www.comune.rho.mi.it".into()),
        })
    }
}

/// The running service provider: keys, endpoints, identity providers and the
/// signed metadata (made once at start).
pub struct SpidServiceProvider {
    pub entity_id: String,
    pub assertion_consumer_service_url: String,
    pub single_logout_url: String,
    pub signing_key: SigningKey,
    pub identity_providers: Vec<ConfiguredIdentityProvider>,
    pub signed_metadata: String,
    pub test_identity_provider: Option<Arc<test_identity_provider::TestIdentityProvider>>,
}

impl SpidServiceProvider {
    pub fn start(settings: &SpidSettings, public_url: &str) -> anyhow::Result<SpidServiceProvider> {
        let base = public_url.trim_end_matches('/');
        let signing_key = match (&settings.private_key_pem, &settings.certificate_pem) {
            (Some(key), Some(certificate)) => SigningKey::from_pem(
                &std::fs::read(key).with_context(|| format!("cannot read SPORTELLO_SPID_PRIVATE_KEY {}", key.display()))?,
                &std::fs::read(certificate).with_context(|| format!("cannot read SPORTELLO_SPID_CERTIFICATE {}", certificate.display()))?,
            )?,
            (None, None) if settings.identity_provider_metadata.is_empty() => SigningKey::generate(base)?,
            _ => anyhow::bail!("SPID with real identity providers needs both SPORTELLO_SPID_PRIVATE_KEY and SPORTELLO_SPID_CERTIFICATE"),
        };
        let mut identity_providers =
            settings.identity_provider_metadata.iter().map(|path| identity_providers::load_identity_provider(path)).collect::<anyhow::Result<Vec<_>>>()?;
        let test_identity_provider = if settings.test_identity_provider {
            let test = test_identity_provider::TestIdentityProvider::start(base)?;
            identity_providers.push(test.as_configured()?);
            Some(Arc::new(test))
        } else {
            None
        };
        let mut provider = SpidServiceProvider {
            entity_id: base.to_string(),
            assertion_consumer_service_url: format!("{base}/spid/acs"),
            single_logout_url: format!("{base}/spid/esci"),
            signing_key,
            identity_providers,
            signed_metadata: String::new(),
            test_identity_provider,
        };
        provider.signed_metadata = metadata::signed_service_provider_metadata(&provider, settings)?;
        Ok(provider)
    }

    pub fn identity_provider_by_code(&self, code: &str) -> Option<&ConfiguredIdentityProvider> {
        self.identity_providers.iter().find(|provider| provider.code == code)
    }

    pub fn identity_provider_by_entity_id(&self, entity_id: &str) -> Option<&ConfiguredIdentityProvider> {
        self.identity_providers.iter().find(|provider| provider.entity_id == entity_id)
    }

    pub fn choices(&self) -> app::auth::spid::SpidIdentityProviders {
        app::auth::spid::SpidIdentityProviders(
            self.identity_providers
                .iter()
                .map(|provider| app::auth::spid::SpidIdentityProviderChoice { code: provider.code.clone(), name: provider.name.clone() })
                .collect(),
        )
    }
}
