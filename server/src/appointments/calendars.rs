//! The offices' calendars: read from `content/appointments.toml` (checked
//! at start: a mistake names the office), written into the database for an
//! office that has none yet, and read back from there (where administrators
//! change them).

use anyhow::{anyhow, Context};
use app::appointments::model::{clock_time, hhmm, is_slot_length, parse_hours_line, OfficeSchedule, OpeningSpan, WEEKDAY_NAMES};
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;
use std::path::Path;

/// One office's calendar and its lengths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeCalendar {
    pub office: String,
    pub schedule: OfficeSchedule,
    pub slot_minutes: u32,
    pub notice_minutes: u32,
    /// A service's own length (a service sheet's slug).
    pub services: BTreeMap<String, u32>,
}

impl OfficeCalendar {
    /// How long an appointment for `service` lasts here.
    pub fn minutes_for(&self, service: &str) -> u32 {
        self.services.get(service).copied().unwrap_or(self.slot_minutes)
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarsFile {
    office: BTreeMap<String, OfficeEntry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficeEntry {
    counters: u32,
    slot_minutes: u32,
    notice_minutes: u32,
    hours: Vec<String>,
    closures: Vec<String>,
    #[serde(default)]
    services: BTreeMap<String, u32>,
}

/// `lun-ven 08:30-12:30`, `gio 14:00-17:30`: the spans of those weekdays.
pub fn spans_of(line: &str) -> anyhow::Result<Vec<OpeningSpan>> {
    parse_hours_line(line).ok_or_else(|| anyhow!("«{line}» is not «days HH:MM-HH:MM» (days: lun, mar, mer, gio, ven, sab, dom, or a range lun-ven)"))
}

fn check_minutes(minutes: u32, what: &str) -> anyhow::Result<u32> {
    anyhow::ensure!(is_slot_length(minutes), "{what}: {minutes} minutes (5 to 240, in fives)");
    Ok(minutes)
}

fn calendar_of(office: &str, entry: &OfficeEntry) -> anyhow::Result<OfficeCalendar> {
    let mut spans = Vec::new();
    for line in &entry.hours {
        spans.extend(spans_of(line)?);
    }
    let closures = entry
        .closures
        .iter()
        .map(|day| app::practices::validation::parse_date(day).filter(|_| day.len() == 10).ok_or_else(|| anyhow!("closure {day} is not YYYY-MM-DD")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let schedule = OfficeSchedule::checked(spans, entry.counters, closures).map_err(|problems| anyhow!("{problems:?}"))?;
    let services =
        entry.services.iter().map(|(service, minutes)| Ok((service.clone(), check_minutes(*minutes, service)?))).collect::<anyhow::Result<BTreeMap<_, _>>>()?;
    Ok(OfficeCalendar {
        office: office.to_string(),
        schedule,
        slot_minutes: check_minutes(entry.slot_minutes, "slot_minutes")?,
        notice_minutes: entry.notice_minutes,
        services,
    })
}

/// Every office's calendar in `appointments.toml`; each office must be one of `known_offices`.
pub fn load_calendars(content_dir: &Path, known_offices: &[&str]) -> anyhow::Result<Vec<OfficeCalendar>> {
    let path = content_dir.join("appointments.toml");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let file: CalendarsFile = toml::from_str(&text).with_context(|| format!("{} is not the offices' calendars", path.display()))?;
    file.office
        .iter()
        .map(|(office, entry)| {
            anyhow::ensure!(known_offices.contains(&office.as_str()), "{office} is not an office of offices.toml");
            calendar_of(office, entry).with_context(|| format!("{}: office {office}", path.display()))
        })
        .collect()
}

/// Writes the calendars of the offices that have none in the database yet
/// (an administrator's changes are never overwritten by the file).
#[tracing::instrument(skip_all)]
pub async fn store_missing_calendars(pool: &AnyPool, calendars: &[OfficeCalendar], now: i64) -> anyhow::Result<()> {
    // One read at every start; a transaction only for an office not written yet.
    let stored = calendar_offices(pool).await?;
    for calendar in calendars.iter().filter(|calendar| !stored.contains(&calendar.office)) {
        let mut transaction = pool.begin().await.context("cannot begin writing a calendar")?;
        let inserted = sqlx::query(
            "INSERT INTO appointment_offices (office, counters, slot_minutes, notice_minutes, updated_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (office) DO NOTHING",
        )
        .bind(&calendar.office)
        .bind(i64::from(calendar.schedule.counters))
        .bind(i64::from(calendar.slot_minutes))
        .bind(i64::from(calendar.notice_minutes))
        .bind(now)
        .execute(&mut *transaction)
        .await
        .context("cannot write an office's calendar")?
        .rows_affected();
        if inserted == 0 {
            transaction.rollback().await.context("cannot end a calendar's transaction")?;
            continue;
        }
        write_calendar_rows(&mut transaction, calendar).await?;
        transaction.commit().await.context("cannot commit an office's calendar")?;
    }
    Ok(())
}

/// The hours, closures and services' lengths of a calendar (its office's rows are absent).
async fn write_calendar_rows(transaction: &mut sqlx::Transaction<'_, sqlx::Any>, calendar: &OfficeCalendar) -> anyhow::Result<()> {
    for span in &calendar.schedule.spans {
        sqlx::query("INSERT INTO appointment_hours (office, weekday, opens, closes) VALUES ($1, $2, $3, $4)")
            .bind(&calendar.office)
            .bind(i64::from(span.weekday.number_from_monday()))
            .bind(hhmm(span.from))
            .bind(hhmm(span.to))
            .execute(&mut **transaction)
            .await
            .context("cannot write an office's hours")?;
    }
    for day in &calendar.schedule.closures {
        sqlx::query("INSERT INTO appointment_closures (office, day) VALUES ($1, $2)")
            .bind(&calendar.office)
            .bind(day.to_string())
            .execute(&mut **transaction)
            .await
            .context("cannot write an office's closure")?;
    }
    for (service, minutes) in &calendar.services {
        sqlx::query("INSERT INTO appointment_services (office, service, minutes) VALUES ($1, $2, $3)")
            .bind(&calendar.office)
            .bind(service)
            .bind(i64::from(*minutes))
            .execute(&mut **transaction)
            .await
            .context("cannot write a service's length")?;
    }
    Ok(())
}

/// An administrator's calendar for an office replaces the one on record
/// (bookings already made keep their time). False for an office that takes
/// no appointments.
#[tracing::instrument(skip_all)]
pub async fn save_calendar(pool: &AnyPool, calendar: &OfficeCalendar, by: &str, now: i64) -> anyhow::Result<bool> {
    let mut transaction = pool.begin().await.context("cannot begin saving a calendar")?;
    let updated =
        sqlx::query("UPDATE appointment_offices SET counters = $1, slot_minutes = $2, notice_minutes = $3, updated_at = $4, updated_by = $5 WHERE office = $6")
            .bind(i64::from(calendar.schedule.counters))
            .bind(i64::from(calendar.slot_minutes))
            .bind(i64::from(calendar.notice_minutes))
            .bind(now)
            .bind(by)
            .bind(&calendar.office)
            .execute(&mut *transaction)
            .await
            .context("cannot save an office's calendar")?
            .rows_affected();
    if updated == 0 {
        transaction.rollback().await.context("cannot end a calendar's transaction")?;
        return Ok(false);
    }
    for table in ["appointment_hours", "appointment_closures", "appointment_services"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE office = $1"))
            .bind(&calendar.office)
            .execute(&mut *transaction)
            .await
            .with_context(|| format!("cannot clear {table}"))?;
    }
    write_calendar_rows(&mut transaction, calendar).await?;
    transaction.commit().await.context("cannot commit an office's calendar")?;
    Ok(true)
}

/// The offices that take appointments, in order.
pub async fn calendar_offices(pool: &AnyPool) -> anyhow::Result<Vec<String>> {
    sqlx::query_scalar("SELECT office FROM appointment_offices ORDER BY office").fetch_all(pool).await.context("cannot list the offices' calendars")
}

/// An office's calendar as the database holds it; None for an office that takes no appointments.
#[tracing::instrument(skip_all)]
pub async fn calendar_of_office(pool: &AnyPool, office: &str) -> anyhow::Result<Option<OfficeCalendar>> {
    let Some(row) = sqlx::query("SELECT counters, slot_minutes, notice_minutes FROM appointment_offices WHERE office = $1")
        .bind(office)
        .fetch_optional(pool)
        .await
        .context("cannot read an office's calendar")?
    else {
        return Ok(None);
    };
    let number =
        |name: &str| -> anyhow::Result<u32> { u32::try_from(row.try_get::<i64, _>(name)?).with_context(|| format!("a stored {name} is out of range")) };
    let (counters, slot_minutes, notice_minutes) = (number("counters")?, number("slot_minutes")?, number("notice_minutes")?);
    let mut spans = Vec::new();
    let hours: Vec<(i64, String, String)> = sqlx::query_as("SELECT weekday, opens, closes FROM appointment_hours WHERE office = $1 ORDER BY weekday, opens")
        .bind(office)
        .fetch_all(pool)
        .await
        .context("cannot read an office's hours")?;
    for (weekday, opens, closes) in hours {
        let weekday =
            WEEKDAY_NAMES.get(usize::try_from(weekday - 1).unwrap_or(usize::MAX)).map(|(_, weekday)| *weekday).context("a stored weekday is out of range")?;
        let (from, to) = (clock_time(&opens).context("a stored opening time")?, clock_time(&closes).context("a stored closing time")?);
        spans.push(OpeningSpan { weekday, from, to });
    }
    let closures: Vec<String> = sqlx::query_scalar("SELECT day FROM appointment_closures WHERE office = $1 ORDER BY day")
        .bind(office)
        .fetch_all(pool)
        .await
        .context("cannot read an office's closures")?;
    let closures = closures.iter().filter_map(|day| app::practices::validation::parse_date(day)).collect();
    let services: Vec<(String, i64)> = sqlx::query_as("SELECT service, minutes FROM appointment_services WHERE office = $1")
        .bind(office)
        .fetch_all(pool)
        .await
        .context("cannot read the services' lengths")?;
    let schedule =
        OfficeSchedule::checked(spans, counters, closures).map_err(|problems| anyhow!("the stored calendar of {office} is invalid: {problems:?}"))?;
    Ok(Some(OfficeCalendar {
        office: office.to_string(),
        schedule,
        slot_minutes,
        notice_minutes,
        services: services.into_iter().filter_map(|(service, minutes)| u32::try_from(minutes).ok().map(|minutes| (service, minutes))).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::time;
    use time::Weekday;

    #[test]
    fn a_line_of_hours_names_its_weekdays_and_span() {
        let spans = spans_of("lun-ven 08:30-12:30").unwrap();
        assert_eq!(spans.len(), 5);
        assert_eq!(spans[4], OpeningSpan { weekday: Weekday::Friday, from: time!(8:30), to: time!(12:30) });
        assert_eq!(spans_of("gio 14:00-17:30").unwrap(), vec![OpeningSpan { weekday: Weekday::Thursday, from: time!(14:00), to: time!(17:30) }]);
        assert!(spans_of("giovedì 14:00-17:30").is_err());
        assert!(spans_of("gio 14-17").is_err());
    }

    #[test]
    fn the_repository_calendars_read_and_every_office_takes_appointments() {
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let offices = crate::guide::content::GuideContent::load(&content).unwrap().offices;
        let known: Vec<&str> = offices.keys().map(String::as_str).collect();
        let calendars = load_calendars(&content, &known).unwrap();
        assert_eq!(calendars.len(), known.len(), "every office of offices.toml has a calendar");
        let registry = calendars.iter().find(|calendar| calendar.office == "anagrafe").unwrap();
        assert_eq!(registry.minutes_for("cambio-di-residenza"), 30);
        assert_eq!(registry.minutes_for("tessera-elettorale"), 20);
        assert!(load_calendars(&content, &["anagrafe"]).is_err(), "an office not in offices.toml is refused");
    }
}
