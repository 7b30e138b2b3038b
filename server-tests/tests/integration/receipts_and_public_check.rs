//! After paying: the receipt PDF (its owner's only, and only once pagoPA's
//! receipt has arrived), the public "Verifica un pagamento" (the state and
//! nothing else, one answer for unknown, malformed and other creditors'
//! notices, rate-limited per address), and the demo debts; on SQLite and
//! PostgreSQL.

use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;
use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use app::payments::notice_number::{IuvBase, NoticeNumber, SegregationCode};
use server::payments::positions::{open_debt_position, NewDebtPosition};

fn with_simulator(config: &mut server::config::Config) {
    config.payments.simulator = true;
}

fn lookup_path(creditor: &str, notice: &str) -> String {
    let encode = |text: &str| text.replace(' ', "+");
    format!("/pagamenti/verifica?ente={}&avviso={}", encode(creditor), encode(notice))
}

async fn a_paid_notice_has_a_receipt_and_a_public_state(server: &TestServer) {
    let account = create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", false).await;
    let position = open_debt_position(
        server.pool(),
        SegregationCode::parse("01").unwrap(),
        &NewDebtPosition {
            kind: DebtKind::Spontaneous,
            reference: "suolo-ricevuta",
            account_id: Some(&account),
            payer_fiscal_code: "RSSMRA80A01F205X",
            payer_name: "Mario Rossi",
            description: "Occupazione di suolo pubblico, via Madonna",
            amount: AmountInCents::from_cents(4_200).unwrap(),
            due_on: None,
            transfers: None,
        },
    )
    .await
    .unwrap();
    let receipt_path = format!("/area-personale/pagamenti/{}/ricevuta.pdf", position.id);
    let grouped = position.notice_number.grouped();
    let mut lookups = 0;

    // Not paid yet: no receipt; publicly "to pay".
    assert_eq!(citizen.get(&receipt_path).await.status(), 404);
    let (status, page) = server.get_text(&lookup_path("00000000000", &grouped)).await;
    lookups += 1;
    assert_eq!(status, 200);
    assert!(page.contains("Da pagare") && page.contains(&grouped), "{page}");

    // Paid through the simulator.
    let checkout_page = location(&citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &position.id)]).await);
    let plain = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let confirmed = plain.post(&checkout_page).form(&[("psp", "PROVAITMMXXX"), ("esito", "pagato")]).send().await.unwrap();
    assert_eq!(confirmed.status(), 303);
    let receipt_id: String =
        sqlx::query_scalar("SELECT receipt_id FROM payment_receipts WHERE position_id = $1").bind(&position.id).fetch_one(server.pool()).await.unwrap();

    // The receipt: listed, downloadable by its owner, with what proves the payment.
    let (_, mine) = citizen.get_text("/area-personale/pagamenti").await;
    assert!(mine.contains(&receipt_path) && mine.contains("Scarica la ricevuta (PDF): Occupazione di suolo pubblico, via Madonna"), "{mine}");
    let response = citizen.get(&receipt_path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.headers()["content-disposition"], format!("attachment; filename=\"ricevuta-{}.pdf\"", position.notice_number));
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let text = text_of_pdf(&response.bytes().await.unwrap());
    for expected in [
        "Ricevuta di pagamento pagoPA",
        "Importo pagato: 42,00 €",
        "Occupazione di suolo pubblico, via Madonna",
        "Pagatore: Mario Rossi",
        "RSSMRA80A01F205X",
        grouped.as_str(),
        position.notice_number.iuv().as_str(),
        "Banca di prova",
        "PROVAITMMXXX",
        receipt_id.as_str(),
        "Data e ora del pagamento:",
    ] {
        assert!(text.contains(expected), "the receipt lacks {expected:?}:\n{text}");
    }
    // Nobody else's.
    create_citizen(server, "BNCGLI85M52F205H", "Giulia", false).await;
    let mut other = log_in(server, "BNCGLI85M52F205H", false).await;
    assert_eq!(other.get(&receipt_path).await.status(), 404);
    let anonymous = server.get(&receipt_path).await;
    assert_ne!(anonymous.status(), 200);

    // Publicly: paid, and nothing about who or what.
    let (status, page) = server.get_text(&lookup_path("00000000000", &position.notice_number.to_string())).await;
    lookups += 1;
    assert_eq!(status, 200);
    assert!(page.contains("Pagato: la ricevuta di pagoPA è arrivata"), "{page}");
    for personal in ["Rossi", "RSSMRA80A01F205X", "Occupazione di suolo", "42,00"] {
        assert!(!page.contains(personal), "the public check shows {personal}");
    }

    // Unknown, malformed and another creditor's: one answer.
    let never_issued = NoticeNumber::new(SegregationCode::parse("01").unwrap(), IuvBase::new(9_999_999_999_999).unwrap()).to_string();
    let other_segregation = NoticeNumber::new(SegregationCode::parse("02").unwrap(), IuvBase::new(1).unwrap()).to_string();
    let answers: Vec<String> = {
        let mut answers = Vec::new();
        for (creditor, notice) in [
            ("00000000000", never_issued.as_str()),
            ("00000000000", "123"),
            ("00000000000", "abc def"),
            ("00000000000", other_segregation.as_str()),
            ("80012345678", position.notice_number.to_string().as_str()),
        ] {
            let (status, page) = server.get_text(&lookup_path(creditor, notice)).await;
            lookups += 1;
            assert_eq!(status, 200);
            assert!(page.contains("Nessun avviso del Comune corrisponde"), "{creditor} {notice}: {page}");
            assert!(!page.contains("Pagato:") && !page.contains("Da pagare"));
            let live_region = page.split("aria-live=\"polite\"").nth(1).and_then(|rest| rest.split("</main>").next()).unwrap_or_default();
            answers.push(live_region.to_string());
        }
        answers
    };
    assert!(answers.windows(2).all(|pair| pair[0] == pair[1]), "every miss reads the same: {answers:#?}");

    // The empty form asks nothing and counts for nothing.
    let (status, form) = server.get_text("/pagamenti/verifica").await;
    assert_eq!(status, 200);
    assert!(form.contains("ente creditore") && !form.contains("Nessun avviso del Comune"));

    // Rate-limited: 20 checks per address in 10 minutes, found or not.
    while lookups < 20 {
        assert_eq!(server.get_text(&lookup_path("00000000000", &grouped)).await.0, 200);
        lookups += 1;
    }
    let (status, page) = server.get_text(&lookup_path("00000000000", &grouped)).await;
    assert_eq!(status, 429);
    assert!(page.contains("Troppe verifiche da questa connessione") && !page.contains("Pagato:"));
    // The practices' lookup keeps its own count.
    assert_eq!(server.get_text("/pratiche/verifica?protocollo=2026%2F1&codice=ABCD").await.0, 200);
}

on_both_databases!(configured_with with_simulator; a_paid_notice_has_a_receipt_and_a_public_state);

fn with_demo_data(config: &mut server::config::Config) {
    config.demo_data = true;
}

async fn the_demo_citizen_has_a_tari_instalment_and_a_fine_to_pay(server: &TestServer) {
    let debts: Vec<(String, String, i64, Option<String>)> =
        sqlx::query_as("SELECT debt_kind, status, amount_cents, due_on FROM debt_positions WHERE payer_fiscal_code = $1 ORDER BY debt_kind")
            .bind("RSSMRA80A01F205X")
            .fetch_all(server.pool())
            .await
            .unwrap();
    let kinds: Vec<(&str, &str, i64)> = debts.iter().map(|(kind, status, cents, _)| (kind.as_str(), status.as_str(), *cents)).collect();
    assert_eq!(kinds, vec![("fine", "to_pay", 4_200), ("tax_instalment", "to_pay", 14_650)]);
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert!(debts.iter().all(|(_, _, _, due)| due.as_deref().is_some_and(|due| due > today.as_str())), "payable: due after today {debts:?}");
    // Loading again (every start with demo data) opens nothing new.
    let today = time::OffsetDateTime::now_utc().date();
    server::payments::demo::load_demo_debts(server.pool(), &server::payments::settings::PaymentSettings::development(), today).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM debt_positions").fetch_one(server.pool()).await.unwrap();
    assert_eq!(count, 2);
    // The demo citizen sees them, each payable online.
    let mut citizen = Browser::new(server);
    let response = citizen.post_form("/accedi/credenziali", &[("codice_fiscale", "RSSMRA80A01F205X"), ("password", server::auth::demo::DEMO_PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    let (_, mine) = citizen.get_text("/area-personale/pagamenti").await;
    assert!(mine.contains("TARI") && mine.contains("146,50 €") && mine.contains("Verbale n. 4321") && mine.contains("42,00 €"), "{mine}");
}

on_both_databases!(configured_with with_demo_data; the_demo_citizen_has_a_tari_instalment_and_a_fine_to_pay);

async fn the_demo_practices_stand_at_every_point_of_the_workflow(server: &TestServer) {
    let statuses = || async {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT p.procedure_slug, p.status, (SELECT COUNT(*) FROM practice_documents d WHERE d.practice_id = p.id) FROM practices p \
             JOIN accounts a ON a.id = p.account_id WHERE a.fiscal_code = $1 ORDER BY p.protocol_sequence",
        )
        .bind("RSSMRA80A01F205X")
        .fetch_all(server.pool())
        .await
        .unwrap();
        rows
    };
    let filed = statuses().await;
    let seen: Vec<(&str, &str, i64)> = filed.iter().map(|(slug, status, documents)| (slug.as_str(), status.as_str(), *documents)).collect();
    assert_eq!(
        seen,
        vec![
            ("accesso-civico-generalizzato", "accepted", 1),
            ("accesso-civico-semplice", "rejected", 1),
            ("rateizzazione-tributi", "integration_requested", 0),
            ("accesso-agli-atti", "under_review", 0),
            ("accesso-civico-generalizzato", "protocolled", 0),
        ]
    );
    // Every start with demo data loads them only the first time.
    let procedures = server.prepared().procedures.clone();
    server::practices::demo::load_demo_practices(server.pool(), &procedures, time::OffsetDateTime::now_utc().date()).await.unwrap();
    assert_eq!(statuses().await.len(), 5);
    // The demo clerk's offices hold them; the citizen's archive the concluded ones.
    let offices: Vec<String> = sqlx::query_scalar("SELECT DISTINCT office FROM practices ORDER BY office").fetch_all(server.pool()).await.unwrap();
    assert_eq!(offices, vec!["segreteria".to_string(), "tributi".to_string()]);
    let mut citizen = Browser::new(server);
    let response = citizen.post_form("/accedi/credenziali", &[("codice_fiscale", "RSSMRA80A01F205X"), ("password", server::auth::demo::DEMO_PASSWORD)]).await;
    assert_eq!(response.status(), 303);
    let (_, archive) = citizen.get_text("/area-personale/pratiche/archivio").await;
    assert!(archive.contains("Accesso civico generalizzato (FOIA)") && archive.contains("Accesso civico semplice"), "{archive}");
    let (_, open) = citizen.get_text("/area-personale/pratiche").await;
    assert!(open.contains("Rateizzazione") && open.contains("Accesso agli atti"), "{open}");
}

on_both_databases!(configured_with with_demo_data; the_demo_practices_stand_at_every_point_of_the_workflow);
