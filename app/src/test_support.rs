//! Helpers of the unit tests.

/// The field names a form struct reads (its serde names), sorted.
pub fn form_field_names(form: impl serde::Serialize) -> Vec<String> {
    let value = serde_json::to_value(form).expect("a form serialises");
    let mut names: Vec<String> = value.as_object().expect("a form is a struct").keys().cloned().collect();
    names.sort();
    names
}

/// The names a page renders, sorted, to compare with `form_field_names`.
pub fn sorted_names(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
    names.sort();
    names
}
