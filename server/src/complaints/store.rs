//! Complaints and suggestions on record: filed with the year's next number
//! (`complaint_counters`, in the filing's transaction), read by the office
//! and through the citizen's mailed code, moved on by `record_step` only;
//! and the compensation inventory.

use crate::database::{next_counter_value, Counter};
use anyhow::Context;
use app::complaints::model::{
    compensation_state, complaint_answer_due_on, CheckedComplaint, CompensationItem, CompensationKind, ComplaintKind, ComplaintNumber, ComplaintView, Verdict,
};
use app::listening::model::{timeliness, RequestChannel, Timeliness};
use app::practices::calendar::rome_date_of_unix_seconds;
use sqlx::{AnyPool, Row};

const COMPLAINT_NUMBERS: Counter = Counter { table: "complaint_counters", key_column: "year", value_column: "last_sequence", name: "the complaints' numbers" };

/// A complaint to file.
pub struct NewComplaint<'a> {
    pub complaint: &'a CheckedComplaint,
    pub channel: RequestChannel,
    pub account_id: Option<&'a str>,
    pub registered_by: Option<&'a str>,
    pub received_at: i64,
    pub locale: app::i18n::Locale,
}

/// A filed complaint's number and due day.
pub struct Filed {
    pub number: ComplaintNumber,
    pub due_on: time::Date,
}

#[tracing::instrument(skip_all)]
pub async fn file_complaint(pool: &AnyPool, new: &NewComplaint<'_>) -> anyhow::Result<Filed> {
    let received = rome_date_of_unix_seconds(new.received_at);
    let year = i64::from(received.year());
    let due_on = complaint_answer_due_on(received);
    let mut transaction = pool.begin().await.context("cannot begin filing a complaint")?;
    let sequence = next_counter_value(&mut transaction, &COMPLAINT_NUMBERS, year).await?;
    let number = ComplaintNumber::new(year, sequence).context("the year's complaints ran out of numbers")?;
    sqlx::query(
        "INSERT INTO complaints (number, year, sequence, kind, channel, account_id, registered_by, name, email, standard, body, locale, received_at, \
         due_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(number.to_string())
    .bind(year)
    .bind(sequence)
    .bind(new.complaint.kind.code())
    .bind(new.channel.code())
    .bind(new.account_id)
    .bind(new.registered_by)
    .bind(&new.complaint.name)
    .bind(&new.complaint.email)
    .bind(new.complaint.standard.map(|standard| standard.slug()))
    .bind(&new.complaint.text)
    .bind(new.locale.language_tag())
    .bind(new.received_at)
    .bind(due_on.to_string())
    .execute(&mut *transaction)
    .await
    .context("cannot record a complaint")?;
    transaction.commit().await.context("cannot commit a complaint")?;
    Ok(Filed { number, due_on })
}

/// A complaint as stored.
pub struct ComplaintRecord {
    pub view: ComplaintView,
    pub account_id: Option<String>,
    /// The language the answer is mailed in.
    pub locale: app::i18n::Locale,
}

const COLUMNS: &str = "c.number, c.kind, c.channel, c.account_id, c.name, c.email, c.standard, c.body, c.received_at, c.due_on, c.verdict, c.reason, \
                       c.answered_at, c.compensation_until, i.description AS chosen_item, c.chosen_at, c.handed_over_at, c.lapsed_at, c.locale";
const FROM: &str = "complaints c LEFT JOIN compensation_items i ON i.id = c.compensation_item";

fn record_of(row: &sqlx::any::AnyRow, today: time::Date) -> Result<ComplaintRecord, sqlx::Error> {
    let due_on: String = row.try_get("due_on")?;
    let answered_at: Option<i64> = row.try_get("answered_at")?;
    let due = app::practices::validation::parse_date(&due_on).unwrap_or(today);
    let state = timeliness(due, answered_at.map(rome_date_of_unix_seconds), today);
    let verdict = row.try_get::<Option<String>, _>("verdict")?.as_deref().and_then(Verdict::parse);
    let compensation_until: Option<String> = row.try_get("compensation_until")?;
    let chosen_at: Option<i64> = row.try_get("chosen_at")?;
    let handed_over_at: Option<i64> = row.try_get("handed_over_at")?;
    let lapsed_at: Option<i64> = row.try_get("lapsed_at")?;
    let compensation = compensation_state(
        verdict.and_then(Verdict::founded),
        compensation_until.as_deref().and_then(app::practices::validation::parse_date),
        chosen_at.is_some(),
        handed_over_at.is_some(),
        lapsed_at.is_some(),
        today,
    );
    Ok(ComplaintRecord {
        account_id: row.try_get("account_id")?,
        locale: app::i18n::Locale::from_language_tag(&row.try_get::<String, _>("locale")?).unwrap_or_default(),
        view: ComplaintView {
            number: row.try_get("number")?,
            kind: ComplaintKind::parse(&row.try_get::<String, _>("kind")?).unwrap_or(ComplaintKind::Complaint),
            channel: row.try_get("channel")?,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            standard: row.try_get("standard")?,
            text: row.try_get("body")?,
            received_at: row.try_get("received_at")?,
            due_on,
            verdict,
            reason: row.try_get("reason")?,
            answered_at,
            overdue: state == Timeliness::Overdue,
            answered_late: state == Timeliness::AnsweredLate,
            compensation,
            compensation_until,
            chosen_item: row.try_get("chosen_item")?,
            chosen_at,
            handed_over_at,
        },
    })
}

fn records_of(rows: &[sqlx::any::AnyRow], now: i64) -> anyhow::Result<Vec<ComplaintRecord>> {
    let today = rome_date_of_unix_seconds(now);
    rows.iter().map(|row| record_of(row, today)).collect::<Result<_, _>>().context("cannot read a complaint")
}

/// Every complaint: unanswered first, by due day; then those with a
/// compensation to hand over; then the rest, newest first.
#[tracing::instrument(skip_all)]
pub async fn office_complaints(pool: &AnyPool, now: i64) -> anyhow::Result<Vec<ComplaintRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM {FROM} ORDER BY CASE WHEN c.answered_at IS NULL THEN 0 WHEN c.chosen_at IS NOT NULL AND c.handed_over_at IS NULL THEN 1 \
         ELSE 2 END, CASE WHEN c.answered_at IS NULL THEN c.due_on ELSE '' END, c.received_at DESC LIMIT 500"
    ))
    .fetch_all(pool)
    .await
    .context("cannot read the complaints")?;
    records_of(&rows, now)
}

#[tracing::instrument(skip_all)]
pub async fn find_complaint(pool: &AnyPool, number: &ComplaintNumber, now: i64) -> anyhow::Result<Option<ComplaintRecord>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM {FROM} WHERE c.number = $1"))
        .bind(number.to_string())
        .fetch_all(pool)
        .await
        .context("cannot read a complaint")?;
    Ok(records_of(&rows, now)?.pop())
}

/// The complaint a mailed code opens (by the code's SHA-256).
#[tracing::instrument(skip_all)]
pub async fn find_by_choice_code(pool: &AnyPool, code_hash: &str, now: i64) -> anyhow::Result<Option<ComplaintRecord>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM {FROM} WHERE c.choice_code_hash = $1"))
        .bind(code_hash)
        .fetch_all(pool)
        .await
        .context("cannot read a complaint")?;
    Ok(records_of(&rows, now)?.pop())
}

/// The founded complaints whose time to choose ended before `today`
/// without a choice, and whose citizen has not been told yet.
#[tracing::instrument(skip_all)]
pub async fn lapsing(pool: &AnyPool, now: i64) -> anyhow::Result<Vec<ComplaintRecord>> {
    let today = rome_date_of_unix_seconds(now).to_string();
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE c.verdict = 'fondato' AND c.chosen_at IS NULL AND c.lapsed_at IS NULL AND c.compensation_until < $1"
    ))
    .bind(today)
    .fetch_all(pool)
    .await
    .context("cannot read the lapsing compensations")?;
    records_of(&rows, now)
}

/// A step of a complaint's life; `record_step` is the only way one moves on.
pub enum ComplaintStep<'a> {
    /// The office's answer. A founded complaint carries the choice code's
    /// SHA-256 and the last day to choose.
    Answered {
        verdict: Verdict,
        reason: &'a str,
        by: &'a str,
        choice: Option<(&'a str, time::Date)>,
    },
    /// The citizen chose an item (which takes one from the inventory).
    CompensationChosen {
        item: &'a str,
    },
    HandedOver {
        by: &'a str,
    },
    /// The time to choose ended without a choice; the citizen is being told.
    Lapsed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    Done,
    /// The complaint is not where the step starts from (answered already,
    /// chosen already, time ended, nothing to hand over).
    NotAllowed,
    /// The item chosen has none left, or is not in the inventory.
    ItemUnavailable,
}

#[tracing::instrument(skip_all)]
pub async fn record_step(pool: &AnyPool, number: &ComplaintNumber, step: ComplaintStep<'_>, now: i64) -> anyhow::Result<StepOutcome> {
    let today = rome_date_of_unix_seconds(now).to_string();
    let number = number.to_string();
    let done = match step {
        ComplaintStep::Answered { verdict, reason, by, choice } => sqlx::query(
            "UPDATE complaints SET verdict = $1, reason = $2, answered_at = $3, answered_by = $4, choice_code_hash = $5, compensation_until = $6 \
             WHERE number = $7 AND answered_at IS NULL",
        )
        .bind(verdict.code())
        .bind(reason)
        .bind(now)
        .bind(by)
        .bind(choice.map(|(hash, _)| hash))
        .bind(choice.map(|(_, until)| until.to_string()))
        .bind(&number)
        .execute(pool)
        .await
        .context("cannot record a complaint's answer")?
        .rows_affected(),
        ComplaintStep::CompensationChosen { item } => {
            let mut transaction = pool.begin().await.context("cannot begin a compensation's choice")?;
            let chosen = sqlx::query(
                "UPDATE complaints SET compensation_item = $1, chosen_at = $2 WHERE number = $3 AND verdict = 'fondato' AND chosen_at IS NULL \
                 AND lapsed_at IS NULL AND compensation_until >= $4",
            )
            .bind(item)
            .bind(now)
            .bind(&number)
            .bind(&today)
            .execute(&mut *transaction)
            .await
            .context("cannot record a compensation's choice")?
            .rows_affected();
            if chosen != 1 {
                return Ok(StepOutcome::NotAllowed);
            }
            // Of two citizens choosing the last one at once, one gets it.
            let taken = sqlx::query("UPDATE compensation_items SET available = available - 1 WHERE id = $1 AND available > 0")
                .bind(item)
                .execute(&mut *transaction)
                .await
                .context("cannot take an item from the inventory")?
                .rows_affected();
            if taken != 1 {
                return Ok(StepOutcome::ItemUnavailable);
            }
            transaction.commit().await.context("cannot commit a compensation's choice")?;
            1
        }
        ComplaintStep::HandedOver { by } => {
            sqlx::query("UPDATE complaints SET handed_over_at = $1, handed_over_by = $2 WHERE number = $3 AND chosen_at IS NOT NULL AND handed_over_at IS NULL")
                .bind(now)
                .bind(by)
                .bind(&number)
                .execute(pool)
                .await
                .context("cannot record a compensation's handover")?
                .rows_affected()
        }
        ComplaintStep::Lapsed => sqlx::query(
            "UPDATE complaints SET lapsed_at = $1 WHERE number = $2 AND verdict = 'fondato' AND chosen_at IS NULL AND lapsed_at IS NULL \
             AND compensation_until < $3",
        )
        .bind(now)
        .bind(&number)
        .bind(&today)
        .execute(pool)
        .await
        .context("cannot record a compensation's lapse")?
        .rows_affected(),
    };
    Ok(if done == 1 { StepOutcome::Done } else { StepOutcome::NotAllowed })
}

fn item_of(row: &sqlx::any::AnyRow) -> Result<CompensationItem, sqlx::Error> {
    Ok(CompensationItem {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        description: row.try_get("description")?,
        available: u32::try_from(row.try_get::<i64, _>("available")?).unwrap_or(0),
    })
}

/// The inventory by kind and description; `only_available`: those with one left at least.
#[tracing::instrument(skip_all)]
pub async fn inventory(pool: &AnyPool, only_available: bool) -> anyhow::Result<Vec<CompensationItem>> {
    let filter = if only_available { "WHERE available > 0" } else { "" };
    let rows = sqlx::query(&format!("SELECT id, kind, description, available FROM compensation_items {filter} ORDER BY kind, description"))
        .fetch_all(pool)
        .await
        .context("cannot read the compensation inventory")?;
    rows.iter().map(item_of).collect::<Result<_, _>>().context("cannot read a compensation item")
}

#[tracing::instrument(skip_all)]
pub async fn add_item(pool: &AnyPool, kind: CompensationKind, description: &str, available: u32, by: &str, now: i64) -> anyhow::Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query("INSERT INTO compensation_items (id, kind, description, available, created_at, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $5, $6)")
        .bind(&id)
        .bind(kind.code())
        .bind(description)
        .bind(i64::from(available))
        .bind(now)
        .bind(by)
        .execute(pool)
        .await
        .context("cannot add a compensation item")?;
    Ok(id)
}

/// Sets how many of an item are left; false for an unknown item.
#[tracing::instrument(skip_all)]
pub async fn set_available(pool: &AnyPool, id: &str, available: u32, by: &str, now: i64) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE compensation_items SET available = $1, updated_at = $2, updated_by = $3 WHERE id = $4")
        .bind(i64::from(available))
        .bind(now)
        .bind(by)
        .bind(id)
        .execute(pool)
        .await
        .context("cannot update a compensation item")?;
    Ok(done.rows_affected() == 1)
}

/// The complaints received in [from, until) with when each was answered,
/// for the 30-working-day standard.
#[tracing::instrument(skip_all)]
pub async fn answer_times(pool: &AnyPool, from: i64, until: i64) -> anyhow::Result<Vec<(i64, Option<i64>)>> {
    let rows = sqlx::query("SELECT received_at, answered_at FROM complaints WHERE received_at >= $1 AND received_at < $2")
        .bind(from)
        .bind(until)
        .fetch_all(pool)
        .await
        .context("cannot read the complaints' answers")?;
    rows.iter()
        .map(|row| Ok((row.try_get("received_at")?, row.try_get("answered_at")?)))
        .collect::<Result<_, sqlx::Error>>()
        .context("cannot read a complaint's answer")
}
