//! The wizard over real HTTP on SQLite and PostgreSQL, as a browser without
//! JavaScript uses it: mistakes answered with 422 and the typed answers kept,
//! a change from the summary, filing at level 2 only, idempotent filing, the
//! protocol number, the receipt mail, and nobody else's drafts or practices.
//! Then the protocol register under load: 200 filings at once, 10 repeats of
//! one, and two server instances on one PostgreSQL.

use crate::support::*;
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::Role;
use app::practices::answers::Answers;
use server::auth::accounts::{insert_account, set_totp_secret, NewAccount};
use server::auth::totp::totp_code_at;
use server::practices::drafts::create_draft;
use server::practices::submission::file_practice;
use std::collections::BTreeSet;

const PASSWORD: &str = "cavallo batteria graffetta";
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const TEST_TIME_LIMIT: app::practices::procedure::TimeLimit =
    app::practices::procedure::TimeLimit { days: 30, count: app::practices::calendar::DayCount::Calendar, suspended_by_integration: false };

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

pub(crate) async fn create_citizen(server: &TestServer, fiscal_code: &str, given_name: &str, with_totp: bool) -> String {
    let fiscal_code = FiscalCode::parse(fiscal_code).unwrap();
    let id = insert_account(
        server.pool(),
        &NewAccount {
            fiscal_code: &fiscal_code,
            given_name,
            family_name: "Rossi",
            email: Some("mario.rossi@example.it"),
            phone: None,
            role: Role::Citizen,
            identity_source: "counter",
        },
    )
    .await
    .unwrap()
    .unwrap();
    let hash = server::auth::passwords::hash_password(PASSWORD.into()).await.unwrap();
    sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2").bind(hash).bind(&id).execute(server.pool()).await.unwrap();
    if with_totp {
        set_totp_secret(server.pool(), &id, SECRET, 0).await.unwrap();
    }
    id
}

/// Logs in with the password (and the TOTP code when enrolled: level 2).
pub(crate) async fn log_in(server: &TestServer, fiscal_code: &str, with_totp: bool) -> Browser {
    let mut browser = Browser::new(server);
    let response = browser.post_form("/accedi/credenziali", &[("codice_fiscale", fiscal_code), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    if with_totp {
        let code = totp_code_at(SECRET, now()).unwrap();
        let response = browser.post_form("/accedi/codice", &[("codice", &code), ("ritorno", "/area-personale")]).await;
        assert_eq!(response.status(), 303);
    }
    browser
}

fn unescape(html: &str) -> String {
    html.replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&").replace("&quot;", "\"")
}

async fn a_citizen_files_an_accesso_civico_generalizzato_without_javascript(server: &TestServer) {
    create_citizen(server, "RSSMRA80A01F205X", "Mario", true).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", true).await;

    let (_, start_page) = citizen.get_text("/pratiche/accesso-civico-generalizzato").await;
    assert!(start_page.contains("href=\"/area-personale/pratiche/nuova/accesso-civico-generalizzato\""));
    let (status, _) = citizen.get_text("/area-personale/pratiche/nuova/accesso-civico-generalizzato").await;
    assert_eq!(status, 200);
    let response = citizen.post_form("/area-personale/pratiche/nuova/accesso-civico-generalizzato", &[]).await;
    assert_eq!(response.status(), 303);
    let first_step = location(&response);
    assert!(first_step.starts_with("/area-personale/bozze/") && first_step.ends_with("/richiedente"), "{first_step}");
    let draft = first_step.trim_start_matches("/area-personale/bozze/").trim_end_matches("/richiedente").to_string();

    // Identity is shown, not asked; the email is prefilled from the profile.
    let (status, html) = citizen.get_text(&first_step).await;
    assert_eq!(status, 200);
    assert!(html.contains("RSSMRA80A01F205X") && !html.contains("name=\"codice_fiscale\""), "the fiscal code is shown, never asked");
    assert!(html.contains("value=\"mario.rossi@example.it\""));
    // A later step cannot be opened before this one is accepted.
    assert_eq!(citizen.get(&format!("/area-personale/bozze/{draft}/richiesta")).await.status(), 404);

    let response = citizen.post_form(&first_step, &[("email", "mario@"), ("telefono", "02 1234"), ("codice_fiscale", "VRDLCU75C15F205E")]).await;
    assert_eq!(response.status(), 422);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("<title>Errore: Chi presenta la domanda"), "the title says there are errors");
    assert!(html.contains("Correggi i seguenti errori:") && html.contains("href=\"#campo-email\""));
    assert!(html.contains("«Email»: scrivi un indirizzo email completo"));
    assert!(html.contains("value=\"mario@\"") && html.contains("value=\"02 1234\""), "nothing typed is lost");
    let response = citizen.post_form(&first_step, &[("email", "Mario.Rossi@Example.it"), ("telefono", "")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("/area-personale/bozze/{draft}/richiesta"));

    let second_step = format!("/area-personale/bozze/{draft}/richiesta");
    let response =
        citizen.post_form(&second_step, &[("oggetto", ""), ("periodo_dal", "01/06/2025"), ("periodo_al", "01/01/2025"), ("formato", "digitale")]).await;
    assert_eq!(response.status(), 422);
    let html = unescape(&response.text().await.unwrap());
    assert!(html.contains("Compila il campo «Dati o documenti che chiedi»."));
    assert!(html.contains("La fine del periodo non può essere prima del suo inizio."));
    assert!(html.contains("value=\"01/06/2025\"") && html.contains("value=\"01/01/2025\""));
    let response = citizen
        .post_form(
            &second_step,
            &[("oggetto", "Contratti di pulizia delle scuole 2025"), ("periodo_dal", "01/01/2025"), ("periodo_al", "31/12/2025"), ("formato", "digitale")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let summary = format!("/area-personale/bozze/{draft}/riepilogo");
    assert_eq!(location(&response), summary);

    let (_, html) = citizen.get_text(&summary).await;
    let html = unescape(&html);
    assert!(html.contains("Contratti di pulizia delle scuole 2025") && html.contains("mario.rossi@example.it") && html.contains("2025-01-01"));
    assert!(html.contains(&format!("href=\"/area-personale/bozze/{draft}/richiesta?ritorno=riepilogo#campo-oggetto\"")));
    assert!(html.contains("<span class=\"sr-only\"> Dati o documenti che chiedi</span>"), "each Modifica names its question");

    // Change an answer from the summary and come back to it.
    let (status, _) = citizen.get_text(&format!("{second_step}?ritorno=riepilogo")).await;
    assert_eq!(status, 200);
    let response = citizen
        .post_form(
            &format!("{second_step}?ritorno=riepilogo"),
            &[
                ("oggetto", "Contratti di pulizia delle scuole 2024 e 2025"),
                ("periodo_dal", "01/01/2024"),
                ("periodo_al", "31/12/2025"),
                ("formato", "digitale"),
            ],
        )
        .await;
    assert_eq!(location(&response), summary);

    // Sent with the English interface: the receipt mail comes in English.
    citizen.cookies.insert("lingua".to_string(), "en".to_string());
    let response = citizen.post_form(&summary, &[("azione", "invia")]).await;
    citizen.cookies.remove("lingua");
    assert_eq!(response.status(), 303);
    let practice_page = location(&response);
    assert!(practice_page.starts_with("/area-personale/pratiche/") && practice_page.ends_with("?inviata=1"), "{practice_page}");
    // A double click, a refresh, a retry: the same practice.
    for _ in 0..3 {
        let again = citizen.post_form(&summary, &[("azione", "invia")]).await;
        assert_eq!(location(&again), practice_page);
    }
    let practices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM practices").fetch_one(server.pool()).await.unwrap();
    assert_eq!(practices, 1);

    let year = app::practices::calendar::rome_date_of_unix_seconds(now() as i64).year();
    let (status, html) = citizen.get_text(&practice_page).await;
    assert_eq!(status, 200);
    let html = unescape(&html);
    assert!(html.contains(&format!("{year}/0000001")), "the first protocol number of the year");
    assert!(html.contains("Domanda inviata") && html.contains("Protocollata") && html.contains("Conclusione prevista entro il"));
    let filed: String = sqlx::query_scalar("SELECT answers_json FROM practices").fetch_one(server.pool()).await.unwrap();
    let filed: Answers = serde_json::from_str(&filed).unwrap();
    assert_eq!(filed.value("codice_fiscale"), "RSSMRA80A01F205X");
    assert_eq!(filed.value("email"), "Mario.Rossi@example.it");
    assert_eq!(filed.value("periodo_dal"), "2024-01-01");
    assert_eq!(filed.value("oggetto"), "Contratti di pulizia delle scuole 2024 e 2025");
    let mails: Vec<(String, String, String)> = sqlx::query_as("SELECT recipient, subject, body FROM outgoing_mail").fetch_all(server.pool()).await.unwrap();
    assert_eq!(mails.len(), 1, "one receipt, however many clicks");
    assert_eq!(mails[0].0, "Mario.Rossi@example.it");
    assert_eq!(mails[0].1, format!("Application registered, no. {year}/0000001 – Accesso civico generalizzato (FOIA)"));
    assert!(mails[0].2.starts_with("Dear Mario Rossi,") && mails[0].2.contains(&format!("Registration number: {year}/0000001")), "{}", mails[0].2);
    // The filed draft cannot be changed any more.
    let late = citizen.post_form(&second_step, &[("oggetto", "altro")]).await;
    assert_eq!(location(&late), practice_page);

    // The receipt: protocol number, check code, the answers as filed.
    let practice_path_for_receipt = practice_page.trim_end_matches("?inviata=1").to_string();
    let receipt = citizen.get(&format!("{practice_path_for_receipt}/ricevuta.pdf")).await;
    assert_eq!(receipt.status(), 200);
    assert_eq!(receipt.headers()["content-type"], "application/pdf");
    assert_eq!(receipt.headers()["content-disposition"], format!("attachment; filename=\"ricevuta-{year}-0000001.pdf\"").as_str());
    let receipt_bytes = receipt.bytes().await.unwrap();
    assert!(receipt_bytes.starts_with(b"%PDF-"));
    let receipt_text = String::from_utf8_lossy(&receipt_bytes);
    let check_code_on_receipt: String = sqlx::query_scalar("SELECT check_code FROM practices").fetch_one(server.pool()).await.unwrap();
    for expected in [
        format!("Numero di protocollo: {year}/0000001"),
        format!("Codice di verifica: {check_code_on_receipt}"),
        "Contratti di pulizia delle scuole 2024 e 2025".to_string(),
        "Richiedente: Mario Rossi (RSSMRA80A01F205X)".to_string(),
    ] {
        assert!(receipt_text.contains(&expected), "the receipt lacks {expected:?}");
    }

    // "Le mie pratiche" lists it; the public lookup shows status and dates, nothing personal.
    let (_, mine) = citizen.get_text("/area-personale/pratiche").await;
    assert!(mine.contains(&format!("{year}/0000001")) && mine.contains("Accesso civico generalizzato (FOIA)"));
    assert!(mine.contains("Non hai domande in compilazione."));
    let check_code: String = sqlx::query_scalar("SELECT check_code FROM practices").fetch_one(server.pool()).await.unwrap();
    let typed_code = check_code.replace('-', " ").to_lowercase();
    let (status, public) = server.get_text(&format!("/pratiche/verifica?protocollo={year}%2F1&codice={}", typed_code.replace(' ', "+"))).await;
    assert_eq!(status, 200);
    let public = unescape(&public);
    assert!(public.contains("Accesso civico generalizzato (FOIA)") && public.contains("Protocollata") && public.contains(&format!("{year}/0000001")));
    for personal in ["Rossi", "RSSMRA80A01F205X", "example.it", "Contratti di pulizia"] {
        assert!(!public.contains(personal), "the public lookup shows {personal}");
    }
    let wrong_code = if check_code.starts_with('A') { "BBBB-BBBB" } else { "AAAA-AAAA" };
    let (_, wrong) = server.get_text(&format!("/pratiche/verifica?protocollo={year}%2F0000001&codice={wrong_code}")).await;
    let (_, unknown) = server.get_text(&format!("/pratiche/verifica?protocollo={year}%2F0000099&codice={check_code}")).await;
    let (_, malformed) = server.get_text("/pratiche/verifica?protocollo=abc&codice=").await;
    for answer in [&wrong, &unknown, &malformed] {
        assert!(answer.contains("Nessuna pratica corrisponde"), "a wrong pair answers like an unknown one");
        assert!(!answer.contains("Protocollata"));
    }

    // Another citizen sees none of it: every route answers "not found".
    create_citizen(server, "BNCGLI85M52F205H", "Giulia", true).await;
    let mut other = log_in(server, "BNCGLI85M52F205H", true).await;
    let practice_path = practice_page.trim_end_matches("?inviata=1").to_string();
    let receipt_path = format!("{practice_path}/ricevuta.pdf");
    for path in [first_step.as_str(), second_step.as_str(), summary.as_str(), practice_path.as_str(), receipt_path.as_str()] {
        assert_eq!(other.get(path).await.status(), 404, "GET {path}");
    }
    for path in [first_step.as_str(), second_step.as_str(), summary.as_str()] {
        assert_eq!(other.post_form(path, &[("oggetto", "intrusione"), ("azione", "invia")]).await.status(), 404, "POST {path}");
    }
    let practice_id = practice_path.trim_start_matches("/area-personale/pratiche/");
    for (endpoint, body) in
        [("/api/practices/draft", vec![("draft_id", draft.as_str()), ("locale", "Italian")]), ("/api/practices/mine", vec![("practice_id", practice_id)])]
    {
        let token = other.cookies["sportello_csrf"].clone();
        let response = other
            .client
            .post(server.url(endpoint))
            .header("cookie", format!("sportello_csrf={token}; sportello_sessione={}", other.session_cookie().unwrap()))
            .header("x-csrf-token", token)
            .header("origin", server.base_url.clone())
            .form(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{endpoint}");
        assert_eq!(response.text().await.unwrap(), "null", "{endpoint} gives nothing of another citizen");
    }
    let unchanged: String = sqlx::query_scalar("SELECT answers_json FROM practices").fetch_one(server.pool()).await.unwrap();
    assert!(!unchanged.contains("intrusione"));
}

async fn filing_needs_level_two_and_groups_grow_and_shrink(server: &TestServer) {
    create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", false).await;
    let response = citizen.post_form("/area-personale/pratiche/nuova/copia-rapporto-incidente", &[]).await;
    let first_step = location(&response);
    let draft = first_step.split('/').nth(3).unwrap().to_string();
    let response = citizen.post_form(&first_step, &[("email", "mario.rossi@example.it"), ("in_qualita_di", "per_me")]).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let step = format!("/area-personale/bozze/{draft}/incidente");
    // Add a vehicle (a submit button without JavaScript), typed answers kept.
    let response =
        citizen.post_form(&step, &[("luogo", "Via Madonna 12"), ("targhe", "1"), ("targhe.0.targa", "AB123CD"), ("azione", "aggiungi:targhe")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), format!("{step}#campo-targhe-1"));
    let (_, html) = citizen.get_text(&step).await;
    assert!(html.contains("value=\"AB123CD\"") && html.contains("name=\"targhe.1.targa\"") && html.contains("value=\"Via Madonna 12\""));
    let response = citizen
        .post_form(
            &step,
            &[("luogo", "Via Madonna 12"), ("targhe", "2"), ("targhe.0.targa", "AB123CD"), ("targhe.1.targa", "EF456GH"), ("azione", "rimuovi:targhe:0")],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (_, html) = citizen.get_text(&step).await;
    assert!(
        html.contains("value=\"EF456GH\"") && !html.contains("value=\"AB123CD\"") && !html.contains("name=\"targhe.1.targa\""),
        "the first vehicle is removed, the second moves up"
    );
    let today = app::practices::calendar::rome_date_of_unix_seconds(now() as i64);
    let response = citizen
        .post_form(
            &step,
            &[("data_incidente", &today.to_string()), ("luogo", "Via Madonna 12"), ("targhe", "1"), ("targhe.0.targa", "EF456GH"), ("qualita", "coinvolto")],
        )
        .await;
    assert_eq!(location(&response), format!("/area-personale/bozze/{draft}/riepilogo"));
    let (_, summary) = citizen.get_text(&format!("/area-personale/bozze/{draft}/riepilogo")).await;
    assert!(summary.contains("25,00 €"), "the fee is shown before filing");
    let response = citizen.post_form(&format!("/area-personale/bozze/{draft}/riepilogo"), &[("dichiarazioni.veridicita", "si")]).await;
    assert_eq!(response.status(), 303);
    assert!(location(&response).starts_with("/accedi/livello-2?ritorno=%2Farea-personale%2Fbozze%2F"), "{}", location(&response));
    let practices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM practices").fetch_one(server.pool()).await.unwrap();
    assert_eq!(practices, 0, "level 1 files nothing");
    // Declarations are required, and were kept while stepping up.
    let (_, summary) = citizen.get_text(&format!("/area-personale/bozze/{draft}/riepilogo")).await;
    assert!(summary.contains("checked"), "the ticked declaration is kept");
    // The draft waits in "Le mie pratiche", resumable at its summary.
    let (_, mine) = citizen.get_text("/area-personale/pratiche").await;
    assert!(mine.contains(&format!("href=\"/area-personale/bozze/{draft}/riepilogo\"")), "the draft can be resumed");
    assert!(mine.contains("Riprendi – Copia del rapporto di incidente stradale"));
}

async fn the_public_lookup_is_limited_per_client(server: &TestServer) {
    for attempt in 1..=20 {
        let (status, _) = server.get_text("/pratiche/verifica?protocollo=2026%2F0000001&codice=ABCD-EFGH").await;
        assert_eq!(status, 200, "lookup {attempt} is allowed");
    }
    let (status, html) = server.get_text("/pratiche/verifica?protocollo=2026%2F0000001&codice=ABCD-EFGH").await;
    assert_eq!(status, 429);
    assert!(html.contains("Troppe verifiche da questa connessione"));
    // The empty form itself is always there.
    assert_eq!(server.get("/pratiche/verifica").await.status().as_u16(), 200);
}

pub(crate) const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 1, 2, 3, 4];

/// Posts a step form with files, as the browser does (multipart, the CSRF token first).
/// A step's multipart post as the browser sends it (CSRF field, cookies).
fn step_post(browser: &Browser, path: &str, fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> reqwest::RequestBuilder {
    let token = browser.cookies["sportello_csrf"].clone();
    let mut form = reqwest::multipart::Form::new().text("csrf", token);
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    if let Some((field, file_name, bytes)) = file {
        form = form.part(field.to_string(), reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(file_name.to_string()));
    }
    let cookies = browser.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("; ");
    browser.client.post(format!("{}{path}", browser.base_url)).header("cookie", cookies).multipart(form)
}

pub(crate) async fn post_with_file(browser: &mut Browser, path: &str, fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> reqwest::Response {
    step_post(browser, path, fields, file).send().await.unwrap()
}

/// The same post sent by the step's island (to show an upload's progress):
/// the answer is data, not a redirect or a page.
async fn post_with_file_by_script(browser: &mut Browser, path: &str, fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (u16, serde_json::Value) {
    let response = step_post(browser, path, fields, file).header(app::practices::step_island::STEP_POST_BY_SCRIPT_HEADER, "1").send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON answer"))
}

async fn a_tari_registration_with_an_attachment_sniffed_and_stored_once(server: &TestServer) {
    create_citizen(server, "RSSMRA80A01F205X", "Mario", true).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", true).await;
    let first = location(&citizen.post_form("/area-personale/pratiche/nuova/tari-iscrizione", &[]).await);
    let draft = first.split('/').nth(3).unwrap().to_string();
    let step = |id: &str| format!("/area-personale/bozze/{draft}/{id}");
    assert_eq!(citizen.post_form(&first, &[("email", "mario.rossi@example.it")]).await.status(), 303);
    let today = app::practices::calendar::rome_date_of_unix_seconds(now() as i64).to_string();
    let response = citizen
        .post_form(
            &step("immobile"),
            &[
                ("indirizzo_immobile.via", "Via Madonna"),
                ("indirizzo_immobile.civico", "12"),
                ("indirizzo_immobile.cap", "20017"),
                ("indirizzo_immobile.comune", "Rho"),
                ("foglio", "12"),
                ("particella", "345"),
                ("superficie_mq", "85"),
                ("uso", "abitazione"),
                ("data_inizio", &today),
                ("titolo", "affitto"),
            ],
        )
        .await;
    assert_eq!(location(&response), step("occupanti"));
    let response = citizen
        .post_form(
            &step("occupanti"),
            &[
                ("occupanti", "1"),
                ("occupanti.0.nome_cognome", "Mario Rossi"),
                ("occupanti.0.codice_fiscale", "RSSMRA80A01F205X"),
                ("occupanti.0.data_nascita", "01/01/1980"),
            ],
        )
        .await;
    assert_eq!(location(&response), step("documenti"));
    let (_, html) = citizen.get_text(&step("documenti")).await;
    assert!(html.contains("enctype=\"multipart/form-data\"") && html.contains("type=\"file\""));

    // Continuing without the required document is a mistake like any other.
    let response = post_with_file(&mut citizen, &step("documenti"), &[("azione", "continua")], None).await;
    assert_eq!(response.status(), 422);
    let (status, answer) = post_with_file_by_script(&mut citizen, &step("documenti"), &[("azione", "continua")], None).await;
    assert_eq!((status, &answer["problems"][0][0]), (422, &serde_json::json!("titolo_documento")), "{answer}");
    // The name says PDF, the bytes say executable: refused, by content.
    let response = post_with_file(
        &mut citizen,
        &step("documenti"),
        &[("azione", "carica:titolo_documento")],
        Some(("titolo_documento", "contratto.pdf", b"MZ\x90\x00 not a document")),
    )
    .await;
    assert_eq!(response.status(), 422);
    assert!(unescape(&response.text().await.unwrap()).contains("il file «contratto.pdf» non è un PDF"));
    // A PNG called .pdf is accepted as what it is.
    let response =
        post_with_file(&mut citizen, &step("documenti"), &[("azione", "carica:titolo_documento")], Some(("titolo_documento", "contratto.pdf", PNG))).await;
    assert_eq!(response.status(), 303);
    // The island's upload (progress bar): the same rules, answered as data.
    let (status, answer) = post_with_file_by_script(
        &mut citizen,
        &step("documenti"),
        &[("azione", "carica:titolo_documento")],
        Some(("titolo_documento", "virus.pdf", b"MZ\x90\x00 no")),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(answer["problems"][0][0], "titolo_documento");
    assert!(answer["problems"][0][1].as_str().unwrap().contains("il file «virus.pdf» non è un PDF"), "{answer}");
    let (status, answer) =
        post_with_file_by_script(&mut citizen, &step("documenti"), &[("azione", "carica:titolo_documento")], Some(("titolo_documento", "copia.png", PNG)))
            .await;
    assert_eq!(status, 200);
    assert_eq!(answer["location"], format!("{}#campo-titolo_documento", step("documenti")), "{answer}");
    let (_, html) = citizen.get_text(&step("documenti")).await;
    assert!(html.contains("contratto.pdf") && html.contains("PNG, 1 KB") && html.contains("copia.png"));
    // Named uploads first: contratto.pdf, then copia.png.
    let uploads: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, sniffed_type, sha256 FROM draft_attachments ORDER BY file_name").fetch_all(server.pool()).await.unwrap();
    assert_eq!(uploads.len(), 2);
    assert!(uploads.iter().all(|(_, kind, digest)| kind == "png" && *digest == server::auth::tokens::sha256_hex(PNG)));
    let contents: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachment_contents").fetch_one(server.pool()).await.unwrap();
    assert_eq!(contents, 1, "the same bytes are stored once");

    // The owner downloads it; nobody else can.
    let download = citizen.get(&format!("/area-personale/allegati/{}", uploads[0].0)).await;
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "image/png");
    assert!(download.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert_eq!(download.bytes().await.unwrap().as_ref(), PNG);
    create_citizen(server, "BNCGLI85M52F205H", "Giulia", true).await;
    let mut other = log_in(server, "BNCGLI85M52F205H", true).await;
    assert_eq!(other.get(&format!("/area-personale/allegati/{}", uploads[0].0)).await.status(), 404);
    let refused =
        post_with_file(&mut other, &step("documenti"), &[("azione", format!("rimuovi-allegato:titolo_documento:{}", uploads[0].0).as_str())], None).await;
    assert_eq!(refused.status(), 404);

    // Removable before filing.
    let response =
        post_with_file(&mut citizen, &step("documenti"), &[("azione", format!("rimuovi-allegato:titolo_documento:{}", uploads[1].0).as_str())], None).await;
    assert_eq!(response.status(), 303);
    let remaining: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draft_attachments").fetch_one(server.pool()).await.unwrap();
    assert_eq!(remaining, 1);
    let response = post_with_file(&mut citizen, &step("documenti"), &[("azione", "continua")], None).await;
    assert_eq!(location(&response), step("riepilogo"));
    let (_, summary) = citizen.get_text(&step("riepilogo")).await;
    assert!(summary.contains("contratto.pdf (1 KB)"));
    let response = citizen.post_form(&step("riepilogo"), &[("dichiarazioni.veridicita", "si")]).await;
    assert!(location(&response).starts_with("/area-personale/pratiche/"), "{}", location(&response));
    let filed: String = sqlx::query_scalar("SELECT answers_json FROM practices").fetch_one(server.pool()).await.unwrap();
    assert!(filed.contains(&uploads[0].0), "the filed answers name the attachment");
    let receipt = citizen.get(&format!("{}/ricevuta.pdf", location(&response).trim_end_matches("?inviata=1"))).await;
    let receipt_text = String::from_utf8_lossy(&receipt.bytes().await.unwrap()).to_string();
    assert!(receipt_text.contains(&format!("SHA-256 {}", server::auth::tokens::sha256_hex(PNG))), "the receipt records what was received");
    assert!(receipt_text.contains("contratto.pdf (png, 1 KB)"));
    // Filed: the attachment can no longer be removed.
    post_with_file(&mut citizen, &step("documenti"), &[("azione", format!("rimuovi-allegato:titolo_documento:{}", uploads[0].0).as_str())], None).await;
    let remaining: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draft_attachments").fetch_one(server.pool()).await.unwrap();
    assert_eq!(remaining, 1);
}

/// Drafts ready to file, as the wizard leaves them.
async fn ready_drafts(server: &TestServer, count: usize) -> Vec<(String, String)> {
    let account = create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut drafts = Vec::new();
    for _ in 0..count {
        drafts.push((account.clone(), create_draft(server.pool(), &account, "accesso-civico-semplice").await.unwrap().unwrap().0.to_string()));
    }
    drafts
}

fn assert_gap_free(numbers: &[i64], expected: usize) {
    let distinct: BTreeSet<i64> = numbers.iter().copied().collect();
    assert_eq!(distinct.len(), expected, "every filing got its own number");
    assert_eq!(distinct.iter().copied().collect::<Vec<_>>(), (1..=expected as i64).collect::<Vec<_>>(), "numbers run 1..{expected} without gaps");
}

async fn two_hundred_filings_at_once_get_two_hundred_gap_free_numbers(server: &TestServer) {
    let drafts = ready_drafts(server, 200).await;
    let answers = Answers::from_pairs([("dato_mancante", "Bilancio 2025")]);
    let tasks = drafts.into_iter().map(|(account, draft)| {
        let pool = server.pool().clone();
        let answers = answers.clone();
        tokio::spawn(async move { file_practice(&pool, &account, &draft, "segreteria", &TEST_TIME_LIMIT, &answers).await.unwrap().unwrap() })
    });
    // Spawned all before any is awaited: they really run at once.
    let tasks: Vec<_> = tasks.collect();
    let mut numbers = Vec::new();
    for task in tasks {
        let filed = task.await.unwrap();
        assert!(filed.newly_filed);
        numbers.push(i64::from(filed.protocol_number.sequence()));
    }
    assert_gap_free(&numbers, 200);
    let stored: Vec<i64> = sqlx::query_scalar("SELECT protocol_sequence FROM practices").fetch_all(server.pool()).await.unwrap();
    assert_gap_free(&stored, 200);
}

async fn the_same_filing_repeated_ten_times_files_one_practice(server: &TestServer) {
    let (account, draft) = ready_drafts(server, 1).await.remove(0);
    let answers = Answers::from_pairs([("dato_mancante", "Bilancio 2025")]);
    let tasks = (0..10).map(|_| {
        let (pool, account, draft, answers) = (server.pool().clone(), account.clone(), draft.clone(), answers.clone());
        tokio::spawn(async move { file_practice(&pool, &account, &draft, "segreteria", &TEST_TIME_LIMIT, &answers).await.unwrap().unwrap() })
    });
    let tasks: Vec<_> = tasks.collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    assert_eq!(results.iter().filter(|filed| filed.newly_filed).count(), 1);
    assert_eq!(results.iter().map(|filed| filed.practice_id.clone()).collect::<BTreeSet<_>>().len(), 1);
    let practices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM practices").fetch_one(server.pool()).await.unwrap();
    assert_eq!(practices, 1);
    // Someone else's draft files nothing.
    assert!(file_practice(server.pool(), "another-account", &draft, "segreteria", &TEST_TIME_LIMIT, &answers).await.unwrap().is_none());
}

on_both_databases!(
    a_citizen_files_an_accesso_civico_generalizzato_without_javascript,
    filing_needs_level_two_and_groups_grow_and_shrink,
    the_public_lookup_is_limited_per_client,
    a_tari_registration_with_an_attachment_sniffed_and_stored_once,
    two_hundred_filings_at_once_get_two_hundred_gap_free_numbers,
    the_same_filing_repeated_ten_times_files_one_practice,
);

/// Two server instances on one PostgreSQL database file at once: one register.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_postgresql_share_one_gap_free_register() {
    let _watchdog = Watchdog::start("two_instances_on_one_postgresql_share_one_gap_free_register");
    let first = TestServer::start(Backend::Postgres).await;
    let second = crate::support::start_server(test_config(first.database_url.clone())).await.expect("second instance starts");
    let drafts = ready_drafts(&first, 200).await;
    let answers = Answers::from_pairs([("dato_mancante", "Bilancio 2025")]);
    let mut tasks = Vec::new();
    for (index, (account, draft)) in drafts.iter().enumerate() {
        let pool = if index % 2 == 0 { first.pool().clone() } else { second.pool.clone() };
        let (owner, filed_draft, filed_answers) = (account.clone(), draft.clone(), answers.clone());
        tasks.push(tokio::spawn(
            async move { file_practice(&pool, &owner, &filed_draft, "segreteria", &TEST_TIME_LIMIT, &filed_answers).await.unwrap().unwrap() },
        ));
        // Every tenth draft is also filed again through the other instance at the same moment.
        if index % 10 == 0 {
            let pool = if index % 2 == 0 { second.pool.clone() } else { first.pool().clone() };
            let (account, draft, answers) = (account.clone(), draft.clone(), answers.clone());
            tasks.push(tokio::spawn(async move { file_practice(&pool, &account, &draft, "segreteria", &TEST_TIME_LIMIT, &answers).await.unwrap().unwrap() }));
        }
    }
    let mut numbers = Vec::new();
    for task in tasks {
        let filed = task.await.unwrap();
        if filed.newly_filed {
            numbers.push(i64::from(filed.protocol_number.sequence()));
        }
    }
    assert_gap_free(&numbers, 200);
    let practices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM practices").fetch_one(first.pool()).await.unwrap();
    assert_eq!(practices, 200);
    second.stop().await;
    first.stop().await;
}
