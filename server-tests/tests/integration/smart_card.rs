//! CNS/CRS smart-card login over a real TLS connection, with a test CA and
//! client certificates generated here: valid, expired, from another CA,
//! without a fiscal code, none at all; and through a trusted proxy.

use crate::support::{Backend, TestServer};
use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose};
use server::config::SmartCardTls;
use std::path::PathBuf;

struct Authority {
    certificate: rcgen::Certificate,
    key: KeyPair,
}

fn authority(name: &str) -> Authority {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let key = KeyPair::generate().unwrap();
    let certificate = params.self_signed(&key).unwrap();
    Authority { certificate, key }
}

/// A smart card's authentication certificate: PEM of certificate + key.
fn smart_card(issuer: &Authority, common_name: &str, expired: bool) -> (String, String) {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.distinguished_name.push(DnType::CommonName, common_name);
    params.distinguished_name.push(DnType::CustomDnType(vec![2, 5, 4, 42]), "Mario");
    params.distinguished_name.push(DnType::CustomDnType(vec![2, 5, 4, 4]), "Rossi");
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    if expired {
        params.not_before = rcgen::date_time_ymd(2015, 1, 1);
        params.not_after = rcgen::date_time_ymd(2020, 1, 1);
    }
    let key = KeyPair::generate().unwrap();
    let certificate = params.signed_by(&key, &issuer.certificate, &issuer.key).unwrap();
    (certificate.pem(), key.serialize_pem())
}

struct Fixture {
    _dir: tempfile::TempDir,
    certifier: Authority,
    other_certifier: Authority,
    server_ca: Authority,
    ca_bundle: PathBuf,
    tls: SmartCardTls,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let certifier = authority("Certificatore CNS di prova");
    let other_certifier = authority("Ente sconosciuto");
    let server_ca = authority("CA del server di prova");
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    params.distinguished_name.push(DnType::CommonName, "portale.test");
    let server_key = KeyPair::generate().unwrap();
    let server_certificate = params.signed_by(&server_key, &server_ca.certificate, &server_ca.key).unwrap();
    let ca_bundle = dir.path().join("cns-ca.pem");
    std::fs::write(&ca_bundle, certifier.certificate.pem()).unwrap();
    let certificate_pem = dir.path().join("server.pem");
    let private_key_pem = dir.path().join("server-key.pem");
    std::fs::write(&certificate_pem, server_certificate.pem()).unwrap();
    std::fs::write(&private_key_pem, server_key.serialize_pem()).unwrap();
    let tls = SmartCardTls { bind_address: "127.0.0.1:0".parse().unwrap(), certificate_pem, private_key_pem };
    Fixture { _dir: dir, certifier, other_certifier, server_ca, ca_bundle, tls }
}

fn browser(fixture: &Fixture, card: Option<&(String, String)>) -> reqwest::Client {
    let mut builder = reqwest::Client::builder()
        .use_rustls_tls()
        .redirect(reqwest::redirect::Policy::none())
        .add_root_certificate(reqwest::Certificate::from_pem(fixture.server_ca.certificate.pem().as_bytes()).unwrap());
    if let Some((certificate, key)) = card {
        builder = builder.identity(reqwest::Identity::from_pem(format!("{certificate}{key}").as_bytes()).unwrap());
    }
    builder.build().unwrap()
}

async fn refused_with(server: &TestServer, client: reqwest::Client, expected: &str) {
    let response = client.get(server.smart_card_url("/accedi/cns")).send().await.unwrap();
    assert_eq!(response.status(), 403);
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Errore: "), "{html}");
    assert!(html.contains(expected), "expected «{expected}» in {html}");
}

async fn smart_card_login_over_tls(backend: Backend) {
    let fixture = fixture();
    let (ca_bundle, tls) = (fixture.ca_bundle.clone(), fixture.tls.clone());
    let server = TestServer::start_with(backend, move |config| {
        config.smart_card_ca_bundle = Some(ca_bundle);
        config.smart_card_tls = Some(tls);
    })
    .await;

    let valid = smart_card(&fixture.certifier, "RSSMRA80A01F205X/7420091000049623.FGn6sVVJ3EfTWWhcQzDkqsN6vv4=", false);
    let client = browser(&fixture, Some(&valid));
    let response = client.get(server.smart_card_url("/accedi/cns?ritorno=%2Fservizi%2Fcambio-di-residenza")).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/servizi/cambio-di-residenza");
    let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let html = client.get(server.smart_card_url("/area-personale")).header("cookie", &cookie).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Benvenuto, Mario Rossi"), "{html}");
    assert!(html.contains("Carta Nazionale dei Servizi (livello 2)"));
    let source: String = sqlx::Row::get(
        &sqlx::query("SELECT identity_source FROM accounts WHERE fiscal_code = 'RSSMRA80A01F205X'").fetch_one(server.pool()).await.unwrap(),
        "identity_source",
    );
    assert_eq!(source, "smart_card");

    let expired = smart_card(&fixture.certifier, "RSSMRA80A01F205X/1.abc", true);
    refused_with(&server, browser(&fixture, Some(&expired)), "è scaduto").await;
    let foreign = smart_card(&fixture.other_certifier, "RSSMRA80A01F205X/1.abc", false);
    refused_with(&server, browser(&fixture, Some(&foreign)), "ente riconosciuto").await;
    let malformed = smart_card(&fixture.certifier, "Mario Rossi", false);
    refused_with(&server, browser(&fixture, Some(&malformed)), "non contiene un codice fiscale valido").await;
    let wrong_check = smart_card(&fixture.certifier, "RSSMRA80A01F205Y/1.abc", false);
    refused_with(&server, browser(&fixture, Some(&wrong_check)), "non contiene un codice fiscale valido").await;
    refused_with(&server, browser(&fixture, None), "nessun certificato").await;

    // The plain listener does not believe a certificate header from a peer
    // that is not a configured proxy.
    let escaped: String = form_urlencoded::byte_serialize(valid.0.as_bytes()).collect();
    let response = server.client.get(server.url("/accedi/cns")).header("x-client-cert", &escaped).send().await.unwrap();
    assert_eq!(response.status(), 403);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smart_card_login_over_tls_on_sqlite() {
    smart_card_login_over_tls(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smart_card_login_over_tls_on_postgres() {
    smart_card_login_over_tls(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_forwarded_by_a_trusted_proxy() {
    let fixture = fixture();
    let ca_bundle = fixture.ca_bundle.clone();
    let server = TestServer::start_with(Backend::Sqlite, move |config| {
        config.smart_card_ca_bundle = Some(ca_bundle);
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        // Behind a proxy the node's addresses have no default.
        config.payments.node_addresses_configured = true;
    })
    .await;
    let valid = smart_card(&fixture.certifier, "BNCLRA85M52Z404C/99.xyz", false);
    let escaped: String = form_urlencoded::byte_serialize(valid.0.as_bytes()).collect();
    let response = server.client.get(server.url("/accedi/cns")).header("x-client-cert", &escaped).send().await.unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/area-personale");
    let foreign = smart_card(&fixture.other_certifier, "BNCLRA85M52Z404C/99.xyz", false);
    let escaped: String = form_urlencoded::byte_serialize(foreign.0.as_bytes()).collect();
    let response = server.client.get(server.url("/accedi/cns")).header("x-client-cert", &escaped).send().await.unwrap();
    assert_eq!(response.status(), 403, "the proxy's word is checked against the same certifiers");
    server.stop().await;
}
