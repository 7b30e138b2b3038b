//! The surveys' forms as typed structs. A survey's answers are named by its
//! questions (`Question::field`) and read from the form's values, checked by
//! `check_answers`; the fixed fields are these.

use serde::{Deserialize, Serialize};

pub const TOKEN_FIELD: &str = "gettone";
pub const ACTION_FIELD: &str = "azione";
pub const SURVEY_FIELD: &str = "questionario";
pub const OPEN_ACTION: &str = "apri";
pub const CLOSE_ACTION: &str = "chiudi";

/// POST a response: the signed one-time token, and the answers by question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponseForm {
    #[serde(default, rename = "gettone")]
    pub token: String,
}

/// POST an administrator's opening or closing of a survey.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyStateForm {
    #[serde(default, rename = "azione")]
    pub action: String,
    #[serde(default, rename = "questionario")]
    pub survey: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{form_field_names as names_of, sorted_names};

    #[test]
    fn the_structs_read_exactly_the_fixed_fields_the_pages_write() {
        assert_eq!(names_of(SurveyResponseForm::default()), sorted_names(&[TOKEN_FIELD]));
        assert_eq!(names_of(SurveyStateForm::default()), sorted_names(&[ACTION_FIELD, SURVEY_FIELD]));
    }
}
