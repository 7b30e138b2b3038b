//! Listening to citizens (charter 1.3 and 3): information requests, answered
//! within 3 working days of receipt on the tenant's calendar. Pure rules,
//! compiled for the server and the browser alike.

use crate::practices::calendar::{DayCount, WorkingDayCalendar};
use crate::reports::model::ReportNumber;
use serde::{Deserialize, Serialize};
use time::Date;

/// The charter's standard: an information request answered within 3 working days.
pub const INFORMATION_ANSWER_WORKING_DAYS: u32 = 3;
pub const NAME_MIN_CHARS: usize = 2;
pub const NAME_MAX_CHARS: usize = 100;
pub const QUESTION_MIN_CHARS: usize = 10;
/// The charter's form: a request of up to 2,000 characters.
pub const QUESTION_MAX_CHARS: usize = 2000;
pub const ANSWER_MAX_CHARS: usize = 4000;
/// The topic of a request about no particular service sheet.
pub const OTHER_TOPIC: &str = "altro";

/// An information request's number, `YYYY-NNNNNN` like a report's: a yearly
/// sequence of its own.
pub type InformationRequestNumber = ReportNumber;

/// How a request reached the Comune.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestChannel {
    /// The portal's form.
    Portal,
    /// The citizens' desk's mailbox, registered by a clerk.
    Email,
    Phone,
    Letter,
    Counter,
}

impl RequestChannel {
    /// What a clerk may register (the portal's own form files the rest).
    pub const REGISTERED: [RequestChannel; 4] = [RequestChannel::Email, RequestChannel::Phone, RequestChannel::Letter, RequestChannel::Counter];

    pub fn code(self) -> &'static str {
        match self {
            RequestChannel::Portal => "portale",
            RequestChannel::Email => "email",
            RequestChannel::Phone => "telefono",
            RequestChannel::Letter => "lettera",
            RequestChannel::Counter => "sportello",
        }
    }

    pub fn parse(code: &str) -> Option<RequestChannel> {
        [RequestChannel::Portal, RequestChannel::Email, RequestChannel::Phone, RequestChannel::Letter, RequestChannel::Counter]
            .into_iter()
            .find(|channel| channel.code() == code)
    }
}

/// The day the answer is due: 3 working days after the day of receipt.
pub fn information_answer_due_on(received: Date) -> Date {
    WorkingDayCalendar::RHO.deadline(received, INFORMATION_ANSWER_WORKING_DAYS, DayCount::Working, &[]).unwrap_or(received)
}

/// Where a request stands against its due day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Timeliness {
    /// Not answered, and the due day has not passed.
    Open,
    /// Not answered, and the due day has passed.
    Overdue,
    AnsweredInTime,
    AnsweredLate,
}

/// `answered`: the day in Rome of the answer, if any.
pub fn timeliness(due: Date, answered: Option<Date>, today: Date) -> Timeliness {
    match answered {
        Some(day) if day <= due => Timeliness::AnsweredInTime,
        Some(_) => Timeliness::AnsweredLate,
        None if today > due => Timeliness::Overdue,
        None => Timeliness::Open,
    }
}

/// What is wrong with a request's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestProblem {
    Name,
    Email,
    Topic,
    QuestionMissing,
    QuestionTooShort,
    QuestionTooLong,
    Privacy,
    Channel,
    ReceivedAt,
}

/// A request's fields, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedRequest {
    pub name: String,
    pub email: String,
    pub topic: String,
    pub question: String,
}

/// Checks a request's fields: `topics` are the service sheets' slugs (and
/// `OTHER_TOPIC`); every problem at once.
pub fn check_request(name: &str, email: &str, topic: &str, question: &str, topics: &[String]) -> Result<CheckedRequest, Vec<RequestProblem>> {
    let mut problems = Vec::new();
    let (name, email) = checked_sender(name, email);
    if name.is_none() {
        problems.push(RequestProblem::Name);
    }
    if email.is_none() {
        problems.push(RequestProblem::Email);
    }
    if topic != OTHER_TOPIC && !topics.iter().any(|known| known == topic) {
        problems.push(RequestProblem::Topic);
    }
    let question = question.trim();
    match question.chars().count() {
        0 => problems.push(RequestProblem::QuestionMissing),
        length if length < QUESTION_MIN_CHARS => problems.push(RequestProblem::QuestionTooShort),
        length if length > QUESTION_MAX_CHARS => problems.push(RequestProblem::QuestionTooLong),
        _ => {}
    }
    match (name, email) {
        (Some(name), Some(email)) if problems.is_empty() => Ok(CheckedRequest { name, email, topic: topic.to_string(), question: question.to_string() }),
        _ => Err(problems),
    }
}

/// Whoever writes to the Comune (a request, a complaint): the name with its
/// spaces collapsed, 2 to 100 characters, and a valid email; None where wrong.
pub fn checked_sender(name: &str, email: &str) -> (Option<String>, Option<String>) {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = (NAME_MIN_CHARS..=NAME_MAX_CHARS).contains(&name.chars().count()).then_some(name);
    let email = crate::auth::model::EmailAddress::parse(email).ok().map(|address| address.as_str().to_string());
    (name, email)
}

/// One information request, as its author and the office read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InformationRequestView {
    pub number: String,
    pub channel: String,
    pub name: String,
    pub email: String,
    /// The service sheet's title, or "other".
    pub topic: String,
    pub question: String,
    pub received_at: i64,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
    pub overdue: bool,
    pub answered_late: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_answer_is_due_three_working_days_after_receipt_on_rhos_calendar() {
        // Thursday 1 April 2027: Friday 2, Monday 5, Tuesday 6.
        assert_eq!(information_answer_due_on(date!(2027 - 04 - 01)), date!(2027 - 04 - 06));
        // Thursday 25 March 2027: Friday 26, then Easter Monday 29 March is skipped: Tuesday 30, Wednesday 31.
        assert_eq!(information_answer_due_on(date!(2027 - 03 - 25)), date!(2027 - 03 - 31));
        // Friday 1 October 2027: Monday 4 October (San Francesco) is a holiday from 2026: 5, 6, 7.
        assert_eq!(information_answer_due_on(date!(2027 - 10 - 01)), date!(2027 - 10 - 07));
        // Wednesday 6 May 2026: Thursday 7, then San Vittore (Friday 8 May) and the weekend: Monday 11, Tuesday 12.
        assert_eq!(information_answer_due_on(date!(2026 - 05 - 06)), date!(2026 - 05 - 12));
        // Received on a Sunday: Monday, Tuesday, Wednesday.
        assert_eq!(information_answer_due_on(date!(2027 - 03 - 07)), date!(2027 - 03 - 10));
    }

    #[test]
    fn a_request_is_in_time_until_the_end_of_its_due_day() {
        let due = date!(2027 - 04 - 06);
        assert_eq!(timeliness(due, None, due), Timeliness::Open);
        assert_eq!(timeliness(due, None, date!(2027 - 04 - 07)), Timeliness::Overdue);
        assert_eq!(timeliness(due, Some(due), date!(2027 - 04 - 09)), Timeliness::AnsweredInTime);
        assert_eq!(timeliness(due, Some(date!(2027 - 04 - 07)), date!(2027 - 04 - 07)), Timeliness::AnsweredLate);
    }

    #[test]
    fn every_problem_of_a_request_is_named() {
        let topics = vec!["carta-identita-elettronica".to_string()];
        let ok = check_request("  Anna   Ferrari ", "Anna@Example.IT", "carta-identita-elettronica", "Quali documenti servono?", &topics).unwrap();
        assert_eq!((ok.name.as_str(), ok.email.as_str()), ("Anna Ferrari", "Anna@example.it"));
        assert!(check_request("Anna", "anna@example.it", OTHER_TOPIC, "Quali documenti servono?", &topics).is_ok());
        assert_eq!(
            check_request("A", "anna", "sconosciuto", "Ciao", &topics),
            Err(vec![RequestProblem::Name, RequestProblem::Email, RequestProblem::Topic, RequestProblem::QuestionTooShort])
        );
        assert_eq!(check_request("Anna", "anna@example.it", OTHER_TOPIC, " ", &topics), Err(vec![RequestProblem::QuestionMissing]));
        let long = "a".repeat(QUESTION_MAX_CHARS + 1);
        assert_eq!(check_request("Anna", "anna@example.it", OTHER_TOPIC, &long, &topics), Err(vec![RequestProblem::QuestionTooLong]));
        assert_eq!(check_request("Anna", "anna@example.it", OTHER_TOPIC, &"a".repeat(QUESTION_MAX_CHARS), &topics).map(|_| ()), Ok(()));
    }

    #[test]
    fn channels_read_back_from_their_codes() {
        for channel in [RequestChannel::Portal, RequestChannel::Email, RequestChannel::Phone, RequestChannel::Letter, RequestChannel::Counter] {
            assert_eq!(RequestChannel::parse(channel.code()), Some(channel));
        }
        assert_eq!(RequestChannel::parse("fax"), None);
    }
}
