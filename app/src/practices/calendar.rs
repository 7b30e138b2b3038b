//! Working days for legal time limits (SPEC 4 and 9). Saturdays, Sundays,
//! the Italian national holidays (Easter Monday included, and 4 October, San
//! Francesco, from 2026 by law 151/2025) and the tenant's patron day (Rho:
//! San Vittore, 8 May) are not working days. Pure: the wizard (WASM) and the
//! server compute the same expected completion date.

use serde::{Deserialize, Serialize};
use time::{Date, Month, Weekday};

/// Fixed-date national holidays (law 260/1949 and later amendments).
const FIXED_NATIONAL_HOLIDAYS: [(Month, u8); 10] = [
    (Month::January, 1),   // Capodanno
    (Month::January, 6),   // Epifania
    (Month::April, 25),    // Festa della Liberazione
    (Month::May, 1),       // Festa del Lavoro
    (Month::June, 2),      // Festa della Repubblica
    (Month::August, 15),   // Assunzione
    (Month::November, 1),  // Ognissanti
    (Month::December, 8),  // Immacolata Concezione
    (Month::December, 25), // Natale
    (Month::December, 26), // Santo Stefano
];

/// San Francesco d'Assisi is a national holiday again from this year on.
const SAINT_FRANCIS_HOLIDAY_FROM_YEAR: i32 = 2026;

/// Easter Sunday in the Gregorian calendar (the anonymous algorithm of 1876,
/// "Meeus/Jones/Butcher"), valid for every year from 1583.
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    let month = if month == 3 { Month::March } else { Month::April };
    Date::from_calendar_date(year, month, day as u8).expect("Easter falls between 22 March and 25 April")
}

/// How a legal time limit counts its days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    /// Every day counts; a limit ending on a non-working day moves to the next working day.
    Calendar,
    /// Only working days count.
    Working,
}

/// A period in which the time limit stands still (the office waits for the
/// citizen): days from `from` (inclusive) to `until` (exclusive) do not
/// count. `until` is None while the wait goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suspension {
    pub from: Date,
    pub until: Option<Date>,
}

impl Suspension {
    fn covers(&self, day: Date) -> bool {
        day >= self.from && self.until.is_none_or(|until| day < until)
    }
}

/// A tenant's working-day calendar: the national holidays plus its patron day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkingDayCalendar {
    patron_day: (Month, u8),
}

impl WorkingDayCalendar {
    /// Comune di Rho: San Vittore, 8 May.
    pub const RHO: WorkingDayCalendar = WorkingDayCalendar { patron_day: (Month::May, 8) };

    pub const fn with_patron_day(month: Month, day: u8) -> WorkingDayCalendar {
        WorkingDayCalendar { patron_day: (month, day) }
    }

    pub fn is_holiday(&self, date: Date) -> bool {
        let month_day = (date.month(), date.day());
        FIXED_NATIONAL_HOLIDAYS.contains(&month_day)
            || month_day == self.patron_day
            || (date.year() >= SAINT_FRANCIS_HOLIDAY_FROM_YEAR && month_day == (Month::October, 4))
            || easter_sunday(date.year()).next_day() == Some(date)
    }

    pub fn is_working_day(&self, date: Date) -> bool {
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.is_holiday(date)
    }

    /// The first working day on or after `date`.
    pub fn working_day_on_or_after(&self, mut date: Date) -> Date {
        while !self.is_working_day(date) {
            date = date.next_day().expect("dates stay far from the end of the calendar");
        }
        date
    }

    /// Working days in `(from, to]`: the day something starts does not count.
    pub fn working_days_between(&self, from: Date, to: Date) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = day.next_day().expect("dates stay far from the end of the calendar");
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }

    /// The last day of a limit of `days` counted from `start` (which does not
    /// count: "dies a quo non computatur"), skipping suspended days. None
    /// while a suspension is still open and reached before the limit ends.
    pub fn deadline(&self, start: Date, days: u32, count: DayCount, suspensions: &[Suspension]) -> Option<Date> {
        let mut remaining = days;
        let mut day = start;
        while remaining > 0 {
            day = day.next_day()?;
            if let Some(open) = suspensions.iter().find(|suspension| suspension.covers(day)) {
                open.until?;
                continue;
            }
            if count == DayCount::Calendar || self.is_working_day(day) {
                remaining -= 1;
            }
        }
        Some(match count {
            DayCount::Calendar => self.working_day_on_or_after(day),
            DayCount::Working => day,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    /// A second, independent Easter computation (Gauss's, with Lichtenberg's
    /// corrections) to check the first over the whole Gregorian range.
    fn easter_by_gauss(year: i32) -> Date {
        let k = year / 100;
        let m = 15 + (3 * k + 3) / 4 - (8 * k + 13) / 25;
        let s = 2 - (3 * k + 3) / 4;
        let a = year % 19;
        let d = (19 * a + m) % 30;
        let r = (d + a / 11) / 29;
        let og = 21 + d - r;
        let sz = 7 - (year + year / 4 + s) % 7;
        let oe = 7 - (og - sz) % 7;
        let os = og + oe; // day of March, may exceed 31
        let march_first = Date::from_calendar_date(year, Month::March, 1).unwrap();
        march_first + time::Duration::days(i64::from(os - 1))
    }

    #[test]
    fn easter_matches_known_dates() {
        for (year, easter) in [
            (1818, date!(1818 - 03 - 22)),
            (1943, date!(1943 - 04 - 25)),
            (2000, date!(2000 - 04 - 23)),
            (2019, date!(2019 - 04 - 21)),
            (2024, date!(2024 - 03 - 31)),
            (2025, date!(2025 - 04 - 20)),
            (2026, date!(2026 - 04 - 05)),
            (2027, date!(2027 - 03 - 28)),
            (2038, date!(2038 - 04 - 25)),
            (2285, date!(2285 - 03 - 22)),
        ] {
            assert_eq!(easter_sunday(year), easter, "Easter {year}");
        }
    }

    #[test]
    fn easter_agrees_with_gauss_over_the_gregorian_range() {
        for year in 1583..=4099 {
            assert_eq!(easter_sunday(year), easter_by_gauss(year), "Easter {year}");
        }
    }

    #[test]
    fn italian_holidays_and_the_patron_day() {
        let rho = WorkingDayCalendar::RHO;
        // Easter Monday.
        assert!(!rho.is_working_day(date!(2026 - 04 - 06)));
        assert!(rho.is_working_day(date!(2026 - 04 - 07)));
        assert!(!rho.is_working_day(date!(2025 - 04 - 21)));
        // 4 October: an ordinary Friday in 2024, a holiday from 2026 (a Monday in 2027).
        assert!(rho.is_working_day(date!(2024 - 10 - 04)));
        assert!(!rho.is_holiday(date!(2025 - 10 - 04)));
        assert!(rho.is_holiday(date!(2026 - 10 - 04)));
        assert!(!rho.is_working_day(date!(2027 - 10 - 04)));
        // San Vittore in Rho (Friday 8 May 2026), not elsewhere.
        assert!(!rho.is_working_day(date!(2026 - 05 - 08)));
        let milan = WorkingDayCalendar::with_patron_day(Month::December, 7);
        assert!(milan.is_working_day(date!(2026 - 05 - 08)));
        assert!(!milan.is_working_day(date!(2026 - 12 - 07)));
        // Fixed holidays and weekends.
        for holiday in [
            date!(2026 - 01 - 01),
            date!(2026 - 01 - 06),
            date!(2026 - 04 - 25),
            date!(2026 - 06 - 02),
            date!(2026 - 12 - 08),
            date!(2026 - 12 - 25),
            date!(2026 - 12 - 26),
        ] {
            assert!(rho.is_holiday(holiday), "{holiday}");
        }
        assert!(!rho.is_working_day(date!(2026 - 11 - 28)));
        assert!(!rho.is_working_day(date!(2026 - 11 - 29)));
        assert!(rho.is_working_day(date!(2026 - 11 - 30)));
    }

    #[test]
    fn deadlines_in_working_and_calendar_days() {
        let rho = WorkingDayCalendar::RHO;
        // Filed Thursday 30 April 2026: 1 May holiday, weekend, then 4-7 May, 8 May San Vittore, 11 May.
        assert_eq!(rho.deadline(date!(2026 - 04 - 30), 5, DayCount::Working, &[]), Some(date!(2026 - 05 - 11)));
        // 30 calendar days from 5 March 2026 end on Saturday 4 April, moved past Easter and Easter Monday.
        assert_eq!(rho.deadline(date!(2026 - 03 - 05), 30, DayCount::Calendar, &[]), Some(date!(2026 - 04 - 07)));
        // A 10-day wait for the citizen moves a calendar limit by 10 days.
        let wait = Suspension { from: date!(2026 - 02 - 10), until: Some(date!(2026 - 02 - 20)) };
        assert_eq!(rho.deadline(date!(2026 - 02 - 02), 30, DayCount::Calendar, &[]), Some(date!(2026 - 03 - 04)));
        assert_eq!(rho.deadline(date!(2026 - 02 - 02), 30, DayCount::Calendar, &[wait]), Some(date!(2026 - 03 - 16)));
        // Still waiting: no date can be promised.
        let open = Suspension { from: date!(2026 - 02 - 10), until: None };
        assert_eq!(rho.deadline(date!(2026 - 02 - 02), 30, DayCount::Working, &[open]), None);
        // A wait after the limit ended changes nothing.
        let late = Suspension { from: date!(2026 - 06 - 01), until: None };
        assert_eq!(rho.deadline(date!(2026 - 02 - 02), 3, DayCount::Working, &[late]), Some(date!(2026 - 02 - 05)));
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (2000i32..2100, 1u16..=365).prop_map(|(year, ordinal)| Date::from_ordinal_date(year, ordinal).unwrap())
    }

    proptest! {
        #[test]
        fn easter_is_a_sunday_between_22_march_and_25_april(year in 1583i32..5000) {
            let easter = easter_sunday(year);
            prop_assert_eq!(easter.weekday(), Weekday::Sunday);
            prop_assert!(easter >= Date::from_calendar_date(year, Month::March, 22).unwrap());
            prop_assert!(easter <= Date::from_calendar_date(year, Month::April, 25).unwrap());
        }

        #[test]
        fn a_working_day_limit_ends_on_a_working_day_after_exactly_that_many(start in any_date(), days in 1u32..400) {
            let rho = WorkingDayCalendar::RHO;
            let end = rho.deadline(start, days, DayCount::Working, &[]).unwrap();
            prop_assert!(rho.is_working_day(end));
            prop_assert_eq!(rho.working_days_between(start, end), days);
        }

        #[test]
        fn a_calendar_limit_ends_on_the_first_working_day_from_its_nominal_end(start in any_date(), days in 1u32..400) {
            let rho = WorkingDayCalendar::RHO;
            let nominal = start + time::Duration::days(i64::from(days));
            let end = rho.deadline(start, days, DayCount::Calendar, &[]).unwrap();
            prop_assert!(rho.is_working_day(end) && end >= nominal);
            prop_assert_eq!(rho.working_days_between(nominal, end), if end == nominal { 0 } else { 1 });
        }

        #[test]
        fn a_closed_suspension_delays_a_calendar_limit_by_its_length(start in any_date(), days in 1u32..200, offset in 0i64..100, length in 1i64..60) {
            let rho = WorkingDayCalendar::RHO;
            let from = start + time::Duration::days(1 + offset % i64::from(days));
            let suspension = Suspension { from, until: Some(from + time::Duration::days(length)) };
            let nominal_without = start + time::Duration::days(i64::from(days));
            let with = rho.deadline(start, days, DayCount::Calendar, &[suspension]).unwrap();
            prop_assert_eq!(with, rho.working_day_on_or_after(nominal_without + time::Duration::days(length)));
        }
    }
}

/// The offset of Italian time from UTC at an instant: +2 h from the last
/// Sunday of March to the last Sunday of October (01:00 UTC both, the EU
/// rule since 1996), +1 h otherwise.
pub fn rome_offset_hours(instant: time::OffsetDateTime) -> i64 {
    let utc = instant.to_offset(time::UtcOffset::UTC);
    let last_sunday = |month: Month, last_day: u8| {
        let end = Date::from_calendar_date(utc.year(), month, last_day).expect("31 March and 31 October exist");
        end - time::Duration::days(i64::from(end.weekday().number_days_from_sunday()))
    };
    let summer_starts = last_sunday(Month::March, 31).with_hms(1, 0, 0).expect("valid time").assume_utc();
    let summer_ends = last_sunday(Month::October, 31).with_hms(1, 0, 0).expect("valid time").assume_utc();
    if utc >= summer_starts && utc < summer_ends {
        2
    } else {
        1
    }
}

/// The calendar day in Rome at a Unix instant: the day a practice was filed.
pub fn rome_date_of_unix_seconds(seconds: i64) -> Date {
    rome_time_of_unix_seconds(seconds).date()
}

/// The wall-clock time in Rome of an instant (Unix seconds).
pub fn rome_time_of_unix_seconds(seconds: i64) -> time::PrimitiveDateTime {
    let instant = time::OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let local = instant + time::Duration::hours(rome_offset_hours(instant));
    time::PrimitiveDateTime::new(local.date(), local.time())
}

/// An instant as RFC 3339 with Rome's offset (`2026-11-27T00:30:00+01:00`):
/// its first ten characters are the day in Rome.
pub fn rome_rfc3339_of_unix_seconds(seconds: i64) -> String {
    let instant = time::OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let offset = rome_offset_hours(instant);
    let local = rome_time_of_unix_seconds(seconds);
    format!("{}T{:02}:{:02}:{:02}+{:02}:00", local.date(), local.hour(), local.minute(), local.second(), offset)
}

/// A day as Italian offices write it: `gg/mm/aaaa`.
pub fn italian_date(date: Date) -> String {
    format!("{:02}/{:02}/{}", date.day(), u8::from(date.month()), date.year())
}

/// An instant as Italian offices write it, in Rome's time: `gg/mm/aaaa hh:mm`.
pub fn italian_date_time_of_unix_seconds(seconds: i64) -> String {
    let local = rome_time_of_unix_seconds(seconds);
    format!("{} {:02}:{:02}", italian_date(local.date()), local.hour(), local.minute())
}

/// An instant given as a day and a wall-clock time in Rome. None for a time
/// the clocks skip (the last Sunday of March, 02:00–03:00); in the hour
/// that repeats in October, the first (summer time).
pub fn rome_unix_seconds(date: Date, time: time::Time) -> Option<i64> {
    let local = time::PrimitiveDateTime::new(date, time);
    [2i8, 1].into_iter().find_map(|hours| {
        let instant = local.assume_offset(time::UtcOffset::from_hms(hours, 0, 0).ok()?);
        (rome_offset_hours(instant) == i64::from(hours)).then(|| instant.unix_timestamp())
    })
}

/// A day (`YYYY-MM-DD` as date inputs send it, or `gg/mm/aaaa` as people
/// type it) and a time (`HH:MM`, or `HH.MM`) as an instant in Rome.
pub fn parse_rome_date_time(date: &str, time: &str) -> Option<i64> {
    let date = crate::practices::validation::parse_date(date)?;
    let (hour, minute) = time.trim().split_once([':', '.'])?;
    let digits =
        |part: &str| (!part.is_empty() && part.len() <= 2 && part.bytes().all(|byte| byte.is_ascii_digit())).then(|| part.parse::<u8>().ok()).flatten();
    rome_unix_seconds(date, time::Time::from_hms(digits(hour)?, digits(minute)?, 0).ok()?)
}

#[cfg(test)]
mod rome_time_tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn instants_are_written_in_rome_time() {
        // 23:30 UTC on 26 November is 00:30 on the 27th in Rome (winter, +01:00).
        let winter = datetime!(2026-11-26 23:30:00 UTC).unix_timestamp();
        assert_eq!(rome_rfc3339_of_unix_seconds(winter), "2026-11-27T00:30:00+01:00");
        assert_eq!(italian_date_time_of_unix_seconds(winter), "27/11/2026 00:30");
        let summer = datetime!(2026-07-01 22:15:09 UTC).unix_timestamp();
        assert_eq!(rome_rfc3339_of_unix_seconds(summer), "2026-07-02T00:15:09+02:00");
        assert_eq!(italian_date(time::macros::date!(2026 - 05 - 08)), "08/05/2026");
    }

    #[test]
    fn italian_days_change_at_local_midnight_in_winter_and_summer() {
        // 22:59 UTC in winter is 23:59 in Rome; 23:00 UTC is the next day.
        assert_eq!(rome_date_of_unix_seconds(datetime!(2026-01-15 22:59 UTC).unix_timestamp()), time::macros::date!(2026 - 01 - 15));
        assert_eq!(rome_date_of_unix_seconds(datetime!(2026-01-15 23:00 UTC).unix_timestamp()), time::macros::date!(2026 - 01 - 16));
        // In summer the day changes at 22:00 UTC.
        assert_eq!(rome_date_of_unix_seconds(datetime!(2026-07-15 21:59 UTC).unix_timestamp()), time::macros::date!(2026 - 07 - 15));
        assert_eq!(rome_date_of_unix_seconds(datetime!(2026-07-15 22:00 UTC).unix_timestamp()), time::macros::date!(2026 - 07 - 16));
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(rome_offset_hours(datetime!(2026-03-29 00:59 UTC)), 1);
        assert_eq!(rome_offset_hours(datetime!(2026-03-29 01:00 UTC)), 2);
        assert_eq!(rome_offset_hours(datetime!(2026-10-25 00:59 UTC)), 2);
        assert_eq!(rome_offset_hours(datetime!(2026-10-25 01:00 UTC)), 1);
        // New Year's Eve at 23:30 UTC is already the new year in Rome.
        assert_eq!(rome_date_of_unix_seconds(datetime!(2026-12-31 23:30 UTC).unix_timestamp()), time::macros::date!(2027 - 01 - 01));
    }
}
