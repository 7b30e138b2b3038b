//! pagoPA's creditor interface over real HTTP, on SQLite and PostgreSQL:
//! every message both ways is checked with xmllint against the official
//! XSDs; each fault code is produced; receipts are taken exactly once.

use crate::support::*;
use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use server::payments::node_messages::{
    read_answer, write_get_payment_request, write_send_receipt_request, write_verify_request, AnswerAsRead, InterfaceVersion, NodeCaller, QrCodeReference,
    ReceiptToSend, TransferPaidTo, TransferToSend,
};
use server::payments::positions::{open_debt_position, DebtPosition, NewDebtPosition};

const CREDITOR: &str = "00000000000";
const IBAN: &str = "IT60X0542811101000000123456";

pub(crate) fn node() -> NodeCaller {
    NodeCaller { creditor_id: CREDITOR.into(), broker_id: CREDITOR.into(), station_id: format!("{CREDITOR}_01") }
}

pub(crate) fn qr(notice_number: &str) -> QrCodeReference {
    QrCodeReference { creditor_fiscal_code: CREDITOR.into(), notice_number: notice_number.into() }
}

async fn open(server: &TestServer, reference: &str, cents: i64) -> DebtPosition {
    open_on(server.pool(), reference, cents).await
}

pub(crate) async fn open_on(pool: &sqlx::AnyPool, reference: &str, cents: i64) -> DebtPosition {
    let debt = NewDebtPosition {
        kind: DebtKind::Spontaneous,
        reference,
        account_id: None,
        payer_fiscal_code: "RSSMRA80A01F205X",
        payer_name: "Mario Rossi",
        description: "Diritti di segreteria per il rilascio di copie",
        amount: AmountInCents::from_cents(cents).unwrap(),
        due_on: None,
        transfers: None,
    };
    open_debt_position(pool, app::payments::notice_number::SegregationCode::parse("01").unwrap(), &debt).await.unwrap()
}

pub(crate) fn receipt_for(position: &DebtPosition, receipt_id: &str) -> ReceiptToSend {
    let cents = position.amount.cents() as i64;
    ReceiptToSend {
        receipt_id: receipt_id.into(),
        notice_number: position.notice_number.to_string(),
        creditor_fiscal_code: CREDITOR.into(),
        outcome_ok: true,
        creditor_reference_id: position.notice_number.iuv(),
        amount_cents: cents,
        description: position.description.clone(),
        company_name: "Comune di Rho".into(),
        debtor_fiscal_code: position.payer_fiscal_code.clone(),
        debtor_name: position.payer_name.clone(),
        transfers: vec![TransferToSend {
            amount_cents: cents,
            creditor_fiscal_code: CREDITOR.into(),
            paid_to: TransferPaidTo::Iban(IBAN.into()),
            remittance: position.description.clone(),
            category: "9/0201100IM/".into(),
        }],
        psp_id: "BCITITMM".into(),
        psp_name: "Banca di prova".into(),
        channel_id: "BCITITMM_01".into(),
        payment_method: "CP".into(),
        fee_cents: 100,
        payment_date_time: "2026-11-27T10:15:00".into(),
    }
}

/// Sends a message as the node would: checked with xmllint first (unless it
/// is meant to be invalid), and the answer checked with xmllint too.
async fn call(server: &TestServer, message: &str) -> (u16, String) {
    call_endpoint(&server.client, &server.url("/pagopa/paForNode"), message).await
}

pub(crate) async fn call_endpoint(client: &reqwest::Client, endpoint: &str, message: &str) -> (u16, String) {
    let response = client
        .post(endpoint)
        .header("content-type", "text/xml; charset=utf-8")
        .header("soapaction", "paForNode")
        .body(message.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let answer = response.text().await.unwrap();
    xmllint_verdict(&answer).unwrap_or_else(|errors| panic!("the server's answer is invalid against pagoPA's XSDs: {errors}\n{answer}"));
    (status, answer)
}

async fn node_call(server: &TestServer, message: &str) -> AnswerAsRead {
    node_call_endpoint(&server.client, &server.url("/pagopa/paForNode"), message).await
}

/// A valid request (xmllint agrees) and its answer, as the node reads it.
pub(crate) async fn node_call_endpoint(client: &reqwest::Client, endpoint: &str, message: &str) -> AnswerAsRead {
    xmllint_verdict(message).unwrap_or_else(|errors| panic!("the test's own request is invalid: {errors}\n{message}"));
    let (status, answer) = call_endpoint(client, endpoint, message).await;
    assert_eq!(status, 200, "{answer}");
    read_answer(&answer).expect("a paForNode answer")
}

fn fault(answer: &AnswerAsRead) -> &str {
    assert!(!answer.outcome_ok, "expected a fault: {answer:?}");
    answer.fault_code.as_deref().expect("a fault code")
}

async fn status_of(server: &TestServer, position: &DebtPosition) -> String {
    sqlx::query_scalar("SELECT status FROM debt_positions WHERE id = $1").bind(&position.id).fetch_one(server.pool()).await.unwrap()
}

async fn count(server: &TestServer, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(server.pool()).await.unwrap()
}

async fn the_creditor_interface_answers_as_pagopa_prescribes(server: &TestServer) {
    let position = open(server, "copie-1", 1_650).await;
    let notice = position.notice_number.to_string();

    // What is owed.
    let verified = node_call(server, &write_verify_request(&node(), &qr(&notice))).await;
    assert!(verified.outcome_ok, "{verified:?}");
    assert_eq!(verified.amount.as_deref(), Some("16.50"));

    // Who calls: creditor, broker, station; and whose notice it is.
    let mut wrong = node();
    wrong.creditor_id = "80015010723".into();
    assert_eq!(fault(&node_call(server, &write_verify_request(&wrong, &qr(&notice))).await), "PAA_ID_DOMINIO_ERRATO");
    let mut wrong = node();
    wrong.broker_id = "80015010723".into();
    assert_eq!(fault(&node_call(server, &write_verify_request(&wrong, &qr(&notice))).await), "PAA_ID_INTERMEDIARIO_ERRATO");
    let mut wrong = node();
    wrong.station_id = format!("{CREDITOR}_02");
    assert_eq!(fault(&node_call(server, &write_verify_request(&wrong, &qr(&notice))).await), "PAA_STAZIONE_INT_ERRATA");
    let other_creditor = QrCodeReference { creditor_fiscal_code: "80015010723".into(), notice_number: notice.clone() };
    assert_eq!(fault(&node_call(server, &write_verify_request(&node(), &other_creditor)).await), "PAA_ID_DOMINIO_ERRATO");

    // Numbers never issued, of another segregation code, or with wrong check digits.
    for unknown in ["301000000000099971", "302000000000000167", "301000000000000145"] {
        assert_eq!(fault(&node_call(server, &write_verify_request(&node(), &qr(unknown))).await), "PAA_PAGAMENTO_SCONOSCIUTO", "{unknown}");
    }

    // Invalid against the XSD (xmllint agrees): the operation's answer with PAA_SINTASSI_XSD.
    let invalid = write_verify_request(&node(), &qr(&notice)).replace(&format!("<idStation>{CREDITOR}_01</idStation>"), "");
    assert!(xmllint_verdict(&invalid).is_err());
    let (status, answer) = call(server, &invalid).await;
    assert_eq!(status, 200);
    assert!(answer.contains("paVerifyPaymentNoticeRes"));
    assert_eq!(fault(&read_answer(&answer).unwrap()), "PAA_SINTASSI_XSD");
    let bad_amount =
        write_send_receipt_request(InterfaceVersion::V2, &node(), &receipt_for(&position, "r-x")).replace("<paymentAmount>16.50<", "<paymentAmount>16.5<");
    assert!(xmllint_verdict(&bad_amount).is_err());
    let (_, answer) = call(server, &bad_amount).await;
    assert!(answer.contains("paSendRTV2Response"));
    assert_eq!(fault(&read_answer(&answer).unwrap()), "PAA_SINTASSI_XSD");

    // Not SOAP at all, or an operation that does not exist: a SOAP Fault.
    let (status, answer) =
        call(server, "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><x/></soapenv:Body></soapenv:Envelope>")
            .await;
    assert_eq!(status, 500);
    assert!(answer.contains("soapenv:Fault") && answer.contains("unknown operation"));
    let (status, answer) = call(server, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>").await;
    assert_eq!(status, 500);
    assert!(!answer.contains("root:"));

    // A payment starts: the position is held; a second start, or a verify, hears "in progress".
    let payment = node_call(server, &write_get_payment_request(InterfaceVersion::V2, &node(), &qr(&notice))).await;
    assert!(payment.outcome_ok, "{payment:?}");
    assert_eq!((payment.amount.as_deref(), payment.creditor_reference_id.as_deref()), (Some("16.50"), Some(position.notice_number.iuv().as_str())));
    assert_eq!(status_of(server, &position).await, "in_progress");
    assert_eq!(fault(&node_call(server, &write_get_payment_request(InterfaceVersion::V1, &node(), &qr(&notice))).await), "PAA_PAGAMENTO_IN_CORSO");
    assert_eq!(fault(&node_call(server, &write_verify_request(&node(), &qr(&notice))).await), "PAA_PAGAMENTO_IN_CORSO");

    // A receipt that does not match is refused and kept.
    let mut wrong_amount = receipt_for(&position, "ricevuta-sbagliata");
    wrong_amount.amount_cents = 1_600;
    wrong_amount.transfers[0].amount_cents = 1_600;
    assert_eq!(fault(&node_call(server, &write_send_receipt_request(InterfaceVersion::V2, &node(), &wrong_amount)).await), "PAA_SEMANTICA");
    let mut wrong_iuv = receipt_for(&position, "ricevuta-iuv");
    wrong_iuv.creditor_reference_id = "01000000000009999".into();
    assert_eq!(fault(&node_call(server, &write_send_receipt_request(InterfaceVersion::V2, &node(), &wrong_iuv)).await), "PAA_SEMANTICA");
    assert_eq!(status_of(server, &position).await, "in_progress");
    assert_eq!(count(server, "SELECT COUNT(*) FROM refused_receipts WHERE fault_code = 'PAA_SEMANTICA'").await, 2);

    // The receipt, delivered ten times at once: one payment, OK every time.
    let message = write_send_receipt_request(InterfaceVersion::V2, &node(), &receipt_for(&position, "ricevuta-1"));
    let deliveries: Vec<_> = (0..10)
        .map(|_| {
            let client = server.client.clone();
            let url = server.url("/pagopa/paForNode");
            let message = message.clone();
            tokio::spawn(async move { client.post(url).header("content-type", "text/xml").body(message).send().await.unwrap().text().await.unwrap() })
        })
        .collect();
    for delivery in deliveries {
        let answer = delivery.await.unwrap();
        xmllint_verdict(&answer).unwrap();
        assert!(read_answer(&answer).unwrap().outcome_ok, "{answer}");
    }
    assert_eq!(status_of(server, &position).await, "paid");
    assert_eq!(count(server, "SELECT COUNT(*) FROM payment_receipts").await, 1);
    let kept: (String, i64, String) = sqlx::query_as("SELECT receipt_id, amount_cents, psp_name FROM payment_receipts").fetch_one(server.pool()).await.unwrap();
    assert_eq!(kept, ("ricevuta-1".to_string(), 1_650, "Banca di prova".to_string()));
    // And once more later (the node retries): still OK, still one.
    assert!(node_call(server, &message).await.outcome_ok);

    // A paid position can never be paid again.
    assert_eq!(fault(&node_call(server, &write_verify_request(&node(), &qr(&notice))).await), "PAA_PAGAMENTO_DUPLICATO");
    assert_eq!(fault(&node_call(server, &write_get_payment_request(InterfaceVersion::V2, &node(), &qr(&notice))).await), "PAA_PAGAMENTO_DUPLICATO");
    let second_payment = write_send_receipt_request(InterfaceVersion::V1, &node(), &receipt_for(&position, "ricevuta-2"));
    assert_eq!(fault(&node_call(server, &second_payment).await), "PAA_PAGAMENTO_DUPLICATO");
    assert_eq!(count(server, "SELECT COUNT(*) FROM payment_receipts").await, 1);
    assert_eq!(count(server, "SELECT COUNT(*) FROM refused_receipts WHERE fault_code = 'PAA_PAGAMENTO_DUPLICATO'").await, 1);

    // Expired and cancelled positions.
    let expired = open(server, "copie-scadute", 500).await;
    sqlx::query("UPDATE debt_positions SET status = 'expired' WHERE id = $1").bind(&expired.id).execute(server.pool()).await.unwrap();
    assert_eq!(fault(&node_call(server, &write_verify_request(&node(), &qr(&expired.notice_number.to_string()))).await), "PAA_PAGAMENTO_SCADUTO");
    let cancelled = open(server, "copie-annullate", 500).await;
    sqlx::query("UPDATE debt_positions SET status = 'cancelled' WHERE id = $1").bind(&cancelled.id).execute(server.pool()).await.unwrap();
    assert_eq!(
        fault(&node_call(server, &write_get_payment_request(InterfaceVersion::V1, &node(), &qr(&cancelled.notice_number.to_string()))).await),
        "PAA_PAGAMENTO_ANNULLATO"
    );

    // A failed payment frees its position; a receipt that arrives before the
    // payment's start (reordered) still pays it.
    let freed = open(server, "copie-rifiutate", 700).await;
    let freed_notice = freed.notice_number.to_string();
    assert!(node_call(server, &write_get_payment_request(InterfaceVersion::V1, &node(), &qr(&freed_notice))).await.outcome_ok);
    let mut refused_by_bank = receipt_for(&freed, "ricevuta-ko");
    refused_by_bank.outcome_ok = false;
    assert!(node_call(server, &write_send_receipt_request(InterfaceVersion::V1, &node(), &refused_by_bank)).await.outcome_ok);
    assert_eq!(status_of(server, &freed).await, "to_pay");
    assert!(node_call(server, &write_send_receipt_request(InterfaceVersion::V1, &node(), &receipt_for(&freed, "ricevuta-ok"))).await.outcome_ok);
    assert_eq!(status_of(server, &freed).await, "paid");

    // Notices on demand are not a service of this Comune.
    let demand = write_verify_request(&node(), &qr(&notice)).replace("paVerifyPaymentNoticeReq", "paDemandPaymentNoticeRequest").replace(
        &format!("<qrCode><fiscalCode>{CREDITOR}</fiscalCode><noticeNumber>{notice}</noticeNumber></qrCode>"),
        "<idServizio>00001</idServizio><idSoggettoServizio>00001</idSoggettoServizio><datiSpecificiServizioRequest>AAAA</datiSpecificiServizioRequest>",
    );
    assert_eq!(fault(&node_call(server, &demand).await), "PAA_SEMANTICA");

    // The database fails: a system error the node will retry, never a lost receipt.
    let unlucky = open(server, "copie-guasto", 900).await;
    sqlx::query("DROP TABLE payment_receipts").execute(server.pool()).await.unwrap();
    let answer = node_call(server, &write_send_receipt_request(InterfaceVersion::V2, &node(), &receipt_for(&unlucky, "ricevuta-guasto"))).await;
    assert_eq!(fault(&answer), "PAA_SYSTEM_ERROR");
    assert_eq!(status_of(server, &unlucky).await, "to_pay");
}

on_both_databases!(the_creditor_interface_answers_as_pagopa_prescribes);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_nodes_addresses_may_call_the_creditor_interface() {
    let server = TestServer::start_with(Backend::Sqlite, |config| config.payments.node_addresses = vec!["10.9.9.9".parse().unwrap()]).await;
    let response = server
        .client
        .post(server.url("/pagopa/paForNode"))
        .header("content-type", "text/xml")
        .body(write_verify_request(&node(), &qr("301000000000000144")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    server.stop().await;
}

/// The schemas the server compiles are pagoPA's, byte for byte.
#[test]
fn the_repositorys_schemas_are_the_official_files() {
    let official = crate::support::workspace_path("../shared/pagopa");
    let copies = crate::support::workspace_path("server/pagopa-schemas");
    for file in [
        "wsdl/paForNode.wsdl",
        "wsdl/xsd/paForNode.xsd",
        "xsd-common/envelope.xsd",
        "xsd-common/sac-common-types-1.0.xsd",
        "xsd-common/MarcaDaBollo.xsd",
        "xsd-common/xmldsig-core-schema.xsd",
    ] {
        let copy = std::fs::read(copies.join(file)).unwrap_or_else(|_| panic!("{file} is missing from server/pagopa-schemas"));
        match std::fs::read(official.join(file)) {
            Ok(original) => assert!(copy == original, "server/pagopa-schemas/{file} differs from the official file"),
            Err(_) => eprintln!("note: {} is not on this machine; the copy is checked where it is", official.join(file).display()),
        }
    }
}
