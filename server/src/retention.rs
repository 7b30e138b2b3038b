//! Retention enforced, not only written in the privacy notice: a job erases
//! what is past its retention and records each run in `retention_runs`.
//! Filed practices, receipts and the audit log are records the Comune must
//! keep (its archive's retention plan); only working data expires here.

use crate::auth::sessions::{ABSOLUTE_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS};
use anyhow::Context;
use sqlx::AnyPool;

/// A draft never filed is erased this long after its last change, with its
/// attachments.
pub const UNFILED_DRAFT_RETENTION_SECONDS: i64 = 90 * 86_400;
/// Login throttle rows and SPID authentication requests serve for minutes;
/// they are kept one day after they stop counting, for incident analysis.
pub const SHORT_LIVED_RETENTION_SECONDS: i64 = 86_400;
/// How often the job runs.
pub const RETENTION_INTERVAL_SECONDS: u64 = 3_600;

/// How many rows one run erased, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RetentionRun {
    pub unfiled_drafts: u64,
    pub file_contents: u64,
    pub sessions: u64,
    pub throttle_rows: u64,
    pub one_time_codes: u64,
    pub spid_requests: u64,
    /// Photos uploaded with a report never sent.
    pub unfiled_report_photos: u64,
}

/// Erases what is past its retention at `now` (unix seconds), in one
/// transaction, and records the run.
#[tracing::instrument(skip_all)]
pub async fn enforce_retention(pool: &AnyPool, now: i64) -> anyhow::Result<RetentionRun> {
    let mut transaction = pool.begin().await.context("cannot start the retention transaction")?;
    let mut run = RetentionRun::default();
    let draft_limit = now - UNFILED_DRAFT_RETENTION_SECONDS;
    let short_lived_limit = now - SHORT_LIVED_RETENTION_SECONDS;
    erase(
        &mut transaction,
        "DELETE FROM draft_attachments WHERE draft_id IN (SELECT id FROM practice_drafts WHERE submitted_practice_id IS NULL AND updated_at < $1)",
        &[draft_limit],
        "the attachments of old drafts",
    )
    .await?;
    run.unfiled_drafts =
        erase(&mut transaction, "DELETE FROM practice_drafts WHERE submitted_practice_id IS NULL AND updated_at < $1", &[draft_limit], "old drafts").await?;
    // A file is kept while a draft or a practice refers to it. (An upload of
    // the same bytes at the very moment its last reference goes fails and is
    // tried again by the citizen: the job runs hourly.)
    run.file_contents = erase(
        &mut transaction,
        "DELETE FROM attachment_contents WHERE sha256 NOT IN (SELECT sha256 FROM draft_attachments) \
         AND sha256 NOT IN (SELECT sha256 FROM practice_documents)",
        &[],
        "unreferenced files",
    )
    .await?;
    run.sessions = erase(
        &mut transaction,
        "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
        &[now - IDLE_TIMEOUT_SECONDS, now - ABSOLUTE_TIMEOUT_SECONDS],
        "ended sessions",
    )
    .await?;
    run.throttle_rows =
        erase(&mut transaction, "DELETE FROM login_throttle WHERE locked_until < $1 AND window_started_at < $1", &[short_lived_limit], "old throttle rows")
            .await?;
    run.one_time_codes = erase(&mut transaction, "DELETE FROM email_verifications WHERE expires_at < $1", &[now], "expired verification codes").await?
        + erase(&mut transaction, "DELETE FROM password_reset_links WHERE expires_at < $1", &[now], "expired reset links").await?;
    run.spid_requests = erase(&mut transaction, "DELETE FROM spid_authn_requests WHERE issued_at < $1", &[short_lived_limit], "old SPID requests").await?;
    run.unfiled_report_photos = erase(
        &mut transaction,
        "DELETE FROM report_photos WHERE report_number IS NULL AND created_at < $1",
        &[short_lived_limit],
        "photos of reports never sent",
    )
    .await?;
    let count = |value: u64| i64::try_from(value).unwrap_or(i64::MAX);
    sqlx::query(
        "INSERT INTO retention_runs (id, ran_at, unfiled_drafts, file_contents, sessions, throttle_rows, one_time_codes, spid_requests, \
         unfiled_report_photos) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(now)
    .bind(count(run.unfiled_drafts))
    .bind(count(run.file_contents))
    .bind(count(run.sessions))
    .bind(count(run.throttle_rows))
    .bind(count(run.one_time_codes))
    .bind(count(run.spid_requests))
    .bind(count(run.unfiled_report_photos))
    .execute(&mut *transaction)
    .await
    .context("cannot record the retention run")?;
    transaction.commit().await.context("cannot commit the retention run")?;
    Ok(run)
}

/// One erasing statement of a run, with its time bounds bound in order.
async fn erase(transaction: &mut sqlx::Transaction<'_, sqlx::Any>, statement: &str, bounds: &[i64], what: &str) -> anyhow::Result<u64> {
    let mut query = sqlx::query(statement);
    for bound in bounds {
        query = query.bind(*bound);
    }
    Ok(query.execute(&mut **transaction).await.with_context(|| format!("cannot erase {what}"))?.rows_affected())
}

/// Runs `enforce_retention` at start and then every `interval_seconds`,
/// with the server's clock, until shutdown.
pub async fn run_retention_job(pool: AnyPool, clock: crate::clock::Clock, interval_seconds: u64, shutdown: tokio::sync::watch::Receiver<bool>) {
    crate::jobs::run_every(interval_seconds, "the retention run failed; it runs again at the next tick", shutdown, || {
        enforce_retention(&pool, clock.now_unix_seconds())
    })
    .await
}
