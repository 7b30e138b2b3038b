//! Scheduled maintenance over real HTTP, on SQLite and PostgreSQL: an
//! administrator's window refused inside a deadline's guard (the deadline
//! named) and with too little notice, the third day of a year refused until
//! confirmed (then marked), the banner from the notice days before, every
//! page 503 with `Retry-After` in both languages during the window while the
//! operations endpoints answer, and cancellation.

use crate::certificates::{create_staff, log_in_staff};
use crate::support::*;

const ADMINISTRATOR: &str = "VRDLCU75C15F205E";

/// 2027-03-01 09:00 in Rome (08:00 UTC).
const MARCH_FIRST_2027: i64 = 1_803_888_000;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

async fn administrator(server: &TestServer) -> Browser {
    let admin = create_staff(server, ADMINISTRATOR, &[]).await;
    sqlx::query("UPDATE accounts SET role = 'administrator' WHERE id = $1").bind(&admin).execute(server.pool()).await.unwrap();
    log_in_staff(server, ADMINISTRATOR).await
}

async fn schedule(admin: &mut Browser, day: &str, from: &str, to: &str, confirmed: bool) -> reqwest::Response {
    let mut fields = vec![
        ("azione", "programma"),
        ("data_inizio", day),
        ("ora_inizio", from),
        ("data_fine", day),
        ("ora_fine", to),
        ("motivo", "Aggiornamento del database"),
    ];
    if confirmed {
        fields.push(("conferma", "si"));
    }
    admin.post_form("/amministrazione/manutenzione", &fields).await
}

async fn windows_are_checked_announced_and_entered(server: &TestServer) {
    server.clock.set_now(MARCH_FIRST_2027);
    let mut admin = administrator(server).await;

    // Inside the guard of IMU's first instalment (16 June, 3 days each side).
    let response = schedule(&mut admin, "2027-06-14", "01:00", "04:00", false).await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    assert!(page.contains("scadenza «IMU, acconto» del 16/06/2027"), "the deadline is named: {page}");
    assert!(page.contains("value=\"Aggiornamento del database\"") || page.contains(">Aggiornamento del database<"), "what was typed is kept");
    // Fewer than the 5 days' notice.
    let response = schedule(&mut admin, "2027-03-04", "01:00", "04:00", false).await;
    assert_eq!(response.status(), 422);
    assert!(without_text_markers(response.text().await.unwrap()).contains("almeno 5 giorni prima"));

    // Two days fit the year's budget.
    for day in ["2027-03-10", "2027-04-10"] {
        let response = schedule(&mut admin, day, "01:00", "05:00", false).await;
        assert_eq!(response.status(), 303, "{day}");
        assert_eq!(location(&response), "/amministrazione/manutenzione?programmata=1");
    }
    // The third needs the confirmation, and is then marked.
    let response = schedule(&mut admin, "2027-05-10", "01:00", "05:00", false).await;
    assert_eq!(response.status(), 422);
    let page = without_text_markers(response.text().await.unwrap());
    assert!(page.contains("il 2027 arriverebbe a 3 giorni"), "{page}");
    assert!(page.contains("name=\"conferma\""), "the confirmation is asked: {page}");
    assert_eq!(schedule(&mut admin, "2027-05-10", "01:00", "05:00", true).await.status(), 303);
    let marked: Vec<i64> = sqlx::query_scalar("SELECT over_budget FROM maintenance_windows ORDER BY starts_at").fetch_all(server.pool()).await.unwrap();
    assert_eq!(marked, vec![0, 0, 1]);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'maintenance_scheduled'").fetch_one(server.pool()).await.unwrap();
    assert_eq!(audited, 3);
    let (status, page) = admin.get_text("/amministrazione/manutenzione").await;
    assert_eq!(status, 200);
    assert!(without_text_markers(page).contains("Giorni di manutenzione nel 2027: 3 su 2."));

    // No banner nine days before; from five days before, on every page.
    let (_, home) = Browser::new(server).get_text("/").await;
    assert!(!home.contains("avviso-manutenzione"), "not yet announced");
    server.clock.set_now(MARCH_FIRST_2027 + 5 * DAY);
    for path in ["/", "/servizi", "/segnalazioni"] {
        let (status, page) = Browser::new(server).get_text(path).await;
        assert_eq!(status, 200);
        let page = without_text_markers(page);
        assert!(page.contains("non sarà disponibile dal 10/03/2027 01:00 al 10/03/2027 05:00"), "{path}: {page}");
    }

    // Under way (10 March, 02:00 in Rome): pages are 503 until 05:00.
    server.clock.set_now(MARCH_FIRST_2027 + 9 * DAY - 7 * HOUR);
    for (language, title) in [("it", "Sportello telematico in manutenzione"), ("en", "Online services desk under maintenance")] {
        let mut visitor = Browser::new(server);
        visitor.cookies.insert("lingua".into(), language.into());
        for path in ["/", "/area-personale/pratiche", "/segnalazioni.atom"] {
            let response = visitor.get(path).await;
            assert_eq!(response.status(), 503, "{path}");
            assert_eq!(response.headers()["retry-after"], (3 * HOUR).to_string().as_str());
            assert_eq!(response.headers()["cache-control"], "no-store");
            let page = response.text().await.unwrap();
            assert!(page.starts_with(&format!("<!DOCTYPE html><html lang=\"{language}\"")), "{page}");
            assert!(page.contains(&format!("<title>{title} - Comune di Rho</title>")));
            assert!(page.contains("le bozze delle pratiche") && page.contains("drafts of applications"), "both languages: {page}");
        }
    }
    let response = admin.post_form("/api/reports/list", &[("filter[page]", "1")]).await;
    assert_eq!(response.status(), 503, "server functions stop too");
    assert_eq!(server.get("/health").await.status(), 200, "operations go on");

    // Over at 05:00.
    server.clock.set_now(MARCH_FIRST_2027 + 9 * DAY - 4 * HOUR);
    assert_eq!(Browser::new(server).get("/").await.status(), 200);

    // A window not yet started is cancelled once, audited, and no longer counts.
    let id: String = sqlx::query_scalar("SELECT id FROM maintenance_windows WHERE over_budget = 1").fetch_one(server.pool()).await.unwrap();
    let mut admin = log_in_staff(server, ADMINISTRATOR).await;
    let response = admin.post_form("/amministrazione/manutenzione", &[("azione", "annulla"), ("finestra", &id)]).await;
    assert_eq!(location(&response), "/amministrazione/manutenzione?annullata=1");
    let response = admin.post_form("/amministrazione/manutenzione", &[("azione", "annulla"), ("finestra", &id)]).await;
    assert_eq!(response.status(), 422, "cancelled already");
    let past: String = sqlx::query_scalar("SELECT id FROM maintenance_windows ORDER BY starts_at").fetch_one(server.pool()).await.unwrap();
    let response = admin.post_form("/amministrazione/manutenzione", &[("azione", "annulla"), ("finestra", &past)]).await;
    assert_eq!(response.status(), 422, "a window that took place stays");
    let (_, page) = admin.get_text("/amministrazione/manutenzione").await;
    assert!(without_text_markers(page).contains("Giorni di manutenzione nel 2027: 2 su 2."));
}

on_both_databases!(windows_are_checked_announced_and_entered);

#[tokio::test]
async fn the_development_clock_moves_only_when_enabled_and_never_in_production() {
    let server = TestServer::start_with(Backend::Sqlite, |config| config.test_clock = true).await;
    let mut visitor = Browser::new(&server);
    let (status, page) = visitor.get_text("/sviluppo/orologio").await;
    assert_eq!(status, 200);
    assert!(page.contains("name=\"adesso\""));
    let response = visitor.post_form("/sviluppo/orologio", &[("adesso", "2027-03-06T09:00")]).await;
    assert_eq!(location(&response), "/sviluppo/orologio?spostato=1");
    assert_eq!(server.clock.now_unix_seconds() / 60, (MARCH_FIRST_2027 + 5 * DAY) / 60);
    let response = visitor.post_form("/sviluppo/orologio", &[("adesso", "domani")]).await;
    assert_eq!(response.status(), 422);
    server.stop().await;

    let mut production = test_config("sqlite::memory:".into());
    production.production = true;
    production.test_clock = true;
    let refused = production.refuse_development_defaults_in_production().unwrap_err().to_string();
    assert!(refused.contains("SPORTELLO_TEST_CLOCK"), "{refused}");
}
