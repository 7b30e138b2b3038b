//! The counter log's form as a typed struct: the page names its fields with
//! these constants, the server reads a post into the struct (serde).

use serde::{Deserialize, Serialize};

pub const CARD_FIELD: &str = "carta";
pub const OUTCOME_FIELD: &str = "esito";
pub const REASON_FIELD: &str = "motivo";
pub const ON_THE_SPOT: &str = "subito";
pub const DEFERRED: &str = "rinviato";

/// POST a PIN handed over at the counter (or not on the spot, and why).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinHandoverForm {
    #[serde(default, rename = "carta")]
    pub card: String,
    #[serde(default, rename = "esito")]
    pub outcome: String,
    #[serde(default, rename = "motivo")]
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{form_field_names as names_of, sorted_names};

    #[test]
    fn the_struct_reads_exactly_the_fields_the_page_writes() {
        assert_eq!(names_of(PinHandoverForm::default()), sorted_names(&[CARD_FIELD, OUTCOME_FIELD, REASON_FIELD]));
    }
}
