//! Satisfaction surveys over real HTTP, on SQLite and PostgreSQL: a draft
//! is nobody's to answer; an administrator opens it (audited); anyone
//! answers once per form (the signed token is spent) and once per browser
//! (a cookie with no identifier), every problem named and nothing typed
//! lost; nothing stored links a response to a person or a time finer than
//! the day; the results stay unpublished until closing, then show a chart
//! and a table per question and the same counts as CSV.

use crate::certificates::{create_staff, log_in_staff};
use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;

const ADMINISTRATOR: &str = "VRDLCU75C15F205E";
const SURVEY: &str = "/ascolto/questionari/soddisfazione-sportello-telematico";
/// Thursday 6 May 2027, 16:40 in Rome.
const MAY_SIXTH_2027: i64 = 1_809_614_400;

fn token_of(page: &str) -> String {
    let start = page.find("name=\"gettone\" value=\"").expect("the form carries a token") + "name=\"gettone\" value=\"".len();
    page[start..].split('"').next().unwrap().to_string()
}

fn answers<'a>(token: &'a str, satisfaction: &'a str, suggestion: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("gettone", token),
        ("d-soddisfazione", satisfaction),
        ("d-facilita", "4"),
        ("d-servizio", "pagamenti"),
        ("d-dispositivo", "telefono"),
        ("d-suggerimento", suggestion),
    ]
}

async fn surveys_are_answered_once_anonymously_and_published_on_closing(server: &TestServer) {
    server.clock.set_now(MAY_SIXTH_2027);
    let mut visitor = Browser::new(server);
    assert_eq!(visitor.get(SURVEY).await.status(), 404, "a draft is nobody's to answer");

    let admin = create_staff(server, ADMINISTRATOR, &[]).await;
    sqlx::query("UPDATE accounts SET role = 'administrator' WHERE id = $1").bind(&admin).execute(server.pool()).await.unwrap();
    let mut admin = log_in_staff(server, ADMINISTRATOR).await;
    let open = [("azione", "apri"), ("questionario", "soddisfazione-sportello-telematico")];
    assert_eq!(location(&admin.post_form("/amministrazione/questionari", &open).await), "/amministrazione/questionari?aperto=1");
    assert_eq!(admin.post_form("/amministrazione/questionari", &open).await.status(), 409, "opened once");

    // Every problem named; what was chosen and written comes back.
    let (status, page) = visitor.get_text(SURVEY).await;
    assert_eq!(status, 200);
    let token = token_of(&page);
    let response = visitor.post_form(SURVEY, &[("gettone", &token), ("d-soddisfazione", "7"), ("d-suggerimento", "Più pagamenti online")]).await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    assert!(page.contains("Scegli una delle risposte proposte.") && page.contains("Rispondi a questa domanda."), "{page}");
    assert!(page.contains("Più pagamenti online"), "the text is kept");
    let response = visitor.post_form(SURVEY, &answers(&"f".repeat(20), "5", "")).await;
    assert_eq!(response.status(), 422, "a forged token");

    // Answered: the browser is told by a cookie that names nobody.
    let response = visitor.post_form(SURVEY, &answers(&token, "5", "Più pagamenti online")).await;
    assert_eq!(location(&response), format!("{SURVEY}?inviato=1"));
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("questionario-soddisfazione-sportello-telematico=si;") && cookie.contains("HttpOnly"), "{cookie}");
    let (_, page) = visitor.get_text(SURVEY).await;
    assert!(page.contains("hai già risposto") && !page.contains("name=\"gettone\""), "{page}");
    let again = visitor.post_form(SURVEY, &answers(&token, "1", "")).await;
    assert_eq!(again.status(), 409, "this browser answered");

    // The same form from another browser (the token is spent); a fresh form counts.
    let mut other = Browser::new(server);
    assert_eq!(other.post_form(SURVEY, &answers(&token, "1", "")).await.status(), 409, "the token is spent");
    let mario_account = create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut mario = log_in(server, "RSSMRA80A01F205X", false).await;
    let (_, page) = mario.get_text(SURVEY).await;
    assert_eq!(mario.post_form(SURVEY, &answers(&token_of(&page), "3", "")).await.status(), 303);

    // Nothing stored names a person or a time of day.
    let days: Vec<String> = sqlx::query_scalar("SELECT answered_on FROM survey_responses").fetch_all(server.pool()).await.unwrap();
    assert_eq!(days, vec!["2027-05-06".to_string(), "2027-05-06".to_string()]);
    let stored: Vec<String> = sqlx::query_scalar("SELECT answer FROM survey_answers").fetch_all(server.pool()).await.unwrap();
    assert!(!stored.iter().any(|answer| answer.contains(&mario_account)));
    let export = server::auth::export::records_of(server.pool(), &mario_account).await.unwrap();
    assert!(!serde_json::Value::Object(export).to_string().contains("soddisfazione-sportello-telematico"), "no survey answer is the person's");

    // Unpublished while open (an administrator sees them, marked partial).
    assert_eq!(visitor.get(&format!("{SURVEY}/risultati")).await.status(), 404);
    assert_eq!(visitor.get(&format!("{SURVEY}/risultati.csv")).await.status(), 404);
    let (status, page) = admin.get_text(&format!("{SURVEY}/risultati")).await;
    assert_eq!(status, 200);
    assert!(page.contains("risultati parziali"), "{page}");

    // Closed: published with a chart and a table per question, and as CSV.
    let close = [("azione", "chiudi"), ("questionario", "soddisfazione-sportello-telematico")];
    assert_eq!(location(&admin.post_form("/amministrazione/questionari", &close).await), "/amministrazione/questionari?chiuso=1");
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log WHERE action IN ('survey_opened', 'survey_closed')")
            .fetch_one(server.pool())
            .await
            .unwrap(),
        2
    );
    let (status, page) = visitor.get_text(&format!("{SURVEY}/risultati")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Risposte: 2.") && page.contains("Media: 4,00 su 5."), "(5 + 3) / 2 and (4 + 4) / 2: {page}");
    assert_eq!(page.matches("<svg").count(), 4, "a chart for each question but the written one: {page}");
    assert!(!page.contains("Più pagamenti online"), "written answers are not published");
    let csv = visitor.get(&format!("{SURVEY}/risultati.csv")).await.text().await.unwrap();
    assert!(csv.starts_with("questionario,domanda,risposta,conteggio\r\n"), "{csv}");
    assert!(csv.contains("\"Nel complesso, quanto sei soddisfatto del servizio online?\",\"5\",1\r\n"), "{csv}");
    assert!(csv.contains("\"Quale servizio hai usato per ultimo?\",\"Un pagamento pagoPA\",2\r\n"), "{csv}");
    assert!(csv.contains("\"Che cosa miglioreresti?\",\"(testo libero)\",1\r\n"), "{csv}");
    let (_, page) = other.get_text(SURVEY).await;
    assert!(page.contains("Il questionario è chiuso"), "{page}");
    let (_, page) = other.get_text("/ascolto/questionari").await;
    assert!(page.contains("i risultati (risposte: 2)"), "{page}");
}

on_both_databases!(surveys_are_answered_once_anonymously_and_published_on_closing);
