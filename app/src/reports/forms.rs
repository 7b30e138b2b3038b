//! The reports' forms as typed structs: the pages name their fields with
//! these constants, the server reads a post into the struct (serde).

use serde::{Deserialize, Serialize};

pub const CATEGORY_FIELD: &str = "categoria";
pub const TITLE_FIELD: &str = "titolo";
pub const DESCRIPTION_FIELD: &str = "descrizione";
pub const LATITUDE_FIELD: &str = "latitudine";
pub const LONGITUDE_FIELD: &str = "longitudine";
pub const STREET_FIELD: &str = "via";
pub const HOUSE_NUMBER_FIELD: &str = "civico";
pub const LANDMARK_FIELD: &str = "riferimento";
pub const PRIVACY_FIELD: &str = "privacy";
/// The photos' file input (files are read apart from the struct).
pub const PHOTOS_FIELD: &str = "foto";
/// Photos already uploaded with this form (ids, comma-separated).
pub const PENDING_PHOTOS_FIELD: &str = "foto_caricate";
pub const PUBLISH_FIELD: &str = "pubblica";
/// Set once the nearby open reports were shown: the next post files.
pub const NEARBY_SEEN_FIELD: &str = "vicine_viste";
pub const CHANNEL_FIELD: &str = "canale";
pub const REPORTER_NAME_FIELD: &str = "nome_segnalante";
pub const REPORTER_CONTACT_FIELD: &str = "recapito_segnalante";
pub const REPORTER_FISCAL_CODE_FIELD: &str = "codice_fiscale_segnalante";
pub const ACTION_FIELD: &str = "azione";
pub const NOTE_FIELD: &str = "nota";
pub const ORIGINAL_FIELD: &str = "originale";

/// The field of the answer to a category's extra question: named by both
/// codes, since every category's questions are in the form (each shown
/// under its category) and only the chosen one's are read.
pub fn answer_field(category: &str, question: &str) -> String {
    format!("risposta-{category}-{question}")
}

/// POST a new report (the citizen's form; a clerk's adds who and how).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReportForm {
    #[serde(default, rename = "categoria")]
    pub category: String,
    #[serde(default, rename = "titolo")]
    pub title: String,
    #[serde(default, rename = "descrizione")]
    pub description: String,
    #[serde(default, rename = "latitudine")]
    pub latitude: String,
    #[serde(default, rename = "longitudine")]
    pub longitude: String,
    #[serde(default, rename = "via")]
    pub street: String,
    #[serde(default, rename = "civico")]
    pub house_number: String,
    #[serde(default, rename = "riferimento")]
    pub landmark: String,
    #[serde(default, rename = "privacy")]
    pub privacy: String,
    #[serde(default, rename = "vicine_viste")]
    pub nearby_seen: String,
    #[serde(default, rename = "foto_caricate")]
    pub pending_photos: String,
}

/// POST a report a clerk registers for someone who phoned, wrote or came.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkReportForm {
    #[serde(flatten)]
    pub report: NewReportForm,
    #[serde(default, rename = "canale")]
    pub channel: String,
    #[serde(default, rename = "nome_segnalante")]
    pub reporter_name: String,
    #[serde(default, rename = "recapito_segnalante")]
    pub reporter_contact: String,
    #[serde(default, rename = "codice_fiscale_segnalante")]
    pub reporter_fiscal_code: String,
}

/// POST a move of a report (an office's, or the author's reopening).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportActionForm {
    #[serde(default, rename = "azione")]
    pub action: String,
    #[serde(default, rename = "nota")]
    pub note: String,
    #[serde(default, rename = "originale")]
    pub original: String,
}

pub const CATEGORY_CODE_FIELD: &str = "codice";
pub const NAME_IT_FIELD: &str = "nome_it";
pub const NAME_EN_FIELD: &str = "nome_en";
pub const DESCRIPTION_IT_FIELD: &str = "descrizione_it";
pub const DESCRIPTION_EN_FIELD: &str = "descrizione_en";
pub const OFFICE_FIELD: &str = "ufficio";
pub const POSITION_FIELD: &str = "posizione";
pub const ACTIVE_FIELD: &str = "attiva";

/// POST a category (a new code adds one) by an administrator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryForm {
    #[serde(default, rename = "codice")]
    pub code: String,
    #[serde(default, rename = "nome_it")]
    pub name_it: String,
    #[serde(default, rename = "nome_en")]
    pub name_en: String,
    #[serde(default, rename = "descrizione_it")]
    pub description_it: String,
    #[serde(default, rename = "descrizione_en")]
    pub description_en: String,
    #[serde(default, rename = "ufficio")]
    pub office: String,
    #[serde(default, rename = "posizione")]
    pub position: String,
    #[serde(default, rename = "attiva")]
    pub active: String,
}

/// POST a clerk's publication of a photo (`si`) or its withdrawal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoPublicationForm {
    #[serde(default, rename = "pubblica")]
    pub publish: String,
}

/// POST follow a report instead of filing the same again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowForm {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{form_field_names as names_of, sorted_names};

    const REPORT_FIELDS: [&str; 11] = [
        PENDING_PHOTOS_FIELD,
        CATEGORY_FIELD,
        TITLE_FIELD,
        DESCRIPTION_FIELD,
        LATITUDE_FIELD,
        LONGITUDE_FIELD,
        STREET_FIELD,
        HOUSE_NUMBER_FIELD,
        LANDMARK_FIELD,
        PRIVACY_FIELD,
        NEARBY_SEEN_FIELD,
    ];

    #[test]
    fn the_structs_read_the_fields_the_pages_render() {
        assert_eq!(names_of(NewReportForm::default()), sorted_names(&REPORT_FIELDS));
        let mut clerk = REPORT_FIELDS.to_vec();
        clerk.extend([CHANNEL_FIELD, REPORTER_NAME_FIELD, REPORTER_CONTACT_FIELD, REPORTER_FISCAL_CODE_FIELD]);
        assert_eq!(names_of(ClerkReportForm::default()), sorted_names(&clerk));
        assert_eq!(names_of(ReportActionForm::default()), sorted_names(&[ACTION_FIELD, NOTE_FIELD, ORIGINAL_FIELD]));
        assert_eq!(names_of(PhotoPublicationForm::default()), sorted_names(&[PUBLISH_FIELD]));
        assert_eq!(
            names_of(CategoryForm::default()),
            sorted_names(&[
                CATEGORY_CODE_FIELD,
                NAME_IT_FIELD,
                NAME_EN_FIELD,
                DESCRIPTION_IT_FIELD,
                DESCRIPTION_EN_FIELD,
                OFFICE_FIELD,
                POSITION_FIELD,
                ACTIVE_FIELD
            ])
        );
    }
}

/// `GET /open311/v2/requests.{json,xml}`: the filters, as Open311 names them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Open311RequestsQuery {
    pub service_request_id: String,
    pub service_code: String,
    pub start_date: String,
    pub end_date: String,
    pub status: String,
    pub jurisdiction_id: String,
}

/// `POST /open311/v2/requests.{json,xml}` (form-encoded); the answers to the
/// service's attributes come as `attribute[code]` and are read apart.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Open311NewRequest {
    pub api_key: String,
    pub jurisdiction_id: String,
    pub service_code: String,
    pub lat: String,
    pub long: String,
    pub address_string: String,
    pub address_id: String,
    pub email: String,
    pub device_id: String,
    pub account_id: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub description: String,
    pub media_url: String,
}

/// POST `/amministrazione/segnalazioni/open311`: issue a key to a named
/// application, or revoke one (`revoca` = the client's id).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Open311ClientForm {
    #[serde(default, rename = "nome_applicazione")]
    pub name: String,
    #[serde(default, rename = "revoca")]
    pub revoke: String,
}

pub const OPEN311_CLIENT_NAME_FIELD: &str = "nome_applicazione";
pub const OPEN311_REVOKE_FIELD: &str = "revoca";
