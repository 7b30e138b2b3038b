//! Appointments on record. A slot is taken by inserting its 5-minute ticks
//! of one counter (`appointment_ticks`, whose primary key no two
//! appointments can share) in one transaction, trying the counters in turn:
//! two people can never get the same counter at the same time, on SQLite
//! and PostgreSQL alike. A hold keeps its ticks until it expires (then
//! `release_expired_holds` frees them, telling no one) or is booked. An
//! appointment's state changes through `change_state` only.

use anyhow::Context;
use app::appointments::model::{clock_time, hhmm, ticks, Slot};
use app::i18n::Locale;
use sqlx::{AnyPool, Row};
use std::collections::HashSet;
use time::{Date, Time};

/// Where an appointment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppointmentState {
    /// Kept for whoever is completing the flow, until `hold_expires_at`.
    Held,
    /// A hold that expired or was let go: its slot is free again.
    Released,
    Booked,
    Cancelled,
    Arrived,
    Served,
    NoShow,
}

impl AppointmentState {
    pub const ALL: [AppointmentState; 7] = [
        AppointmentState::Held,
        AppointmentState::Released,
        AppointmentState::Booked,
        AppointmentState::Cancelled,
        AppointmentState::Arrived,
        AppointmentState::Served,
        AppointmentState::NoShow,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AppointmentState::Held => "held",
            AppointmentState::Released => "released",
            AppointmentState::Booked => "booked",
            AppointmentState::Cancelled => "cancelled",
            AppointmentState::Arrived => "arrived",
            AppointmentState::Served => "served",
            AppointmentState::NoShow => "no_show",
        }
    }

    pub fn from_code(code: &str) -> Option<AppointmentState> {
        AppointmentState::ALL.into_iter().find(|state| state.code() == code)
    }

    /// Whether the appointment keeps its counter's time.
    pub fn keeps_its_time(self) -> bool {
        !matches!(self, AppointmentState::Released | AppointmentState::Cancelled)
    }
}

/// A slot to hold while the flow is completed.
pub struct NewHold<'a> {
    pub office: &'a str,
    pub service: &'a str,
    pub slot: Slot,
    pub minutes: u32,
    pub counters: u32,
    pub locale: Locale,
    pub account_id: Option<&'a str>,
    /// SHA-256 of the key the flow's links carry.
    pub key_hash: &'a str,
    pub expires_at: i64,
    pub now: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HoldOutcome {
    Held {
        id: String,
        counter: u32,
    },
    /// Every counter is taken for some of that time.
    Taken,
}

/// Takes every tick of a slot on one counter for `id`, inside the caller's
/// transaction; false as soon as one is someone else's.
async fn take_ticks(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    office: &str,
    slot: Slot,
    minutes: u32,
    counter: u32,
    id: &str,
) -> anyhow::Result<bool> {
    let day = slot.date.to_string();
    for tick in ticks(slot.start, minutes) {
        let inserted =
            sqlx::query("INSERT INTO appointment_ticks (office, day, counter_number, tick, appointment_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                .bind(office)
                .bind(&day)
                .bind(i64::from(counter))
                .bind(hhmm(tick))
                .bind(id)
                .execute(&mut **transaction)
                .await
                .context("cannot take a counter's time")?
                .rows_affected();
        if inserted == 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Holds the slot on the first counter free for its whole length.
#[tracing::instrument(skip_all)]
pub async fn hold_slot(pool: &AnyPool, hold: &NewHold<'_>) -> anyhow::Result<HoldOutcome> {
    release_expired_holds(pool, hold.now).await?;
    let id = uuid::Uuid::new_v4().to_string();
    let day = hold.slot.date.to_string();
    for counter in 1..=hold.counters {
        let mut transaction = pool.begin().await.context("cannot begin holding a slot")?;
        if !take_ticks(&mut transaction, hold.office, hold.slot, hold.minutes, counter, &id).await? {
            transaction.rollback().await.context("cannot give a counter's time back")?;
            continue;
        }
        sqlx::query(
            "INSERT INTO appointments (id, key_hash, office, service, day, starts, minutes, counter_number, state, hold_expires_at, account_id, locale, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        )
        .bind(&id)
        .bind(hold.key_hash)
        .bind(hold.office)
        .bind(hold.service)
        .bind(&day)
        .bind(hhmm(hold.slot.start))
        .bind(i64::from(hold.minutes))
        .bind(i64::from(counter))
        .bind(AppointmentState::Held.code())
        .bind(hold.expires_at)
        .bind(hold.account_id)
        .bind(hold.locale.language_tag())
        .bind(hold.now)
        .execute(&mut *transaction)
        .await
        .context("cannot record a hold")?;
        transaction.commit().await.context("cannot commit a hold")?;
        return Ok(HoldOutcome::Held { id, counter });
    }
    Ok(HoldOutcome::Taken)
}

/// Frees the time of every hold expired by `now` (nobody is told: nothing
/// was booked); returns how many.
#[tracing::instrument(skip_all)]
pub async fn release_expired_holds(pool: &AnyPool, now: i64) -> anyhow::Result<u64> {
    let expired: Vec<String> = sqlx::query_scalar("SELECT id FROM appointments WHERE state = $1 AND hold_expires_at <= $2")
        .bind(AppointmentState::Held.code())
        .bind(now)
        .fetch_all(pool)
        .await
        .context("cannot read the expired holds")?;
    let mut released = 0;
    for id in expired {
        if change_state(pool, &id, AppointmentStep::Release, now).await? == StepOutcome::Done {
            released += 1;
        }
    }
    Ok(released)
}

/// How often expired holds are freed (they take no time in the free slots
/// even before: this only tidies their ticks away).
pub const HOLD_RELEASE_INTERVAL_SECONDS: u64 = 60;

pub async fn run_hold_release_job(pool: AnyPool, clock: crate::clock::Clock, shutdown: tokio::sync::watch::Receiver<bool>) {
    crate::jobs::run_every(HOLD_RELEASE_INTERVAL_SECONDS, "releasing expired appointment holds failed; it runs again at the next tick", shutdown, || {
        release_expired_holds(&pool, clock.now_unix_seconds())
    })
    .await
}

/// Who the appointment is for, as the flow collected it.
pub struct Applicant<'a> {
    pub account_id: Option<&'a str>,
    pub name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub details: &'a str,
}

/// A change of an appointment's state.
pub enum AppointmentStep<'a> {
    /// The hold becomes a booking, for this applicant (while the hold lasts).
    Book(Applicant<'a>),
    /// An expired hold gives its time back.
    Release,
    /// The citizen (or the office) cancels: the time is free again.
    Cancel,
    /// A booking to another slot, on the first counter free for it (its
    /// calendar file's sequence goes up, and a new reminder is due).
    Move {
        slot: Slot,
        minutes: u32,
        counters: u32,
    },
    Arrive,
    Serve,
    NoShow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    Done,
    /// Already in the state the step leads to (a double submit): nothing changed.
    AlreadyDone,
    /// Not from where the appointment stands (an expired hold, a cancelled booking).
    NotAllowed,
    /// A move to a slot every counter has taken.
    Taken,
}

/// Moves an appointment on; every state change goes through here.
#[tracing::instrument(skip_all)]
pub async fn change_state(pool: &AnyPool, id: &str, step: AppointmentStep<'_>, now: i64) -> anyhow::Result<StepOutcome> {
    if let AppointmentStep::Move { slot, minutes, counters } = step {
        return move_booking(pool, id, slot, minutes, counters, now).await;
    }
    let (from, to) = match &step {
        AppointmentStep::Book(_) => (AppointmentState::Held, AppointmentState::Booked),
        AppointmentStep::Release => (AppointmentState::Held, AppointmentState::Released),
        AppointmentStep::Cancel => (AppointmentState::Booked, AppointmentState::Cancelled),
        AppointmentStep::Arrive => (AppointmentState::Booked, AppointmentState::Arrived),
        AppointmentStep::Serve => (AppointmentState::Arrived, AppointmentState::Served),
        AppointmentStep::NoShow => (AppointmentState::Booked, AppointmentState::NoShow),
        AppointmentStep::Move { .. } => (AppointmentState::Booked, AppointmentState::Booked),
    };
    let mut transaction = pool.begin().await.context("cannot begin an appointment's step")?;
    let changed = match &step {
        AppointmentStep::Book(applicant) => {
            sqlx::query(
                "UPDATE appointments SET state = $1, account_id = COALESCE($2, account_id), name = $3, email = NULLIF($4, ''), phone = NULLIF($5, ''), details = $6, \
             hold_expires_at = NULL, booked_at = $7, updated_at = $7 WHERE id = $8 AND state = $9 AND hold_expires_at > $7",
            )
            .bind(to.code())
            .bind(applicant.account_id)
            .bind(applicant.name)
            .bind(applicant.email)
            .bind(applicant.phone)
            .bind(applicant.details)
            .bind(now)
            .bind(id)
            .bind(from.code())
            .execute(&mut *transaction)
            .await
        }
        AppointmentStep::Release => {
            sqlx::query("UPDATE appointments SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4 AND hold_expires_at <= $2")
                .bind(to.code())
                .bind(now)
                .bind(id)
                .bind(from.code())
                .execute(&mut *transaction)
                .await
        }
        _ => {
            sqlx::query("UPDATE appointments SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4")
                .bind(to.code())
                .bind(now)
                .bind(id)
                .bind(from.code())
                .execute(&mut *transaction)
                .await
        }
    }
    .context("cannot change an appointment's state")?
    .rows_affected();
    if changed == 0 {
        transaction.rollback().await.context("cannot end an appointment's step")?;
        let state: Option<String> =
            sqlx::query_scalar("SELECT state FROM appointments WHERE id = $1").bind(id).fetch_optional(pool).await.context("cannot read an appointment")?;
        return Ok(if state.as_deref() == Some(to.code()) { StepOutcome::AlreadyDone } else { StepOutcome::NotAllowed });
    }
    if !to.keeps_its_time() {
        sqlx::query("DELETE FROM appointment_ticks WHERE appointment_id = $1")
            .bind(id)
            .execute(&mut *transaction)
            .await
            .context("cannot free an appointment's time")?;
    }
    transaction.commit().await.context("cannot commit an appointment's step")?;
    Ok(StepOutcome::Done)
}

/// A booking's time given up and the new slot's taken in one transaction,
/// so that moving within its own time works and a failed move keeps it.
async fn move_booking(pool: &AnyPool, id: &str, slot: Slot, minutes: u32, counters: u32, now: i64) -> anyhow::Result<StepOutcome> {
    let current: Option<(String, String, String, String)> = sqlx::query_as("SELECT office, day, starts, state FROM appointments WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
        .context("cannot read an appointment")?;
    let Some((office, day, starts, state)) = current else {
        return Ok(StepOutcome::NotAllowed);
    };
    if state != AppointmentState::Booked.code() {
        return Ok(StepOutcome::NotAllowed);
    }
    if day == slot.date.to_string() && starts == hhmm(slot.start) {
        return Ok(StepOutcome::AlreadyDone);
    }
    for counter in 1..=counters {
        let mut transaction = pool.begin().await.context("cannot begin moving an appointment")?;
        sqlx::query("DELETE FROM appointment_ticks WHERE appointment_id = $1")
            .bind(id)
            .execute(&mut *transaction)
            .await
            .context("cannot give an appointment's time up")?;
        if !take_ticks(&mut transaction, &office, slot, minutes, counter, id).await? {
            transaction.rollback().await.context("cannot keep an appointment's time")?;
            continue;
        }
        let moved = sqlx::query(
            "UPDATE appointments SET day = $1, starts = $2, minutes = $3, counter_number = $4, sequence = sequence + 1, reminded_at = NULL, updated_at = $5 \
             WHERE id = $6 AND state = $7",
        )
        .bind(slot.date.to_string())
        .bind(hhmm(slot.start))
        .bind(i64::from(minutes))
        .bind(i64::from(counter))
        .bind(now)
        .bind(id)
        .bind(AppointmentState::Booked.code())
        .execute(&mut *transaction)
        .await
        .context("cannot move an appointment")?
        .rows_affected();
        if moved == 0 {
            transaction.rollback().await.context("cannot keep an appointment's time")?;
            return Ok(StepOutcome::NotAllowed);
        }
        transaction.commit().await.context("cannot commit an appointment's move")?;
        return Ok(StepOutcome::Done);
    }
    Ok(StepOutcome::Taken)
}

/// What a hold's steps fill in before it is booked.
pub enum HoldPart<'a> {
    Details(&'a str),
    Applicant { account_id: Option<&'a str>, registered_by: Option<&'a str>, name: &'a str, email: Option<&'a str>, phone: Option<&'a str> },
}

/// Keeps a step's answers on a hold still open; false when it is not.
#[tracing::instrument(skip_all)]
pub async fn save_hold_part(pool: &AnyPool, id: &str, part: HoldPart<'_>, now: i64) -> anyhow::Result<bool> {
    let query = match part {
        HoldPart::Details(details) => {
            sqlx::query("UPDATE appointments SET details = $1, updated_at = $2 WHERE id = $3 AND state = $4 AND hold_expires_at > $2")
                .bind(details.to_string())
                .bind(now)
                .bind(id.to_string())
                .bind(AppointmentState::Held.code())
        }
        HoldPart::Applicant { account_id, registered_by, name, email, phone } => sqlx::query(
            "UPDATE appointments SET account_id = COALESCE($1, account_id), name = $2, email = $3, phone = $4, updated_at = $5, registered_by = $8 \
             WHERE id = $6 AND state = $7 AND hold_expires_at > $5",
        )
        .bind(account_id.map(str::to_string))
        .bind(name.to_string())
        .bind(email.map(str::to_string))
        .bind(phone.map(str::to_string))
        .bind(now)
        .bind(id.to_string())
        .bind(AppointmentState::Held.code())
        .bind(registered_by.map(str::to_string)),
    };
    Ok(query.execute(pool).await.context("cannot keep a booking's step")?.rows_affected() == 1)
}

/// The ticks taken at an office between two days (inclusive), by counter;
/// a hold expired by `now` takes none.
#[tracing::instrument(skip_all)]
pub async fn busy_ticks(pool: &AnyPool, office: &str, from: Date, until: Date, now: i64) -> anyhow::Result<HashSet<(Date, u32, Time)>> {
    let rows = sqlx::query(
        "SELECT t.day, t.counter_number, t.tick FROM appointment_ticks t JOIN appointments a ON a.id = t.appointment_id \
         WHERE t.office = $1 AND t.day >= $2 AND t.day <= $3 AND NOT (a.state = $4 AND a.hold_expires_at <= $5)",
    )
    .bind(office)
    .bind(from.to_string())
    .bind(until.to_string())
    .bind(AppointmentState::Held.code())
    .bind(now)
    .fetch_all(pool)
    .await
    .context("cannot read an office's taken time")?;
    let mut busy = HashSet::new();
    for row in &rows {
        let day: String = row.try_get("day")?;
        let counter: i64 = row.try_get("counter_number")?;
        let tick: String = row.try_get("tick")?;
        if let (Some(day), Ok(counter), Some(tick)) = (app::practices::validation::parse_date(&day), u32::try_from(counter), clock_time(&tick)) {
            busy.insert((day, counter, tick));
        }
    }
    Ok(busy)
}

/// An appointment as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppointmentRecord {
    pub id: String,
    pub office: String,
    pub service: String,
    pub slot: Slot,
    pub minutes: u32,
    pub counter: u32,
    pub state: AppointmentState,
    pub hold_expires_at: Option<i64>,
    pub account_id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub details: Option<String>,
    /// The clerk who registered it for someone who phoned.
    pub registered_by: Option<String>,
    pub locale: Locale,
    pub sequence: i64,
}

const RECORD_COLUMNS: &str = "id, office, service, day, starts, minutes, counter_number, state, hold_expires_at, account_id, name, email, phone, details, \
     registered_by, locale, sequence";

fn record_of(row: &sqlx::any::AnyRow) -> anyhow::Result<AppointmentRecord> {
    let (day, starts, state, locale): (String, String, String, String) =
        (row.try_get("day")?, row.try_get("starts")?, row.try_get("state")?, row.try_get("locale")?);
    let slot = Slot {
        date: app::practices::validation::parse_date(&day).context("a stored appointment's day")?,
        start: clock_time(&starts).context("a stored appointment's time")?,
    };
    Ok(AppointmentRecord {
        id: row.try_get("id")?,
        office: row.try_get("office")?,
        service: row.try_get("service")?,
        slot,
        minutes: u32::try_from(row.try_get::<i64, _>("minutes")?).context("a stored length")?,
        counter: u32::try_from(row.try_get::<i64, _>("counter_number")?).context("a stored counter")?,
        state: AppointmentState::from_code(&state).with_context(|| format!("unknown appointment state {state}"))?,
        hold_expires_at: row.try_get("hold_expires_at")?,
        account_id: row.try_get("account_id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        details: row.try_get("details")?,
        registered_by: row.try_get("registered_by")?,
        locale: Locale::from_language_tag(&locale).unwrap_or_default(),
        sequence: row.try_get("sequence")?,
    })
}

/// The appointment a flow's or a mail's key opens.
#[tracing::instrument(skip_all)]
pub async fn appointment_by_key(pool: &AnyPool, key_hash: &str) -> anyhow::Result<Option<AppointmentRecord>> {
    let row = sqlx::query(&format!("SELECT {RECORD_COLUMNS} FROM appointments WHERE key_hash = $1"))
        .bind(key_hash)
        .fetch_optional(pool)
        .await
        .context("cannot read an appointment")?;
    row.as_ref().map(record_of).transpose()
}

/// A citizen's own appointment, by its id (None when it is someone else's).
#[tracing::instrument(skip_all)]
pub async fn appointment_of_account(pool: &AnyPool, account_id: &str, id: &str) -> anyhow::Result<Option<AppointmentRecord>> {
    let row = sqlx::query(&format!("SELECT {RECORD_COLUMNS} FROM appointments WHERE id = $1 AND account_id = $2"))
        .bind(id)
        .bind(account_id)
        .fetch_optional(pool)
        .await
        .context("cannot read an appointment")?;
    row.as_ref().map(record_of).transpose()
}

/// A citizen's bookings (not holds), the latest day first.
#[tracing::instrument(skip_all)]
pub async fn appointments_of_account(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<AppointmentRecord>> {
    let rows =
        sqlx::query(&format!("SELECT {RECORD_COLUMNS} FROM appointments WHERE account_id = $1 AND state NOT IN ($2, $3) ORDER BY day DESC, starts DESC"))
            .bind(account_id)
            .bind(AppointmentState::Held.code())
            .bind(AppointmentState::Released.code())
            .fetch_all(pool)
            .await
            .context("cannot read a citizen's appointments")?;
    rows.iter().map(record_of).collect()
}

/// An appointment in the counter's agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaRecord {
    pub id: String,
    pub office: String,
    pub service: String,
    pub starts: String,
    pub minutes: i64,
    pub counter: i64,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub state: String,
}

/// The day's bookings (not holds, not cancelled) at these offices (all when None), by time.
#[tracing::instrument(skip_all)]
pub async fn agenda_of(pool: &AnyPool, offices: Option<&[String]>, day: Date) -> anyhow::Result<Vec<AgendaRecord>> {
    let rows = sqlx::query(
        "SELECT id, office, service, starts, minutes, counter_number, name, phone, email, state FROM appointments \
         WHERE day = $1 AND state IN ($2, $3, $4, $5) ORDER BY starts, counter_number",
    )
    .bind(day.to_string())
    .bind(AppointmentState::Booked.code())
    .bind(AppointmentState::Arrived.code())
    .bind(AppointmentState::Served.code())
    .bind(AppointmentState::NoShow.code())
    .fetch_all(pool)
    .await
    .context("cannot read a day's appointments")?;
    let mut records = Vec::new();
    for row in &rows {
        let office: String = row.try_get("office")?;
        if offices.is_some_and(|offices| !offices.contains(&office)) {
            continue;
        }
        records.push(AgendaRecord {
            id: row.try_get("id")?,
            office,
            service: row.try_get("service")?,
            starts: row.try_get("starts")?,
            minutes: row.try_get("minutes")?,
            counter: row.try_get("counter_number")?,
            name: row.try_get("name")?,
            phone: row.try_get("phone")?,
            email: row.try_get("email")?,
            state: row.try_get("state")?,
        });
    }
    Ok(records)
}

/// An appointment's office and day, by its id.
pub async fn office_and_day_of(pool: &AnyPool, id: &str) -> anyhow::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT office, day FROM appointments WHERE id = $1").bind(id).fetch_optional(pool).await.context("cannot read an appointment")
}
