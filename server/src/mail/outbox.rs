//! The outbox table: enqueue in the request, claim and settle in the worker.

use crate::auth::tokens::now_unix_seconds;
use anyhow::Context;
use sqlx::{AnyPool, Row};
use std::sync::Arc;
use tokio::sync::Notify;

/// A message to queue. Plain text: every mail client shows it, and a link
/// in it is visibly the link it claims to be.
pub struct OutgoingMessage<'a> {
    /// Whose message this is (for the personal-data export); None for mail
    /// about no account.
    pub account_id: Option<&'a str>,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// Queues messages and wakes the delivery worker.
#[derive(Clone)]
pub struct Outbox {
    pool: AnyPool,
    wake_worker: Arc<Notify>,
}

impl Outbox {
    pub fn new(pool: AnyPool) -> Outbox {
        Outbox { pool, wake_worker: Arc::new(Notify::new()) }
    }

    pub fn worker_wake_up(&self) -> Arc<Notify> {
        self.wake_worker.clone()
    }

    pub async fn enqueue(&self, message: &OutgoingMessage<'_>) -> anyhow::Result<()> {
        let now = now_unix_seconds();
        sqlx::query(
            "INSERT INTO outgoing_mail (id, account_id, recipient, subject, body, created_at, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        // Version 7: ids sort in the order messages were queued.
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(message.account_id)
        .bind(message.recipient)
        .bind(message.subject)
        .bind(message.body)
        .bind(now)
        .bind(now)
        .execute(&self.pool)
        .await
        .context("cannot queue an outgoing message")?;
        // A stored permit: the worker runs again even if it is busy right now.
        self.wake_worker.notify_one();
        Ok(())
    }
}

/// A queued or delivered message as stored.
#[derive(Clone, Debug)]
pub struct QueuedMessage {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub attempts: i64,
    pub sent_at: Option<i64>,
}

fn queued_message_from_row(row: &sqlx::any::AnyRow) -> anyhow::Result<QueuedMessage> {
    Ok(QueuedMessage {
        id: row.try_get("id")?,
        recipient: row.try_get("recipient")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        created_at: row.try_get("created_at")?,
        attempts: row.try_get("attempts")?,
        sent_at: row.try_get("sent_at")?,
    })
}

const MESSAGE_COLUMNS: &str = "id, recipient, subject, body, created_at, attempts, sent_at";

/// The newest messages first (the development outbox page).
#[tracing::instrument(skip_all)]
pub async fn recent_messages(pool: &AnyPool, limit: i64) -> anyhow::Result<Vec<QueuedMessage>> {
    let rows = sqlx::query(&format!("SELECT {MESSAGE_COLUMNS} FROM outgoing_mail ORDER BY id DESC LIMIT $1"))
        .bind(limit)
        .fetch_all(pool)
        .await
        .context("cannot read the outbox")?;
    rows.iter().map(queued_message_from_row).collect()
}

/// The messages of one account, for its personal-data export (no bodies:
/// they are erased once delivered and may hold one-time codes until then).
#[tracing::instrument(skip_all)]
pub async fn messages_of_account(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<QueuedMessage>> {
    let rows = sqlx::query(&format!("SELECT {MESSAGE_COLUMNS} FROM outgoing_mail WHERE account_id = $1 ORDER BY id"))
        .bind(account_id)
        .fetch_all(pool)
        .await
        .context("cannot read an account's messages")?;
    rows.iter().map(queued_message_from_row).collect()
}

/// Claims up to `limit` due messages for `lease_seconds`. The claim is a
/// conditional update, so of two workers racing for a message one wins.
#[tracing::instrument(skip_all)]
pub async fn claim_due_messages(pool: &AnyPool, limit: i64, lease_seconds: i64) -> anyhow::Result<Vec<QueuedMessage>> {
    let now = now_unix_seconds();
    let candidates = sqlx::query(&format!(
        "SELECT {MESSAGE_COLUMNS} FROM outgoing_mail
         WHERE sent_at IS NULL AND next_attempt_at <= $1 AND claimed_until <= $1
         ORDER BY next_attempt_at, id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await
    .context("cannot read due messages")?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for row in &candidates {
        let message = queued_message_from_row(row)?;
        let won = sqlx::query("UPDATE outgoing_mail SET claimed_until = $1 WHERE id = $2 AND sent_at IS NULL AND claimed_until <= $3")
            .bind(now + lease_seconds)
            .bind(&message.id)
            .bind(now)
            .execute(pool)
            .await
            .context("cannot claim a message")?
            .rows_affected()
            == 1;
        if won {
            claimed.push(message);
        }
    }
    Ok(claimed)
}

#[tracing::instrument(skip_all)]
pub async fn mark_delivered(pool: &AnyPool, id: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE outgoing_mail SET sent_at = $1, body = '', claimed_until = 0, attempts = attempts + 1, last_error = NULL WHERE id = $2")
        .bind(now_unix_seconds())
        .bind(id)
        .execute(pool)
        .await
        .context("cannot mark a message delivered")?;
    Ok(())
}

/// Seconds before the next attempt: 1, 2, 4 … minutes, at most an hour.
pub fn retry_delay_seconds(attempts_so_far: i64) -> i64 {
    (60_i64 << attempts_so_far.clamp(0, 6)).min(3600)
}

#[tracing::instrument(skip_all)]
pub async fn mark_attempt_failed(pool: &AnyPool, message: &QueuedMessage, error: &str) -> anyhow::Result<()> {
    let now = now_unix_seconds();
    sqlx::query("UPDATE outgoing_mail SET attempts = attempts + 1, claimed_until = 0, next_attempt_at = $1, last_error = $2 WHERE id = $3")
        .bind(now + retry_delay_seconds(message.attempts))
        .bind(error)
        .bind(&message.id)
        .execute(pool)
        .await
        .context("cannot record a failed delivery")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::retry_delay_seconds;

    #[test]
    fn retries_back_off_up_to_an_hour() {
        assert_eq!(retry_delay_seconds(0), 60);
        assert_eq!(retry_delay_seconds(1), 120);
        assert_eq!(retry_delay_seconds(5), 1920);
        assert_eq!(retry_delay_seconds(6), 3600);
        assert_eq!(retry_delay_seconds(50), 3600);
    }
}
