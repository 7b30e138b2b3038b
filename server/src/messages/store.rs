//! The message centre's records: the messages (the personal area's copy),
//! each channel's delivery outcome, the citizen's channel preferences and
//! language. A message's read state changes through `set_reading` only; a
//! delivery's outcome through `record_delivery` only.

use anyhow::Context;
use app::i18n::Locale;
use app::messages::model::{Channel, ChannelChoice, MessageKind, MessageView};
use sqlx::{AnyPool, Row};

/// What became of a message on one channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// Email: handed to the outbox, which delivers it.
    Queued,
    /// App IO: waiting for the worker (first try, or again after a failure).
    Pending,
    Sent,
    NotOnIo,
    OptedOut,
    Invalid,
    /// Given up after the attempts allowed.
    Failed,
    /// The citizen turned this channel off for this kind.
    NotChosen,
    /// No verified email address.
    NoAddress,
}

impl DeliveryOutcome {
    pub fn code(self) -> &'static str {
        match self {
            DeliveryOutcome::Queued => "queued",
            DeliveryOutcome::Pending => "pending",
            DeliveryOutcome::Sent => "sent",
            DeliveryOutcome::NotOnIo => "not_on_io",
            DeliveryOutcome::OptedOut => "opted_out",
            DeliveryOutcome::Invalid => "invalid",
            DeliveryOutcome::Failed => "failed",
            DeliveryOutcome::NotChosen => "not_chosen",
            DeliveryOutcome::NoAddress => "no_address",
        }
    }
}

/// A message to keep.
pub struct NewMessage<'a> {
    pub account_id: &'a str,
    pub kind: MessageKind,
    pub locale: Locale,
    pub subject: &'a str,
    pub body: &'a str,
    pub link: Option<&'a str>,
    pub due_on: Option<time::Date>,
    pub notice_number: Option<String>,
    pub amount_cents: Option<u64>,
    pub created_at: i64,
    pub once_key: Option<&'a str>,
}

/// Keeps a message; None when one with the same `once_key` was already kept.
#[tracing::instrument(skip_all)]
pub async fn insert_message(pool: &AnyPool, message: &NewMessage<'_>) -> anyhow::Result<Option<String>> {
    // Version 7: ids sort in the order messages were written.
    let id = uuid::Uuid::now_v7().to_string();
    let inserted = sqlx::query(
        "INSERT INTO citizen_messages (id, account_id, kind, locale, subject, body, link, due_on, notice_number, amount_cents, created_at, once_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(message.account_id)
    .bind(message.kind.code())
    .bind(message.locale.language_tag())
    .bind(message.subject)
    .bind(message.body)
    .bind(message.link)
    .bind(message.due_on.map(|date| date.to_string()))
    .bind(message.notice_number.as_deref())
    .bind(message.amount_cents.map(|cents| i64::try_from(cents).unwrap_or(i64::MAX)))
    .bind(message.created_at)
    .bind(message.once_key)
    .execute(pool)
    .await
    .context("cannot keep a message")?
    .rows_affected();
    Ok((inserted == 1).then_some(id))
}

/// One channel's outcome for a message (the row is made or replaced).
pub struct DeliveryRecord<'a> {
    pub message_id: &'a str,
    pub channel: Channel,
    pub outcome: DeliveryOutcome,
    pub detail: Option<&'a str>,
    pub provider_id: Option<&'a str>,
    pub attempts: i64,
    /// When the worker may try again (Pending only).
    pub next_attempt_at: Option<i64>,
    pub now: i64,
}

#[tracing::instrument(skip_all)]
pub async fn record_delivery(pool: &AnyPool, record: &DeliveryRecord<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO message_deliveries (message_id, channel, outcome, detail, provider_id, attempts, next_attempt_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (message_id, channel) DO UPDATE SET outcome = excluded.outcome, detail = excluded.detail, provider_id = excluded.provider_id, \
         attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at",
    )
    .bind(record.message_id)
    .bind(record.channel.code())
    .bind(record.outcome.code())
    .bind(record.detail)
    .bind(record.provider_id)
    .bind(record.attempts)
    .bind(record.next_attempt_at)
    .bind(record.now)
    .execute(pool)
    .await
    .context("cannot record a message's delivery")?;
    Ok(())
}

const MESSAGE_COLUMNS: &str = "id, kind, subject, body, link, due_on, notice_number, amount_cents, created_at, read_at";

fn view_from_row(row: &sqlx::any::AnyRow) -> anyhow::Result<MessageView> {
    let kind: String = row.try_get("kind")?;
    let amount: Option<i64> = row.try_get("amount_cents")?;
    let read_at: Option<i64> = row.try_get("read_at")?;
    Ok(MessageView {
        id: row.try_get("id")?,
        kind: MessageKind::parse(&kind).with_context(|| format!("unknown message kind {kind}"))?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        link: row.try_get("link")?,
        due_on: row.try_get("due_on")?,
        notice_number: row.try_get("notice_number")?,
        amount_cents: amount.and_then(|cents| u64::try_from(cents).ok()),
        created_at: row.try_get("created_at")?,
        read: read_at.is_some(),
    })
}

/// A citizen's messages, newest first.
#[tracing::instrument(skip_all)]
pub async fn messages_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<MessageView>> {
    let rows = sqlx::query(&format!("SELECT {MESSAGE_COLUMNS} FROM citizen_messages WHERE account_id = $1 ORDER BY created_at DESC, id DESC"))
        .bind(account_id)
        .fetch_all(pool)
        .await
        .context("cannot read a citizen's messages")?;
    rows.iter().map(view_from_row).collect()
}

/// One of the citizen's messages; None when it is not theirs.
#[tracing::instrument(skip_all)]
pub async fn message_of(pool: &AnyPool, account_id: &str, message_id: &str) -> anyhow::Result<Option<MessageView>> {
    let row = sqlx::query(&format!("SELECT {MESSAGE_COLUMNS} FROM citizen_messages WHERE account_id = $1 AND id = $2"))
        .bind(account_id)
        .bind(message_id)
        .fetch_optional(pool)
        .await
        .context("cannot read a message")?;
    row.as_ref().map(view_from_row).transpose()
}

/// How many of the citizen's messages are unread.
pub async fn unread_count(pool: &AnyPool, account_id: &str) -> anyhow::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM citizen_messages WHERE account_id = $1 AND read_at IS NULL")
        .bind(account_id)
        .fetch_one(pool)
        .await
        .context("cannot count unread messages")
}

/// Read or unread, as the citizen leaves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Opened: the first opening's time stays.
    Read,
    /// Marked unread again, to come back to it.
    Unread,
}

/// Changes a message's read state; false when the message is not the citizen's.
#[tracing::instrument(skip_all)]
pub async fn set_reading(pool: &AnyPool, account_id: &str, message_id: &str, reading: Reading, now: i64) -> anyhow::Result<bool> {
    let done = match reading {
        Reading::Read => {
            sqlx::query("UPDATE citizen_messages SET read_at = COALESCE(read_at, $1) WHERE account_id = $2 AND id = $3")
                .bind(now)
                .bind(account_id)
                .bind(message_id)
                .execute(pool)
                .await
        }
        Reading::Unread => {
            sqlx::query("UPDATE citizen_messages SET read_at = NULL WHERE account_id = $1 AND id = $2").bind(account_id).bind(message_id).execute(pool).await
        }
    };
    Ok(done.context("cannot change a message's read state")?.rows_affected() == 1)
}

/// The channels the citizen chose (kinds never chosen are absent) and their language.
#[tracing::instrument(skip_all)]
pub async fn preferences_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<(Vec<ChannelChoice>, Option<Locale>)> {
    let rows = sqlx::query("SELECT kind, email, app_io FROM message_preferences WHERE account_id = $1")
        .bind(account_id)
        .fetch_all(pool)
        .await
        .context("cannot read message preferences")?;
    let mut choices = Vec::new();
    for row in &rows {
        let kind: String = row.try_get("kind")?;
        let (email, app_io): (i64, i64) = (row.try_get("email")?, row.try_get("app_io")?);
        if let Some(kind) = MessageKind::parse(&kind) {
            choices.push(ChannelChoice { kind, email: email != 0, app_io: app_io != 0 });
        }
    }
    let locale: Option<String> = sqlx::query_scalar("SELECT message_locale FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_optional(pool)
        .await
        .context("cannot read the messages' language")?
        .flatten();
    Ok((choices, locale.as_deref().and_then(Locale::from_language_tag)))
}

#[tracing::instrument(skip_all)]
pub async fn save_preferences(pool: &AnyPool, account_id: &str, choices: &[ChannelChoice], locale: Locale) -> anyhow::Result<()> {
    let mut transaction = pool.begin().await.context("cannot begin saving message preferences")?;
    for choice in choices {
        sqlx::query(
            "INSERT INTO message_preferences (account_id, kind, email, app_io) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (account_id, kind) DO UPDATE SET email = excluded.email, app_io = excluded.app_io",
        )
        .bind(account_id)
        .bind(choice.kind.code())
        .bind(i64::from(choice.email))
        .bind(i64::from(choice.app_io))
        .execute(&mut *transaction)
        .await
        .context("cannot save a message preference")?;
    }
    sqlx::query("UPDATE accounts SET message_locale = $1 WHERE id = $2")
        .bind(locale.language_tag())
        .bind(account_id)
        .execute(&mut *transaction)
        .await
        .context("cannot save the messages' language")?;
    transaction.commit().await.context("cannot commit message preferences")
}

/// A message waiting for App IO, with whom it is for.
pub struct PendingIo {
    pub message_id: String,
    pub fiscal_code: String,
    pub locale: Locale,
    pub subject: String,
    pub body: String,
    pub link: Option<String>,
    pub due_on: Option<String>,
    pub notice_number: Option<String>,
    pub amount_cents: Option<i64>,
    pub attempts: i64,
}

/// The App IO deliveries due now, oldest first.
#[tracing::instrument(skip_all)]
pub async fn due_io_deliveries(pool: &AnyPool, now: i64, limit: i64) -> anyhow::Result<Vec<PendingIo>> {
    let rows = sqlx::query(
        "SELECT m.id, a.fiscal_code, m.locale, m.subject, m.body, m.link, m.due_on, m.notice_number, m.amount_cents, d.attempts \
         FROM message_deliveries d JOIN citizen_messages m ON m.id = d.message_id JOIN accounts a ON a.id = m.account_id \
         WHERE d.channel = $1 AND d.outcome = $2 AND d.next_attempt_at <= $3 ORDER BY d.next_attempt_at, m.id LIMIT $4",
    )
    .bind(Channel::AppIo.code())
    .bind(DeliveryOutcome::Pending.code())
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await
    .context("cannot read the App IO deliveries due")?;
    rows.iter()
        .map(|row| {
            let locale: String = row.try_get("locale")?;
            Ok(PendingIo {
                message_id: row.try_get("id")?,
                fiscal_code: row.try_get("fiscal_code")?,
                locale: Locale::from_language_tag(&locale).unwrap_or_default(),
                subject: row.try_get("subject")?,
                body: row.try_get("body")?,
                link: row.try_get("link")?,
                due_on: row.try_get("due_on")?,
                notice_number: row.try_get("notice_number")?,
                amount_cents: row.try_get("amount_cents")?,
                attempts: row.try_get("attempts")?,
            })
        })
        .collect()
}

/// Takes a due delivery for this worker for `lease_seconds` (another
/// server's worker then skips it); false when someone else took it.
pub async fn claim_io_delivery(pool: &AnyPool, message_id: &str, now: i64, lease_seconds: i64) -> anyhow::Result<bool> {
    let claimed =
        sqlx::query("UPDATE message_deliveries SET next_attempt_at = $1 WHERE message_id = $2 AND channel = $3 AND outcome = $4 AND next_attempt_at <= $5")
            .bind(now + lease_seconds)
            .bind(message_id)
            .bind(Channel::AppIo.code())
            .bind(DeliveryOutcome::Pending.code())
            .bind(now)
            .execute(pool)
            .await
            .context("cannot claim an App IO delivery")?
            .rows_affected();
    Ok(claimed == 1)
}

/// A message's delivery outcomes by channel (for tests and the export).
pub async fn deliveries_of(pool: &AnyPool, message_id: &str) -> anyhow::Result<Vec<(String, String, Option<String>)>> {
    let rows: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT channel, outcome, detail FROM message_deliveries WHERE message_id = $1 ORDER BY channel")
            .bind(message_id)
            .fetch_all(pool)
            .await
            .context("cannot read a message's deliveries")?;
    Ok(rows)
}
