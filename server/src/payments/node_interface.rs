//! The creditor interface pagoPA's node calls, `POST /pagopa/paForNode`:
//! paVerifyPaymentNotice (what is owed), paGetPayment(V2) (a payment starts:
//! the position is held), paSendRT(V2) (the receipt: the position is paid,
//! exactly once). Only the configured node addresses may call it; every
//! message is checked against pagoPA's XSDs both ways.

use super::node_messages::{
    cents_of, decimal_amount, write_response, write_soap_fault, DescribedDestination, DescribedTransfer, DigitalStamp, InterfaceVersion, NodeAnswer,
    NodeCaller, NodeFault, NodeFaultCode, NodeMessageSchema, NodeReceipt, NodeRequest, PaymentDescription, QrCodeReference, RequestProblem,
};
use super::positions::{change_status, stored_transfers, PositionsToChange, StatusChange};
use super::settings::PaymentSettings;
use crate::auth::tokens::now_unix_seconds;
use crate::http::client_address::ClientAddress;
use crate::AppState;
use anyhow::Context;
use app::payments::model::{payability, DebtKind, NotPayable, PositionStatus};
use app::payments::notice_number::NoticeNumber;
use app::payments::transfers::TransferDestination;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sqlx::{AnyPool, Row};

pub use app::routes::PA_FOR_NODE_PATH;

#[tracing::instrument(skip_all)]
pub async fn pa_for_node(State(state): State<AppState>, ClientAddress(client): ClientAddress, body: Bytes) -> Response {
    let settings = &state.config.payments;
    if !settings.node_addresses.contains(&client) {
        tracing::warn!(%client, "paForNode called from an address that is not the node's");
        return (StatusCode::FORBIDDEN, "Accesso non consentito").into_response();
    }
    let Ok(message) = std::str::from_utf8(&body) else {
        return soap_fault_response("the message is not UTF-8");
    };
    let schema = &state.node_message_schema;
    let request = match schema.read_request(message) {
        Ok(request) => request,
        Err(RequestProblem::NotSoap(reason)) => return soap_fault_response(&reason),
        Err(RequestProblem::UnknownOperation(name)) => return soap_fault_response(&format!("unknown operation {name}")),
        Err(RequestProblem::InvalidAgainstSchema { operation, caller: _, problems }) => {
            tracing::warn!(operation = operation.response_element(), "paForNode request invalid against the XSD");
            let fault = NodeFault::new(NodeFaultCode::SchemaSyntax, problems.join("; "));
            return answer_response(schema, settings, operation, &NodeAnswer::Fault(fault));
        }
    };
    let answer = answer_node_request(&state.pool, settings, schema, &request, message, now_unix_seconds()).await;
    if let (NodeRequest::SendReceipt { receipt, .. }, NodeAnswer::ReceiptTaken) = (&request, &answer) {
        tell_the_payer(&state, settings, &receipt.notice_number).await;
    }
    answer_response(schema, settings, request.operation(), &answer)
}

/// The receipt is taken: the payer with an account hears it (once per
/// notice, however often the node sends the receipt again).
async fn tell_the_payer(state: &AppState, settings: &PaymentSettings, notice_number: &str) {
    let Some(notice_number) = notice_of_this_creditor(settings, notice_number) else {
        return;
    };
    match super::positions::position_with_notice(&state.pool, &notice_number).await {
        Ok(Some(position)) => {
            if let Some(account_id) = position.account_id.as_deref() {
                let to = crate::messages::centre::Addressee { account_id, email: None, locale: None };
                state.messages.send_or_log(&to, &super::messages::receipt_letter(&position)).await;
            }
        }
        Ok(None) => {}
        Err(error) => tracing::error!(error = format!("{error:#}"), "cannot read a paid position to tell its payer"),
    }
}

fn answer_response(schema: &NodeMessageSchema, settings: &PaymentSettings, operation: super::node_messages::Operation, answer: &NodeAnswer) -> Response {
    let creditor = settings.creditor_fiscal_code.as_str();
    let mut xml = write_response(operation, answer, creditor);
    // What leaves must be as valid as what comes in; if not, the node gets a
    // system error it can retry rather than a message it cannot read.
    if let Err(problems) = schema.check_message(&xml) {
        tracing::error!(operation = operation.response_element(), ?problems, "a paForNode answer is invalid against the XSD");
        xml = write_response(operation, &NodeAnswer::Fault(NodeFault::new(NodeFaultCode::SystemError, "risposta non valida")), creditor);
    }
    ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], xml).into_response()
}

fn soap_fault_response(reason: &str) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "text/xml; charset=utf-8")], write_soap_fault(reason)).into_response()
}

/// The answer to one valid request, at `now` (Unix seconds).
pub async fn answer_node_request(
    pool: &AnyPool,
    settings: &PaymentSettings,
    schema: &NodeMessageSchema,
    request: &NodeRequest,
    message: &str,
    now: i64,
) -> NodeAnswer {
    if let Err(fault) = check_caller(settings, request.caller()) {
        return NodeAnswer::Fault(fault);
    }
    let outcome = match request {
        NodeRequest::VerifyPaymentNotice { qr_code, .. } => verify(pool, settings, qr_code, now).await,
        NodeRequest::GetPayment { version, qr_code, .. } => start_payment(pool, settings, *version, qr_code, now).await,
        NodeRequest::SendReceipt { version, receipt, .. } => {
            take_receipt(pool, settings, schema, receipt, if *version == InterfaceVersion::V1 { "V1" } else { "V2" }, message, now).await
        }
        NodeRequest::DemandPaymentNotice { .. } => {
            Ok(Err(NodeFault::new(NodeFaultCode::Semantics, "il Comune non emette avvisi su richiesta (paDemandPaymentNotice)")))
        }
    };
    match outcome {
        Ok(Ok(answer)) => answer,
        Ok(Err(fault)) => NodeAnswer::Fault(fault),
        Err(error) => {
            tracing::error!(error = %format!("{error:#}"), "paForNode could not be answered");
            NodeAnswer::Fault(NodeFault::new(NodeFaultCode::SystemError, "errore temporaneo dell'ente creditore: riprovare"))
        }
    }
}

/// Database failures are `Err` (a system error the node retries); the
/// node's mistakes and the positions' states are `Ok(Err(fault))`.
type NodeOutcome = anyhow::Result<Result<NodeAnswer, NodeFault>>;

fn check_caller(settings: &PaymentSettings, caller: &NodeCaller) -> Result<(), NodeFault> {
    if caller.creditor_id != settings.creditor_fiscal_code.as_str() {
        return Err(NodeFault::new(NodeFaultCode::WrongCreditor, "idPA non è il codice fiscale di questo ente"));
    }
    if caller.broker_id != settings.broker_id {
        return Err(NodeFault::new(NodeFaultCode::WrongBroker, "idBrokerPA non è l'intermediario di questo ente"));
    }
    if caller.station_id != settings.station_id {
        return Err(NodeFault::new(NodeFaultCode::WrongStation, "idStation non è la stazione di questo ente"));
    }
    Ok(())
}

struct StoredPosition {
    id: String,
    kind: DebtKind,
    notice_number: NoticeNumber,
    amount_cents: i64,
    due_on: Option<String>,
    description: String,
    payer_fiscal_code: String,
    payer_name: String,
    status: PositionStatus,
    payment_started_at: Option<i64>,
}

async fn stored_position(pool: &AnyPool, notice_number: NoticeNumber) -> anyhow::Result<Option<StoredPosition>> {
    let row = sqlx::query(
        "SELECT id, debt_kind, amount_cents, due_on, description, payer_fiscal_code, payer_name, status, payment_started_at \
         FROM debt_positions WHERE notice_number = $1",
    )
    .bind(notice_number.to_string())
    .fetch_optional(pool)
    .await
    .context("cannot read a debt position for the node")?;
    let Some(row) = row else { return Ok(None) };
    let kind: String = row.try_get("debt_kind")?;
    let status: String = row.try_get("status")?;
    Ok(Some(StoredPosition {
        id: row.try_get("id")?,
        kind: DebtKind::from_code(&kind).with_context(|| format!("unknown debt kind {kind}"))?,
        notice_number,
        amount_cents: row.try_get("amount_cents")?,
        due_on: row.try_get("due_on")?,
        description: row.try_get("description")?,
        payer_fiscal_code: row.try_get("payer_fiscal_code")?,
        payer_name: row.try_get("payer_name")?,
        status: PositionStatus::from_code(&status).with_context(|| format!("unknown position status {status}"))?,
        payment_started_at: row.try_get("payment_started_at")?,
    }))
}

/// The position a QR code names, if it is one of this creditor's.
async fn position_named(pool: &AnyPool, settings: &PaymentSettings, qr_code: &QrCodeReference) -> anyhow::Result<Result<StoredPosition, NodeFault>> {
    if qr_code.creditor_fiscal_code != settings.creditor_fiscal_code.as_str() {
        return Ok(Err(NodeFault::new(NodeFaultCode::WrongCreditor, "il codice fiscale dell'avviso non è di questo ente")));
    }
    Ok(match notice_of_this_creditor(settings, &qr_code.notice_number) {
        None => Err(unknown_payment()),
        Some(notice_number) => stored_position(pool, notice_number).await?.ok_or_else(unknown_payment),
    })
}

fn notice_of_this_creditor(settings: &PaymentSettings, notice_number: &str) -> Option<NoticeNumber> {
    NoticeNumber::parse(notice_number).ok().filter(|notice| notice.segregation_code() == settings.segregation_code)
}

fn unknown_payment() -> NodeFault {
    NodeFault::new(NodeFaultCode::UnknownPayment, "nessuna posizione debitoria con questo numero avviso")
}

fn fault_for(reason: NotPayable) -> NodeFault {
    match reason {
        NotPayable::AlreadyPaid => NodeFault::new(NodeFaultCode::DuplicatePayment, "la posizione risulta già pagata"),
        NotPayable::Expired => NodeFault::new(NodeFaultCode::PaymentExpired, "la posizione è scaduta"),
        NotPayable::Cancelled => NodeFault::new(NodeFaultCode::PaymentCancelled, "la posizione è stata annullata"),
        NotPayable::PaymentInProgress => NodeFault::new(NodeFaultCode::PaymentInProgress, "un pagamento di questa posizione è già in corso"),
    }
}

/// The position's transfers as pagoPA is told them: those stored, or the
/// whole amount to the treasury account.
async fn transfers_of(pool: &AnyPool, settings: &PaymentSettings, position: &StoredPosition) -> anyhow::Result<Vec<DescribedTransfer>> {
    let stored = stored_transfers(pool, &position.id).await?;
    if stored.is_empty() {
        return Ok(vec![DescribedTransfer {
            amount: decimal_amount(position.amount_cents),
            creditor_fiscal_code: settings.creditor_fiscal_code.to_string(),
            destination: DescribedDestination::Iban(settings.treasury_iban.clone()),
            remittance: position.description.clone(),
            category: position.kind.transfer_category().to_string(),
        }]);
    }
    Ok(stored
        .into_iter()
        .map(|transfer| DescribedTransfer {
            amount: decimal_amount(transfer.amount.cents() as i64),
            creditor_fiscal_code: transfer.beneficiary.to_string(),
            destination: match transfer.destination {
                TransferDestination::BankAccount(iban) => DescribedDestination::Iban(iban.as_str().to_string()),
                TransferDestination::StampDuty { document, province } => DescribedDestination::StampDuty {
                    document_hash: base64::engine::general_purpose::STANDARD.encode(document.bytes()),
                    province: province.as_str().to_string(),
                },
            },
            remittance: transfer.remittance,
            category: transfer.category,
        })
        .collect())
}

fn description_of(settings: &PaymentSettings, position: &StoredPosition, transfers: Vec<DescribedTransfer>) -> PaymentDescription {
    PaymentDescription {
        iuv: position.notice_number.iuv(),
        amount: decimal_amount(position.amount_cents),
        // pagoPA wants a due date; a debt without one is payable at any time.
        due_date: position.due_on.clone().unwrap_or_else(|| "2099-12-31".to_string()),
        description: position.description.clone(),
        company_name: settings.creditor_name.clone(),
        office_name: settings.office_name.clone(),
        creditor_fiscal_code: settings.creditor_fiscal_code.to_string(),
        debtor_fiscal_code: position.payer_fiscal_code.clone(),
        debtor_is_person: position.payer_fiscal_code.len() == 16,
        debtor_name: position.payer_name.clone(),
        transfers,
    }
}

/// The position a QR code names, if it can take a payment now.
async fn payable_position(
    pool: &AnyPool,
    settings: &PaymentSettings,
    qr_code: &QrCodeReference,
    now: i64,
) -> anyhow::Result<Result<StoredPosition, NodeFault>> {
    Ok(position_named(pool, settings, qr_code).await?.and_then(|position| {
        payability(position.status, position.payment_started_at, now, settings.payment_hold_seconds).map_err(fault_for)?;
        Ok(position)
    }))
}

async fn verify(pool: &AnyPool, settings: &PaymentSettings, qr_code: &QrCodeReference, now: i64) -> NodeOutcome {
    let position = match payable_position(pool, settings, qr_code, now).await? {
        Ok(position) => position,
        Err(fault) => return Ok(Err(fault)),
    };
    let transfers = transfers_of(pool, settings, &position).await?;
    Ok(Ok(NodeAnswer::Verified(description_of(settings, &position, transfers))))
}

/// A payment starts: the position is held for the hold time, so a second
/// payment of the same debt is refused while this one may still succeed.
async fn start_payment(pool: &AnyPool, settings: &PaymentSettings, version: InterfaceVersion, qr_code: &QrCodeReference, now: i64) -> NodeOutcome {
    let position = match payable_position(pool, settings, qr_code, now).await? {
        Ok(position) => position,
        Err(fault) => return Ok(Err(fault)),
    };
    let transfers = transfers_of(pool, settings, &position).await?;
    if version == InterfaceVersion::V1 && transfers.iter().any(|transfer| matches!(transfer.destination, DescribedDestination::StampDuty { .. })) {
        // paGetPayment (V1) has no way to ask for a digital stamp.
        return Ok(Err(NodeFault::new(NodeFaultCode::Semantics, "la marca da bollo digitale si chiede solo con paGetPaymentV2")));
    }
    // Conditional on the state just read: of two concurrent starts one wins.
    // The cart that led here is used up: after a failed payment the next
    // "Paga online" opens a new one.
    let held =
        change_status(pool, PositionsToChange::One { id: &position.id }, StatusChange::StartPayment { now, stale_before: now - settings.payment_hold_seconds })
            .await
            .context("cannot hold a debt position for a payment")?;
    if held == 0 {
        let current = stored_position(pool, position.notice_number).await?.context("a debt position vanished")?;
        let reason = payability(current.status, current.payment_started_at, now, settings.payment_hold_seconds).err().unwrap_or(NotPayable::PaymentInProgress);
        return Ok(Err(fault_for(reason)));
    }
    tracing::info!(kind = position.kind.code(), "payment started on a debt position");
    Ok(Ok(NodeAnswer::Payment(description_of(settings, &position, transfers))))
}

/// Records a receipt exactly once. The same receipt again (retry,
/// duplicate, concurrent delivery) is answered OK and changes nothing; a
/// receipt that does not match its position, or a second payment of a paid
/// one, is refused and kept for the treasury office.
async fn take_receipt(
    pool: &AnyPool,
    settings: &PaymentSettings,
    schema: &NodeMessageSchema,
    receipt: &NodeReceipt,
    version: &str,
    message: &str,
    now: i64,
) -> NodeOutcome {
    if receipt.creditor_fiscal_code != settings.creditor_fiscal_code.as_str() {
        return refuse(pool, receipt, NodeFault::new(NodeFaultCode::WrongCreditor, "la ricevuta non è di questo ente"), message, now).await;
    }
    let Some(notice_number) = notice_of_this_creditor(settings, &receipt.notice_number) else {
        return refuse(pool, receipt, unknown_payment(), message, now).await;
    };
    let Some(position) = stored_position(pool, notice_number).await? else {
        return refuse(pool, receipt, unknown_payment(), message, now).await;
    };
    if !receipt.outcome_ok {
        // A failed payment frees the position for another attempt.
        change_status(pool, PositionsToChange::One { id: &position.id }, StatusChange::FreeStartedPayment { started_before: None })
            .await
            .context("cannot free a debt position after a failed payment")?;
        return Ok(Ok(NodeAnswer::ReceiptTaken));
    }
    let amount = cents_of(&receipt.payment_amount);
    let expected_transfers = transfers_of(pool, settings, &position).await?;
    let checked = if amount != Some(position.amount_cents) {
        Err("l'importo pagato non è quello della posizione".to_string())
    } else if receipt.creditor_reference_id != position.notice_number.iuv() {
        Err("creditorReferenceId non è lo IUV della posizione".to_string())
    } else {
        transfers_as_described(schema, &expected_transfers, receipt)
    };
    let stamps = match checked {
        Ok(stamps) => stamps,
        Err(reason) => return refuse(pool, receipt, NodeFault::new(NodeFaultCode::Semantics, reason), message, now).await,
    };
    let mut transaction = pool.begin().await.context("cannot start recording a receipt")?;
    let inserted = sqlx::query(
        "INSERT INTO payment_receipts (position_id, receipt_id, notice_number, amount_cents, fee_cents, psp_id, psp_name, channel_id, \
         payment_method, paid_at_text, received_at, interface_version, message) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (position_id) DO NOTHING",
    )
    .bind(&position.id)
    .bind(&receipt.receipt_id)
    .bind(position.notice_number.to_string())
    .bind(position.amount_cents)
    .bind(receipt.fee.as_deref().and_then(cents_of))
    .bind(&receipt.psp_id)
    .bind(&receipt.psp_name)
    .bind(&receipt.channel_id)
    .bind(receipt.payment_method.as_deref())
    .bind(receipt.payment_date_time.as_deref())
    .bind(now)
    .bind(version)
    .bind(message)
    .execute(&mut *transaction)
    .await
    .context("cannot record a receipt")?
    .rows_affected();
    if inserted == 0 {
        transaction.rollback().await.context("cannot end a duplicate receipt's transaction")?;
        let recorded: String = sqlx::query_scalar("SELECT receipt_id FROM payment_receipts WHERE position_id = $1")
            .bind(&position.id)
            .fetch_one(pool)
            .await
            .context("cannot read the recorded receipt")?;
        if recorded == receipt.receipt_id {
            return Ok(Ok(NodeAnswer::ReceiptTaken));
        }
        return refuse(pool, receipt, fault_for(NotPayable::AlreadyPaid), message, now).await;
    }
    for (transfer_number, stamp) in &stamps {
        let document: &str = match &expected_transfers[*transfer_number - 1].destination {
            DescribedDestination::StampDuty { document_hash, .. } => document_hash,
            DescribedDestination::Iban(_) => unreachable!("stamps come only from stamp transfers"),
        };
        sqlx::query("INSERT INTO payment_stamps (position_id, transfer_number, document_sha256, stamp_identifier, stamp_xml) VALUES ($1, $2, $3, $4, $5)")
            .bind(&position.id)
            .bind(i64::try_from(*transfer_number).context("transfer number")?)
            .bind(document)
            .bind(&stamp.identifier)
            .bind(&stamp.xml)
            .execute(&mut *transaction)
            .await
            .context("cannot keep a digital stamp")?;
    }
    change_status(&mut *transaction, PositionsToChange::One { id: &position.id }, StatusChange::MarkPaid { now })
        .await
        .context("cannot mark a debt position paid")?;
    transaction.commit().await.context("cannot commit a receipt")?;
    if matches!(position.status, PositionStatus::Expired | PositionStatus::Cancelled) {
        // The money was taken all the same: the receipt is the truth, the office is told.
        tracing::warn!(notice_number = %position.notice_number, status = position.status.code(), "a receipt arrived for a position that was not payable");
    }
    tracing::info!(kind = position.kind.code(), "receipt recorded: debt position paid");
    Ok(Ok(NodeAnswer::ReceiptTaken))
}

/// The receipt's transfers are the ones the position described, in order:
/// same amounts and beneficiaries, an IBAN where an IBAN was given, and a
/// valid digital stamp bound to the right document where one was asked.
/// Returns the stamps by transfer number, or why the receipt does not match.
fn transfers_as_described(schema: &NodeMessageSchema, expected: &[DescribedTransfer], receipt: &NodeReceipt) -> Result<Vec<(usize, DigitalStamp)>, String> {
    if receipt.transfers.len() != expected.len() {
        return Err(format!("la ricevuta ha {} versamenti, la posizione {}", receipt.transfers.len(), expected.len()));
    }
    let mut stamps = Vec::new();
    for (index, (paid, described)) in receipt.transfers.iter().zip(expected).enumerate() {
        let number = index + 1;
        if paid.id != number.to_string() {
            return Err(format!("i versamenti della ricevuta non sono in ordine (idTransfer {} al posto {number})", paid.id));
        }
        if cents_of(&paid.amount) != cents_of(&described.amount) {
            return Err(format!("il versamento {number} non ha l'importo previsto"));
        }
        if paid.creditor_fiscal_code != described.creditor_fiscal_code {
            return Err(format!("il versamento {number} è intestato a un altro ente"));
        }
        match (&described.destination, &paid.iban, &paid.stamp_attachment) {
            (DescribedDestination::Iban(iban), Some(paid_iban), None) if paid_iban == iban => {}
            (DescribedDestination::Iban(_), _, _) => return Err(format!("il versamento {number} non è sul conto previsto")),
            (DescribedDestination::StampDuty { document_hash, .. }, None, Some(attachment)) => {
                let stamp = schema.read_stamp(attachment).map_err(|problem| format!("la marca da bollo del versamento {number}: {problem}"))?;
                if &stamp.document_digest_base64 != document_hash {
                    return Err(format!("la marca da bollo del versamento {number} è per un altro documento"));
                }
                if cents_of(&stamp.amount) != cents_of(&described.amount) {
                    return Err(format!("la marca da bollo del versamento {number} non ha l'importo previsto"));
                }
                stamps.push((number, stamp));
            }
            (DescribedDestination::StampDuty { .. }, _, _) => return Err(format!("il versamento {number} non porta la marca da bollo digitale")),
        }
    }
    Ok(stamps)
}

async fn refuse(pool: &AnyPool, receipt: &NodeReceipt, fault: NodeFault, message: &str, now: i64) -> NodeOutcome {
    tracing::warn!(notice_number = %receipt.notice_number, fault = fault.code.code(), reason = %fault.description, "receipt refused");
    sqlx::query(
        "INSERT INTO refused_receipts (id, received_at, notice_number, receipt_id, fault_code, reason, message) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (notice_number, receipt_id, fault_code) DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(now)
    .bind(&receipt.notice_number)
    .bind(&receipt.receipt_id)
    .bind(fault.code.code())
    .bind(&fault.description)
    .bind(message)
    .execute(pool)
    .await
    .context("cannot keep a refused receipt")?;
    Ok(Err(fault))
}
