//! The App IO worker: takes the deliveries the message centre left pending,
//! sends each through the client (profile check, then the message; 429s
//! retried inside), and records the outcome. IO unreachable or still busy:
//! tried again later, every hour or so, then given up as failed.

use super::app_io::{AppIo, IoDelivery, Pause};
use super::store::{claim_io_delivery, due_io_deliveries, record_delivery, DeliveryOutcome, DeliveryRecord, PendingIo};
use app::auth::fiscal_code::FiscalCode;
use app::i18n::Text;
use app::messages::model::{Channel, IoMessage, IoPayment};
use app::payments::amount::AmountInCents;
use app::payments::notice_number::NoticeNumber;
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};

/// Rounds of the worker per delivery before it is given up.
pub const IO_DELIVERY_ROUNDS: i64 = 5;
/// How long a claimed delivery stays this worker's (longer than a delivery's back-offs).
const LEASE_SECONDS: i64 = 600;
/// When nothing wakes it, the worker looks again after this long.
const POLL_INTERVAL: Duration = Duration::from_secs(60);
const BATCH: i64 = 50;

/// The wait before the next round after a failed one: 5, 10, 20, 40 minutes.
pub fn retry_after_rounds(rounds: i64) -> i64 {
    300 << rounds.clamp(1, 4).saturating_sub(1)
}

/// The stored message as IO takes it (the link back absolute, the due day's end in Rome).
pub fn io_message_of(pending: &PendingIo, public_url: &str) -> Result<IoMessage, String> {
    let url = pending.link.as_deref().map(|link| format!("{}{link}", public_url.trim_end_matches('/')));
    let label = Text::IoOpenOnPortal.in_locale(pending.locale);
    let due_at = pending
        .due_on
        .as_deref()
        .and_then(app::practices::validation::parse_date)
        .and_then(|date| app::practices::calendar::rome_unix_seconds(date, time::macros::time!(23:59:59)));
    let payment = match (pending.notice_number.as_deref(), pending.amount_cents) {
        (Some(number), Some(cents)) => {
            let notice_number = NoticeNumber::parse(number).map_err(|_| "a stored notice number is invalid".to_string())?;
            let amount = AmountInCents::from_cents(cents).map_err(|_| "a stored amount is invalid".to_string())?;
            Some(IoPayment { notice_number, amount })
        }
        _ => None,
    };
    IoMessage::for_citizen(&pending.subject, &pending.body, url.as_deref().map(|url| (label, url)), due_at, payment)
        .map_err(|problems| format!("outside App IO's limits: {problems:?}"))
}

/// Sends every delivery due at `now`; returns how many were settled (sent or refused for good).
#[tracing::instrument(skip_all)]
pub async fn deliver_due_io(pool: &AnyPool, client: &AppIo, pause: &Pause, public_url: &str, now: i64) -> anyhow::Result<usize> {
    let mut settled = 0;
    for pending in due_io_deliveries(pool, now, BATCH).await? {
        if !claim_io_delivery(pool, &pending.message_id, now, LEASE_SECONDS).await? {
            continue;
        }
        let rounds = pending.attempts + 1;
        let (outcome, detail, provider_id, next_attempt_at) = match (FiscalCode::parse(&pending.fiscal_code), io_message_of(&pending, public_url)) {
            (Err(_), _) => (DeliveryOutcome::Invalid, Some("the account's fiscal code is invalid".to_string()), None, None),
            (_, Err(problem)) => (DeliveryOutcome::Invalid, Some(problem), None, None),
            (Ok(fiscal_code), Ok(message)) => match client.deliver(&fiscal_code, &message, pause).await {
                IoDelivery::Sent { io_id, .. } => (DeliveryOutcome::Sent, None, Some(io_id), None),
                IoDelivery::NotOnIo => (DeliveryOutcome::NotOnIo, None, None, None),
                IoDelivery::OptedOut => (DeliveryOutcome::OptedOut, None, None, None),
                IoDelivery::Invalid { detail } => (DeliveryOutcome::Invalid, Some(detail), None, None),
                IoDelivery::Failed { detail } if rounds >= IO_DELIVERY_ROUNDS => (DeliveryOutcome::Failed, Some(detail), None, None),
                IoDelivery::Failed { detail } => (DeliveryOutcome::Pending, Some(detail), None, Some(now + retry_after_rounds(rounds))),
            },
        };
        if outcome != DeliveryOutcome::Pending {
            settled += 1;
        }
        if matches!(outcome, DeliveryOutcome::Invalid | DeliveryOutcome::Failed) {
            // No personal data: the message's id and what IO said.
            tracing::warn!(message = %pending.message_id, outcome = outcome.code(), "an App IO message was not delivered");
        }
        record_delivery(
            pool,
            &DeliveryRecord {
                message_id: &pending.message_id,
                channel: Channel::AppIo,
                outcome,
                detail: detail.as_deref(),
                provider_id: provider_id.as_deref(),
                attempts: rounds,
                next_attempt_at,
                now,
            },
        )
        .await?;
    }
    Ok(settled)
}

/// The worker: a round at start, whenever the centre queues, and every
/// minute; after each round, `rounds` counts up (tests wait on it).
pub struct IoWorker {
    pub pool: AnyPool,
    pub client: AppIo,
    pub pause: Pause,
    pub public_url: String,
    pub clock: crate::clock::Clock,
    pub wake_up: Arc<Notify>,
    pub rounds: watch::Sender<u64>,
}

impl IoWorker {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            if let Err(error) = deliver_due_io(&self.pool, &self.client, &self.pause, &self.public_url, self.clock.now_unix_seconds()).await {
                tracing::error!(error = format!("{error:#}"), "App IO delivery round failed");
            }
            self.rounds.send_modify(|count| *count += 1);
            tokio::select! {
                _ = self.wake_up.notified() => {}
                _ = tokio::time::sleep(POLL_INTERVAL) => {}
                _ = shutdown.changed() => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_rounds_wait_longer_each_time() {
        let waits: Vec<i64> = (1..=5).map(retry_after_rounds).collect();
        assert_eq!(waits, vec![300, 600, 1200, 2400, 2400]);
    }
}
