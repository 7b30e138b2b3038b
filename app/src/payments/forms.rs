//! The payment forms as typed structs: the pages name their fields with the
//! same constants, the server reads a post into the struct (serde).

use serde::{Deserialize, Serialize};

/// The field naming each chosen position ("Paga online", "Annulla").
pub const CHOSEN_POSITION_FIELD: &str = "avviso";
/// The tick that confirms a cancellation.
pub const CANCEL_CONFIRM_FIELD: &str = "conferma";
/// The value a ticked confirmation sends.
pub const CONFIRMED: &str = "si";

/// POST "Paga online": one to five positions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayOnlineForm {
    #[serde(default, rename = "avviso")]
    pub positions: Vec<String>,
}

/// POST "Annulla l'avviso": one position, and the confirmation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelNoticeForm {
    #[serde(default, rename = "avviso")]
    pub position: Option<String>,
    #[serde(default, rename = "conferma")]
    pub confirmation: Option<String>,
}

impl CancelNoticeForm {
    pub fn confirmed(&self) -> bool {
        self.confirmation.as_deref() == Some(CONFIRMED)
    }
}

/// POST a spontaneous payment: its reason, amount and the token of the
/// rendered form (one notice per form, however many times it is sent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpontaneousPaymentForm {
    #[serde(default, rename = "causale")]
    pub reason: String,
    #[serde(default, rename = "importo")]
    pub amount: String,
    #[serde(default, rename = "richiesta")]
    pub request_token: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::pages::REQUEST_TOKEN_FIELD;
    use crate::payments::spontaneous::{AMOUNT_FIELD, REASON_FIELD};
    use crate::test_support::{form_field_names as names_of, sorted_names};

    #[test]
    fn the_structs_read_the_fields_the_pages_render() {
        assert_eq!(names_of(PayOnlineForm::default()), [CHOSEN_POSITION_FIELD]);
        assert_eq!(names_of(CancelNoticeForm::default()), sorted_names(&[CANCEL_CONFIRM_FIELD, CHOSEN_POSITION_FIELD]));
        assert_eq!(names_of(SpontaneousPaymentForm::default()), sorted_names(&[AMOUNT_FIELD, REASON_FIELD, REQUEST_TOKEN_FIELD]));
    }
}
