//! What the standards are measured from, read for one year, and the PIN
//! counter log.

use anyhow::Context;
use app::practices::calendar::rome_date_of_unix_seconds;
use app::standards::model::{PinCard, PinLogEntry, StandardsData, TimedCase};
use sqlx::{AnyPool, Row};

/// The Unix seconds that surely cover `year` in Rome (a day either side:
/// the model keeps each case by its day in Rome).
fn year_range(year: i32) -> (i64, i64) {
    let start = time::Date::from_calendar_date(year, time::Month::January, 1).map(|day| day.midnight().assume_utc().unix_timestamp()).unwrap_or(0);
    let end = time::Date::from_calendar_date(year + 1, time::Month::January, 1).map(|day| day.midnight().assume_utc().unix_timestamp()).unwrap_or(0);
    (start - 86_400, end + 86_400)
}

fn timed_cases(rows: &[sqlx::any::AnyRow], received: &str, answered: &str) -> Result<Vec<TimedCase>, sqlx::Error> {
    rows.iter()
        .map(|row| {
            Ok(TimedCase {
                received: rome_date_of_unix_seconds(row.try_get(received)?),
                answered: row.try_get::<Option<i64>, _>(answered)?.map(rome_date_of_unix_seconds),
            })
        })
        .collect()
}

#[tracing::instrument(skip_all)]
pub async fn standards_data(pool: &AnyPool, year: i32) -> anyhow::Result<StandardsData> {
    let (from, until) = year_range(year);
    let procedures: Vec<i64> =
        sqlx::query_scalar("SELECT MIN(v.published_at) FROM procedures p JOIN procedure_versions v ON v.slug = p.slug WHERE p.active = 1 GROUP BY p.slug")
            .fetch_all(pool)
            .await
            .context("cannot read the procedures online")?;
    let pins = sqlx::query("SELECT at, on_the_spot FROM pin_handovers WHERE at >= $1 AND at < $2")
        .bind(from)
        .bind(until)
        .fetch_all(pool)
        .await
        .context("cannot read the PIN counter log")?;
    let requests = sqlx::query("SELECT received_at, answered_at FROM information_requests WHERE received_at >= $1 AND received_at < $2")
        .bind(from)
        .bind(until)
        .fetch_all(pool)
        .await
        .context("cannot read the information requests")?;
    // A report is answered by the office's first public note, solution or
    // reasoned closing after it was filed (a clerk's registration is not one).
    let reports = sqlx::query(
        "SELECT r.created_at, (SELECT MIN(e.at) FROM report_events e WHERE e.report_number = r.number AND e.actor = 'ufficio' AND e.sequence > 1 \
         AND ((e.note IS NOT NULL AND e.note <> '') OR e.status IN ('risolta', 'non-di-competenza', 'duplicata'))) AS answered_at \
         FROM reports r WHERE r.created_at >= $1 AND r.created_at < $2",
    )
    .bind(from)
    .bind(until)
    .fetch_all(pool)
    .await
    .context("cannot read the reports' answers")?;
    // Complaints and suggestions share the reports' 30 working days.
    let complaints = crate::complaints::store::answer_times(pool, from, until).await?;
    let windows = crate::maintenance::store::scheduled_windows(pool).await?;
    Ok(StandardsData {
        procedures: procedures.into_iter().map(|published| (rome_date_of_unix_seconds(published), None)).collect(),
        pin_handovers: pins
            .iter()
            .map(|row| Ok((rome_date_of_unix_seconds(row.try_get("at")?), row.try_get::<i64, _>("on_the_spot")? != 0)))
            .collect::<Result<_, sqlx::Error>>()
            .context("cannot read a PIN handover")?,
        information_requests: timed_cases(&requests, "received_at", "answered_at").context("cannot read an information request")?,
        reports: timed_cases(&reports, "created_at", "answered_at")
            .context("cannot read a report")?
            .into_iter()
            .chain(
                complaints
                    .into_iter()
                    .map(|(received, answered)| TimedCase { received: rome_date_of_unix_seconds(received), answered: answered.map(rome_date_of_unix_seconds) }),
            )
            .collect(),
        maintenance_days: windows.iter().flat_map(|window| window.days()).collect(),
    })
}

/// The first year the portal has anything to measure (its first procedure).
#[tracing::instrument(skip_all)]
pub async fn first_year(pool: &AnyPool) -> anyhow::Result<Option<i32>> {
    let first: Option<i64> =
        sqlx::query_scalar("SELECT MIN(published_at) FROM procedure_versions").fetch_one(pool).await.context("cannot read the first publication")?;
    Ok(first.map(|first| rome_date_of_unix_seconds(first).year()))
}

#[tracing::instrument(skip_all)]
pub async fn note_pin_handover(pool: &AnyPool, card: PinCard, on_the_spot: bool, reason: Option<&str>, clerk: &str, now: i64) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO pin_handovers (id, at, card, on_the_spot, reason, noted_by) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(now)
        .bind(card.code())
        .bind(i64::from(on_the_spot))
        .bind(reason)
        .bind(clerk)
        .execute(pool)
        .await
        .context("cannot note a PIN handover")?;
    Ok(())
}

/// The handovers noted since `since`, newest first.
#[tracing::instrument(skip_all)]
pub async fn pin_log_since(pool: &AnyPool, since: i64) -> anyhow::Result<Vec<PinLogEntry>> {
    let rows = sqlx::query("SELECT at, card, on_the_spot, reason FROM pin_handovers WHERE at >= $1 ORDER BY at DESC, id DESC")
        .bind(since)
        .fetch_all(pool)
        .await
        .context("cannot read the PIN counter log")?;
    rows.iter()
        .map(|row| {
            Ok(PinLogEntry {
                at: row.try_get("at")?,
                card: PinCard::parse(&row.try_get::<String, _>("card")?).unwrap_or(PinCard::Cns),
                on_the_spot: row.try_get::<i64, _>("on_the_spot")? != 0,
                reason: row.try_get("reason")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .context("cannot read a PIN handover")
}
