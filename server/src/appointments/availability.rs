//! What the booking flow offers: the services bookable at an office (the
//! service sheets booked at the counter whose office it is, and the general
//! reason), their length there, and the free days and slots from now plus
//! the office's notice to the horizon. The pages and the handlers that hold
//! or move a slot ask the same functions, so a slot posted is checked
//! against exactly what was shown.

use super::calendars::{calendar_of_office, OfficeCalendar};
use super::store::busy_ticks;
use app::appointments::booking::{last_bookable_day, OTHER_SERVICE};
use app::appointments::model::{free_days, free_slots, Slot};
use app::practices::calendar::{rome_date_of_unix_seconds, WorkingDayCalendar};
use sqlx::AnyPool;
use std::collections::BTreeMap;
use time::{Date, Month};

/// A service sheet booked at the counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookableService {
    /// Its competent office.
    pub office: String,
    /// What to bring (the sheet's list).
    pub needed: Vec<String>,
}

/// The service sheets booked at the counter, by slug.
pub type BookableServices = std::sync::Arc<BTreeMap<String, BookableService>>;

/// The services offered at an office: its sheets', then the general reason.
pub fn services_at(bookable: &BTreeMap<String, BookableService>, office: &str) -> Vec<String> {
    bookable.iter().filter(|(_, service)| service.office == office).map(|(slug, _)| slug.clone()).chain([OTHER_SERVICE.to_string()]).collect()
}

/// A service at an office, with the office's calendar.
pub struct Offer {
    pub calendar: OfficeCalendar,
    pub service: String,
    pub minutes: u32,
}

/// The offer of `service` at `office`; None when the office takes no
/// appointments or does not offer that service.
pub async fn offer(pool: &AnyPool, bookable: &BTreeMap<String, BookableService>, office: &str, service: &str) -> anyhow::Result<Option<Offer>> {
    if !services_at(bookable, office).iter().any(|offered| offered == service) {
        return Ok(None);
    }
    let Some(calendar) = calendar_of_office(pool, office).await? else {
        return Ok(None);
    };
    let minutes = calendar.minutes_for(service);
    Ok(Some(Offer { calendar, service: service.to_string(), minutes }))
}

impl Offer {
    /// The first instant a slot may start: now and the office's notice.
    fn not_before(&self, now: i64) -> i64 {
        now + i64::from(self.calendar.notice_minutes) * 60
    }

    /// The slots of `day` still free; none past the horizon.
    pub async fn free_slots(&self, pool: &AnyPool, day: Date, now: i64) -> anyhow::Result<Vec<Slot>> {
        if day > last_bookable_day(rome_date_of_unix_seconds(now)) {
            return Ok(Vec::new());
        }
        let busy = busy_ticks(pool, &self.calendar.office, day, day, now).await?;
        Ok(free_slots(&self.calendar.schedule, day, self.minutes, &WorkingDayCalendar::RHO, self.not_before(now), |counter, tick| {
            busy.contains(&(day, counter, tick))
        }))
    }

    /// The days of a month with a free slot, up to the horizon.
    pub async fn free_days(&self, pool: &AnyPool, year: i32, month: Month, now: i64) -> anyhow::Result<Vec<Date>> {
        let (Ok(first), horizon) = (Date::from_calendar_date(year, month, 1), last_bookable_day(rome_date_of_unix_seconds(now))) else {
            return Ok(Vec::new());
        };
        let last = first.replace_day(time::util::days_in_month(month, year)).unwrap_or(first);
        let busy = busy_ticks(pool, &self.calendar.office, first, last, now).await?;
        let days = free_days(&self.calendar.schedule, year, month, self.minutes, &WorkingDayCalendar::RHO, self.not_before(now), |day, counter, tick| {
            busy.contains(&(day, counter, tick))
        });
        Ok(days.into_iter().filter(|day| *day <= horizon).collect())
    }

    /// Whether `slot` is one of the service's slots at all (free or not).
    pub fn is_a_slot(&self, slot: Slot) -> bool {
        self.calendar.schedule.slot_starts(slot.date, self.minutes, &WorkingDayCalendar::RHO).contains(&slot.start)
    }
}
