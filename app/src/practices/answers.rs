//! What a citizen typed into a procedure's wizard, keyed by field path, in
//! the same shape an HTML form posts it: `nome`, `indirizzo.via`,
//! `occupanti.0.nome`; a multiple choice or an attachment field has several
//! values; a group's own path holds how many items it has; declarations are
//! `dichiarazioni.<id>`. Keeping the form's own shape means the browser
//! without JavaScript, the WASM client and the server see the same thing.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The four inputs of an address field.
pub const ADDRESS_PARTS: [&str; 4] = ["via", "civico", "cap", "comune"];

/// Prefix of the declarations' paths; field ids never contain a dot.
pub const DECLARATIONS_PREFIX: &str = "dichiarazioni.";

/// The value of a ticked checkbox.
pub const TICKED: &str = "si";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answers(BTreeMap<String, Vec<String>>);

impl Answers {
    pub fn new() -> Answers {
        Answers::default()
    }

    /// From a posted form's pairs, in order (repeated names add values).
    /// Empty values of multi-valued inputs are kept so that a cleared field
    /// stays cleared; names the wizard does not use are the caller's to drop.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(pairs: impl IntoIterator<Item = (K, V)>) -> Answers {
        let mut answers = Answers::new();
        for (name, value) in pairs {
            answers.0.entry(name.into()).or_default().push(value.into());
        }
        answers
    }

    /// The pairs a form would post to give these answers.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        self.0.iter().flat_map(|(path, values)| values.iter().map(move |value| (path.clone(), value.clone()))).collect()
    }

    /// The first value at a path, trimmed; "" when absent.
    pub fn value(&self, path: &str) -> &str {
        self.0.get(path).and_then(|values| values.first()).map(|value| value.trim()).unwrap_or("")
    }

    /// Every non-blank value at a path.
    pub fn values(&self, path: &str) -> Vec<&str> {
        self.0.get(path).map(|values| values.iter().map(|value| value.trim()).filter(|value| !value.is_empty()).collect()).unwrap_or_default()
    }

    pub fn set(&mut self, path: impl Into<String>, value: impl Into<String>) {
        self.0.insert(path.into(), vec![value.into()]);
    }

    pub fn set_many(&mut self, path: impl Into<String>, values: Vec<String>) {
        self.0.insert(path.into(), values);
    }

    pub fn remove(&mut self, path: &str) {
        self.0.remove(path);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// How many items a group has: its count, or as many as its highest
    /// answered item, whichever is larger (a count lost in transit never
    /// hides what was typed).
    pub fn group_items(&self, group: &str) -> usize {
        let counted = self.value(group).parse::<usize>().unwrap_or(0).min(50);
        let prefix = format!("{group}.");
        let highest = self
            .0
            .range(prefix.clone()..)
            .take_while(|(path, _)| path.starts_with(&prefix))
            .filter_map(|(path, _)| path[prefix.len()..].split('.').next()?.parse::<usize>().ok())
            .filter(|index| *index < 50)
            .map(|index| index + 1)
            .max()
            .unwrap_or(0);
        counted.max(highest)
    }

    /// One more (empty) item in a group, unless it has `max_items` already;
    /// the new item's index, or `None` when the group is full.
    pub fn add_group_item(&mut self, group: &str, max_items: usize) -> Option<usize> {
        let items = self.group_items(group);
        if items >= max_items {
            return None;
        }
        self.set(group, (items + 1).to_string());
        Some(items)
    }

    /// Removes the item at `position` of a group whose items have the given
    /// fields: the items after it move up one place (with every part of
    /// their fields), and the count goes down by one. A position past the
    /// last item changes nothing.
    pub fn remove_group_item(&mut self, group: &str, fields: &[&str], position: usize) {
        let items = self.group_items(group);
        if position >= items {
            return;
        }
        for index in position..items {
            for field in fields {
                let target = format!("{group}.{index}.{field}");
                let source = format!("{group}.{}.{field}", index + 1);
                let moved: Vec<(String, Vec<String>)> = self
                    .0
                    .iter()
                    .filter(|(path, _)| Answers::path_belongs_to(path, &source))
                    .map(|(path, values)| (path.replacen(&source, &target, 1), values.clone()))
                    .collect();
                self.0.retain(|path, _| !Answers::path_belongs_to(path, &target));
                if index + 1 < items {
                    self.0.extend(moved);
                }
            }
        }
        self.set(group, (items - 1).to_string());
    }

    /// Whether a path belongs to a field: the field itself or one of its parts or items.
    pub fn path_belongs_to(path: &str, field: &str) -> bool {
        path == field || (path.starts_with(field) && path.as_bytes().get(field.len()) == Some(&b'.'))
    }

    /// Replaces everything under the given fields with what `other` holds for them.
    pub fn replace_fields(&mut self, fields: &[&str], other: &Answers) {
        self.0.retain(|path, _| !fields.iter().any(|field| Answers::path_belongs_to(path, field)));
        for (path, values) in &other.0 {
            if fields.iter().any(|field| Answers::path_belongs_to(path, field)) {
                self.0.insert(path.clone(), values.clone());
            }
        }
    }

    /// Takes every path of `other`, replacing what was there.
    pub fn absorb(&mut self, other: Answers) {
        self.0.extend(other.0);
    }

    /// Keeps only what the given fields hold.
    pub fn only_fields(&self, fields: &[&str]) -> Answers {
        let mut kept = Answers::new();
        kept.replace_fields(fields, self);
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_grows_up_to_its_maximum() {
        let mut answers = Answers::from_pairs([("targhe", "1"), ("targhe.0.targa", "AB123CD")]);
        assert_eq!(answers.add_group_item("targhe", 2), Some(1));
        assert_eq!(answers.group_items("targhe"), 2);
        assert_eq!(answers.add_group_item("targhe", 2), None);
        assert_eq!(answers.group_items("targhe"), 2);
        assert_eq!(answers.value("targhe.0.targa"), "AB123CD");
    }

    #[test]
    fn removing_an_item_moves_the_later_ones_up_with_all_their_parts() {
        let mut answers = Answers::from_pairs([
            ("occupanti", "3"),
            ("occupanti.0.nome", "Anna"),
            ("occupanti.1.nome", "Bruno"),
            ("occupanti.1.indirizzo.via", "Via Roma"),
            ("occupanti.2.nome", "Carla"),
            ("occupanti.2.scelte", "a"),
            ("occupanti.2.scelte", "b"),
            ("altro", "resta"),
        ]);
        answers.remove_group_item("occupanti", &["nome", "indirizzo", "scelte"], 1);
        let expected = Answers::from_pairs([
            ("occupanti", "2"),
            ("occupanti.0.nome", "Anna"),
            ("occupanti.1.nome", "Carla"),
            ("occupanti.1.scelte", "a"),
            ("occupanti.1.scelte", "b"),
            ("altro", "resta"),
        ]);
        assert_eq!(answers, expected);
        answers.remove_group_item("occupanti", &["nome", "indirizzo", "scelte"], 5);
        assert_eq!(answers, expected, "a position past the last item changes nothing");
        answers.remove_group_item("occupanti", &["nome", "indirizzo", "scelte"], 1);
        answers.remove_group_item("occupanti", &["nome", "indirizzo", "scelte"], 0);
        assert_eq!(answers, Answers::from_pairs([("occupanti", "0"), ("altro", "resta")]));
    }

    #[test]
    fn pairs_round_trip_and_repeat() {
        let answers = Answers::from_pairs([("scelte", "a"), ("scelte", "b"), ("nome", " Anna ")]);
        assert_eq!(answers.values("scelte"), vec!["a", "b"]);
        assert_eq!(answers.value("nome"), "Anna");
        assert_eq!(Answers::from_pairs(answers.to_pairs()), answers);
    }

    #[test]
    fn group_items_come_from_the_count_or_the_items() {
        let answers = Answers::from_pairs([("occupanti", "1"), ("occupanti.2.nome", "Bea"), ("occupantix.7.nome", "x")]);
        assert_eq!(answers.group_items("occupanti"), 3);
        assert_eq!(Answers::from_pairs([("occupanti", "2")]).group_items("occupanti"), 2);
        assert_eq!(Answers::new().group_items("occupanti"), 0);
    }

    #[test]
    fn replacing_a_step_touches_only_its_fields() {
        let mut draft = Answers::from_pairs([("nome", "Anna"), ("indirizzo.via", "Via Roma"), ("indirizzo_bis", "x")]);
        draft.replace_fields(&["indirizzo"], &Answers::from_pairs([("indirizzo.via", "Via Milano"), ("nome", "no")]));
        assert_eq!(draft.value("nome"), "Anna");
        assert_eq!(draft.value("indirizzo.via"), "Via Milano");
        assert_eq!(draft.value("indirizzo_bis"), "x");
    }
}
