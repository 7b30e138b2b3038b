//! The appointments' forms as typed structs: the pages name their fields
//! with these constants, the server reads a post into the struct.

use serde::{Deserialize, Serialize};

pub const COUNTERS_FIELD: &str = "sportelli";
pub const SLOT_MINUTES_FIELD: &str = "durata";
pub const NOTICE_MINUTES_FIELD: &str = "preavviso";
pub const HOURS_FIELD: &str = "orari";
pub const CLOSURES_FIELD: &str = "chiusure";
pub const SERVICES_FIELD: &str = "servizi";

/// POST an office's calendar (administrators).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarForm {
    #[serde(default, rename = "sportelli")]
    pub counters: String,
    #[serde(default, rename = "durata")]
    pub slot_minutes: String,
    #[serde(default, rename = "preavviso")]
    pub notice_minutes: String,
    #[serde(default, rename = "orari")]
    pub hours: String,
    #[serde(default, rename = "chiusure")]
    pub closures: String,
    #[serde(default, rename = "servizi")]
    pub services: String,
}

pub const APPOINTMENT_FIELD: &str = "appuntamento";
pub const ACTION_FIELD: &str = "azione";
pub const DAY_FIELD: &str = "giorno";

/// POST what the counter records of a booking (arrived, served, no-show).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterForm {
    #[serde(default, rename = "appuntamento")]
    pub appointment: String,
    #[serde(default, rename = "azione")]
    pub action: String,
    #[serde(default, rename = "giorno")]
    pub day: String,
}

pub const OFFICE_FIELD: &str = "ufficio";
pub const SERVICE_FIELD: &str = "servizio";
pub const MONTH_FIELD: &str = "mese";
pub const SLOT_FIELD: &str = "orario";
pub const DETAILS_FIELD: &str = "dettagli";
pub const NAME_FIELD: &str = "nome";
pub const EMAIL_FIELD: &str = "email";
pub const PHONE_FIELD: &str = "telefono";
/// On an appointment's page: `cambia` shows the days to move it to,
/// `annulla` asks to confirm the cancellation.
pub const CHANGE_QUERY: &str = "cambia";
pub const CANCEL_QUERY: &str = "annulla";

/// POST a slot to hold (the second step).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoldForm {
    #[serde(default, rename = "ufficio")]
    pub office: String,
    #[serde(default, rename = "servizio")]
    pub service: String,
    #[serde(default, rename = "giorno")]
    pub day: String,
    #[serde(default, rename = "orario")]
    pub slot: String,
}

/// POST a step of a held booking: only the fields of that step are read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingStepForm {
    #[serde(default, rename = "dettagli")]
    pub details: String,
    #[serde(default, rename = "nome")]
    pub name: String,
    #[serde(default, rename = "email")]
    pub email: String,
    #[serde(default, rename = "telefono")]
    pub phone: String,
}

/// What can be done with a booking from its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ManageAction {
    /// To another free slot (the `orario` field, on the `giorno` field's day).
    Move,
    Cancel,
}

impl ManageAction {
    pub fn code(self) -> &'static str {
        match self {
            ManageAction::Move => "sposta",
            ManageAction::Cancel => "annulla",
        }
    }

    pub fn parse(code: &str) -> Option<ManageAction> {
        [ManageAction::Move, ManageAction::Cancel].into_iter().find(|action| action.code() == code)
    }
}

/// POST on a booking's page, by whoever holds its key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManageForm {
    #[serde(default, rename = "azione")]
    pub action: String,
    #[serde(default, rename = "giorno")]
    pub day: String,
    #[serde(default, rename = "orario")]
    pub slot: String,
}
