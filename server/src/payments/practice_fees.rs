//! A procedure's fee as a debt position, owned by the citizen. Paid after
//! filing: opened when the practice is filed (the practice is the debt's
//! reference, so a repeated filing — double click, refresh, retry — finds
//! the same notice), for the amount the procedure computes from the filed
//! answers. Paid before filing (fixed fees only): opened from the "check your
//! answers" page with the draft as the reference, and the draft is filed
//! only once that notice is paid.

use super::positions::{open_debt_position, position_for_debt, DebtPosition, NewDebtPosition};
use anyhow::Context;
use app::auth::model::CurrentUser;
use app::payments::amount::AmountInCents;
use app::payments::model::{DebtKind, PositionStatus};
use app::payments::notice_number::SegregationCode;
use app::practices::answers::Answers;
use app::practices::procedure::{FeePayment, ProcedureDefinition};
use app::practices::protocol_number::ProtocolNumber;
use sqlx::AnyPool;

/// The fee's notice of a filed practice; None when the procedure is free
/// or its fee is paid before filing.
#[tracing::instrument(skip_all)]
pub async fn open_practice_fee(
    pool: &AnyPool,
    segregation_code: SegregationCode,
    filer: &CurrentUser,
    practice_id: &str,
    protocol_number: &ProtocolNumber,
    definition: &ProcedureDefinition,
    filed_answers: &Answers,
) -> anyhow::Result<Option<DebtPosition>> {
    let debt = FeeDebt { moment: FeePayment::AfterFiling, reference: practice_id, object: &format!("pratica n. {protocol_number}") };
    open_fee(pool, segregation_code, filer, definition, filed_answers, &debt).await
}

/// How the debt reference of a fee paid before filing begins; the draft's id follows.
pub const DRAFT_FEE_REFERENCE_PREFIX: &str = "bozza:";

pub fn draft_fee_reference(draft_id: &str) -> String {
    format!("{DRAFT_FEE_REFERENCE_PREFIX}{draft_id}")
}

/// The notice of a fee paid before filing; None when the procedure has no
/// such fee. Opened once per draft (a second "Paga online" finds it).
#[tracing::instrument(skip_all)]
pub async fn open_fee_before_filing(
    pool: &AnyPool,
    segregation_code: SegregationCode,
    filer: &CurrentUser,
    draft_id: &str,
    definition: &ProcedureDefinition,
    answers: &Answers,
) -> anyhow::Result<Option<DebtPosition>> {
    let reference = draft_fee_reference(draft_id);
    let debt = FeeDebt { moment: FeePayment::BeforeFiling, reference: &reference, object: &definition.title };
    open_fee(pool, segregation_code, filer, definition, answers, &debt).await
}

/// Which fee notice: paid when, its debt reference, and what its object names after the reason.
struct FeeDebt<'a> {
    moment: FeePayment,
    reference: &'a str,
    object: &'a str,
}

/// The procedure's fee as the citizen's debt, when the procedure's fee is paid at `debt.moment`.
async fn open_fee(
    pool: &AnyPool,
    segregation_code: SegregationCode,
    filer: &CurrentUser,
    definition: &ProcedureDefinition,
    answers: &Answers,
    debt: &FeeDebt<'_>,
) -> anyhow::Result<Option<DebtPosition>> {
    let (Some(fee), Some(cents)) = (&definition.fee, app::practices::validation::fee_in_cents(definition, answers)) else { return Ok(None) };
    if fee.paid() != debt.moment {
        return Ok(None);
    }
    let amount = AmountInCents::from_cents(cents).with_context(|| format!("the fee of {} computes to {cents} cents", definition.slug))?;
    let description = format!("{} — {}", fee.reason(), debt.object);
    let position = NewDebtPosition {
        kind: DebtKind::PracticeFee,
        reference: debt.reference,
        account_id: Some(&filer.account_id),
        payer_fiscal_code: filer.fiscal_code.as_str(),
        payer_name: &filer.full_name(),
        description: &description,
        amount,
        due_on: None,
        transfers: None,
    };
    open_debt_position(pool, segregation_code, &position).await.map(Some)
}

/// Whether a draft may be filed as far as its fee goes: free, paid after
/// filing, or paid before and pagoPA's receipt has arrived.
#[tracing::instrument(skip_all)]
pub async fn fee_allows_filing(pool: &AnyPool, draft_id: &str, definition: &ProcedureDefinition) -> anyhow::Result<bool> {
    if definition.fee.as_ref().is_none_or(|fee| fee.paid() != FeePayment::BeforeFiling) {
        return Ok(true);
    }
    let position = position_for_debt(pool, DebtKind::PracticeFee, &draft_fee_reference(draft_id)).await.context("cannot read a draft's fee")?;
    Ok(position.is_some_and(|position| position.status == PositionStatus::Paid))
}

/// A withdrawn practice owes nothing more: its fee's notice, when nobody is
/// paying it, is cancelled in the withdrawal's own transaction (the node
/// then answers PAA_PAGAMENTO_ANNULLATO). A payment already started is left
/// to finish: its receipt is still taken, and the office refunds it.
#[tracing::instrument(skip_all)]
pub async fn cancel_unpaid_practice_fee<'e, E>(executor: E, practice_id: &str) -> anyhow::Result<u64>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let cancelled = super::positions::change_status(
        executor,
        super::positions::PositionsToChange::Debt { kind: DebtKind::PracticeFee, reference: practice_id },
        super::positions::StatusChange::Cancel,
    )
    .await
    .context("cannot cancel a withdrawn practice's fee")?;
    Ok(cancelled)
}
