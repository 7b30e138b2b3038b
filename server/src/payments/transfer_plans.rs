//! The transfer plans the Comune uses when a position's money is not all
//! for its own treasury account: the TARI with the province's TEFA, and the
//! digital stamp duty bound to a document (certificates and applications
//! subject to bollo open these).

use super::positions::{open_debt_position, stored_transfers, DebtPosition, NewDebtPosition};
use super::settings::{PaymentSettings, TEFA_PER_TEN_THOUSAND};
use anyhow::Context;
use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use app::payments::transfers::{split_with_surcharge, DocumentDigest, ProvinceCode, Transfer, TransferDestination, TransferPlan};
use base64::Engine;
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};

/// The stamp's revenue code in pagoPA's taxonomy (imposta di bollo).
const STAMP_DUTY_CATEGORY: &str = "9/0301116TS/";
const TEFA_CATEGORY: &str = "9/0101108TS/";

fn remittance(text: &str) -> String {
    text.chars().take(140).collect()
}

/// A TARI amount (tax and TEFA together) as two transfers: the TARI to
/// the Comune's treasury, the TEFA (5 % of the TARI) to the province's
/// body. `None` when no TEFA body is configured or the amount is too small
/// to split: then the whole amount goes to the treasury.
pub fn tari_with_tefa(settings: &PaymentSettings, total: AmountInCents, description: &str) -> anyhow::Result<Option<TransferPlan>> {
    let Some(tefa_body) = &settings.tefa else { return Ok(None) };
    let (tari, Some(tefa)) = split_with_surcharge(total, TEFA_PER_TEN_THOUSAND) else { return Ok(None) };
    let treasury = app::practices::iban::Iban::parse(&settings.treasury_iban).map_err(|error| anyhow::anyhow!("treasury IBAN: {error:?}"))?;
    let plan = TransferPlan::parse(
        total,
        vec![
            Transfer {
                amount: tari,
                beneficiary: settings.creditor_fiscal_code.clone(),
                destination: TransferDestination::BankAccount(treasury),
                remittance: remittance(description),
                category: DebtKind::TaxInstalment.transfer_category().to_string(),
            },
            Transfer {
                amount: tefa,
                beneficiary: tefa_body.fiscal_code.clone(),
                destination: TransferDestination::BankAccount(tefa_body.iban.clone()),
                remittance: remittance(&format!("TEFA 5% — {description}")),
                category: TEFA_CATEGORY.to_string(),
            },
        ],
    )?;
    Ok(Some(plan))
}

/// A digital stamp duty (marca da bollo digitale) for one document.
pub struct NewStampDuty<'a> {
    /// What the stamp is for within its capability (a certificate's id…).
    pub reference: &'a str,
    pub account_id: Option<&'a str>,
    pub payer_fiscal_code: &'a str,
    pub payer_name: &'a str,
    pub payer_province: &'a ProvinceCode,
    /// The document exactly as it will be kept: the stamp is bound to its SHA-256.
    pub document: &'a [u8],
    pub description: &'a str,
    /// 16,00 € for a certificate or an application.
    pub amount: AmountInCents,
}

/// Opens the stamp duty's position: one transfer asking the payment
/// provider for a digital stamp bound to the document (`richiestaMarcaDaBollo`);
/// the stamp comes back with the receipt and is kept (`payment_stamps`).
#[tracing::instrument(skip_all)]
pub async fn open_stamp_duty(pool: &AnyPool, settings: &PaymentSettings, stamp: &NewStampDuty<'_>) -> anyhow::Result<DebtPosition> {
    let digest = DocumentDigest::from_sha256(Sha256::digest(stamp.document).into());
    let plan = TransferPlan::parse(
        stamp.amount,
        vec![Transfer {
            amount: stamp.amount,
            beneficiary: settings.creditor_fiscal_code.clone(),
            destination: TransferDestination::StampDuty { document: digest, province: stamp.payer_province.clone() },
            remittance: remittance(&format!("Imposta di bollo — {}", stamp.description)),
            category: STAMP_DUTY_CATEGORY.to_string(),
        }],
    )
    .context("a stamp duty's transfer")?;
    open_debt_position(
        pool,
        settings.segregation_code,
        &NewDebtPosition {
            kind: DebtKind::StampDuty,
            reference: stamp.reference,
            account_id: stamp.account_id,
            payer_fiscal_code: stamp.payer_fiscal_code,
            payer_name: stamp.payer_name,
            description: stamp.description,
            amount: stamp.amount,
            due_on: None,
            transfers: Some(&plan),
        },
    )
    .await
}

/// How a paid position's money was shared, one line per transfer, for the
/// receipt: who received what, and for a stamp its identifier and the
/// document's digest. Empty when the whole amount went to the treasury.
#[tracing::instrument(skip_all)]
pub async fn receipt_share_lines(pool: &AnyPool, settings: &PaymentSettings, position_id: &str) -> anyhow::Result<Vec<String>> {
    let transfers = stored_transfers(pool, position_id).await?;
    if transfers.is_empty() {
        return Ok(Vec::new());
    }
    let stamps = sqlx::query("SELECT transfer_number, stamp_identifier FROM payment_stamps WHERE position_id = $1")
        .bind(position_id)
        .fetch_all(pool)
        .await
        .context("cannot read a position's digital stamps")?
        .iter()
        .map(|row| anyhow::Ok((row.try_get::<i64, _>("transfer_number")?, row.try_get::<String, _>("stamp_identifier")?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let body_name = |fiscal_code: &app::payments::creditor::CreditorFiscalCode| {
        if fiscal_code == &settings.creditor_fiscal_code {
            settings.creditor_name.clone()
        } else if let Some(tefa) = settings.tefa.as_ref().filter(|tefa| &tefa.fiscal_code == fiscal_code) {
            tefa.name.clone()
        } else {
            format!("ente con codice fiscale {fiscal_code}")
        }
    };
    Ok(transfers
        .iter()
        .enumerate()
        .map(|(index, transfer)| match &transfer.destination {
            TransferDestination::BankAccount(iban) => {
                format!("{} a {} (IBAN {}): {}", transfer.amount.italian(), body_name(&transfer.beneficiary), iban.printed(), transfer.remittance)
            }
            TransferDestination::StampDuty { document, .. } => {
                let number = i64::try_from(index + 1).unwrap_or(0);
                let stamp =
                    stamps.iter().find(|(stamp_number, _)| *stamp_number == number).map_or("non ancora ricevuta", |(_, identifier)| identifier.as_str());
                format!(
                    "{} imposta di bollo assolta con marca da bollo digitale n. {stamp}, impronta SHA-256 del documento {}",
                    transfer.amount.italian(),
                    base64::engine::general_purpose::STANDARD.encode(document.bytes())
                )
            }
        })
        .collect())
}
