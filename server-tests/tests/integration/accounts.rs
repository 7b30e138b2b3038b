//! Accounts and access over real HTTP, against SQLite and PostgreSQL:
//! counter registration, activation, login with TOTP, sessions, CSRF,
//! isolation between citizens, the audit log.

use crate::support::{location, Backend, Browser, TestServer};
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::Role;
use server::auth::accounts::{add_clerk_office, insert_account, set_totp_secret, NewAccount};
use server::auth::audit::{append_audit_event, verify_audit_chain, AuditChainReport, AuditEvent};
use server::auth::totp::totp_code_at;
use sqlx::Row;

pub(crate) const PASSWORD: &str = "cavallo batteria graffetta";
pub(crate) const STAFF_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

pub(crate) fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

pub(crate) fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("missing {start} in {html}")) + start.len();
    let to = html[from..].find(end).unwrap() + from;
    &html[from..to]
}

/// A clerk with password and TOTP, created directly (as the administrator
/// command or the demo data would).
pub(crate) async fn create_clerk(server: &TestServer, fiscal_code: &str) -> String {
    let fiscal_code = FiscalCode::parse(fiscal_code).unwrap();
    let id = insert_account(
        server.pool(),
        &NewAccount {
            fiscal_code: &fiscal_code,
            given_name: "Giulia",
            family_name: "Bianchi",
            email: None,
            phone: None,
            role: Role::Clerk,
            identity_source: "counter",
        },
    )
    .await
    .unwrap()
    .unwrap();
    let hash = server::auth::passwords::hash_password(PASSWORD.into()).await.unwrap();
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2").bind(hash).bind(&id).execute(server.pool()).await.unwrap();
    set_totp_secret(server.pool(), &id, STAFF_SECRET, 0).await.unwrap();
    add_clerk_office(server.pool(), &id, "sportello-del-cittadino").await.unwrap();
    id
}

pub(crate) async fn log_in_with_totp(browser: &mut Browser, fiscal_code: &str, secret: &str, at: u64) {
    let response = browser.post_form("/accedi/credenziali", &[("codice_fiscale", fiscal_code), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with("/accedi/codice"), "{}", location(&response));
    let code = totp_code_at(secret, at).unwrap();
    let response = browser.post_form("/accedi/codice", &[("codice", &code), ("ritorno", "/operatore")]).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
}

/// The clerk registers a citizen; returns the activation code shown once.
pub(crate) async fn register_citizen(clerk: &mut Browser, fiscal_code: &str, given_name: &str) -> String {
    let response =
        clerk.post_form("/operatore", &[("codice_fiscale", fiscal_code), ("nome", given_name), ("cognome", "Rossi"), ("email", ""), ("telefono", "")]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let from = html.find("data-testid=\"activation-code\"").expect("the code is shown");
    between(&html[from..], ">", "<").to_string()
}

pub(crate) async fn activate(browser: &mut Browser, fiscal_code: &str, code: &str) {
    let response = browser
        .post_form("/attiva", &[("codice_fiscale", fiscal_code), ("codice_attivazione", code), ("password", PASSWORD), ("conferma_password", PASSWORD)])
        .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(location(&response), "/area-personale/sicurezza");
}

pub(crate) async fn audit_actions_about(server: &TestServer, subject: &str) -> Vec<(String, String)> {
    sqlx::query("SELECT actor, action FROM audit_log WHERE subject = $1 ORDER BY sequence")
        .bind(subject)
        .fetch_all(server.pool())
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get::<String, _>("actor"), row.get::<String, _>("action")))
        .collect()
}

pub(crate) async fn account_id_of(server: &TestServer, fiscal_code: &str) -> String {
    sqlx::query("SELECT id FROM accounts WHERE fiscal_code = $1").bind(fiscal_code).fetch_one(server.pool()).await.unwrap().get::<String, _>("id")
}

async fn counter_credentials_from_registration_to_level_two(server: &TestServer) {
    let clerk_id = create_clerk(server, "BNCGLI85M52F205H").await;
    let mut clerk = Browser::new(server);
    log_in_with_totp(&mut clerk, "BNCGLI85M52F205H", STAFF_SECRET, now()).await;
    let (status, html) = clerk.get_text("/operatore").await;
    assert_eq!(status, 200, "a level-2 clerk reaches the staff area");
    assert!(html.contains("Registra un cittadino"));

    // Mistakes at the counter: every field explained, values kept.
    let response = clerk.post_form("/operatore", &[("codice_fiscale", "RSSMRA80A01F205Y"), ("nome", "R2D2"), ("cognome", "Rossi"), ("email", "mario@")]).await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Errore: "));
    assert!(html.contains("l&#39;ultimo carattere non corrisponde") || html.contains("l'ultimo carattere non corrisponde"), "{html}");
    assert!(html.contains("value=\"RSSMRA80A01F205Y\""), "the fiscal code typed is kept");
    assert!(html.contains("L&#39;indirizzo email non è valido") || html.contains("L'indirizzo email non è valido"));

    let code = register_citizen(&mut clerk, "RSSMRA80A01F205X", "Mario").await;
    assert_eq!(code.len(), 14, "{code}");
    let citizen_id = account_id_of(server, "RSSMRA80A01F205X").await;
    let letter = clerk.post_form("/operatore/lettera-attivazione", &[("account", &citizen_id), ("codice", &code)]).await;
    assert_eq!(letter.status(), 200);
    assert_eq!(letter.headers()["content-type"], "application/pdf");
    let pdf = letter.bytes().await.unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains(&code), "the letter carries the code");
    let again = clerk.post_form("/operatore", &[("codice_fiscale", "rssmra80a01f205x"), ("nome", "Mario"), ("cognome", "Rossi")]).await;
    assert_eq!(again.status(), 422, "a fiscal code is registered once");

    // The citizen activates: mistakes first.
    let mut citizen = Browser::new(server);
    let response = citizen
        .post_form("/attiva", &[("codice_fiscale", "RSSMRA80A01F205X"), ("codice_attivazione", "ABCD"), ("password", "corta"), ("conferma_password", "corta")])
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("12 lettere e cifre"));
    assert!(html.contains("almeno 10 caratteri"));
    assert!(!html.contains("value=\"corta\""), "passwords are never sent back");
    let wrong_code = citizen
        .post_form(
            "/attiva",
            &[("codice_fiscale", "RSSMRA80A01F205X"), ("codice_attivazione", "ABCD-EFGH-JKMN"), ("password", PASSWORD), ("conferma_password", PASSWORD)],
        )
        .await;
    assert_eq!(wrong_code.status(), 422);
    activate(&mut citizen, "RSSMRA80A01F205X", &code).await;
    let reuse = Browser::new(server)
        .post_form("/attiva", &[("codice_fiscale", "RSSMRA80A01F205X"), ("codice_attivazione", &code), ("password", PASSWORD), ("conferma_password", PASSWORD)])
        .await;
    assert_eq!(reuse.status(), 422, "an activation code works once");

    let response = citizen.get("/area-personale").await;
    assert_eq!(response.headers()["cache-control"], "no-store", "personal pages are never cached");
    let (status, html) = (response.status(), response.text().await.unwrap());
    assert_eq!(status, 200);
    assert!(html.contains("Benvenuto, Mario Rossi"));
    assert!(html.contains("livello 1"));
    // Level 2 pages ask a level-1 user to step up, then come back.
    let response = citizen.get("/area-personale/esporta.json").await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/accedi/livello-2?ritorno=%2Farea-personale%2Fesporta.json");

    // Enrol an authenticator app.
    assert_eq!(citizen.post_form("/area-personale/sicurezza/avvia", &[]).await.status(), 303);
    let (_, html) = citizen.get_text("/area-personale/sicurezza").await;
    assert!(html.contains("<svg"), "the QR code is shown");
    let secret = between(&html, "<code class=\"font-bold break-all\">", "</code>").to_string();
    let before = citizen.session_cookie().unwrap();
    let wrong = citizen.post_form("/area-personale/sicurezza", &[("codice", "12345a"), ("password", PASSWORD)]).await;
    assert_eq!(wrong.status(), 422);
    let code_now = totp_code_at(&secret, now()).unwrap();
    let response = citizen.post_form("/area-personale/sicurezza", &[("codice", &code_now), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(citizen.session_cookie().unwrap(), before, "enrolment leaves the session as it was");
    let response = citizen.get("/area-personale/esporta.json").await;
    assert_eq!(response.status(), 303, "enrolment never raises the session to level 2");

    // Log out, then in again with password and the next code.
    let response = citizen.post_form("/esci", &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(citizen.session_cookie(), None);
    assert_eq!(response.headers()["clear-site-data"], "\"cache\", \"storage\"", "the browser drops the pages and steps it kept");
    let response = citizen.get("/area-personale").await;
    assert_eq!(location(&response), "/accedi?ritorno=%2Farea-personale");
    let response = citizen
        .post_form("/accedi/credenziali", &[("codice_fiscale", "RSSMRA80A01F205X"), ("password", PASSWORD), ("ritorno", "/servizi/cambio-di-residenza")])
        .await;
    assert!(location(&response).starts_with("/accedi/codice?ritorno=%2Fservizi%2Fcambio-di-residenza"));
    let replayed = citizen.post_form("/accedi/codice", &[("codice", &code_now), ("ritorno", "/servizi/cambio-di-residenza")]).await;
    assert_eq!(replayed.status(), 422, "a TOTP code is accepted once");
    let next_code = totp_code_at(&secret, now() + 30).unwrap();
    let response = citizen.post_form("/accedi/codice", &[("codice", &next_code), ("ritorno", "/servizi/cambio-di-residenza")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/servizi/cambio-di-residenza", "back to the service after login (C.SE.1.1)");
    let response = citizen.get("/area-personale/esporta.json").await;
    assert_eq!(response.status(), 200);
    let export: serde_json::Value = response.json().await.unwrap();
    assert_eq!(export["account"]["fiscal_code"], "RSSMRA80A01F205X");
    assert_eq!(export["account"]["authenticator_app_enrolled"], true);

    let actions = audit_actions_about(server, &citizen_id).await;
    let names: Vec<&str> = actions.iter().map(|(_, action)| action.as_str()).collect();
    for expected in
        ["citizen_registered", "activation_letter_printed", "credentials_activated", "totp_enrolled", "data_exported", "logout", "login_failed", "login"]
    {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    assert!(actions.iter().any(|(actor, action)| actor == &clerk_id && action == "citizen_registered"));
    assert_eq!(
        verify_audit_chain(server.pool()).await.unwrap(),
        AuditChainReport::Intact { entries: sqlx::query("SELECT COUNT(*) AS n FROM audit_log").fetch_one(server.pool()).await.unwrap().get::<i64, _>("n") }
    );
}

async fn session_fixation_is_refused(server: &TestServer) {
    create_clerk(server, "BNCGLI85M52F205H").await;
    let mut browser = Browser::new(server);
    // An attacker plants a session id in the victim's browser before login.
    browser.cookies.insert("sportello_sessione".into(), "attacker-chosen-value".into());
    let response = browser.post_form("/accedi/credenziali", &[("codice_fiscale", "BNCGLI85M52F205H"), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    let issued = browser.session_cookie().unwrap();
    assert_ne!(issued, "attacker-chosen-value");
    assert_eq!(issued.len(), 64);
    // The planted value is worth nothing.
    let mut attacker = Browser::new(server);
    attacker.cookies.insert("sportello_sessione".into(), "attacker-chosen-value".into());
    let response = attacker.get("/area-personale").await;
    assert_eq!(response.status(), 303);
    // The half-logged-in token (password only) is replaced after the code.
    let code = totp_code_at(STAFF_SECRET, now()).unwrap();
    browser.post_form("/accedi/codice", &[("codice", &code)]).await;
    let full = browser.session_cookie().unwrap();
    assert_ne!(full, issued);
    let mut stale = Browser::new(server);
    stale.cookies.insert("sportello_sessione".into(), issued);
    assert_eq!(stale.get("/area-personale").await.status(), 303, "the pre-code token no longer works");
}

async fn cross_site_requests_are_refused(server: &TestServer) {
    let clerk_id = create_clerk(server, "BNCGLI85M52F205H").await;
    let mut browser = Browser::new(server);
    log_in_with_totp(&mut browser, "BNCGLI85M52F205H", STAFF_SECRET, now()).await;
    let session = browser.session_cookie().unwrap();
    let csrf = browser.cookies["sportello_csrf"].clone();
    let raw = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let post = |token: Option<&str>, origin: Option<&str>| {
        let mut fields = vec![("email", "evil@example.com".to_string()), ("telefono", String::new())];
        if let Some(token) = token {
            fields.push(("csrf", token.to_string()));
        }
        let mut request = raw
            .post(format!("{}/area-personale", server.base_url))
            .header("cookie", format!("sportello_sessione={session}; sportello_csrf={csrf}"))
            .form(&fields);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    assert_eq!(post(None, None).await.unwrap().status(), 403, "no token");
    assert_eq!(post(Some(&"f".repeat(64)), None).await.unwrap().status(), 403, "wrong token");
    assert_eq!(post(Some(&csrf), Some("https://evil.example")).await.unwrap().status(), 403, "foreign origin");
    let email: Option<String> = sqlx::query("SELECT email FROM accounts WHERE id = $1").bind(&clerk_id).fetch_one(server.pool()).await.unwrap().get("email");
    assert_eq!(email, None, "nothing was changed");
    let origin = server.base_url.clone();
    assert_eq!(post(Some(&csrf), Some(&origin)).await.unwrap().status(), 303, "our own form goes through");
}

async fn citizens_see_only_their_own_data_and_clerk_access_is_audited(server: &TestServer) {
    let clerk_id = create_clerk(server, "BNCGLI85M52F205H").await;
    let mut clerk = Browser::new(server);
    log_in_with_totp(&mut clerk, "BNCGLI85M52F205H", STAFF_SECRET, now()).await;
    let code_a = register_citizen(&mut clerk, "RSSMRA80A01F205X", "Mario").await;
    let code_b = register_citizen(&mut clerk, "BNCLRA85M52Z404C", "Laura").await;
    let mut citizen_a = Browser::new(server);
    activate(&mut citizen_a, "RSSMRA80A01F205X", &code_a).await;
    let mut citizen_b = Browser::new(server);
    activate(&mut citizen_b, "BNCLRA85M52Z404C", &code_b).await;

    // B's profile server function answers with B, whatever B asks.
    let response = citizen_b.post_form("/api/auth/my-profile", &[("account_id", "anything")]).await;
    let profile: serde_json::Value = response.json().await.unwrap();
    assert_eq!(profile["fiscal_code"], "BNCLRA85M52Z404C");
    let (_, html) = citizen_b.get_text("/area-personale").await;
    assert!(!html.contains("RSSMRA80A01F205X"));
    // B cannot use the clerks' lookup, by page or by server function.
    assert_eq!(citizen_b.get("/operatore/cittadino?cerca_codice_fiscale=RSSMRA80A01F205X").await.status(), 403);
    let response = citizen_b.post_form("/api/auth/find-citizen", &[("fiscal_code", "RSSMRA80A01F205X")]).await;
    assert!(response.status().is_server_error() || response.status().is_client_error());
    assert!(!response.text().await.unwrap().contains("Mario"));
    // B's export is B's alone (B has no level 2 yet: steps up first).
    let response = citizen_b.get("/area-personale/esporta.json").await;
    assert_eq!(response.status(), 303);

    // The clerk's look-up is written to the audit log before the data is shown.
    let (status, html) = clerk.get_text("/operatore/cittadino?cerca_codice_fiscale=RSSMRA80A01F205X").await;
    assert_eq!(status, 200);
    assert!(html.contains("Mario"));
    let a_id = account_id_of(server, "RSSMRA80A01F205X").await;
    let actions = audit_actions_about(server, &a_id).await;
    assert!(actions.contains(&(clerk_id.clone(), "citizen_record_viewed".to_string())), "{actions:?}");
}

async fn failed_logins_are_throttled_without_revealing_accounts(server: &TestServer) {
    create_clerk(server, "BNCGLI85M52F205H").await;
    let mut browser = Browser::new(server);
    let known = browser.post_form("/accedi/credenziali", &[("codice_fiscale", "BNCGLI85M52F205H"), ("password", "wrong password")]).await;
    let known_status = known.status();
    let known_html = known.text().await.unwrap();
    let unknown = browser.post_form("/accedi/credenziali", &[("codice_fiscale", "RSSMRA80A01F205X"), ("password", "wrong password")]).await;
    assert_eq!(unknown.status(), known_status);
    let unknown_html = unknown.text().await.unwrap();
    let message = |html: &str| between(html, "id=\"codice_fiscale-error\"", "</p>").to_string();
    assert_eq!(message(&known_html), message(&unknown_html), "same answer for unknown and known accounts");
    for _ in 0..4 {
        browser.post_form("/accedi/credenziali", &[("codice_fiscale", "BNCGLI85M52F205H"), ("password", "wrong password")]).await;
    }
    let locked = browser.post_form("/accedi/credenziali", &[("codice_fiscale", "BNCGLI85M52F205H"), ("password", PASSWORD)]).await;
    assert_eq!(locked.status(), 429, "even the right password waits after five failures");
    assert!(locked.text().await.unwrap().contains("Troppi tentativi"));
}

async fn tampering_with_the_audit_log_is_detected(server: &TestServer) {
    let pool = server.pool();
    let appends = (0..40).map(|index| {
        let pool = pool.clone();
        tokio::spawn(async move { append_audit_event(&pool, &AuditEvent::new("system", "test_event", format!("subject-{index}"))).await.unwrap() })
    });
    // Spawned all before any is awaited: they really run at once.
    let appends: Vec<_> = appends.collect();
    for append in appends {
        append.await.unwrap();
    }
    assert_eq!(verify_audit_chain(pool).await.unwrap(), AuditChainReport::Intact { entries: 40 }, "concurrent appends keep one chain");
    sqlx::query("UPDATE audit_log SET subject = 'someone-else' WHERE sequence = 17").execute(pool).await.unwrap();
    match verify_audit_chain(pool).await.unwrap() {
        AuditChainReport::Broken { sequence, .. } => assert_eq!(sequence, 17),
        other => panic!("tampering not detected: {other:?}"),
    }
    sqlx::query("UPDATE audit_log SET subject = 'subject-16' WHERE sequence = 17").execute(pool).await.unwrap();
    let original: String = sqlx::query("SELECT subject FROM audit_log WHERE sequence = 17").fetch_one(pool).await.unwrap().get("subject");
    let _ = original;
    sqlx::query("DELETE FROM audit_log WHERE sequence = 30").execute(pool).await.unwrap();
    assert!(matches!(verify_audit_chain(pool).await.unwrap(), AuditChainReport::Broken { .. }));
}

async fn administrators_add_and_revoke_clerks(server: &TestServer) {
    let fiscal_code = FiscalCode::parse("VRDLCU75C15F205E").unwrap();
    let (admin_id, _) = server::auth::accounts::create_or_promote_staff(server.pool(), &fiscal_code, "Luca", "Verdi", Role::Administrator, None).await.unwrap();
    let hash = server::auth::passwords::hash_password(PASSWORD.into()).await.unwrap();
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2").bind(hash).bind(&admin_id).execute(server.pool()).await.unwrap();
    set_totp_secret(server.pool(), &admin_id, STAFF_SECRET, 0).await.unwrap();
    let mut admin = Browser::new(server);
    log_in_with_totp(&mut admin, "VRDLCU75C15F205E", STAFF_SECRET, now()).await;

    let clerk_id = create_clerk(server, "BNCGLI85M52F205H").await;
    let mut clerk = Browser::new(server);
    log_in_with_totp(&mut clerk, "BNCGLI85M52F205H", STAFF_SECRET, now() + 30).await;
    assert_eq!(clerk.get("/amministrazione").await.status(), 403, "clerks do not manage staff");
    let response = clerk.post_form("/api/auth/staff", &[]).await;
    assert!(!response.status().is_success());

    let response = admin
        .post_form("/amministrazione", &[("codice_fiscale", "CSTGPP60H20F205P"), ("nome", "Giuseppe"), ("cognome", "Costa"), ("ufficio", "Tributi!")])
        .await;
    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains("lettere minuscole, cifre e trattini"), "{html}");
    let response = admin
        .post_form("/amministrazione", &[("codice_fiscale", "CSTGPP60H20F205P"), ("nome", "Giuseppe"), ("cognome", "Costa"), ("ufficio", "tributi")])
        .await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains("data-testid=\"activation-code\""));
    let (_, html) = admin.get_text("/amministrazione").await;
    assert!(html.contains("Giuseppe Costa") && html.contains("tributi"), "{html}");

    assert_eq!(clerk.get("/operatore").await.status(), 200);
    let response = admin.post_form("/amministrazione/revoca", &[("account", &clerk_id)]).await;
    assert_eq!(location(&response), "/amministrazione?revocato=1");
    let response = clerk.get("/operatore").await;
    assert_eq!(response.status(), 303, "a revoked clerk's sessions end at once");
    let actions = audit_actions_about(server, &clerk_id).await;
    assert!(actions.contains(&(admin_id.clone(), "staff_revoked".to_string())));
}

on_both_databases!(
    administrators_add_and_revoke_clerks,
    counter_credentials_from_registration_to_level_two,
    session_fixation_is_refused,
    cross_site_requests_are_refused,
    citizens_see_only_their_own_data_and_clerk_access_is_audited,
    failed_logins_are_throttled_without_revealing_accounts,
    tampering_with_the_audit_log_is_detected,
);
