//! The back office over real HTTP on SQLite and PostgreSQL, without
//! JavaScript: a clerk's inbox and filters, the audited opening, taking
//! charge, internal notes, an integration request the citizen answers with a
//! file (the time limit suspended meanwhile), the conclusion with an outcome
//! document, the citizen's withdrawal; refused moves with their message; and
//! nobody outside the practice's office, or other than its owner, reaching
//! or changing anything.

use crate::support::*;
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::Role;
use app::practices::answers::Answers;
use app::practices::calendar::{italian_date, rome_date_of_unix_seconds, DayCount, Suspension, WorkingDayCalendar};
use app::practices::procedure::TimeLimit;
use server::auth::accounts::{add_clerk_office, insert_account, set_totp_secret, NewAccount};
use server::auth::totp::totp_code_at;
use server::practices::drafts::create_draft;
use server::practices::submission::{file_practice, FiledPractice};

const PASSWORD: &str = "cavallo batteria graffetta";
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// The accesso civico generalizzato's limit: 30 calendar days, suspended by integration requests.
const LIMIT: TimeLimit = TimeLimit { days: 30, count: DayCount::Calendar, suspended_by_integration: true };
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
const DAY: i64 = 86_400;

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn unescape(html: &str) -> String {
    html.replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", "\"")
}

async fn create_person(server: &TestServer, fiscal_code: &str, given_name: &str, role: Role, offices: &[&str]) -> String {
    let fiscal_code = FiscalCode::parse(fiscal_code).unwrap();
    let id = insert_account(
        server.pool(),
        &NewAccount {
            fiscal_code: &fiscal_code,
            given_name,
            family_name: "Test",
            email: Some("persona@example.it"),
            phone: None,
            role,
            identity_source: "counter",
        },
    )
    .await
    .unwrap()
    .unwrap();
    let hash = server::auth::passwords::hash_password(PASSWORD.into()).await.unwrap();
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2").bind(hash).bind(&id).execute(server.pool()).await.unwrap();
    set_totp_secret(server.pool(), &id, SECRET, 0).await.unwrap();
    for office in offices {
        add_clerk_office(server.pool(), &id, office).await.unwrap();
    }
    id
}

async fn log_in(server: &TestServer, fiscal_code: &str) -> Browser {
    let mut browser = Browser::new(server);
    let response = browser.post_form("/accedi/credenziali", &[("codice_fiscale", fiscal_code), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    // Each login uses a fresh code: the same TOTP code is refused twice, so
    // every login moves the server's clock on to a time step of its own.
    server.clock.advance(30);
    let code = totp_code_at(SECRET, server.clock.now_unix_seconds() as u64).unwrap();
    let response = browser.post_form("/accedi/codice", &[("codice", &code), ("ritorno", "/area-personale")]).await;
    assert_eq!(response.status(), 303, "a code of a time step not used before is accepted");
    browser
}

async fn file_one(server: &TestServer, account: &str) -> FiledPractice {
    let (draft, _) = create_draft(server.pool(), account, "accesso-civico-generalizzato").await.unwrap().unwrap();
    let answers = Answers::from_pairs([("email", "mario.rossi@example.it"), ("oggetto", "Contratti di pulizia delle scuole 2025")]);
    file_practice(server.pool(), account, &draft, "segreteria", &LIMIT, &answers).await.unwrap().unwrap()
}

pub(crate) async fn post_multipart(browser: &mut Browser, path: &str, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> reqwest::Response {
    let token = browser.cookies["sportello_csrf"].clone();
    let mut form = reqwest::multipart::Form::new().text("csrf", token);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    for (file_name, bytes) in files {
        form = form.part("documento", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(file_name.to_string()));
    }
    let cookies = browser.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("; ");
    browser.client.post(format!("{}{path}", browser.base_url)).header("cookie", cookies).multipart(form).send().await.unwrap()
}

async fn status_of(server: &TestServer, practice: &str) -> (String, Option<String>, Option<String>) {
    sqlx::query_as("SELECT status, due_on, assigned_clerk_id FROM practices WHERE id = $1").bind(practice).fetch_one(server.pool()).await.unwrap()
}

async fn a_practice_goes_through_the_office_and_back(server: &TestServer) {
    let mario = create_person(server, "RSSMRA80A01F205X", "Mario", Role::Citizen, &[]).await;
    create_person(server, "FRRNNA90E45F704T", "Anna", Role::Citizen, &[]).await;
    let giulia = create_person(server, "BNCGLI85M52F205H", "Giulia", Role::Clerk, &["segreteria"]).await;
    create_person(server, "VRDLCU75C15F205E", "Luca", Role::Clerk, &["polizia-locale"]).await;
    let filed = file_one(server, &mario).await;
    let id = filed.practice_id.clone();
    let protocol = filed.protocol_number.to_string();
    // Filed 20 days ago: the 30-day limit ends 10 days from now.
    let today = rome_date_of_unix_seconds(now());
    let filed_on = today - time::Duration::days(20);
    let original_due = WorkingDayCalendar::RHO.deadline(filed_on, 30, DayCount::Calendar, &[]).unwrap();
    sqlx::query("UPDATE practices SET submitted_on = $2, submitted_at = submitted_at - $3, due_on = $4 WHERE id = $1")
        .bind(&id)
        .bind(filed_on.to_string())
        .bind(20 * DAY)
        .bind(original_due.to_string())
        .execute(server.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE practice_events SET occurred_at = occurred_at - $2 WHERE practice_id = $1")
        .bind(&id)
        .bind(20 * DAY)
        .execute(server.pool())
        .await
        .unwrap();

    let mut clerk = log_in(server, "BNCGLI85M52F205H").await;
    let mut other_clerk = log_in(server, "VRDLCU75C15F205E").await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X").await;
    let mut other_citizen = log_in(server, "FRRNNA90E45F704T").await;
    let clerk_page = format!("/operatore/pratiche/{id}");
    let citizen_page = format!("/area-personale/pratiche/{id}");

    // The inbox: the office's practice, not the other office's clerk's; staff only.
    let (status, inbox) = clerk.get_text("/operatore/pratiche").await;
    assert_eq!(status, 200);
    assert!(inbox.contains(&protocol) && inbox.contains("Mario Test") && inbox.contains(&italian_date(original_due)), "{inbox}");
    let (_, other_inbox) = other_clerk.get_text("/operatore/pratiche").await;
    assert!(!other_inbox.contains(&protocol), "another office's clerk does not see it");
    assert_eq!(citizen.get("/operatore/pratiche").await.status(), 403);

    // Another office's clerk reaches nothing and changes nothing.
    assert_eq!(other_clerk.get(&clerk_page).await.status(), 404);
    assert_eq!(post_multipart(&mut other_clerk, &clerk_page, &[("azione", "take_charge")], &[]).await.status(), 404);
    assert_eq!(status_of(server, &id).await.0, "protocolled");

    // Opening is audited, with the citizen as subject.
    let (status, html) = clerk.get_text(&clerk_page).await;
    assert_eq!(status, 200);
    assert!(html.contains("RSSMRA80A01F205X") && html.contains("Contratti di pulizia delle scuole 2025"));
    let opened: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'practice_opened' AND actor = $1 AND subject = $2")
        .bind(&giulia)
        .bind(&mario)
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(opened, 1);

    // A move the status does not allow is refused with a clear message.
    let response = post_multipart(&mut clerk, &clerk_page, &[("azione", "accepted"), ("nota", "Dati pubblicati")], &[]).await;
    assert_eq!(response.status(), 409);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Non si può accogliere una pratica nello stato «Protocollata»."));
    assert!(html.contains("Dati pubblicati"), "the typed reason is kept");

    let response = post_multipart(&mut clerk, &clerk_page, &[("azione", "take_charge")], &[]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{clerk_page}?fatto=take_charge"));
    assert_eq!(status_of(server, &id).await, ("under_review".to_string(), Some(original_due.to_string()), Some(giulia.clone())));

    // An internal note: the office sees it, the citizen never does.
    let response = post_multipart(&mut clerk, &clerk_page, &[("azione", "internal_note"), ("nota", "Sentire l'archivio storico")], &[]).await;
    assert_eq!(response.status(), 303);
    assert!(unescape(&clerk.get_text(&clerk_page).await.1).contains("Sentire l'archivio storico"));
    assert!(!unescape(&citizen.get_text(&citizen_page).await.1).contains("Sentire l'archivio storico"));

    // An integration request needs its message and a deadline.
    let response = post_multipart(&mut clerk, &clerk_page, &[("azione", "integration_requested"), ("nota", "Indica gli anni"), ("scadenza", "")], &[]).await;
    assert_eq!(response.status(), 422);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("<title>Errore:") && html.contains("Indica la scadenza per l'integrazione") && html.contains("Indica gli anni"));
    let deadline = italian_date(today + time::Duration::days(15));
    let response = post_multipart(
        &mut clerk,
        &clerk_page,
        &[("azione", "integration_requested"), ("nota", "Indica gli anni che ti interessano"), ("scadenza", &deadline)],
        &[],
    )
    .await;
    assert_eq!(response.status(), 303);
    let (status, due, _) = status_of(server, &id).await;
    assert_eq!((status.as_str(), due), ("integration_requested", None), "the limit stands still while the office waits");
    let mails: Vec<String> =
        sqlx::query_scalar("SELECT body FROM outgoing_mail WHERE recipient = 'mario.rossi@example.it'").fetch_all(server.pool()).await.unwrap();
    assert!(mails.iter().any(|body| body.contains("Indica gli anni che ti interessano") && body.contains(&deadline)), "{mails:?}");
    // The request was made 5 days ago.
    sqlx::query("UPDATE practice_events SET occurred_at = occurred_at - $2 WHERE practice_id = $1 AND kind = 'integration_requested'")
        .bind(&id)
        .bind(5 * DAY)
        .execute(server.pool())
        .await
        .unwrap();

    // The citizen sees the request; nobody else can answer it.
    let html = unescape(&citizen.get_text(&citizen_page).await.1);
    assert!(html.contains("L'ufficio ti chiede un'integrazione") && html.contains("Indica gli anni che ti interessano") && html.contains(&deadline));
    assert_eq!(other_citizen.get(&citizen_page).await.status(), 404);
    let response = post_multipart(&mut other_citizen, &citizen_page, &[("azione", "integration_answered"), ("nota", "2024")], &[]).await;
    assert_eq!(response.status(), 404);
    let response = post_multipart(&mut citizen, &citizen_page, &[("azione", "integration_answered"), ("nota", "")], &[]).await;
    assert_eq!(response.status(), 422);
    assert!(unescape(&response.text().await.unwrap()).contains("Scrivi una risposta o allega almeno un file."));
    let response = post_multipart(&mut citizen, &citizen_page, &[("azione", "integration_answered"), ("nota", "")], &[("finto.pdf", b"MZ not a pdf")]).await;
    assert_eq!(response.status(), 422, "a file that is not what it claims is refused");
    let response =
        post_multipart(&mut citizen, &citizen_page, &[("azione", "integration_answered"), ("nota", "Gli anni 2024 e 2025")], &[("anni.pdf", PDF)]).await;
    assert_eq!(response.status(), 303);
    let (status, due, _) = status_of(server, &id).await;
    let suspended = [Suspension { from: today - time::Duration::days(5), until: Some(today) }];
    let expected_due = WorkingDayCalendar::RHO.deadline(filed_on, 30, DayCount::Calendar, &suspended).unwrap();
    assert!(expected_due > original_due);
    assert_eq!((status.as_str(), due), ("integrated", Some(expected_due.to_string())), "the 5 days of waiting are not counted");

    // The clerk gets the citizen's file; nobody else does.
    let document: String = sqlx::query_scalar("SELECT id FROM practice_documents WHERE practice_id = $1").bind(&id).fetch_one(server.pool()).await.unwrap();
    let response = clerk.get(&format!("{clerk_page}/documenti/{document}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(other_clerk.get(&format!("{clerk_page}/documenti/{document}")).await.status(), 404);
    assert_eq!(other_citizen.get(&format!("{citizen_page}/documenti/{document}")).await.status(), 404);
    assert_eq!(citizen.get(&format!("{citizen_page}/documenti/{document}")).await.status(), 200);
    let downloads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'practice_document_downloaded' AND actor = $1 AND subject = $2")
        .bind(&giulia)
        .bind(&mario)
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(downloads, 1, "the clerk's download is audited, the citizen's own and refused ones are not");

    // Conclusion with a reason and an outcome document.
    let response = post_multipart(&mut clerk, &clerk_page, &[("azione", "accepted"), ("nota", "")], &[]).await;
    assert_eq!(response.status(), 422);
    assert!(unescape(&response.text().await.unwrap()).contains("Scrivi la motivazione del provvedimento."));
    let response = post_multipart(
        &mut clerk,
        &clerk_page,
        &[("azione", "accepted"), ("nota", "I dati sono pubblicati")],
        &[("provvedimento.pdf", b"%PDF-1.7\n2 0 obj\n%%EOF\n")],
    )
    .await;
    assert_eq!(response.status(), 303);
    let (status, due, _) = status_of(server, &id).await;
    assert_eq!((status.as_str(), due), ("accepted", None));
    let mails: Vec<String> =
        sqlx::query_scalar("SELECT subject FROM outgoing_mail WHERE recipient = 'mario.rossi@example.it'").fetch_all(server.pool()).await.unwrap();
    assert!(mails.iter().any(|subject| subject.contains(&protocol) && subject.contains("Accolta")), "{mails:?}");

    // The citizen sees every step and the outcome; a concluded practice cannot be withdrawn.
    let html = unescape(&citizen.get_text(&citizen_page).await.1);
    for step in [
        "Protocollata",
        "Presa in carico",
        "In attesa di integrazione",
        "Integrazione inviata dal cittadino",
        "Accolta",
        "I dati sono pubblicati",
        "provvedimento.pdf",
    ] {
        assert!(html.contains(step), "the timeline shows {step}");
    }
    let response = post_multipart(&mut citizen, &citizen_page, &[("azione", "withdrawn"), ("conferma", "si")], &[]).await;
    assert_eq!(response.status(), 409);
    assert!(unescape(&response.text().await.unwrap()).contains("Non si può ritirare una pratica nello stato «Accolta»."));
    let events: i64 = sqlx::query_scalar("SELECT last_event_sequence FROM practices WHERE id = $1").bind(&id).fetch_one(server.pool()).await.unwrap();
    assert_eq!(events, 7, "submitted, protocolled, taken in charge, note, request, answer, acceptance");

    // Filters: concluded ones only when asked for.
    assert!(!clerk.get_text("/operatore/pratiche").await.1.contains(&protocol));
    assert!(clerk.get_text("/operatore/pratiche?stato=accepted").await.1.contains(&protocol));

    // A second practice: the citizen withdraws it (after confirming); nobody else can.
    let second = file_one(server, &mario).await;
    let second_page = format!("/area-personale/pratiche/{}", second.practice_id);
    assert_eq!(post_multipart(&mut other_citizen, &second_page, &[("azione", "withdrawn"), ("conferma", "si")], &[]).await.status(), 404);
    let response = post_multipart(&mut citizen, &second_page, &[("azione", "withdrawn")], &[]).await;
    assert_eq!(response.status(), 422);
    assert!(unescape(&response.text().await.unwrap()).contains("spunta la casella di conferma"));
    assert_eq!(post_multipart(&mut citizen, &second_page, &[("azione", "withdrawn"), ("conferma", "si")], &[]).await.status(), 303);
    assert_eq!(status_of(server, &second.practice_id).await.0, "withdrawn");
    // A citizen cannot take the office's actions.
    let third = file_one(server, &mario).await;
    let response = post_multipart(&mut citizen, &format!("/area-personale/pratiche/{}", third.practice_id), &[("azione", "take_charge")], &[]).await;
    assert_eq!(response.status(), 422);
    assert_eq!(status_of(server, &third.practice_id).await.0, "protocolled");

    // The historical archive: concluded practices only, filtered and paged, the owner's only.
    let (_, mine) = citizen.get_text("/area-personale/pratiche").await;
    assert!(mine.contains(&third.protocol_number.to_string()) && !mine.contains(&protocol), "Le mie pratiche lists the open ones");
    let (status, archive) = citizen.get_text("/area-personale/pratiche/archivio").await;
    assert_eq!(status, 200);
    assert!(archive.contains(&protocol) && archive.contains(&second.protocol_number.to_string()) && !archive.contains(&third.protocol_number.to_string()));
    let (_, withdrawn_only) = citizen.get_text("/area-personale/pratiche/archivio?esito=withdrawn").await;
    assert!(withdrawn_only.contains(&second.protocol_number.to_string()) && !withdrawn_only.contains(&protocol));
    let year = filed.protocol_number.year();
    assert!(citizen.get_text(&format!("/area-personale/pratiche/archivio?anno={year}&tema=trasparenza-amministrativa")).await.1.contains(&protocol));
    assert!(!citizen.get_text(&format!("/area-personale/pratiche/archivio?anno={}", year - 1)).await.1.contains(&protocol));
    assert!(!other_citizen.get_text("/area-personale/pratiche/archivio").await.1.contains(&protocol), "nobody else's archive holds it");
    for _ in 0..10 {
        let rejected = file_one(server, &mario).await;
        sqlx::query("UPDATE practices SET status = 'rejected' WHERE id = $1").bind(&rejected.practice_id).execute(server.pool()).await.unwrap();
    }
    let (_, first_page) = citizen.get_text("/area-personale/pratiche/archivio").await;
    assert!(first_page.contains("Pratiche trovate: 12") && first_page.contains("Pagina 1 di 2") && first_page.contains("pagina=2"), "{first_page}");
    let (_, second_page) = citizen.get_text("/area-personale/pratiche/archivio?pagina=2").await;
    assert!(second_page.contains("Pagina 2 di 2") && second_page.contains(&protocol), "the oldest is on the last page");

    // Overdue: a practice past its day shows up under "scadute".
    sqlx::query("UPDATE practices SET due_on = $2 WHERE id = $1")
        .bind(&third.practice_id)
        .bind((today - time::Duration::days(1)).to_string())
        .execute(server.pool())
        .await
        .unwrap();
    let (_, overdue) = clerk.get_text("/operatore/pratiche?scadute=si").await;
    assert!(overdue.contains(&third.protocol_number.to_string()) && overdue.contains("Scaduta") && overdue.contains("Pratiche trovate: 1"), "{overdue}");
}

on_both_databases!(a_practice_goes_through_the_office_and_back);

/// Practices filed before due days existed get one by a fix that runs once
/// per database, not at every start.
async fn the_due_day_fix_runs_once(server: &TestServer) {
    use server::practices::processing::{fill_missing_due_days, DUE_DAYS_DATA_FIX};
    let mario = create_person(server, "RSSMRA80A01F205X", "Mario", Role::Citizen, &[]).await;
    let filed = file_one(server, &mario).await;
    let expected = status_of(server, &filed.practice_id).await.1;
    assert!(expected.is_some(), "filing sets the due day");
    sqlx::query("UPDATE practices SET due_on = NULL WHERE id = $1").bind(&filed.practice_id).execute(server.pool()).await.unwrap();
    let fix = || fill_missing_due_days(server.pool());
    let ran = server::database::run_data_fix_once(server.pool(), DUE_DAYS_DATA_FIX, || async { fix().await.map(|_| ()) }).await.unwrap();
    assert!(!ran, "the start of the server has already applied it");
    assert_eq!(status_of(server, &filed.practice_id).await.1, None);
    sqlx::query("DELETE FROM data_fixes WHERE name = $1").bind(DUE_DAYS_DATA_FIX).execute(server.pool()).await.unwrap();
    let ran = server::database::run_data_fix_once(server.pool(), DUE_DAYS_DATA_FIX, || async { fix().await.map(|_| ()) }).await.unwrap();
    assert!(ran);
    assert_eq!(status_of(server, &filed.practice_id).await.1, expected, "the same day as filing computed");
    let recorded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM data_fixes WHERE name = $1").bind(DUE_DAYS_DATA_FIX).fetch_one(server.pool()).await.unwrap();
    assert_eq!(recorded, 1);
}

on_both_databases!(the_due_day_fix_runs_once);

/// Without an answer by the deadline the office may conclude; before it, it
/// may not. The inbox marks the expired wait. Filed attachments reach the
/// office's clerks only, and every download is audited.
async fn an_unanswered_integration_is_concluded_after_its_deadline(server: &TestServer) {
    let mario = create_person(server, "RSSMRA80A01F205X", "Mario", Role::Citizen, &[]).await;
    let giulia = create_person(server, "BNCGLI85M52F205H", "Giulia", Role::Clerk, &["segreteria"]).await;
    create_person(server, "VRDLCU75C15F205E", "Luca", Role::Clerk, &["polizia-locale"]).await;
    let filed = file_one(server, &mario).await;
    let id = filed.practice_id.clone();
    let draft: String = sqlx::query_scalar("SELECT draft_id FROM practices WHERE id = $1").bind(&id).fetch_one(server.pool()).await.unwrap();
    let sniffed = server::practices::attachments::sniff(PDF).expect("a PDF");
    let attachment = server::practices::attachments::store_attachment(server.pool(), &draft, "documento", "delega.pdf", sniffed, PDF).await.unwrap();
    let mut clerk = log_in(server, "BNCGLI85M52F205H").await;
    let mut other_clerk = log_in(server, "VRDLCU75C15F205E").await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X").await;
    let clerk_page = format!("/operatore/pratiche/{id}");
    let attachment_path = format!("{clerk_page}/allegati/{attachment}");

    assert_eq!(other_clerk.get(&attachment_path).await.status(), 404, "another office's clerk");
    assert_eq!(citizen.get(&attachment_path).await.status(), 403, "not staff");
    let response = clerk.get(&attachment_path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
    let audited: Vec<(String, String)> =
        sqlx::query_as("SELECT actor, subject FROM audit_log WHERE action = 'filed_attachment_downloaded'").fetch_all(server.pool()).await.unwrap();
    assert_eq!(audited, vec![(giulia.clone(), mario.clone())]);

    assert_eq!(post_multipart(&mut clerk, &clerk_page, &[("azione", "take_charge")], &[]).await.status(), 303);
    let deadline = italian_date(rome_date_of_unix_seconds(now()) + time::Duration::days(10));
    let response =
        post_multipart(&mut clerk, &clerk_page, &[("azione", "integration_requested"), ("nota", "Serve la delega firmata"), ("scadenza", &deadline)], &[])
            .await;
    assert_eq!(response.status(), 303);

    // Still waiting: concluding is refused, and the form does not offer it.
    let html = unescape(&clerk.get_text(&clerk_page).await.1);
    assert!(!html.contains("value=\"rejected\"") && !html.contains("Integrazione non pervenuta"), "{html}");
    let response = post_multipart(&mut clerk, &clerk_page, &[("azione", "rejected"), ("nota", "Delega mai arrivata")], &[]).await;
    assert_eq!(response.status(), 409);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("La pratica attende l'integrazione richiesta al cittadino") && html.contains("Delega mai arrivata"), "{html}");
    assert_eq!(status_of(server, &id).await.0, "integration_requested");
    let (_, overdue) = clerk.get_text("/operatore/pratiche?scadute=si").await;
    assert!(overdue.contains("Pratiche trovate: 0"), "waiting within the deadline is not overdue");

    // The deadline passed yesterday without an answer.
    let yesterday = rome_date_of_unix_seconds(now()) - time::Duration::days(1);
    sqlx::query("UPDATE practices SET integration_deadline = $2 WHERE id = $1").bind(&id).bind(yesterday.to_string()).execute(server.pool()).await.unwrap();
    let (_, inbox) = clerk.get_text("/operatore/pratiche").await;
    assert!(inbox.contains("Integrazione non pervenuta entro il termine"), "{inbox}");
    let (_, overdue) = clerk.get_text("/operatore/pratiche?scadute=si").await;
    assert!(overdue.contains(&filed.protocol_number.to_string()) && overdue.contains("Pratiche trovate: 1"), "the office has to act: {overdue}");
    let html = unescape(&clerk.get_text(&clerk_page).await.1);
    assert!(html.contains("value=\"rejected\"") && html.contains("Integrazione non pervenuta entro il termine"));
    assert_eq!(post_multipart(&mut other_clerk, &clerk_page, &[("azione", "rejected"), ("nota", "x")], &[]).await.status(), 404);
    let response = post_multipart(&mut clerk, &clerk_page, &[("azione", "rejected"), ("nota", "Delega non pervenuta entro il termine")], &[]).await;
    assert_eq!(response.status(), 303);
    let (status, due, _) = status_of(server, &id).await;
    assert_eq!((status.as_str(), due), ("rejected", None));
    let (_, page) = citizen.get_text(&format!("/area-personale/pratiche/{id}")).await;
    assert!(unescape(&page).contains("Delega non pervenuta entro il termine"));
}

on_both_databases!(an_unanswered_integration_is_concluded_after_its_deadline);
