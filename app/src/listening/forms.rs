//! The listening forms as typed structs: the pages name their fields with
//! these constants, the server reads a post into the struct (serde).

use serde::{Deserialize, Serialize};

pub const NAME_FIELD: &str = "nome";
pub const EMAIL_FIELD: &str = "email";
pub const TOPIC_FIELD: &str = "argomento";
pub const QUESTION_FIELD: &str = "domanda";
pub const PRIVACY_FIELD: &str = "privacy";
pub const CHANNEL_FIELD: &str = "canale";
pub const RECEIVED_DATE_FIELD: &str = "data_ricezione";
pub const RECEIVED_TIME_FIELD: &str = "ora_ricezione";
pub const ANSWER_FIELD: &str = "risposta";

/// POST an information request (anyone's form; a clerk's adds how and when it arrived).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InformationRequestForm {
    #[serde(default, rename = "nome")]
    pub name: String,
    #[serde(default, rename = "email")]
    pub email: String,
    #[serde(default, rename = "argomento")]
    pub topic: String,
    #[serde(default, rename = "domanda")]
    pub question: String,
    #[serde(default, rename = "privacy")]
    pub privacy: String,
}

/// POST a request a clerk registers (received by email, phone, letter or at the desk).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredRequestForm {
    #[serde(default, rename = "nome")]
    pub name: String,
    #[serde(default, rename = "email")]
    pub email: String,
    #[serde(default, rename = "argomento")]
    pub topic: String,
    #[serde(default, rename = "domanda")]
    pub question: String,
    #[serde(default, rename = "canale")]
    pub channel: String,
    #[serde(default, rename = "data_ricezione")]
    pub received_date: String,
    #[serde(default, rename = "ora_ricezione")]
    pub received_time: String,
}

/// POST the office's answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerForm {
    #[serde(default, rename = "risposta")]
    pub answer: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{form_field_names as names_of, sorted_names};

    #[test]
    fn the_structs_read_exactly_the_fields_the_pages_write() {
        assert_eq!(names_of(InformationRequestForm::default()), sorted_names(&[NAME_FIELD, EMAIL_FIELD, TOPIC_FIELD, QUESTION_FIELD, PRIVACY_FIELD]));
        assert_eq!(
            names_of(RegisteredRequestForm::default()),
            sorted_names(&[NAME_FIELD, EMAIL_FIELD, TOPIC_FIELD, QUESTION_FIELD, CHANNEL_FIELD, RECEIVED_DATE_FIELD, RECEIVED_TIME_FIELD])
        );
        assert_eq!(names_of(AnswerForm::default()), sorted_names(&[ANSWER_FIELD]));
    }
}
