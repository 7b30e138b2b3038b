//! Scheduled maintenance (charter 1.3 and 2.4): at most two days a year on
//! which the site gives no service, announced on every page in the days
//! before, never near a significant deadline. Pure rules: the administrators'
//! page and the server's check agree.

use crate::practices::calendar::{parse_rome_date_time, rome_date_of_unix_seconds};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::{Date, Month};

/// The charter's standard: at most 2 days a year without service.
pub const YEARLY_BUDGET_DAYS: u32 = 2;
pub const REASON_MAX_CHARS: usize = 300;
const DAY_SECONDS: i64 = 86_400;

/// Whether the development clock's page works (`SPORTELLO_TEST_CLOCK=1`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DevelopmentClockEnabled(pub bool);

/// One scheduled window: the service stops from `starts_at` to `ends_at`
/// (Unix seconds, end excluded).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenanceWindow {
    pub id: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub reason: String,
    /// An administrator confirmed it although it takes its year past the budget.
    pub over_budget: bool,
}

impl MaintenanceWindow {
    pub fn is_under_way(&self, now: i64) -> bool {
        self.starts_at <= now && now < self.ends_at
    }

    /// Whether the banner announces it: it starts within `notice_days`.
    pub fn is_announced(&self, now: i64, notice_days: u32) -> bool {
        now < self.starts_at && self.starts_at - now <= i64::from(notice_days) * DAY_SECONDS
    }

    /// The days in Rome the window touches: a day on which the service
    /// stops for any part of it counts whole, as the charter counts "days on
    /// which the site gives no service".
    pub fn days(&self) -> Vec<Date> {
        days_touched(self.starts_at, self.ends_at)
    }
}

fn days_touched(starts_at: i64, ends_at: i64) -> Vec<Date> {
    let (first, last) = (rome_date_of_unix_seconds(starts_at), rome_date_of_unix_seconds(ends_at.max(starts_at + 1) - 1));
    std::iter::successors(Some(first), |day| day.next_day()).take_while(|day| *day <= last).collect()
}

/// The days of `year` on which one of the windows stops the service.
pub fn maintenance_days(windows: &[MaintenanceWindow], year: i32) -> u32 {
    let days: BTreeSet<Date> = windows.iter().flat_map(MaintenanceWindow::days).filter(|day| day.year() == year).collect();
    days.len() as u32
}

/// The window under way at `now`, if any.
pub fn under_way(windows: &[MaintenanceWindow], now: i64) -> Option<&MaintenanceWindow> {
    windows.iter().find(|window| window.is_under_way(now))
}

/// The next window the banner announces at `now`, if any.
pub fn announced(windows: &[MaintenanceWindow], now: i64, notice_days: u32) -> Option<&MaintenanceWindow> {
    windows.iter().filter(|window| window.is_announced(now, notice_days)).min_by_key(|window| window.starts_at)
}

/// When a significant deadline falls: every year on the same day, or once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeadlineDay {
    EveryYear { month: Month, day: u8 },
    Once(Date),
}

/// A significant deadline of the tenant's calendar (IMU, TARI, school
/// enrolment…), named in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub name_it: String,
    pub name_en: String,
    pub day: DeadlineDay,
}

impl Deadline {
    /// Its days in these years (an every-year day that a year lacks, 29
    /// February, falls on 28).
    fn days_in(&self, years: std::ops::RangeInclusive<i32>) -> Vec<Date> {
        match self.day {
            DeadlineDay::Once(date) => years.contains(&date.year()).then_some(date).into_iter().collect(),
            DeadlineDay::EveryYear { month, day } => {
                years.filter_map(|year| Date::from_calendar_date(year, month, day).or_else(|_| Date::from_calendar_date(year, month, day - 1)).ok()).collect()
            }
        }
    }
}

/// The tenant's maintenance rules: how many days before the banner
/// announces a window (and so the least notice a new one gets), how many
/// days each side of a deadline no window may touch, and the deadlines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaintenanceRules {
    pub notice_days: u32,
    pub guard_days: u32,
    pub deadlines: Vec<Deadline>,
}

/// A deadline on one day, as the pages list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineView {
    pub name: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

impl MaintenanceRules {
    /// The deadlines from `from` on for a year, in date order.
    pub fn upcoming_deadlines(&self, from: Date, english: bool) -> Vec<DeadlineView> {
        let until = from.replace_year(from.year() + 1).unwrap_or(from);
        let mut days: Vec<(Date, &Deadline)> = self
            .deadlines
            .iter()
            .flat_map(|deadline| deadline.days_in(from.year()..=from.year() + 1).into_iter().map(move |day| (day, deadline)))
            .filter(|(day, _)| *day >= from && *day <= until)
            .collect();
        days.sort_by_key(|(day, _)| *day);
        days.into_iter()
            .map(|(day, deadline)| DeadlineView { name: if english { deadline.name_en.clone() } else { deadline.name_it.clone() }, date: day.to_string() })
            .collect()
    }

    /// The first deadline whose guard (`guard_days` before to `guard_days`
    /// after it) meets one of these days, with its day.
    pub fn deadline_near(&self, days: &[Date]) -> Option<(&Deadline, Date)> {
        let (Some(first), Some(last)) = (days.first(), days.last()) else {
            return None;
        };
        let guard = time::Duration::days(i64::from(self.guard_days));
        let mut near: Vec<(&Deadline, Date)> = self
            .deadlines
            .iter()
            .flat_map(|deadline| deadline.days_in(first.year() - 1..=last.year() + 1).into_iter().map(move |day| (deadline, day)))
            .filter(|(_, day)| *day - guard <= *last && *first <= *day + guard)
            .collect();
        near.sort_by_key(|(_, day)| *day);
        near.into_iter().next()
    }
}

/// What is wrong with a window an administrator schedules. Each names the
/// field it belongs to (`field`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WindowProblem {
    StartInvalid,
    EndInvalid,
    EndNotAfterStart,
    /// Fewer than the notice days ahead: the banner could not announce it.
    TooSoon {
        earliest: i64,
    },
    /// It meets another window.
    Overlaps {
        other_starts_at: i64,
        other_ends_at: i64,
    },
    /// Within the guard of a deadline, named in both languages.
    NearDeadline {
        name_it: String,
        name_en: String,
        date: Date,
    },
    ReasonMissing,
    ReasonTooLong,
    /// It would take `year` to `days` days of maintenance, past the budget:
    /// allowed only when an administrator confirms it.
    OverBudget {
        year: i32,
        days: u32,
    },
}

/// Which part of the form a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowField {
    Start,
    End,
    Reason,
    Confirmation,
}

impl WindowProblem {
    pub fn field(&self) -> WindowField {
        match self {
            WindowProblem::StartInvalid | WindowProblem::TooSoon { .. } | WindowProblem::Overlaps { .. } | WindowProblem::NearDeadline { .. } => {
                WindowField::Start
            }
            WindowProblem::EndInvalid | WindowProblem::EndNotAfterStart => WindowField::End,
            WindowProblem::ReasonMissing | WindowProblem::ReasonTooLong => WindowField::Reason,
            WindowProblem::OverBudget { .. } => WindowField::Confirmation,
        }
    }
}

/// A window that passed every rule, to be recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedWindow {
    pub starts_at: i64,
    pub ends_at: i64,
    pub reason: String,
    pub over_budget: bool,
}

/// The form's values.
pub struct WindowRequest<'a> {
    pub start_date: &'a str,
    pub start_time: &'a str,
    pub end_date: &'a str,
    pub end_time: &'a str,
    pub reason: &'a str,
    /// The administrator confirmed going past the yearly budget.
    pub confirmed: bool,
}

/// Checks a new window against the rules and the windows already scheduled
/// (`existing`: not cancelled): every problem at once, the budget's last
/// (it is worth confirming only a window that is otherwise fine).
pub fn check_window(rules: &MaintenanceRules, existing: &[MaintenanceWindow], now: i64, request: &WindowRequest) -> Result<AcceptedWindow, Vec<WindowProblem>> {
    let mut problems = Vec::new();
    let start = parse_rome_date_time(request.start_date, request.start_time);
    let end = parse_rome_date_time(request.end_date, request.end_time);
    if start.is_none() {
        problems.push(WindowProblem::StartInvalid);
    }
    if end.is_none() {
        problems.push(WindowProblem::EndInvalid);
    }
    let reason = request.reason.trim();
    if reason.is_empty() {
        problems.push(WindowProblem::ReasonMissing);
    } else if reason.chars().count() > REASON_MAX_CHARS {
        problems.push(WindowProblem::ReasonTooLong);
    }
    let (Some(starts_at), Some(ends_at)) = (start, end) else {
        return Err(problems);
    };
    if ends_at <= starts_at {
        problems.push(WindowProblem::EndNotAfterStart);
        return Err(problems);
    }
    let earliest = now + i64::from(rules.notice_days) * DAY_SECONDS;
    if starts_at < earliest {
        problems.push(WindowProblem::TooSoon { earliest });
    }
    if let Some(other) = existing.iter().find(|other| other.starts_at < ends_at && starts_at < other.ends_at) {
        problems.push(WindowProblem::Overlaps { other_starts_at: other.starts_at, other_ends_at: other.ends_at });
    }
    let days = days_touched(starts_at, ends_at);
    if let Some((deadline, date)) = rules.deadline_near(&days) {
        problems.push(WindowProblem::NearDeadline { name_it: deadline.name_it.clone(), name_en: deadline.name_en.clone(), date });
    }
    let candidate = MaintenanceWindow { starts_at, ends_at, ..Default::default() };
    let with: Vec<MaintenanceWindow> = existing.iter().cloned().chain(std::iter::once(candidate)).collect();
    let years: BTreeSet<i32> = days.iter().map(|day| day.year()).collect();
    let over = years.into_iter().map(|year| (year, maintenance_days(&with, year))).find(|(_, days)| *days > YEARLY_BUDGET_DAYS);
    if !problems.is_empty() {
        return Err(problems);
    }
    match over {
        Some((year, days)) if !request.confirmed => Err(vec![WindowProblem::OverBudget { year, days }]),
        over => Ok(AcceptedWindow { starts_at, ends_at, reason: reason.to_string(), over_budget: over.is_some() }),
    }
}

/// A window as the administrators' page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowView {
    pub window: MaintenanceWindow,
    pub cancelled: bool,
    /// Days it touches (in its years).
    pub days: u32,
}

/// What the administrators' maintenance page shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaintenanceAdministration {
    pub now: i64,
    pub year: i32,
    /// Days of maintenance in `year`, counting windows scheduled ahead.
    pub days_this_year: u32,
    pub notice_days: u32,
    pub guard_days: u32,
    /// Newest first.
    pub windows: Vec<WindowView>,
    pub deadlines: Vec<DeadlineView>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::practices::calendar::rome_unix_seconds;
    use proptest::prelude::*;
    use time::macros::{date, time};
    use time::{PrimitiveDateTime, Time};

    fn at(day: Date, hour: u8) -> i64 {
        rome_unix_seconds(day, Time::from_hms(hour, 0, 0).unwrap()).unwrap()
    }

    fn rules() -> MaintenanceRules {
        MaintenanceRules {
            notice_days: 5,
            guard_days: 3,
            deadlines: vec![
                Deadline {
                    name_it: "IMU, acconto".into(),
                    name_en: "IMU, first instalment".into(),
                    day: DeadlineDay::EveryYear { month: Month::June, day: 16 },
                },
                Deadline { name_it: "Iscrizioni scolastiche".into(), name_en: "School enrolment".into(), day: DeadlineDay::Once(date!(2027 - 02 - 10)) },
            ],
        }
    }

    fn request<'a>(start_date: &'a str, start_time: &'a str, end_date: &'a str, end_time: &'a str) -> WindowRequest<'a> {
        WindowRequest { start_date, start_time, end_date, end_time, reason: "Aggiornamento del database", confirmed: false }
    }

    const NOW_2027_03_01: i64 = 1_803_859_200; // 2027-03-01T00:00:00Z

    #[test]
    fn rome_wall_clock_times_become_instants_in_winter_and_summer() {
        assert_eq!(rome_unix_seconds(date!(2027 - 01 - 15), time!(10:00)), Some(1_800_003_600));
        assert_eq!(parse_rome_date_time("2027-07-15", "10:00"), Some(1_815_638_400));
        // The hour the clocks skip in March does not exist.
        assert_eq!(parse_rome_date_time("2027-03-28", "02:30"), None);
        assert_eq!(parse_rome_date_time("15/07/2027", "10.00"), Some(1_815_638_400), "as people type it");
        assert_eq!(parse_rome_date_time("2027-07-15", "25:00"), None);
        assert_eq!(parse_rome_date_time("2027-07-15", "10"), None);
        assert_eq!(parse_rome_date_time("2027-02-30", "10:00"), None);
    }

    #[test]
    fn a_night_window_touches_two_days_and_the_budget_counts_days_not_hours() {
        let night = MaintenanceWindow { starts_at: at(date!(2027 - 03 - 10), 22), ends_at: at(date!(2027 - 03 - 11), 2), ..Default::default() };
        assert_eq!(night.days(), vec![date!(2027 - 03 - 10), date!(2027 - 03 - 11)]);
        let same_day = MaintenanceWindow { starts_at: at(date!(2027 - 03 - 11), 3), ends_at: at(date!(2027 - 03 - 11), 5), ..Default::default() };
        assert_eq!(maintenance_days(&[night.clone(), same_day], 2027), 2);
        // Ending at midnight does not touch the next day.
        let to_midnight = MaintenanceWindow { starts_at: at(date!(2027 - 04 - 01), 20), ends_at: at(date!(2027 - 04 - 02), 0), ..Default::default() };
        assert_eq!(to_midnight.days(), vec![date!(2027 - 04 - 01)]);
        // A new year's eve window counts a day in each year.
        let new_year = MaintenanceWindow { starts_at: at(date!(2027 - 12 - 31), 23), ends_at: at(date!(2028 - 01 - 01), 1), ..Default::default() };
        assert_eq!((maintenance_days(std::slice::from_ref(&new_year), 2027), maintenance_days(&[new_year], 2028)), (1, 1));
    }

    #[test]
    fn the_banner_announces_a_window_from_the_notice_days_before_until_it_starts() {
        let window = MaintenanceWindow { starts_at: at(date!(2027 - 03 - 10), 1), ends_at: at(date!(2027 - 03 - 10), 5), ..Default::default() };
        let windows = [window.clone()];
        assert_eq!(announced(&windows, window.starts_at - 5 * DAY_SECONDS - 1, 5), None);
        assert_eq!(announced(&windows, window.starts_at - 5 * DAY_SECONDS, 5), Some(&window));
        assert_eq!(announced(&windows, window.starts_at - 1, 5), Some(&window));
        assert_eq!(announced(&windows, window.starts_at, 5), None);
        assert_eq!(under_way(&windows, window.starts_at), Some(&window));
        assert_eq!(under_way(&windows, window.ends_at - 1), Some(&window));
        assert_eq!(under_way(&windows, window.ends_at), None);
    }

    #[test]
    fn a_window_in_a_deadlines_guard_is_refused_with_the_deadline_named() {
        // 16 June minus 3 days is 13 June: the 13th is inside, the 12th is not.
        let refused = check_window(&rules(), &[], NOW_2027_03_01, &request("2027-06-13", "01:00", "2027-06-13", "04:00")).unwrap_err();
        assert_eq!(
            refused,
            vec![WindowProblem::NearDeadline { name_it: "IMU, acconto".into(), name_en: "IMU, first instalment".into(), date: date!(2027 - 06 - 16) }]
        );
        assert!(check_window(&rules(), &[], NOW_2027_03_01, &request("2027-06-12", "01:00", "2027-06-12", "04:00")).is_ok());
        // After the deadline too, and a window spanning the guard from outside.
        assert!(check_window(&rules(), &[], NOW_2027_03_01, &request("2027-06-19", "01:00", "2027-06-19", "04:00")).is_err());
        assert!(check_window(&rules(), &[], NOW_2027_03_01, &request("2027-06-20", "01:00", "2027-06-20", "04:00")).is_ok());
        let long = check_window(&rules(), &[], NOW_2027_03_01, &request("2027-06-10", "22:00", "2027-06-13", "01:00")).unwrap_err();
        assert!(matches!(long[0], WindowProblem::NearDeadline { .. }));
    }

    #[test]
    fn a_window_past_the_yearly_budget_needs_the_confirmation_and_is_marked() {
        let first = MaintenanceWindow { id: "a".into(), starts_at: at(date!(2027 - 04 - 01), 1), ends_at: at(date!(2027 - 04 - 01), 5), ..Default::default() };
        let second = MaintenanceWindow { id: "b".into(), starts_at: at(date!(2027 - 05 - 01), 1), ends_at: at(date!(2027 - 05 - 01), 5), ..Default::default() };
        let existing = [first, second];
        let mut third = request("2027-09-01", "01:00", "2027-09-01", "05:00");
        assert_eq!(check_window(&rules(), &existing, NOW_2027_03_01, &third), Err(vec![WindowProblem::OverBudget { year: 2027, days: 3 }]));
        third.confirmed = true;
        assert!(check_window(&rules(), &existing, NOW_2027_03_01, &third).unwrap().over_budget);
        // The second day of the year is within the budget: no confirmation, not marked.
        let within = check_window(&rules(), &existing[..1], NOW_2027_03_01, &request("2027-09-01", "01:00", "2027-09-01", "05:00")).unwrap();
        assert!(!within.over_budget);
        // A day the year already counts costs nothing more.
        assert!(check_window(&rules(), &existing, NOW_2027_03_01, &request("2027-04-01", "06:00", "2027-04-01", "08:00")).is_ok());
    }

    #[test]
    fn every_other_mistake_is_named_on_its_field() {
        let problems = |start_date, start_time, end_date, end_time, reason| {
            check_window(&rules(), &[], NOW_2027_03_01, &WindowRequest { start_date, start_time, end_date, end_time, reason, confirmed: false }).unwrap_err()
        };
        assert_eq!(problems("", "", "2027-04-01", "05:00", " "), vec![WindowProblem::StartInvalid, WindowProblem::ReasonMissing]);
        assert_eq!(problems("2027-04-01", "05:00", "2027-04-01", "05:00", "x"), vec![WindowProblem::EndNotAfterStart]);
        let too_long = "x".repeat(REASON_MAX_CHARS + 1);
        assert_eq!(problems("2027-04-01", "01:00", "2027-04-01", "05:00", &too_long), vec![WindowProblem::ReasonTooLong]);
        let soon = problems("2027-02-28", "01:00", "2027-02-28", "05:00", "x");
        assert_eq!(soon, vec![WindowProblem::TooSoon { earliest: NOW_2027_03_01 + 5 * DAY_SECONDS }]);
        assert_eq!(soon[0].field(), WindowField::Start);
        let existing = [MaintenanceWindow { starts_at: at(date!(2027 - 04 - 01), 1), ends_at: at(date!(2027 - 04 - 01), 5), ..Default::default() }];
        let overlapping = check_window(&rules(), &existing, NOW_2027_03_01, &request("2027-04-01", "04:00", "2027-04-01", "06:00")).unwrap_err();
        assert_eq!(overlapping, vec![WindowProblem::Overlaps { other_starts_at: existing[0].starts_at, other_ends_at: existing[0].ends_at }]);
        assert_eq!(WindowProblem::OverBudget { year: 2027, days: 3 }.field(), WindowField::Confirmation);
    }

    #[test]
    fn the_upcoming_deadlines_cover_a_year_in_order() {
        let upcoming = rules().upcoming_deadlines(date!(2027 - 01 - 01), false);
        assert_eq!(
            upcoming,
            vec![
                DeadlineView { name: "Iscrizioni scolastiche".into(), date: "2027-02-10".into() },
                DeadlineView { name: "IMU, acconto".into(), date: "2027-06-16".into() },
            ]
        );
    }

    proptest! {
        /// Whatever is accepted keeps every rule: enough notice, no
        /// deadline's guard touched, no overlap, and within the budget
        /// unless confirmed and marked.
        #[test]
        fn an_accepted_window_keeps_every_rule(
            start_day in 0i64..700, start_hour in 0u8..24, hours in 1i64..60, confirmed: bool,
            existing_days in proptest::collection::vec(0i64..700, 0..4),
        ) {
            let rules = rules();
            let base = date!(2027 - 01 - 01);
            let existing: Vec<MaintenanceWindow> = existing_days.iter().map(|offset| {
                let day = base + time::Duration::days(*offset);
                MaintenanceWindow { starts_at: at(day, 1), ends_at: at(day, 4), ..Default::default() }
            }).collect();
            let start_day = base + time::Duration::days(start_day);
            let Some(starts_at) = rome_unix_seconds(start_day, Time::from_hms(start_hour, 0, 0).unwrap()) else { return Ok(()) };
            let end = rome_time_of(starts_at + hours * 3600);
            let (start_date, start_time) = (start_day.to_string(), format!("{start_hour:02}:00"));
            let (end_date, end_time) = (end.date().to_string(), format!("{:02}:{:02}", end.hour(), end.minute()));
            let request = WindowRequest { start_date: &start_date, start_time: &start_time, end_date: &end_date, end_time: &end_time, reason: "r", confirmed };
            if let Ok(accepted) = check_window(&rules, &existing, NOW_2027_03_01, &request) {
                prop_assert!(accepted.starts_at >= NOW_2027_03_01 + 5 * DAY_SECONDS);
                let days = days_touched(accepted.starts_at, accepted.ends_at);
                prop_assert!(rules.deadline_near(&days).is_none());
                prop_assert!(existing.iter().all(|other| other.ends_at <= accepted.starts_at || accepted.ends_at <= other.starts_at));
                let mut with = existing.clone();
                with.push(MaintenanceWindow { starts_at: accepted.starts_at, ends_at: accepted.ends_at, ..Default::default() });
                let over = days.iter().any(|day| maintenance_days(&with, day.year()) > YEARLY_BUDGET_DAYS);
                prop_assert_eq!(accepted.over_budget, over);
                prop_assert!(!over || confirmed);
            }
        }
    }

    fn rome_time_of(seconds: i64) -> PrimitiveDateTime {
        crate::practices::calendar::rome_time_of_unix_seconds(seconds)
    }
}
