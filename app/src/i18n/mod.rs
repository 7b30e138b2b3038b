//! Translation catalogue and locale selection.
//!
//! Every user-facing string of the interface comes from [`Text`]. The
//! catalogue is a Rust `match`, so a message without an Italian or an English
//! version does not compile.

mod catalogue;

pub use catalogue::Text;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Name of the technical cookie that remembers the chosen language.
pub const LOCALE_COOKIE_NAME: &str = "lingua";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Italian,
    English,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Italian, Locale::English];

    /// The BCP 47 tag used in `<html lang>` and in `hreflang`.
    pub fn language_tag(self) -> &'static str {
        match self {
            Locale::Italian => "it",
            Locale::English => "en",
        }
    }

    pub fn from_language_tag(tag: &str) -> Option<Locale> {
        match tag.trim().to_ascii_lowercase().as_str() {
            "it" => Some(Locale::Italian),
            "en" => Some(Locale::English),
            _ => None,
        }
    }

    /// The other language, offered by the language switch.
    pub fn other(self) -> Locale {
        match self {
            Locale::Italian => Locale::English,
            Locale::English => Locale::Italian,
        }
    }

    /// Reads the language cookie out of a `Cookie` request header.
    /// Italian is the default for a missing or unknown value.
    pub fn from_cookie_header(cookie_header: &str) -> Locale {
        cookie_header
            .split(';')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| name.trim() == LOCALE_COOKIE_NAME)
            .and_then(|(_, value)| Locale::from_language_tag(value))
            .unwrap_or_default()
    }
}

/// The locale of the page being rendered (provided by the shell).
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// Translates a catalogue entry into the current page's language.
pub fn t(text: Text) -> &'static str {
    text.in_locale(use_locale())
}

const MONTHS_IT: [&str; 12] =
    ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"];
const MONTHS_EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS_IT: [&str; 7] = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"];
const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// "dicembre 2026", "December 2026".
pub fn format_month(year: i32, month: time::Month, locale: Locale) -> String {
    let index = usize::from(u8::from(month)) - 1;
    match locale {
        Locale::Italian => format!("{} {year}", MONTHS_IT[index]),
        Locale::English => format!("{} {year}", MONTHS_EN[index]),
    }
}

/// "lunedì 7 dicembre 2026", "Monday 7 December 2026".
pub fn format_day_long(date: time::Date, locale: Locale) -> String {
    let index = usize::from(date.weekday().number_days_from_monday());
    let weekday = match locale {
        Locale::Italian => WEEKDAYS_IT[index],
        Locale::English => WEEKDAYS_EN[index],
    };
    format!("{weekday} {}", format_date_long(&date.to_string(), locale))
}

/// Italian month names for dates shown to citizens ("12 marzo 2026").
pub fn format_date_long(iso_date: &str, locale: Locale) -> String {
    let mut parts = iso_date.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return iso_date.to_string();
    };
    let (Ok(month), Ok(day)) = (month.parse::<usize>(), day.parse::<u32>()) else {
        return iso_date.to_string();
    };
    if !(1..=12).contains(&month) {
        return iso_date.to_string();
    }
    match locale {
        Locale::Italian => format!("{day} {} {year}", MONTHS_IT[month - 1]),
        Locale::English => format!("{day} {} {year}", MONTHS_EN[month - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_selects_the_language_and_defaults_to_italian() {
        assert_eq!(Locale::from_cookie_header("a=b; lingua=en"), Locale::English);
        assert_eq!(Locale::from_cookie_header("lingua=it"), Locale::Italian);
        assert_eq!(Locale::from_cookie_header("lingua=fr"), Locale::Italian);
        assert_eq!(Locale::from_cookie_header(""), Locale::Italian);
    }

    #[test]
    fn every_catalogue_entry_has_both_languages_and_they_differ_where_expected() {
        for text in Text::ALL {
            assert!(!text.in_locale(Locale::Italian).trim().is_empty(), "{text:?} it");
            assert!(!text.in_locale(Locale::English).trim().is_empty(), "{text:?} en");
        }
    }

    fn placeholders(text: &str) -> std::collections::BTreeSet<&str> {
        text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
    }

    #[test]
    fn both_languages_of_an_entry_take_the_same_placeholders() {
        for text in Text::ALL {
            assert_eq!(placeholders(text.in_locale(Locale::Italian)), placeholders(text.in_locale(Locale::English)), "{text:?}");
        }
    }

    #[test]
    fn fill_replaces_every_placeholder_it_is_given() {
        let subject = Text::MailPracticeUpdateSubject.fill(Locale::English, &[("protocol", "2026/0000042"), ("procedure", "FOIA"), ("status", "Accepted")]);
        assert_eq!(subject, "Practice no. 2026/0000042 – FOIA: Accepted");
        let body = Text::MailApplicationRejected.fill(Locale::Italian, &[("note", "Manca la firma.")]);
        assert_eq!(body, "la domanda è stata respinta.\n\nMotivazione: Manca la firma.");
    }

    #[test]
    fn dates_are_written_out_in_the_page_language() {
        assert_eq!(format_date_long("2026-03-12", Locale::Italian), "12 marzo 2026");
        assert_eq!(format_date_long("2026-03-02", Locale::English), "2 March 2026");
        assert_eq!(format_date_long("not a date", Locale::Italian), "not a date");
    }
}
