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
