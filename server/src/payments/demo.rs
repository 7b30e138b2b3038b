//! Demonstration debts (only with SPORTELLO_DEMO_DATA=1): the demo citizen
//! Mario Rossi owes a TARI instalment and a traffic fine, so `./sportello
//! run` has something to pay through the simulator from the first login.

use super::positions::{open_debt_position, NewDebtPosition};
use super::settings::PaymentSettings;
use super::transfer_plans::tari_with_tefa;
use crate::auth::accounts::find_account_by_fiscal_code;
use app::auth::fiscal_code::FiscalCode;
use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use sqlx::AnyPool;

pub const DEMO_DEBTOR_FISCAL_CODE: &str = crate::auth::demo::DEMO_CITIZEN_FISCAL_CODE;

/// Opens the demo debts that are not open yet (idempotent: each debt is
/// opened once per kind and reference, whatever its state now). The TARI
/// instalment carries the province's TEFA as a second transfer.
pub async fn load_demo_debts(pool: &AnyPool, settings: &PaymentSettings, today: time::Date) -> anyhow::Result<()> {
    let fiscal_code = FiscalCode::parse(DEMO_DEBTOR_FISCAL_CODE)?;
    let Some(account) = find_account_by_fiscal_code(pool, &fiscal_code).await? else {
        return Ok(());
    };
    let name = format!("{} {}", account.given_name, account.family_name);
    // Due dates follow the day the demo starts, so the debts are always payable.
    let next_month = today.replace_day(1)?.checked_add(time::Duration::days(40)).unwrap_or(today);
    let instalment_due = next_month.replace_day(16)?;
    let fine_due = today.checked_add(time::Duration::days(60)).unwrap_or(today);
    let debts = [
        (
            DebtKind::TaxInstalment,
            format!("TARI-{}-2", instalment_due.year()),
            format!("TARI {} — seconda rata, utenza domestica di via Madonna 12, Rho", instalment_due.year()),
            14_650,
            instalment_due,
        ),
        (
            DebtKind::Fine,
            format!("VERBALE-{}-004321", today.year()),
            format!("Verbale n. 4321/{} della Polizia locale — sosta vietata (art. 158 del Codice della strada), via Matteotti", today.year()),
            4_200,
            fine_due,
        ),
    ];
    for (kind, reference, description, cents, due_on) in debts {
        let amount = AmountInCents::from_cents(cents)?;
        let transfers = if kind == DebtKind::TaxInstalment { tari_with_tefa(settings, amount, &description)? } else { None };
        open_debt_position(
            pool,
            settings.segregation_code,
            &NewDebtPosition {
                kind,
                reference: &reference,
                account_id: Some(&account.id),
                payer_fiscal_code: fiscal_code.as_str(),
                payer_name: &name,
                description: &description,
                amount,
                due_on: Some(due_on),
                transfers: transfers.as_ref(),
            },
        )
        .await?;
    }
    Ok(())
}
