//! Verified email and password reset by email, over real HTTP against
//! SQLite and PostgreSQL: the code mailed to an address, the one-time reset
//! link, what they refuse, and delivery over a real SMTP conversation.

use crate::support::*;
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::Role;
use server::auth::accounts::{insert_account, NewAccount};
use server::auth::audit::{verify_audit_chain, AuditChainReport};
use sqlx::Row;

const PASSWORD: &str = "cavallo batteria graffetta";
const NEW_PASSWORD: &str = "lampone tramonto violino";
const CITIZEN: &str = "RSSMRA80A01F205X";
const EMAIL: &str = "mario.rossi@example.it";

fn with_development_outbox(config: &mut server::config::Config) {
    config.mail.development_outbox = true;
}

/// A citizen whose counter credentials are active (password, no TOTP).
async fn create_citizen(server: &TestServer, fiscal_code: &str, role: Role) -> String {
    let fiscal_code = FiscalCode::parse(fiscal_code).unwrap();
    let id = insert_account(
        server.pool(),
        &NewAccount { fiscal_code: &fiscal_code, given_name: "Mario", family_name: "Rossi", email: None, phone: None, role, identity_source: "counter" },
    )
    .await
    .unwrap()
    .unwrap();
    let hash = server::auth::passwords::hash_password(PASSWORD.into()).await.unwrap();
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2").bind(hash).bind(&id).execute(server.pool()).await.unwrap();
    id
}

async fn log_in(browser: &mut Browser, fiscal_code: &str, password: &str) -> reqwest::Response {
    browser.post_form("/accedi/credenziali", &[("codice_fiscale", fiscal_code), ("password", password), ("ritorno", "/area-personale")]).await
}

/// The outbox page's text, with HTML entities of the bodies undone.
async fn outbox_page(server: &TestServer) -> String {
    let (status, html) = server.get_text("/sviluppo/posta").await;
    assert_eq!(status, 200);
    html.replace("&#x27;", "'").replace("&amp;", "&")
}

async fn queued_messages_to(server: &TestServer, recipient: &str) -> Vec<(String, String)> {
    sqlx::query("SELECT subject, body FROM outgoing_mail WHERE recipient = $1 ORDER BY id")
        .bind(recipient)
        .fetch_all(server.pool())
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get::<String, _>("subject"), row.get::<String, _>("body")))
        .collect()
}

fn six_digit_code_in(text: &str) -> String {
    let marker = "il codice:\n\n    ";
    let start = text.rfind(marker).unwrap_or_else(|| panic!("no code in {text}")) + marker.len();
    text[start..start + 6].to_string()
}

fn reset_token_in(text: &str) -> String {
    let marker = "/accedi/nuova-password?token=";
    let start = text.rfind(marker).unwrap_or_else(|| panic!("no link in {text}")) + marker.len();
    text[start..start + 64].to_string()
}

/// Logs in, saves an email address and proves it with the mailed code.
async fn verify_email(server: &TestServer, browser: &mut Browser, email: &str) {
    let response = browser.post_form("/area-personale", &[("email", email), ("telefono", "")]).await;
    assert_eq!(response.status(), 303);
    let (_, page) = browser.get_text("/area-personale").await;
    assert!(page.contains(&format!("{email} (non verificata)")), "{page}");
    assert!(page.contains("Invia il codice di verifica"));
    let response = browser.post_form("/area-personale/email/codice", &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/area-personale/email?codice-inviato=1");
    let messages = queued_messages_to(server, email).await;
    let code = six_digit_code_in(&messages.last().unwrap().1);
    let response = browser.post_form("/area-personale/email", &[("codice_verifica", &code)]).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    assert_eq!(location(&response), "/area-personale?email-verificata=1");
}

async fn citizen_verifies_the_email_and_resets_the_password_with_the_link(server: &TestServer) {
    let account_id = create_citizen(server, CITIZEN, Role::Citizen).await;
    let mut citizen = Browser::new(server);
    assert_eq!(log_in(&mut citizen, CITIZEN, PASSWORD).await.status(), 303);
    citizen.post_form("/area-personale", &[("email", EMAIL), ("telefono", "")]).await;
    citizen.post_form("/area-personale/email/codice", &[]).await;

    // The code arrives in the outbox (the page shows it in test environments).
    let outbox = outbox_page(server).await;
    assert!(outbox.contains(&format!("Codice di verifica dell'email - Comune di Rho — {EMAIL}")), "{outbox}");
    let code = six_digit_code_in(&outbox);
    let (_, page) = citizen.get_text("/area-personale/email?codice-inviato=1").await;
    assert!(page.contains("Codice di verifica (6 cifre)") && page.contains("Ti abbiamo inviato un'email"), "{page}");

    // Mistakes get a specific message on the same page, the typed value kept.
    let response = citizen.post_form("/area-personale/email", &[("codice_verifica", "12a")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("formato da 6 cifre") && page.contains("value=\"12a\""), "{page}");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let response = citizen.post_form("/area-personale/email", &[("codice_verifica", wrong)]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Il codice non è corretto"));

    let response = citizen.post_form("/area-personale/email", &[("codice_verifica", &code)]).await;
    assert_eq!(response.status(), 303);
    let (_, page) = citizen.get_text("/area-personale?email-verificata=1").await;
    assert!(page.contains(&format!("{EMAIL} (verificata)")) && page.contains("Email verificata"), "{page}");
    assert!(!page.contains("Invia il codice di verifica"));
    // Used once: the same code does not verify again.
    let response = citizen.post_form("/area-personale/email", &[("codice_verifica", &code)]).await;
    assert_eq!(response.status(), 422);

    // Forgotten password: a wrong address gets the same answer and no mail.
    let mut stranger = Browser::new(server);
    let before = queued_messages_to(server, EMAIL).await.len();
    let response = stranger.post_form("/accedi/password-dimenticata", &[("codice_fiscale", CITIZEN), ("email", "altro@example.it")]).await;
    assert_eq!((response.status().as_u16(), location(&response)), (303, "/accedi/password-dimenticata?inviata=1".to_string()));
    assert_eq!(queued_messages_to(server, "altro@example.it").await.len(), 0);
    assert_eq!(queued_messages_to(server, EMAIL).await.len(), before);

    let mut owner = Browser::new(server);
    let response = owner.post_form("/accedi/password-dimenticata", &[("codice_fiscale", CITIZEN), ("email", "Mario.Rossi@EXAMPLE.it")]).await;
    assert_eq!(location(&response), "/accedi/password-dimenticata?inviata=1");
    let (_, page) = owner.get_text("/accedi/password-dimenticata?inviata=1").await;
    assert!(page.contains("Se i dati corrispondono"), "{page}");
    let messages = queued_messages_to(server, EMAIL).await;
    assert_eq!(messages.len(), before + 1);
    assert_eq!(messages.last().unwrap().0, "Reimposta la password - Comune di Rho");
    let token = reset_token_in(&messages.last().unwrap().1);
    assert!(messages.last().unwrap().1.contains(&format!("http://portale.test/accedi/nuova-password?token={token}")));

    let (status, page) = owner.get_text(&format!("/accedi/nuova-password?token={token}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Salva la nuova password"), "{page}");
    let response = owner.post_form("/accedi/nuova-password", &[("token", &token), ("password", "corta"), ("conferma_password", "corta")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("almeno 10 caratteri") && page.contains(&format!("value=\"{token}\"")), "{page}");
    let response = owner.post_form("/accedi/nuova-password", &[("token", &token), ("password", NEW_PASSWORD), ("conferma_password", NEW_PASSWORD)]).await;
    assert_eq!((response.status().as_u16(), location(&response)), (303, "/accedi/credenziali?password-cambiata=1".to_string()));

    // The old password's sessions are over; only the new password works.
    let response = citizen.get("/area-personale").await;
    assert_eq!(response.status(), 303, "the session opened with the old password must end");
    assert_eq!(log_in(&mut Browser::new(server), CITIZEN, PASSWORD).await.status(), 422);
    assert_eq!(location(&log_in(&mut Browser::new(server), CITIZEN, NEW_PASSWORD).await), "/area-personale");
    // The owner is told, at the verified address.
    assert_eq!(queued_messages_to(server, EMAIL).await.last().unwrap().0, "La tua password è stata cambiata - Comune di Rho");

    // The link works once.
    let (_, page) = owner.get_text(&format!("/accedi/nuova-password?token={token}")).await;
    assert!(page.contains("Il link non è valido, è scaduto o è già stato usato"), "{page}");
    assert!(!page.contains("Salva la nuova password"));
    let response = owner.post_form("/accedi/nuova-password", &[("token", &token), ("password", PASSWORD), ("conferma_password", PASSWORD)]).await;
    assert_eq!(location(&response), format!("/accedi/nuova-password?token={token}"));
    assert_eq!(log_in(&mut Browser::new(server), CITIZEN, PASSWORD).await.status(), 422);

    let actions: Vec<String> = sqlx::query("SELECT action FROM audit_log WHERE subject = $1 ORDER BY sequence")
        .bind(&account_id)
        .fetch_all(server.pool())
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("action"))
        .collect();
    for expected in ["email_verification_sent", "email_verified", "password_reset_refused", "password_reset_link_sent", "password_reset"] {
        assert!(actions.iter().any(|action| action == expected), "{expected} missing from {actions:?}");
    }
    assert_eq!(verify_audit_chain(server.pool()).await.unwrap(), AuditChainReport::Intact { entries: verify_entries(server).await });
}

async fn verify_entries(server: &TestServer) -> i64 {
    sqlx::query("SELECT COUNT(*) AS entries FROM audit_log").fetch_one(server.pool()).await.unwrap().get::<i64, _>("entries")
}

async fn a_new_address_must_be_verified_again(server: &TestServer) {
    create_citizen(server, CITIZEN, Role::Citizen).await;
    let mut citizen = Browser::new(server);
    log_in(&mut citizen, CITIZEN, PASSWORD).await;
    verify_email(server, &mut citizen, EMAIL).await;
    citizen.post_form("/area-personale", &[("email", "nuovo@example.it"), ("telefono", "")]).await;
    let (_, page) = citizen.get_text("/area-personale").await;
    assert!(page.contains("nuovo@example.it (non verificata)"), "{page}");
    // Neither the old address (no longer on the profile) nor the unproven new one gets a link.
    for email in [EMAIL, "nuovo@example.it"] {
        let response = Browser::new(server).post_form("/accedi/password-dimenticata", &[("codice_fiscale", CITIZEN), ("email", email)]).await;
        assert_eq!(response.status(), 303);
    }
    let links: i64 = sqlx::query("SELECT COUNT(*) AS links FROM password_reset_links").fetch_one(server.pool()).await.unwrap().get("links");
    assert_eq!(links, 0);
    // A code sent to the old address does not verify the new one.
    let old_code_digest: Option<String> =
        sqlx::query("SELECT code_digest FROM email_verifications").fetch_optional(server.pool()).await.unwrap().map(|row| row.get("code_digest"));
    assert_eq!(old_code_digest, None);
}

async fn verification_codes_expire_and_die_after_five_wrong_attempts(server: &TestServer) {
    create_citizen(server, CITIZEN, Role::Citizen).await;
    let mut citizen = Browser::new(server);
    log_in(&mut citizen, CITIZEN, PASSWORD).await;
    citizen.post_form("/area-personale", &[("email", EMAIL), ("telefono", "")]).await;
    citizen.post_form("/area-personale/email/codice", &[]).await;
    let code = six_digit_code_in(&queued_messages_to(server, EMAIL).await.last().unwrap().1);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let response = citizen.post_form("/area-personale/email", &[("codice_verifica", wrong)]).await;
        assert!(response.text().await.unwrap().contains("Il codice non è corretto"));
    }
    let response = citizen.post_form("/area-personale/email", &[("codice_verifica", &code)]).await;
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("Il codice è scaduto o non è più valido"));

    citizen.post_form("/area-personale/email/codice", &[]).await;
    let code = six_digit_code_in(&queued_messages_to(server, EMAIL).await.last().unwrap().1);
    sqlx::query("UPDATE email_verifications SET expires_at = 1").execute(server.pool()).await.unwrap();
    let response = citizen.post_form("/area-personale/email", &[("codice_verifica", &code)]).await;
    assert!(response.text().await.unwrap().contains("Il codice è scaduto o non è più valido"));

    // Five codes an hour, then a clear wait.
    for _ in 0..3 {
        assert_eq!(citizen.post_form("/area-personale/email/codice", &[]).await.status(), 303);
    }
    let response = citizen.post_form("/area-personale/email/codice", &[]).await;
    assert_eq!(response.status(), 429);
    assert!(response.text().await.unwrap().contains("Hai chiesto troppi codici"));
}

async fn reset_requests_reveal_nothing_and_are_limited(server: &TestServer) {
    // A clerk with a verified address still resets through an administrator.
    let clerk_id = create_citizen(server, "BNCGLI85M52F205H", Role::Clerk).await;
    sqlx::query("UPDATE accounts SET email = $1, email_verified_at = 1 WHERE id = $2")
        .bind("giulia@example.it")
        .bind(&clerk_id)
        .execute(server.pool())
        .await
        .unwrap();
    let mut visitor = Browser::new(server);
    for (fiscal_code, email) in [("BNCGLI85M52F205H", "giulia@example.it"), ("VRDLCU75C15F205E", "nessuno@example.it")] {
        let response = visitor.post_form("/accedi/password-dimenticata", &[("codice_fiscale", fiscal_code), ("email", email)]).await;
        assert_eq!((response.status().as_u16(), location(&response)), (303, "/accedi/password-dimenticata?inviata=1".to_string()));
    }
    let links: i64 = sqlx::query("SELECT COUNT(*) AS links FROM password_reset_links").fetch_one(server.pool()).await.unwrap().get("links");
    assert_eq!(links, 0);

    // Bad input: a specific message for each field, the values kept.
    let response = visitor.post_form("/accedi/password-dimenticata", &[("codice_fiscale", "RSSMRA80A01F205"), ("email", "mario@")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("Il codice fiscale ha 16 caratteri") && page.contains("L'indirizzo email non è valido"), "{page}");
    assert!(page.contains("value=\"RSSMRA80A01F205\"") && page.contains("value=\"mario@\""));

    // Three requests an hour for one fiscal code, known or not.
    for _ in 0..2 {
        let response = visitor.post_form("/accedi/password-dimenticata", &[("codice_fiscale", "VRDLCU75C15F205E"), ("email", "x@example.it")]).await;
        assert_eq!(response.status(), 303);
    }
    let response = visitor.post_form("/accedi/password-dimenticata", &[("codice_fiscale", "VRDLCU75C15F205E"), ("email", "x@example.it")]).await;
    assert_eq!(response.status(), 429);
    assert!(response.text().await.unwrap().contains("Hai chiesto troppi link"));

    // A malformed or unknown link gets the explanation, not a form.
    for token in ["abc", &"0".repeat(64)] {
        let (status, page) = visitor.get_text(&format!("/accedi/nuova-password?token={token}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("Il link non è valido") && page.contains("Chiedi un nuovo link"), "{page}");
    }
}

async fn development_outbox_is_off_unless_configured(server: &TestServer) {
    let (status, page) = server.get_text("/sviluppo/posta").await;
    assert_eq!(status, 404);
    assert!(page.contains("Questa pagina non è disponibile"), "{page}");
}

on_both_databases!(
    configured_with with_development_outbox;
    citizen_verifies_the_email_and_resets_the_password_with_the_link,
    a_new_address_must_be_verified_again,
    verification_codes_expire_and_die_after_five_wrong_attempts,
    reset_requests_reveal_nothing_and_are_limited,
);

on_both_databases!(development_outbox_is_off_unless_configured);

/// Polls for up to 10 s; the delivery worker runs beside the test.
async fn wait_for(mut condition: impl AsyncFnMut() -> bool) -> bool {
    for _ in 0..200 {
        if condition().await {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

/// Waits until some queued message matches `condition` (an SQL predicate).
async fn wait_for_outgoing_mail(server: &TestServer, condition: &str) -> bool {
    let query = format!("SELECT COUNT(*) AS matching FROM outgoing_mail WHERE {condition}");
    wait_for(async || sqlx::query(&query).fetch_one(server.pool()).await.unwrap().get::<i64, _>("matching") > 0).await
}

/// A logged-in citizen saves an address and asks for its code: one message queued.
async fn queue_a_verification_code(server: &TestServer) {
    create_citizen(server, CITIZEN, Role::Citizen).await;
    let mut citizen = Browser::new(server);
    log_in(&mut citizen, CITIZEN, PASSWORD).await;
    citizen.post_form("/area-personale", &[("email", EMAIL), ("telefono", "")]).await;
    assert_eq!(citizen.post_form("/area-personale/email/codice", &[]).await.status(), 303);
}

/// The worker hands queued mail to a real SMTP conversation and records it:
/// delivered messages lose their body (it held a one-time code).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_mail_is_delivered_over_smtp_and_its_body_erased() {
    let _watchdog = Watchdog::start("queued_mail_is_delivered_over_smtp_and_its_body_erased");
    let sink = SmtpSink::start().await;
    let smtp_url = format!("smtp://{}", sink.address);
    let server = TestServer::start_with(Backend::Sqlite, |config| {
        config.mail.smtp_url = Some(smtp_url);
        config.mail.from = "Comune di Rho <sportello@comune.test>".into();
    })
    .await;
    queue_a_verification_code(&server).await;

    assert!(wait_for(async || !sink.messages.lock().unwrap().is_empty()).await, "nothing reached the SMTP server");
    let message = sink.messages.lock().unwrap()[0].clone();
    assert!(message.contains(&format!("To: {EMAIL}")), "{message}");
    assert!(
        message.contains("From: \"Comune di Rho\" <sportello@comune.test>") || message.contains("From: Comune di Rho <sportello@comune.test>"),
        "{message}"
    );
    assert!(message.contains("Subject: Codice di verifica dell'email - Comune di Rho"), "{message}");
    assert!(wait_for_outgoing_mail(&server, "sent_at IS NOT NULL").await, "the message was never marked delivered");
    let row = sqlx::query("SELECT body, attempts FROM outgoing_mail").fetch_one(server.pool()).await.unwrap();
    assert_eq!(row.get::<String, _>("body"), "");
    assert_eq!(row.get::<i64, _>("attempts"), 1);
    server.stop().await;
}

/// An unreachable mail server costs the citizen nothing: the request
/// succeeds, the message stays queued with the error and a later retry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_mail_server_keeps_the_message_for_a_retry() {
    let _watchdog = Watchdog::start("unreachable_mail_server_keeps_the_message_for_a_retry");
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let server = TestServer::start_with(Backend::Sqlite, |config| {
        config.mail.smtp_url = Some(format!("smtp://127.0.0.1:{closed_port}"));
    })
    .await;
    queue_a_verification_code(&server).await;
    assert!(wait_for_outgoing_mail(&server, "attempts > 0").await, "no delivery was attempted");
    let attempts: i64 = sqlx::query("SELECT attempts FROM outgoing_mail").fetch_one(server.pool()).await.unwrap().get("attempts");
    assert_eq!(attempts, 1);
    let row = sqlx::query("SELECT sent_at, body, last_error, next_attempt_at, created_at FROM outgoing_mail").fetch_one(server.pool()).await.unwrap();
    assert_eq!(row.get::<Option<i64>, _>("sent_at"), None);
    assert!(row.get::<String, _>("body").contains("il codice:"));
    assert!(row.get::<Option<String>, _>("last_error").unwrap().starts_with("SMTP"));
    assert!(row.get::<i64, _>("next_attempt_at") >= row.get::<i64, _>("created_at") + 60);
    server.stop().await;
}
