//! Information requests over real HTTP, on SQLite and PostgreSQL: anyone's
//! request with every mistake named and nothing typed lost, the due day 3
//! working days after arrival, a signed-in sender's request in the personal
//! area, a clerk's registration of one received by email with its time,
//! the overdue flagged, the answer mailed once and audited.

use crate::certificates::{create_staff, log_in_staff};
use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;

const CLERK: &str = "BNCGLI85M52F205H";
/// Thursday 25 March 2027, 10:00 in Rome: Easter Monday (29 March) falls in the 3 working days.
const THURSDAY_BEFORE_EASTER_2027: i64 = 1_805_965_200;
const DAY: i64 = 86_400;

async fn requests_are_sent_registered_and_answered(server: &TestServer) {
    server.clock.set_now(THURSDAY_BEFORE_EASTER_2027);
    let mut visitor = Browser::new(server);
    let (status, page) = visitor.get_text("/ascolto/richiesta-informazioni").await;
    assert_eq!(status, 200);
    assert!(page.contains("<option value=\"cambio-di-residenza\">Cambio di residenza</option>"), "the service sheets are the topics: {page}");

    // Every mistake named at once; what was typed comes back.
    let response = visitor
        .post_form("/ascolto/richiesta-informazioni", &[("nome", "A"), ("email", "anna"), ("argomento", "nessuno"), ("domanda", "Orari dello sportello?")])
        .await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    for message in ["Scrivi nome e cognome", "Scrivi un indirizzo email valido", "Scegli l&#x27;argomento", "Conferma di aver letto"] {
        assert!(page.contains(message) || page.contains(&message.replace("&#x27;", "'")), "{message}: {page}");
    }
    assert!(page.contains("Orari dello sportello?"), "the question is kept");

    let response = visitor
        .post_form(
            "/ascolto/richiesta-informazioni",
            &[
                ("nome", "Anna Ferrari"),
                ("email", "anna@example.it"),
                ("argomento", "altro"),
                ("domanda", "Orari dello sportello a Pasqua?"),
                ("privacy", "si"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        location(&response),
        "/ascolto/richiesta-informazioni?inviata=2027-000001&entro=2027-03-31",
        "Friday, then Tuesday and Wednesday after Easter Monday"
    );

    // A signed-in citizen's request shows in the personal area.
    let mario_account = create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut mario = log_in(server, "RSSMRA80A01F205X", false).await;
    let response = mario
        .post_form(
            "/ascolto/richiesta-informazioni",
            &[
                ("nome", "Mario Rossi"),
                ("email", "mario@example.it"),
                ("argomento", "altro"),
                ("domanda", "Come rinnovo il contrassegno disabili?"),
                ("privacy", "si"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/ascolto/richiesta-informazioni?inviata=2027-000002&entro=2027-03-31");

    // A clerk registers one that arrived by email the evening before (Wednesday 24 March: due Tuesday 30).
    create_staff(server, CLERK, &["segreteria"]).await;
    let mut clerk = log_in_staff(server, CLERK).await;
    let registration = [
        ("canale", "email"),
        ("data_ricezione", "2027-03-24"),
        ("ora_ricezione", "16:45"),
        ("nome", "Luca Verdi"),
        ("email", "luca@example.it"),
        ("argomento", "altro"),
        ("domanda", "Serve la marca da bollo per il certificato?"),
    ];
    let response = clerk.post_form("/operatore/richieste-informazioni/nuova", &registration).await;
    assert_eq!(location(&response), "/operatore/richieste-informazioni/2027-000003?registrata=1");
    let mut future = registration;
    future[1] = ("data_ricezione", "2027-04-30");
    let response = clerk.post_form("/operatore/richieste-informazioni/nuova", &future).await;
    assert_eq!(response.status(), 422, "not in the future");

    // On Thursday 1 April all three are overdue; the list flags them.
    server.clock.set_now(THURSDAY_BEFORE_EASTER_2027 + 7 * DAY);
    let mut clerk = log_in_staff(server, CLERK).await;
    let (status, list) = clerk.get_text("/operatore/richieste-informazioni").await;
    assert_eq!(status, 200);
    let list = without_text_markers(list);
    assert_eq!(list.matches("In ritardo").count(), 3, "{list}");

    // The answer is mailed once, audited, and shown to the signed-in sender.
    let response =
        clerk.post_form("/operatore/richieste-informazioni/2027-000002", &[("risposta", "Allo Sportello del Cittadino, con il vecchio contrassegno.")]).await;
    assert_eq!(location(&response), "/operatore/richieste-informazioni/2027-000002?risposta=1");
    let response = clerk.post_form("/operatore/richieste-informazioni/2027-000002", &[("risposta", "Di nuovo")]).await;
    assert_eq!(response.status(), 409, "answered once");
    let mails: Vec<(String, String)> =
        sqlx::query_as("SELECT subject, body FROM outgoing_mail WHERE recipient = 'mario@example.it'").fetch_all(server.pool()).await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "Risposta alla richiesta di informazioni n. 2027-000002");
    assert!(mails[0].1.contains("Allo Sportello del Cittadino, con il vecchio contrassegno."));
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action IN ('information_request_answered', 'information_request_registered')")
        .fetch_one(server.pool())
        .await
        .unwrap();
    assert_eq!(audited, 2);
    let mut mario = log_in(server, "RSSMRA80A01F205X", false).await;
    let (_, mine) = mario.get_text("/area-personale/richieste-informazioni").await;
    let mine = without_text_markers(mine);
    assert!(mine.contains("Allo Sportello del Cittadino, con il vecchio contrassegno.") && mine.contains("Risposta data in ritardo"), "{mine}");
    assert!(!mine.contains("Orari dello sportello a Pasqua?"), "only one's own requests");
    let (status, _) = mario.get_text("/operatore/richieste-informazioni/2027-000001").await;
    assert_eq!(status, 403);
    // The person's data export carries the request and its answer.
    let export = server::auth::export::records_of(server.pool(), &mario_account).await.unwrap();
    let exported = &export["information_requests"];
    assert_eq!(exported.as_array().map(Vec::len), Some(1), "{exported}");
    assert_eq!(exported[0]["request_number"], "2027-000002");
    assert_eq!(exported[0]["answer"], "Allo Sportello del Cittadino, con il vecchio contrassegno.");
}

on_both_databases!(requests_are_sent_registered_and_answered);

#[tokio::test]
async fn one_address_sends_ten_requests_an_hour() {
    let server = TestServer::start(Backend::Sqlite).await;
    let mut visitor = Browser::new(&server);
    let question = [("nome", "Anna Ferrari"), ("email", "anna@example.it"), ("argomento", "altro"), ("domanda", "Orari dello sportello?"), ("privacy", "si")];
    for _ in 0..10 {
        assert_eq!(visitor.post_form("/ascolto/richiesta-informazioni", &question).await.status(), 303);
    }
    let response = visitor.post_form("/ascolto/richiesta-informazioni", &question).await;
    assert_eq!(response.status(), 429);
    let page = without_text_markers(response.text().await.unwrap());
    assert!(page.contains("Troppe richieste da questa connessione: riprova tra 60 minuti") && page.contains("Orari dello sportello?"), "{page}");
    let filed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM information_requests").fetch_one(server.pool()).await.unwrap();
    assert_eq!(filed, 10);
    server.stop().await;
}
