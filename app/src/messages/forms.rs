//! The messages' forms as typed structs: the pages name their fields with
//! these constants, the server reads a post into the struct.

use serde::{Deserialize, Serialize};

/// The preferences form's language of messages.
pub const LANGUAGE_FIELD: &str = "lingua_messaggi";
/// A ticked channel checkbox's value; its name is `Channel::field(kind)` (`email-pratiche`).
pub const TICKED: &str = "si";
/// A message page's action.
pub const ACTION_FIELD: &str = "azione";
pub const MARK_UNREAD_ACTION: &str = "da-leggere";

/// POST the language; the channels are the checkboxes ticked (a browser
/// sends only those), each named after its channel and kind, read from the
/// form's fields with `choices_from_form`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferencesForm {
    #[serde(default, rename = "lingua_messaggi")]
    pub language: String,
}

/// POST on a message's page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageActionForm {
    #[serde(default, rename = "azione")]
    pub action: String,
}
