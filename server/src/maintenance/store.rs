//! The maintenance windows on record: scheduled, and cancelled (which stay,
//! with who cancelled them, and no longer count).

use anyhow::Context;
use app::maintenance::model::{AcceptedWindow, MaintenanceWindow};
use sqlx::{AnyPool, Row};

/// A window with whether it was cancelled.
pub struct WindowRecord {
    pub window: MaintenanceWindow,
    pub cancelled: bool,
}

fn window_of(row: &sqlx::any::AnyRow) -> Result<WindowRecord, sqlx::Error> {
    Ok(WindowRecord {
        window: MaintenanceWindow {
            id: row.try_get("id")?,
            starts_at: row.try_get("starts_at")?,
            ends_at: row.try_get("ends_at")?,
            reason: row.try_get("reason")?,
            over_budget: row.try_get::<i64, _>("over_budget")? != 0,
        },
        cancelled: row.try_get::<Option<i64>, _>("cancelled_at")?.is_some(),
    })
}

/// Every window, cancelled ones too, newest start first.
#[tracing::instrument(skip_all)]
pub async fn all_windows(pool: &AnyPool) -> anyhow::Result<Vec<WindowRecord>> {
    let rows = sqlx::query("SELECT id, starts_at, ends_at, reason, over_budget, cancelled_at FROM maintenance_windows ORDER BY starts_at DESC")
        .fetch_all(pool)
        .await
        .context("cannot read the maintenance windows")?;
    rows.iter().map(window_of).collect::<Result<_, _>>().context("cannot read a maintenance window")
}

/// The windows that count (not cancelled), in start order.
#[tracing::instrument(skip_all)]
pub async fn scheduled_windows(pool: &AnyPool) -> anyhow::Result<Vec<MaintenanceWindow>> {
    let mut windows: Vec<MaintenanceWindow> = all_windows(pool).await?.into_iter().filter(|record| !record.cancelled).map(|record| record.window).collect();
    windows.sort_by_key(|window| window.starts_at);
    Ok(windows)
}

#[tracing::instrument(skip_all)]
pub async fn schedule_window(pool: &AnyPool, window: &AcceptedWindow, administrator: &str, now: i64) -> anyhow::Result<String> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    sqlx::query(
        "INSERT INTO maintenance_windows (id, starts_at, ends_at, reason, over_budget, scheduled_at, scheduled_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(window.starts_at)
    .bind(window.ends_at)
    .bind(&window.reason)
    .bind(i64::from(window.over_budget))
    .bind(now)
    .bind(administrator)
    .execute(pool)
    .await
    .context("cannot schedule a maintenance window")?;
    Ok(id)
}

/// Cancels a window that has not started; false when there is none such
/// (unknown, under way, over, or cancelled already).
#[tracing::instrument(skip_all)]
pub async fn cancel_window(pool: &AnyPool, id: &str, administrator: &str, now: i64) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE maintenance_windows SET cancelled_at = $1, cancelled_by = $2 WHERE id = $3 AND cancelled_at IS NULL AND starts_at > $1")
        .bind(now)
        .bind(administrator)
        .bind(id)
        .execute(pool)
        .await
        .context("cannot cancel a maintenance window")?;
    Ok(done.rows_affected() == 1)
}
