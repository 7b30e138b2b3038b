//! Which button sent a wizard step's form. The step page renders the
//! buttons' `azione` values from this enum and the server parses them back
//! here, so the two never disagree on the spelling; anything else is
//! `Continue`, like the "Continue" button.

/// The name of the buttons' field in the step's form.
pub const ACTION_FIELD: &str = "azione";
/// The value of the "Continue" button.
pub const CONTINUE_ACTION: &str = "continua";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepAction {
    /// Save the step and go on (`continua`, or no value).
    Continue,
    /// One more item in a repeatable group (`aggiungi:<group>`).
    AddGroupItem { group: String },
    /// Remove the item at a position of a group (`rimuovi:<group>:<position>`).
    RemoveGroupItem { group: String, position: usize },
    /// Upload the chosen files and stay on the step (`carica:<field>`).
    Upload { field: String },
    /// Remove an uploaded file (`rimuovi-allegato:<field>:<attachment>`).
    RemoveAttachment { field: String, attachment: String },
}

const ADD: &str = "aggiungi:";
const REMOVE: &str = "rimuovi:";
const UPLOAD: &str = "carica:";
const REMOVE_ATTACHMENT: &str = "rimuovi-allegato:";

impl StepAction {
    /// The action of a posted `azione` value; an unknown or malformed one
    /// saves the step like the "Continue" button (no button sends it).
    pub fn parse(value: &str) -> StepAction {
        if let Some(group) = value.strip_prefix(ADD).filter(|group| !group.is_empty()) {
            return StepAction::AddGroupItem { group: group.to_string() };
        }
        if let Some((group, position)) = value.strip_prefix(REMOVE).and_then(|rest| rest.rsplit_once(':')) {
            if let (false, Ok(position)) = (group.is_empty(), position.parse::<usize>()) {
                return StepAction::RemoveGroupItem { group: group.to_string(), position };
            }
        }
        if let Some(field) = value.strip_prefix(UPLOAD).filter(|field| !field.is_empty()) {
            return StepAction::Upload { field: field.to_string() };
        }
        // Field paths hold no ':' (ids are letters, digits, '_' and '.'), so
        // the attachment's id is everything after the field's path.
        if let Some((field, attachment)) = value.strip_prefix(REMOVE_ATTACHMENT).and_then(|rest| rest.split_once(':')) {
            if !field.is_empty() && !attachment.is_empty() {
                return StepAction::RemoveAttachment { field: field.to_string(), attachment: attachment.to_string() };
            }
        }
        StepAction::Continue
    }

    /// The button's `azione` value.
    pub fn value(&self) -> String {
        match self {
            StepAction::Continue => CONTINUE_ACTION.to_string(),
            StepAction::AddGroupItem { group } => format!("{ADD}{group}"),
            StepAction::RemoveGroupItem { group, position } => format!("{REMOVE}{group}:{position}"),
            StepAction::Upload { field } => format!("{UPLOAD}{field}"),
            StepAction::RemoveAttachment { field, attachment } => format!("{REMOVE_ATTACHMENT}{field}:{attachment}"),
        }
    }

    /// Uploading or removing a file keeps the citizen on the step.
    pub fn handles_files(&self) -> bool {
        matches!(self, StepAction::Upload { .. } | StepAction::RemoveAttachment { .. })
    }

    /// The field whose input the page returns to after the action.
    pub fn field(&self) -> Option<&str> {
        match self {
            StepAction::Continue => None,
            StepAction::AddGroupItem { group } | StepAction::RemoveGroupItem { group, .. } => Some(group),
            StepAction::Upload { field } | StepAction::RemoveAttachment { field, .. } => Some(field),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_buttons_values_parse_back() {
        assert_eq!(StepAction::parse("aggiungi:targhe"), StepAction::AddGroupItem { group: "targhe".into() });
        assert_eq!(StepAction::parse("rimuovi:figli.0.scuole:2"), StepAction::RemoveGroupItem { group: "figli.0.scuole".into(), position: 2 });
        assert_eq!(StepAction::parse("carica:planimetria"), StepAction::Upload { field: "planimetria".into() });
        assert_eq!(
            StepAction::parse("rimuovi-allegato:titolo_documento:abc-123"),
            StepAction::RemoveAttachment { field: "titolo_documento".into(), attachment: "abc-123".into() }
        );
    }

    #[test]
    fn anything_else_continues() {
        for value in [
            "",
            "continua",
            "avanti",
            "aggiungi:",
            "rimuovi:targhe",
            "rimuovi:targhe:uno",
            "rimuovi::1",
            "carica:",
            "rimuovi-allegato:campo",
            "rimuovi-allegato::x",
        ] {
            assert_eq!(StepAction::parse(value), StepAction::Continue, "{value}");
        }
    }

    fn path() -> impl Strategy<Value = String> {
        "[a-z_]{1,12}(\\.[0-9]{1,2}\\.[a-z_]{1,12}){0,2}"
    }

    fn action() -> impl Strategy<Value = StepAction> {
        prop_oneof![
            Just(StepAction::Continue),
            path().prop_map(|group| StepAction::AddGroupItem { group }),
            (path(), 0usize..60).prop_map(|(group, position)| StepAction::RemoveGroupItem { group, position }),
            path().prop_map(|field| StepAction::Upload { field }),
            (path(), "[a-z0-9-]{1,36}").prop_map(|(field, attachment)| StepAction::RemoveAttachment { field, attachment }),
        ]
    }

    proptest! {
        #[test]
        fn every_action_parses_back_from_its_value(action in action()) {
            prop_assert_eq!(StepAction::parse(&action.value()), action);
        }
    }
}
