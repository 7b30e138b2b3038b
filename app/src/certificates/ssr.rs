//! The certificates port: what the certificates pages' server functions
//! need from the registry and the records. The server crate implements it.

use super::model::{CertificateKind, CertificateView, ClerkCertificateView, RequestOptions, VerificationOutcome};
use crate::auth::model::CurrentUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait CertificatesPort: Send + Sync + 'static {
    /// Who in the requester's family unit may have a certificate of `kind`, and why not the others.
    async fn request_options(&self, requester: &CurrentUser, kind: CertificateKind) -> Result<RequestOptions, String>;
    /// The requester's certificates, newest first.
    async fn my_certificates(&self, requester: &CurrentUser) -> Result<Vec<CertificateView>, String>;
    /// One of the requester's certificates (anyone else's: None).
    async fn my_certificate(&self, requester: &CurrentUser, id: &str) -> Result<Option<CertificateView>, String>;
    /// The public check by code (and the QR code's seal, when scanned),
    /// rate-limited per client address.
    async fn verify_code(&self, code: &str, seal: Option<&str>, request: &http::request::Parts) -> Result<VerificationOutcome, String>;
    /// A registry clerk's look-up by code, audited; None for anyone else's
    /// office or an unknown code.
    async fn clerk_lookup(&self, clerk: &CurrentUser, code: &str) -> Result<Option<ClerkCertificateView>, String>;
}

pub type SharedCertificatesPort = Arc<dyn CertificatesPort>;
