//! Reconciliation: a payment that started (paGetPayment) and got no receipt
//! within the hold time is not left hanging. The node would have sent the
//! receipt by then, or will send it later — a late receipt is still taken,
//! whatever the position's state — so the position is freed for another
//! attempt. A run also closes as expired the notices whose kind is payable
//! only until the due day (a fine's reduced amount), once that day is past
//! in Rome. Every run is recorded in `reconciliation_runs`.

use super::positions::{change_status, PositionsToChange, StatusChange};
use crate::auth::tokens::now_unix_seconds;
use anyhow::Context;
use app::payments::model::DebtKind;
use sqlx::AnyPool;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReconciliationRun {
    pub examined: u64,
    pub freed: u64,
    pub expired: u64,
}

#[tracing::instrument(skip_all)]
pub async fn reconcile_started_payments(pool: &AnyPool, hold_seconds: i64, now: i64) -> anyhow::Result<ReconciliationRun> {
    let stale_before = now - hold_seconds;
    let examined: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM debt_positions WHERE status = 'in_progress'")
        .fetch_one(pool)
        .await
        .context("cannot count started payments")?;
    // Conditional on the same staleness: a receipt arriving meanwhile wins.
    let freed = change_status(pool, PositionsToChange::All, StatusChange::FreeStartedPayment { started_before: Some(stale_before) })
        .await
        .context("cannot free stale payments")?;
    let expired = expire_past_due(pool, now).await?;
    sqlx::query("INSERT INTO reconciliation_runs (id, started_at, finished_at, examined, freed, expired) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(now)
        .bind(now_unix_seconds())
        .bind(examined)
        .bind(i64::try_from(freed).unwrap_or(i64::MAX))
        .bind(i64::try_from(expired).unwrap_or(i64::MAX))
        .execute(pool)
        .await
        .context("cannot record a reconciliation run")?;
    let run = ReconciliationRun { examined: u64::try_from(examined).unwrap_or(0), freed, expired };
    tracing::info!(examined = run.examined, freed = run.freed, expired = run.expired, "payments reconciled");
    Ok(run)
}

/// Closes the notices payable only until their due day once that day is
/// past (Rome's date at `now`). Only notices nobody is paying: one held by a
/// started payment waits for its receipt or for being freed first, and a
/// receipt that arrives anyway is still taken.
async fn expire_past_due(pool: &AnyPool, now: i64) -> anyhow::Result<u64> {
    let today = app::practices::calendar::rome_date_of_unix_seconds(now).to_string();
    let mut expired = 0;
    for kind in DebtKind::ALL.into_iter().filter(|kind| kind.payable_only_until_due()) {
        expired +=
            change_status(pool, PositionsToChange::DueBefore { kind, date: &today }, StatusChange::Expire).await.context("cannot close expired notices")?;
    }
    Ok(expired)
}

/// Runs reconciliation every `interval_seconds` until shutdown.
#[tracing::instrument(skip_all)]
pub async fn run_reconciliation_job(pool: AnyPool, hold_seconds: i64, interval_seconds: u64, shutdown: tokio::sync::watch::Receiver<bool>) {
    crate::jobs::run_every(interval_seconds, "reconciliation failed; it runs again at the next tick", shutdown, || {
        reconcile_started_payments(&pool, hold_seconds, now_unix_seconds())
    })
    .await
}
