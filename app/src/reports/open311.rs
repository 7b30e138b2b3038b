//! Open311 GeoReport v2's rules, pure: the resource names (`services.json`),
//! the requests' filters with their default window, the dates (ISO 8601
//! with an offset), a place from `lat` and `long` or an `address_string`, a
//! title from a description, a client's contact, and the problems the API
//! answers with (each a status and a catalogue text). The server reads and
//! writes; these decide, so the answers are the same for every caller.

use super::model::{Coordinates, CoordinatesProblem, HouseNumber, ReportNumber, ReportPlace, ReportStatus, LANDMARK_MAX_CHARS, TITLE_MAX_CHARS};
use super::questions::AnswerProblem;
use crate::i18n::Text;

/// The two formats every resource comes in; XML is the specification's required one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "text/xml; charset=utf-8",
        }
    }
}

/// `services.json` → (`services`, JSON); `None` without a known extension.
pub fn split_resource(name: &str) -> Option<(&str, Format)> {
    let (stem, extension) = name.rsplit_once('.')?;
    let format = match extension {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    (!stem.is_empty()).then_some((stem, format))
}

/// The default and widest window of `GET requests`: the last 90 days.
pub const WINDOW_SECONDS: i64 = 90 * 86_400;
/// At most this many requests in one answer, the newest first.
pub const MAXIMUM_REQUESTS: u32 = 1000;
/// The longest `media_url` kept.
pub const MEDIA_URL_MAX_CHARS: usize = 500;
const NAME_MAX_CHARS: usize = 60;
const CONTACT_MAX_CHARS: usize = 200;

/// What the API refuses, with the status the specification gives it: 404
/// for a resource that does not exist, 403 for the key, 400 for the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiProblem {
    UnknownResource,
    UnknownService(String),
    UnknownRequest(String),
    UnknownToken,
    MissingApiKey,
    WrongApiKey,
    /// A required parameter is absent.
    Missing(&'static str),
    /// `service_code` names no active category.
    UnknownServiceCode(String),
    NoLocation,
    Point(CoordinatesProblem),
    UnknownStreet,
    AddressNeedsDetail,
    DescriptionTooShort,
    DescriptionTooLong,
    /// A date that is not ISO 8601 with an offset, naming the parameter.
    BadDate(&'static str),
    DatesReversed,
    WindowTooWide,
    BadStatus(String),
    BadRequestId(String),
    BadMediaUrl,
    /// A contact field over its length, naming the parameter.
    TooLong(&'static str),
    Answer(AnswerProblem),
}

impl ApiProblem {
    pub fn status(&self) -> u16 {
        match self {
            ApiProblem::UnknownResource | ApiProblem::UnknownService(_) | ApiProblem::UnknownRequest(_) | ApiProblem::UnknownToken => 404,
            ApiProblem::MissingApiKey | ApiProblem::WrongApiKey => 403,
            _ => 400,
        }
    }

    /// The description's text and the values of its `{names}`.
    pub fn text(&self) -> (Text, Vec<(&'static str, String)>) {
        let name = |value: &str| vec![("name", value.to_string())];
        match self {
            ApiProblem::UnknownResource => (Text::Open311UnknownResource, Vec::new()),
            ApiProblem::UnknownService(code) => (Text::Open311UnknownService, name(code)),
            ApiProblem::UnknownRequest(id) => (Text::Open311UnknownRequest, name(id)),
            ApiProblem::UnknownToken => (Text::Open311UnknownToken, Vec::new()),
            ApiProblem::MissingApiKey => (Text::Open311MissingApiKey, Vec::new()),
            ApiProblem::WrongApiKey => (Text::Open311WrongApiKey, Vec::new()),
            ApiProblem::Missing(parameter) => (Text::Open311MissingParameter, name(parameter)),
            ApiProblem::UnknownServiceCode(code) => (Text::Open311UnknownServiceCode, name(code)),
            ApiProblem::NoLocation => (Text::Open311NoLocation, Vec::new()),
            ApiProblem::Point(CoordinatesProblem::Unreadable) => (Text::Open311PointUnreadable, Vec::new()),
            ApiProblem::Point(CoordinatesProblem::OutsideRho) => (Text::Open311PointOutsideRho, Vec::new()),
            ApiProblem::UnknownStreet => (Text::Open311UnknownStreet, Vec::new()),
            ApiProblem::AddressNeedsDetail => (Text::Open311AddressNeedsDetail, Vec::new()),
            ApiProblem::DescriptionTooShort => (Text::Open311DescriptionTooShort, Vec::new()),
            ApiProblem::DescriptionTooLong => (Text::Open311DescriptionTooLong, Vec::new()),
            ApiProblem::BadDate(parameter) => (Text::Open311BadDate, name(parameter)),
            ApiProblem::DatesReversed => (Text::Open311DatesReversed, Vec::new()),
            ApiProblem::WindowTooWide => (Text::Open311WindowTooWide, Vec::new()),
            ApiProblem::BadStatus(status) => (Text::Open311BadStatus, name(status)),
            ApiProblem::BadRequestId(id) => (Text::Open311BadRequestId, name(id)),
            ApiProblem::BadMediaUrl => (Text::Open311BadMediaUrl, Vec::new()),
            ApiProblem::TooLong(parameter) => (Text::Open311TooLong, name(parameter)),
            ApiProblem::Answer(AnswerProblem::Unknown(code)) => (Text::Open311AttributeUnknown, name(code)),
            ApiProblem::Answer(AnswerProblem::Required(code)) => (Text::Open311AttributeRequired, name(code)),
            ApiProblem::Answer(AnswerProblem::NotAChoice(code)) => (Text::Open311AttributeNotAChoice, name(code)),
            ApiProblem::Answer(AnswerProblem::NotANumber(code)) => (Text::Open311AttributeNotANumber, name(code)),
            ApiProblem::Answer(AnswerProblem::TooLong(code)) => (Text::Open311AttributeTooLong, name(code)),
        }
    }
}

/// An instant written as ISO 8601 with a time and an offset
/// (`2026-04-14T06:37:38+02:00`, `2026-04-14T04:37:38Z`, fractions of a
/// second ignored), as Unix seconds.
pub fn parse_datetime(input: &str) -> Option<i64> {
    let text = input.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || !matches!(bytes[10], b'T' | b't' | b' ') || bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes().all(|byte| byte.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset_seconds = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let offset = rest[1..].replace(':', "");
            if offset.len() != 4 || !offset.bytes().all(|byte| byte.is_ascii_digit()) {
                return None;
            }
            let (hours, minutes): (i64, i64) = (offset[..2].parse().ok()?, offset[2..].parse().ok()?);
            if hours > 14 || minutes > 59 {
                return None;
            }
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    let date = time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    let days = i64::from(date.to_julian_day()) - i64::from(time::Date::from_calendar_date(1970, time::Month::January, 1).ok()?.to_julian_day());
    Some(days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds)
}

/// Which requests `GET requests` answers with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestsQuery {
    /// `service_request_id` given: these, whatever the other parameters say.
    Numbers(Vec<ReportNumber>),
    Search {
        service_codes: Vec<String>,
        /// Filed at or after, and at or before (Unix seconds).
        from: i64,
        to: i64,
        /// Empty: any.
        statuses: Vec<ReportStatus>,
    },
}

fn comma_list(text: &str) -> Vec<&str> {
    text.split(',').map(str::trim).filter(|part| !part.is_empty()).collect()
}

/// The query of `GET requests` from its parameters: the last 90 days when
/// no date is given, a window of at most 90 days from a date given alone,
/// never a wider one.
pub fn parse_requests_query(ids: &str, service_codes: &str, start_date: &str, end_date: &str, status: &str, now: i64) -> Result<RequestsQuery, ApiProblem> {
    let ids = comma_list(ids);
    if !ids.is_empty() {
        return ids
            .into_iter()
            .map(|id| ReportNumber::parse(id).ok_or_else(|| ApiProblem::BadRequestId(id.chars().take(40).collect())))
            .collect::<Result<Vec<_>, _>>()
            .map(RequestsQuery::Numbers);
    }
    let date = |text: &str, parameter: &'static str| -> Result<Option<i64>, ApiProblem> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            parse_datetime(text).map(Some).ok_or(ApiProblem::BadDate(parameter))
        }
    };
    let (start, end) = (date(start_date, "start_date")?, date(end_date, "end_date")?);
    let (from, to) = match (start, end) {
        (None, None) => (now - WINDOW_SECONDS, now),
        (Some(start), None) => (start, start + WINDOW_SECONDS),
        (None, Some(end)) => (end - WINDOW_SECONDS, end),
        (Some(start), Some(end)) => (start, end),
    };
    if from > to {
        return Err(ApiProblem::DatesReversed);
    }
    if to - from > WINDOW_SECONDS {
        return Err(ApiProblem::WindowTooWide);
    }
    let mut statuses = Vec::new();
    for word in comma_list(status) {
        let matching = ReportStatus::ALL.into_iter().filter(|candidate| candidate.open311() == word);
        let before = statuses.len();
        statuses.extend(matching);
        if statuses.len() == before {
            return Err(ApiProblem::BadStatus(word.chars().take(40).collect()));
        }
    }
    statuses.dedup();
    Ok(RequestsQuery::Search { service_codes: comma_list(service_codes).into_iter().map(str::to_string).collect(), from, to, statuses })
}

/// The place of a request: `lat` and `long` (with `address_string` as a
/// landmark, or parsed as a street when it names one), or else an
/// `address_string` that starts with a street of Rho's list followed by a
/// house number or a landmark (`via Madonna 12`, `corso Europa, davanti
/// alla scuola`).
pub fn parse_location(latitude: &str, longitude: &str, address: &str, streets: &[String]) -> Result<ReportPlace, ApiProblem> {
    let address = address.trim();
    let point = if latitude.trim().is_empty() && longitude.trim().is_empty() {
        None
    } else {
        Some(Coordinates::parse(latitude, longitude).map_err(ApiProblem::Point)?)
    };
    let street = street_of_address(address, streets);
    match (point, street) {
        (None, _) if address.is_empty() => Err(ApiProblem::NoLocation),
        (None, None) => Err(ApiProblem::UnknownStreet),
        (_, Some(Ok((street, house_number, landmark)))) => Ok(ReportPlace { point, street: Some(street), house_number, landmark }),
        (None, Some(Err(problem))) => Err(problem),
        (Some(_), _) => {
            let landmark = (!address.is_empty()).then(|| address.chars().take(LANDMARK_MAX_CHARS).collect());
            Ok(ReportPlace { point, street: None, house_number: None, landmark })
        }
    }
}

type StreetAddress = (String, Option<HouseNumber>, Option<String>);

/// The longest street of the list the address starts with (any case), and
/// what follows it; `None` when it starts with none.
fn street_of_address(address: &str, streets: &[String]) -> Option<Result<StreetAddress, ApiProblem>> {
    let lower = address.to_lowercase();
    let street = streets
        .iter()
        .filter(|street| {
            let name = street.to_lowercase();
            lower.starts_with(&name) && lower[name.len()..].chars().next().is_none_or(|next| next == ' ' || next == ',')
        })
        .max_by_key(|street| street.len())?;
    let rest = address.get(street.to_lowercase().len()..).unwrap_or_default().trim_start_matches([' ', ',']).trim();
    if rest.is_empty() {
        return Some(Err(ApiProblem::AddressNeedsDetail));
    }
    if rest.chars().count() > LANDMARK_MAX_CHARS {
        return Some(Err(ApiProblem::TooLong("address_string")));
    }
    Some(Ok(match HouseNumber::parse(rest) {
        Some(number) => (street.clone(), Some(number), None),
        None => (street.clone(), None, Some(rest.to_string())),
    }))
}

/// A report's title from a request's description (Open311 has none): its
/// first sentence, cut at a word when longer than the title may be; the
/// service's name when the sentence is too short to say anything.
pub fn title_from_description(description: &str, service_name: &str) -> String {
    let first_line = description.trim().lines().next().unwrap_or_default().trim();
    let sentence = match first_line.find(['.', '!', '?']) {
        Some(end) if end >= 5 => &first_line[..end],
        _ => first_line,
    };
    let sentence = sentence.trim();
    if sentence.chars().count() < 5 {
        return service_name.to_string();
    }
    if sentence.chars().count() <= TITLE_MAX_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(TITLE_MAX_CHARS - 1).collect();
    let at_word = cut.rsplit_once(' ').map(|(head, _)| head).filter(|head| head.chars().count() >= 5).unwrap_or(&cut);
    format!("{}…", at_word.trim_end())
}

/// `media_url`: an absolute http(s) address, kept for the office only.
pub fn parse_media_url(input: &str) -> Result<Option<String>, ApiProblem> {
    let url = input.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    let host_ok = url.split("://").nth(1).is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    if !scheme_ok || !host_ok || url.chars().count() > MEDIA_URL_MAX_CHARS || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ApiProblem::BadMediaUrl);
    }
    Ok(Some(url.to_string()))
}

/// Who reported, as the client passed it on: name and contact, never public.
pub fn reporter_of(first_name: &str, last_name: &str, email: &str, phone: &str) -> Result<(Option<String>, Option<String>), ApiProblem> {
    for (value, parameter, most) in
        [(first_name, "first_name", NAME_MAX_CHARS), (last_name, "last_name", NAME_MAX_CHARS), (email, "email", CONTACT_MAX_CHARS), (phone, "phone", 40)]
    {
        if value.trim().chars().count() > most {
            return Err(ApiProblem::TooLong(parameter));
        }
    }
    let name = format!("{} {}", first_name.trim(), last_name.trim()).trim().to_string();
    let contact = [email.trim(), phone.trim()].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" · ");
    Ok(((!name.is_empty()).then_some(name), (!contact.is_empty()).then_some(contact)))
}

/// The `attribute[code]` fields of a form, in their order.
pub fn attributes_of<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .filter_map(|(name, value)| {
            let code = name.strip_prefix("attribute[")?.strip_suffix(']')?;
            Some((code.to_string(), value.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn streets() -> Vec<String> {
        ["via Madonna", "via Madonna di Loreto", "corso Europa"].map(String::from).to_vec()
    }

    #[test]
    fn resources_name_their_format() {
        assert_eq!(split_resource("services.json"), Some(("services", Format::Json)));
        assert_eq!(split_resource("2026-000001.xml"), Some(("2026-000001", Format::Xml)));
        assert_eq!(split_resource("services.csv"), None);
        assert_eq!(split_resource("services"), None);
        assert_eq!(split_resource(".json"), None);
    }

    #[test]
    fn dates_need_a_time_and_an_offset() {
        assert_eq!(parse_datetime("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_datetime("2010-04-14T06:37:38-08:00"), Some(1_271_255_858));
        assert_eq!(parse_datetime("2010-04-14T14:37:38Z"), Some(1_271_255_858));
        assert_eq!(parse_datetime("2010-04-14T16:37:38.250+0200"), Some(1_271_255_858));
        for wrong in ["2010-04-14", "2010-04-14T06:37:38", "2010-02-30T06:37:38Z", "2010-04-14T24:00:00Z", "yesterday", "2010-04-14T06:37:38+25:00"] {
            assert_eq!(parse_datetime(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn the_default_window_is_the_last_ninety_days() {
        let now = 1_800_000_000;
        let query = parse_requests_query("", "", "", "", "", now).unwrap();
        assert_eq!(query, RequestsQuery::Search { service_codes: Vec::new(), from: now - WINDOW_SECONDS, to: now, statuses: Vec::new() });
        let start = parse_datetime("2026-01-01T00:00:00+01:00").unwrap();
        let Ok(RequestsQuery::Search { from, to, .. }) = parse_requests_query("", "", "2026-01-01T00:00:00+01:00", "", "", now) else { panic!() };
        assert_eq!((from, to), (start, start + WINDOW_SECONDS));
        assert_eq!(parse_requests_query("", "", "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", "", now), Err(ApiProblem::WindowTooWide));
        assert_eq!(parse_requests_query("", "", "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z", "", now), Err(ApiProblem::DatesReversed));
        assert_eq!(parse_requests_query("", "", "ieri", "", "", now), Err(ApiProblem::BadDate("start_date")));
    }

    #[test]
    fn ids_override_every_other_parameter() {
        let query = parse_requests_query("2026-000001, 2026-000002", "strade", "nonsense", "", "aperta", 0).unwrap();
        assert_eq!(query, RequestsQuery::Numbers(vec![ReportNumber::parse("2026-000001").unwrap(), ReportNumber::parse("2026-000002").unwrap()]));
        assert_eq!(parse_requests_query("2026-000001,abc", "", "", "", "", 0), Err(ApiProblem::BadRequestId("abc".into())));
    }

    #[test]
    fn statuses_are_open_and_closed() {
        let Ok(RequestsQuery::Search { statuses, service_codes, .. }) = parse_requests_query("", "strade,animali", "", "", "closed", 0) else { panic!() };
        assert_eq!(statuses, vec![ReportStatus::Resolved, ReportStatus::NotOurCompetence, ReportStatus::Duplicate]);
        assert_eq!(service_codes, vec!["strade".to_string(), "animali".to_string()]);
        assert_eq!(parse_requests_query("", "", "", "", "open,pending", 0), Err(ApiProblem::BadStatus("pending".into())));
    }

    #[test]
    fn an_address_starts_with_a_street_of_rho() {
        let place = parse_location("", "", "Via Madonna di Loreto 12/a", &streets()).unwrap();
        assert_eq!(place.street.as_deref(), Some("via Madonna di Loreto"));
        assert_eq!(place.house_number.as_ref().map(HouseNumber::as_str), Some("12/A"));
        let place = parse_location("", "", "corso Europa, davanti alla scuola", &streets()).unwrap();
        assert_eq!((place.street.as_deref(), place.landmark.as_deref()), (Some("corso Europa"), Some("davanti alla scuola")));
        assert_eq!(parse_location("", "", "via Madonna", &streets()), Err(ApiProblem::AddressNeedsDetail));
        assert_eq!(parse_location("", "", "via Roma 1", &streets()), Err(ApiProblem::UnknownStreet));
        assert_eq!(parse_location("", "", "", &streets()), Err(ApiProblem::NoLocation));
        assert_eq!(parse_location("45.53", "", "", &streets()), Err(ApiProblem::Point(CoordinatesProblem::Unreadable)));
        assert_eq!(parse_location("41.9", "12.5", "", &streets()), Err(ApiProblem::Point(CoordinatesProblem::OutsideRho)));
        let place = parse_location("45.5297", "9.0401", "vicino al parco", &streets()).unwrap();
        assert!(place.point.is_some() && place.street.is_none());
        assert_eq!(place.landmark.as_deref(), Some("vicino al parco"));
    }

    #[test]
    fn titles_come_from_the_first_sentence() {
        assert_eq!(title_from_description("Buca profonda in mezzo alla strada. Pericolosa per le bici.", "Strade"), "Buca profonda in mezzo alla strada");
        assert_eq!(title_from_description("Ok.", "Strade"), "Strade");
        let long = "parola ".repeat(40);
        let title = title_from_description(&long, "Strade");
        assert!(title.chars().count() <= TITLE_MAX_CHARS && title.ends_with('…'), "{title}");
    }

    #[test]
    fn media_urls_are_absolute_web_addresses() {
        assert_eq!(parse_media_url("https://example.org/a.jpg"), Ok(Some("https://example.org/a.jpg".into())));
        assert_eq!(parse_media_url(" "), Ok(None));
        for wrong in ["javascript:alert(1)", "ftp://x/y", "https:///a", "https://a b"] {
            assert_eq!(parse_media_url(wrong), Err(ApiProblem::BadMediaUrl), "{wrong}");
        }
    }

    #[test]
    fn attributes_are_read_from_their_brackets() {
        let pairs = [("attribute[animale]", "cane"), ("api_key", "x"), ("attribute[]", ""), ("attribute[ferito", "si")];
        assert_eq!(attributes_of(pairs), vec![("animale".to_string(), "cane".to_string()), (String::new(), String::new())]);
    }

    #[test]
    fn every_problem_has_a_status_of_the_specification() {
        assert_eq!(ApiProblem::UnknownService("x".into()).status(), 404);
        assert_eq!(ApiProblem::WrongApiKey.status(), 403);
        assert_eq!(ApiProblem::NoLocation.status(), 400);
        assert_eq!(ApiProblem::Answer(AnswerProblem::Required("x".into())).status(), 400);
    }

    proptest! {
        #[test]
        fn every_instant_reads_back(seconds in 0i64..4_000_000_000, offset_minutes in -12i64 * 4..14 * 4) {
            let offset = offset_minutes * 15;
            let local = time::OffsetDateTime::from_unix_timestamp(seconds + offset * 60).unwrap();
            let sign = if offset < 0 { '-' } else { '+' };
            let text = format!(
                "{}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
                local.date(), local.hour(), local.minute(), local.second(), offset.abs() / 60, offset.abs() % 60
            );
            prop_assert_eq!(parse_datetime(&text), Some(seconds));
        }

        #[test]
        fn no_text_breaks_the_parsers(text in "\\PC{0,60}") {
            let _ = parse_datetime(&text);
            let _ = parse_location(&text, &text, &text, &streets());
            let _ = parse_requests_query(&text, &text, &text, &text, &text, 0);
            let title = title_from_description(&text, "Strade");
            prop_assert!(title.chars().count() <= TITLE_MAX_CHARS);
        }
    }
}
