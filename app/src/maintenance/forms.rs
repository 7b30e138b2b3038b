//! The maintenance forms as typed structs: the pages name their fields with
//! these constants, the server reads a post into the struct (serde).

use serde::{Deserialize, Serialize};

pub const START_DATE_FIELD: &str = "data_inizio";
pub const START_TIME_FIELD: &str = "ora_inizio";
pub const END_DATE_FIELD: &str = "data_fine";
pub const END_TIME_FIELD: &str = "ora_fine";
pub const REASON_FIELD: &str = "motivo";
pub const CONFIRM_FIELD: &str = "conferma";
pub const WINDOW_FIELD: &str = "finestra";
pub const ACTION_FIELD: &str = "azione";
pub const SCHEDULE_ACTION: &str = "programma";
pub const CANCEL_ACTION: &str = "annulla";
/// The list of windows' heading: a cancellation's problem links there.
pub const WINDOWS_SECTION: &str = "finestre";
/// The development clock's form: the instant to move the clock to.
pub const CLOCK_FIELD: &str = "adesso";

/// POST a new window, or cancel one (`azione=annulla` with its id).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowForm {
    #[serde(default, rename = "azione")]
    pub action: String,
    #[serde(default, rename = "finestra")]
    pub window: String,
    #[serde(default, rename = "data_inizio")]
    pub start_date: String,
    #[serde(default, rename = "ora_inizio")]
    pub start_time: String,
    #[serde(default, rename = "data_fine")]
    pub end_date: String,
    #[serde(default, rename = "ora_fine")]
    pub end_time: String,
    #[serde(default, rename = "motivo")]
    pub reason: String,
    #[serde(default, rename = "conferma")]
    pub confirm: String,
}

/// POST the development clock's new time (`YYYY-MM-DDTHH:MM`, Rome's time).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockForm {
    #[serde(default, rename = "adesso")]
    pub now: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{form_field_names as names_of, sorted_names};

    #[test]
    fn the_structs_read_exactly_the_fields_the_pages_write() {
        assert_eq!(
            names_of(WindowForm::default()),
            sorted_names(&[ACTION_FIELD, WINDOW_FIELD, START_DATE_FIELD, START_TIME_FIELD, END_DATE_FIELD, END_TIME_FIELD, REASON_FIELD, CONFIRM_FIELD])
        );
        assert_eq!(names_of(ClockForm::default()), sorted_names(&[CLOCK_FIELD]));
    }
}
