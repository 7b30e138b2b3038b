//! The citizens' booking flow, the rules its pages and the server share:
//! its steps, how far ahead a slot may be booked, the months a calendar
//! page moves through, what an applicant must give, and what each page shows.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// How long a slot stays held while the flow is completed.
pub const HOLD_MINUTES: i64 = 15;
/// How far ahead a slot may be booked: about three months.
pub const BOOKING_HORIZON_DAYS: i64 = 92;
/// The reason for an appointment that is no service sheet's: general
/// questions at the office, of the office's usual length.
pub const OTHER_SERVICE: &str = "altro";

/// The key a booking's links carry (the flow's steps, the mail's link to
/// see, move or cancel it): 64 hexadecimal characters, only its SHA-256
/// stored. It opens that one booking and nothing else.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct BookingKey(String);

impl std::fmt::Debug for BookingKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("BookingKey(…)")
    }
}

impl BookingKey {
    pub fn parse(input: &str) -> Option<BookingKey> {
        let key = input.trim();
        (key.len() == 64 && key.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))).then(|| BookingKey(key.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for BookingKey {
    type Error = &'static str;

    fn try_from(value: String) -> Result<BookingKey, &'static str> {
        BookingKey::parse(&value).ok_or("not a booking key")
    }
}

/// The general reason's title.
pub fn other_service_title(locale: crate::i18n::Locale) -> &'static str {
    crate::i18n::Text::BookingOtherService.in_locale(locale)
}

/// The steps after a slot is held, as their path segments name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BookingStep {
    /// The reason (the service, fixed by then) and the details.
    Details,
    Applicant,
    Summary,
}

impl BookingStep {
    pub const ALL: [BookingStep; 3] = [BookingStep::Details, BookingStep::Applicant, BookingStep::Summary];

    pub fn segment(self) -> &'static str {
        match self {
            BookingStep::Details => "dettagli",
            BookingStep::Applicant => "richiedente",
            BookingStep::Summary => "riepilogo",
        }
    }

    pub fn parse(segment: &str) -> Option<BookingStep> {
        BookingStep::ALL.into_iter().find(|step| step.segment() == segment)
    }

    /// Its place among the flow's five steps (office, day and time come first).
    pub fn position(self) -> usize {
        match self {
            BookingStep::Details => 2,
            BookingStep::Applicant => 3,
            BookingStep::Summary => 4,
        }
    }

    pub fn next(self) -> Option<BookingStep> {
        match self {
            BookingStep::Details => Some(BookingStep::Applicant),
            BookingStep::Applicant => Some(BookingStep::Summary),
            BookingStep::Summary => None,
        }
    }
}

/// The last day a slot may be booked on, from today.
pub fn last_bookable_day(today: Date) -> Date {
    today + time::Duration::days(BOOKING_HORIZON_DAYS)
}

/// `2027-03` as a month.
pub fn parse_month(text: &str) -> Option<(i32, Month)> {
    let (year, month) = text.trim().split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    let year = year.parse::<i32>().ok()?;
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Some((year, month))
}

pub fn month_code(year: i32, month: Month) -> String {
    format!("{year:04}-{:02}", u8::from(month))
}

/// The months a booking's calendar shows, from today's to the horizon's.
pub fn bookable_months(today: Date) -> Vec<(i32, Month)> {
    let last = last_bookable_day(today);
    let mut months = vec![(today.year(), today.month())];
    while let Some(&(year, month)) = months.last() {
        if (year, u8::from(month)) >= (last.year(), u8::from(last.month())) {
            break;
        }
        months.push(if month == Month::December { (year + 1, Month::January) } else { (year, month.next()) });
    }
    months
}

/// The longest details a citizen may write.
pub const DETAILS_MAX_CHARS: usize = 1000;

/// What is wrong with an applicant as written; each names its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplicantProblem {
    Name,
    Email,
    Phone,
}

/// An applicant that can be booked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedApplicant {
    pub name: String,
    /// Always for a citizen; optional for a caller.
    pub email: Option<String>,
    /// Optional for a citizen (the office may phone if something changes); always for a caller.
    pub phone: Option<String>,
}

/// Who writes the applicant down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookedBy {
    /// The citizen: name (2–100 characters) and email needed, a phone only if given.
    Citizen,
    /// A clerk, for someone who phoned: name and phone needed, an email only if given.
    Counter,
}

/// The applicant as written, checked; every problem at once.
pub fn check_applicant(name: &str, email: &str, phone: &str, by: BookedBy) -> Result<CheckedApplicant, Vec<ApplicantProblem>> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = (2..=100).contains(&name.chars().count()).then_some(name);
    let email = match (email.trim(), by) {
        ("", BookedBy::Counter) => Ok(None),
        (written, _) => crate::auth::model::EmailAddress::parse(written).map(|address| Some(address.as_str().to_string())).map_err(|_| ()),
    };
    let phone = match (phone.trim(), by) {
        ("", BookedBy::Citizen) => Ok(None),
        (written, _) => crate::auth::model::PhoneNumber::parse(written).map(|phone| Some(phone.as_str().to_string())).map_err(|_| ()),
    };
    let mut problems = Vec::new();
    if name.is_none() {
        problems.push(ApplicantProblem::Name);
    }
    if email.is_err() {
        problems.push(ApplicantProblem::Email);
    }
    if phone.is_err() {
        problems.push(ApplicantProblem::Phone);
    }
    match (name, email, phone) {
        (Some(name), Ok(email), Ok(phone)) => Ok(CheckedApplicant { name, email, phone }),
        _ => Err(problems),
    }
}

/// An office the flow offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeChoice {
    pub office: String,
    pub name: String,
    pub address: String,
}

/// A reason the flow offers at an office, with its length.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceChoice {
    pub service: String,
    pub title: String,
    pub minutes: u32,
}

/// The first step: the office, then the reason at that office.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingStartView {
    /// Only the competent ones when started from a service sheet.
    pub offices: Vec<OfficeChoice>,
    /// Chosen, or the only competent one.
    pub office: Option<String>,
    /// The reasons at the chosen office (empty until there is one).
    pub services: Vec<ServiceChoice>,
    /// The service sheet the flow started from, preselected.
    pub service: Option<String>,
}

/// The second step: a month's free days, then a day's free slots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingDayView {
    pub office: OfficeChoice,
    pub service: ServiceChoice,
    /// `YYYY-MM`.
    pub month: String,
    pub previous_month: Option<String>,
    pub next_month: Option<String>,
    /// ISO days with at least one free slot.
    pub free_days: Vec<String>,
    /// The chosen day (ISO), if it is one of them.
    pub day: Option<String>,
    /// That day's free slots, `HH:MM`.
    pub slots: Vec<String>,
}

/// A booking (or a hold) as its pages show it to whoever holds its key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingView {
    pub office: OfficeChoice,
    pub service: ServiceChoice,
    /// ISO day.
    pub day: String,
    /// `HH:MM`.
    pub starts: String,
    /// `held`, `released`, `booked`, `cancelled`, `arrived`, `served`, `no_show`.
    pub state: String,
    /// Whether a hold can still be completed.
    pub hold_open: bool,
    /// Until when (`HH:MM`) the hold lasts.
    pub hold_until: String,
    pub details: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    /// What to bring: the service sheet's list.
    pub needed: Vec<String>,
    /// Signed in: the applicant comes from the profile.
    pub signed_in: bool,
    /// A clerk registers it for someone who phoned.
    pub for_a_caller: bool,
}

impl BookingView {
    pub fn is_booked(&self) -> bool {
        self.state == "booked"
    }
}

/// One of a citizen's bookings in "I miei appuntamenti".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAppointment {
    pub id: String,
    pub service_title: String,
    pub office_name: String,
    /// ISO day.
    pub day: String,
    pub starts: String,
    pub state: String,
}

/// A booking's page: the booking, and the days to move it to when asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingPage {
    pub booking: BookingView,
    pub moving: Option<BookingDayView>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn the_steps_read_back_and_follow_one_another() {
        for step in BookingStep::ALL {
            assert_eq!(BookingStep::parse(step.segment()), Some(step));
        }
        assert_eq!(BookingStep::parse("conferma"), None);
        assert_eq!(BookingStep::Details.next(), Some(BookingStep::Applicant));
        assert_eq!(BookingStep::Summary.next(), None);
    }

    #[test]
    fn the_calendar_moves_through_three_months() {
        let months = bookable_months(date!(2026 - 12 - 04));
        assert_eq!(months, vec![(2026, Month::December), (2027, Month::January), (2027, Month::February), (2027, Month::March)]);
        assert_eq!(last_bookable_day(date!(2026 - 12 - 04)), date!(2027 - 03 - 06));
        assert_eq!(parse_month("2027-03"), Some((2027, Month::March)));
        assert_eq!(parse_month("2027-13"), None);
        assert_eq!(parse_month("27-3"), None);
        assert_eq!(month_code(2027, Month::March), "2027-03");
    }

    #[test]
    fn an_applicant_needs_a_name_and_an_email_or_at_the_counter_a_phone() {
        let checked = check_applicant("  Maria   Rossi ", "maria.rossi@example.it", "", BookedBy::Citizen).unwrap();
        assert_eq!(checked.name, "Maria Rossi");
        assert_eq!(checked.phone, None);
        assert_eq!(
            check_applicant("M", "non-una-mail", "abc", BookedBy::Citizen),
            Err(vec![ApplicantProblem::Name, ApplicantProblem::Email, ApplicantProblem::Phone])
        );
        assert_eq!(check_applicant("Maria Rossi", "", "", BookedBy::Citizen), Err(vec![ApplicantProblem::Email]));
        assert!(check_applicant("Maria Rossi", "maria.rossi@example.it", "+39 02 1234 5678", BookedBy::Citizen).unwrap().phone.is_some());
        let caller = check_applicant("Mario Bianchi", "", "02 1234 5678", BookedBy::Counter).unwrap();
        assert_eq!((caller.email, caller.phone.as_deref()), (None, Some("0212345678")));
        assert_eq!(check_applicant("Mario Bianchi", "", "", BookedBy::Counter), Err(vec![ApplicantProblem::Phone]));
    }

    proptest! {
        #[test]
        fn a_key_is_64_lowercase_hex_digits(key in "[0-9a-f]{64}", other in "[0-9a-zA-Z]{0,70}") {
            prop_assert_eq!(BookingKey::parse(&key).map(|key| key.as_str().to_string()), Some(key.clone()));
            let is_key = other.len() == 64 && other.bytes().all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte));
            prop_assert_eq!(BookingKey::parse(&other).is_some(), is_key);
        }

        #[test]
        fn every_bookable_month_reads_back(days in 0i64..4000) {
            let today = date!(2026 - 01 - 01) + time::Duration::days(days);
            let months = bookable_months(today);
            prop_assert!(months.len() == 4 || months.len() == 3 || months.len() == 5);
            for (year, month) in months {
                prop_assert_eq!(parse_month(&month_code(year, month)), Some((year, month)));
            }
        }
    }
}
