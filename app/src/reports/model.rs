//! Citizen reports (segnalazioni): the public number, what a report says and
//! where, its states and who may move it where. Pure rules, compiled for the
//! server and the browser alike.

use serde::{Deserialize, Serialize};

/// The charter's standard: an answer within 30 working days.
pub const ANSWER_WORKING_DAYS: u32 = 30;
/// The author may reopen a resolved report for this many days.
pub const REOPEN_DAYS: i64 = 30;
pub const TITLE_MIN_CHARS: usize = 5;
pub const TITLE_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MIN_CHARS: usize = 10;
pub const DESCRIPTION_MAX_CHARS: usize = 4000;
pub const LANDMARK_MAX_CHARS: usize = 200;
pub const REPLY_MAX_CHARS: usize = 2000;

/// A report's public number, `YYYY-NNNNNN`: a yearly sequence, in every
/// address and message about it (an address's malformed one names nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ReportNumber {
    year: u16,
    sequence: u32,
}

impl ReportNumber {
    pub const LARGEST_SEQUENCE: u32 = 999_999;

    pub fn new(year: i64, sequence: i64) -> Option<ReportNumber> {
        let year = u16::try_from(year).ok().filter(|year| (2000..=2999).contains(year))?;
        let sequence = u32::try_from(sequence).ok().filter(|sequence| (1..=Self::LARGEST_SEQUENCE).contains(sequence))?;
        Some(ReportNumber { year, sequence })
    }

    /// What a person types or an address carries: `2026-000042`, also with
    /// `/` and without the leading zeros.
    pub fn parse(input: &str) -> Option<ReportNumber> {
        let text = input.trim();
        let (year, sequence) = text.split_once(['-', '/'])?;
        let digits = |part: &str, most: usize| !part.is_empty() && part.len() <= most && part.bytes().all(|byte| byte.is_ascii_digit());
        if year.len() != 4 || !digits(year, 4) || !digits(sequence, 6) {
            return None;
        }
        ReportNumber::new(year.parse().ok()?, sequence.parse().ok()?)
    }

    pub fn year(self) -> i64 {
        i64::from(self.year)
    }

    pub fn sequence(self) -> i64 {
        i64::from(self.sequence)
    }
}

impl TryFrom<String> for ReportNumber {
    type Error = &'static str;

    fn try_from(text: String) -> Result<ReportNumber, &'static str> {
        ReportNumber::parse(&text).ok_or("not a report number")
    }
}

impl From<ReportNumber> for String {
    fn from(number: ReportNumber) -> String {
        number.to_string()
    }
}

impl std::fmt::Display for ReportNumber {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{:04}-{:06}", self.year, self.sequence)
    }
}

/// How a report reached the Comune.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    Portal,
    Phone,
    Email,
    Counter,
    /// Through the Open311 API, from a registered client.
    Open311,
}

impl Channel {
    /// The channels a clerk registers a report from.
    pub const REGISTERED_BY_CLERKS: [Channel; 3] = [Channel::Phone, Channel::Email, Channel::Counter];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Portal => "portale",
            Channel::Phone => "telefono",
            Channel::Email => "email",
            Channel::Counter => "sportello",
            Channel::Open311 => "open311",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        [Channel::Portal, Channel::Phone, Channel::Email, Channel::Counter, Channel::Open311].into_iter().find(|channel| channel.code() == code)
    }
}

/// Where a report stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportStatus {
    Received,
    TakenInCharge,
    InProgress,
    Resolved,
    /// Closed: not the Comune's competence (the reply says whose it is).
    NotOurCompetence,
    /// Closed: the same as an earlier report, whose author's followers now include this one's.
    Duplicate,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 6] = [
        ReportStatus::Received,
        ReportStatus::TakenInCharge,
        ReportStatus::InProgress,
        ReportStatus::Resolved,
        ReportStatus::NotOurCompetence,
        ReportStatus::Duplicate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Received => "ricevuta",
            ReportStatus::TakenInCharge => "presa-in-carico",
            ReportStatus::InProgress => "in-lavorazione",
            ReportStatus::Resolved => "risolta",
            ReportStatus::NotOurCompetence => "non-di-competenza",
            ReportStatus::Duplicate => "duplicata",
        }
    }

    pub fn from_code(code: &str) -> Option<ReportStatus> {
        ReportStatus::ALL.into_iter().find(|status| status.code() == code)
    }

    /// Still waiting for the office: the due day counts.
    pub fn is_open(self) -> bool {
        matches!(self, ReportStatus::Received | ReportStatus::TakenInCharge | ReportStatus::InProgress)
    }

    /// Open311's two states.
    pub fn open311(self) -> &'static str {
        if self.is_open() {
            "open"
        } else {
            "closed"
        }
    }
}

/// A move of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportAction {
    TakeInCharge,
    StartWork,
    Resolve,
    CloseNotOurCompetence,
    CloseAsDuplicate,
    /// By the author, within 30 days of the resolution.
    Reopen,
}

impl ReportAction {
    pub const CLERK_ACTIONS: [ReportAction; 5] =
        [ReportAction::TakeInCharge, ReportAction::StartWork, ReportAction::Resolve, ReportAction::CloseNotOurCompetence, ReportAction::CloseAsDuplicate];

    pub fn code(self) -> &'static str {
        match self {
            ReportAction::TakeInCharge => "prendi-in-carico",
            ReportAction::StartWork => "avvia-lavori",
            ReportAction::Resolve => "risolvi",
            ReportAction::CloseNotOurCompetence => "chiudi-non-di-competenza",
            ReportAction::CloseAsDuplicate => "chiudi-duplicata",
            ReportAction::Reopen => "riapri",
        }
    }

    pub fn from_code(code: &str) -> Option<ReportAction> {
        ReportAction::CLERK_ACTIONS.into_iter().chain([ReportAction::Reopen]).find(|action| action.code() == code)
    }

    /// The public reply (or, reopening, the author's reason) it needs.
    pub fn needs_note(self) -> bool {
        matches!(self, ReportAction::Resolve | ReportAction::CloseNotOurCompetence | ReportAction::Reopen)
    }
}

/// Who moves a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportActor {
    /// A clerk of the category's office.
    Office,
    /// The report's author.
    Author,
}

/// Why a move is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveRefusal {
    /// Not from this state (or not by this actor).
    NotNow,
    /// A resolution reopened too late (more than 30 days after it).
    TooLateToReopen,
}

/// The state a move leads to, if this actor may make it now.
/// `days_since_resolution`: whole days since the report was resolved.
pub fn next_status(status: ReportStatus, action: ReportAction, actor: ReportActor, days_since_resolution: Option<i64>) -> Result<ReportStatus, MoveRefusal> {
    use ReportAction::*;
    use ReportStatus::*;
    match (actor, action, status) {
        (ReportActor::Office, TakeInCharge, Received) => Ok(TakenInCharge),
        (ReportActor::Office, StartWork, Received | TakenInCharge) => Ok(InProgress),
        (ReportActor::Office, Resolve, Received | TakenInCharge | InProgress) => Ok(Resolved),
        (ReportActor::Office, CloseNotOurCompetence, Received | TakenInCharge | InProgress) => Ok(NotOurCompetence),
        (ReportActor::Office, CloseAsDuplicate, Received | TakenInCharge | InProgress) => Ok(Duplicate),
        (ReportActor::Author, Reopen, Resolved) => match days_since_resolution {
            Some(days) if days <= REOPEN_DAYS => Ok(TakenInCharge),
            _ => Err(MoveRefusal::TooLateToReopen),
        },
        _ => Err(MoveRefusal::NotNow),
    }
}

/// The day the answer is due: 30 working days from filing (or reopening),
/// on the calendar practices count with.
pub fn answer_due_on(from: time::Date) -> time::Date {
    use crate::practices::calendar::{DayCount, WorkingDayCalendar};
    WorkingDayCalendar::RHO.deadline(from, ANSWER_WORKING_DAYS, DayCount::Working, &[]).unwrap_or(from)
}

/// The moves an office may make from a state, for the action form.
pub fn office_actions(status: ReportStatus) -> Vec<ReportAction> {
    ReportAction::CLERK_ACTIONS.into_iter().filter(|action| next_status(status, *action, ReportActor::Office, None).is_ok()).collect()
}

/// A text field's problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextProblem {
    Missing,
    TooShort,
    TooLong,
}

fn bounded_text(input: &str, min: usize, max: usize) -> Result<String, TextProblem> {
    let text = input.trim();
    let length = text.chars().count();
    if length == 0 {
        Err(TextProblem::Missing)
    } else if length < min {
        Err(TextProblem::TooShort)
    } else if length > max {
        Err(TextProblem::TooLong)
    } else {
        Ok(text.replace("\r\n", "\n"))
    }
}

/// A report's title: one line, 5 to 120 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportTitle(String);

impl ReportTitle {
    pub fn parse(input: &str) -> Result<ReportTitle, TextProblem> {
        let single_line: String = input.chars().map(|character| if character.is_control() { ' ' } else { character }).collect();
        bounded_text(&single_line, TITLE_MIN_CHARS, TITLE_MAX_CHARS).map(ReportTitle)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the citizen saw: 10 to 4,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportDescription(String);

impl ReportDescription {
    pub fn parse(input: &str) -> Result<ReportDescription, TextProblem> {
        bounded_text(input, DESCRIPTION_MIN_CHARS, DESCRIPTION_MAX_CHARS).map(ReportDescription)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The office's public reply, or the author's reason to reopen: up to 2,000 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicNote(String);

impl PublicNote {
    pub fn parse(input: &str) -> Result<PublicNote, TextProblem> {
        bounded_text(input, 1, REPLY_MAX_CHARS).map(PublicNote)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Rho's territory, generously: a point outside is a mistake.
pub const RHO_SOUTH_WEST: (i64, i64) = (45_495_000, 8_995_000);
pub const RHO_NORTH_EAST: (i64, i64) = (45_565_000, 9_095_000);
/// Where the map opens: Piazza San Vittore.
pub const RHO_CENTRE: (i64, i64) = (45_529_700, 9_040_200);

/// A point in Rho, in millionths of a degree (WGS 84): about 10 cm, and
/// integers end to end, as the database stores them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Coordinates {
    latitude_e6: i64,
    longitude_e6: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoordinatesProblem {
    /// Not a decimal number of degrees.
    Unreadable,
    OutsideRho,
}

/// A decimal number of degrees (`45.5297`, `45,5297`) in millionths.
fn micro_degrees(input: &str) -> Option<i64> {
    let text = input.trim().replace(',', ".");
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, text),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() || whole.len() > 3 || !whole.bytes().all(|byte| byte.is_ascii_digit()) || !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let mut fraction: String = fraction.chars().take(6).collect();
    while fraction.len() < 6 {
        fraction.push('0');
    }
    let value = whole.parse::<i64>().ok()? * 1_000_000 + fraction.parse::<i64>().ok()?;
    Some(if negative { -value } else { value })
}

impl Coordinates {
    pub fn from_micro_degrees(latitude_e6: i64, longitude_e6: i64) -> Result<Coordinates, CoordinatesProblem> {
        let inside = (RHO_SOUTH_WEST.0..=RHO_NORTH_EAST.0).contains(&latitude_e6) && (RHO_SOUTH_WEST.1..=RHO_NORTH_EAST.1).contains(&longitude_e6);
        if inside {
            Ok(Coordinates { latitude_e6, longitude_e6 })
        } else {
            Err(CoordinatesProblem::OutsideRho)
        }
    }

    pub fn parse(latitude: &str, longitude: &str) -> Result<Coordinates, CoordinatesProblem> {
        let (Some(latitude), Some(longitude)) = (micro_degrees(latitude), micro_degrees(longitude)) else {
            return Err(CoordinatesProblem::Unreadable);
        };
        Coordinates::from_micro_degrees(latitude, longitude)
    }

    pub fn latitude_e6(self) -> i64 {
        self.latitude_e6
    }

    pub fn longitude_e6(self) -> i64 {
        self.longitude_e6
    }

    /// Degrees with six decimals, as written in forms and in Open311.
    pub fn latitude_text(self) -> String {
        degrees_text(self.latitude_e6)
    }

    pub fn longitude_text(self) -> String {
        degrees_text(self.longitude_e6)
    }

    /// Metres to another point (equirectangular: exact enough within a town).
    pub fn metres_to(self, other: Coordinates) -> i64 {
        const METRES_PER_MICRO_DEGREE: f64 = 0.111_195;
        let mean_latitude = ((self.latitude_e6 + other.latitude_e6) as f64 / 2_000_000.0).to_radians();
        let north = (self.latitude_e6 - other.latitude_e6) as f64 * METRES_PER_MICRO_DEGREE;
        let east = (self.longitude_e6 - other.longitude_e6) as f64 * METRES_PER_MICRO_DEGREE * mean_latitude.cos();
        (north * north + east * east).sqrt().round() as i64
    }
}

fn degrees_text(micro: i64) -> String {
    let sign = if micro < 0 { "-" } else { "" };
    format!("{sign}{}.{:06}", micro.abs() / 1_000_000, micro.abs() % 1_000_000)
}

/// A house number as Italian addresses write it: `12`, `12/A`, `12 bis`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HouseNumber(String);

impl HouseNumber {
    pub fn parse(input: &str) -> Option<HouseNumber> {
        let text = input.trim().to_uppercase();
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() || digits.len() > 4 || digits.starts_with('0') {
            return None;
        }
        let rest = text[digits.len()..].trim_start_matches([' ', '/']).to_string();
        let suffix_ok =
            rest.is_empty() || (rest.len() == 1 && rest.chars().all(|c| c.is_ascii_alphabetic())) || matches!(rest.as_str(), "BIS" | "TER" | "QUATER");
        if !suffix_ok {
            return None;
        }
        Some(HouseNumber(if rest.is_empty() {
            digits
        } else if rest.len() == 1 {
            format!("{digits}/{rest}")
        } else {
            format!("{digits} {}", rest.to_lowercase())
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where the problem is: a point, a street of Rho with a house number or a
/// landmark, or both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportPlace {
    pub point: Option<Coordinates>,
    /// A street's name exactly as the Comune's street list writes it.
    pub street: Option<String>,
    pub house_number: Option<HouseNumber>,
    pub landmark: Option<String>,
}

/// A problem with the place, each for its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceProblem {
    /// Neither a point nor a street.
    Nowhere,
    Point(CoordinatesProblem),
    UnknownStreet,
    /// A street without a house number or a landmark.
    StreetNeedsDetail,
    BadHouseNumber,
    LandmarkTooLong,
}

/// The place from the form's fields; `streets` is the Comune's street list.
pub fn parse_place(
    latitude: &str,
    longitude: &str,
    street: &str,
    house_number: &str,
    landmark: &str,
    streets: &[String],
) -> Result<ReportPlace, Vec<PlaceProblem>> {
    let mut problems = Vec::new();
    let point = if latitude.trim().is_empty() && longitude.trim().is_empty() {
        None
    } else {
        Coordinates::parse(latitude, longitude).map_err(|problem| problems.push(PlaceProblem::Point(problem))).ok()
    };
    let street_name = street.trim();
    let street = if street_name.is_empty() {
        None
    } else {
        match streets.iter().find(|known| known.eq_ignore_ascii_case(street_name)) {
            Some(known) => Some(known.clone()),
            None => {
                problems.push(PlaceProblem::UnknownStreet);
                None
            }
        }
    };
    let house_number = if house_number.trim().is_empty() {
        None
    } else {
        HouseNumber::parse(house_number).or_else(|| {
            problems.push(PlaceProblem::BadHouseNumber);
            None
        })
    };
    let landmark = landmark.trim();
    if landmark.chars().count() > LANDMARK_MAX_CHARS {
        problems.push(PlaceProblem::LandmarkTooLong);
    }
    let landmark = (!landmark.is_empty()).then(|| landmark.to_string());
    if problems.is_empty() {
        if point.is_none() && street.is_none() && street_name.is_empty() {
            problems.push(PlaceProblem::Nowhere);
        } else if street.is_some() && point.is_none() && house_number.is_none() && landmark.is_none() {
            problems.push(PlaceProblem::StreetNeedsDetail);
        }
    }
    if problems.is_empty() {
        Ok(ReportPlace { point, street, house_number, landmark })
    } else {
        Err(problems)
    }
}

impl ReportPlace {
    /// The place in words: "via Madonna 12", "via Madonna (davanti alla scuola)".
    pub fn in_words(&self) -> String {
        street_in_words(self.street.as_deref(), self.house_number.as_ref().map(HouseNumber::as_str), self.landmark.as_deref())
    }
}

pub fn street_in_words(street: Option<&str>, house_number: Option<&str>, landmark: Option<&str>) -> String {
    let mut words = street.unwrap_or_default().to_string();
    if let Some(number) = house_number {
        words = format!("{words} {number}");
    }
    if let Some(landmark) = landmark {
        words = if words.is_empty() { landmark.to_string() } else { format!("{words} ({landmark})") };
    }
    words.trim().to_string()
}

/// How near another open report must be to be shown as "is it one of these?".
pub const NEARBY_METRES: i64 = 150;

/// A category as citizens see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryView {
    pub code: String,
    pub name: String,
    pub description: String,
    pub office: String,
    pub active: bool,
}

/// A report's photo on a page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoView {
    pub id: String,
    pub width: i64,
    pub height: i64,
    pub published: bool,
}

/// A report as anyone may see it: no name, no contact, and only the photos a
/// clerk published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicReport {
    pub number: String,
    pub category: String,
    pub category_name: String,
    pub title: String,
    pub description: String,
    pub status: ReportStatus,
    pub place: String,
    /// The hamlet (frazione) the place is in, which the public list filters by.
    pub area: Option<String>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
    pub due_on: String,
    pub public_reply: Option<String>,
    pub duplicate_of: Option<String>,
    /// The published photos (on a report's own page; lists leave them out).
    pub photos: Vec<PhotoView>,
}

/// One step of a report's public history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportEventView {
    pub at: i64,
    pub status: ReportStatus,
    /// The public reply or reason, if the step has one.
    pub note: Option<String>,
    /// Who: the office or the author (never a name).
    pub by_office: bool,
}

/// A report with its history, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPage {
    pub report: PublicReport,
    pub history: Vec<ReportEventView>,
    /// The signed-in reader is its author (may reopen it).
    pub is_author: bool,
    /// The signed-in reader follows it (an author of a duplicate, or a citizen who chose it).
    pub is_follower: bool,
    pub may_reopen_until: Option<String>,
    /// Every photo, published or not, for its author.
    pub own_photos: Vec<PhotoView>,
}

/// A page of the public list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportList {
    pub reports: Vec<PublicReport>,
    pub total: u64,
    /// The filters' choices: categories, streets and hamlets.
    pub categories: Vec<CategoryView>,
    pub streets: Vec<String>,
    pub areas: Vec<String>,
}

/// The public list's filters, as the GET form sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFilter {
    pub category: Option<String>,
    pub status: Option<ReportStatus>,
    pub street: Option<String>,
    /// A hamlet of the street list.
    pub area: Option<String>,
    pub page: u32,
}

pub const PUBLIC_PAGE_SIZE: u32 = 20;

/// A report in an office's inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeReport {
    pub report: PublicReport,
    pub channel: Channel,
    pub overdue: bool,
}

/// A report as its office sees it: with who filed it (audited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeReportPage {
    pub report: PublicReport,
    pub history: Vec<ReportEventView>,
    pub channel: Channel,
    pub reporter_name: String,
    pub reporter_contact: String,
    pub overdue: bool,
    pub actions: Vec<ReportAction>,
    /// Every photo, published or not.
    pub photos: Vec<PhotoView>,
    /// The answers to the category's extra questions: (question, answer), in the reader's language.
    pub answers: Vec<(String, String)>,
    /// A link to an image an Open311 client sent (never public), and that client's name.
    pub media_url: Option<String>,
    pub open311_client: Option<String>,
}

/// A category as an administrator edits it: both languages, its office.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryDefinition {
    pub code: String,
    pub name_it: String,
    pub name_en: String,
    pub description_it: String,
    pub description_en: String,
    pub office: String,
    pub position: i64,
    pub active: bool,
}

/// The administrators' page: the categories and the offices they may go to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryAdministration {
    pub categories: Vec<CategoryDefinition>,
    /// (code, name) of every office of the content.
    pub offices: Vec<(String, String)>,
    /// The applications holding an Open311 key.
    pub open311_clients: Vec<Open311ClientView>,
}

/// An application holding an Open311 key, as administrators see it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Open311ClientView {
    pub id: String,
    pub name: String,
    pub issued_at: i64,
    pub revoked: bool,
}

/// The maps' tiles (a setting of the portal) and whom they credit: the
/// page hands them to the maps' script, the server's CSP allows that host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapSettings {
    /// A Leaflet URL template: `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
    pub tiles: String,
    pub attribution: String,
    pub attribution_url: String,
}

impl MapSettings {
    /// Where the maps open, as the maps' script reads it: `latitude,longitude`.
    pub fn centre() -> String {
        let point = Coordinates { latitude_e6: RHO_CENTRE.0, longitude_e6: RHO_CENTRE.1 };
        format!("{},{}", point.latitude_text(), point.longitude_text())
    }
}

impl Default for MapSettings {
    fn default() -> MapSettings {
        MapSettings {
            tiles: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            attribution: "© OpenStreetMap contributors".into(),
            attribution_url: "https://www.openstreetmap.org/copyright".into(),
        }
    }
}

/// A key just issued, shown once on the administrators' page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedOpen311Key {
    pub client_name: String,
    pub key: String,
}

/// A category's problems, each for its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CategoryProblem {
    Code,
    NameIt,
    NameEn,
    DescriptionIt,
    DescriptionEn,
    Office,
    Position,
}

/// A category as the form wrote it; `offices` are the content's.
#[allow(clippy::too_many_arguments)]
pub fn parse_category(
    code: &str,
    name_it: &str,
    name_en: &str,
    description_it: &str,
    description_en: &str,
    office: &str,
    position: &str,
    active: bool,
    offices: &[String],
) -> Result<CategoryDefinition, Vec<CategoryProblem>> {
    let mut problems = Vec::new();
    let code = code.trim().to_lowercase();
    let slug = (2..=40).contains(&code.len())
        && code.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        && !code.starts_with('-')
        && !code.ends_with('-');
    if !slug {
        problems.push(CategoryProblem::Code);
    }
    let bounded = |text: &str, min: usize, max: usize| (min..=max).contains(&text.trim().chars().count());
    for (text, min, max, problem) in [
        (name_it, 2, 60, CategoryProblem::NameIt),
        (name_en, 2, 60, CategoryProblem::NameEn),
        (description_it, 0, 200, CategoryProblem::DescriptionIt),
        (description_en, 0, 200, CategoryProblem::DescriptionEn),
    ] {
        if !bounded(text, min, max) {
            problems.push(problem);
        }
    }
    if !offices.iter().any(|known| known == office.trim()) {
        problems.push(CategoryProblem::Office);
    }
    let position = position.trim().parse::<i64>().ok().filter(|position| (1..=999).contains(position));
    if position.is_none() {
        problems.push(CategoryProblem::Position);
    }
    match position {
        Some(position) if problems.is_empty() => Ok(CategoryDefinition {
            code,
            name_it: name_it.trim().to_string(),
            name_en: name_en.trim().to_string(),
            description_it: description_it.trim().to_string(),
            description_en: description_en.trim().to_string(),
            office: office.trim().to_string(),
            position,
            active,
        }),
        _ => Err(problems),
    }
}

/// The new-report form's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReportOptions {
    pub categories: Vec<CategoryView>,
    pub streets: Vec<String>,
    /// Each category's extra questions (by category code), asked under it.
    pub questions: std::collections::BTreeMap<String, Vec<crate::reports::questions::CategoryQuestion>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_read_as_people_type_them() {
        let number = ReportNumber::parse("2026-000042").unwrap();
        assert_eq!(number.to_string(), "2026-000042");
        assert_eq!(ReportNumber::parse(" 2026/42 "), Some(number));
        for wrong in ["", "2026", "26-1", "2026-0", "2026-1234567", "2026-12a", "1999-1"] {
            assert_eq!(ReportNumber::parse(wrong), None, "{wrong}");
        }
    }

    proptest! {
        #[test]
        fn a_number_reads_back_as_itself(year in 2000i64..=2999, sequence in 1i64..=999_999) {
            let number = ReportNumber::new(year, sequence).unwrap();
            prop_assert_eq!(ReportNumber::parse(&number.to_string()), Some(number));
        }

        #[test]
        fn coordinates_inside_rho_read_back_from_their_text(latitude in RHO_SOUTH_WEST.0..=RHO_NORTH_EAST.0, longitude in RHO_SOUTH_WEST.1..=RHO_NORTH_EAST.1) {
            let point = Coordinates::from_micro_degrees(latitude, longitude).unwrap();
            prop_assert_eq!(Coordinates::parse(&point.latitude_text(), &point.longitude_text()), Ok(point));
        }

        #[test]
        fn parsing_any_text_never_panics(text in ".{0,40}") {
            let _ = ReportNumber::parse(&text);
            let _ = Coordinates::parse(&text, &text);
            let _ = HouseNumber::parse(&text);
            let _ = ReportTitle::parse(&text);
        }
    }

    #[test]
    fn a_point_outside_rho_or_unreadable_is_refused() {
        assert_eq!(Coordinates::parse("45,5297", "9.0402").unwrap().latitude_e6(), 45_529_700);
        assert_eq!(Coordinates::parse("41.9028", "12.4964"), Err(CoordinatesProblem::OutsideRho));
        assert_eq!(Coordinates::parse("nord", "9.04"), Err(CoordinatesProblem::Unreadable));
    }

    #[test]
    fn distances_in_town_are_right_to_a_metre_or_two() {
        let a = Coordinates::from_micro_degrees(45_529_700, 9_040_200).unwrap();
        let b = Coordinates::from_micro_degrees(45_530_600, 9_040_200).unwrap();
        assert!((99..=101).contains(&a.metres_to(b)), "{}", a.metres_to(b));
        let c = Coordinates::from_micro_degrees(45_529_700, 9_041_483).unwrap();
        assert!((99..=101).contains(&a.metres_to(c)), "{}", a.metres_to(c));
    }

    #[test]
    fn house_numbers_take_the_usual_suffixes() {
        assert_eq!(HouseNumber::parse("12").unwrap().as_str(), "12");
        assert_eq!(HouseNumber::parse("12a").unwrap().as_str(), "12/A");
        assert_eq!(HouseNumber::parse("12/b").unwrap().as_str(), "12/B");
        assert_eq!(HouseNumber::parse("7 bis").unwrap().as_str(), "7 bis");
        for wrong in ["", "0", "012", "12345", "dodici", "12 xyz"] {
            assert_eq!(HouseNumber::parse(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn a_place_is_a_point_or_a_street_with_a_detail() {
        let streets = vec!["via Madonna".to_string(), "corso Europa".to_string()];
        let place = parse_place("", "", "VIA MADONNA", "12", "", &streets).unwrap();
        assert_eq!(place.in_words(), "via Madonna 12");
        let place = parse_place("", "", "corso Europa", "", "davanti alla scuola", &streets).unwrap();
        assert_eq!(place.in_words(), "corso Europa (davanti alla scuola)");
        assert!(parse_place("45.53", "9.04", "", "", "", &streets).unwrap().point.is_some());
        assert_eq!(parse_place("", "", "", "", "", &streets), Err(vec![PlaceProblem::Nowhere]));
        assert_eq!(parse_place("", "", "via Roma", "1", "", &streets), Err(vec![PlaceProblem::UnknownStreet]));
        assert_eq!(parse_place("", "", "via Madonna", "", "", &streets), Err(vec![PlaceProblem::StreetNeedsDetail]));
        assert_eq!(parse_place("", "", "via Madonna", "zero", "", &streets), Err(vec![PlaceProblem::BadHouseNumber]));
        assert_eq!(parse_place("10", "10", "", "", "", &streets), Err(vec![PlaceProblem::Point(CoordinatesProblem::OutsideRho)]));
    }

    #[test]
    fn the_answer_is_due_thirty_working_days_later() {
        // Filed on Monday 30 November 2026: 8 December and Christmas are holidays.
        let filed = time::Date::from_calendar_date(2026, time::Month::November, 30).unwrap();
        assert_eq!(answer_due_on(filed).to_string(), "2027-01-15");
    }

    #[test]
    fn a_category_needs_a_slug_both_names_a_known_office_and_a_position() {
        let offices = vec!["ambiente".to_string()];
        let category = parse_category(" Rifiuti ", "Rifiuti", "Waste", "", "", "ambiente", "9", true, &offices).unwrap();
        assert_eq!((category.code.as_str(), category.position), ("rifiuti", 9));
        assert_eq!(
            parse_category("a b", "R", "", &"x".repeat(201), "", "nessuno", "0", true, &offices),
            Err(vec![
                CategoryProblem::Code,
                CategoryProblem::NameIt,
                CategoryProblem::NameEn,
                CategoryProblem::DescriptionIt,
                CategoryProblem::Office,
                CategoryProblem::Position
            ])
        );
    }

    #[test]
    fn texts_are_bounded() {
        assert_eq!(ReportTitle::parse("  "), Err(TextProblem::Missing));
        assert_eq!(ReportTitle::parse("Buca"), Err(TextProblem::TooShort));
        assert_eq!(ReportTitle::parse("Buca\nin strada").unwrap().as_str(), "Buca in strada");
        assert_eq!(ReportDescription::parse(&"a".repeat(4001)), Err(TextProblem::TooLong));
        assert!(ReportDescription::parse(&"à".repeat(4000)).is_ok());
    }

    #[test]
    fn the_office_moves_forward_and_the_author_reopens_within_thirty_days() {
        use ReportAction::*;
        use ReportStatus::*;
        assert_eq!(next_status(Received, TakeInCharge, ReportActor::Office, None), Ok(TakenInCharge));
        assert_eq!(next_status(TakenInCharge, StartWork, ReportActor::Office, None), Ok(InProgress));
        assert_eq!(next_status(InProgress, Resolve, ReportActor::Office, None), Ok(Resolved));
        assert_eq!(next_status(InProgress, TakeInCharge, ReportActor::Office, None), Err(MoveRefusal::NotNow));
        assert_eq!(next_status(Resolved, Resolve, ReportActor::Office, None), Err(MoveRefusal::NotNow));
        assert_eq!(next_status(Received, CloseAsDuplicate, ReportActor::Office, None), Ok(Duplicate));
        assert_eq!(next_status(Received, Resolve, ReportActor::Author, None), Err(MoveRefusal::NotNow));
        assert_eq!(next_status(Resolved, Reopen, ReportActor::Author, Some(30)), Ok(TakenInCharge));
        assert_eq!(next_status(Resolved, Reopen, ReportActor::Author, Some(31)), Err(MoveRefusal::TooLateToReopen));
        assert_eq!(next_status(Duplicate, Reopen, ReportActor::Author, Some(1)), Err(MoveRefusal::NotNow));
        assert_eq!(next_status(Resolved, Reopen, ReportActor::Office, Some(1)), Err(MoveRefusal::NotNow));
        assert!(office_actions(Resolved).is_empty());
        assert_eq!(office_actions(Received).len(), 5);
        for status in ReportStatus::ALL {
            assert_eq!(ReportStatus::from_code(status.code()), Some(status));
        }
        for action in ReportAction::CLERK_ACTIONS {
            assert_eq!(ReportAction::from_code(action.code()), Some(action));
        }
    }
}
