//! The standards page `/carta-dei-servizi` and its open data over real HTTP,
//! on SQLite and PostgreSQL: a year of information requests and complaints
//! with answers known in advance (just inside and just outside 3 and 30
//! working days across Easter Monday, 4 October, All Saints and San
//! Vittore), the PIN counter log filled by a clerk, a maintenance window;
//! the page, the CSV and the JSON give the same figures.

use crate::certificates::{create_staff, log_in_staff};
use crate::support::*;

const CLERK: &str = "BNCGLI85M52F205H";
/// 31 December 2027, 12:00 in Rome.
const END_OF_2027: i64 = 1_830_250_800;

/// Noon in Rome (winter time: 11:00 UTC; the summer's hour does not change the day).
fn noon(day: &str) -> i64 {
    let date = app::practices::validation::parse_date(day).unwrap();
    app::practices::calendar::rome_unix_seconds(date, time::Time::from_hms(12, 0, 0).unwrap()).unwrap()
}

async fn insert_request(server: &TestServer, number: &str, received: &str, answered: Option<&str>) {
    let (year, sequence) = number.split_once('-').unwrap();
    sqlx::query(
        "INSERT INTO information_requests (number, year, sequence, channel, name, email, topic, question, locale, received_at, due_on, answer, answered_at) \
         VALUES ($1, $2, $3, 'portale', 'Anna', 'anna@example.it', 'altro', 'Domanda di prova', 'it', $4, $5, $6, $7)",
    )
    .bind(number)
    .bind(year.parse::<i64>().unwrap())
    .bind(sequence.parse::<i64>().unwrap())
    .bind(noon(received))
    .bind(app::listening::model::information_answer_due_on(app::practices::validation::parse_date(received).unwrap()).to_string())
    .bind(answered.map(|_| "Risposta"))
    .bind(answered.map(noon))
    .execute(server.pool())
    .await
    .unwrap();
}

async fn insert_complaint(server: &TestServer, number: &str, received: &str, due: &str, answered: Option<&str>) {
    let (year, sequence) = number.split_once('-').unwrap();
    sqlx::query(
        "INSERT INTO complaints (number, year, sequence, kind, channel, name, email, body, locale, received_at, due_on, verdict, reason, answered_at) \
         VALUES ($1, $2, $3, 'reclamo', 'portale', 'Anna', 'anna@example.it', 'Reclamo di prova', 'it', $4, $5, $6, $7, $8)",
    )
    .bind(number)
    .bind(year.parse::<i64>().unwrap())
    .bind(sequence.parse::<i64>().unwrap())
    .bind(noon(received))
    .bind(due)
    .bind(answered.map(|_| "infondato"))
    .bind(answered.map(|_| "Motivazione"))
    .bind(answered.map(noon))
    .execute(server.pool())
    .await
    .unwrap();
}

async fn the_page_and_the_open_data_agree_on_a_generated_year(server: &TestServer) {
    // The generated year: in time on the last day across Easter Monday, one day late, across 4 October, never answered.
    for (number, received, answered) in [
        ("2027-000001", "2027-03-25", Some("2027-03-31")),
        ("2027-000002", "2027-03-25", Some("2027-04-01")),
        ("2027-000003", "2027-10-01", Some("2027-10-07")),
        ("2027-000004", "2027-10-01", Some("2027-10-08")),
        ("2027-000005", "2027-05-05", Some("2027-05-10")),
        ("2027-000006", "2027-11-15", None),
    ] {
        insert_request(server, number, received, answered).await;
    }
    // Complaints, 30 working days: Monday 1 March is due Tuesday 13 April (Easter Monday skipped), Monday 20
    // September is due Wednesday 3 November (4 October and 1 November skipped); in time on the day, late the next;
    // one never answered, overdue by the end of the year.
    for (number, received, due, answered) in [
        ("2027-000001", "2027-03-01", "2027-04-13", Some("2027-04-13")),
        ("2027-000002", "2027-03-01", "2027-04-13", Some("2027-04-14")),
        ("2027-000003", "2027-09-20", "2027-11-03", Some("2027-11-03")),
        ("2027-000004", "2027-09-20", "2027-11-03", Some("2027-11-04")),
        ("2027-000005", "2027-10-20", "2027-12-02", None),
    ] {
        assert_eq!(app::complaints::model::complaint_answer_due_on(app::practices::validation::parse_date(received).unwrap()).to_string(), due);
        insert_complaint(server, number, received, due, answered).await;
    }
    sqlx::query("INSERT INTO maintenance_windows (id, starts_at, ends_at, reason, over_budget, scheduled_at, scheduled_by) VALUES ('w', $1, $2, 'prova', 0, 0, 'admin')")
        .bind(noon("2027-03-10"))
        .bind(noon("2027-03-10") + 3_600)
        .execute(server.pool())
        .await
        .unwrap();
    server.clock.set_now(END_OF_2027);
    create_staff(server, CLERK, &["segreteria"]).await;
    let mut clerk = log_in_staff(server, CLERK).await;
    assert_eq!(clerk.post_form("/operatore/pin", &[("carta", "cns"), ("esito", "subito")]).await.status(), 303);
    let response = clerk.post_form("/operatore/pin", &[("carta", "crs"), ("esito", "rinviato")]).await;
    assert_eq!(response.status(), 422, "a later handover needs its reason");
    assert_eq!(
        clerk.post_form("/operatore/pin", &[("carta", "crs"), ("esito", "rinviato"), ("motivo", "Servizio regionale non raggiungibile")]).await.status(),
        303
    );
    let (_, log) = clerk.get_text("/operatore/pin").await;
    assert!(log.contains("Servizio regionale non raggiungibile"), "{log}");

    let (status, page) = Browser::new(server).get_text("/carta-dei-servizi?anno=2027").await;
    assert_eq!(status, 200);
    let page = without_text_markers(page);
    assert!(page.contains("(nei tempi: 3 su 6)"), "the information requests: {page}");
    assert!(page.contains("(nei tempi: 1 su 2)"), "the PIN: one of two on the spot");
    assert!(page.matches("<svg").count() >= 5, "a chart per standard");
    let csv = server.get("/carta-dei-servizi/standard.csv?anno=2027").await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("informazioni-entro-3-giorni-lavorativi,2027,50.0,3,6,no\r\n"), "{csv}");
    assert!(csv.contains("informazioni-entro-3-giorni-lavorativi,2027-03,50.0,1,2,\r\n"), "{csv}");
    assert!(csv.contains("pin-cns-crs-in-tempo-reale,2027,50.0,1,2,no\r\n"), "{csv}");
    assert!(csv.contains("giorni-di-manutenzione,2027,1,,,si\r\n"), "{csv}");
    assert!(csv.contains("reclami-e-segnalazioni-entro-30-giorni-lavorativi,2027,40.0,2,5,no\r\n"), "{csv}");
    assert!(csv.contains("reclami-e-segnalazioni-entro-30-giorni-lavorativi,2027-03,50.0,1,2,\r\n"), "{csv}");
    assert!(csv.contains("reclami-e-segnalazioni-entro-30-giorni-lavorativi,2027-10,0.0,0,1,\r\n"), "{csv}");
    let json: serde_json::Value = server.get("/carta-dei-servizi/standard.json?anno=2027").await.json().await.unwrap();
    assert_eq!(json["licenza"], "CC-BY-4.0");
    let standards = json["standard"].as_array().unwrap();
    assert_eq!(standards.len(), 5);
    // Every year's value in the JSON is the CSV's and the page's.
    for standard in standards {
        let slug = standard["standard"].as_str().unwrap();
        let year = &standard["anno"];
        let csv_value = csv.lines().find(|line| line.starts_with(&format!("{slug},2027,"))).unwrap().split(',').nth(2).unwrap().to_string();
        let json_value =
            year["valore"].as_f64().map(|value| if standard["unita"] == "numero" { format!("{value}") } else { format!("{value:.1}") }).unwrap_or_default();
        assert_eq!(csv_value, json_value, "{slug}");
        if !json_value.is_empty() {
            let shown = if standard["unita"] == "numero" { json_value.clone() } else { format!("{}%", json_value.replace('.', ",")) };
            assert!(page.contains(&shown), "{slug}: {shown} on the page");
        }
    }
}

on_both_databases!(the_page_and_the_open_data_agree_on_a_generated_year);
