//! Typed server functions of the certificates pages.

use super::model::{CertificateKind, CertificateView, ClerkCertificateView, RequestOptions, VerificationOutcome};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn certificates_port() -> Result<super::ssr::SharedCertificatesPort, ServerFnError> {
    use_context::<super::ssr::SharedCertificatesPort>().ok_or_else(|| ServerFnError::new("certificates port missing from context"))
}

#[cfg(feature = "ssr")]
fn hidden(operation: &'static str) -> impl FnOnce(String) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "certificates operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

#[cfg(feature = "ssr")]
fn signed_in() -> Result<crate::auth::model::CurrentUser, ServerFnError> {
    crate::http_context::current_user().ok_or_else(|| ServerFnError::new("login required"))
}

#[server(prefix = "/api", endpoint = "certificates/options")]
pub async fn get_request_options(kind: CertificateKind) -> Result<RequestOptions, ServerFnError> {
    let user = signed_in()?;
    certificates_port()?.request_options(&user, kind).await.map_err(hidden("request_options"))
}

#[server(prefix = "/api", endpoint = "certificates/mine")]
pub async fn get_my_certificates() -> Result<Vec<CertificateView>, ServerFnError> {
    let user = signed_in()?;
    certificates_port()?.my_certificates(&user).await.map_err(hidden("my_certificates"))
}

#[server(prefix = "/api", endpoint = "certificates/one")]
pub async fn get_my_certificate(id: String) -> Result<Option<CertificateView>, ServerFnError> {
    let user = signed_in()?;
    certificates_port()?.my_certificate(&user, &id).await.map_err(hidden("my_certificate"))
}

/// "Verifica un certificato": anyone, no login; rate-limited.
#[server(prefix = "/api", endpoint = "certificates/verify")]
pub async fn verify_certificate_code(code: String, seal: Option<String>) -> Result<VerificationOutcome, ServerFnError> {
    let parts = use_context::<http::request::Parts>().ok_or_else(|| ServerFnError::new("request missing from context"))?;
    certificates_port()?.verify_code(&code, seal.as_deref(), &parts).await.map_err(hidden("verify_code"))
}

/// A registry clerk's look-up (audited).
#[server(prefix = "/api", endpoint = "certificates/clerk-lookup")]
pub async fn clerk_look_up_certificate(code: String) -> Result<Option<ClerkCertificateView>, ServerFnError> {
    let user = signed_in()?;
    if !user.role.works_for_the_municipality() {
        return Err(ServerFnError::new("forbidden"));
    }
    certificates_port()?.clerk_lookup(&user, &code).await.map_err(hidden("clerk_lookup"))
}
