//! Complaints and suggestions (charter 3): answered within 30 working days;
//! a complaint may name a missed standard, is judged founded or not with a
//! reason, and a founded one gives the citizen 30 days to choose a
//! compensation from the inventory. Pure rules, compiled for the server and
//! the browser alike.

use crate::listening::model::{checked_sender, timeliness, Timeliness};
use crate::practices::calendar::{DayCount, WorkingDayCalendar};
use crate::reports::model::ReportNumber;
use crate::standards::model::StandardCode;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// The charter's standard: complaints (like reports) answered within 30 working days.
pub const COMPLAINT_ANSWER_WORKING_DAYS: u32 = 30;
/// The days a citizen has to choose the compensation of a founded complaint.
pub const COMPENSATION_CHOICE_DAYS: i64 = 30;
pub const TEXT_MIN_CHARS: usize = 10;
pub const TEXT_MAX_CHARS: usize = 4000;
pub const REASON_MAX_CHARS: usize = 4000;
pub const ITEM_DESCRIPTION_MAX_CHARS: usize = 200;
/// The most of one item an administrator puts in the inventory at once.
pub const ITEM_MAX_QUANTITY: u32 = 10_000;

/// A complaint's number, `YYYY-NNNNNN`: a yearly sequence of its own.
pub type ComplaintNumber = ReportNumber;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ComplaintKind {
    /// Something went wrong: judged founded or not, with a compensation when founded.
    Complaint,
    /// An idea to do better: answered, never judged.
    Suggestion,
}

impl ComplaintKind {
    pub const ALL: [ComplaintKind; 2] = [ComplaintKind::Complaint, ComplaintKind::Suggestion];

    pub fn code(self) -> &'static str {
        match self {
            ComplaintKind::Complaint => "reclamo",
            ComplaintKind::Suggestion => "suggerimento",
        }
    }

    pub fn parse(code: &str) -> Option<ComplaintKind> {
        ComplaintKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// What the inventory holds (the charter's three kinds of compensation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompensationKind {
    PoolTicket,
    EventTicket,
    Publication,
}

impl CompensationKind {
    pub const ALL: [CompensationKind; 3] = [CompensationKind::PoolTicket, CompensationKind::EventTicket, CompensationKind::Publication];

    pub fn code(self) -> &'static str {
        match self {
            CompensationKind::PoolTicket => "piscina",
            CompensationKind::EventTicket => "evento",
            CompensationKind::Publication => "pubblicazione",
        }
    }

    pub fn parse(code: &str) -> Option<CompensationKind> {
        CompensationKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// The day the answer is due: 30 working days after the day of receipt.
pub fn complaint_answer_due_on(received: Date) -> Date {
    WorkingDayCalendar::RHO.deadline(received, COMPLAINT_ANSWER_WORKING_DAYS, DayCount::Working, &[]).unwrap_or(received)
}

/// The last day to choose a compensation: 30 days after the day the
/// complaint was judged founded (the day the citizen is told).
pub fn compensation_choice_until(judged: Date) -> Date {
    judged.saturating_add(Duration::days(COMPENSATION_CHOICE_DAYS))
}

/// Where a complaint's compensation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompensationState {
    /// Not a founded complaint (or not judged yet).
    NotDue,
    /// Founded: the citizen may still choose.
    Open,
    /// Chosen, to be handed over at the desk.
    Chosen,
    HandedOver,
    /// Not chosen in time: the right has lapsed.
    Lapsed,
}

/// `until`: the last day to choose; the right lapses the day after it, even
/// before the nightly run records it.
pub fn compensation_state(founded: Option<bool>, until: Option<Date>, chosen: bool, handed_over: bool, lapsed: bool, today: Date) -> CompensationState {
    match (founded, until) {
        (Some(true), Some(until)) => {
            if handed_over {
                CompensationState::HandedOver
            } else if chosen {
                CompensationState::Chosen
            } else if lapsed || today > until {
                CompensationState::Lapsed
            } else {
                CompensationState::Open
            }
        }
        _ => CompensationState::NotDue,
    }
}

/// The code in the link mailed with a founded complaint's answer: who holds
/// it chooses the compensation. 64 hexadecimal characters; only its SHA-256
/// is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct ChoiceCode(String);

impl std::fmt::Debug for ChoiceCode {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("ChoiceCode(…)")
    }
}

impl ChoiceCode {
    pub fn parse(input: &str) -> Option<ChoiceCode> {
        let code = input.trim();
        (code.len() == 64 && code.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))).then(|| ChoiceCode(code.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What is wrong with a complaint's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComplaintProblem {
    Kind,
    Name,
    Email,
    Standard,
    TextMissing,
    TextTooShort,
    TextTooLong,
    Privacy,
    Channel,
    ReceivedAt,
}

/// A complaint's fields, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedComplaint {
    pub kind: ComplaintKind,
    pub name: String,
    pub email: String,
    /// The standard it says was missed (a complaint only).
    pub standard: Option<StandardCode>,
    pub text: String,
}

/// Checks a complaint's fields (`standard` empty: none named); every problem at once.
pub fn check_complaint(kind: &str, name: &str, email: &str, standard: &str, text: &str) -> Result<CheckedComplaint, Vec<ComplaintProblem>> {
    let mut problems = Vec::new();
    let kind = ComplaintKind::parse(kind);
    if kind.is_none() {
        problems.push(ComplaintProblem::Kind);
    }
    let (name, email) = checked_sender(name, email);
    if name.is_none() {
        problems.push(ComplaintProblem::Name);
    }
    if email.is_none() {
        problems.push(ComplaintProblem::Email);
    }
    let standard = match standard.trim() {
        "" => None,
        slug => {
            let code = StandardCode::parse(slug);
            if code.is_none() {
                problems.push(ComplaintProblem::Standard);
            }
            code
        }
    };
    let text = text.trim();
    match text.chars().count() {
        0 => problems.push(ComplaintProblem::TextMissing),
        length if length < TEXT_MIN_CHARS => problems.push(ComplaintProblem::TextTooShort),
        length if length > TEXT_MAX_CHARS => problems.push(ComplaintProblem::TextTooLong),
        _ => {}
    }
    match (kind, name, email) {
        (Some(kind), Some(name), Some(email)) if problems.is_empty() => Ok(CheckedComplaint {
            kind,
            name,
            email,
            // A suggestion names no missed standard.
            standard: standard.filter(|_| kind == ComplaintKind::Complaint),
            text: text.to_string(),
        }),
        _ => Err(problems),
    }
}

/// The office's answer: a complaint judged founded or not, a suggestion answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Founded,
    NotFounded,
    Answered,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Founded, Verdict::NotFounded, Verdict::Answered];

    pub fn code(self) -> &'static str {
        match self {
            Verdict::Founded => FOUNDED,
            Verdict::NotFounded => NOT_FOUNDED,
            Verdict::Answered => "risposto",
        }
    }

    pub fn parse(code: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|verdict| verdict.code() == code)
    }

    /// What the `founded` column keeps.
    pub fn founded(self) -> Option<bool> {
        match self {
            Verdict::Founded => Some(true),
            Verdict::NotFounded => Some(false),
            Verdict::Answered => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerdictProblem {
    /// A complaint needs "founded" or "not founded".
    Verdict,
    Reason,
}

pub const FOUNDED: &str = "fondato";
pub const NOT_FOUNDED: &str = "infondato";

/// Checks the office's answer to a complaint of `kind`: a complaint is
/// judged (`verdict` is `FOUNDED` or `NOT_FOUNDED`), a suggestion only
/// answered; the reason is always written.
pub fn check_verdict(kind: ComplaintKind, verdict: &str, reason: &str) -> Result<(Verdict, String), Vec<VerdictProblem>> {
    let mut problems = Vec::new();
    let verdict = match (kind, verdict) {
        (ComplaintKind::Suggestion, _) => Some(Verdict::Answered),
        (ComplaintKind::Complaint, FOUNDED) => Some(Verdict::Founded),
        (ComplaintKind::Complaint, NOT_FOUNDED) => Some(Verdict::NotFounded),
        (ComplaintKind::Complaint, _) => None,
    };
    if verdict.is_none() {
        problems.push(VerdictProblem::Verdict);
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > REASON_MAX_CHARS {
        problems.push(VerdictProblem::Reason);
    }
    match verdict {
        Some(verdict) if problems.is_empty() => Ok((verdict, reason.to_string())),
        _ => Err(problems),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemProblem {
    Kind,
    Description,
    Quantity,
}

/// Checks an inventory item: its kind, a description, how many are available (0 allowed).
pub fn check_item(kind: &str, description: &str, quantity: &str) -> Result<(CompensationKind, String, u32), Vec<ItemProblem>> {
    let mut problems = Vec::new();
    let kind = CompensationKind::parse(kind);
    if kind.is_none() {
        problems.push(ItemProblem::Kind);
    }
    let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
    if description.chars().count() < 3 || description.chars().count() > ITEM_DESCRIPTION_MAX_CHARS {
        problems.push(ItemProblem::Description);
    }
    let quantity = check_quantity(quantity);
    if quantity.is_none() {
        problems.push(ItemProblem::Quantity);
    }
    match (kind, quantity) {
        (Some(kind), Some(quantity)) if problems.is_empty() => Ok((kind, description, quantity)),
        _ => Err(problems),
    }
}

/// How many of an item are available: a whole number from 0 to `ITEM_MAX_QUANTITY`.
pub fn check_quantity(quantity: &str) -> Option<u32> {
    let quantity = quantity.trim();
    if quantity.is_empty() || !quantity.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    quantity.parse::<u32>().ok().filter(|quantity| *quantity <= ITEM_MAX_QUANTITY)
}

/// One item of the compensation inventory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompensationItem {
    pub id: String,
    /// A `CompensationKind` code.
    pub kind: String,
    pub description: String,
    pub available: u32,
}

/// One complaint or suggestion, as the office reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    pub number: String,
    pub kind: ComplaintKind,
    /// A `RequestChannel` code.
    pub channel: String,
    pub name: String,
    pub email: String,
    /// The standard it says was missed (its slug).
    pub standard: Option<String>,
    pub text: String,
    pub received_at: i64,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub verdict: Option<Verdict>,
    pub reason: Option<String>,
    pub answered_at: Option<i64>,
    pub overdue: bool,
    pub answered_late: bool,
    pub compensation: CompensationState,
    /// `YYYY-MM-DD`: the last day to choose (a founded complaint).
    pub compensation_until: Option<String>,
    /// The item chosen (its description).
    pub chosen_item: Option<String>,
    pub chosen_at: Option<i64>,
    pub handed_over_at: Option<i64>,
}

impl ComplaintView {
    pub fn timeliness(&self) -> Timeliness {
        match (self.answered_at, self.overdue, self.answered_late) {
            (Some(_), _, true) => Timeliness::AnsweredLate,
            (Some(_), _, false) => Timeliness::AnsweredInTime,
            (None, true, _) => Timeliness::Overdue,
            (None, false, _) => Timeliness::Open,
        }
    }
}

/// Where a complaint stands against its due day (`answered`: the day in Rome of the answer).
pub fn complaint_timeliness(received: Date, answered: Option<Date>, today: Date) -> Timeliness {
    timeliness(complaint_answer_due_on(received), answered, today)
}

/// What the citizen's choice page shows: the complaint's number, until
/// when, where the choice stands and the items still available.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompensationChoiceView {
    pub number: String,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub until: String,
    pub state: CompensationState,
    pub chosen_item: Option<String>,
    pub items: Vec<CompensationItem>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn the_answer_is_due_thirty_working_days_after_receipt_on_rhos_calendar() {
        // Monday 1 March 2027: 30 working days, with Easter Monday (29 March) skipped, end on Tuesday 13 April.
        assert_eq!(complaint_answer_due_on(date!(2027 - 03 - 01)), date!(2027 - 04 - 13));
        // Monday 20 September 2027: San Francesco (Monday 4 October) and All Saints (Monday 1 November) skipped: Wednesday 3 November.
        assert_eq!(complaint_answer_due_on(date!(2027 - 09 - 20)), date!(2027 - 11 - 03));
    }

    #[test]
    fn a_founded_complaint_gives_thirty_days_to_choose_then_the_right_lapses() {
        let judged = date!(2027 - 04 - 10);
        let until = compensation_choice_until(judged);
        assert_eq!(until, date!(2027 - 05 - 10));
        let state = |chosen, handed, lapsed, today| compensation_state(Some(true), Some(until), chosen, handed, lapsed, today);
        assert_eq!(state(false, false, false, until), CompensationState::Open);
        assert_eq!(state(false, false, false, date!(2027 - 05 - 11)), CompensationState::Lapsed);
        assert_eq!(state(false, false, true, until), CompensationState::Lapsed);
        assert_eq!(state(true, false, false, date!(2027 - 06 - 01)), CompensationState::Chosen);
        assert_eq!(state(true, true, false, date!(2027 - 06 - 01)), CompensationState::HandedOver);
        assert_eq!(compensation_state(Some(false), None, false, false, false, until), CompensationState::NotDue);
        assert_eq!(compensation_state(None, None, false, false, false, until), CompensationState::NotDue);
    }

    #[test]
    fn every_problem_of_a_complaint_is_named() {
        let ok =
            check_complaint("reclamo", " Anna  Ferrari ", "anna@example.it", "informazioni-entro-3-giorni-lavorativi", "Nessuna risposta in una settimana.")
                .unwrap();
        assert_eq!((ok.kind, ok.name.as_str(), ok.standard), (ComplaintKind::Complaint, "Anna Ferrari", Some(StandardCode::InformationWithin3Days)));
        let suggestion = check_complaint("suggerimento", "Anna", "anna@example.it", "giorni-di-manutenzione", "Aprite il sabato mattina.").unwrap();
        assert_eq!(suggestion.standard, None, "a suggestion names no missed standard");
        assert_eq!(
            check_complaint("lamentela", "A", "anna", "sconosciuto", "Male"),
            Err(vec![ComplaintProblem::Kind, ComplaintProblem::Name, ComplaintProblem::Email, ComplaintProblem::Standard, ComplaintProblem::TextTooShort])
        );
        assert_eq!(check_complaint("reclamo", "Anna", "anna@example.it", "", "  "), Err(vec![ComplaintProblem::TextMissing]));
        let long = "a".repeat(TEXT_MAX_CHARS + 1);
        assert_eq!(check_complaint("reclamo", "Anna", "anna@example.it", "", &long), Err(vec![ComplaintProblem::TextTooLong]));
    }

    #[test]
    fn a_complaint_is_judged_and_a_suggestion_answered_always_with_a_reason() {
        assert_eq!(check_verdict(ComplaintKind::Complaint, FOUNDED, " Risposta tardiva. "), Ok((Verdict::Founded, "Risposta tardiva.".to_string())));
        assert_eq!(check_verdict(ComplaintKind::Complaint, NOT_FOUNDED, "Risposta nei tempi.").map(|(verdict, _)| verdict), Ok(Verdict::NotFounded));
        assert_eq!(check_verdict(ComplaintKind::Complaint, "", ""), Err(vec![VerdictProblem::Verdict, VerdictProblem::Reason]));
        assert_eq!(check_verdict(ComplaintKind::Suggestion, "", "Grazie, lo valuteremo.").map(|(verdict, _)| verdict), Ok(Verdict::Answered));
        assert_eq!(Verdict::Founded.founded(), Some(true));
        assert_eq!(Verdict::Answered.founded(), None);
    }

    #[test]
    fn inventory_items_are_checked() {
        assert_eq!(check_item("piscina", " Ingresso  Piscina ", "12"), Ok((CompensationKind::PoolTicket, "Ingresso Piscina".to_string(), 12)));
        assert_eq!(check_item("auto", "x", "-1"), Err(vec![ItemProblem::Kind, ItemProblem::Description, ItemProblem::Quantity]));
        assert_eq!(check_quantity("0"), Some(0));
        assert_eq!(check_quantity("10001"), None);
        assert_eq!(check_quantity("1.5"), None);
    }

    #[test]
    fn codes_read_back() {
        for kind in ComplaintKind::ALL {
            assert_eq!(ComplaintKind::parse(kind.code()), Some(kind));
        }
        for verdict in Verdict::ALL {
            assert_eq!(Verdict::parse(verdict.code()), Some(verdict));
        }
        for kind in CompensationKind::ALL {
            assert_eq!(CompensationKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(ChoiceCode::parse(&"ab".repeat(32)).map(|code| code.as_str().len()), Some(64));
        assert_eq!(ChoiceCode::parse(&"AB".repeat(32)), None);
        assert_eq!(ChoiceCode::parse("abc"), None);
    }

    proptest! {
        #[test]
        fn the_choice_never_ends_before_thirty_days_nor_the_answer_before_thirty_working_days(days in 0i64..3650) {
            let received = date!(2026 - 01 - 01) + Duration::days(days);
            prop_assert_eq!(compensation_choice_until(received) - received, Duration::days(30));
            let due = complaint_answer_due_on(received);
            // 30 working days take six weeks of weekdays: 40 days at least (from a Sunday).
            prop_assert!(due - received >= Duration::days(40));
        }

        #[test]
        fn quantities_read_back(quantity in 0u32..=ITEM_MAX_QUANTITY) {
            prop_assert_eq!(check_quantity(&quantity.to_string()), Some(quantity));
        }
    }
}
