//! The certificates' forms as typed structs: the pages name their fields
//! with these constants, the server reads a post into the struct (serde).

use serde::{Deserialize, Serialize};

pub const PERSON_FIELD: &str = "persona";
pub const STAMP_CHOICE_FIELD: &str = "bollo";
pub const EXEMPTION_FIELD: &str = "esenzione";
pub const EXEMPTION_REASON_FIELD: &str = "motivo_esenzione";
pub const CODE_FIELD: &str = "codice";
pub const SEAL_FIELD: &str = "sigillo";
pub const FILE_FIELD: &str = "file";
pub const REVOCATION_REASON_FIELD: &str = "motivo_revoca";

/// POST a certificate request: for whom, and how its stamp duty is settled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRequestForm {
    #[serde(default, rename = "persona")]
    pub person: String,
    #[serde(default, rename = "bollo")]
    pub stamp_choice: String,
    #[serde(default, rename = "esenzione")]
    pub exemption: String,
    #[serde(default, rename = "motivo_esenzione")]
    pub exemption_reason: String,
}

/// POST a file to verify (multipart: the file itself is read apart).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyFileForm {}

/// POST a registry clerk's revocation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevocationForm {
    #[serde(default, rename = "codice")]
    pub code: String,
    #[serde(default, rename = "motivo_revoca")]
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{form_field_names as names_of, sorted_names};

    #[test]
    fn the_structs_read_the_fields_the_pages_render() {
        assert_eq!(names_of(CertificateRequestForm::default()), sorted_names(&[PERSON_FIELD, STAMP_CHOICE_FIELD, EXEMPTION_FIELD, EXEMPTION_REASON_FIELD]));
        assert_eq!(names_of(RevocationForm::default()), sorted_names(&[CODE_FIELD, REVOCATION_REASON_FIELD]));
    }
}
