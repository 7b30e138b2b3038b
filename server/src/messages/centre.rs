//! The message centre: every capability writes to a citizen through
//! `MessageCentre::send`. The message is kept for the personal area
//! (always), written in the citizen's language; then each channel the
//! citizen left on for that kind: email through the outbox (to the address
//! given for the matter, else the account's verified one), App IO as a
//! pending delivery the IO worker sends. Every channel's outcome is recorded.

use super::store::{insert_message, preferences_of, record_delivery, DeliveryOutcome, DeliveryRecord, NewMessage};
use crate::auth::accounts::find_account_by_id;
use crate::clock::Clock;
use crate::mail::outbox::{Outbox, OutgoingMessage};
use anyhow::Context;
use app::i18n::Locale;
use app::messages::model::{Channel, ChannelChoice, IoPayment, MessageKind};
use sqlx::AnyPool;
use std::sync::Arc;
use tokio::sync::Notify;

/// Who a message is for.
pub struct Addressee<'a> {
    pub account_id: &'a str,
    /// The address the citizen gave for this matter (a practice's form);
    /// without it, the account's verified address.
    pub email: Option<&'a str>,
    /// The language the citizen is using now, when they are the one acting;
    /// otherwise the one they chose for messages (Italian until they do).
    pub locale: Option<Locale>,
}

/// The subject and body in one language.
pub type Writer<'a> = dyn Fn(Locale) -> (String, String) + Send + Sync + 'a;

/// What to say.
pub struct Letter<'a> {
    pub kind: MessageKind,
    pub write: Box<Writer<'a>>,
    /// A path on the portal that leads back to the matter.
    pub link: Option<String>,
    pub due_on: Option<time::Date>,
    pub notice: Option<IoPayment>,
    /// For a message that must go once only (a receipt, a reminder): sent
    /// again with the same key, it is dropped.
    pub once_key: Option<String>,
}

#[derive(Clone)]
pub struct MessageCentre {
    pool: AnyPool,
    outbox: Outbox,
    clock: Clock,
    /// Whether App IO is configured: without it the channel is off.
    app_io_on: bool,
    wake_io_worker: Arc<Notify>,
}

impl MessageCentre {
    pub fn new(pool: AnyPool, outbox: Outbox, clock: Clock, app_io_on: bool) -> MessageCentre {
        MessageCentre { pool, outbox, clock, app_io_on, wake_io_worker: Arc::new(Notify::new()) }
    }

    pub fn io_worker_wake_up(&self) -> Arc<Notify> {
        self.wake_io_worker.clone()
    }

    pub fn app_io_on(&self) -> bool {
        self.app_io_on
    }

    /// Keeps the message and hands it to the chosen channels; returns its
    /// id, None when its `once_key` was sent already.
    #[tracing::instrument(skip_all)]
    pub async fn send(&self, to: &Addressee<'_>, letter: &Letter<'_>) -> anyhow::Result<Option<String>> {
        let account = find_account_by_id(&self.pool, to.account_id).await?.context("a message for an account that does not exist")?;
        let (choices, chosen_locale) = preferences_of(&self.pool, to.account_id).await?;
        let choice = ChannelChoice::among(&choices, letter.kind);
        let locale = to.locale.or(chosen_locale).unwrap_or_default();
        let (subject, body) = (letter.write)(locale);
        let now = self.clock.now_unix_seconds();
        let Some(message_id) = insert_message(
            &self.pool,
            &NewMessage {
                account_id: to.account_id,
                kind: letter.kind,
                locale,
                subject: &subject,
                body: &body,
                link: letter.link.as_deref(),
                due_on: letter.due_on,
                notice_number: letter.notice.map(|notice| notice.notice_number.to_string()),
                amount_cents: letter.notice.map(|notice| notice.amount.cents()),
                created_at: now,
                once_key: letter.once_key.as_deref(),
            },
        )
        .await?
        else {
            return Ok(None);
        };
        let record = |channel, outcome| DeliveryRecord {
            message_id: &message_id,
            channel,
            outcome,
            detail: None,
            provider_id: None,
            attempts: 0,
            next_attempt_at: None,
            now,
        };
        let verified_email = account.email.as_deref().filter(|_| account.email_verified_at.is_some());
        let email = to.email.map(str::trim).filter(|email| !email.is_empty()).or(verified_email);
        let email_outcome = match (choice.allows(Channel::Email), email) {
            (false, _) => DeliveryOutcome::NotChosen,
            (true, None) => DeliveryOutcome::NoAddress,
            (true, Some(recipient)) => {
                self.outbox.enqueue(&OutgoingMessage { account_id: Some(to.account_id), recipient, subject: &subject, body: &body }).await?;
                DeliveryOutcome::Queued
            }
        };
        record_delivery(&self.pool, &record(Channel::Email, email_outcome)).await?;
        if self.app_io_on {
            if choice.allows(Channel::AppIo) {
                record_delivery(&self.pool, &DeliveryRecord { next_attempt_at: Some(now), ..record(Channel::AppIo, DeliveryOutcome::Pending) }).await?;
                self.wake_io_worker.notify_one();
            } else {
                record_delivery(&self.pool, &record(Channel::AppIo, DeliveryOutcome::NotChosen)).await?;
            }
        }
        Ok(Some(message_id))
    }

    /// As `send`, for a step that is done whatever becomes of the message:
    /// a failure is logged (the matter's own page shows the step anyway).
    pub async fn send_or_log(&self, to: &Addressee<'_>, letter: &Letter<'_>) {
        if let Err(error) = self.send(to, letter).await {
            tracing::error!(error = format!("{error:#}"), kind = letter.kind.code(), "cannot send a message to a citizen");
        }
    }
}
