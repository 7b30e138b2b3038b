//! The delivery worker: sends queued messages over SMTP and records the
//! outcome. Failures are retried with a growing delay; logs name the
//! message id, never the recipient.

use super::outbox::{claim_due_messages, mark_attempt_failed, mark_delivered, QueuedMessage};
use super::MailSettings;
use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// How long a claimed message is reserved for the worker that claimed it.
const CLAIM_LEASE_SECONDS: i64 = 120;
/// Messages per round; the next round follows at once while any are due.
const BATCH: i64 = 20;
/// Even without a wake-up, the worker looks for due retries this often.
const POLL_INTERVAL: Duration = Duration::from_secs(30);

pub struct MailDeliveryWorker {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl MailDeliveryWorker {
    /// None when no SMTP server is configured: messages stay queued.
    pub fn from_settings(settings: &MailSettings) -> anyhow::Result<Option<MailDeliveryWorker>> {
        let Some(url) = settings.smtp_url.as_deref() else { return Ok(None) };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .context("SPORTELLO_SMTP_URL is not a valid smtp:// or smtps:// URL")?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = settings.from.parse().context("SPORTELLO_MAIL_FROM is not a mailbox such as Comune <noreply@example.it>")?;
        Ok(Some(MailDeliveryWorker { transport, from }))
    }

    async fn send(&self, message: &QueuedMessage) -> Result<(), String> {
        let recipient: Mailbox = message.recipient.parse().map_err(|_| "recipient address refused by the mail builder".to_string())?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(recipient)
            .subject(message.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(message.body.clone())
            .map_err(|error| format!("cannot build the message: {error}"))?;
        self.transport.send(email).await.map(|_| ()).map_err(|error| format!("SMTP: {error}"))
    }

    /// Sends every due message; returns how many were delivered.
    pub async fn deliver_due_messages(&self, pool: &AnyPool) -> anyhow::Result<usize> {
        let mut delivered = 0;
        loop {
            let batch = claim_due_messages(pool, BATCH, CLAIM_LEASE_SECONDS).await?;
            if batch.is_empty() {
                return Ok(delivered);
            }
            for message in &batch {
                match self.send(message).await {
                    Ok(()) => {
                        mark_delivered(pool, &message.id).await?;
                        delivered += 1;
                    }
                    Err(error) => {
                        tracing::warn!(message_id = %message.id, attempts = message.attempts + 1, %error, "mail delivery failed; will retry");
                        mark_attempt_failed(pool, message, &error).await?;
                    }
                }
            }
        }
    }

    /// Runs until shutdown: delivers at each wake-up and every poll interval.
    pub async fn run(self, pool: AnyPool, wake_up: Arc<Notify>, mut shutdown: watch::Receiver<bool>) {
        loop {
            if let Err(error) = self.deliver_due_messages(&pool).await {
                tracing::error!(error = format!("{error:#}"), "mail delivery round failed");
            }
            tokio::select! {
                _ = wake_up.notified() => {}
                _ = tokio::time::sleep(POLL_INTERVAL) => {}
                _ = shutdown.changed() => return,
            }
        }
    }
}
