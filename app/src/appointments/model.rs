//! Appointments at the counter, the rules shared by the pages and the
//! server: an office's week (opening hours per weekday, counters open in
//! parallel, closures), the slots a service's length cuts it into on a day
//! (none on the tenant's holidays or a closure), the 5-minute ticks an
//! appointment takes of one counter, which slots and days are still free,
//! and the booking's calendar file (RFC 5545).

use crate::practices::calendar::{rome_unix_seconds, WorkingDayCalendar};
use serde::{Deserialize, Serialize};
use time::{Date, Month, Time, Weekday};

/// One opening span of a weekday (`from` inclusive, `to` exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningSpan {
    pub weekday: Weekday,
    pub from: Time,
    pub to: Time,
}

/// An office's calendar as data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeSchedule {
    pub spans: Vec<OpeningSpan>,
    /// Counters open in parallel: as many bookings per slot.
    pub counters: u32,
    /// Days the office is closed besides the tenant's holidays.
    pub closures: Vec<Date>,
}

/// Why an office's calendar cannot be saved as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleProblem {
    /// A span that ends before it starts (or is empty).
    SpanOrder,
    /// Two spans of one weekday overlap.
    SpansOverlap,
    /// No counter, or more than an office has.
    Counters,
}

/// The most counters an office opens at once.
pub const MAXIMUM_COUNTERS: u32 = 20;
/// Slot lengths a service may have, in minutes.
pub const SLOT_MINUTES: std::ops::RangeInclusive<u32> = 5..=240;

impl OfficeSchedule {
    /// The calendar, if its spans are ordered, do not overlap and the counters make sense.
    pub fn checked(spans: Vec<OpeningSpan>, counters: u32, closures: Vec<Date>) -> Result<OfficeSchedule, Vec<ScheduleProblem>> {
        let mut problems = Vec::new();
        if spans.iter().any(|span| span.from >= span.to) {
            problems.push(ScheduleProblem::SpanOrder);
        }
        let overlapping = spans
            .iter()
            .enumerate()
            .any(|(index, span)| spans[index + 1..].iter().any(|other| other.weekday == span.weekday && other.from < span.to && span.from < other.to));
        if overlapping {
            problems.push(ScheduleProblem::SpansOverlap);
        }
        if counters == 0 || counters > MAXIMUM_COUNTERS {
            problems.push(ScheduleProblem::Counters);
        }
        if problems.is_empty() {
            Ok(OfficeSchedule { spans, counters, closures })
        } else {
            Err(problems)
        }
    }

    /// Whether the office opens at all on `date`.
    pub fn is_open_on(&self, date: Date, calendar: &WorkingDayCalendar) -> bool {
        !calendar.is_holiday(date) && !self.closures.contains(&date) && self.spans.iter().any(|span| span.weekday == date.weekday())
    }

    /// The start times of a service's slots on `date`, in order: each span
    /// cut into `slot_minutes`, a last piece too short for one left out.
    pub fn slot_starts(&self, date: Date, slot_minutes: u32, calendar: &WorkingDayCalendar) -> Vec<Time> {
        if !self.is_open_on(date, calendar) || !SLOT_MINUTES.contains(&slot_minutes) {
            return Vec::new();
        }
        let length = time::Duration::minutes(i64::from(slot_minutes));
        let mut spans: Vec<&OpeningSpan> = self.spans.iter().filter(|span| span.weekday == date.weekday()).collect();
        spans.sort_by_key(|span| span.from);
        let mut starts = Vec::new();
        for span in spans {
            let mut start = span.from;
            // Minutes since midnight, so that a slot never wraps past it.
            let minutes = |at: Time| i64::from(at.hour()) * 60 + i64::from(at.minute());
            while minutes(start) + length.whole_minutes() <= minutes(span.to) {
                starts.push(start);
                start += length;
            }
        }
        starts
    }
}

/// The weekdays as the calendars write them.
pub const WEEKDAY_NAMES: [(&str, Weekday); 7] = [
    ("lun", Weekday::Monday),
    ("mar", Weekday::Tuesday),
    ("mer", Weekday::Wednesday),
    ("gio", Weekday::Thursday),
    ("ven", Weekday::Friday),
    ("sab", Weekday::Saturday),
    ("dom", Weekday::Sunday),
];

fn weekday_named(name: &str) -> Option<Weekday> {
    WEEKDAY_NAMES.iter().find(|(short, _)| *short == name.trim().to_lowercase()).map(|(_, weekday)| *weekday)
}

fn weekday_name(weekday: Weekday) -> &'static str {
    WEEKDAY_NAMES.iter().find(|(_, day)| *day == weekday).map(|(name, _)| *name).unwrap_or("lun")
}

/// A time of day as the calendars and the records write it: `HH:MM`.
pub fn hhmm(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// `HH:MM` (or `H:MM`, `HH.MM`) as a time of day.
pub fn clock_time(text: &str) -> Option<Time> {
    let (hour, minute) = text.trim().split_once([':', '.'])?;
    let digits =
        |part: &str| (!part.is_empty() && part.len() <= 2 && part.bytes().all(|byte| byte.is_ascii_digit())).then(|| part.parse::<u8>().ok()).flatten();
    if minute.len() != 2 {
        return None;
    }
    Time::from_hms(digits(hour)?, digits(minute)?, 0).ok()
}

/// `lun-ven 08:30-12:30`, `gio 14:00-17:30`: the spans of those weekdays.
pub fn parse_hours_line(line: &str) -> Option<Vec<OpeningSpan>> {
    let (days, span) = line.trim().split_once(' ')?;
    let (from, to) = span.trim().split_once('-')?;
    let (from, to) = (clock_time(from)?, clock_time(to)?);
    let weekdays = match days.split_once('-') {
        Some((first, last)) => {
            let (first, last) = (weekday_named(first)?, weekday_named(last)?);
            let mut days = vec![first];
            while days.len() < 7 && *days.last()? != last {
                let next = days.last()?.next();
                days.push(next);
            }
            days
        }
        None => vec![weekday_named(days)?],
    };
    Some(weekdays.into_iter().map(|weekday| OpeningSpan { weekday, from, to }).collect())
}

/// The spans as lines to edit, one per span: `lun 08:30-12:30`.
pub fn hours_lines(spans: &[OpeningSpan]) -> String {
    let mut sorted = spans.to_vec();
    sorted.sort_by_key(|span| (span.weekday.number_from_monday(), span.from));
    sorted.iter().map(|span| format!("{} {}-{}", weekday_name(span.weekday), hhmm(span.from), hhmm(span.to))).collect::<Vec<_>>().join("\n")
}

/// What an administrator wrote for an office's calendar.
pub struct CalendarInput<'a> {
    pub counters: &'a str,
    pub slot_minutes: &'a str,
    pub notice_minutes: &'a str,
    /// One span per line.
    pub hours: &'a str,
    /// One day per line (`gg/mm/aaaa` or `aaaa-mm-gg`).
    pub closures: &'a str,
    /// `service-slug = minutes`, one per line.
    pub services: &'a str,
}

/// Why a calendar cannot be saved as written; each names its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CalendarProblem {
    Counters,
    SlotMinutes,
    NoticeMinutes,
    /// A line of hours that does not read.
    HoursLine,
    /// A span that ends before it starts, or no span at all.
    HoursOrder,
    HoursOverlap,
    Closures,
    Services,
}

/// A calendar that can be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedCalendar {
    pub schedule: OfficeSchedule,
    pub slot_minutes: u32,
    pub notice_minutes: u32,
    pub services: std::collections::BTreeMap<String, u32>,
}

/// The longest notice an office may ask: 30 days.
pub const MAXIMUM_NOTICE_MINUTES: u32 = 30 * 24 * 60;

/// Whether an appointment may last this long: 5 to 240 minutes, in ticks.
pub fn is_slot_length(minutes: u32) -> bool {
    SLOT_MINUTES.contains(&minutes) && minutes.is_multiple_of(TICK_MINUTES)
}

fn minutes_of(text: &str) -> Option<u32> {
    text.trim().parse::<u32>().ok().filter(|minutes| is_slot_length(*minutes))
}

/// Every problem at once, or the calendar to save.
pub fn check_calendar(input: &CalendarInput<'_>) -> Result<CheckedCalendar, Vec<CalendarProblem>> {
    let mut problems = Vec::new();
    let counters = input.counters.trim().parse::<u32>().ok().filter(|counters| (1..=MAXIMUM_COUNTERS).contains(counters));
    if counters.is_none() {
        problems.push(CalendarProblem::Counters);
    }
    let slot_minutes = minutes_of(input.slot_minutes);
    if slot_minutes.is_none() {
        problems.push(CalendarProblem::SlotMinutes);
    }
    let notice_minutes = input.notice_minutes.trim().parse::<u32>().ok().filter(|minutes| *minutes <= MAXIMUM_NOTICE_MINUTES);
    if notice_minutes.is_none() {
        problems.push(CalendarProblem::NoticeMinutes);
    }
    let lines: Vec<&str> = input.hours.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    let spans: Option<Vec<OpeningSpan>> = lines.iter().map(|line| parse_hours_line(line)).collect::<Option<Vec<_>>>().map(|spans| spans.concat());
    let closures: Option<Vec<Date>> =
        input.closures.lines().map(str::trim).filter(|line| !line.is_empty()).map(crate::practices::validation::parse_date).collect();
    if closures.is_none() {
        problems.push(CalendarProblem::Closures);
    }
    let services: Option<std::collections::BTreeMap<String, u32>> = input
        .services
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (service, minutes) = line.split_once('=')?;
            let service = service.trim();
            let valid_slug = !service.is_empty() && service.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
            valid_slug.then(|| minutes_of(minutes).map(|minutes| (service.to_string(), minutes))).flatten()
        })
        .collect();
    if services.is_none() {
        problems.push(CalendarProblem::Services);
    }
    let schedule = match spans {
        None => {
            problems.push(CalendarProblem::HoursLine);
            None
        }
        Some(spans) if spans.is_empty() => {
            problems.push(CalendarProblem::HoursOrder);
            None
        }
        Some(spans) => match OfficeSchedule::checked(spans, counters.unwrap_or(1), closures.clone().unwrap_or_default()) {
            Ok(schedule) => Some(schedule),
            Err(found) => {
                for problem in found {
                    match problem {
                        ScheduleProblem::SpanOrder => problems.push(CalendarProblem::HoursOrder),
                        ScheduleProblem::SpansOverlap => problems.push(CalendarProblem::HoursOverlap),
                        // Already named above.
                        ScheduleProblem::Counters => {}
                    }
                }
                None
            }
        },
    };
    match (schedule, slot_minutes, notice_minutes, services) {
        (Some(schedule), Some(slot_minutes), Some(notice_minutes), Some(services)) if problems.is_empty() => {
            Ok(CheckedCalendar { schedule, slot_minutes, notice_minutes, services })
        }
        _ => Err(problems),
    }
}

/// An office's calendar as the administrators' pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    pub office: String,
    pub office_name: String,
    pub counters: u32,
    pub slot_minutes: u32,
    pub notice_minutes: u32,
    /// One span per line, as `hours_lines` writes them.
    pub hours: String,
    /// One day per line, `gg/mm/aaaa`.
    pub closures: String,
    /// `service = minutes`, one per line.
    pub services: String,
}

/// What the counter records of a booking on the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CounterAction {
    Arrived,
    Served,
    NoShow,
}

impl CounterAction {
    pub const ALL: [CounterAction; 3] = [CounterAction::Arrived, CounterAction::Served, CounterAction::NoShow];

    pub fn code(self) -> &'static str {
        match self {
            CounterAction::Arrived => "arrivato",
            CounterAction::Served => "servito",
            CounterAction::NoShow => "assente",
        }
    }

    pub fn parse(code: &str) -> Option<CounterAction> {
        CounterAction::ALL.into_iter().find(|action| action.code() == code)
    }

    /// What the counter may record from a state (the records' codes).
    pub fn from_state(state: &str) -> Vec<CounterAction> {
        match state {
            "booked" => vec![CounterAction::Arrived, CounterAction::NoShow],
            "arrived" => vec![CounterAction::Served],
            _ => Vec::new(),
        }
    }
}

/// One booking in the counter's agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaEntry {
    pub id: String,
    pub office_name: String,
    /// `HH:MM`.
    pub starts: String,
    pub minutes: u32,
    pub counter: u32,
    pub service_title: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    /// The record's state code (`booked`, `arrived`, `served`, `no_show`).
    pub state: String,
    pub actions: Vec<CounterAction>,
}

/// The counter's agenda of a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaView {
    /// ISO date.
    pub day: String,
    pub previous_day: String,
    pub next_day: String,
    pub entries: Vec<AgendaEntry>,
}

/// A slot: a day and a start in Rome's time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Slot {
    pub date: Date,
    pub start: Time,
}

impl Slot {
    /// `2027-03-15T08:30`, as the pages' links carry it.
    pub fn code(&self) -> String {
        format!("{}T{}", self.date, hhmm(self.start))
    }

    pub fn parse(code: &str) -> Option<Slot> {
        let (date, start) = code.split_once('T')?;
        let date = crate::practices::validation::parse_date(date)?;
        let (hour, minute) = start.split_once(':')?;
        let digits = |part: &str| (part.len() == 2 && part.bytes().all(|byte| byte.is_ascii_digit())).then(|| part.parse::<u8>().ok()).flatten();
        Some(Slot { date, start: Time::from_hms(digits(hour)?, digits(minute)?, 0).ok()? })
    }

    /// The instant it starts (Unix seconds); None in the hour the clocks skip.
    pub fn unix_seconds(&self) -> Option<i64> {
        rome_unix_seconds(self.date, self.start)
    }
}

/// The granularity of a counter's time: an appointment of `n` minutes
/// takes `n / 5` ticks of one counter, so services of different lengths
/// share counters without two appointments ever overlapping.
pub const TICK_MINUTES: u32 = 5;

/// The ticks (start times) an appointment from `start` for `minutes` takes.
pub fn ticks(start: Time, minutes: u32) -> Vec<Time> {
    (0..minutes.div_ceil(TICK_MINUTES)).map(|index| start + time::Duration::minutes(i64::from(index * TICK_MINUTES))).collect()
}

/// The first counter (1-based) whose ticks from `start` for `minutes` are
/// all free; `busy(counter, tick)` says whether a tick of a counter is taken.
pub fn free_counter(counters: u32, start: Time, minutes: u32, busy: &impl Fn(u32, Time) -> bool) -> Option<u32> {
    let needed = ticks(start, minutes);
    (1..=counters).find(|counter| needed.iter().all(|tick| !busy(*counter, *tick)))
}

/// The slots of `date` a service of `minutes` may still take: a counter
/// free for the whole length. Slots that start before `not_before` (Unix
/// seconds: now and the notice the office wants) are not offered.
pub fn free_slots(
    schedule: &OfficeSchedule,
    date: Date,
    minutes: u32,
    calendar: &WorkingDayCalendar,
    not_before: i64,
    busy: impl Fn(u32, Time) -> bool,
) -> Vec<Slot> {
    schedule
        .slot_starts(date, minutes, calendar)
        .into_iter()
        .map(|start| Slot { date, start })
        .filter(|slot| slot.unix_seconds().is_some_and(|at| at >= not_before))
        .filter(|slot| free_counter(schedule.counters, slot.start, minutes, &busy).is_some())
        .collect()
}

/// The days of a month with at least one free slot; `busy(day, counter, tick)`.
pub fn free_days(
    schedule: &OfficeSchedule,
    year: i32,
    month: Month,
    minutes: u32,
    calendar: &WorkingDayCalendar,
    not_before: i64,
    busy: impl Fn(Date, u32, Time) -> bool,
) -> Vec<Date> {
    let Ok(first) = Date::from_calendar_date(year, month, 1) else {
        return Vec::new();
    };
    std::iter::successors(Some(first), |day| day.next_day().filter(|next| next.month() == month))
        .filter(|day| !free_slots(schedule, *day, minutes, calendar, not_before, |counter, tick| busy(*day, counter, tick)).is_empty())
        .collect()
}

/// A booking as its calendar file describes it.
pub struct CalendarEvent<'a> {
    /// Unique and stable: a changed booking keeps its UID, with a higher sequence.
    pub uid: &'a str,
    pub sequence: u32,
    pub starts_at: i64,
    pub minutes: u32,
    pub summary: &'a str,
    pub location: &'a str,
    pub description: &'a str,
    /// When the file was written (Unix seconds).
    pub stamped_at: i64,
    /// A cancelled booking's file cancels the event in the calendar.
    pub cancelled: bool,
}

fn utc_stamp(seconds: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", at.year(), u8::from(at.month()), at.day(), at.hour(), at.minute(), at.second())
}

/// RFC 5545's TEXT: backslash, semicolon, comma and newline escaped.
fn escaped(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// A content line folded at 75 octets (never inside a character), CRLF-ended.
/// A space that would end a folded line starts the next one instead: some
/// calendar programs trim the end of every physical line.
fn folded(line: &str) -> String {
    let characters: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut width = 0;
    for (index, character) in characters.iter().enumerate() {
        let size = character.len_utf8();
        // A run of spaces and the character after it go on one line together.
        let starts_a_run = *character == ' ' && (index == 0 || characters[index - 1] != ' ');
        let run = characters[index..].iter().take_while(|next| **next == ' ').count();
        let after = characters.get(index + run).map(|next| next.len_utf8());
        let space_at_the_end = starts_a_run && width > 1 && after.is_some_and(|after| width + run + after > 75);
        if width + size > 75 || space_at_the_end {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(*character);
        width += size;
    }
    out.push_str("\r\n");
    out
}

/// The booking as an iCalendar file (times in UTC, so no time-zone table is needed).
pub fn calendar_file(event: &CalendarEvent<'_>) -> String {
    let ends_at = event.starts_at + i64::from(event.minutes) * 60;
    let method = if event.cancelled { "CANCEL" } else { "PUBLISH" };
    let status = if event.cancelled { "CANCELLED" } else { "CONFIRMED" };
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Comune di Rho//Sportello telematico//IT".to_string(),
        format!("METHOD:{method}"),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", event.uid),
        format!("SEQUENCE:{}", event.sequence),
        format!("DTSTAMP:{}", utc_stamp(event.stamped_at)),
        format!("DTSTART:{}", utc_stamp(event.starts_at)),
        format!("DTEND:{}", utc_stamp(ends_at)),
        format!("SUMMARY:{}", escaped(event.summary)),
        format!("LOCATION:{}", escaped(event.location)),
        format!("DESCRIPTION:{}", escaped(event.description)),
        format!("STATUS:{status}"),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    lines.iter().map(|line| folded(line)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::{date, time};

    fn registry_office() -> OfficeSchedule {
        let span = |weekday, from, to| OpeningSpan { weekday, from, to };
        OfficeSchedule::checked(
            vec![
                span(Weekday::Monday, time!(8:30), time!(12:30)),
                span(Weekday::Wednesday, time!(14:00), time!(17:00)),
                span(Weekday::Wednesday, time!(8:30), time!(12:00)),
                span(Weekday::Friday, time!(8:30), time!(10:10)),
            ],
            2,
            vec![date!(2027 - 03 - 17)],
        )
        .unwrap()
    }

    #[test]
    fn a_day_is_cut_into_the_services_slots() {
        let office = registry_office();
        let rho = WorkingDayCalendar::RHO;
        let wednesday = office.slot_starts(date!(2027 - 03 - 10), 30, &rho);
        assert_eq!(wednesday.len(), 7 + 6, "morning and afternoon, in order");
        assert_eq!(wednesday.first(), Some(&time!(8:30)));
        assert_eq!(wednesday[7], time!(14:00));
        // 8:30–10:10 in 20-minute slots: five, none cut short.
        assert_eq!(office.slot_starts(date!(2027 - 03 - 12), 20, &rho).last(), Some(&time!(9:50)));
        assert_eq!(office.slot_starts(date!(2027 - 03 - 12), 30, &rho).last(), Some(&time!(9:30)));
        // Closed: a Tuesday, a closure, Easter Monday.
        assert!(office.slot_starts(date!(2027 - 03 - 09), 30, &rho).is_empty());
        assert!(office.slot_starts(date!(2027 - 03 - 17), 30, &rho).is_empty());
        assert!(office.slot_starts(date!(2027 - 03 - 29), 30, &rho).is_empty(), "Easter Monday 2027");
        assert!(office.slot_starts(date!(2027 - 03 - 08), 0, &rho).is_empty(), "no slot of no length");
    }

    #[test]
    fn a_slot_is_free_while_a_counter_is_for_its_whole_length() {
        let office = registry_office();
        let rho = WorkingDayCalendar::RHO;
        let monday = date!(2027 - 03 - 08);
        // Counter 1 has 8:30–9:00; counter 2 has 8:30–8:45 and 9:10–9:20.
        let busy = |counter: u32, tick: Time| match counter {
            1 => tick >= time!(8:30) && tick < time!(9:00),
            _ => (tick >= time!(8:30) && tick < time!(8:45)) || (tick >= time!(9:10) && tick < time!(9:20)),
        };
        let free = free_slots(&office, monday, 30, &rho, 0, busy);
        assert_eq!(free.first().map(|slot| slot.start), Some(time!(9:00)), "8:30 has both counters taken");
        assert_eq!(free_counter(2, time!(9:00), 30, &busy), Some(1), "counter 2 is busy at 9:10");
        assert_eq!(free_counter(2, time!(8:45), 15, &busy), Some(2));
        assert_eq!(ticks(time!(9:00), 20), vec![time!(9:00), time!(9:05), time!(9:10), time!(9:15)]);
        // Nothing before the notice the office wants.
        let ten = Slot { date: monday, start: time!(10:00) }.unix_seconds().unwrap();
        assert_eq!(free_slots(&office, monday, 30, &rho, ten, |_, _| false).first().map(|slot| slot.start), Some(time!(10:00)));
        let days = free_days(&office, 2027, Month::March, 30, &rho, 0, |day, _, _| day == date!(2027 - 03 - 01));
        assert!(!days.contains(&date!(2027 - 03 - 01)), "every slot taken");
        assert!(days.contains(&date!(2027 - 03 - 03)) && days.contains(&date!(2027 - 03 - 05)) && !days.contains(&date!(2027 - 03 - 17)));
        assert!(days.iter().all(|day| matches!(day.weekday(), Weekday::Monday | Weekday::Wednesday | Weekday::Friday)));
    }

    #[test]
    fn an_administrators_calendar_is_checked_field_by_field() {
        let input = CalendarInput {
            counters: "2",
            slot_minutes: "20",
            notice_minutes: "120",
            hours: "lun-ven 08:30-12:30\n\ngio 14:00-17:30",
            closures: "24/12/2026\n2026-12-31",
            services: "carta-identita-elettronica = 20\ncambio-di-residenza=30",
        };
        let checked = check_calendar(&input).unwrap();
        assert_eq!(checked.schedule.spans.len(), 6);
        assert_eq!(checked.schedule.closures, vec![date!(2026 - 12 - 24), date!(2026 - 12 - 31)]);
        assert_eq!(checked.services.get("cambio-di-residenza"), Some(&30));
        assert_eq!(hours_lines(&checked.schedule.spans).lines().next(), Some("lun 08:30-12:30"));
        assert_eq!(hours_lines(&checked.schedule.spans).lines().nth(4), Some("gio 14:00-17:30"));
        let wrong =
            CalendarInput { counters: "0", slot_minutes: "7", notice_minutes: "tanti", hours: "lunedì 8-12", closures: "31/02/2027", services: "Carta = 20" };
        assert_eq!(
            check_calendar(&wrong),
            Err(vec![
                CalendarProblem::Counters,
                CalendarProblem::SlotMinutes,
                CalendarProblem::NoticeMinutes,
                CalendarProblem::Closures,
                CalendarProblem::Services,
                CalendarProblem::HoursLine
            ])
        );
        let overlapping = CalendarInput { hours: "lun 08:30-12:30\nlun 12:00-13:00\nmar 12:00-09:00", ..input };
        assert_eq!(check_calendar(&overlapping), Err(vec![CalendarProblem::HoursOrder, CalendarProblem::HoursOverlap]));
        assert_eq!(check_calendar(&CalendarInput { hours: " ", ..overlapping }), Err(vec![CalendarProblem::HoursOrder]));
    }

    #[test]
    fn a_schedule_that_cannot_be_is_refused() {
        let span = |from, to| OpeningSpan { weekday: Weekday::Monday, from, to };
        assert_eq!(OfficeSchedule::checked(vec![span(time!(12:00), time!(9:00))], 1, vec![]), Err(vec![ScheduleProblem::SpanOrder]));
        assert_eq!(
            OfficeSchedule::checked(vec![span(time!(9:00), time!(12:00)), span(time!(11:00), time!(13:00))], 0, vec![]),
            Err(vec![ScheduleProblem::SpansOverlap, ScheduleProblem::Counters])
        );
        assert!(OfficeSchedule::checked(vec![span(time!(9:00), time!(12:00)), span(time!(12:00), time!(13:00))], 1, vec![]).is_ok());
    }

    #[test]
    fn the_calendar_file_is_folded_escaped_and_in_utc() {
        let starts_at = Slot { date: date!(2027 - 03 - 08), start: time!(9:00) }.unix_seconds().unwrap();
        let file = calendar_file(&CalendarEvent {
            uid: "prenotazione-1@rho.example",
            sequence: 0,
            starts_at,
            minutes: 30,
            summary: "Carta d'identità elettronica; Ufficio anagrafe, sportello",
            location: "Piazza Visconti 23, Rho",
            description: "Porta una fototessera e la vecchia carta. ".repeat(4).trim_end(),
            stamped_at: starts_at - 86_400,
            cancelled: false,
        });
        assert!(file.contains("DTSTART:20270308T080000Z\r\n") && file.contains("DTEND:20270308T083000Z\r\n"), "{file}");
        assert!(file.contains("SUMMARY:Carta d'identità elettronica\\; Ufficio anagrafe\\, sportello"));
        assert!(file.split("\r\n").all(|line| line.len() <= 75), "folded at 75 octets: {file}");
        assert!(file.split("\r\n").all(|line| !line.ends_with(' ')), "no folded line ends with a space: {file}");
        assert!(file.ends_with("END:VCALENDAR\r\n"));
    }

    proptest! {
        #[test]
        fn slots_fit_their_spans_and_never_overlap(minutes in 5u32..=240, from_hour in 6u8..12, length_minutes in 0u16..600) {
            let from = Time::from_hms(from_hour, 0, 0).unwrap();
            let end_minutes = (u16::from(from_hour) * 60 + length_minutes).min(23 * 60 + 59);
            let to = Time::from_hms((end_minutes / 60) as u8, (end_minutes % 60) as u8, 0).unwrap();
            if let Ok(office) = OfficeSchedule::checked(vec![OpeningSpan { weekday: Weekday::Monday, from, to }], 1, vec![]) {
                let starts = office.slot_starts(date!(2027 - 03 - 08), minutes, &WorkingDayCalendar::RHO);
                for pair in starts.windows(2) {
                    prop_assert_eq!((pair[1] - pair[0]).whole_minutes(), i64::from(minutes));
                }
                for start in &starts {
                    prop_assert!(*start >= from && (*start - from).whole_minutes() + i64::from(minutes) <= (to - from).whole_minutes());
                }
                let room = (to - from).whole_minutes() / i64::from(minutes);
                prop_assert_eq!(starts.len() as i64, room);
            }
        }

        #[test]
        fn folding_keeps_every_character_and_no_line_ends_in_a_space(text in "[a-zà ,;]{0,300}") {
            let line = format!("DESCRIPTION:{}", text.trim_end());
            let file = folded(&line);
            let physical: Vec<&str> = file.trim_end_matches("\r\n").split("\r\n").collect();
            prop_assert!(physical.iter().all(|part| part.len() <= 75));
            prop_assert!(physical.iter().all(|part| !part.ends_with(' ')), "{:?}", physical);
            prop_assert_eq!(file.trim_end_matches("\r\n").replace("\r\n ", ""), line);
        }

        #[test]
        fn a_slot_code_reads_back(day in 0i64..3650, minutes in 0u32..(24 * 60)) {
            let slot = Slot {
                date: date!(2026 - 01 - 01) + time::Duration::days(day),
                start: Time::from_hms((minutes / 60) as u8, (minutes % 60) as u8, 0).unwrap(),
            };
            prop_assert_eq!(Slot::parse(&slot.code()), Some(slot));
        }
    }
}
