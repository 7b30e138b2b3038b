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
pub async fn position_for_debt(pool: &AnyPool, kind: DebtKind, reference: &str) -> anyhow::Result<Option<DebtPosition>> {
    let row = sqlx::query(&format!("SELECT {POSITION_COLUMNS} FROM debt_positions WHERE debt_kind = $1 AND debt_reference = $2"))
        .bind(kind.code())
        .bind(reference)
        .fetch_optional(pool)
        .await
        .context("cannot read a debt position")?;
    row.as_ref().map(position_from_row).transpose()
}

/// Opens the debt's position with the next notice number, or returns the
/// one already open for it.
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
