//! Debt positions: what someone owes, opened once per debt (kind and
//! reference) with the next notice number. The IUV base comes from
//! `iuv_counters` in the same transaction that inserts the position, so two
//! positions never share a number, also across instances on PostgreSQL; a
//! second opening of the same debt (double click, back button, second tab,
//! concurrent requests) finds the first and gives its number back.

use crate::auth::tokens::now_unix_seconds;
use crate::database::{next_counter_value, Counter};
use anyhow::Context;
use app::payments::amount::AmountInCents;
use app::payments::model::{DebtKind, PositionStatus};
use app::payments::notice_number::{IuvBase, NoticeNumber, SegregationCode};
use app::payments::transfers::{DocumentDigest, ProvinceCode, Transfer, TransferDestination, TransferPlan};
use base64::Engine;
use sqlx::{AnyPool, Row};

pub struct NewDebtPosition<'a> {
    pub kind: DebtKind,
    /// What the debt is within its kind (a practice id, an instalment code…).
    pub reference: &'a str,
    pub account_id: Option<&'a str>,
    pub payer_fiscal_code: &'a str,
    pub payer_name: &'a str,
    pub description: &'a str,
    pub amount: AmountInCents,
    pub due_on: Option<time::Date>,
    /// Where the money goes; `None`: all of it to the Comune's treasury
    /// account in one transfer (nothing is stored for that case).
    pub transfers: Option<&'a TransferPlan>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DebtPosition {
    pub id: String,
    pub kind: DebtKind,
    pub reference: String,
    pub notice_number: NoticeNumber,
    pub account_id: Option<String>,
    pub payer_fiscal_code: String,
    pub payer_name: String,
    pub description: String,
    pub amount: AmountInCents,
    /// ISO date.
    pub due_on: Option<String>,
    pub status: PositionStatus,
}

const POSITION_COLUMNS: &str = "id, debt_kind, debt_reference, notice_number, account_id, payer_fiscal_code, payer_name, description, \
     amount_cents, due_on, status";

fn position_from_row(row: &sqlx::any::AnyRow) -> anyhow::Result<DebtPosition> {
    let kind: String = row.try_get("debt_kind")?;
    let notice: String = row.try_get("notice_number")?;
    let status: String = row.try_get("status")?;
    Ok(DebtPosition {
        id: row.try_get("id")?,
        kind: DebtKind::from_code(&kind).with_context(|| format!("unknown debt kind {kind}"))?,
        reference: row.try_get("debt_reference")?,
        notice_number: NoticeNumber::parse(&notice).context("a stored notice number is invalid")?,
        account_id: row.try_get("account_id")?,
        payer_fiscal_code: row.try_get("payer_fiscal_code")?,
        payer_name: row.try_get("payer_name")?,
        description: row.try_get("description")?,
        amount: AmountInCents::from_cents(row.try_get("amount_cents")?).context("a stored amount is out of bounds")?,
        due_on: row.try_get("due_on")?,
        status: PositionStatus::from_code(&status).with_context(|| format!("unknown position status {status}"))?,
    })
}

/// The position of a debt, if it was opened.
#[tracing::instrument(skip_all)]
pub async fn position_for_debt(pool: &AnyPool, kind: DebtKind, reference: &str) -> anyhow::Result<Option<DebtPosition>> {
    let row = sqlx::query(&format!("SELECT {POSITION_COLUMNS} FROM debt_positions WHERE debt_kind = $1 AND debt_reference = $2"))
        .bind(kind.code())
        .bind(reference)
        .fetch_optional(pool)
        .await
        .context("cannot read a debt position")?;
    row.as_ref().map(position_from_row).transpose()
}

/// The position a notice number names, if it is ours.
#[tracing::instrument(skip_all)]
pub async fn position_with_notice(pool: &AnyPool, notice_number: &NoticeNumber) -> anyhow::Result<Option<DebtPosition>> {
    let row = sqlx::query(&format!("SELECT {POSITION_COLUMNS} FROM debt_positions WHERE notice_number = $1"))
        .bind(notice_number.to_string())
        .fetch_optional(pool)
        .await
        .context("cannot read a debt position by its notice")?;
    row.as_ref().map(position_from_row).transpose()
}

/// Opens the debt's position with the next notice number, or returns the
/// one already open for it.
#[tracing::instrument(skip_all)]
pub async fn open_debt_position(pool: &AnyPool, segregation: SegregationCode, debt: &NewDebtPosition<'_>) -> anyhow::Result<DebtPosition> {
    if let Some(existing) = position_for_debt(pool, debt.kind, debt.reference).await? {
        return Ok(existing);
    }
    if let Some(plan) = debt.transfers {
        anyhow::ensure!(plan.total() == debt.amount.cents(), "the transfers do not add up to the position's amount");
    }
    let mut transaction = pool.begin().await.context("cannot start opening a debt position")?;
    let base = next_counter_value(&mut transaction, &IUV_BASES, i64::from(segregation.value())).await?;
    let base = u64::try_from(base).context("a negative IUV base")?;
    let notice_number = NoticeNumber::new(segregation, IuvBase::new(base).context("the IUV bases of this segregation code are exhausted")?);
    let id = uuid::Uuid::new_v4().to_string();
    let inserted = sqlx::query(
        "INSERT INTO debt_positions (id, debt_kind, debt_reference, notice_number, iuv, account_id, payer_fiscal_code, payer_name, description, \
         amount_cents, due_on, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
         ON CONFLICT (debt_kind, debt_reference) DO NOTHING",
    )
    .bind(&id)
    .bind(debt.kind.code())
    .bind(debt.reference)
    .bind(notice_number.to_string())
    .bind(notice_number.iuv())
    .bind(debt.account_id)
    .bind(debt.payer_fiscal_code)
    .bind(debt.payer_name)
    .bind(debt.description)
    .bind(i64::try_from(debt.amount.cents()).context("amount")?)
    .bind(debt.due_on.map(|date| date.to_string()))
    .bind(PositionStatus::ToPay.code())
    .bind(now_unix_seconds())
    .execute(&mut *transaction)
    .await
    .context("cannot open a debt position")?
    .rows_affected();
    if inserted == 0 {
        // Opened meanwhile by a concurrent request: its number stands, ours goes back.
        transaction.rollback().await.context("cannot give an unused notice number back")?;
        return position_for_debt(pool, debt.kind, debt.reference).await?.context("a debt position vanished while being opened");
    }
    for (index, transfer) in debt.transfers.map(TransferPlan::transfers).unwrap_or_default().iter().enumerate() {
        let (iban, stamp_document, stamp_province) = match &transfer.destination {
            TransferDestination::BankAccount(iban) => (Some(iban.as_str().to_string()), None, None),
            TransferDestination::StampDuty { document, province } => {
                (None, Some(base64::engine::general_purpose::STANDARD.encode(document.bytes())), Some(province.as_str().to_string()))
            }
        };
        sqlx::query(
            "INSERT INTO debt_position_transfers (position_id, transfer_number, amount_cents, beneficiary_fiscal_code, iban, \
             stamp_document_sha256, stamp_province, remittance, category) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(i64::try_from(index + 1).context("transfer number")?)
        .bind(i64::try_from(transfer.amount.cents()).context("amount")?)
        .bind(transfer.beneficiary.as_str())
        .bind(iban)
        .bind(stamp_document)
        .bind(stamp_province)
        .bind(&transfer.remittance)
        .bind(&transfer.category)
        .execute(&mut *transaction)
        .await
        .context("cannot store a debt position's transfer")?;
    }
    transaction.commit().await.context("cannot commit a debt position")?;
    tracing::info!(kind = debt.kind.code(), "debt position opened");
    Ok(DebtPosition {
        id,
        kind: debt.kind,
        reference: debt.reference.to_string(),
        notice_number,
        account_id: debt.account_id.map(str::to_string),
        payer_fiscal_code: debt.payer_fiscal_code.to_string(),
        payer_name: debt.payer_name.to_string(),
        description: debt.description.to_string(),
        amount: debt.amount,
        due_on: debt.due_on.map(|date| date.to_string()),
        status: PositionStatus::ToPay,
    })
}

/// The transfers stored for a position, in order; empty when the whole
/// amount goes to the treasury account.
#[tracing::instrument(skip_all)]
pub async fn stored_transfers(pool: &AnyPool, position_id: &str) -> anyhow::Result<Vec<Transfer>> {
    let rows = sqlx::query(
        "SELECT amount_cents, beneficiary_fiscal_code, iban, stamp_document_sha256, stamp_province, remittance, category \
         FROM debt_position_transfers WHERE position_id = $1 ORDER BY transfer_number",
    )
    .bind(position_id)
    .fetch_all(pool)
    .await
    .context("cannot read a debt position's transfers")?;
    rows.iter()
        .map(|row| {
            let iban: Option<String> = row.try_get("iban")?;
            let document: Option<String> = row.try_get("stamp_document_sha256")?;
            let province: Option<String> = row.try_get("stamp_province")?;
            let destination = match (iban, document, province) {
                (Some(iban), None, _) => TransferDestination::BankAccount(
                    app::practices::iban::Iban::parse(&iban).map_err(|error| anyhow::anyhow!("a stored IBAN is invalid: {error:?}"))?,
                ),
                (None, Some(document), Some(province)) => {
                    let bytes: [u8; 32] = base64::engine::general_purpose::STANDARD
                        .decode(document)
                        .ok()
                        .and_then(|bytes| bytes.try_into().ok())
                        .context("a stored document digest is not a base64 SHA-256")?;
                    TransferDestination::StampDuty {
                        document: DocumentDigest::from_sha256(bytes),
                        province: ProvinceCode::parse(&province).context("a stored province is invalid")?,
                    }
                }
                _ => anyhow::bail!("a stored transfer has neither an IBAN nor a stamp's document"),
            };
            let beneficiary: String = row.try_get("beneficiary_fiscal_code")?;
            Ok(Transfer {
                amount: AmountInCents::from_cents(row.try_get("amount_cents")?).context("a stored transfer amount is out of bounds")?,
                beneficiary: app::payments::creditor::CreditorFiscalCode::parse(&beneficiary).context("a stored beneficiary is invalid")?,
                destination,
                remittance: row.try_get("remittance")?,
                category: row.try_get("category")?,
            })
        })
        .collect()
}

/// The IUV bases issued per segregation code.
const IUV_BASES: Counter = Counter { table: "iuv_counters", key_column: "segregation_code", value_column: "last_base", name: "the IUV counter" };

/// A change of debt positions' status: every change goes through
/// `change_status`, which knows from which statuses each one may happen and
/// what else it clears or records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusChange {
    /// The node asks to pay: from "to pay", or from a started payment older
    /// than `stale_before` (abandoned); the cart that led here is used up.
    StartPayment { now: i64, stale_before: i64 },
    /// A failed payment, or one abandoned before `started_before` (when
    /// given), frees the position for another attempt.
    FreeStartedPayment { started_before: Option<i64> },
    /// The receipt is the truth: paid, whatever the status was.
    MarkPaid { now: i64 },
    /// Nobody owes it any more (the payer cancelled it, the practice was
    /// withdrawn): only when nobody is paying it.
    Cancel,
    /// Payable only until its due day, which is past: only when nobody is paying it.
    Expire,
}

impl StatusChange {
    pub fn target(self) -> PositionStatus {
        match self {
            StatusChange::StartPayment { .. } => PositionStatus::InProgress,
            StatusChange::FreeStartedPayment { .. } => PositionStatus::ToPay,
            StatusChange::MarkPaid { .. } => PositionStatus::Paid,
            StatusChange::Cancel => PositionStatus::Cancelled,
            StatusChange::Expire => PositionStatus::Expired,
        }
    }
}

/// Which positions a change applies to.
#[derive(Clone, Copy, Debug)]
pub enum PositionsToChange<'a> {
    One {
        id: &'a str,
    },
    /// One position, only if it is this account's.
    OwnedBy {
        id: &'a str,
        account_id: &'a str,
    },
    Debt {
        kind: DebtKind,
        reference: &'a str,
    },
    /// Every position the change may apply to.
    All,
    /// Positions of a kind due before an ISO date.
    DueBefore {
        kind: DebtKind,
        date: &'a str,
    },
}

enum Bound {
    Text(String),
    Number(i64),
}

/// Applies a status change; returns how many positions changed (0 when the
/// status no longer allowed it: of two concurrent changes one wins).
#[tracing::instrument(skip_all)]
pub async fn change_status<'e, E>(executor: E, which: PositionsToChange<'_>, change: StatusChange) -> anyhow::Result<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let mut bound = vec![Bound::Text(change.target().code().to_string())];
    let next = |value: Bound, bound: &mut Vec<Bound>| {
        bound.push(value);
        format!("${}", bound.len())
    };
    let to_pay = PositionStatus::ToPay.code();
    let in_progress = PositionStatus::InProgress.code();
    let (sets, mut conditions) = match change {
        StatusChange::StartPayment { now, stale_before } => {
            let now = next(Bound::Number(now), &mut bound);
            let stale = next(Bound::Number(stale_before), &mut bound);
            (
                format!("payment_started_at = {now}, cart_id = NULL, cart_started_at = NULL"),
                vec![format!("(status = '{to_pay}' OR (status = '{in_progress}' AND payment_started_at <= {stale}))")],
            )
        }
        StatusChange::FreeStartedPayment { started_before } => {
            let mut conditions = vec![format!("status = '{in_progress}'")];
            if let Some(before) = started_before {
                let before = next(Bound::Number(before), &mut bound);
                conditions.push(format!("(payment_started_at IS NULL OR payment_started_at <= {before})"));
            }
            ("payment_started_at = NULL".to_string(), conditions)
        }
        StatusChange::MarkPaid { now } => (format!("paid_at = {}", next(Bound::Number(now), &mut bound)), Vec::new()),
        StatusChange::Cancel | StatusChange::Expire => ("cart_id = NULL, cart_started_at = NULL".to_string(), vec![format!("status = '{to_pay}'")]),
    };
    match which {
        PositionsToChange::One { id } => conditions.push(format!("id = {}", next(Bound::Text(id.to_string()), &mut bound))),
        PositionsToChange::OwnedBy { id, account_id } => {
            conditions.push(format!("id = {}", next(Bound::Text(id.to_string()), &mut bound)));
            conditions.push(format!("account_id = {}", next(Bound::Text(account_id.to_string()), &mut bound)));
        }
        PositionsToChange::Debt { kind, reference } => {
            conditions.push(format!("debt_kind = {}", next(Bound::Text(kind.code().to_string()), &mut bound)));
            conditions.push(format!("debt_reference = {}", next(Bound::Text(reference.to_string()), &mut bound)));
        }
        PositionsToChange::All => {}
        PositionsToChange::DueBefore { kind, date } => {
            conditions.push(format!("debt_kind = {}", next(Bound::Text(kind.code().to_string()), &mut bound)));
            conditions.push(format!("due_on IS NOT NULL AND due_on < {}", next(Bound::Text(date.to_string()), &mut bound)));
        }
    }
    let condition = if conditions.is_empty() { "1 = 1".to_string() } else { conditions.join(" AND ") };
    let sql = format!("UPDATE debt_positions SET status = $1, {sets} WHERE {condition}");
    let mut query = sqlx::query(&sql);
    for value in bound {
        query = match value {
            Bound::Text(text) => query.bind(text),
            Bound::Number(number) => query.bind(number),
        };
    }
    let changed = query.execute(executor).await.with_context(|| format!("cannot change debt positions to {}", change.target().code()))?.rows_affected();
    Ok(changed)
}

/// One of the account's positions (`None`: not theirs, or none).
#[tracing::instrument(skip_all)]
pub async fn owned_position(pool: &AnyPool, id: &app::ids::PositionId, account_id: &str) -> anyhow::Result<Option<DebtPosition>> {
    let id = id.as_str();
    let row = sqlx::query(&format!("SELECT {POSITION_COLUMNS} FROM debt_positions WHERE id = $1 AND account_id = $2"))
        .bind(id)
        .bind(account_id)
        .fetch_optional(pool)
        .await
        .context("cannot read a position")?;
    row.as_ref().map(position_from_row).transpose()
}

/// What the receipt's PDF says about a paid position of the account.
pub struct OwnedReceipt {
    pub position: DebtPosition,
    pub amount_cents: i64,
    pub fee_cents: Option<i64>,
    pub provider_id: String,
    pub provider_name: String,
    pub receipt_id: String,
    pub paid_at_text: Option<String>,
    pub received_at: i64,
}

/// The receipt of one of the account's positions (`None`: not theirs, or not paid).
#[tracing::instrument(skip_all)]
pub async fn owned_receipt(pool: &AnyPool, id: &app::ids::PositionId, account_id: &str) -> anyhow::Result<Option<OwnedReceipt>> {
    let id = id.as_str();
    let columns = POSITION_COLUMNS.split(", ").map(|column| format!("p.{column}")).collect::<Vec<_>>().join(", ");
    let row = sqlx::query(&format!(
        "SELECT {columns}, r.amount_cents AS paid_cents, r.fee_cents, r.psp_id, r.psp_name, r.receipt_id, r.paid_at_text, r.received_at \
         FROM debt_positions p JOIN payment_receipts r ON r.position_id = p.id WHERE p.id = $1 AND p.account_id = $2"
    ))
    .bind(id)
    .bind(account_id)
    .fetch_optional(pool)
    .await
    .context("cannot read a receipt")?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(OwnedReceipt {
        position: position_from_row(&row)?,
        amount_cents: row.try_get("paid_cents")?,
        fee_cents: row.try_get("fee_cents")?,
        provider_id: row.try_get("psp_id")?,
        provider_name: row.try_get("psp_name")?,
        receipt_id: row.try_get("receipt_id")?,
        paid_at_text: row.try_get("paid_at_text")?,
        received_at: row.try_get("received_at")?,
    }))
}
