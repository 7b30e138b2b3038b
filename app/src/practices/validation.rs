//! The one validation engine of the wizard. Pure: it runs in the WASM client
//! as the citizen types and on the server on every step and on submit, with
//! the same rules and the same messages. It answers with the normalised
//! answers (upper-case fiscal codes, compact IBANs, ISO dates, hidden fields
//! dropped) or with one problem per field, in page order.

use super::answers::{Answers, ADDRESS_PARTS, DECLARATIONS_PREFIX, TICKED};
use super::iban::{Iban, IbanError};
use super::procedure::{CrossFieldRule, Field, FieldKind, ProcedureDefinition};
use super::stamp::{StampIdentifier, StampIdentifierError};
use crate::auth::fiscal_code::{FiscalCode, FiscalCodeError};
use crate::auth::messages::fiscal_code_error_message;
use crate::auth::model::{EmailAddress, PhoneNumber};
use crate::i18n::{Locale, Text};
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Missing,
    TooLong {
        max: usize,
    },
    ControlCharacters,
    NotAWholeNumber,
    BelowMinimum {
        min: i64,
    },
    AboveMaximum {
        max: i64,
    },
    NotADate,
    DateTooEarly {
        earliest: Date,
    },
    DateTooLate {
        latest: Date,
    },
    InvalidEmail,
    InvalidPhone,
    FiscalCode(FiscalCodeError),
    Iban(IbanError),
    StampIdentifier(StampIdentifierError),
    InvalidPostcode,
    UnknownOption,
    TooManySelected {
        max: usize,
    },
    TooFewItems {
        min: usize,
    },
    TooManyItems {
        max: usize,
    },
    TooManyFiles {
        max: usize,
    },
    NotTicked,
    /// A cross-field rule's own message, written in the definition.
    Rule(String),
}

/// A problem with one input: `path` is the name of the input to focus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub path: String,
    pub label: String,
    pub problem: Problem,
}

impl FieldError {
    /// What the citizen reads, naming the question.
    pub fn message(&self, locale: Locale) -> String {
        let text = |entry: Text| entry.in_locale(locale).replace("{label}", &self.label);
        match &self.problem {
            Problem::Missing => text(Text::FieldMissing),
            Problem::TooLong { max } => text(Text::FieldTooLong).replace("{max}", &max.to_string()),
            Problem::ControlCharacters => text(Text::FieldControlCharacters),
            Problem::NotAWholeNumber => text(Text::FieldNotAWholeNumber),
            Problem::BelowMinimum { min } => text(Text::FieldBelowMinimum).replace("{min}", &min.to_string()),
            Problem::AboveMaximum { max } => text(Text::FieldAboveMaximum).replace("{max}", &max.to_string()),
            Problem::NotADate => text(Text::FieldNotADate),
            Problem::DateTooEarly { earliest } => text(Text::FieldDateTooEarly).replace("{date}", &super::calendar::italian_date(*earliest)),
            Problem::DateTooLate { latest } => text(Text::FieldDateTooLate).replace("{date}", &super::calendar::italian_date(*latest)),
            Problem::InvalidEmail => text(Text::FieldInvalidEmail),
            Problem::InvalidPhone => text(Text::FieldInvalidPhone),
            Problem::FiscalCode(error) => format!("{}: {}", self.label, fiscal_code_error_message(*error, locale)),
            Problem::Iban(error) => match error {
                IbanError::Empty => text(Text::FieldMissing),
                IbanError::NotAlphanumeric | IbanError::BadStart | IbanError::WrongLength => text(Text::IbanShape),
                IbanError::WrongLengthForCountry { expected, found } => {
                    text(Text::IbanLength).replace("{expected}", &expected.to_string()).replace("{found}", &found.to_string())
                }
                IbanError::WrongCheckDigits => text(Text::IbanCheckDigits),
            },
            Problem::StampIdentifier(error) => match error {
                StampIdentifierError::Empty => text(Text::FieldMissing),
                StampIdentifierError::NotDigits => text(Text::StampIdentifierDigits),
                StampIdentifierError::WrongLength { found } => text(Text::StampIdentifierLength).replace("{found}", &found.to_string()),
            },
            Problem::InvalidPostcode => text(Text::FieldInvalidPostcode),
            Problem::UnknownOption => text(Text::FieldUnknownOption),
            Problem::TooManySelected { max } => text(Text::FieldTooManySelected).replace("{max}", &max.to_string()),
            Problem::TooFewItems { min } => text(Text::FieldTooFewItems).replace("{min}", &min.to_string()),
            Problem::TooManyItems { max } => text(Text::FieldTooManyItems).replace("{max}", &max.to_string()),
            Problem::TooManyFiles { max } => text(Text::FieldTooManyFiles).replace("{max}", &max.to_string()),
            Problem::NotTicked => text(Text::FieldNotTicked),
            Problem::Rule(message) => message.clone(),
        }
    }
}

/// Accepts the browser's date input (`2026-11-27`) and what people type (`27/11/2026`, `27-11-2026`, `27.11.2026`).
pub fn parse_date(input: &str) -> Option<Date> {
    let input = input.trim();
    let numbers: Vec<&str> = input.split(['-', '/', '.']).collect();
    let [first, second, third] = numbers.as_slice() else { return None };
    if ![first, second, third].iter().all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit())) {
        return None;
    }
    let (year, month, day) = if first.len() == 4 && input.contains('-') {
        (*first, *second, *third)
    } else if third.len() == 4 {
        (*third, *second, *first)
    } else {
        return None;
    };
    let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

fn iso_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// Whether a field counts, given the answers so far (hidden fields are neither checked nor kept).
pub fn is_visible(field: &Field, answers: &Answers) -> bool {
    match &field.visible_when {
        None => true,
        Some(condition) => answers.values(&condition.field).iter().any(|value| condition.any_of.iter().any(|wanted| wanted == value)),
    }
}

struct Checker<'a> {
    today: Date,
    answers: &'a Answers,
    normalised: Answers,
    errors: Vec<FieldError>,
}

impl Checker<'_> {
    fn fail(&mut self, path: String, label: &str, problem: Problem) {
        self.errors.push(FieldError { path, label: label.to_string(), problem });
    }

    fn check_field(&mut self, field: &Field, path: &str) {
        let label = field.label.as_str();
        let value = self.answers.value(path).to_string();
        let missing = value.is_empty();
        match &field.kind {
            FieldKind::Text { max_length } | FieldKind::LongText { max_length } => {
                let multiline = matches!(field.kind, FieldKind::LongText { .. });
                if missing {
                    if field.required {
                        self.fail(path.into(), label, Problem::Missing);
                    }
                } else if value.chars().count() > *max_length {
                    self.fail(path.into(), label, Problem::TooLong { max: *max_length });
                } else if value.chars().any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t'))) {
                    self.fail(path.into(), label, Problem::ControlCharacters);
                } else {
                    self.normalised.set(path, value.replace("\r\n", "\n"));
                }
            }
            FieldKind::Number { min, max } => {
                if missing {
                    if field.required {
                        self.fail(path.into(), label, Problem::Missing);
                    }
                    return;
                }
                let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
                match compact.parse::<i64>() {
                    Err(_) => self.fail(path.into(), label, Problem::NotAWholeNumber),
                    Ok(number) if number < *min => self.fail(path.into(), label, Problem::BelowMinimum { min: *min }),
                    Ok(number) if number > *max => self.fail(path.into(), label, Problem::AboveMaximum { max: *max }),
                    Ok(number) => self.normalised.set(path, number.to_string()),
                }
            }
            FieldKind::Date { earliest_days_from_today, latest_days_from_today } => {
                if missing {
                    if field.required {
                        self.fail(path.into(), label, Problem::Missing);
                    }
                    return;
                }
                let bound = |days: &Option<i32>| days.and_then(|days| self.today.checked_add(Duration::days(i64::from(days))));
                let (earliest, latest) = (bound(earliest_days_from_today), bound(latest_days_from_today));
                match parse_date(&value) {
                    None => self.fail(path.into(), label, Problem::NotADate),
                    Some(date) if earliest.is_some_and(|earliest| date < earliest) => {
                        self.fail(path.into(), label, Problem::DateTooEarly { earliest: earliest.expect("checked") })
                    }
                    Some(date) if latest.is_some_and(|latest| date > latest) => {
                        self.fail(path.into(), label, Problem::DateTooLate { latest: latest.expect("checked") })
                    }
                    Some(date) => self.normalised.set(path, iso_date(date)),
                }
            }
            FieldKind::Email => {
                self.check_parsed(field, path, &value, |v| EmailAddress::parse(v).map(|e| e.as_str().to_string()).map_err(|_| Problem::InvalidEmail))
            }
            FieldKind::Phone => {
                self.check_parsed(field, path, &value, |v| PhoneNumber::parse(v).map(|p| p.as_str().to_string()).map_err(|_| Problem::InvalidPhone))
            }
            FieldKind::FiscalCode => {
                self.check_parsed(field, path, &value, |v| FiscalCode::parse(v).map(|code| code.as_str().to_string()).map_err(Problem::FiscalCode))
            }
            FieldKind::Iban => self.check_parsed(field, path, &value, |v| Iban::parse(v).map(|iban| iban.as_str().to_string()).map_err(Problem::Iban)),
            FieldKind::StampIdentifier => {
                self.check_parsed(field, path, &value, |v| StampIdentifier::parse(v).map(|stamp| stamp.as_str().to_string()).map_err(Problem::StampIdentifier))
            }
            FieldKind::Address => self.check_address(field, path),
            FieldKind::SingleChoice { options } => {
                if missing {
                    if field.required {
                        self.fail(path.into(), label, Problem::Missing);
                    }
                } else if options.iter().any(|option| option.value == value) {
                    self.normalised.set(path, value);
                } else {
                    self.fail(path.into(), label, Problem::UnknownOption);
                }
            }
            FieldKind::MultipleChoice { options, max_selected } => {
                let mut chosen: Vec<String> = Vec::new();
                for value in self.answers.values(path) {
                    if !options.iter().any(|option| option.value == value) {
                        return self.fail(path.into(), label, Problem::UnknownOption);
                    }
                    if !chosen.iter().any(|already| already == value) {
                        chosen.push(value.to_string());
                    }
                }
                if chosen.is_empty() {
                    if field.required {
                        self.fail(path.into(), label, Problem::Missing);
                    }
                } else if max_selected.is_some_and(|max| chosen.len() > max) {
                    self.fail(path.into(), label, Problem::TooManySelected { max: max_selected.unwrap_or_default() });
                } else {
                    // Page order, whatever order the browser sent.
                    chosen.sort_by_key(|value| options.iter().position(|option| &option.value == value));
                    self.normalised.set_many(path, chosen);
                }
            }
            FieldKind::Checkbox => {
                if value == TICKED {
                    self.normalised.set(path, TICKED);
                } else if field.required {
                    self.fail(path.into(), label, Problem::NotTicked);
                }
            }
            FieldKind::Group { min_items, max_items, fields, .. } => {
                let items = self.answers.group_items(path);
                let min = if field.required { (*min_items).max(1) } else { *min_items };
                if items < min {
                    return self.fail(path.into(), label, Problem::TooFewItems { min });
                }
                if items > *max_items {
                    return self.fail(path.into(), label, Problem::TooManyItems { max: *max_items });
                }
                self.normalised.set(path, items.to_string());
                for index in 0..items {
                    for inner in fields {
                        let numbered = Field { label: format!("{} ({} {})", inner.label, field_item_name(field), index + 1), ..inner.clone() };
                        self.check_field(&numbered, &format!("{path}.{index}.{}", inner.id));
                    }
                }
            }
            FieldKind::Attachment { max_files, .. } => {
                let files: Vec<String> = self.answers.values(path).into_iter().map(str::to_string).collect();
                if files.is_empty() {
                    if field.required {
                        self.fail(path.into(), label, Problem::Missing);
                    }
                } else if files.len() > *max_files {
                    self.fail(path.into(), label, Problem::TooManyFiles { max: *max_files });
                } else {
                    self.normalised.set_many(path, files);
                }
            }
        }
    }

    fn check_parsed(&mut self, field: &Field, path: &str, value: &str, parse: impl Fn(&str) -> Result<String, Problem>) {
        if value.is_empty() {
            if field.required {
                self.fail(path.into(), &field.label, Problem::Missing);
            }
            return;
        }
        match parse(value) {
            Ok(normalised) => self.normalised.set(path, normalised),
            Err(problem) => self.fail(path.into(), &field.label, problem),
        }
    }

    fn check_address(&mut self, field: &Field, path: &str) {
        let parts: Vec<(&str, String)> = ADDRESS_PARTS.iter().map(|part| (*part, self.answers.value(&format!("{path}.{part}")).to_string())).collect();
        if parts.iter().all(|(_, value)| value.is_empty()) && !field.required {
            return;
        }
        let before = self.errors.len();
        for (part, value) in &parts {
            let part_path = format!("{path}.{part}");
            let part_label = format!("{} – {}", field.label, address_part_label(part));
            if value.is_empty() {
                self.fail(part_path, &part_label, Problem::Missing);
            } else if *part == "cap" && !(value.len() == 5 && value.bytes().all(|byte| byte.is_ascii_digit())) {
                self.fail(part_path, &part_label, Problem::InvalidPostcode);
            } else if value.chars().count() > 120 || value.chars().any(char::is_control) {
                self.fail(part_path, &part_label, Problem::TooLong { max: 120 });
            }
        }
        if self.errors.len() == before {
            for (part, value) in parts {
                self.normalised.set(format!("{path}.{part}"), value);
            }
        }
    }
}

fn field_item_name(field: &Field) -> &str {
    match &field.kind {
        FieldKind::Group { item_name, .. } => item_name,
        _ => "",
    }
}

pub fn address_part_label(part: &str) -> &'static str {
    match part {
        "via" => "via o piazza",
        "civico" => "numero civico",
        "cap" => "CAP",
        _ => "comune",
    }
}

/// The rules checked on a step: those whose fields all sit on this step or
/// earlier ones and whose message lands on this step.
fn rules_of_step(definition: &ProcedureDefinition, step_index: usize) -> impl Iterator<Item = &CrossFieldRule> {
    let step_of = move |id: &str| definition.steps.iter().position(|step| step.fields.iter().any(|field| field.id == id));
    definition.rules.iter().filter(move |rule| {
        let (target, all): (&str, Vec<&String>) = match rule {
            CrossFieldRule::DateOrder { earlier, later, .. } => (later, vec![earlier, later]),
            CrossFieldRule::AtLeastOne { fields, .. } => (&fields[0], fields.iter().collect()),
        };
        step_of(target) == Some(step_index) && all.iter().all(|id| step_of(id).is_some_and(|step| step <= step_index))
    })
}

/// Checks one step against everything answered so far (conditions may look
/// back at earlier steps). Returns that step's normalised answers.
/// What a step's posted form changes in the stored answers, as both the
/// server (on save) and the WASM client (before sending) see it: the step's
/// fields take the posted values, except that a field hidden by the new
/// answers keeps what it had and attachment fields (upload ids) are left
/// alone; identity facts come from the identity, never from the form.
pub fn merge_step_answers(
    definition: &ProcedureDefinition,
    step_index: usize,
    stored: &Answers,
    posted: &Answers,
    identity: &super::model::IdentityPrefill,
) -> Answers {
    let mut merged = stored.clone();
    if let Some(step) = definition.steps.get(step_index) {
        let all_ids: Vec<&str> =
            step.fields.iter().filter(|field| !matches!(field.kind, FieldKind::Attachment { .. })).map(|field| field.id.as_str()).collect();
        let mut candidate = stored.clone();
        candidate.replace_fields(&all_ids, posted);
        let visible_ids: Vec<&str> = step
            .fields
            .iter()
            .filter(|field| is_visible(field, &candidate) && !matches!(field.kind, FieldKind::Attachment { .. }))
            .map(|field| field.id.as_str())
            .collect();
        merged.replace_fields(&visible_ids, posted);
    }
    apply_identity(definition, &mut merged, identity);
    merged
}

/// Identity facts (names, fiscal code) from the identity, over whatever the answers say.
pub fn apply_identity(definition: &ProcedureDefinition, answers: &mut Answers, identity: &super::model::IdentityPrefill) {
    use super::procedure::Prefill;
    for (_, field) in definition.fields() {
        let value = match field.prefill {
            Some(Prefill::FamilyName) => identity.family_name.clone(),
            Some(Prefill::GivenName) => identity.given_name.clone(),
            Some(Prefill::FiscalCode) => identity.fiscal_code.clone(),
            _ => continue,
        };
        answers.set(field.id.clone(), value);
    }
}

pub fn validate_step(definition: &ProcedureDefinition, step_index: usize, answers: &Answers, today: Date) -> Result<Answers, Vec<FieldError>> {
    let Some(step) = definition.steps.get(step_index) else {
        return Ok(Answers::new());
    };
    let mut checker = Checker { today, answers, normalised: Answers::new(), errors: Vec::new() };
    for field in &step.fields {
        if is_visible(field, answers) {
            checker.check_field(field, &field.id);
        }
    }
    let field_errors = checker.errors.len();
    for rule in rules_of_step(definition, step_index) {
        match rule {
            CrossFieldRule::DateOrder { earlier, later, message } => {
                let date = |id: &str| definition.field(id).filter(|field| is_visible(field, answers)).and_then(|_| parse_date(answers.value(id)));
                if let (Some(first), Some(second)) = (date(earlier), date(later)) {
                    if second < first && !checker.errors[..field_errors].iter().any(|error| &error.path == later) {
                        let label = definition.field(later).map(|field| field.label.as_str()).unwrap_or_default();
                        checker.fail(later.clone(), label, Problem::Rule(message.clone()));
                    }
                }
            }
            CrossFieldRule::AtLeastOne { fields, message } => {
                let answered = fields.iter().any(|id| {
                    let Some(field) = definition.field(id) else { return false };
                    is_visible(field, answers) && answers.paths().any(|path| Answers::path_belongs_to(path, id) && !answers.values(path).is_empty())
                });
                if !answered {
                    let label = definition.field(&fields[0]).map(|field| field.label.as_str()).unwrap_or_default();
                    checker.fail(fields[0].clone(), label, Problem::Rule(message.clone()));
                }
            }
        }
    }
    if checker.errors.is_empty() {
        Ok(checker.normalised)
    } else {
        Err(checker.errors)
    }
}

/// The declarations the procedure requires, each ticked.
pub fn validate_declarations(definition: &ProcedureDefinition, answers: &Answers) -> Result<Answers, Vec<FieldError>> {
    let mut normalised = Answers::new();
    let mut errors = Vec::new();
    for declaration in &definition.declarations {
        let path = format!("{DECLARATIONS_PREFIX}{}", declaration.id);
        if answers.value(&path) == TICKED {
            normalised.set(path, TICKED);
        } else {
            errors.push(FieldError { path, label: declaration.text.clone(), problem: Problem::NotTicked });
        }
    }
    if errors.is_empty() {
        Ok(normalised)
    } else {
        Err(errors)
    }
}

/// Everything, as on submit: every step in order, then the declarations.
/// Returns the answers that will be filed.
pub fn validate_submission(definition: &ProcedureDefinition, answers: &Answers, today: Date) -> Result<Answers, Vec<FieldError>> {
    let mut filed = Answers::new();
    let mut errors = Vec::new();
    for index in 0..definition.steps.len() {
        match validate_step(definition, index, answers, today) {
            Ok(normalised) => filed.absorb(normalised),
            Err(step_errors) => errors.extend(step_errors),
        }
    }
    match validate_declarations(definition, answers) {
        Ok(declarations) => filed.absorb(declarations),
        Err(declaration_errors) => errors.extend(declaration_errors),
    }
    if errors.is_empty() {
        Ok(filed)
    } else {
        Err(errors)
    }
}

/// The fee due for these answers, in cents (None: the procedure is free).
pub fn fee_in_cents(definition: &ProcedureDefinition, answers: &Answers) -> Option<i64> {
    match definition.fee.as_ref()? {
        super::procedure::Fee::Fixed { cents, .. } => Some(*cents),
        super::procedure::Fee::PerUnit { field, cents_per_unit, minimum_cents, .. } => {
            let units = answers.value(field).parse::<i64>().unwrap_or(0);
            Some(units.saturating_mul(*cents_per_unit).max(*minimum_cents))
        }
    }
}
