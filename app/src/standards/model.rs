//! The charter's quality standards (chapter 2.4) measured from the records:
//! each standard's promise, its target, and the value per month and for the
//! year. Pure: the page, its CSV and its JSON are computed by the same
//! functions, so they cannot disagree.

use crate::listening::model::{timeliness, Timeliness};
use crate::practices::calendar::{DayCount, WorkingDayCalendar};
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// One case measured against a time limit in working days: the day (in
/// Rome) it arrived, and the day it was answered, if it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimedCase {
    pub received: Date,
    pub answered: Option<Date>,
}

/// How the cases of a period stand against their time limit. A case counts
/// in the month it arrived; one not yet answered whose due day has not
/// passed is still open and counts neither way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinessFigures {
    pub cases: u32,
    pub answered_in_time: u32,
    pub answered_late: u32,
    /// Not answered, due day passed.
    pub overdue: u32,
    /// Not answered, due day still ahead.
    pub open: u32,
}

impl TimelinessFigures {
    /// The cases already measurable: answered, or overdue.
    pub fn measured(&self) -> u32 {
        self.answered_in_time + self.answered_late + self.overdue
    }

    /// The share answered in time, in tenths of a percent (None: nothing to measure yet).
    pub fn share_in_time_permille(&self) -> Option<u32> {
        Measured::of_timeliness(self).value()
    }

    /// Every measurable case answered in time.
    pub fn met(&self) -> bool {
        self.answered_late == 0 && self.overdue == 0
    }

    fn add(&mut self, other: &TimelinessFigures) {
        self.cases += other.cases;
        self.answered_in_time += other.answered_in_time;
        self.answered_late += other.answered_late;
        self.overdue += other.overdue;
        self.open += other.open;
    }
}

/// The figures of `year`'s cases month by month (January first) and for the
/// whole year, against a limit of `working_days` on the tenant's calendar,
/// as they stand on `today`.
pub fn timeliness_by_month(cases: &[TimedCase], working_days: u32, year: i32, today: Date) -> ([TimelinessFigures; 12], TimelinessFigures) {
    let calendar = WorkingDayCalendar::RHO;
    let mut months = [TimelinessFigures::default(); 12];
    for case in cases.iter().filter(|case| case.received.year() == year) {
        let due = calendar.deadline(case.received, working_days, DayCount::Working, &[]).unwrap_or(case.received);
        let month = &mut months[usize::from(u8::from(case.received.month())) - 1];
        month.cases += 1;
        match timeliness(due, case.answered, today) {
            Timeliness::AnsweredInTime => month.answered_in_time += 1,
            Timeliness::AnsweredLate => month.answered_late += 1,
            Timeliness::Overdue => month.overdue += 1,
            Timeliness::Open => month.open += 1,
        }
    }
    let mut total = TimelinessFigures::default();
    for month in &months {
        total.add(month);
    }
    (months, total)
}

/// The days of each month of `year` (January first) among `days` (the
/// maintenance days), and the year's count.
pub fn days_by_month(days: &[Date], year: i32) -> ([u32; 12], u32) {
    let mut months = [0u32; 12];
    let mut unique: Vec<Date> = days.iter().copied().filter(|day| day.year() == year).collect();
    unique.sort();
    unique.dedup();
    for day in &unique {
        months[usize::from(u8::from(day.month())) - 1] += 1;
    }
    (months, unique.len() as u32)
}

/// How many procedures were online at the end of each month of `year`
/// (January first; a month not yet ended counts `today`), from the days
/// each was published and, if so, withdrawn; and at the end of the year (or
/// today).
pub fn online_by_month(procedures: &[(Date, Option<Date>)], year: i32, today: Date) -> ([u32; 12], u32) {
    let online_on = |day: Date| procedures.iter().filter(|(published, withdrawn)| *published <= day && withdrawn.is_none_or(|gone| gone > day)).count() as u32;
    let mut months = [0u32; 12];
    for (index, month) in months.iter_mut().enumerate() {
        let month_of_year = Month::try_from(index as u8 + 1).expect("twelve months");
        let first = Date::from_calendar_date(year, month_of_year, 1).expect("the first of a month exists");
        let last = first.replace_day(time::util::days_in_month(month_of_year, year)).expect("the last of a month exists");
        *month = if first > today { 0 } else { online_on(last.min(today)) };
    }
    let year_end = Date::from_calendar_date(year, Month::December, 31).expect("31 December exists");
    (months, online_on(year_end.min(today)))
}

/// The standards of the charter (chapter 2.4 and the online services' promises).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StandardCode {
    /// At least 15 procedures can be filed online.
    ProceduresOnline,
    /// The CNS/CRS PIN is handed over at the counter in real time.
    PinOnTheSpot,
    /// Information requests are answered within 3 working days.
    InformationWithin3Days,
    /// Complaints and reports are answered within 30 working days.
    ReportsWithin30Days,
    /// At most 2 days a year without service for maintenance.
    MaintenanceDays,
}

/// The charter's targets.
pub const PROCEDURES_ONLINE_TARGET: u32 = 15;
pub const MAINTENANCE_DAYS_TARGET: u32 = 2;

impl StandardCode {
    pub const ALL: [StandardCode; 5] = [
        StandardCode::ProceduresOnline,
        StandardCode::PinOnTheSpot,
        StandardCode::InformationWithin3Days,
        StandardCode::ReportsWithin30Days,
        StandardCode::MaintenanceDays,
    ];

    /// Its stable name in the open data and its anchor on the page.
    pub fn slug(self) -> &'static str {
        match self {
            StandardCode::ProceduresOnline => "procedure-online",
            StandardCode::PinOnTheSpot => "pin-cns-crs-in-tempo-reale",
            StandardCode::InformationWithin3Days => "informazioni-entro-3-giorni-lavorativi",
            StandardCode::ReportsWithin30Days => "reclami-e-segnalazioni-entro-30-giorni-lavorativi",
            StandardCode::MaintenanceDays => "giorni-di-manutenzione",
        }
    }

    pub fn parse(slug: &str) -> Option<StandardCode> {
        StandardCode::ALL.into_iter().find(|code| code.slug() == slug)
    }

    /// Whether the value is a count (procedures, days) rather than a share of cases.
    pub fn is_count(self) -> bool {
        matches!(self, StandardCode::ProceduresOnline | StandardCode::MaintenanceDays)
    }
}

/// A period's measured value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Measured {
    /// Nothing to measure: no case, or a month that has not begun.
    NoData,
    Count {
        value: u32,
    },
    /// Of `of` measurable cases, `in_time` kept the promise.
    Share {
        in_time: u32,
        of: u32,
    },
}

impl Measured {
    fn of_timeliness(figures: &TimelinessFigures) -> Measured {
        match figures.measured() {
            0 => Measured::NoData,
            of => Measured::Share { in_time: figures.answered_in_time, of },
        }
    }

    /// The share in tenths of a percent, or the count.
    pub fn value(&self) -> Option<u32> {
        match *self {
            Measured::NoData => None,
            Measured::Count { value } => Some(value),
            Measured::Share { in_time, of } => Some((u64::from(in_time) * 1000 / u64::from(of.max(1))) as u32),
        }
    }

    /// The value as a number: a share in percent (one decimal), a count as it is.
    pub fn number(&self) -> Option<f64> {
        let value = f64::from(self.value()?);
        Some(if matches!(self, Measured::Share { .. }) { value / 10.0 } else { value })
    }

    /// A share's cases: (in time, measured).
    pub fn cases(&self) -> Option<(u32, u32)> {
        match *self {
            Measured::Share { in_time, of } => Some((in_time, of)),
            _ => None,
        }
    }

    /// As the page writes it: "93,4%", "16", or "".
    pub fn display(&self) -> String {
        match *self {
            Measured::NoData => String::new(),
            Measured::Count { value } => value.to_string(),
            Measured::Share { .. } => {
                let permille = self.value().unwrap_or_default();
                format!("{},{}%", permille / 10, permille % 10)
            }
        }
    }
}

/// One standard's figures for a year: each month's value and the year's,
/// and whether the target is met (None: nothing measured yet).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardFigures {
    pub code: StandardCode,
    /// January first.
    pub months: Vec<Measured>,
    pub year: Measured,
    pub met: Option<bool>,
}

/// What the standards are measured from, for one year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StandardsData {
    /// Each active procedure's first publication.
    pub procedures: Vec<(Date, Option<Date>)>,
    /// Each PIN handover at the counter: its day, and whether on the spot.
    pub pin_handovers: Vec<(Date, bool)>,
    pub information_requests: Vec<TimedCase>,
    /// Reports (and complaints): filed, and first answered.
    pub reports: Vec<TimedCase>,
    /// The days a maintenance window stopped (or will stop) the service.
    pub maintenance_days: Vec<Date>,
}

/// Every standard's figures for `year`, as they stand on `today`.
pub fn measure_standards(data: &StandardsData, year: i32, today: Date) -> Vec<StandardFigures> {
    let begun = |month: usize| Date::from_calendar_date(year, Month::try_from(month as u8 + 1).expect("twelve months"), 1).is_ok_and(|first| first <= today);
    let timeliness = |code: StandardCode, cases: &[TimedCase], working_days: u32| {
        let (months, total) = timeliness_by_month(cases, working_days, year, today);
        StandardFigures {
            code,
            months: months.iter().map(Measured::of_timeliness).collect(),
            year: Measured::of_timeliness(&total),
            met: (total.measured() > 0).then(|| total.met()),
        }
    };
    let (online, online_now) = online_by_month(&data.procedures, year, today);
    let first_published = data.procedures.iter().map(|(published, _)| *published).min();
    let procedures = StandardFigures {
        code: StandardCode::ProceduresOnline,
        months: online
            .iter()
            .enumerate()
            .map(|(month, value)| {
                let before_the_portal =
                    first_published.is_none_or(|first| first.year() > year || (first.year() == year && usize::from(u8::from(first.month())) > month + 1));
                if !begun(month) || before_the_portal {
                    Measured::NoData
                } else {
                    Measured::Count { value: *value }
                }
            })
            .collect(),
        year: if first_published.is_some() { Measured::Count { value: online_now } } else { Measured::NoData },
        met: first_published.map(|_| online_now >= PROCEDURES_ONLINE_TARGET),
    };
    let pin_cases: Vec<TimedCase> = data
        .pin_handovers
        .iter()
        .map(|(day, on_the_spot)| TimedCase { received: *day, answered: Some(if *on_the_spot { *day } else { day.next_day().unwrap_or(*day) }) })
        .collect();
    let (maintenance, maintenance_year) = days_by_month(&data.maintenance_days, year);
    let maintenance = StandardFigures {
        code: StandardCode::MaintenanceDays,
        months: maintenance
            .iter()
            .enumerate()
            .map(|(month, days)| if begun(month) || *days > 0 { Measured::Count { value: *days } } else { Measured::NoData })
            .collect(),
        year: Measured::Count { value: maintenance_year },
        met: Some(maintenance_year <= MAINTENANCE_DAYS_TARGET),
    };
    vec![
        procedures,
        // A PIN handed over on the spot is "answered" the day it was asked; zero working days allowed.
        timeliness(StandardCode::PinOnTheSpot, &pin_cases, 0),
        timeliness(StandardCode::InformationWithin3Days, &data.information_requests, 3),
        timeliness(StandardCode::ReportsWithin30Days, &data.reports, 30),
        maintenance,
    ]
}

/// The card whose PIN is handed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PinCard {
    /// Carta Nazionale dei Servizi (the health card, blue).
    Cns,
    /// Carta Regionale dei Servizi (Lombardy's, yellow).
    Crs,
}

impl PinCard {
    pub const ALL: [PinCard; 2] = [PinCard::Cns, PinCard::Crs];

    pub fn code(self) -> &'static str {
        match self {
            PinCard::Cns => "cns",
            PinCard::Crs => "crs",
        }
    }

    pub fn parse(code: &str) -> Option<PinCard> {
        PinCard::ALL.into_iter().find(|card| card.code() == code)
    }
}

pub const PIN_REASON_MAX_CHARS: usize = 200;

/// What is wrong with a counter log entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinProblem {
    Card,
    Outcome,
    /// Not on the spot: why is needed.
    ReasonMissing,
    ReasonTooLong,
}

/// A counter log entry, checked: the card, whether the PIN was handed over
/// on the spot, and if not why.
pub fn check_pin_handover(card: &str, outcome: &str, reason: &str) -> Result<(PinCard, bool, Option<String>), Vec<PinProblem>> {
    let mut problems = Vec::new();
    let card = PinCard::parse(card);
    if card.is_none() {
        problems.push(PinProblem::Card);
    }
    let on_the_spot = match outcome {
        "subito" => Some(true),
        "rinviato" => Some(false),
        _ => None,
    };
    if on_the_spot.is_none() {
        problems.push(PinProblem::Outcome);
    }
    let reason = reason.trim();
    if on_the_spot == Some(false) && reason.is_empty() {
        problems.push(PinProblem::ReasonMissing);
    }
    if reason.chars().count() > PIN_REASON_MAX_CHARS {
        problems.push(PinProblem::ReasonTooLong);
    }
    match (card, on_the_spot) {
        (Some(card), Some(on_the_spot)) if problems.is_empty() => Ok((card, on_the_spot, (!on_the_spot).then(|| reason.to_string()))),
        _ => Err(problems),
    }
}

/// A counter log entry as the clerks' page lists it (no personal data is kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinLogEntry {
    pub at: i64,
    pub card: PinCard,
    pub on_the_spot: bool,
    pub reason: Option<String>,
}

/// The standards page's content: the year, the day the figures stand on,
/// each standard's figures and its chart (SVG drawn on the server).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardsReport {
    pub year: i32,
    /// `YYYY-MM-DD`.
    pub as_of: String,
    pub standards: Vec<StandardFigures>,
    pub charts: Vec<String>,
    /// The years with data, newest first (the page links each).
    pub years: Vec<i32>,
}

/// The open data's CSV: one row per standard and period (each month, then
/// the year), with the raw counts beside the value, so anyone can check it.
pub fn standards_csv(year: i32, standards: &[StandardFigures]) -> String {
    let mut csv = String::from("standard,periodo,valore,casi_nei_tempi,casi_misurati,obiettivo_rispettato\r\n");
    for figures in standards {
        let periods = figures.months.iter().enumerate().map(|(month, value)| (format!("{year}-{:02}", month + 1), value, None)).chain(std::iter::once((
            year.to_string(),
            &figures.year,
            Some(figures.met),
        )));
        for (period, value, met) in periods {
            let (in_time, of) = value.cases().map(|(in_time, of)| (in_time.to_string(), of.to_string())).unwrap_or_default();
            let met = match met {
                Some(Some(true)) => "si",
                Some(Some(false)) => "no",
                _ => "",
            };
            let value = match value.number() {
                Some(share) if value.cases().is_some() => format!("{share:.1}"),
                Some(count) => count.to_string(),
                None => String::new(),
            };
            csv.push_str(&format!("{},{period},{value},{in_time},{of},{met}\r\n", figures.code.slug()));
        }
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// A generated year (2027) of requests answered at known distances from
    /// their due day, around Easter Monday (29 March), San Vittore (8 May,
    /// a Saturday in 2027, so 2026's Friday is used too) and San Francesco
    /// (Monday 4 October): the answers known in advance.
    fn generated_year() -> Vec<TimedCase> {
        vec![
            // Thursday 25 March: due Wednesday 31 (Friday 26, Tuesday 30, Wednesday 31; Easter Monday skipped).
            TimedCase { received: date!(2027 - 03 - 25), answered: Some(date!(2027 - 03 - 31)) }, // in time, on the last day
            TimedCase { received: date!(2027 - 03 - 25), answered: Some(date!(2027 - 04 - 01)) }, // late by one day
            // Had Easter Monday counted, 30 March would be the due day: 31 March must still be in time.
            TimedCase { received: date!(2027 - 03 - 26), answered: Some(date!(2027 - 03 - 31)) }, // Friday 26: due Thursday 1 April
            // Friday 1 October: due Thursday 7 (Monday 4 October is a holiday).
            TimedCase { received: date!(2027 - 10 - 01), answered: Some(date!(2027 - 10 - 07)) }, // in time
            TimedCase { received: date!(2027 - 10 - 01), answered: Some(date!(2027 - 10 - 08)) }, // late
            // Wednesday 5 May: due Monday 10 (6, 7, then the weekend with San Vittore).
            TimedCase { received: date!(2027 - 05 - 05), answered: Some(date!(2027 - 05 - 10)) }, // in time
            // Never answered: overdue by the end of the year.
            TimedCase { received: date!(2027 - 11 - 15), answered: None },
            // Received on Thursday 30 December: still open on the 31st (due Tuesday 4 January 2028).
            TimedCase { received: date!(2027 - 12 - 30), answered: None },
            // Another year's case does not count.
            TimedCase { received: date!(2026 - 12 - 30), answered: None },
        ]
    }

    #[test]
    fn the_generated_year_gives_the_figures_known_in_advance() {
        let (months, year) = timeliness_by_month(&generated_year(), 3, 2027, date!(2027 - 12 - 31));
        assert_eq!(months[2], TimelinessFigures { cases: 3, answered_in_time: 2, answered_late: 1, overdue: 0, open: 0 }, "March");
        assert_eq!(months[4], TimelinessFigures { cases: 1, answered_in_time: 1, ..Default::default() }, "May");
        assert_eq!(months[9], TimelinessFigures { cases: 2, answered_in_time: 1, answered_late: 1, ..Default::default() }, "October");
        assert_eq!(months[10], TimelinessFigures { cases: 1, overdue: 1, ..Default::default() }, "November");
        assert_eq!(months[11], TimelinessFigures { cases: 1, open: 1, ..Default::default() }, "December");
        assert_eq!(months[0], TimelinessFigures::default());
        assert_eq!(year, TimelinessFigures { cases: 8, answered_in_time: 4, answered_late: 2, overdue: 1, open: 1 });
        assert_eq!(year.share_in_time_permille(), Some(571), "4 of 7 measured");
        assert!(!year.met());
        assert!(months[4].met() && months[4].share_in_time_permille() == Some(1000));
        assert_eq!(months[0].share_in_time_permille(), None, "nothing to measure");
    }

    #[test]
    fn san_vittore_on_a_weekday_moves_the_due_day() {
        // Wednesday 6 May 2026: Thursday 7, then Friday 8 (San Vittore) is skipped: Monday 11, Tuesday 12.
        let cases = [
            TimedCase { received: date!(2026 - 05 - 06), answered: Some(date!(2026 - 05 - 12)) },
            TimedCase { received: date!(2026 - 05 - 06), answered: Some(date!(2026 - 05 - 13)) },
        ];
        let (months, _) = timeliness_by_month(&cases, 3, 2026, date!(2026 - 12 - 31));
        assert_eq!((months[4].answered_in_time, months[4].answered_late), (1, 1));
    }

    #[test]
    fn thirty_working_days_cross_easter_and_the_may_holidays() {
        // Thursday 25 March 2027 plus 30 working days: April has Easter Monday, 25 April (Sunday) and 1 May (Saturday).
        let received = date!(2027 - 03 - 25);
        let due = WorkingDayCalendar::RHO.deadline(received, 30, DayCount::Working, &[]).unwrap();
        assert_eq!(due, date!(2027 - 05 - 07));
        let cases = [TimedCase { received, answered: Some(due) }, TimedCase { received, answered: due.next_day() }];
        let (_, year) = timeliness_by_month(&cases, 30, 2027, date!(2027 - 12 - 31));
        assert_eq!((year.answered_in_time, year.answered_late), (1, 1));
    }

    #[test]
    fn maintenance_days_and_procedures_online_by_month() {
        let days = [date!(2027 - 03 - 10), date!(2027 - 03 - 10), date!(2027 - 03 - 11), date!(2027 - 09 - 01), date!(2028 - 01 - 01)];
        let (months, year) = days_by_month(&days, 2027);
        assert_eq!((months[2], months[8], year), (2, 1, 3));
        let procedures = [(date!(2026 - 11 - 01), None), (date!(2027 - 02 - 15), None), (date!(2027 - 01 - 10), Some(date!(2027 - 06 - 30)))];
        let (months, year_end) = online_by_month(&procedures, 2027, date!(2027 - 07 - 15));
        assert_eq!(&months[..8], &[2, 3, 3, 3, 3, 2, 2, 0], "June ends the day it was withdrawn; August has not begun");
        assert_eq!(year_end, 2, "the year so far: today");
    }

    #[test]
    fn every_standard_is_measured_from_the_same_data_for_the_page_and_the_open_data() {
        let data = StandardsData {
            procedures: (0..16).map(|_| (date!(2027 - 02 - 10), None)).collect(),
            pin_handovers: vec![(date!(2027 - 03 - 01), true), (date!(2027 - 03 - 02), true), (date!(2027 - 04 - 01), false)],
            information_requests: generated_year(),
            reports: vec![TimedCase { received: date!(2027 - 03 - 25), answered: Some(date!(2027 - 05 - 07)) }],
            maintenance_days: vec![date!(2027 - 03 - 10), date!(2027 - 03 - 11), date!(2027 - 09 - 01)],
        };
        let figures = measure_standards(&data, 2027, date!(2027 - 12 - 31));
        let codes: Vec<StandardCode> = figures.iter().map(|figure| figure.code).collect();
        assert_eq!(codes, StandardCode::ALL.to_vec());
        let procedures = &figures[0];
        assert_eq!(procedures.months[0], Measured::NoData, "January: before the portal's first procedure");
        assert_eq!(procedures.months[1], Measured::Count { value: 16 });
        assert_eq!(procedures.met, Some(true));
        let pin = &figures[1];
        assert_eq!(pin.months[2], Measured::Share { in_time: 2, of: 2 });
        assert_eq!(pin.months[3], Measured::Share { in_time: 0, of: 1 });
        assert_eq!((pin.year.display(), pin.met), ("66,6%".to_string(), Some(false)));
        let information = &figures[2];
        assert_eq!(information.year, Measured::Share { in_time: 4, of: 7 });
        assert_eq!(information.year.display(), "57,1%");
        assert_eq!(figures[3].met, Some(true), "the report answered on its due day");
        let maintenance = &figures[4];
        assert_eq!((maintenance.year, maintenance.met), (Measured::Count { value: 3 }, Some(false)), "three days: the standard missed");
        // A month not begun has no data; a year with nothing measured meets nothing yet.
        let early = measure_standards(&StandardsData::default(), 2027, date!(2027 - 03 - 15));
        assert_eq!(early[2].months[5], Measured::NoData);
        assert_eq!(early[2].met, None);
        assert_eq!(early[4].months[3], Measured::NoData);
        assert_eq!(early[4].met, Some(true));
        assert_eq!(early[0].met, None);
    }

    #[test]
    fn a_pin_handed_over_later_needs_its_reason() {
        assert_eq!(check_pin_handover("cns", "subito", ""), Ok((PinCard::Cns, true, None)));
        assert_eq!(check_pin_handover("crs", "rinviato", " Carta non abilitata "), Ok((PinCard::Crs, false, Some("Carta non abilitata".into()))));
        assert_eq!(check_pin_handover("crs", "rinviato", ""), Err(vec![PinProblem::ReasonMissing]));
        assert_eq!(check_pin_handover("", "", &"x".repeat(201)), Err(vec![PinProblem::Card, PinProblem::Outcome, PinProblem::ReasonTooLong]));
    }

    #[test]
    fn the_csv_has_a_row_per_standard_and_period_with_the_counts() {
        let data = StandardsData { information_requests: generated_year(), ..Default::default() };
        let figures = measure_standards(&data, 2027, date!(2027 - 12 - 31));
        let csv = standards_csv(2027, &figures);
        assert_eq!(csv.lines().count(), 1 + 5 * 13);
        assert!(csv.contains("informazioni-entro-3-giorni-lavorativi,2027-03,66.6,2,3,\r\n"), "{csv}");
        assert!(csv.contains("informazioni-entro-3-giorni-lavorativi,2027,57.1,4,7,no\r\n"));
        assert!(csv.contains("giorni-di-manutenzione,2027,0,,,si\r\n"));
        assert!(csv.contains("procedure-online,2027,,,,\r\n"));
    }
}
