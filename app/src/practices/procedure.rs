//! A procedure is data: the declarative definition of what a citizen fills in
//! (steps, fields, conditions, cross-field rules), what the office needs
//! (documents, declarations), what it costs and how long the office has.
//! Definitions live in `content/procedures/` and are versioned in the
//! database; the same definition drives the wizard and the validation engine
//! on both sides of the wire.

use super::calendar::DayCount;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcedureDefinition {
    pub slug: String,
    /// A theme slug from `content/procedures/themes.toml`.
    pub theme: String,
    pub title: String,
    pub summary: String,
    /// The guide's service sheet describing the service, if any.
    #[serde(default)]
    pub service_sheet: Option<String>,
    /// An office key from `content/offices.toml`.
    pub office: String,
    /// The responsible officer (name and role), published by law (L. 241/1990 art. 5).
    pub officer: String,
    /// 1 or 2; submitting always needs level 2, this is what consulting needs.
    #[serde(default = "default_required_level")]
    pub required_level: u8,
    pub time_limit: TimeLimit,
    #[serde(default)]
    pub fee: Option<Fee>,
    /// The short privacy notice of this processing (GDPR art. 13).
    pub privacy_notice: String,
    #[serde(default)]
    pub declarations: Vec<Declaration>,
    #[serde(default)]
    pub required_documents: Vec<RequiredDocument>,
    pub steps: Vec<Step>,
    #[serde(default)]
    pub rules: Vec<CrossFieldRule>,
}

fn default_required_level() -> u8 {
    2
}

/// The legal time limit (L. 241/1990 art. 2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    pub days: u32,
    pub count: DayCount,
    /// Whether a request for integration stops the clock until the citizen answers.
    pub suspended_by_integration: bool,
}

impl TimeLimit {
    /// The day by which the office must conclude a practice filed on
    /// `filed_on`, on the tenant's calendar: none once concluded, none while
    /// a suspension is open; the suspensions count only if this procedure
    /// says integration requests stop the clock.
    pub fn expected_completion(
        &self,
        filed_on: time::Date,
        status: super::model::PracticeStatus,
        suspensions: &[super::calendar::Suspension],
    ) -> Option<time::Date> {
        if status.is_concluded() {
            return None;
        }
        let suspensions = if self.suspended_by_integration { suspensions } else { &[] };
        super::calendar::WorkingDayCalendar::RHO.deadline(filed_on, self.days, self.count, suspensions)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fee {
    Fixed {
        cents: i64,
        reason: String,
        #[serde(default)]
        paid: FeePayment,
    },
    /// Cents for each unit of a number field (e.g. per square metre and day).
    PerUnit {
        field: String,
        cents_per_unit: i64,
        minimum_cents: i64,
        reason: String,
        #[serde(default)]
        paid: FeePayment,
    },
}

impl Fee {
    /// What the fee pays for: the object of its payment notice.
    pub fn reason(&self) -> &str {
        match self {
            Fee::Fixed { reason, .. } | Fee::PerUnit { reason, .. } => reason,
        }
    }

    pub fn paid(&self) -> FeePayment {
        match self {
            Fee::Fixed { paid, .. } | Fee::PerUnit { paid, .. } => *paid,
        }
    }
}

/// When the fee is paid. After filing, the practice is filed first and its
/// notice opened at once, payable from the confirmation, the practice's page
/// and "I miei pagamenti". Before filing, it is paid from the "check your
/// answers" page, and the practice can be sent only once pagoPA's receipt
/// has arrived.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeePayment {
    #[default]
    AfterFiling,
    BeforeFiling,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub id: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequiredDocument {
    pub name: String,
    /// The attachment field where it is uploaded.
    pub field: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub hint: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub visible_when: Option<VisibleWhen>,
    /// Taken from the identity and not asked again.
    #[serde(default)]
    pub prefill: Option<Prefill>,
    pub kind: FieldKind,
}

/// A field shows (and counts) only when another answer is one of these values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisibleWhen {
    pub field: String,
    pub any_of: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefill {
    FamilyName,
    GivenName,
    FiscalCode,
    Email,
    Phone,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub value: String,
    pub label: String,
}

/// Content sniffed from the bytes, never from the file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Pdf,
    SignedP7m,
    Jpeg,
    Png,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FieldKind {
    Text {
        #[serde(default = "default_text_length")]
        max_length: usize,
    },
    LongText {
        #[serde(default = "default_long_text_length")]
        max_length: usize,
    },
    /// A whole number (square metres, people, days…).
    Number {
        min: i64,
        max: i64,
    },
    /// Bounds in days relative to the day of filling (0 = today, -30 = a month ago).
    Date {
        #[serde(default)]
        earliest_days_from_today: Option<i32>,
        #[serde(default)]
        latest_days_from_today: Option<i32>,
    },
    Email,
    Phone,
    FiscalCode,
    Iban,
    /// The 14-digit identifier of a paper revenue stamp (marca da bollo).
    StampIdentifier,
    /// Street, house number, postcode and municipality, asked as four inputs.
    Address,
    SingleChoice {
        options: Vec<ChoiceOption>,
    },
    MultipleChoice {
        options: Vec<ChoiceOption>,
        #[serde(default)]
        max_selected: Option<usize>,
    },
    /// Ticked or not; a required checkbox must be ticked (a declaration).
    Checkbox,
    /// The same questions asked once per item (occupants, children…).
    Group {
        item_name: String,
        min_items: usize,
        max_items: usize,
        fields: Vec<Field>,
    },
    Attachment {
        max_files: usize,
        max_bytes_per_file: u64,
        accepted: Vec<AttachmentKind>,
    },
}

fn default_text_length() -> usize {
    200
}

fn default_long_text_length() -> usize {
    4000
}

/// Rules that involve more than one answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum CrossFieldRule {
    /// `later` may not be before `earlier` (both date fields); the message goes on `later`.
    DateOrder { earlier: String, later: String, message: String },
    /// At least one of these fields must be answered; the message goes on the first.
    AtLeastOne { fields: Vec<String>, message: String },
}

/// Why a definition cannot be published; names the field at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("procedure {procedure}: {problem}")]
pub struct DefinitionError {
    pub procedure: String,
    pub problem: String,
}

/// Identifiers in paths and form names: lower case letters, digits, `_` and `-`.
pub fn is_valid_identifier(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 60
        && text.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_' || byte == b'-')
        && text.as_bytes()[0].is_ascii_lowercase()
}

/// Option values travel in forms and are filed: lower case letters, digits, `_`.
fn is_valid_option_value(text: &str) -> bool {
    !text.is_empty() && text.len() <= 60 && text.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_')
}

impl ProcedureDefinition {
    /// Every field, in page order, with the step it belongs to (groups count as one field).
    pub fn fields(&self) -> impl Iterator<Item = (&Step, &Field)> {
        self.steps.iter().flat_map(|step| step.fields.iter().map(move |field| (step, field)))
    }

    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().map(|(_, field)| field).find(|field| field.id == id)
    }

    pub fn step_index(&self, step_id: &str) -> Option<usize> {
        self.steps.iter().position(|step| step.id == step_id)
    }

    pub fn attachment_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields().map(|(_, field)| field).filter(|field| matches!(field.kind, FieldKind::Attachment { .. }))
    }

    /// Checks that the definition means something before it is published:
    /// unique identifiers, references to existing fields of the right type,
    /// sensible bounds. A broken definition never reaches a citizen.
    pub fn check(&self) -> Result<(), DefinitionError> {
        let fail = |problem: String| Err(DefinitionError { procedure: self.slug.clone(), problem });
        if !is_valid_identifier(&self.slug) {
            return fail(format!("slug {:?} is not valid", self.slug));
        }
        if self.title.trim().is_empty() || self.summary.trim().is_empty() || self.officer.trim().is_empty() {
            return fail("title, summary and officer are required".into());
        }
        if self.privacy_notice.trim().is_empty() {
            return fail("the privacy notice is required".into());
        }
        if !(1..=2).contains(&self.required_level) {
            return fail("required_level must be 1 or 2".into());
        }
        if self.time_limit.days == 0 || self.time_limit.days > 365 {
            return fail("the time limit must be between 1 and 365 days".into());
        }
        if self.steps.is_empty() {
            return fail("a procedure needs at least one step".into());
        }
        let mut step_ids = HashSet::new();
        let mut field_ids = HashSet::new();
        for step in &self.steps {
            if !is_valid_identifier(&step.id) || step.id == "riepilogo" || !step_ids.insert(step.id.as_str()) {
                return fail(format!("step id {:?} is not valid or repeated", step.id));
            }
            if step.fields.is_empty() {
                return fail(format!("step {} has no fields", step.id));
            }
            for field in &step.fields {
                if let Err(problem) = check_field(field, false) {
                    return fail(problem);
                }
                if !field_ids.insert(field.id.as_str()) {
                    return fail(format!("field {} appears twice", field.id));
                }
            }
        }
        let position = |id: &str| self.fields().position(|(_, field)| field.id == id);
        for (index, (_, field)) in self.fields().enumerate() {
            if let Some(condition) = &field.visible_when {
                match position(&condition.field) {
                    Some(other) if other < index => {}
                    _ => return fail(format!("field {} depends on {}, which must come before it", field.id, condition.field)),
                }
                if condition.any_of.is_empty() {
                    return fail(format!("field {}: visible_when lists no values", field.id));
                }
            }
        }
        let kind_of = |id: &str| self.field(id).map(|field| &field.kind);
        for rule in &self.rules {
            match rule {
                CrossFieldRule::DateOrder { earlier, later, message } => {
                    for id in [earlier, later] {
                        if !matches!(kind_of(id), Some(FieldKind::Date { .. })) {
                            return fail(format!("date rule names {id}, which is not a date field"));
                        }
                    }
                    if message.trim().is_empty() {
                        return fail("a rule needs a message".into());
                    }
                }
                CrossFieldRule::AtLeastOne { fields, message } => {
                    if fields.len() < 2 || fields.iter().any(|id| kind_of(id).is_none()) || message.trim().is_empty() {
                        return fail("an at_least_one rule needs two existing fields and a message".into());
                    }
                }
            }
        }
        for document in &self.required_documents {
            if !matches!(kind_of(&document.field), Some(FieldKind::Attachment { .. })) {
                return fail(format!("document {:?} names {}, which is not an attachment field", document.name, document.field));
            }
        }
        let mut declaration_ids = HashSet::new();
        for declaration in &self.declarations {
            if !is_valid_identifier(&declaration.id) || !declaration_ids.insert(declaration.id.as_str()) {
                return fail(format!("declaration id {:?} is not valid or repeated", declaration.id));
            }
        }
        match &self.fee {
            Some(Fee::Fixed { cents, .. }) if *cents <= 0 => return fail("a fixed fee must be positive".into()),
            // Paid while answers can still change: only an amount no answer changes.
            Some(Fee::PerUnit { paid: FeePayment::BeforeFiling, .. }) => return fail("a fee paid before filing must be fixed".into()),
            Some(Fee::PerUnit { field, cents_per_unit, minimum_cents, .. })
                if !matches!(kind_of(field), Some(FieldKind::Number { .. })) || *cents_per_unit <= 0 || *minimum_cents < 0 =>
            {
                return fail("a per-unit fee needs a number field and a positive rate".into());
            }
            _ => {}
        }
        Ok(())
    }
}

fn check_field(field: &Field, inside_group: bool) -> Result<(), String> {
    if !is_valid_identifier(&field.id) || field.id.contains('-') {
        return Err(format!("field id {:?} is not valid (lower case, digits, _)", field.id));
    }
    if field.label.trim().is_empty() {
        return Err(format!("field {} has no label", field.id));
    }
    match &field.kind {
        FieldKind::Text { max_length } | FieldKind::LongText { max_length } if *max_length == 0 => {
            Err(format!("field {}: max_length must be positive", field.id))
        }
        FieldKind::Number { min, max } if min > max => Err(format!("field {}: min is above max", field.id)),
        FieldKind::Date { earliest_days_from_today: Some(earliest), latest_days_from_today: Some(latest) } if earliest > latest => {
            Err(format!("field {}: the earliest date is after the latest", field.id))
        }
        FieldKind::SingleChoice { options } | FieldKind::MultipleChoice { options, .. } => {
            let mut values = HashSet::new();
            if options.len() < 2 || !options.iter().all(|option| is_valid_option_value(&option.value) && values.insert(&option.value)) {
                return Err(format!("field {}: a choice needs two or more distinct options", field.id));
            }
            Ok(())
        }
        FieldKind::Group { fields, min_items, max_items, item_name } => {
            if inside_group {
                return Err(format!("field {}: groups cannot contain groups", field.id));
            }
            if min_items > max_items || *max_items == 0 || *max_items > 50 || item_name.trim().is_empty() {
                return Err(format!("field {}: group bounds must be 0 ≤ min ≤ max ≤ 50", field.id));
            }
            let mut ids = HashSet::new();
            for inner in fields {
                check_field(inner, true)?;
                if matches!(inner.kind, FieldKind::Attachment { .. }) {
                    return Err(format!("field {}: attachments cannot sit inside a group", field.id));
                }
                if inner.visible_when.is_some() || inner.prefill.is_some() {
                    return Err(format!("field {}: fields inside a group are neither conditional nor prefilled", field.id));
                }
                if !ids.insert(inner.id.as_str()) {
                    return Err(format!("field {}: {} appears twice", field.id, inner.id));
                }
            }
            if fields.is_empty() {
                return Err(format!("field {}: a group needs fields", field.id));
            }
            Ok(())
        }
        FieldKind::Attachment { max_files, max_bytes_per_file, accepted } => {
            if *max_files == 0 || *max_files > 10 || *max_bytes_per_file == 0 || *max_bytes_per_file > 20 * 1024 * 1024 || accepted.is_empty() {
                Err(format!("field {}: attachments take 1–10 files of at most 20 MB, of named kinds", field.id))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}
