//! "Paga online" through the pagoPA simulator over real HTTP, on SQLite and
//! PostgreSQL: one live cart per debt however many clicks, the simulated
//! node's messages (valid against the XSDs, also duplicated and out of
//! order), paid / refused / abandoned / timeout, reconciliation, and the
//! notice's PDF for its owner only.

use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;
use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use app::payments::notice_number::SegregationCode;
use server::payments::positions::{open_debt_position, DebtPosition, NewDebtPosition};

pub(crate) fn with_simulator(config: &mut server::config::Config) {
    config.payments.simulator = true;
}

async fn open_for(server: &TestServer, account_id: &str, reference: &str, cents: i64) -> DebtPosition {
    let debt = NewDebtPosition {
        kind: DebtKind::Spontaneous,
        reference,
        account_id: Some(account_id),
        payer_fiscal_code: "RSSMRA80A01F205X",
        payer_name: "Mario Rossi",
        description: "Occupazione di suolo pubblico",
        amount: AmountInCents::from_cents(cents).unwrap(),
        due_on: None,
        transfers: None,
    };
    open_debt_position(server.pool(), SegregationCode::parse("01").unwrap(), &debt).await.unwrap()
}

async fn status_of(server: &TestServer, position: &DebtPosition) -> String {
    sqlx::query_scalar("SELECT status FROM debt_positions WHERE id = $1").bind(&position.id).fetch_one(server.pool()).await.unwrap()
}

/// The citizen on the simulator's page chooses a provider and an outcome.
pub(crate) async fn confirm_on_simulator(checkout_page: &str, outcome: &str, extra: &[(&str, &str)]) -> String {
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let page = plain.get(checkout_page).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Scegli come pagare") && html.contains("lang=\"it\""), "{html}");
    let mut fields = vec![("psp", "PROVAITMMXXX"), ("esito", outcome)];
    fields.extend_from_slice(extra);
    let response = plain.post(checkout_page).form(&fields).send().await.unwrap();
    assert_eq!(response.status(), 303);
    location(&response)
}

async fn a_citizen_pays_online_through_the_simulator(server: &TestServer) {
    let simulator = || server.simulator();
    let account = create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", false).await;
    let position = open_for(server, &account, "suolo-1", 4_200).await;

    // "Paga online": Checkout's page, in the same tab (a redirect, no new window).
    let response = citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &position.id)]).await;
    assert_eq!(response.status(), 303);
    let checkout_page = location(&response);
    assert!(checkout_page.starts_with(&format!("{}/simulatore-pagopa/carrello/", server.base_url)), "{checkout_page}");
    assert_eq!(simulator().carts_received(), 1);

    // A second click, and 100 at once: the same cart, never a second one.
    let again = citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &position.id)]).await;
    assert_eq!(location(&again), checkout_page);
    let clicks: Vec<_> = (0..100)
        .map(|_| {
            let mut browser = Browser { base_url: citizen.base_url.clone(), client: citizen.client.clone(), cookies: citizen.cookies.clone() };
            let id = position.id.clone();
            tokio::spawn(async move { location(&browser.post_form("/area-personale/pagamenti/paga", &[("avviso", &id)]).await) })
        })
        .collect();
    for click in clicks {
        assert_eq!(click.await.unwrap(), checkout_page);
    }
    assert_eq!(simulator().carts_received(), 1, "100 clicks, one cart");

    // Abandoned: back to the Comune's cancel page; the same cart is offered again.
    let back = confirm_on_simulator(&checkout_page, "abbandonato", &[]).await;
    assert!(back.starts_with("http://portale.test/area-personale/pagamenti/esito/") && back.ends_with("?esito=annullato"), "{back}");
    assert_eq!(status_of(server, &position).await, "to_pay");
    let retry = citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &position.id)]).await;
    assert_eq!(location(&retry), checkout_page);
    assert_eq!(simulator().carts_received(), 1);

    // Paid, with the receipt delivered twice: paid once.
    let back = confirm_on_simulator(&checkout_page, "pagato", &[("duplica", "1")]).await;
    assert!(back.ends_with("?esito=ok"), "{back}");
    assert_eq!(status_of(server, &position).await, "paid");
    let receipts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payment_receipts WHERE position_id = $1").bind(&position.id).fetch_one(server.pool()).await.unwrap();
    assert_eq!(receipts, 1);
    // The way back says what the receipt says; another citizen finds nothing there.
    let outcome_path = back.trim_start_matches("http://portale.test").to_string();
    let (status, page) = citizen.get_text(&outcome_path).await;
    assert_eq!(status, 200);
    assert!(page.contains("alert alert-success") && page.contains("Pagamento confermato") && page.contains("42,00 €"), "{page}");
    // Paying it again is refused with a reason, on "I miei pagamenti".
    let paid_again = citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &position.id)]).await;
    let back_with_error = location(&paid_again);
    assert!(back_with_error.starts_with("/area-personale/pagamenti?errore=pagato"), "{back_with_error}");
    let (status, page) = citizen.get_text(&back_with_error).await;
    assert_eq!(status, 200);
    assert!(page.contains("<title>Errore:") && page.contains("Questo avviso risulta già pagato"), "{page}");
    assert!(page.contains("Pagati") && page.contains("Banca di prova"), "the paid notice with its provider");

    // Refused by the bank: an error page, the position payable again with a new cart.
    let refused = open_for(server, &account, "suolo-2", 1_000).await;
    let page = location(&citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &refused.id)]).await);
    let back = confirm_on_simulator(&page, "rifiutato", &[]).await;
    assert!(back.ends_with("?esito=errore"), "{back}");
    assert_eq!(status_of(server, &refused).await, "to_pay");
    let new_page = location(&citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &refused.id)]).await);
    assert!(new_page.contains("/simulatore-pagopa/carrello/") && new_page != page, "a used cart is not offered again");

    // The receipt overtakes the payment request: paid all the same.
    let back = confirm_on_simulator(&new_page, "pagato", &[("inverti", "1")]).await;
    assert!(back.ends_with("?esito=ok"), "{back}");
    assert_eq!(status_of(server, &refused).await, "paid");

    // Timeout: the payment started and no receipt came. The position is held,
    // then reconciliation frees it after the hold time and records its run.
    let hanging = open_for(server, &account, "suolo-3", 2_500).await;
    let page = location(&citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &hanging.id)]).await);
    let back = confirm_on_simulator(&page, "timeout", &[]).await;
    assert!(back.ends_with("?esito=errore"));
    assert_eq!(status_of(server, &hanging).await, "in_progress");
    let (_, waiting) = citizen.get_text(back.trim_start_matches("http://portale.test")).await;
    assert!(waiting.contains("In attesa di conferma") && waiting.contains("Aggiorna lo stato"), "{waiting}");
    // (The island's labels travel in the page; what is shown is the alert.)
    assert!(waiting.contains("alert alert-info") && !waiting.contains("alert alert-success"));
    let held = citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &hanging.id)]).await;
    assert!(location(&held).starts_with("/area-personale/pagamenti?errore=in-corso"), "{}", location(&held));
    let hold = 30 * 60;
    let now = server::auth::tokens::now_unix_seconds();
    let early = server::payments::reconciliation::reconcile_started_payments(server.pool(), hold, now).await.unwrap();
    assert_eq!((early.examined, early.freed), (1, 0), "not before the hold time");
    let late = server::payments::reconciliation::reconcile_started_payments(server.pool(), hold, now + hold + 1).await.unwrap();
    assert_eq!((late.examined, late.freed), (1, 1));
    assert_eq!(status_of(server, &hanging).await, "to_pay");
    let runs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM reconciliation_runs WHERE freed = 1").fetch_one(server.pool()).await.unwrap();
    assert!(runs >= 1);

    // Two notices in one cart; six are too many; a choice of none is refused.
    let first = open_for(server, &account, "suolo-4", 300).await;
    let second = open_for(server, &account, "suolo-5", 700).await;
    let carts_before = simulator().carts_received();
    let page = location(&citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &first.id), ("avviso", &second.id)]).await);
    assert_eq!(simulator().carts_received(), carts_before + 1);
    let back = confirm_on_simulator(&page, "pagato", &[]).await;
    assert!(back.ends_with("?esito=ok"));
    assert_eq!((status_of(server, &first).await, status_of(server, &second).await), ("paid".to_string(), "paid".to_string()));
    let mut many = Vec::new();
    for index in 0..6 {
        many.push(open_for(server, &account, &format!("molti-{index}"), 100).await.id);
    }
    let fields: Vec<(&str, &str)> = many.iter().map(|id| ("avviso", id.as_str())).collect();
    let too_many = citizen.post_form("/area-personale/pagamenti/paga", &fields).await;
    assert!(location(&too_many).starts_with("/area-personale/pagamenti?errore=numero&scelti="), "{}", location(&too_many));
    let none = citizen.post_form("/area-personale/pagamenti/paga", &[]).await;
    assert!(location(&none).starts_with("/area-personale/pagamenti?errore=numero"));

    // The notice's PDF: its owner reads the QR code; another citizen gets 404 and cannot pay it.
    let pdf = citizen.get(&format!("/area-personale/pagamenti/{}/avviso.pdf", hanging.id)).await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let codes = qr_codes_on_first_page(&pdf.bytes().await.unwrap());
    assert_eq!(codes, vec![format!("PAGOPA|002|{}|00000000000|2500", hanging.notice_number)]);
    create_citizen(server, "BNCGLI85M52F205H", "Giulia", false).await;
    let mut other = log_in(server, "BNCGLI85M52F205H", false).await;
    assert_eq!(other.get(&format!("/area-personale/pagamenti/{}/avviso.pdf", hanging.id)).await.status(), 404);
    let stolen = other.post_form("/area-personale/pagamenti/paga", &[("avviso", &hanging.id)]).await;
    assert!(location(&stolen).starts_with("/area-personale/pagamenti?errore=sconosciuto"));
    let (_, theirs) = other.get_text(&outcome_path).await;
    assert!(theirs.contains("Non troviamo questo pagamento") && !theirs.contains("42,00 €"));
    let (_, their_list) = other.get_text("/area-personale/pagamenti").await;
    assert!(their_list.contains("Non hai avvisi da pagare.") && !their_list.contains("Occupazione di suolo pubblico"));
    // "I miei pagamenti" lists what is to pay, each with its own button and notice.
    let (_, mine) = citizen.get_text("/area-personale/pagamenti").await;
    assert!(mine.contains(&format!("/area-personale/pagamenti/{}/avviso.pdf", hanging.id)));
    assert!(mine.contains(&format!("name=\"avviso\" value=\"{}\"", hanging.id)), "a pay button per notice");
}

on_both_databases!(configured_with with_simulator; a_citizen_pays_online_through_the_simulator);

async fn a_citizen_creates_a_spontaneous_payment_and_pays_it(server: &TestServer) {
    create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", false).await;
    let (status, catalogue) = server.get_text("/pagamenti").await;
    assert_eq!(status, 200);
    assert!(catalogue.contains("href=\"/area-personale/pagamenti/nuovo/mensa-scolastica\""));
    let form_path = "/area-personale/pagamenti/nuovo/mensa-scolastica";
    let (status, form) = citizen.get_text(form_path).await;
    assert_eq!(status, 200);
    let token = form.split("name=\"richiesta\" value=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("a request token").to_string();
    assert!(!token.is_empty());

    // Mistakes: the form again, 422, what was typed kept, each message.
    let response = citizen.post_form(form_path, &[("richiesta", &token), ("causale", "Ma"), ("importo", "1000")]).await;
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("<title>Errore:"));
    assert!(page.contains("La causale è troppo breve") && page.contains("l'importo va da 5,00 € a 500,00 €"), "{page}");
    assert!(page.contains("value=\"Ma\"") && page.contains("value=\"1000\"") && page.contains(&format!("value=\"{token}\"")));

    // Right, then the same form again (a double click): one notice.
    for _ in 0..2 {
        let response = citizen.post_form(form_path, &[("richiesta", &token), ("causale", "Luca Rossi, scuola Manzoni"), ("importo", "45,50")]).await;
        assert_eq!(response.status(), 303);
        assert_eq!(location(&response), "/area-personale/pagamenti?creato=1");
    }
    let stored: Vec<(String, i64, String)> = sqlx::query_as("SELECT id, amount_cents, description FROM debt_positions").fetch_all(server.pool()).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].1, stored[0].2.as_str()), (4_550, "Ricarica del borsellino della mensa scolastica: Luca Rossi, scuola Manzoni"));
    let (_, mine) = citizen.get_text("/area-personale/pagamenti?creato=1").await;
    assert!(mine.contains("Avviso creato") && mine.contains("45,50 €"));

    // A fixed tariff asks no amount; an unknown type is not found.
    let (_, identity_card) = citizen.get_text("/area-personale/pagamenti/nuovo/carta-identita-elettronica").await;
    assert!(identity_card.contains("Importo: 22,21 €") && !identity_card.contains("name=\"importo\""));
    assert_eq!(citizen.get("/area-personale/pagamenti/nuovo/inesistente").await.status(), 404);

    // Paid through the simulator.
    let page = location(&citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &stored[0].0)]).await);
    let back = confirm_on_simulator(&page, "pagato", &[]).await;
    assert!(back.ends_with("?esito=ok"));
    let status: String = sqlx::query_scalar("SELECT status FROM debt_positions").fetch_one(server.pool()).await.unwrap();
    assert_eq!(status, "paid");
}

on_both_databases!(configured_with with_simulator; a_citizen_creates_a_spontaneous_payment_and_pays_it);
