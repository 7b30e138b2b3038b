//! The complaints' forms as typed structs: the pages name their fields with
//! these constants, the server reads a post into the struct (serde).

use serde::{Deserialize, Serialize};

pub const KIND_FIELD: &str = "tipo";
pub const NAME_FIELD: &str = "nome";
pub const EMAIL_FIELD: &str = "email";
pub const STANDARD_FIELD: &str = "standard";
pub const TEXT_FIELD: &str = "testo";
pub const PRIVACY_FIELD: &str = "privacy";
pub const CHANNEL_FIELD: &str = "canale";
pub const RECEIVED_DATE_FIELD: &str = "data_ricezione";
pub const RECEIVED_TIME_FIELD: &str = "ora_ricezione";
pub const ACTION_FIELD: &str = "azione";
pub const VERDICT_FIELD: &str = "esito";
pub const REASON_FIELD: &str = "motivazione";
/// Not `codice`: the form pages never echo a field of that name (one-time codes).
pub const CODE_FIELD: &str = "chiave";
pub const ITEM_FIELD: &str = "indennizzo";
pub const ITEM_KIND_FIELD: &str = "tipo_indennizzo";
pub const DESCRIPTION_FIELD: &str = "descrizione";
pub const QUANTITY_FIELD: &str = "quantita";

/// The clerk's actions on a complaint's page.
pub const JUDGE_ACTION: &str = "rispondi";
pub const HAND_OVER_ACTION: &str = "consegna";
/// The administrator's actions on the inventory.
pub const ADD_ITEM_ACTION: &str = "aggiungi";
pub const UPDATE_ITEM_ACTION: &str = "aggiorna";

/// POST a complaint or suggestion with the portal's form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintForm {
    #[serde(default, rename = "tipo")]
    pub kind: String,
    #[serde(default, rename = "nome")]
    pub name: String,
    #[serde(default, rename = "email")]
    pub email: String,
    #[serde(default, rename = "standard")]
    pub standard: String,
    #[serde(default, rename = "testo")]
    pub text: String,
    #[serde(default, rename = "privacy")]
    pub privacy: String,
}

/// POST one a clerk registers (received by email, phone, letter or at the desk).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredComplaintForm {
    #[serde(default, rename = "tipo")]
    pub kind: String,
    #[serde(default, rename = "nome")]
    pub name: String,
    #[serde(default, rename = "email")]
    pub email: String,
    #[serde(default, rename = "standard")]
    pub standard: String,
    #[serde(default, rename = "testo")]
    pub text: String,
    #[serde(default, rename = "canale")]
    pub channel: String,
    #[serde(default, rename = "data_ricezione")]
    pub received_date: String,
    #[serde(default, rename = "ora_ricezione")]
    pub received_time: String,
}

/// POST the office's answer (a verdict for a complaint), or the handover of the compensation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkComplaintForm {
    #[serde(default, rename = "azione")]
    pub action: String,
    #[serde(default, rename = "esito")]
    pub verdict: String,
    #[serde(default, rename = "motivazione")]
    pub reason: String,
}

/// POST the citizen's choice of compensation (the code comes from the mailed link).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompensationChoiceForm {
    #[serde(default, rename = "chiave")]
    pub code: String,
    #[serde(default, rename = "indennizzo")]
    pub item: String,
}

/// POST an inventory change: a new item, or an item's availability.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryForm {
    #[serde(default, rename = "azione")]
    pub action: String,
    #[serde(default, rename = "indennizzo")]
    pub item: String,
    #[serde(default, rename = "tipo_indennizzo")]
    pub kind: String,
    #[serde(default, rename = "descrizione")]
    pub description: String,
    #[serde(default, rename = "quantita")]
    pub quantity: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{form_field_names as names_of, sorted_names};

    #[test]
    fn the_structs_read_exactly_the_fields_the_pages_write() {
        assert_eq!(names_of(ComplaintForm::default()), sorted_names(&[KIND_FIELD, NAME_FIELD, EMAIL_FIELD, STANDARD_FIELD, TEXT_FIELD, PRIVACY_FIELD]));
        assert_eq!(
            names_of(RegisteredComplaintForm::default()),
            sorted_names(&[KIND_FIELD, NAME_FIELD, EMAIL_FIELD, STANDARD_FIELD, TEXT_FIELD, CHANNEL_FIELD, RECEIVED_DATE_FIELD, RECEIVED_TIME_FIELD])
        );
        assert_eq!(names_of(ClerkComplaintForm::default()), sorted_names(&[ACTION_FIELD, VERDICT_FIELD, REASON_FIELD]));
        assert_eq!(names_of(CompensationChoiceForm::default()), sorted_names(&[CODE_FIELD, ITEM_FIELD]));
        assert_eq!(names_of(InventoryForm::default()), sorted_names(&[ACTION_FIELD, ITEM_FIELD, ITEM_KIND_FIELD, DESCRIPTION_FIELD, QUANTITY_FIELD]));
    }
}
