//! Complaints and compensations over real HTTP, on SQLite and PostgreSQL:
//! anyone's complaint with every mistake named and nothing typed lost, due
//! 30 working days after arrival; a clerk's registration of one received by
//! phone; the inventory an administrator keeps; the verdict, mailed once,
//! with the choice's link for a founded complaint; the citizen's choice
//! (taking one from the inventory, once), the handover; the right lapsing
//! after 30 days with the citizen told once; the complaints counted in the
//! 30-working-day standard; every office step audited.

use crate::certificates::{create_staff, log_in_staff};
use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;

const CLERK: &str = "BNCGLI85M52F205H";
const ADMINISTRATOR: &str = "VRDLCU75C15F205E";
/// Monday 1 March 2027, 09:00 in Rome: 30 working days, Easter Monday skipped, end on Tuesday 13 April.
const MARCH_FIRST_2027: i64 = 1_803_888_000;
const DAY: i64 = 86_400;

async fn last_mail_to(server: &TestServer, recipient: &str) -> (String, String) {
    sqlx::query_as("SELECT subject, body FROM outgoing_mail WHERE recipient = $1 ORDER BY created_at DESC, id DESC")
        .bind(recipient)
        .fetch_optional(server.pool())
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn mails_to(server: &TestServer, recipient: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM outgoing_mail WHERE recipient = $1").bind(recipient).fetch_one(server.pool()).await.unwrap()
}

async fn audited(server: &TestServer, action: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1").bind(action).fetch_one(server.pool()).await.unwrap()
}

/// The code of the choice's link in a mail's body.
fn choice_code(body: &str) -> String {
    let start = body.find("/ascolto/indennizzo?chiave=").expect("the mail holds the choice's link") + "/ascolto/indennizzo?chiave=".len();
    body[start..start + 64].to_string()
}

async fn complaints_are_judged_and_compensated(server: &TestServer) {
    server.clock.set_now(MARCH_FIRST_2027);
    let mut visitor = Browser::new(server);
    let (status, page) = visitor.get_text("/ascolto/reclami?standard=informazioni-entro-3-giorni-lavorativi").await;
    assert_eq!(status, 200);
    assert!(page.contains("<option value=\"informazioni-entro-3-giorni-lavorativi\" selected"), "the standards page's link names the standard: {page}");
    assert!(page.contains("href=\"/carta-dei-servizi#giorni-di-manutenzione\""), "each standard is linked: {page}");

    // Every mistake named at once; what was typed comes back.
    let response = visitor
        .post_form("/ascolto/reclami", &[("tipo", "lamentela"), ("nome", "A"), ("email", "anna"), ("testo", "Nessuna risposta in una settimana.")])
        .await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    for message in ["Scegli se è un reclamo o un suggerimento", "Scrivi nome e cognome", "Scrivi un indirizzo email valido", "Conferma di aver letto"] {
        assert!(page.contains(message), "{message}: {page}");
    }
    assert!(page.contains("Nessuna risposta in una settimana."), "the text is kept");

    // Mario, signed in, complains the 3-day standard was missed.
    let mario_account = create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut mario = log_in(server, "RSSMRA80A01F205X", false).await;
    let complaint = [
        ("tipo", "reclamo"),
        ("nome", "Mario Rossi"),
        ("email", "mario@example.it"),
        ("standard", "informazioni-entro-3-giorni-lavorativi"),
        ("testo", "La mia richiesta di informazioni del 10 febbraio non ha avuto risposta."),
        ("privacy", "si"),
    ];
    let response = mario.post_form("/ascolto/reclami", &complaint).await;
    assert_eq!(location(&response), "/ascolto/reclami?inviato=2027-000001&entro=2027-04-13", "30 working days, Easter Monday skipped");

    // A clerk registers one received by phone on Friday 26 February.
    create_staff(server, CLERK, &["segreteria"]).await;
    let mut clerk = log_in_staff(server, CLERK).await;
    let registration = [
        ("canale", "telefono"),
        ("data_ricezione", "2027-02-26"),
        ("ora_ricezione", "11:15"),
        ("tipo", "reclamo"),
        ("nome", "Luca Verdi"),
        ("email", "luca@example.it"),
        ("standard", "pin-cns-crs-in-tempo-reale"),
        ("testo", "Il PIN della CNS non mi è stato consegnato allo sportello."),
    ];
    let response = clerk.post_form("/operatore/reclami/nuovo", &registration).await;
    assert_eq!(location(&response), "/operatore/reclami/2027-000002?registrato=1");
    let response = clerk.post_form("/operatore/reclami/nuovo", &[("canale", "fax"), ("data_ricezione", "2027-03-09"), ("ora_ricezione", "10:00")]).await;
    assert_eq!(response.status(), 422, "an unknown channel and a time in the future are refused");
    let page = without_text_markers(response.text().await.unwrap());
    assert!(page.contains("Scegli come è arrivata la richiesta.") && page.contains("non nel futuro"), "{page}");

    // The office's list, and one complaint's page (audited).
    let (status, list) = clerk.get_text("/operatore/reclami").await;
    assert_eq!(status, 200);
    assert!(list.contains("2027-000001") && list.contains("2027-000002"), "{list}");
    let (status, page) = clerk.get_text("/operatore/reclami/2027-000001").await;
    assert_eq!(status, 200);
    assert!(page.contains("mario@example.it") && page.contains("Richieste di informazioni risposte entro 3 giorni lavorativi"), "{page}");
    assert_eq!(audited(server, "complaint_opened").await, 1);

    // The administrator keeps the inventory: one pool entry.
    let admin = create_staff(server, ADMINISTRATOR, &[]).await;
    sqlx::query("UPDATE accounts SET role = 'administrator' WHERE id = $1").bind(&admin).execute(server.pool()).await.unwrap();
    let mut admin = log_in_staff(server, ADMINISTRATOR).await;
    let response =
        admin.post_form("/amministrazione/indennizzi", &[("azione", "aggiungi"), ("tipo_indennizzo", "auto"), ("descrizione", "x"), ("quantita", "-1")]).await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    assert!(page.contains("Scegli il tipo di indennizzo.") && page.contains("un numero intero da 0 a 10.000"), "{page}");
    let pool_entry = [("azione", "aggiungi"), ("tipo_indennizzo", "piscina"), ("descrizione", "Ingresso singolo alla Piscina Comunale"), ("quantita", "1")];
    assert_eq!(location(&admin.post_form("/amministrazione/indennizzi", &pool_entry).await), "/amministrazione/indennizzi?aggiunto=1");
    let item: String = sqlx::query_scalar("SELECT id FROM compensation_items").fetch_one(server.pool()).await.unwrap();
    assert_eq!(clerk.post_form("/amministrazione/indennizzi", &pool_entry).await.status(), 403, "clerks do not keep the inventory");

    // The verdict needs a reason; a founded complaint's mail holds the link.
    let response = clerk.post_form("/operatore/reclami/2027-000001", &[("azione", "rispondi"), ("esito", ""), ("motivazione", "")]).await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    assert!(page.contains("Scegli se il reclamo è fondato o non fondato.") && page.contains("Scrivi la motivazione"), "{page}");
    server.clock.set_now(MARCH_FIRST_2027 + 9 * DAY);
    let verdict = [("azione", "rispondi"), ("esito", "fondato"), ("motivazione", "La richiesta ha avuto risposta dopo 6 giorni lavorativi.")];
    assert_eq!(location(&clerk.post_form("/operatore/reclami/2027-000001", &verdict).await), "/operatore/reclami/2027-000001?risposta=1");
    assert_eq!(clerk.post_form("/operatore/reclami/2027-000001", &verdict).await.status(), 409, "answered once");
    assert_eq!(mails_to(server, "mario@example.it").await, 1);
    let (subject, body) = last_mail_to(server, "mario@example.it").await;
    assert_eq!(subject, "Risposta al reclamo o suggerimento n. 2027-000001");
    assert!(body.contains("è stato ritenuto fondato") && body.contains("entro il 09/04/2027"), "30 days from Wednesday 10 March: {body}");
    let code = choice_code(&body);
    let stored: String = sqlx::query_scalar("SELECT choice_code_hash FROM complaints WHERE number = '2027-000001'").fetch_one(server.pool()).await.unwrap();
    assert_ne!(stored, code, "only the code's digest is kept");

    // The citizen chooses from the link, without logging in; once.
    let mut anyone = Browser::new(server);
    let response = anyone.get(&format!("/ascolto/indennizzo?chiave={code}")).await;
    assert_eq!(response.headers()["cache-control"], "no-store", "the page names the complaint's author: never cached");
    let (status, page) = anyone.get_text(&format!("/ascolto/indennizzo?chiave={code}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Ingresso singolo alla Piscina Comunale") && page.contains("9 aprile 2027"), "{page}");
    let (_, page) = anyone.get_text(&format!("/ascolto/indennizzo?chiave={}", "0".repeat(64))).await;
    assert!(page.contains("Il link non è valido"), "{page}");
    let response = anyone.post_form("/ascolto/indennizzo", &[("chiave", &code), ("indennizzo", "")]).await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    assert!(page.contains("Scegli un indennizzo dell") && page.contains("Ingresso singolo alla Piscina Comunale"), "the choice is offered again: {page}");
    let response = anyone.post_form("/ascolto/indennizzo", &[("chiave", &code), ("indennizzo", &item)]).await;
    assert_eq!(location(&response), format!("/ascolto/indennizzo?chiave={code}&scelto=1"));
    assert_eq!(anyone.post_form("/ascolto/indennizzo", &[("chiave", &code), ("indennizzo", &item)]).await.status(), 409, "chosen once");
    let left: i64 = sqlx::query_scalar("SELECT available FROM compensation_items").fetch_one(server.pool()).await.unwrap();
    assert_eq!(left, 0, "the choice took the last one");
    let (_, page) = anyone.get_text(&format!("/ascolto/indennizzo?chiave={code}")).await;
    assert!(page.contains("Hai scelto: Ingresso singolo alla Piscina Comunale."), "{page}");

    // The desk hands it over.
    let handover = [("azione", "consegna"), ("esito", ""), ("motivazione", "")];
    assert_eq!(location(&clerk.post_form("/operatore/reclami/2027-000001", &handover).await), "/operatore/reclami/2027-000001?consegnato=1");
    assert_eq!(clerk.post_form("/operatore/reclami/2027-000001", &handover).await.status(), 409, "handed over once");
    assert_eq!(audited(server, "compensation_handed_over").await, 1);

    // Luca's complaint is founded too, but nothing is left: he is told the right lasts until the last day.
    let verdict = [("azione", "rispondi"), ("esito", "fondato"), ("motivazione", "Il servizio regionale non era raggiungibile.")];
    assert_eq!(clerk.post_form("/operatore/reclami/2027-000002", &verdict).await.status(), 303);
    let luca_code = choice_code(&last_mail_to(server, "luca@example.it").await.1);
    let (_, page) = anyone.get_text(&format!("/ascolto/indennizzo?chiave={luca_code}")).await;
    assert!(page.contains("In questo momento non ci sono indennizzi disponibili"), "{page}");
    let response = anyone.post_form("/ascolto/indennizzo", &[("chiave", &luca_code), ("indennizzo", &item)]).await;
    assert_eq!(response.status(), 409, "none left");
    assert!(without_text_markers(response.text().await.unwrap()).contains("non è più disponibile"));

    // On the last day nothing lapses; the day after, the right lapses and Luca is told, once.
    let outbox = server::mail::outbox::Outbox::new(server.pool().clone());
    let last_day = MARCH_FIRST_2027 + 9 * DAY + 30 * DAY;
    assert_eq!(server::complaints::lapse::lapse_unchosen_compensations(server.pool(), &outbox, last_day).await.unwrap(), 0);
    assert_eq!(server::complaints::lapse::lapse_unchosen_compensations(server.pool(), &outbox, last_day + DAY).await.unwrap(), 1);
    assert_eq!(server::complaints::lapse::lapse_unchosen_compensations(server.pool(), &outbox, last_day + 2 * DAY).await.unwrap(), 0, "told once");
    let (subject, body) = last_mail_to(server, "luca@example.it").await;
    assert_eq!(subject, "Reclamo n. 2027-000002: il termine per l'indennizzo è scaduto");
    assert!(body.contains("è scaduto il 09/04/2027"), "{body}");
    server.clock.set_now(last_day + DAY);
    let (_, page) = anyone.get_text(&format!("/ascolto/indennizzo?chiave={luca_code}")).await;
    assert!(page.contains("il diritto all&#x27;indennizzo è decaduto") || page.contains("il diritto all'indennizzo è decaduto"), "{page}");
    assert_eq!(admin.post_form("/amministrazione/indennizzi", &[("azione", "aggiorna"), ("indennizzo", &item), ("quantita", "5")]).await.status(), 303);
    assert_eq!(anyone.post_form("/ascolto/indennizzo", &[("chiave", &luca_code), ("indennizzo", &item)]).await.status(), 409, "lapsed");

    // Both complaints count in the 30-working-day standard, answered in time.
    let data = server::standards::store::standards_data(server.pool(), 2027).await.unwrap();
    assert_eq!(data.reports.len(), 2);
    assert!(data.reports.iter().all(|case| case.answered.is_some()));
    assert_eq!(audited(server, "complaint_answered").await, 2);
    assert_eq!(audited(server, "complaint_registered").await, 1);
    assert_eq!(audited(server, "compensation_item_added").await, 1);

    // Mario's export carries his complaint and the compensation, never the code.
    let export = server::auth::export::records_of(server.pool(), &mario_account).await.unwrap();
    let exported = &export["complaints"];
    assert_eq!(exported[0]["complaint_number"], "2027-000001");
    assert_eq!(exported[0]["compensation"], "Ingresso singolo alla Piscina Comunale");
    assert!(!exported.to_string().contains(&code));
}

on_both_databases!(complaints_are_judged_and_compensated);
