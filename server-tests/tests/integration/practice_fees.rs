//! A procedure's fee (issue 5), on SQLite and PostgreSQL. Paid after filing
//! (occupation of public land, computed per square metre): filing opens its
//! notice once, the practice's page offers "Paga online" and the notice,
//! then the receipt. Paid before filing (copy of an accident report): the
//! summary offers "Paga online il costo", sending is refused until pagoPA's
//! receipt has arrived, Checkout's way back leads to the application.

use crate::practice_wizard::{create_citizen, log_in, post_with_file, PNG};
use crate::support::*;

fn with_simulator(config: &mut server::config::Config) {
    config.payments.simulator = true;
}

fn today() -> time::Date {
    app::practices::calendar::rome_date_of_unix_seconds(server::auth::tokens::now_unix_seconds())
}

/// The simulator's page: a provider and an outcome; where Checkout sends the browser back.
async fn pay_on_simulator(checkout_page: &str, outcome: &str) -> String {
    assert!(checkout_page.contains("/simulatore-pagopa/carrello/"), "{checkout_page}");
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = plain.post(checkout_page).form(&[("psp", "PROVAITMMXXX"), ("esito", outcome)]).send().await.unwrap();
    assert_eq!(response.status(), 303);
    location(&response)
}

async fn fee_positions(server: &TestServer) -> Vec<(String, String, i64, String, String)> {
    sqlx::query_as("SELECT id, debt_reference, amount_cents, description, status FROM debt_positions WHERE debt_kind = 'practice_fee'")
        .fetch_all(server.pool())
        .await
        .unwrap()
}

/// A citizen files an occupation of 30 m² of public land: the page of the practice.
async fn file_land_occupation(citizen: &mut Browser, pool: sqlx::AnyPool) -> Vec<String> {
    let first_step = location(&citizen.post_form("/area-personale/pratiche/nuova/occupazione-suolo-pubblico", &[]).await);
    let draft = first_step.split('/').nth(3).unwrap().to_string();
    let step = |id: &str| format!("/area-personale/bozze/{draft}/{id}");
    assert_eq!(citizen.post_form(&first_step, &[("email", "mario.rossi@example.it"), ("in_qualita_di", "per_me")]).await.status(), 303);
    let (from, to) = ((today() + time::Duration::days(10)).to_string(), (today() + time::Duration::days(12)).to_string());
    let response = citizen
        .post_form(
            &step("occupazione"),
            &[
                ("motivo", "trasloco"),
                ("indirizzo.via", "Via Madonna"),
                ("indirizzo.civico", "12"),
                ("indirizzo.cap", "20017"),
                ("indirizzo.comune", "Rho"),
                ("superficie_mq", "30"),
                ("dal", &from),
                ("al", &to),
            ],
        )
        .await;
    assert_eq!(location(&response), step("documenti"), "{}", response.text().await.unwrap_or_default());
    assert_eq!(post_with_file(citizen, &step("documenti"), &[("azione", "carica:planimetria")], Some(("planimetria", "area.png", PNG))).await.status(), 303);
    assert_eq!(location(&post_with_file(citizen, &step("documenti"), &[("azione", "continua")], None).await), step("bollo"));
    // The 16 euro stamp duty: the paper stamp's identifier, checked, and the declaration to keep it.
    let short = citizen.post_form(&step("bollo"), &[("marca_da_bollo", "0123 4567 8901 2")]).await;
    assert_eq!(short.status(), 422);
    let page = without_text_markers(short.text().await.unwrap());
    assert!(
        page.contains("l&#x27;identificativo della marca da bollo ha 14 cifre, ne hai scritte 13")
            || page.contains("l'identificativo della marca da bollo ha 14 cifre, ne hai scritte 13"),
        "{page}"
    );
    assert!(page.contains("value=\"0123 4567 8901 2\""), "what was typed stays in the field");
    assert_eq!(location(&citizen.post_form(&step("bollo"), &[("marca_da_bollo", "0123 4567 8901 23")]).await), step("riepilogo"));
    let (_, summary) = citizen.get_text(&step("riepilogo")).await;
    assert!(summary.contains("45,00 €") && !summary.contains("Paga online il costo"), "30 m² at 1,50 €, paid after filing");
    assert!(summary.contains("01234567890123") && summary.contains("la conservo per gli eventuali controlli"), "the stamp and its declaration");
    let notices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM debt_positions").fetch_one(&pool).await.unwrap();
    assert_eq!(notices, 0, "no notice for a draft that may never be filed");
    // Sent twice (a double click).
    let mut practice_pages = Vec::new();
    for _ in 0..2 {
        let response =
            citizen.post_form(&step("riepilogo"), &[("dichiarazioni.veridicita", "si"), ("dichiarazioni.marca_da_bollo", "si"), ("azione", "invia")]).await;
        assert_eq!(response.status(), 303, "{}", response.text().await.unwrap_or_default());
        practice_pages.push(location(&response));
    }
    practice_pages
}

async fn a_fee_paid_after_filing_is_opened_once_for_the_computed_amount(server: &TestServer) {
    create_citizen(server, "RSSMRA80A01F205X", "Mario", true).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", true).await;
    let practice_pages = file_land_occupation(&mut citizen, server.pool().clone()).await;
    // One practice, one notice of 45,00 €.
    assert_eq!(practice_pages[0], practice_pages[1]);
    let practice_id = practice_pages[0].trim_start_matches("/area-personale/pratiche/").split('?').next().unwrap().to_string();
    let positions = fee_positions(server).await;
    assert_eq!(positions.len(), 1, "{positions:?}");
    let (position_id, reference, cents, description, _) = positions[0].clone();
    assert_eq!((reference.as_str(), cents), (practice_id.as_str(), 4_500));
    assert!(description.contains("— pratica n. "), "{description}");

    // The practice's page: the fee, "Paga online" and the notice; "I miei pagamenti" too.
    let (_, page) = citizen.get_text(&practice_pages[0]).await;
    assert!(page.contains("Costo della pratica") && page.contains("45,00 €"), "{page}");
    assert!(
        page.contains(&format!("name=\"avviso\" value=\"{position_id}\"")) && page.contains(&format!("/area-personale/pagamenti/{position_id}/avviso.pdf"))
    );
    let (_, mine) = citizen.get_text("/area-personale/pagamenti").await;
    assert!(mine.contains(&description));

    // Abandoned, refused, then paid.
    for (outcome, status) in [("abbandonato", "to_pay"), ("rifiutato", "to_pay"), ("pagato", "paid")] {
        pay_on_simulator(&location(&citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &position_id)]).await), outcome).await;
        assert_eq!(fee_positions(server).await[0].4, status, "after {outcome}");
    }
    let (_, page) = citizen.get_text(&practice_pages[0]).await;
    assert!(page.contains("Banca di prova") && page.contains(&format!("/area-personale/pagamenti/{position_id}/ricevuta.pdf")), "{page}");
    assert!(!page.contains(&format!("name=\"avviso\" value=\"{position_id}\"")), "a paid fee offers no payment");

    // The personal data export holds all of it: the practice with its
    // answers and steps, its attachment, the payment and its receipt.
    let response = citizen.get("/area-personale/esporta.json").await;
    assert_eq!(response.status(), 200);
    let export: serde_json::Value = response.json().await.unwrap();
    let practice = &export["practices"][0];
    assert_eq!(practice["practice"]["id"], practice_id.as_str(), "{export:#}");
    assert_eq!(practice["answers"]["superficie_mq"][0], "30");
    assert_eq!(practice["answers"]["marca_da_bollo"][0], "01234567890123");
    assert!(practice["steps"].as_array().is_some_and(|steps| !steps.is_empty()), "{practice:#}");
    assert_eq!(export["drafts"][0]["draft"]["submitted_practice_id"], practice_id.as_str());
    let files = export["files"].as_array().unwrap();
    assert!(files.iter().any(|file| file["file_name"] == "area.png" && file["size_bytes"].as_i64() == Some(PNG.len() as i64)), "{files:?}");
    let payment = &export["payments"][0];
    assert_eq!((payment["amount_cents"].as_i64(), payment["status"].as_str()), (Some(4_500), Some("paid")), "{payment:#}");
    assert_eq!(payment["psp_name"], "Banca di prova", "the receipt");

    // The same data to read on a page, each value labelled.
    let (status, page) = citizen.get_text("/area-personale/esporta").await;
    assert_eq!(status, 200);
    let protocol = practice["protocol_number"].as_str().unwrap();
    for (label, value) in [
        ("Numero di protocollo", protocol.to_string()),
        ("Risposte › marca da bollo 1", "01234567890123".to_string()),
        ("Nome del file", "area.png".to_string()),
        ("Importo", "45,00 €".to_string()),
        ("Prestatore del servizio di pagamento", "Banca di prova".to_string()),
    ] {
        // The description's term, then its definition's text.
        let term = &page[page.find(&format!(">{label}<")).unwrap_or_else(|| panic!("{label} missing"))..];
        let definition = &term[term.find("<dd").unwrap()..];
        let text = &definition[definition.find('>').unwrap() + 1..];
        assert_eq!(&text[..text.find('<').unwrap()], value, "{label}");
    }
    let reads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'data_exported'").fetch_one(server.pool()).await.unwrap();
    assert_eq!(reads, 2, "the download and the page are both in the access log");
}

async fn a_fee_paid_before_filing_must_be_paid_before_the_practice_is_sent(server: &TestServer) {
    create_citizen(server, "RSSMRA80A01F205X", "Mario", true).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", true).await;
    let first_step = location(&citizen.post_form("/area-personale/pratiche/nuova/copia-rapporto-incidente", &[]).await);
    let draft = first_step.split('/').nth(3).unwrap().to_string();
    assert_eq!(citizen.post_form(&first_step, &[("email", "mario.rossi@example.it"), ("in_qualita_di", "per_me")]).await.status(), 303);
    let response = citizen
        .post_form(
            &format!("/area-personale/bozze/{draft}/incidente"),
            &[("data_incidente", &today().to_string()), ("luogo", "Via Madonna 12"), ("targhe", "1"), ("targhe.0.targa", "EF456GH"), ("qualita", "coinvolto")],
        )
        .await;
    let summary = location(&response);
    let pay_path = format!("/area-personale/bozze/{draft}/paga-costo");
    let (_, page) = citizen.get_text(&summary).await;
    assert!(page.contains("Paga online il costo (25,00 €)") && page.contains(&format!("action=\"{pay_path}\"")), "{page}");

    // Sending before paying: the summary again (422), the reason first, nothing filed, the declaration kept.
    let response = citizen.post_form(&summary, &[("dichiarazioni.veridicita", "si"), ("azione", "invia")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("<title>Errore:") && page.contains("Paga il costo prima di inviare la domanda") && page.contains("href=\"#campo-costo\""), "{page}");
    assert!(page.contains("checked"), "the ticked declaration is kept");
    let practices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM practices").fetch_one(server.pool()).await.unwrap();
    assert_eq!(practices, 0);

    // "Paga online il costo" twice: one notice, one live cart, the same page.
    let checkout_page = location(&citizen.post_form(&pay_path, &[]).await);
    assert_eq!(location(&citizen.post_form(&pay_path, &[]).await), checkout_page);
    let positions = fee_positions(server).await;
    assert_eq!(positions.len(), 1);
    let (position_id, reference, cents, _, _) = positions[0].clone();
    assert_eq!((reference, cents), (format!("bozza:{draft}"), 2_500));
    // Abandoned: back on the outcome page, whose way on is the application.
    let back = pay_on_simulator(&checkout_page, "abbandonato").await;
    let (_, outcome_page) = citizen.get_text(back.trim_start_matches("http://portale.test")).await;
    assert!(outcome_page.contains(&format!("href=\"{summary}\"")) && outcome_page.contains("Torna alla domanda"), "{outcome_page}");
    // Refused, then paid.
    pay_on_simulator(&location(&citizen.post_form(&pay_path, &[]).await), "rifiutato").await;
    assert_eq!(fee_positions(server).await[0].4, "to_pay");
    pay_on_simulator(&location(&citizen.post_form(&pay_path, &[]).await), "pagato").await;
    assert_eq!(fee_positions(server).await[0].4, "paid");
    let (_, page) = citizen.get_text(&summary).await;
    assert!(page.contains("Costo pagato") && !page.contains("Paga online il costo"), "{page}");
    // Paying again only leads back to the summary.
    assert_eq!(location(&citizen.post_form(&pay_path, &[]).await), summary);

    // Now it is sent; the practice shows the fee paid, with its receipt.
    let response = citizen.post_form(&summary, &[("dichiarazioni.veridicita", "si"), ("azione", "invia")]).await;
    assert_eq!(response.status(), 303);
    let (_, page) = citizen.get_text(&location(&response)).await;
    assert!(page.contains("Costo della pratica") && page.contains("Banca di prova"), "{page}");
    assert!(page.contains(&format!("/area-personale/pagamenti/{position_id}/ricevuta.pdf")));
    assert_eq!(fee_positions(server).await.len(), 1, "filing opens no second notice");
    // Someone else cannot pay (or open) this draft's fee.
    create_citizen(server, "BNCGLI85M52F205H", "Giulia", true).await;
    let mut other = log_in(server, "BNCGLI85M52F205H", true).await;
    assert_eq!(other.post_form(&pay_path, &[]).await.status(), 404);
}

/// Withdrawing a practice whose fee is unpaid cancels its notice; the node
/// then refuses it as cancelled, and the citizen finds it under "Annullati".
async fn withdrawing_a_practice_cancels_its_unpaid_fee(server: &TestServer) {
    create_citizen(server, "RSSMRA80A01F205X", "Mario", true).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", true).await;
    let practice_page = file_land_occupation(&mut citizen, server.pool().clone()).await.remove(0);
    let practice_page = practice_page.split('?').next().unwrap().to_string();
    let (position_id, _, _, description, status) = fee_positions(server).await.remove(0);
    assert_eq!(status, "to_pay");
    let response = crate::back_office::post_multipart(&mut citizen, &practice_page, &[("azione", "withdrawn"), ("conferma", "si")], &[]).await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap_or_default());
    assert_eq!(fee_positions(server).await[0].4, "cancelled");
    let notice: String =
        sqlx::query_scalar("SELECT notice_number FROM debt_positions WHERE id = $1").bind(&position_id).fetch_one(server.pool()).await.unwrap();
    let verify = server::payments::node_messages::write_verify_request(&crate::pa_for_node::node(), &crate::pa_for_node::qr(&notice));
    let answer = crate::pa_for_node::node_call_endpoint(&server.client, &server.url("/pagopa/paForNode"), &verify).await;
    assert_eq!(answer.fault_code.as_deref(), Some("PAA_PAGAMENTO_ANNULLATO"));
    let (_, page) = citizen.get_text(&practice_page).await;
    assert!(!page.contains(&format!("name=\"avviso\" value=\"{position_id}\"")), "a cancelled fee offers no payment");
    let (_, mine) = citizen.get_text("/area-personale/pagamenti").await;
    let cancelled_section = mine.split("id=\"annullati-titolo\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(cancelled_section.contains(&description), "{cancelled_section}");
}

on_both_databases!(
    configured_with with_simulator;
    withdrawing_a_practice_cancels_its_unpaid_fee,
    a_fee_paid_after_filing_is_opened_once_for_the_computed_amount,
    a_fee_paid_before_filing_must_be_paid_before_the_practice_is_sent,
);
