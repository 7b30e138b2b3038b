//! The guide's data types and pure rules, shared by the server and the WASM client.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A topic (argomento) that groups service sheets, in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicSummary {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub service_count: i64,
}

/// A service sheet as listed in topics, search results and the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSheetSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicWithServiceSheets {
    pub topic: TopicSummary,
    pub service_sheets: Vec<ServiceSheetSummary>,
}

/// How a citizen reaches the service, following the national model's three kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceAccessKind {
    Online,
    Booking,
    Generic,
}

impl ServiceAccessKind {
    /// The `data-element` hook the national model asks for.
    pub fn data_element(self) -> &'static str {
        match self {
            ServiceAccessKind::Online => "service-online-access",
            ServiceAccessKind::Booking => "service-booking-access",
            ServiceAccessKind::Generic => "service-generic-access",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceAccess {
    pub kind: ServiceAccessKind,
    pub label: String,
    pub url: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsibleOffice {
    pub name: String,
    pub address: OfficeAddress,
    pub phone: String,
    pub email: String,
    pub hours: String,
}

/// Where an office receives the public, in parts, because the service
/// sheet's schema.org block (the national model's metadata) names the street,
/// postal code and town separately.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeAddress {
    /// The desk or building, e.g. "Sportello del Cittadino (QUIC)".
    pub place: String,
    pub street: String,
    pub postal_code: String,
    pub town: String,
    pub province: String,
}

impl std::fmt::Display for OfficeAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, {}, {} {} ({})", self.place, self.street, self.postal_code, self.town, self.province)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DownloadableForm {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicReference {
    pub slug: String,
    pub name: String,
}

/// A full service sheet with the sections of the national model, in order.
///
/// Titles and summaries are translated; the detailed sections are in Italian
/// (`body_language_tag`), which the page marks with `lang` for screen readers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceSheet {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body_language_tag: String,
    pub active: bool,
    pub service_type: String,
    pub addressed_to: Vec<String>,
    pub description: Vec<String>,
    pub how_to: Vec<String>,
    pub needed: Vec<String>,
    pub achieved: Vec<String>,
    pub times_and_deadlines: Vec<String>,
    pub cost: Vec<String>,
    pub access: ServiceAccess,
    pub conditions: Vec<String>,
    pub office: ResponsibleOffice,
    pub forms: Vec<DownloadableForm>,
    pub topics: Vec<TopicReference>,
    /// ISO date (YYYY-MM-DD).
    pub updated_on: String,
}

/// An editorial page (privacy notice, accessibility statement, FAQ, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorialPage {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub language_tag: String,
    pub sections: Vec<EditorialSection>,
    pub updated_on: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorialSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    /// The national model's name for this section (`legal-notes`), if any.
    pub model_hook: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub score: f32,
}

/// Aggregated ratings of one page, published for auditors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFeedbackSummary {
    pub page_path: String,
    pub page_title: String,
    pub responses: i64,
    pub rating_sum: i64,
    pub positive: i64,
    pub negative: i64,
}

impl PageFeedbackSummary {
    /// Average rating with one decimal, as shown in the public table.
    pub fn average_rating_text(&self) -> String {
        if self.responses == 0 {
            return "–".to_string();
        }
        let tenths = (self.rating_sum * 10 + self.responses / 2) / self.responses;
        format!("{},{}", tenths / 10, tenths % 10)
    }
}

/// The longest search a citizen can type; longer ones are refused with a message.
pub const SEARCH_QUERY_MAX_CHARS: usize = 200;

/// A search query: trimmed, whitespace collapsed, not empty, not too long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum SearchQueryError {
    #[error("the search query is empty")]
    Empty,
    #[error("the search query is longer than {SEARCH_QUERY_MAX_CHARS} characters")]
    TooLong,
}

impl SearchQuery {
    pub fn parse(raw: &str) -> Result<SearchQuery, SearchQueryError> {
        if raw.chars().count() > SEARCH_QUERY_MAX_CHARS * 4 {
            return Err(SearchQueryError::TooLong);
        }
        let normalised = raw.split(|c: char| c.is_whitespace() || c.is_control()).filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" ");
        if normalised.is_empty() {
            return Err(SearchQueryError::Empty);
        }
        if normalised.chars().count() > SEARCH_QUERY_MAX_CHARS {
            return Err(SearchQueryError::TooLong);
        }
        Ok(SearchQuery(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The words to look for, lower-case: letters and digits only. Search
    /// treats what people type as words, never as query syntax (`tari:*`,
    /// quotes, `AND`), so no input can make the search engine fail.
    pub fn words(&self) -> Vec<String> {
        self.0.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(str::to_lowercase).collect()
    }
}

/// Service sheet slugs: lowercase ASCII letters, digits and single hyphens.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 100
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

/// The public path of a service sheet.
pub fn service_sheet_path(slug: &str) -> String {
    format!("/servizi/{slug}")
}

/// Star rating of the feedback widget: 1 to 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct StarRating(u8);

impl StarRating {
    pub fn parse(raw: &str) -> Option<StarRating> {
        match raw.trim() {
            "1" => Some(StarRating(1)),
            "2" => Some(StarRating(2)),
            "3" => Some(StarRating(3)),
            "4" => Some(StarRating(4)),
            "5" => Some(StarRating(5)),
            _ => None,
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    /// 4 and 5 stars are positive: the model then asks what the reader liked.
    pub fn is_positive(self) -> bool {
        self.0 >= 4
    }

    pub fn all() -> [StarRating; 5] {
        [StarRating(1), StarRating(2), StarRating(3), StarRating(4), StarRating(5)]
    }
}

/// The answers to the model's follow-up question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedbackReason {
    Clear,
    Complete,
    SureOfProgress,
    NoTechnicalProblems,
    PositiveOther,
    NotClear,
    NotComplete,
    UnsureProgress,
    TechnicalProblems,
    NegativeOther,
}

impl FeedbackReason {
    /// The model's answers, in its order (AgID's validator checks their wording).
    pub const POSITIVE: [FeedbackReason; 5] =
        [FeedbackReason::Clear, FeedbackReason::Complete, FeedbackReason::SureOfProgress, FeedbackReason::NoTechnicalProblems, FeedbackReason::PositiveOther];
    pub const NEGATIVE: [FeedbackReason; 5] = [
        FeedbackReason::NotClear,
        FeedbackReason::NotComplete,
        FeedbackReason::UnsureProgress,
        FeedbackReason::TechnicalProblems,
        FeedbackReason::NegativeOther,
    ];

    pub fn for_rating(rating: StarRating) -> &'static [FeedbackReason] {
        if rating.is_positive() {
            &Self::POSITIVE
        } else {
            &Self::NEGATIVE
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            FeedbackReason::Clear => "chiare",
            FeedbackReason::Complete => "complete",
            FeedbackReason::SureOfProgress => "procedevo-correttamente",
            FeedbackReason::NoTechnicalProblems => "nessun-problema-tecnico",
            FeedbackReason::PositiveOther => "altro-positivo",
            FeedbackReason::NotClear => "non-chiare",
            FeedbackReason::NotComplete => "non-complete",
            FeedbackReason::UnsureProgress => "incerto",
            FeedbackReason::TechnicalProblems => "problemi-tecnici",
            FeedbackReason::NegativeOther => "altro-negativo",
        }
    }

    pub fn from_code(code: &str) -> Option<FeedbackReason> {
        Self::POSITIVE.into_iter().chain(Self::NEGATIVE).find(|reason| reason.code() == code)
    }
}

pub const FEEDBACK_COMMENT_MAX_CHARS: usize = 200;

/// What the feedback form sends, as typed: every field is kept so that a
/// form shown again after an error loses nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFeedbackForm {
    pub page: String,
    pub rating: String,
    pub reason: String,
    pub comment: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Error)]
pub enum PageFeedbackError {
    #[error("the page is not a service sheet")]
    UnknownPage,
    #[error("the rating is not between 1 and 5")]
    RatingMissing,
    #[error("the reason is not one of those offered for the rating")]
    ReasonInvalid,
    #[error("the comment is longer than {FEEDBACK_COMMENT_MAX_CHARS} characters")]
    CommentTooLong,
}

impl PageFeedbackError {
    pub fn code(self) -> &'static str {
        match self {
            PageFeedbackError::UnknownPage => "pagina",
            PageFeedbackError::RatingMissing => "valutazione",
            PageFeedbackError::ReasonInvalid => "motivo",
            PageFeedbackError::CommentTooLong => "commento",
        }
    }

    pub fn from_code(code: &str) -> Option<PageFeedbackError> {
        [PageFeedbackError::UnknownPage, PageFeedbackError::RatingMissing, PageFeedbackError::ReasonInvalid, PageFeedbackError::CommentTooLong]
            .into_iter()
            .find(|error| error.code() == code)
    }
}

/// A valid rating of a service sheet, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageFeedback {
    sheet_slug: String,
    rating: StarRating,
    reason: Option<FeedbackReason>,
    comment: Option<String>,
}

impl PageFeedback {
    /// Parses the whole form and reports every mistake at once.
    pub fn parse(form: &PageFeedbackForm) -> Result<PageFeedback, Vec<PageFeedbackError>> {
        let mut errors = Vec::new();
        let sheet_slug = form.page.strip_prefix("/servizi/").filter(|slug| is_valid_slug(slug)).map(str::to_string);
        if sheet_slug.is_none() {
            errors.push(PageFeedbackError::UnknownPage);
        }
        let rating = StarRating::parse(&form.rating);
        if rating.is_none() {
            errors.push(PageFeedbackError::RatingMissing);
        }
        let reason = match (form.reason.trim(), rating) {
            ("", _) => None,
            (code, Some(rating)) => match FeedbackReason::from_code(code) {
                Some(reason) if FeedbackReason::for_rating(rating).contains(&reason) => Some(reason),
                _ => {
                    errors.push(PageFeedbackError::ReasonInvalid);
                    None
                }
            },
            (_, None) => None,
        };
        let comment = form.comment.trim();
        if comment.chars().count() > FEEDBACK_COMMENT_MAX_CHARS {
            errors.push(PageFeedbackError::CommentTooLong);
        }
        match (sheet_slug, rating) {
            (Some(sheet_slug), Some(rating)) if errors.is_empty() => {
                Ok(PageFeedback { sheet_slug, rating, reason, comment: (!comment.is_empty()).then(|| comment.to_string()) })
            }
            _ => Err(errors),
        }
    }

    pub fn sheet_slug(&self) -> &str {
        &self.sheet_slug
    }
    pub fn rating(&self) -> StarRating {
        self.rating
    }
    pub fn reason(&self) -> Option<FeedbackReason> {
        self.reason
    }
    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn form(page: &str, rating: &str, reason: &str, comment: &str) -> PageFeedbackForm {
        PageFeedbackForm { page: page.into(), rating: rating.into(), reason: reason.into(), comment: comment.into() }
    }

    #[test]
    fn a_complete_positive_rating_is_accepted() {
        let feedback = PageFeedback::parse(&form("/servizi/carta-identita", "5", "chiare", " ottimo ")).unwrap();
        assert_eq!(feedback.sheet_slug(), "carta-identita");
        assert_eq!(feedback.rating().value(), 5);
        assert_eq!(feedback.reason(), Some(FeedbackReason::Clear));
        assert_eq!(feedback.comment(), Some("ottimo"));
    }

    #[test]
    fn a_reason_of_the_wrong_polarity_is_refused() {
        let errors = PageFeedback::parse(&form("/servizi/tari", "2", "chiare", "")).unwrap_err();
        assert_eq!(errors, vec![PageFeedbackError::ReasonInvalid]);
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        let long = "x".repeat(201);
        let errors = PageFeedback::parse(&form("/altro", "9", "", &long)).unwrap_err();
        assert_eq!(errors, vec![PageFeedbackError::UnknownPage, PageFeedbackError::RatingMissing, PageFeedbackError::CommentTooLong]);
    }

    #[test]
    fn slugs_are_strict() {
        assert!(is_valid_slug("cambio-di-residenza"));
        assert!(!is_valid_slug("../etc"));
        assert!(!is_valid_slug("Maiuscole"));
        assert!(!is_valid_slug("-a"));
        assert!(!is_valid_slug(""));
    }

    #[test]
    fn averages_are_rounded_to_one_decimal_with_a_comma() {
        let summary =
            PageFeedbackSummary { page_path: "/servizi/tari".into(), page_title: "TARI".into(), responses: 3, rating_sum: 13, positive: 2, negative: 1 };
        assert_eq!(summary.average_rating_text(), "4,3");
    }

    #[test]
    fn search_words_are_the_letters_and_digits_typed() {
        let words = |typed: &str| SearchQuery::parse(typed).unwrap().words();
        assert_eq!(words("word:*"), vec!["word"]);
        assert_eq!(words("\"Carta d'identità\" AND tari:2026"), vec!["carta", "d", "identità", "and", "tari", "2026"]);
        assert!(words("*:* ()").is_empty());
    }

    proptest! {
        #[test]
        fn search_queries_are_normalised_bounded_and_stable(raw in "\\PC{0,300}") {
            match SearchQuery::parse(&raw) {
                Ok(query) => {
                    prop_assert!(!query.as_str().is_empty());
                    prop_assert!(query.as_str().chars().count() <= SEARCH_QUERY_MAX_CHARS);
                    prop_assert!(!query.as_str().contains("  "));
                    prop_assert_eq!(SearchQuery::parse(query.as_str()), Ok(query.clone()));
                }
                Err(SearchQueryError::Empty) => prop_assert!(raw.trim().is_empty()),
                Err(SearchQueryError::TooLong) => prop_assert!(raw.chars().count() > SEARCH_QUERY_MAX_CHARS),
            }
        }

        #[test]
        fn search_words_carry_no_query_syntax(raw in "\\PC{1,120}") {
            if let Ok(query) = SearchQuery::parse(&raw) {
                for word in query.words() {
                    prop_assert!(!word.is_empty());
                    prop_assert!(word.chars().all(char::is_alphanumeric), "{}", word);
                    prop_assert_eq!(word.to_lowercase(), word.clone());
                }
            }
        }

        #[test]
        fn star_ratings_accept_exactly_one_to_five(raw in ".{0,4}") {
            let parsed = StarRating::parse(&raw);
            let expected = matches!(raw.trim(), "1" | "2" | "3" | "4" | "5");
            prop_assert_eq!(parsed.is_some(), expected);
        }

        #[test]
        fn accepted_feedback_always_respects_every_rule(
            slug in "[a-z0-9-]{0,20}", rating in "[0-6]", reason_index in 0usize..12, comment in "\\PC{0,250}"
        ) {
            let codes: Vec<&str> = FeedbackReason::POSITIVE.iter().chain(FeedbackReason::NEGATIVE.iter())
                .map(|reason| reason.code()).chain(["", "boh", "chiare "]).collect();
            let form = form(&format!("/servizi/{slug}"), &rating, codes[reason_index], &comment);
            if let Ok(feedback) = PageFeedback::parse(&form) {
                prop_assert!(is_valid_slug(feedback.sheet_slug()));
                prop_assert!((1..=5).contains(&feedback.rating().value()));
                if let Some(reason) = feedback.reason() {
                    prop_assert!(FeedbackReason::for_rating(feedback.rating()).contains(&reason));
                }
                prop_assert!(feedback.comment().map_or(0, |c| c.chars().count()) <= FEEDBACK_COMMENT_MAX_CHARS);
            }
        }
    }
}
