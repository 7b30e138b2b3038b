//! Debt positions on SQLite and PostgreSQL: notice numbers follow pagoPA's
//! rule and are never shared; one debt has one position however many times,
//! and however concurrently, it is opened.

use crate::support::*;
use app::payments::amount::AmountInCents;
use app::payments::model::{DebtKind, PositionStatus};
use app::payments::notice_number::{NoticeNumber, SegregationCode};
use server::payments::positions::{open_debt_position, position_for_debt, NewDebtPosition};
use std::collections::BTreeSet;

fn debt(reference: &str) -> NewDebtPosition<'_> {
    NewDebtPosition {
        kind: DebtKind::Spontaneous,
        reference,
        account_id: None,
        payer_fiscal_code: "RSSMRA80A01F205X",
        payer_name: "Mario Rossi",
        description: "Diritti di segreteria",
        amount: AmountInCents::from_cents(1_650).unwrap(),
        due_on: None,
        transfers: None,
    }
}

async fn notice_numbers_are_never_shared_and_a_debt_has_one_position(server: &TestServer) {
    let segregation = SegregationCode::parse("01").unwrap();
    // The first notice of segregation code 01 is the worked example of the issue.
    let first = open_debt_position(server.pool(), segregation, &debt("prima")).await.unwrap();
    assert_eq!(first.notice_number.to_string(), "301000000000000144");
    assert_eq!((first.status, first.amount.cents()), (PositionStatus::ToPay, 1_650));
    assert_eq!(position_for_debt(server.pool(), DebtKind::Spontaneous, "prima").await.unwrap(), Some(first.clone()));
    let stored: (String, i64) =
        sqlx::query_as("SELECT iuv, amount_cents FROM debt_positions WHERE id = $1").bind(&first.id).fetch_one(server.pool()).await.unwrap();
    assert_eq!(stored, ("01000000000000144".to_string(), 1_650), "the IUV and integer cents are stored");

    // 200 debts opened at once: 200 numbers, bases 2..=201, each valid.
    let references: Vec<String> = (0..200).map(|index| format!("debito-{index}")).collect();
    let tasks = references.iter().cloned().map(|reference| {
        let pool = server.pool().clone();
        tokio::spawn(async move { open_debt_position(&pool, segregation, &debt(&reference)).await.unwrap() })
    });
    // Spawned all before any is awaited: they really run at once.
    let tasks: Vec<_> = tasks.collect();
    let mut opened = Vec::new();
    for task in tasks {
        opened.push(task.await.unwrap());
    }
    let numbers: BTreeSet<String> = opened.iter().map(|position| position.notice_number.to_string()).collect();
    assert_eq!(numbers.len(), 200, "no two debts share a notice number");
    let bases: BTreeSet<u64> = opened.iter().map(|position| position.notice_number.base().value()).collect();
    assert_eq!(bases, (2..=201).collect::<BTreeSet<u64>>(), "bases follow without gaps");
    assert!(numbers.iter().all(|number| NoticeNumber::parse(number).is_ok() && number.starts_with("301")));

    // The same debt opened 10 times at once: one position, the same number for all.
    let tasks = (0..10).map(|_| {
        let pool = server.pool().clone();
        tokio::spawn(async move { open_debt_position(&pool, segregation, &debt("stesso-debito")).await.unwrap() })
    });
    let tasks: Vec<_> = tasks.collect();
    let mut same = Vec::new();
    for task in tasks {
        same.push(task.await.unwrap());
    }
    assert!(same.iter().all(|position| position == &same[0]), "{same:?}");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM debt_positions WHERE debt_reference = 'stesso-debito'").fetch_one(server.pool()).await.unwrap();
    assert_eq!(count, 1);
    assert_eq!(same[0].notice_number.base().value(), 202, "the numbers the losers took went back");
    let next = open_debt_position(server.pool(), segregation, &debt("dopo")).await.unwrap();
    assert_eq!(next.notice_number.base().value(), 203);

    // Another segregation code counts on its own.
    let other = open_debt_position(server.pool(), SegregationCode::parse("02").unwrap(), &debt("altro-sistema")).await.unwrap();
    assert_eq!(other.notice_number.to_string()[..16].to_string(), "3020000000000001");
}

on_both_databases!(notice_numbers_are_never_shared_and_a_debt_has_one_position);

/// Acceptance 1: the QR code decoded from the rendered notice says exactly
/// `PAGOPA|002|<notice>|<creditor>|<cents>`, and the page prints the rest.
#[test]
fn the_payment_notice_prints_its_numbers_and_a_qr_code_that_reads_back() {
    use app::payments::notice_number::IuvBase;
    use app::payments::qr_payload::PaymentQrPayload;
    use server::payments::notice_pdf::{render_payment_notice_pdf, PaymentNoticeContent};
    use server::payments::settings::PaymentSettings;
    let mut settings = PaymentSettings::development();
    settings.creditor_fiscal_code = app::payments::creditor::CreditorFiscalCode::parse("80015010723").unwrap();
    settings.demo_values = false;
    for (segregation, base, cents) in [("01", 1, 1_500), ("47", 9_999_999_999_999, 99_999_999_999), ("00", 4_321, 1)] {
        let notice_number = NoticeNumber::new(SegregationCode::parse(segregation).unwrap(), IuvBase::new(base).unwrap());
        let amount = AmountInCents::from_cents(cents).unwrap();
        let pdf = render_payment_notice_pdf(
            &settings,
            &PaymentNoticeContent {
                notice_number,
                amount,
                description: "Occupazione di suolo pubblico per un ponteggio in via Madonna 12, dal 3 al 14 marzo",
                payer_name: "Mario Rossi",
                payer_fiscal_code: "RSSMRA80A01F205X",
                due_on: Some("31/12/2026"),
            },
        )
        .unwrap();
        let codes = qr_codes_on_first_page(&pdf);
        assert_eq!(codes.len(), 1, "one QR code on the notice");
        let expected = format!("PAGOPA|002|{notice_number}|80015010723|{cents}");
        assert_eq!(codes[0], expected);
        let read_back = PaymentQrPayload::parse(&codes[0]).unwrap();
        assert_eq!((read_back.notice_number, read_back.amount), (notice_number, amount));
        let text = text_of_pdf(&pdf);
        for printed in [
            notice_number.grouped(),
            "Codice fiscale ente creditore: 80015010723".to_string(),
            "Destinatario dell'avviso: Mario Rossi".to_string(),
            "Codice fiscale destinatario: RSSMRA80A01F205X".to_string(),
            format!("Importo: {} entro il 31/12/2026", amount.italian()),
            "Occupazione di suolo pubblico".to_string(),
        ] {
            assert!(text.contains(&printed), "the notice lacks {printed:?}:\n{text}");
        }
        assert!(!text.contains("FACSIMILE"));
    }
    // Development values are marked on the notice itself.
    let demo = render_payment_notice_pdf(
        &PaymentSettings::development(),
        &PaymentNoticeContent {
            notice_number: NoticeNumber::parse("301000000000000144").unwrap(),
            amount: AmountInCents::from_cents(1_500).unwrap(),
            description: "Diritti di segreteria",
            payer_name: "Mario Rossi",
            payer_fiscal_code: "RSSMRA80A01F205X",
            due_on: None,
        },
    )
    .unwrap();
    assert!(text_of_pdf(&demo).contains("FACSIMILE"));
    assert_eq!(qr_codes_on_first_page(&demo), vec!["PAGOPA|002|301000000000000144|00000000000|1500".to_string()]);
}

/// A fine's notice (the reduced amount) expires after its due day, closed by
/// reconciliation and refused by the node from then on; a TARI instalment
/// past its due day stays payable, and a notice being paid is left alone.
async fn a_fines_notice_expires_after_its_due_day_and_other_debts_stay_payable(server: &TestServer) {
    let account = crate::practice_wizard::create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let segregation = SegregationCode::parse("01").unwrap();
    let now = server::auth::tokens::now_unix_seconds();
    let today = app::practices::calendar::rome_date_of_unix_seconds(now);
    let yesterday = today.previous_day().unwrap();
    let open = |kind: DebtKind, reference: &'static str, description: &'static str, due_on: time::Date| {
        let account = account.clone();
        async move {
            open_debt_position(
                server.pool(),
                segregation,
                &NewDebtPosition {
                    kind,
                    reference,
                    account_id: Some(&account),
                    payer_fiscal_code: "RSSMRA80A01F205X",
                    payer_name: "Mario Rossi",
                    description,
                    amount: AmountInCents::from_cents(4_200).unwrap(),
                    due_on: Some(due_on),
                    transfers: None,
                },
            )
            .await
            .unwrap()
        }
    };
    let late_fine = open(DebtKind::Fine, "verbale-1", "Verbale n. 1 — sosta vietata", yesterday).await;
    let fine_due_today = open(DebtKind::Fine, "verbale-2", "Verbale n. 2 — sosta vietata", today).await;
    let late_tax = open(DebtKind::TaxInstalment, "tari-1", "TARI prima rata", yesterday).await;
    let fine_being_paid = open(DebtKind::Fine, "verbale-3", "Verbale n. 3 — sosta vietata", yesterday).await;
    sqlx::query("UPDATE debt_positions SET status = 'in_progress', payment_started_at = $1 WHERE id = $2")
        .bind(now)
        .bind(&fine_being_paid.id)
        .execute(server.pool())
        .await
        .unwrap();

    server::payments::reconciliation::reconcile_started_payments(server.pool(), 30 * 60, now).await.unwrap();
    let status = |id: String| async move {
        let status: String = sqlx::query_scalar("SELECT status FROM debt_positions WHERE id = $1").bind(id).fetch_one(server.pool()).await.unwrap();
        status
    };
    assert_eq!(status(late_fine.id.clone()).await, "expired");
    assert_eq!(status(fine_due_today.id.clone()).await, "to_pay", "payable to the end of its due day");
    assert_eq!(status(late_tax.id.clone()).await, "to_pay", "taxes stay payable late");
    assert_eq!(status(fine_being_paid.id.clone()).await, "in_progress", "a started payment is not cut short");
    // Recorded with the run that closed it (the server's own job runs too, at start and every few minutes).
    let recorded: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(expired), 0) AS BIGINT) FROM reconciliation_runs").fetch_one(server.pool()).await.unwrap();
    assert_eq!(recorded, 1);

    // The node is told it expired; the citizen sees it under "Scaduti", not payable.
    let verify =
        server::payments::node_messages::write_verify_request(&crate::pa_for_node::node(), &crate::pa_for_node::qr(&late_fine.notice_number.to_string()));
    let answer = crate::pa_for_node::node_call_endpoint(&server.client, &server.url("/pagopa/paForNode"), &verify).await;
    assert_eq!(answer.fault_code.as_deref(), Some("PAA_PAGAMENTO_SCADUTO"));
    let mut citizen = crate::practice_wizard::log_in(server, "RSSMRA80A01F205X", false).await;
    let (_, page) = citizen.get_text("/area-personale/pagamenti").await;
    let expired_section = page.split("id=\"scaduti-titolo\"").nth(1).expect("the expired section").split("</section>").next().unwrap();
    assert!(expired_section.contains("Verbale n. 1"), "{expired_section}");
    let to_pay_section = page.split("id=\"da-pagare-titolo\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(!to_pay_section.contains("Verbale n. 1") && to_pay_section.contains("Verbale n. 2") && to_pay_section.contains("TARI prima rata"));
}

on_both_databases!(a_fines_notice_expires_after_its_due_day_and_other_debts_stay_payable);

/// The owner cancels a spontaneous notice created by mistake, after
/// confirming; nobody else can, and neither a notice of the Comune nor one
/// being paid can be cancelled. The node then refuses it as cancelled.
async fn a_citizen_cancels_a_spontaneous_notice_created_by_mistake(server: &TestServer) {
    let account = crate::practice_wizard::create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    crate::practice_wizard::create_citizen(server, "BNCGLI85M52F205H", "Giulia", false).await;
    let segregation = SegregationCode::parse("01").unwrap();
    let open = |kind: DebtKind, reference: &'static str, description: &'static str| {
        let account = account.clone();
        async move {
            open_debt_position(
                server.pool(),
                segregation,
                &NewDebtPosition {
                    kind,
                    reference,
                    account_id: Some(&account),
                    payer_fiscal_code: "RSSMRA80A01F205X",
                    payer_name: "Mario Rossi",
                    description,
                    amount: AmountInCents::from_cents(1_250).unwrap(),
                    due_on: None,
                    transfers: None,
                },
            )
            .await
            .unwrap()
        }
    };
    let mistaken = open(DebtKind::Spontaneous, "spontaneo-1", "Diritti di segreteria — importo sbagliato").await;
    let being_paid = open(DebtKind::Spontaneous, "spontaneo-2", "Diritti di segreteria — in pagamento").await;
    let fine = open(DebtKind::Fine, "verbale-9", "Verbale n. 9 — sosta vietata").await;
    sqlx::query("UPDATE debt_positions SET status = 'in_progress', payment_started_at = $1 WHERE id = $2")
        .bind(server::auth::tokens::now_unix_seconds())
        .bind(&being_paid.id)
        .execute(server.pool())
        .await
        .unwrap();
    let status = |id: String| async move {
        let status: String = sqlx::query_scalar("SELECT status FROM debt_positions WHERE id = $1").bind(id).fetch_one(server.pool()).await.unwrap();
        status
    };

    // The page offers the cancellation for the spontaneous notice only, in its own form.
    let mut citizen = crate::practice_wizard::log_in(server, "RSSMRA80A01F205X", false).await;
    let (_, page) = citizen.get_text("/area-personale/pagamenti").await;
    assert!(page.contains(&format!("<form id=\"annulla-{}\" method=\"post\" action=\"/area-personale/pagamenti/annulla\"", mistaken.id)), "{page}");
    assert!(!page.contains(&format!("annulla-{}", fine.id)) && !page.contains(&format!("annulla-{}", being_paid.id)));

    // Another citizen: not found, nothing changes.
    let mut other = crate::practice_wizard::log_in(server, "BNCGLI85M52F205H", false).await;
    let response = other.post_form("/area-personale/pagamenti/annulla", &[("avviso", &mistaken.id), ("conferma", "si")]).await;
    assert_eq!(response.status(), 404);
    assert_eq!(status(mistaken.id.clone()).await, "to_pay");

    // Without the confirmation: the reason, first on the page; nothing changes.
    let response = citizen.post_form("/area-personale/pagamenti/annulla", &[("avviso", &mistaken.id)]).await;
    let back = location(&response);
    assert!(back.starts_with("/area-personale/pagamenti?errore=conferma-annullamento"), "{back}");
    let (_, page) = citizen.get_text(&back).await;
    assert!(page.contains("<title>Errore:") && page.contains("spunta la conferma"), "{page}");
    assert_eq!(status(mistaken.id.clone()).await, "to_pay");

    // A fine and a notice being paid cannot be cancelled by the citizen.
    for id in [&fine.id, &being_paid.id] {
        let response = citizen.post_form("/area-personale/pagamenti/annulla", &[("avviso", id), ("conferma", "si")]).await;
        assert!(location(&response).starts_with("/area-personale/pagamenti?errore=non-annullabile"), "{}", location(&response));
    }
    assert_eq!((status(fine.id.clone()).await, status(being_paid.id.clone()).await), ("to_pay".to_string(), "in_progress".to_string()));

    // Confirmed: cancelled, listed under "Annullati", refused by the node, not payable online.
    let response = citizen.post_form("/area-personale/pagamenti/annulla", &[("avviso", &mistaken.id), ("conferma", "si")]).await;
    assert_eq!(location(&response), "/area-personale/pagamenti?annullato=1");
    assert_eq!(status(mistaken.id.clone()).await, "cancelled");
    let (_, page) = citizen.get_text("/area-personale/pagamenti?annullato=1").await;
    assert!(page.contains("Avviso annullato"), "{page}");
    let cancelled_section = page.split("id=\"annullati-titolo\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(cancelled_section.contains("importo sbagliato"), "{cancelled_section}");
    let verify =
        server::payments::node_messages::write_verify_request(&crate::pa_for_node::node(), &crate::pa_for_node::qr(&mistaken.notice_number.to_string()));
    let answer = crate::pa_for_node::node_call_endpoint(&server.client, &server.url("/pagopa/paForNode"), &verify).await;
    assert_eq!(answer.fault_code.as_deref(), Some("PAA_PAGAMENTO_ANNULLATO"));
    let pay = citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &mistaken.id)]).await;
    assert!(location(&pay).starts_with("/area-personale/pagamenti?errore=non-pagabile"), "{}", location(&pay));
    // Cancelling again: it is no longer cancellable.
    let again = citizen.post_form("/area-personale/pagamenti/annulla", &[("avviso", &mistaken.id), ("conferma", "si")]).await;
    assert!(location(&again).starts_with("/area-personale/pagamenti?errore=non-annullabile"));
}

on_both_databases!(configured_with crate::paying_online::with_simulator; a_citizen_cancels_a_spontaneous_notice_created_by_mistake);
