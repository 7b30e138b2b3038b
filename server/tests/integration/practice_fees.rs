//! A procedure's fee (issue 5): filing the practice opens its notice once,
//! for the amount the procedure computes; the practice's page offers "Paga
//! online" and the notice until pagoPA's receipt arrives, then the receipt;
//! on SQLite and PostgreSQL.

use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;

fn with_simulator(config: &mut server::config::Config) {
    config.payments.simulator = true;
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|value| value.to_str().unwrap().to_string()).unwrap_or_default()
}

async fn a_filed_practice_opens_its_fee_once_and_the_citizen_pays_it(server: &TestServer) {
    create_citizen(server, "RSSMRA80A01F205X", "Mario", true).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", true).await;
    let first_step = location(&citizen.post_form("/area-personale/pratiche/nuova/copia-rapporto-incidente", &[]).await);
    let draft = first_step.split('/').nth(3).unwrap().to_string();
    assert_eq!(citizen.post_form(&first_step, &[("email", "mario.rossi@example.it"), ("in_qualita_di", "per_me")]).await.status(), 303);
    let today = app::practices::calendar::rome_date_of_unix_seconds(server::auth::tokens::now_unix_seconds());
    let step = format!("/area-personale/bozze/{draft}/incidente");
    let response = citizen
        .post_form(&step, &[("data_incidente", &today.to_string()), ("luogo", "Via Madonna 12"), ("targhe", "1"), ("targhe.0.targa", "EF456GH"), ("qualita", "coinvolto")])
        .await;
    let summary = location(&response);
    assert!(summary.ends_with("/riepilogo"), "{summary}");
    // No notice before filing: a draft may never be filed.
    let positions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM debt_positions").fetch_one(server.pool()).await.unwrap();
    assert_eq!(positions, 0);

    // Filed twice (a double click): one practice, one notice, for the procedure's 25,00 €.
    let mut practice_pages = Vec::new();
    for _ in 0..2 {
        let response = citizen.post_form(&summary, &[("dichiarazioni.veridicita", "si"), ("azione", "invia")]).await;
        assert_eq!(response.status(), 303);
        practice_pages.push(location(&response));
    }
    assert_eq!(practice_pages[0], practice_pages[1]);
    let practice_id = practice_pages[0].trim_start_matches("/area-personale/pratiche/").split('?').next().unwrap().to_string();
    let positions: Vec<(String, String, String, i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, debt_kind, debt_reference, amount_cents, description, account_id FROM debt_positions").fetch_all(server.pool()).await.unwrap();
    assert_eq!(positions.len(), 1, "{positions:?}");
    let (position_id, kind, reference, cents, description, owner) = positions[0].clone();
    assert_eq!((kind.as_str(), reference.as_str(), cents), ("practice_fee", practice_id.as_str(), 2_500));
    assert!(description.starts_with("Diritti di ricerca e copia del rapporto di incidente — pratica n. "), "{description}");
    assert!(owner.is_some());

    // The practice's page (the confirmation): the fee, "Paga online" and the notice.
    let (_, page) = citizen.get_text(&practice_pages[0]).await;
    assert!(page.contains("Costo della pratica") && page.contains("25,00 €"), "{page}");
    assert!(page.contains(&format!("name=\"avviso\" value=\"{position_id}\"")) && page.contains(&format!("/area-personale/pagamenti/{position_id}/avviso.pdf")));
    // "I miei pagamenti" lists it too.
    let (_, mine) = citizen.get_text("/area-personale/pagamenti").await;
    assert!(mine.contains(&description));

    // Abandoned, refused, then paid through the simulator.
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    for (outcome, paid) in [("abbandonato", false), ("rifiutato", false), ("pagato", true)] {
        let checkout_page = location(&citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &position_id)]).await);
        assert!(checkout_page.contains("/simulatore-pagopa/carrello/"), "{checkout_page}");
        let response = plain.post(&checkout_page).form(&[("psp", "PROVAITMMXXX"), ("esito", outcome)]).send().await.unwrap();
        assert_eq!(response.status(), 303);
        let status: String = sqlx::query_scalar("SELECT status FROM debt_positions WHERE id = $1").bind(&position_id).fetch_one(server.pool()).await.unwrap();
        assert_eq!(status, if paid { "paid" } else { "to_pay" }, "after {outcome}");
    }
    let (_, page) = citizen.get_text(&practice_pages[0]).await;
    assert!(page.contains("Banca di prova") && page.contains(&format!("/area-personale/pagamenti/{position_id}/ricevuta.pdf")), "{page}");
    assert!(!page.contains(&format!("name=\"avviso\" value=\"{position_id}\"")), "a paid fee offers no payment");
}

on_both_databases!(configured_with with_simulator; a_filed_practice_opens_its_fee_once_and_the_citizen_pays_it);
