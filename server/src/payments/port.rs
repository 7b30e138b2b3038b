//! The payments port of the pages: the person's positions and carts, read
//! with sqlx, only ever the asking person's own; and the public check of a
//! notice, which tells its state and nothing else.

use anyhow::Context;
use app::auth::model::CurrentUser;
use app::payments::amount::AmountInCents;
use app::payments::model::{CartOutcome, DebtKind, PaymentLookup, PaymentView, PositionStatus};
use app::payments::notice_number::NoticeNumber;
use app::practices::calendar::{italian_date, italian_date_time_of_unix_seconds};
use sqlx::{AnyPool, Row};

pub struct SqlPaymentsPort {
    pub pool: AnyPool,
    pub settings: super::settings::PaymentSettings,
    /// Proxies whose `X-Forwarded-For` is believed (the public check is limited per client).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

const VIEW_COLUMNS: &str = "p.id, p.debt_kind, p.description, p.amount_cents, p.notice_number, p.due_on, p.status, p.paid_at, r.psp_name";

fn payment_view(row: &sqlx::any::AnyRow) -> anyhow::Result<PaymentView> {
    let status: String = row.try_get("status")?;
    let notice: String = row.try_get("notice_number")?;
    let due_on: Option<String> = row.try_get("due_on")?;
    let paid_at: Option<i64> = row.try_get("paid_at")?;
    let kind: String = row.try_get("debt_kind")?;
    let status = PositionStatus::from_code(&status).context("stored status")?;
    let cancellable = status == PositionStatus::ToPay && DebtKind::from_code(&kind).is_some_and(DebtKind::cancellable_by_payer);
    Ok(PaymentView {
        id: row.try_get("id")?,
        description: row.try_get("description")?,
        amount: AmountInCents::from_cents(row.try_get("amount_cents")?).context("stored amount")?.italian(),
        notice_number: NoticeNumber::parse(&notice).context("stored notice number")?.grouped(),
        due_on: due_on.as_deref().and_then(app::practices::validation::parse_date).map(italian_date),
        status,
        paid_at: paid_at.map(italian_date_time_of_unix_seconds),
        provider: row.try_get("psp_name")?,
        cancellable,
    })
}

/// A procedure's fee by its debt reference (the practice, or the draft when
/// paid before filing: see `practice_fees.rs`), as its owner and the office see it.
pub async fn practice_fee_view(pool: &AnyPool, references: &[&str]) -> anyhow::Result<Option<PaymentView>> {
    let sql = format!(
        "SELECT {VIEW_COLUMNS} FROM debt_positions p LEFT JOIN payment_receipts r ON r.position_id = p.id \
         WHERE p.debt_kind = $1 AND p.debt_reference = $2"
    );
    for reference in references {
        let row = sqlx::query(&sql).bind(DebtKind::PracticeFee.code()).bind(*reference).fetch_optional(pool).await.context("cannot read a practice's fee")?;
        if let Some(row) = row {
            return payment_view(&row).map(Some);
        }
    }
    Ok(None)
}

impl SqlPaymentsPort {
    async fn views(&self, sql: &str, account_id: &str, cart_id: Option<&str>) -> anyhow::Result<Vec<PaymentView>> {
        let mut query = sqlx::query(sql).bind(account_id.to_string());
        if let Some(cart_id) = cart_id {
            query = query.bind(cart_id.to_string());
        }
        let rows = query.fetch_all(&self.pool).await.context("cannot read payments")?;
        rows.iter().map(payment_view).collect()
    }
}

#[async_trait::async_trait]
impl app::payments::ssr::PaymentsPort for SqlPaymentsPort {
    async fn my_payments(&self, owner: &CurrentUser) -> Result<Vec<PaymentView>, String> {
        let sql = format!(
            "SELECT {VIEW_COLUMNS} FROM debt_positions p LEFT JOIN payment_receipts r ON r.position_id = p.id \
             WHERE p.account_id = $1 ORDER BY p.created_at DESC, p.notice_number DESC"
        );
        self.views(&sql, &owner.account_id, None).await.map_err(|error| format!("{error:#}"))
    }

    async fn cart_outcome(&self, owner: &CurrentUser, cart_id: &str) -> Result<Option<CartOutcome>, String> {
        // An address that names no cart of ours is simply not found.
        let Ok(cart_id) = app::ids::CartId::parse(cart_id) else { return Ok(None) };
        let cart_id = cart_id.as_str();
        // The cart's positions: those it claimed, or (once the node started
        // or finished paying, which ends the claim) those it was made for.
        let owned: Option<String> = sqlx::query_scalar("SELECT id FROM checkout_carts WHERE id = $1 AND account_id = $2")
            .bind(cart_id)
            .bind(owner.account_id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(|error| format!("{error:#}"))?;
        if owned.is_none() {
            return Ok(None);
        }
        let sql = format!(
            "SELECT {VIEW_COLUMNS} FROM debt_positions p LEFT JOIN payment_receipts r ON r.position_id = p.id \
             WHERE p.account_id = $1 AND p.id IN (SELECT position_id FROM cart_positions WHERE cart_id = $2) ORDER BY p.notice_number"
        );
        let positions = self.views(&sql, &owner.account_id, Some(cart_id)).await.map_err(|error| format!("{error:#}"))?;
        // A fee paid before filing: the way back is the application's summary.
        let draft_reference: Option<String> = sqlx::query_scalar(
            "SELECT debt_reference FROM debt_positions WHERE debt_kind = $1 AND debt_reference LIKE $2 \
             AND id IN (SELECT position_id FROM cart_positions WHERE cart_id = $3)",
        )
        .bind(DebtKind::PracticeFee.code())
        .bind(format!("{}%", super::practice_fees::DRAFT_FEE_REFERENCE_PREFIX))
        .bind(cart_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|error| format!("{error:#}"))?;
        let return_to = draft_reference
            .and_then(|reference| reference.strip_prefix(super::practice_fees::DRAFT_FEE_REFERENCE_PREFIX).map(str::to_string))
            .map(|draft_id| app::practices::wizard_pages::draft_step_path(&draft_id, app::practices::wizard_pages::CHECK_ANSWERS_SEGMENT));
        Ok(Some(CartOutcome { positions, return_to }))
    }

    async fn public_lookup(&self, creditor_fiscal_code: &str, notice_number: &str, request: &axum::http::request::Parts) -> Result<PaymentLookup, String> {
        use crate::auth::throttle;
        let failure = |error: anyhow::Error| format!("{error:#}");
        let client = crate::http::client_address::client_address_of(request, &self.trusted_proxies);
        let key = format!("payment-lookup:{client}");
        if throttle::locked_for_seconds(&self.pool, &key).await.map_err(failure)?.is_some() {
            return Ok(PaymentLookup::TooManyRequests);
        }
        throttle::record_failure(&self.pool, &key, throttle::PUBLIC_LOOKUPS_PER_ADDRESS).await.map_err(failure)?;
        let typed_creditor: String = creditor_fiscal_code.chars().filter(|character| !character.is_whitespace()).collect();
        if typed_creditor != self.settings.creditor_fiscal_code.as_str() {
            return Ok(PaymentLookup::NotFound);
        }
        let Ok(notice) = NoticeNumber::parse(notice_number) else { return Ok(PaymentLookup::NotFound) };
        if notice.segregation_code() != self.settings.segregation_code {
            return Ok(PaymentLookup::NotFound);
        }
        let status: Option<String> = sqlx::query_scalar("SELECT status FROM debt_positions WHERE notice_number = $1")
            .bind(notice.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(|error| format!("cannot read a position's status: {error}"))?;
        Ok(match status {
            None => PaymentLookup::NotFound,
            Some(code) => PaymentLookup::Found {
                notice_number: notice.grouped(),
                status: PositionStatus::from_code(&code).ok_or_else(|| format!("unknown position status {code}"))?,
            },
        })
    }
}
