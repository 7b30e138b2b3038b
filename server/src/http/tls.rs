//! The smart-card TLS listener: the server terminates TLS itself (rustls)
//! and asks for an optional client certificate, so the browser offers the
//! CNS/CRS card. The handshake verifies that the browser holds the
//! certificate's private key; trusting the certificate itself is the login
//! page's decision (`auth::smart_card`), which can explain a refusal.

use crate::auth::smart_card::{PresentedCertificates, TrustedCertifiers};
use crate::config::SmartCardTls;
use anyhow::Context;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// Asks for a certificate from the trusted certifiers (their names are sent
/// as hints so the browser offers the right one), accepts whatever is
/// presented, and checks the handshake signature with the real verifier.
#[derive(Debug)]
struct AskForSmartCard {
    certifiers: Arc<dyn ClientCertVerifier>,
}

impl ClientCertVerifier for AskForSmartCard {
    fn offer_client_auth(&self) -> bool {
        true
    }

    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        self.certifiers.root_hint_subjects()
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        certificate: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.certifiers.verify_tls12_signature(message, certificate, signature)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        certificate: &CertificateDer<'_>,
        signature: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.certifiers.verify_tls13_signature(message, certificate, signature)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.certifiers.supported_verify_schemes()
    }
}

pub fn smart_card_acceptor(tls: &SmartCardTls, certifiers: &TrustedCertifiers) -> anyhow::Result<TlsAcceptor> {
    let certificate_pem = std::fs::read(&tls.certificate_pem).with_context(|| format!("cannot read the TLS certificate {}", tls.certificate_pem.display()))?;
    let key_pem = std::fs::read(&tls.private_key_pem).with_context(|| format!("cannot read the TLS private key {}", tls.private_key_pem.display()))?;
    let chain = CertificateDer::pem_slice_iter(&certificate_pem).collect::<Result<Vec<_>, _>>().context("the TLS certificate file is not PEM")?;
    let key = PrivateKeyDer::from_pem_slice(&key_pem).context("the TLS private key file holds no key")?;
    let verifier = Arc::new(AskForSmartCard { certifiers: certifiers.0.clone() });
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .context("TLS protocol versions")?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .context("the TLS certificate and key do not match")?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}

/// Serves the whole router over TLS, each connection's presented
/// certificates attached to its requests.
pub async fn serve_smart_card_listener(listener: TcpListener, acceptor: TlsAcceptor, router: Router, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "smart-card listener: accept failed");
                    continue;
                }
            },
            _ = shutdown.changed() => return,
        };
        let acceptor = acceptor.clone();
        let router = router.clone();
        tokio::spawn(async move {
            let tls = match acceptor.accept(stream).await {
                Ok(tls) => tls,
                Err(error) => {
                    tracing::debug!(%error, "smart-card listener: TLS handshake failed");
                    return;
                }
            };
            let presented =
                tls.get_ref().1.peer_certificates().map(|chain| chain.iter().map(|certificate| certificate.clone().into_owned()).collect()).unwrap_or_default();
            let service = router.layer(axum::Extension(PresentedCertificates(presented))).layer(axum::Extension(ConnectInfo(peer)));
            let _ =
                hyper_util::server::conn::auto::Builder::new(TokioExecutor::new()).serve_connection(TokioIo::new(tls), TowerToHyperService::new(service)).await;
        });
    }
}
