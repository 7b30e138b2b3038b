//! A procedure's fee as a debt position: opened when the practice is filed
//! (the practice is the debt's reference, so a repeated filing — double
//! click, refresh, retry — finds the same notice), owned by the citizen who
//! filed it, for the amount the procedure computes from the filed answers.

use super::positions::{open_debt_position, DebtPosition, NewDebtPosition};
use anyhow::Context;
use app::auth::model::CurrentUser;
use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use app::payments::notice_number::SegregationCode;
use app::practices::answers::Answers;
use app::practices::procedure::ProcedureDefinition;
use app::practices::protocol_number::ProtocolNumber;
use sqlx::AnyPool;

/// The fee's notice of a filed practice; None when the procedure is free.
pub async fn open_practice_fee(
    pool: &AnyPool,
    segregation_code: SegregationCode,
    filer: &CurrentUser,
    practice_id: &str,
    protocol_number: &ProtocolNumber,
    definition: &ProcedureDefinition,
    filed_answers: &Answers,
) -> anyhow::Result<Option<DebtPosition>> {
    let (Some(fee), Some(cents)) = (&definition.fee, app::practices::validation::fee_in_cents(definition, filed_answers)) else { return Ok(None) };
    let amount = AmountInCents::from_cents(cents).with_context(|| format!("the fee of {} computes to {cents} cents", definition.slug))?;
    let description = format!("{} — pratica n. {protocol_number}", fee.reason());
    let debt = NewDebtPosition {
        kind: DebtKind::PracticeFee,
        reference: practice_id,
        account_id: Some(&filer.account_id),
        payer_fiscal_code: filer.fiscal_code.as_str(),
        payer_name: &filer.full_name(),
        description: &description,
        amount,
        due_on: None,
    };
    open_debt_position(pool, segregation_code, &debt).await.map(Some)
}
