//! Where a payment's money goes, over the real creditor interface on SQLite
//! and PostgreSQL (every message checked with xmllint against pagoPA's
//! XSDs): a TARI instalment shared between the Comune and the province
//! (TEFA), and the digital stamp duty bound to one document, whose stamp
//! comes back with the receipt and is kept. A receipt whose transfers are
//! not the ones described is refused.

use crate::pa_for_node::{call_endpoint, node, node_call_endpoint, qr, receipt_for};
use crate::paying_online::{confirm_on_simulator, with_simulator};
use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;
use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use app::payments::transfers::ProvinceCode;
use base64::Engine;
use server::payments::node_messages::{
    read_answer, write_get_payment_request, write_issued_stamp, write_send_receipt_request, write_verify_request, AnswerAsRead, DescribedDestination,
    InterfaceVersion, TransferPaidTo, TransferToSend,
};
use server::payments::positions::{open_debt_position, DebtPosition, NewDebtPosition};
use server::payments::settings::PaymentSettings;
use server::payments::transfer_plans::{open_stamp_duty, tari_with_tefa, NewStampDuty};
use sha2::{Digest, Sha256};

const TREASURY_IBAN: &str = "IT60X0542811101000000123456";
const TEFA_BODY: &str = "08911820960";
const TEFA_IBAN: &str = "IT67Y0306909606100000067890";

fn endpoint(server: &TestServer) -> String {
    server.url("/pagopa/paForNode")
}

async fn ask(server: &TestServer, message: &str) -> AnswerAsRead {
    node_call_endpoint(&server.client, &endpoint(server), message).await
}

fn fault_of(answer: &AnswerAsRead) -> String {
    assert!(!answer.outcome_ok, "expected a fault: {answer:?}");
    answer.fault_code.clone().expect("a fault code")
}

async fn status_of(server: &TestServer, position: &DebtPosition) -> String {
    sqlx::query_scalar("SELECT status FROM debt_positions WHERE id = $1").bind(&position.id).fetch_one(server.pool()).await.unwrap()
}

async fn open_tari(server: &TestServer, account_id: Option<&str>, reference: &str) -> DebtPosition {
    let amount = AmountInCents::from_cents(14_650).unwrap();
    let description = "TARI 2026 — seconda rata, utenza domestica di via Madonna 12, Rho";
    let plan = tari_with_tefa(&PaymentSettings::development(), amount, description).unwrap().expect("a TEFA body in development");
    open_debt_position(
        server.pool(),
        app::payments::notice_number::SegregationCode::parse("01").unwrap(),
        &NewDebtPosition {
            kind: DebtKind::TaxInstalment,
            reference,
            account_id,
            payer_fiscal_code: "RSSMRA80A01F205X",
            payer_name: "Mario Rossi",
            description,
            amount,
            due_on: None,
            transfers: Some(&plan),
        },
    )
    .await
    .unwrap()
}

async fn open_stamp(server: &TestServer, account_id: Option<&str>, reference: &str, document: &[u8]) -> DebtPosition {
    open_stamp_duty(
        server.pool(),
        &PaymentSettings::development(),
        &NewStampDuty {
            reference,
            account_id,
            payer_fiscal_code: "RSSMRA80A01F205X",
            payer_name: "Mario Rossi",
            payer_province: &ProvinceCode::parse("MI").unwrap(),
            document,
            description: "Certificato di residenza",
            amount: AmountInCents::from_cents(1_600).unwrap(),
        },
    )
    .await
    .unwrap()
}

fn base64_sha256(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
}

fn to_iban(cents: i64, creditor: &str, iban: &str) -> TransferToSend {
    TransferToSend {
        amount_cents: cents,
        creditor_fiscal_code: creditor.into(),
        paid_to: TransferPaidTo::Iban(iban.into()),
        remittance: "TARI".into(),
        category: "9/0101100IM/".into(),
    }
}

async fn refused_receipts(server: &TestServer) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM refused_receipts").fetch_one(server.pool()).await.unwrap()
}

async fn a_tari_instalment_is_paid_to_the_comune_and_the_province_in_one_go(server: &TestServer) {
    let position = open_tari(server, None, "TARI-2026-2").await;
    let notice = position.notice_number.to_string();

    let verified = ask(server, &write_verify_request(&node(), &qr(&notice))).await;
    assert_eq!(verified.amount.as_deref(), Some("146.50"));
    // Both interface versions describe the two transfers: TARI to the treasury, TEFA (5 %) to the province.
    let payment = ask(server, &write_get_payment_request(InterfaceVersion::V2, &node(), &qr(&notice))).await;
    assert!(payment.outcome_ok, "{payment:?}");
    assert_eq!(payment.transfers.len(), 2, "{payment:?}");
    let (tari, tefa) = (&payment.transfers[0], &payment.transfers[1]);
    assert_eq!((tari.amount.as_str(), tari.creditor_fiscal_code.as_str()), ("139.52", "00000000000"));
    assert_eq!(tari.destination, DescribedDestination::Iban(TREASURY_IBAN.into()));
    assert_eq!((tefa.amount.as_str(), tefa.creditor_fiscal_code.as_str()), ("6.98", TEFA_BODY));
    assert_eq!(tefa.destination, DescribedDestination::Iban(TEFA_IBAN.into()));
    assert!(tefa.remittance.starts_with("TEFA 5% — TARI 2026"), "{tefa:?}");

    // Receipts whose transfers are not the ones described are refused and kept:
    // all to the Comune, the shares swapped, the TEFA to another account.
    let mut wrong_receipts = Vec::new();
    let mut all_to_the_comune = receipt_for(&position, "tari-all-comune");
    all_to_the_comune.transfers = vec![to_iban(14_650, "00000000000", TREASURY_IBAN)];
    wrong_receipts.push(all_to_the_comune);
    let mut swapped = receipt_for(&position, "tari-swapped");
    swapped.transfers = vec![to_iban(698, "00000000000", TREASURY_IBAN), to_iban(13_952, TEFA_BODY, TEFA_IBAN)];
    wrong_receipts.push(swapped);
    let mut other_account = receipt_for(&position, "tari-other-account");
    other_account.transfers = vec![to_iban(13_952, "00000000000", TREASURY_IBAN), to_iban(698, TEFA_BODY, TREASURY_IBAN)];
    wrong_receipts.push(other_account);
    for wrong in &wrong_receipts {
        let answer = ask(server, &write_send_receipt_request(InterfaceVersion::V2, &node(), wrong)).await;
        assert_eq!(fault_of(&answer), "PAA_SEMANTICA", "{}", wrong.receipt_id);
    }
    assert_eq!(refused_receipts(server).await, 3);
    assert_eq!(status_of(server, &position).await, "in_progress", "a refused receipt pays nothing");

    // The receipt with the transfers as described: paid, once, also when delivered again.
    let mut right = receipt_for(&position, "tari-right");
    right.transfers = payment.transfers.iter().map(|transfer| TransferToSend::paid(transfer, |_| unreachable!("no stamp here"))).collect();
    for _ in 0..2 {
        let answer = ask(server, &write_send_receipt_request(InterfaceVersion::V2, &node(), &right)).await;
        assert!(answer.outcome_ok, "{answer:?}");
    }
    assert_eq!(status_of(server, &position).await, "paid");

    // paGetPayment (V1) describes the same two transfers.
    let v1 = open_tari(server, None, "TARI-2026-3").await;
    let payment = ask(server, &write_get_payment_request(InterfaceVersion::V1, &node(), &qr(&v1.notice_number.to_string()))).await;
    assert_eq!(payment.transfers.iter().map(|transfer| transfer.amount.as_str()).collect::<Vec<_>>(), ["139.52", "6.98"]);

    // Positions without stored transfers still go whole to the treasury.
    let plain = crate::pa_for_node::open_on(server.pool(), "copie-transfers", 1_650).await;
    let payment = ask(server, &write_get_payment_request(InterfaceVersion::V2, &node(), &qr(&plain.notice_number.to_string()))).await;
    assert_eq!(payment.transfers.len(), 1);
    assert_eq!(payment.transfers[0].destination, DescribedDestination::Iban(TREASURY_IBAN.into()));
    assert_eq!(payment.transfers[0].amount, "16.50");
}

async fn a_stamp_duty_is_bound_to_its_document_and_kept_with_it(server: &TestServer) {
    let certificate = b"%PDF-1.7 Certificato di residenza di Mario Rossi".as_slice();
    let position = open_stamp(server, None, "certificato-1", certificate).await;
    let notice = position.notice_number.to_string();
    let document_hash = base64_sha256(certificate);

    // paGetPayment (V1) cannot ask for a stamp: refused, the position stays payable.
    let v1 = ask(server, &write_get_payment_request(InterfaceVersion::V1, &node(), &qr(&notice))).await;
    assert_eq!(fault_of(&v1), "PAA_SEMANTICA");
    assert_eq!(status_of(server, &position).await, "to_pay");

    // paGetPaymentV2 asks for a stamp bound to the document, instead of an IBAN (xmllint-checked).
    let (_, raw) = call_endpoint(&server.client, &endpoint(server), &write_get_payment_request(InterfaceVersion::V2, &node(), &qr(&notice))).await;
    assert!(raw.contains("<richiestaMarcaDaBollo><hashDocumento>") && raw.contains("<tipoBollo>01</tipoBollo>") && !raw.contains("<IBAN>"), "{raw}");
    let payment = read_answer(&raw).unwrap();
    assert_eq!(payment.transfers.len(), 1);
    assert_eq!(payment.transfers[0].destination, DescribedDestination::StampDuty { document_hash: document_hash.clone(), province: "MI".into() });
    assert_eq!(payment.transfers[0].amount, "16.00");

    let stamp_for = |hash: &str| write_issued_stamp("00000000000", "Banca di prova", "01234567890123", "2026-11-27T10:15:00", 1_600, hash);
    // The stamp the simulator and the tests issue is what the Agenzia's schema describes (xmllint agrees).
    let issued = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(stamp_for(&document_hash)).unwrap()).unwrap();
    xmllint_stamp_verdict(&issued).unwrap_or_else(|errors| panic!("the issued stamp is invalid: {errors}\n{issued}"));

    // Refused: an IBAN instead of the stamp, a stamp for another document,
    // one for another amount, and something that is not a stamp at all.
    let with = |receipt_id: &str, paid_to: TransferPaidTo| {
        let mut receipt = receipt_for(&position, receipt_id);
        receipt.transfers = vec![TransferToSend {
            amount_cents: 1_600,
            creditor_fiscal_code: "00000000000".into(),
            paid_to,
            remittance: "Imposta di bollo".into(),
            category: "9/0301116TS/".into(),
        }];
        receipt
    };
    let other_document = base64_sha256(b"another document");
    let wrong_amount = write_issued_stamp("00000000000", "Banca di prova", "01234567890123", "2026-11-27T10:15:00", 200, &document_hash);
    let not_a_stamp = base64::engine::general_purpose::STANDARD.encode("<marcaDaBollo/>");
    for wrong in [
        with("stamp-iban", TransferPaidTo::Iban(TREASURY_IBAN.into())),
        with("stamp-other-document", TransferPaidTo::Stamp(stamp_for(&other_document))),
        with("stamp-other-amount", TransferPaidTo::Stamp(wrong_amount)),
        with("stamp-not-a-stamp", TransferPaidTo::Stamp(not_a_stamp)),
    ] {
        let answer = ask(server, &write_send_receipt_request(InterfaceVersion::V2, &node(), &wrong)).await;
        assert_eq!(fault_of(&answer), "PAA_SEMANTICA", "{}", wrong.receipt_id);
    }
    assert_eq!(status_of(server, &position).await, "in_progress");

    // The right stamp: paid, and the stamp kept with the document's digest, once.
    let right = with("stamp-right", TransferPaidTo::Stamp(stamp_for(&document_hash)));
    for _ in 0..2 {
        let answer = ask(server, &write_send_receipt_request(InterfaceVersion::V2, &node(), &right)).await;
        assert!(answer.outcome_ok, "{answer:?}");
    }
    assert_eq!(status_of(server, &position).await, "paid");
    let stamps: Vec<(String, String, String)> =
        sqlx::query_as("SELECT document_sha256, stamp_identifier, stamp_xml FROM payment_stamps WHERE position_id = $1")
            .bind(&position.id)
            .fetch_all(server.pool())
            .await
            .unwrap();
    assert_eq!(stamps.len(), 1);
    assert_eq!((stamps[0].0.as_str(), stamps[0].1.as_str()), (document_hash.as_str(), "01234567890123"));
    assert_eq!(stamps[0].2, issued);
}

async fn the_simulator_pays_shared_and_stamped_positions_as_the_node_would(server: &TestServer) {
    let account = create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut citizen = log_in(server, "RSSMRA80A01F205X", false).await;
    let tari = open_tari(server, Some(&account), "TARI-2026-2").await;
    let certificate = b"%PDF-1.7 Certificato di stato di famiglia".as_slice();
    let stamp = open_stamp(server, Some(&account), "certificato-2", certificate).await;
    for position in [&tari, &stamp] {
        let checkout_page = location(&citizen.post_form("/area-personale/pagamenti/paga", &[("avviso", &position.id)]).await);
        let back = confirm_on_simulator(&checkout_page, "pagato", &[]).await;
        assert!(back.ends_with("?esito=ok"), "{back}");
        assert_eq!(status_of(server, position).await, "paid", "{}", position.description);
    }
    let receipt: String =
        sqlx::query_scalar("SELECT message FROM payment_receipts WHERE position_id = $1").bind(&tari.id).fetch_one(server.pool()).await.unwrap();
    assert!(receipt.contains(TEFA_BODY) && receipt.contains(TEFA_IBAN) && receipt.contains("<transferAmount>6.98</transferAmount>"), "{receipt}");
    let kept: String =
        sqlx::query_scalar("SELECT document_sha256 FROM payment_stamps WHERE position_id = $1").bind(&stamp.id).fetch_one(server.pool()).await.unwrap();
    assert_eq!(kept, base64_sha256(certificate));
    assert_eq!(refused_receipts(server).await, 0);

    // The citizen's receipts say how the money was shared, and which stamp paid the duty.
    let tari_receipt = citizen.get(&format!("/area-personale/pagamenti/{}/ricevuta.pdf", tari.id)).await;
    assert_eq!(tari_receipt.status(), 200);
    let text = text_of_pdf(&tari_receipt.bytes().await.unwrap()).split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in ["Ripartizione dell'importo", "139,52 € a Comune di Rho", "6,98 € a Città metropolitana di Milano (IBAN IT67 Y030"] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    let stamp_receipt = citizen.get(&format!("/area-personale/pagamenti/{}/ricevuta.pdf", stamp.id)).await;
    let text = text_of_pdf(&stamp_receipt.bytes().await.unwrap()).split_whitespace().collect::<Vec<_>>().join(" ");
    let identifier: String =
        sqlx::query_scalar("SELECT stamp_identifier FROM payment_stamps WHERE position_id = $1").bind(&stamp.id).fetch_one(server.pool()).await.unwrap();
    assert!(text.contains(&format!("16,00 € imposta di bollo assolta con marca da bollo digitale n. {identifier}")), "{text}");
}

on_both_databases!(a_tari_instalment_is_paid_to_the_comune_and_the_province_in_one_go, a_stamp_duty_is_bound_to_its_document_and_kept_with_it);
on_both_databases!(configured_with with_simulator; the_simulator_pays_shared_and_stamped_positions_as_the_node_would);
