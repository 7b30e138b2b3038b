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

    fn names_of(form: impl Serialize) -> Vec<String> {
        let value = serde_json::to_value(form).unwrap();
        let mut names: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        names.sort();
        names
    }

    #[test]
    fn the_structs_read_the_fields_the_pages_render() {
        assert_eq!(names_of(PayOnlineForm::default()), [CHOSEN_POSITION_FIELD]);
        let mut cancel = vec![CANCEL_CONFIRM_FIELD, CHOSEN_POSITION_FIELD];
        cancel.sort();
        assert_eq!(names_of(CancelNoticeForm::default()), cancel);
        let mut spontaneous = vec![AMOUNT_FIELD, REASON_FIELD, REQUEST_TOKEN_FIELD];
        spontaneous.sort();
        assert_eq!(names_of(SpontaneousPaymentForm::default()), spontaneous);
    }
}
