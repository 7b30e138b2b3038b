//! SPID login through the built-in test identity provider, over HTTP against
//! the real server: signed metadata, signed redirect requests, signed
//! answers checked by the assertion consumer, and the refusals AgID's rules
//! require (tampering, replay, wrong relay state, level too low, cancel).

use crate::support::*;
use base64::Engine;
use std::io::Read;

pub(crate) fn with_test_identity_provider(config: &mut server::config::Config) {
    config.spid = server::auth::spid::SpidSettings::from_environment(|name| (name == "SPORTELLO_SPID_TEST_IDP").then(|| "1".to_string()));
}

pub(crate) fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no field {name} in {html}")) + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].replace("&amp;", "&")
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_string()
}

/// Starts a login and follows the redirect to the test provider's page.
pub(crate) async fn start_login(browser: &mut Browser, query: &str) -> (String, String) {
    let response = browser.get(&format!("/spid/accedi?{query}")).await;
    assert_eq!(response.status(), 302);
    let provider_url = location(&response);
    let path_and_query = provider_url.strip_prefix("http://portale.test").expect("the test provider lives on the portal");
    let (status, page) = browser.get_text(path_and_query).await;
    assert_eq!(status, 200, "{page}");
    (provider_url, page)
}

/// Answers on the provider's page and returns the signed SAMLResponse and RelayState.
pub(crate) async fn answer(browser: &mut Browser, page: &str, fiscal_code: &str, level: &str, action: &str) -> (String, String) {
    let fields = [
        ("richiesta", hidden_value(page, "richiesta")),
        ("relay_state", hidden_value(page, "relay_state")),
        ("codice_fiscale", fiscal_code.to_string()),
        ("nome", "Mario".to_string()),
        ("cognome", "Rossi".to_string()),
        ("email", "mario.rossi@example.org".to_string()),
        ("livello", level.to_string()),
        ("azione", action.to_string()),
    ];
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let response = browser.post_form("/spid-test-idp/sso", &borrowed).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    (hidden_value(&html, "SAMLResponse"), hidden_value(&html, "RelayState"))
}

pub(crate) async fn post_to_consumer(browser: &mut Browser, response: &str, relay_state: &str) -> reqwest::Response {
    // The provider's page posts from another site: no CSRF token; of our
    // cookies only the SPID binding one travels (SameSite=None over HTTPS).
    let binding = browser.cookies.get("sportello_spid").map(|value| format!("sportello_spid={value}")).unwrap_or_default();
    let reply = browser
        .client
        .post(format!("{}/spid/acs", browser.base_url))
        .header("origin", "https://identity-provider.example")
        .header("cookie", binding)
        .form(&[("SAMLResponse", response), ("RelayState", relay_state)])
        .send()
        .await
        .unwrap();
    for value in reply.headers().get_all("set-cookie") {
        let pair = value.to_str().unwrap().split(';').next().unwrap();
        let (name, value) = pair.split_once('=').unwrap();
        browser.cookies.insert(name.to_string(), value.to_string());
    }
    reply
}

fn decoded_request(provider_url: &str) -> String {
    let url = url::Url::parse(provider_url).unwrap();
    let request = url.query_pairs().find(|(name, _)| name == "SAMLRequest").unwrap().1.to_string();
    let compressed = base64::engine::general_purpose::STANDARD.decode(request).unwrap();
    let mut xml = String::new();
    flate2::read::DeflateDecoder::new(compressed.as_slice()).read_to_string(&mut xml).unwrap();
    xml
}

fn decode(response: &str) -> String {
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(response).unwrap()).unwrap()
}

fn encode(xml: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(xml)
}

async fn metadata_is_signed_and_complete(server: &TestServer) {
    let response = server.get("/spid/metadata").await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/samlmetadata+xml"));
    let xml = response.text().await.unwrap();
    for expected in [
        "entityID=\"http://portale.test\"",
        "AuthnRequestsSigned=\"true\"",
        "WantAssertionsSigned=\"true\"",
        "Location=\"http://portale.test/spid/acs\"",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
        "<md:RequestedAttribute Name=\"fiscalNumber\"",
        "<md:RequestedAttribute Name=\"familyName\"",
        "<spid:IPACode>c_h264</spid:IPACode>",
        "<spid:Public/>",
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "http://www.w3.org/2001/04/xmlenc#sha256",
    ] {
        assert!(xml.contains(expected), "metadata lacks {expected}: {xml}");
    }
    // The signature verifies against the certificate the metadata publishes,
    // and stops verifying when anything signed changes.
    let certificate = xml.split("<ds:X509Certificate>").nth(1).unwrap().split("</ds:X509Certificate>").next().unwrap();
    let certificate = samael::crypto::decode_x509_cert(certificate).unwrap();
    use samael::crypto::CryptoProvider;
    samael::crypto::Crypto::verify_signed_xml(xml.as_bytes(), &certificate, Some("ID")).expect("the metadata signature verifies");
    let tampered = xml.replace("http://portale.test/spid/acs", "https://attacker.example/acs");
    assert!(samael::crypto::Crypto::verify_signed_xml(tampered.as_bytes(), &certificate, Some("ID")).is_err());
    // Pages let a form's redirects reach the providers' logout endpoints (and nothing else).
    let page = server.get("/accedi").await;
    let policy = page.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(policy.contains("form-action 'self' http://portale.test;"), "{policy}");
}

async fn level_one_login_creates_the_account_and_a_session(server: &TestServer) {
    let mut browser = Browser::new(server);
    let (_, login_page) = browser.get_text("/accedi").await;
    assert!(login_page.contains("/spid/accedi?idp=prova"), "the login page offers the test provider");
    let (provider_url, page) = start_login(&mut browser, "idp=prova&ritorno=%2Farea-personale").await;
    assert!(provider_url.contains("SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256"), "{provider_url}");
    assert!(provider_url.contains("&Signature="));
    let relay_state = url::Url::parse(&provider_url).unwrap().query_pairs().find(|(name, _)| name == "RelayState").unwrap().1.to_string();
    assert!(!relay_state.contains("area") && relay_state.len() >= 32, "RelayState says nothing: {relay_state}");
    let request = decoded_request(&provider_url);
    assert!(request.contains("https://www.spid.gov.it/SpidL1"), "{request}");
    assert!(request.contains("Comparison=\"minimum\""), "{request}");
    assert!(request.contains("urn:oasis:names:tc:SAML:2.0:nameid-format:transient"), "{request}");
    assert!(request.contains("AttributeConsumingServiceIndex=\"0\""), "{request}");
    assert!(!request.contains("ForceAuthn=\"true\""), "level 1 does not force a new authentication");
    assert!(page.contains("livello 1"));

    let (response, relay) = answer(&mut browser, &page, "RSSMRA80A01F205X", "1", "autorizza").await;
    let reply = post_to_consumer(&mut browser, &response, &relay).await;
    assert_eq!(reply.status(), 303);
    assert_eq!(location(&reply), "/area-personale");
    let (status, area) = browser.get_text("/area-personale").await;
    assert_eq!(status, 200);
    assert!(area.contains("RSSMRA80A01F205X") && area.contains("Rossi"), "{area}");
    let method: String = sqlx::query_scalar("SELECT method FROM sessions ORDER BY created_at DESC LIMIT 1").fetch_one(server.pool()).await.unwrap();
    assert_eq!(method, "spid");
    let logins: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND details LIKE '%\"method\":\"spid\"%'")
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(logins, 1);

    // The same answer again is a replay.
    let replay = post_to_consumer(&mut Browser::new(server), &response, &relay).await;
    assert_eq!(location(&replay), "/accedi/spid?errore=scaduto");
    let (status, page) = Browser::new(server).get_text("/accedi/spid?errore=scaduto").await;
    assert_eq!(status, 403);
    assert!(page.contains("scaduta o è già stata usata"));
}

async fn altered_or_misdirected_answers_are_refused(server: &TestServer) {
    // Tampering with the signed identity breaks the signature.
    let mut browser = Browser::new(server);
    let (_, page) = start_login(&mut browser, "idp=prova").await;
    let (response, relay) = answer(&mut browser, &page, "RSSMRA80A01F205X", "1", "autorizza").await;
    let tampered = encode(&decode(&response).replace("TINIT-RSSMRA80A01F205X", "TINIT-BNCGLI85M52F205H"));
    let reply = post_to_consumer(&mut browser, &tampered, &relay).await;
    assert_eq!(location(&reply), "/accedi/spid?errore=risposta");

    // A wrong RelayState is refused, and does not use the request up.
    let reply = post_to_consumer(&mut browser, &response, "0000").await;
    assert_eq!(location(&reply), "/accedi/spid?errore=risposta");

    // Signature wrapping: a forged, unsigned assertion next to the signed one
    // must never be the identity that logs in.
    let xml = decode(&response);
    let start = xml.find("<saml:Assertion").unwrap();
    let end = xml.find("</saml:Assertion>").unwrap() + "</saml:Assertion>".len();
    let forged = xml[start..end].replace("TINIT-RSSMRA80A01F205X", "TINIT-BNCGLI85M52F205H").replacen("ID=\"_", "ID=\"_forged", 1);
    let forged_start = forged.find("<ds:Signature").unwrap();
    let forged_end = forged.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let forged = format!("{}{}", &forged[..forged_start], &forged[forged_end..]);
    let wrapped = format!("{}{}{}", &xml[..start], forged, &xml[start..]);
    let reply = post_to_consumer(&mut browser, &encode(&wrapped), &relay).await;
    if reply.status() == 303 && location(&reply) != "/accedi/spid?errore=risposta" {
        let (_, area) = browser.get_text("/area-personale").await;
        assert!(!area.contains("BNCGLI85M52F205H"), "the forged identity logged in");
    }
    let forged_accounts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE fiscal_code = 'BNCGLI85M52F205H'").fetch_one(server.pool()).await.unwrap();
    assert_eq!(forged_accounts, 0);

    // An answer to a request this server never issued.
    let mut other = Browser::new(server);
    let (_, page) = start_login(&mut other, "idp=prova").await;
    let (response, relay) = answer(&mut other, &page, "RSSMRA80A01F205X", "1", "autorizza").await;
    let unknown = encode(&decode(&response).replace(&hidden_value(&page, "richiesta"), "_not-a-request-of-ours"));
    let reply = post_to_consumer(&mut other, &unknown, &relay).await;
    assert_eq!(location(&reply), "/accedi/spid?errore=scaduto");

    // Not a SAML answer at all.
    let reply = post_to_consumer(&mut other, "bm90IHhtbA==", &relay).await;
    assert_eq!(location(&reply), "/accedi/spid?errore=risposta");

    // An unknown provider code.
    let reply = other.get("/spid/accedi?idp=nessuno").await;
    assert_eq!(location(&reply), "/accedi/spid?errore=gestore");

    let refusals: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed' AND details LIKE '%\"method\":\"spid\"%'")
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert!(refusals >= 4, "refusals are audited ({refusals})");
}

async fn level_two_is_forced_and_checked_and_cancel_is_clear(server: &TestServer) {
    let mut browser = Browser::new(server);
    let (provider_url, page) = start_login(&mut browser, "idp=prova&livello=2").await;
    let request = decoded_request(&provider_url);
    assert!(request.contains("https://www.spid.gov.it/SpidL2") && request.contains("ForceAuthn=\"true\""), "{request}");
    // The provider answers at level 1 where 2 was asked: refused.
    let (response, relay) = answer(&mut browser, &page, "RSSMRA80A01F205X", "1", "autorizza").await;
    assert_eq!(location(&post_to_consumer(&mut browser, &response, &relay).await), "/accedi/spid?errore=livello");

    // The citizen cancels at the provider.
    let (_, page) = start_login(&mut browser, "idp=prova&livello=2").await;
    let (response, relay) = answer(&mut browser, &page, "RSSMRA80A01F205X", "2", "annulla").await;
    assert_eq!(location(&post_to_consumer(&mut browser, &response, &relay).await), "/accedi/spid?errore=annullato");

    // Level 1 first, then the export (level 2) sends the citizen to step up
    // through SPID level 2, and back.
    let (_, page) = start_login(&mut browser, "idp=prova").await;
    let (response, relay) = answer(&mut browser, &page, "RSSMRA80A01F205X", "1", "autorizza").await;
    assert_eq!(post_to_consumer(&mut browser, &response, &relay).await.status(), 303);
    let first_session = browser.session_cookie().expect("logged in");
    let reply = browser.get("/area-personale/esporta.json").await;
    assert_eq!(location(&reply), "/accedi/livello-2?ritorno=%2Farea-personale%2Fesporta.json");
    let (_, step_up) = browser.get_text("/accedi/livello-2?ritorno=%2Farea-personale%2Fesporta.json").await;
    assert!(step_up.contains("/spid/accedi?idp=prova&amp;livello=2&amp;ritorno=%2Farea-personale%2Fesporta.json"), "{step_up}");
    let (_, page) = start_login(&mut browser, "idp=prova&livello=2&ritorno=%2Farea-personale%2Fesporta.json").await;
    let (response, relay) = answer(&mut browser, &page, "RSSMRA80A01F205X", "2", "autorizza").await;
    let reply = post_to_consumer(&mut browser, &response, &relay).await;
    assert_eq!(location(&reply), "/area-personale/esporta.json");
    assert_ne!(browser.session_cookie().unwrap(), first_session, "a new session id at level 2");
    let export = browser.get("/area-personale/esporta.json").await;
    assert_eq!(export.status(), 200);
    let level_one_sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE level = 1").fetch_one(server.pool()).await.unwrap();
    assert_eq!(level_one_sessions, 0, "the level-1 session ended at the step up");
}

async fn log_in(browser: &mut Browser) {
    let (_, page) = start_login(browser, "idp=prova").await;
    let (response, relay) = answer(browser, &page, "RSSMRA80A01F205X", "1", "autorizza").await;
    assert_eq!(post_to_consumer(browser, &response, &relay).await.status(), 303);
    assert!(browser.session_cookie().is_some());
}

fn local(url: &str) -> &str {
    url.strip_prefix("http://portale.test").unwrap_or_else(|| panic!("not a portal URL: {url}"))
}

async fn count(server: &TestServer, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(server.pool()).await.unwrap()
}

async fn single_logout_ends_the_provider_session_too(server: &TestServer) {
    // Logout started here: the portal session ends at once, then the
    // provider is asked (signed LogoutRequest) and answers (signed LogoutResponse).
    let mut browser = Browser::new(server);
    log_in(&mut browser).await;
    assert_eq!(count(server, "SELECT COUNT(*) FROM spid_sessions").await, 1);
    let reply = browser.post_form("/esci", &[]).await;
    assert_eq!(reply.status(), 303);
    let to_provider = location(&reply);
    assert!(to_provider.starts_with("http://portale.test/spid-test-idp/slo?SAMLRequest="), "{to_provider}");
    assert!(to_provider.contains("&Signature="));
    assert!(browser.session_cookie().is_none(), "the portal session ended before the trip");
    assert_eq!(count(server, "SELECT COUNT(*) FROM sessions").await, 0);
    let reply = browser.get(local(&to_provider)).await;
    assert_eq!(reply.status(), 302);
    let back = location(&reply);
    assert!(back.starts_with("http://portale.test/spid/esci?SAMLResponse="), "{back}");
    let reply = browser.get(local(&back)).await;
    assert_eq!(location(&reply), "/accedi?uscito=1");
    assert_eq!(count(server, "SELECT COUNT(*) FROM spid_logout_requests WHERE consumed_at IS NOT NULL").await, 1);
    assert_eq!(count(server, "SELECT COUNT(*) FROM spid_sessions").await, 0);
    // The same answer again changes nothing; a forged one is not believed.
    browser.get(local(&back)).await;
    let forged = back.replace("Signature=", "Signature=AAAA");
    browser.get(local(&forged)).await;
    assert_eq!(count(server, "SELECT COUNT(*) FROM spid_logout_requests WHERE consumed_at IS NOT NULL").await, 1);

    // Logout started by the provider ends the portal session of that identity.
    log_in(&mut browser).await;
    let reply = browser.get("/spid-test-idp/esci").await;
    assert_eq!(reply.status(), 302);
    let to_portal = location(&reply);
    assert!(to_portal.starts_with("http://portale.test/spid/esci?SAMLRequest="), "{to_portal}");
    // Tampered: refused, the session lives on.
    let tampered = to_portal.replace("Signature=", "Signature=AAAA");
    assert_eq!(browser.get(local(&tampered)).await.status(), 400);
    assert_eq!(count(server, "SELECT COUNT(*) FROM sessions").await, 1);
    let reply = browser.get(local(&to_portal)).await;
    assert_eq!(reply.status(), 302);
    let answer_url = location(&reply);
    assert!(answer_url.starts_with("http://portale.test/spid-test-idp/slo?SAMLResponse="), "{answer_url}");
    let (status, page) = browser.get_text(local(&answer_url)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Uscita completata"), "the provider verified our signed answer: {page}");
    assert_eq!(count(server, "SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(location(&browser.get("/area-personale").await), "/accedi?ritorno=%2Farea-personale");
    assert_eq!(count(server, "SELECT COUNT(*) FROM audit_log WHERE action = 'logout' AND details LIKE '%identity_provider%'").await, 1);
}

on_both_databases!(
    configured_with with_test_identity_provider;
    single_logout_ends_the_provider_session_too,
    metadata_is_signed_and_complete,
    level_one_login_creates_the_account_and_a_session,
    altered_or_misdirected_answers_are_refused,
    level_two_is_forced_and_checked_and_cancel_is_clear,
);

#[test]
fn identity_provider_metadata_without_a_signing_certificate_is_refused() {
    let metadata = r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example">
        <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
        <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/>
        </md:IDPSSODescriptor></md:EntityDescriptor>"#;
    let error = server::auth::spid::identity_providers::identity_provider_from_metadata("esempio", metadata).unwrap_err();
    assert!(format!("{error:#}").contains("no signing certificate"), "{error:#}");
}
