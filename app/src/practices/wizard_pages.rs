//! The wizard, popup-free and working without JavaScript: one step per page
//! (a form posted to the same address), the "check your answers" page with
//! the declarations, and the filed practice with its protocol number. The
//! pages render from the server-side draft, so whatever was typed, accepted
//! or not, is shown again.

use super::answers::{Answers, ADDRESS_PARTS, DECLARATIONS_PREFIX, TICKED};
use super::model::{format_euro_cents, format_size, AttachmentView, PracticeDraftView, PracticeStatus, PracticeView};
use super::procedure::{AttachmentKind, Field, FieldKind, Prefill};
use super::server_functions::{get_my_practice, get_practice_draft, get_published_procedure};
use super::step_action::{StepAction, ACTION_FIELD};
use super::validation::{address_part_label, fee_in_cents, is_visible};
use crate::components::*;
use crate::guide::pages::{loading, page_title, NotFoundPage, ServiceUnavailable};
use crate::http_context::{query_parameter, submitted_form};
use crate::i18n::{t, use_locale, Locale, Text};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The path segment of the "check your answers" page; no step may use it.
pub const CHECK_ANSWERS_SEGMENT: &str = "riepilogo";
/// The query parameter of a step opened from the summary (`ritorno=riepilogo`):
/// saving it goes back there.
pub const RETURN_PARAMETER: &str = "ritorno";
/// The post of "Paga online" for a fee paid before filing (from the summary).
pub const PAY_FEE_SEGMENT: &str = "paga-costo";
/// The summary's fee section, as an error's target (`campo-costo`).
pub const FEE_SECTION_PATH: &str = "costo";

pub fn draft_step_path(draft_id: &str, step_id: &str) -> String {
    format!("/area-personale/bozze/{draft_id}/{step_id}")
}

/// The id of the input (or fieldset) of a field path.
pub fn input_id(path: &str) -> String {
    format!("campo-{}", path.replace('.', "-"))
}

fn parameter(name: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get(name).unwrap_or_default()
}

fn title_with_errors(title: &str, has_errors: bool, locale: Locale) -> String {
    let prefix = if has_errors { Text::ErrorTitlePrefix.in_locale(locale) } else { "" };
    format!("{prefix}{}", page_title(&[title, Text::ProceduresTitle.in_locale(locale)], locale))
}

/// `/area-personale/pratiche/nuova/<slug>`: what starting means, and the button that opens a draft.
#[component]
pub fn NewPracticePage() -> impl IntoView {
    let locale = use_locale();
    let slug = parameter("slug");
    let procedure = Resource::new(move || (slug(), locale), |(slug, locale)| get_published_procedure(slug, locale));
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match procedure.await {
                    Ok(Some(procedure)) => {
                        let title = procedure.definition.title.clone();
                        let steps = procedure.definition.steps.len() + 1;
                        view! {
                            <PageTitle text=page_title(&[&title, Text::ProceduresTitle.in_locale(locale)], locale)/>
                            <Breadcrumb items=vec![
                                BreadcrumbItem::link(Text::ProceduresTitle.in_locale(locale), "/pratiche"),
                                BreadcrumbItem::link(title.clone(), format!("/pratiche/{}", procedure.definition.slug)),
                                BreadcrumbItem::current(t(Text::WizardStart)),
                            ]/>
                            <h1 class="page-title">{title}</h1>
                            <p class="lead">{t(Text::WizardStartIntro).replace("{steps}", &steps.to_string())}</p>
                            <form method="post" class="mt-6">
                                <CsrfField/>
                                <Button>{t(Text::WizardStartButton)}</Button>
                            </form>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/area-personale/bozze/<draft>/<step>`: one step of the wizard, or the check-answers page.
#[component]
pub fn DraftStepPage() -> impl IntoView {
    let locale = use_locale();
    let draft_id = parameter("draft");
    let step = parameter("step");
    let draft = Resource::new(move || (draft_id(), locale), |(draft_id, locale)| get_practice_draft(draft_id, locale));
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match draft.await {
                    Ok(Some(draft)) if step() == CHECK_ANSWERS_SEGMENT => view! { <CheckAnswers draft/> }.into_any(),
                    Ok(Some(draft)) => match draft.procedure.definition.step_index(&step()) {
                        Some(index) if index <= draft.reached_step => view! { <WizardStep draft index/> }.into_any(),
                        _ => view! { <NotFoundPage/> }.into_any(),
                    },
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn WizardStep(draft: PracticeDraftView, index: usize) -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let definition = draft.procedure.definition.clone();
    let step = definition.steps[index].clone();
    let mut step_titles: Vec<String> = definition.steps.iter().map(|step| step.title.clone()).collect();
    step_titles.push(t(Text::CheckAnswersTitle).to_string());
    let back = if index == 0 { format!("/pratiche/{}", definition.slug) } else { draft_step_path(&draft.draft_id, &definition.steps[index - 1].id) };
    let returning = query_parameter(RETURN_PARAMETER).as_deref() == Some(CHECK_ANSWERS_SEGMENT);
    let entries: Vec<ErrorSummaryEntry> =
        form.errors.iter().map(|(path, message)| ErrorSummaryEntry { message: message.clone(), field_id: input_id(path) }).collect();
    let answers = draft.answers.clone();
    let identity = draft.identity.clone();
    let has_files = step.fields.iter().any(|field| matches!(field.kind, FieldKind::Attachment { .. }));
    let fields = step
        .fields
        .iter()
        .filter(|field| is_visible(field, &answers))
        .map(|field| view! { <ProcedureField field=field.clone() path=field.id.clone() answers=answers.clone() identity=identity.clone() errors=form.errors.clone() attachments=draft.attachments.clone()/> })
        .collect_view();
    let action = if returning {
        format!("{}?{RETURN_PARAMETER}={CHECK_ANSWERS_SEGMENT}", draft_step_path(&draft.draft_id, &step.id))
    } else {
        draft_step_path(&draft.draft_id, &step.id)
    };
    // Type-erased: the step's view is deep enough already for the compiler.
    let checks = view! {
        <super::step_island::StepChecksInTheBrowser
            definition=definition.clone()
            step_index=index
            stored=draft.answers.clone()
            identity=draft.identity.clone()
            today=crate::http_context::today_in_rome()
            locale=locale
            labels=super::step_island::StepCheckLabels {
                summary_title: Text::ErrorSummaryTitle.in_locale(locale).to_string(),
                error_prefix: Text::ErrorTitlePrefix.in_locale(locale).to_string(),
                kept_offline: Text::StepKeptOffline.in_locale(locale).to_string(),
                restored: Text::StepRestored.in_locale(locale).to_string(),
                uploading: Text::UploadInProgress.in_locale(locale).to_string(),
                upload_done: Text::UploadDone.in_locale(locale).to_string(),
                upload_failed: Text::UploadFailed.in_locale(locale).to_string(),
            }
        />
    }
    .into_any();
    view! {
        <PageTitle text=title_with_errors(&format!("{} – {}", step.title, definition.title), has_errors, locale)/>
        <p class="mt-4"><a class="link inline-flex min-h-11 items-center" href=back>{t(Text::WizardBack)}</a></p>
        <p class="text-sm font-semibold text-slate-700">{definition.title.clone()}</p>
        <h1 class="page-title">{step.title.clone()}</h1>
        <StepIndicator steps=step_titles current=index/>
        {has_errors.then(|| view! { <ErrorSummary id="error-summary" entries=entries/> })}
        {step.intro.clone().map(|intro| view! { <p class="lead mt-4">{intro}</p> })}
        <form method="post" action=action novalidate=true class="mt-6 max-w-2xl" enctype=has_files.then_some("multipart/form-data") id=super::step_island::STEP_FORM_ID>
            <CsrfField/>
            {checks}
            {fields}
            <div class="mt-8 flex flex-wrap gap-4">
                <Button name=ACTION_FIELD value=StepAction::Continue.value()>{t(if returning { Text::WizardSaveAndReturn } else { Text::WizardContinue })}</Button>
            </div>
        </form>
    }
}

fn answer_error(errors: &[(String, String)], path: &str) -> Option<String> {
    errors.iter().find(|(candidate, _)| candidate == path).map(|(_, message)| message.clone())
}

fn prefilled_value(field: &Field, identity: &super::model::IdentityPrefill) -> Option<String> {
    match field.prefill? {
        Prefill::FamilyName => Some(identity.family_name.clone()),
        Prefill::GivenName => Some(identity.given_name.clone()),
        Prefill::FiscalCode => Some(identity.fiscal_code.clone()),
        Prefill::Email => identity.email.clone(),
        Prefill::Phone => identity.phone.clone(),
    }
}

/// Identity facts are shown, not asked (national criteria: never ask twice).
fn is_from_identity(field: &Field) -> bool {
    matches!(field.prefill, Some(Prefill::FamilyName | Prefill::GivenName | Prefill::FiscalCode))
}

#[component]
fn ProcedureField(
    field: Field,
    path: String,
    answers: Answers,
    identity: super::model::IdentityPrefill,
    errors: Vec<(String, String)>,
    #[prop(optional)] attachments: Vec<AttachmentView>,
) -> impl IntoView {
    let id = input_id(&path);
    let error = answer_error(&errors, &path);
    let typed = answers.value(&path).to_string();
    let value =
        if typed.is_empty() && !answers.paths().any(|candidate| candidate == path) { prefilled_value(&field, &identity).unwrap_or_default() } else { typed };
    let hint = field.hint.clone();
    let label = field.label.clone();
    if is_from_identity(&field) {
        let shown = prefilled_value(&field, &identity).unwrap_or_default();
        return view! {
            <div class="field">
                <p class="field-label" id=id>{label}</p>
                <p class="text-lg">{shown}</p>
            </div>
        }
        .into_any();
    }
    match field.kind.clone() {
        FieldKind::Text { max_length } => view! { <TextField id name=path label hint=hint.unwrap_or_default() error=error.unwrap_or_default() value maxlength=max_length/> }.into_any(),
        FieldKind::FiscalCode => view! { <TextField id name=path label hint=hint.unwrap_or_default() error=error.unwrap_or_default() value maxlength=16/> }.into_any(),
        FieldKind::Iban => view! { <TextField id name=path label hint=hint.unwrap_or_default() error=error.unwrap_or_default() value maxlength=42/> }.into_any(),
        FieldKind::StampIdentifier => view! { <TextField id name=path label hint=hint.unwrap_or_default() error=error.unwrap_or_default() value maxlength=20 inputmode="numeric"/> }.into_any(),
        FieldKind::Email => view! { <TextField id name=path label hint=hint.unwrap_or_default() error=error.unwrap_or_default() value input_type="email" autocomplete="email"/> }.into_any(),
        FieldKind::Phone => view! { <TextField id name=path label hint=hint.unwrap_or_default() error=error.unwrap_or_default() value input_type="tel" autocomplete="tel"/> }.into_any(),
        FieldKind::Number { .. } => view! { <TextField id name=path label hint=hint.unwrap_or_default() error=error.unwrap_or_default() value maxlength=12/> }.into_any(),
        FieldKind::Date { .. } => {
            let hint = hint.unwrap_or_else(|| t(Text::DateHint).to_string());
            view! { <TextField id name=path label hint=hint error=error.unwrap_or_default() value maxlength=10/> }.into_any()
        }
        FieldKind::LongText { max_length } => {
            let hint_id = format!("{id}-hint");
            let error_id = format!("{id}-error");
            let described_by = [hint.as_ref().map(|_| hint_id.clone()), error.as_ref().map(|_| error_id.clone())].into_iter().flatten().collect::<Vec<_>>().join(" ");
            let has_error = error.is_some();
            view! {
                <div class=if has_error { "field field-error" } else { "field" }>
                    <label class="field-label" for=id.clone()>{label}</label>
                    {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
                    {error.map(|error| view! { <p class="field-error-message" id=error_id><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                    <textarea class="field-input min-h-32" id=id name=path rows="6" maxlength=max_length
                        aria-invalid=has_error.then_some("true") aria-describedby=(!described_by.is_empty()).then_some(described_by)>{value}</textarea>
                </div>
            }.into_any()
        }
        FieldKind::Address => view! {
            <fieldset class="field" id=id>
                <legend class="field-label">{label}</legend>
                {hint.map(|hint| view! { <p class="field-hint">{hint}</p> })}
                {ADDRESS_PARTS.iter().map(|part| {
                    let part_path = format!("{path}.{part}");
                    view! {
                        <TextField
                            id=input_id(&part_path)
                            name=part_path.clone()
                            label=address_part_label(part).to_string()
                            error=answer_error(&errors, &part_path).unwrap_or_default()
                            value=answers.value(&part_path).to_string()
                            maxlength=if *part == "cap" { 5 } else { 120 }
                        />
                    }
                }).collect_view()}
            </fieldset>
        }.into_any(),
        FieldKind::SingleChoice { options } | FieldKind::MultipleChoice { options, .. } => {
            let multiple = matches!(field.kind, FieldKind::MultipleChoice { .. });
            let chosen: Vec<String> = answers.values(&path).into_iter().map(str::to_string).collect();
            let error_id = format!("{id}-error");
            let has_error = error.is_some();
            let described_by = has_error.then(|| error_id.clone());
            view! {
                <fieldset class=if has_error { "field field-error" } else { "field" } id=id.clone() aria-describedby=described_by>
                    <legend class="field-label">{label}</legend>
                    {hint.map(|hint| view! { <p class="field-hint">{hint}</p> })}
                    {error.map(|error| view! { <p class="field-error-message" id=error_id.clone()><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                    {options.into_iter().enumerate().map(|(position, option)| {
                        let option_id = format!("{id}-{position}");
                        let checked = chosen.contains(&option.value);
                        view! {
                            <div class="choice">
                                <input class="choice-input" type=if multiple { "checkbox" } else { "radio" } id=option_id.clone() name=path.clone() value=option.value checked=checked/>
                                <label class="choice-label" for=option_id>{option.label}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            }.into_any()
        }
        FieldKind::Checkbox => {
            let error_id = format!("{id}-error");
            let has_error = error.is_some();
            view! {
                <div class=if has_error { "field field-error" } else { "field" }>
                    {error.map(|error| view! { <p class="field-error-message" id=error_id.clone()><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                    <div class="choice">
                        <input class="choice-input" type="checkbox" id=id.clone() name=path value=TICKED checked=value == TICKED aria-describedby=has_error.then_some(error_id)/>
                        <label class="choice-label" for=id>{label}</label>
                    </div>
                </div>
            }.into_any()
        }
        FieldKind::Group { item_name, min_items, max_items, fields } => {
            let items = answers.group_items(&path).max(min_items.max(usize::from(field.required)));
            let group_class = if error.is_some() { "field field-error" } else { "field" };
            view! {
                <fieldset class=group_class id=id>
                    <legend class="field-label">{label}</legend>
                    {hint.map(|hint| view! { <p class="field-hint">{hint}</p> })}
                    {error.map(|error| view! { <p class="field-error-message"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                    <input type="hidden" name=path.clone() value=items.to_string()/>
                    {(0..items).map(|index| {
                        let item_label = format!("{} {}", capitalised(&item_name), index + 1);
                        view! {
                            <fieldset class="group-item mt-4 border-l-4 border-slate-300 pl-4">
                                <legend class="font-bold">{item_label.clone()}</legend>
                                {fields.iter().map(|inner| {
                                    let inner_path = format!("{path}.{index}.{}", inner.id);
                                    view! { <ProcedureField field=inner.clone() path=inner_path answers=answers.clone() identity=identity.clone() errors=errors.clone()/> }
                                }).collect_view()}
                                {(items > min_items.max(usize::from(field.required))).then(|| view! {
                                    <button class="button button-secondary" type="submit" name=ACTION_FIELD value={StepAction::RemoveGroupItem { group: path.clone(), position: index }.value()}>
                                        {t(Text::WizardRemoveItem)}<span class="sr-only">{format!(" {item_label}")}</span>
                                    </button>
                                })}
                            </fieldset>
                        }
                    }).collect_view()}
                    {(items < max_items).then(|| view! {
                        <button class="button button-secondary mt-4" type="submit" name=ACTION_FIELD value={StepAction::AddGroupItem { group: path.clone() }.value()}>
                            {t(Text::WizardAddItem).replace("{item}", &item_name)}
                        </button>
                    })}
                </fieldset>
            }.into_any()
        }
        FieldKind::Attachment { max_files, max_bytes_per_file, accepted } => {
            let uploaded: Vec<AttachmentView> = answers
                .values(&path)
                .into_iter()
                .filter_map(|attachment_id| attachments.iter().find(|attachment| attachment.id == attachment_id).cloned())
                .collect();
            let limits = t(Text::AttachmentLimits)
                .replace("{types}", &accepted_types_text(&accepted))
                .replace("{files}", &max_files.to_string())
                .replace("{size}", &format_size(max_bytes_per_file));
            let file_input_id = format!("{id}-file");
            let error_id = format!("{id}-error");
            let has_error = error.is_some();
            let described_by = if has_error { format!("{id}-limits {error_id}") } else { format!("{id}-limits") };
            let can_add = uploaded.len() < max_files;
            let upload_label = t(Text::AttachmentChoose).replace("{label}", &label);
            view! {
                <fieldset class=if has_error { "field field-error" } else { "field" } id=id.clone()>
                    <legend class="field-label">{label.clone()}</legend>
                    {hint.map(|hint| view! { <p class="field-hint">{hint}</p> })}
                    <p class="field-hint" id=format!("{id}-limits")>{limits}</p>
                    {error.map(|error| view! { <p class="field-error-message" id=error_id><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                    {(!uploaded.is_empty()).then(|| view! {
                        <ul class="mb-3 space-y-2">
                            {uploaded.into_iter().map(|attachment| view! {
                                <li class="flex flex-wrap items-center gap-3">
                                    <a class="link inline-flex min-h-11 items-center" href=format!("/area-personale/allegati/{}", attachment.id)>{attachment.file_name.clone()}</a>
                                    <span class="text-slate-700">{format!("{}, {}", type_label(&attachment.sniffed_type), format_size(attachment.size_bytes))}</span>
                                    <button class="button button-secondary" type="submit" name=ACTION_FIELD value={StepAction::RemoveAttachment { field: path.clone(), attachment: attachment.id.clone() }.value()}>
                                        {t(Text::WizardRemoveItem)}<span class="sr-only">{format!(" {}", attachment.file_name)}</span>
                                    </button>
                                </li>
                            }).collect_view()}
                        </ul>
                    })}
                    {can_add.then(|| view! {
                        <label class="field-label" for=file_input_id.clone()>{upload_label}</label>
                        <input class="field-input" type="file" id=file_input_id name=path.clone() accept=accept_attribute(&accepted) aria-describedby=described_by/>
                        <p class="mt-2"><button class="button button-secondary" type="submit" name=ACTION_FIELD value={StepAction::Upload { field: path.clone() }.value()}>{t(Text::AttachmentUpload)}</button></p>
                    })}
                </fieldset>
            }.into_any()
        }
    }
}

fn accepted_types_text(accepted: &[AttachmentKind]) -> String {
    accepted
        .iter()
        .map(|kind| match kind {
            AttachmentKind::Pdf => "PDF o PDF/A",
            AttachmentKind::SignedP7m => "PDF firmato (.p7m)",
            AttachmentKind::Jpeg => "JPEG",
            AttachmentKind::Png => "PNG",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn accept_attribute(accepted: &[AttachmentKind]) -> String {
    accepted
        .iter()
        .map(|kind| match kind {
            AttachmentKind::Pdf => ".pdf,application/pdf",
            AttachmentKind::SignedP7m => ".p7m",
            AttachmentKind::Jpeg => ".jpg,.jpeg,image/jpeg",
            AttachmentKind::Png => ".png,image/png",
        })
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn type_label(code: &str) -> &'static str {
    match code {
        "pdf_a" => "PDF/A",
        "pdf" => "PDF",
        "signed_p7m" => "PDF firmato (.p7m)",
        "jpeg" => "JPEG",
        "png" => "PNG",
        _ => "file",
    }
}

fn capitalised(text: &str) -> String {
    let mut characters = text.chars();
    characters.next().map(|first| first.to_uppercase().chain(characters).collect()).unwrap_or_default()
}

/// How an answer reads back on the summary.
fn answer_text(field: &Field, path: &str, answers: &Answers, identity: &super::model::IdentityPrefill, attachments: &[AttachmentView]) -> String {
    if is_from_identity(field) {
        return prefilled_value(field, identity).unwrap_or_default();
    }
    let none = || t(Text::NotAnswered).to_string();
    match &field.kind {
        FieldKind::Address => {
            let parts: Vec<&str> = ADDRESS_PARTS.iter().map(|part| answers.value(&format!("{path}.{part}"))).collect();
            if parts.iter().all(|part| part.is_empty()) {
                none()
            } else {
                format!("{} {}, {} {}", parts[0], parts[1], parts[2], parts[3])
            }
        }
        FieldKind::SingleChoice { options } | FieldKind::MultipleChoice { options, .. } => {
            let labels: Vec<String> = answers
                .values(path)
                .into_iter()
                .filter_map(|value| options.iter().find(|option| option.value == value).map(|option| option.label.clone()))
                .collect();
            if labels.is_empty() {
                none()
            } else {
                labels.join("; ")
            }
        }
        FieldKind::Attachment { .. } => {
            let names: Vec<String> = answers
                .values(path)
                .into_iter()
                .filter_map(|id| attachments.iter().find(|attachment| attachment.id == id))
                .map(|attachment| format!("{} ({})", attachment.file_name, format_size(attachment.size_bytes)))
                .collect();
            if names.is_empty() {
                none()
            } else {
                names.join("; ")
            }
        }
        FieldKind::Checkbox => t(if answers.value(path) == TICKED { Text::AnswerYes } else { Text::AnswerNo }).to_string(),
        FieldKind::Group { fields, .. } => {
            let items = answers.group_items(path);
            if items == 0 {
                return none();
            }
            (0..items)
                .map(|index| fields.iter().map(|inner| answers.value(&format!("{path}.{index}.{}", inner.id)).to_string()).collect::<Vec<_>>().join(", "))
                .collect::<Vec<_>>()
                .join(" · ")
        }
        _ => {
            let value = answers.value(path);
            if value.is_empty() {
                none()
            } else {
                value.to_string()
            }
        }
    }
}

/// Every visible answer as (question, answer as read back), step by step:
/// the summary page and the PDF receipt say the same thing.
pub fn answer_rows(
    definition: &super::procedure::ProcedureDefinition,
    answers: &Answers,
    identity: &super::model::IdentityPrefill,
    attachments: &[AttachmentView],
) -> Vec<(String, String)> {
    definition
        .fields()
        .filter(|(_, field)| is_visible(field, answers))
        .map(|(_, field)| (field.label.clone(), answer_text(field, &field.id, answers, identity, attachments)))
        .collect()
}

#[component]
fn CheckAnswers(draft: PracticeDraftView) -> impl IntoView {
    let locale = use_locale();
    let mut form = submitted_form();
    // "Paga online" of a fee paid before filing came back with a problem.
    if let Some(problem) = query_parameter("errore").and_then(|code| crate::payments::pages::pay_error_text(&code)) {
        form.errors.push((FEE_SECTION_PATH.to_string(), problem.in_locale(locale).to_string()));
    }
    let has_errors = !form.errors.is_empty();
    let definition = draft.procedure.definition.clone();
    let all_steps_accepted = draft.reached_step >= definition.steps.len();
    let mut step_titles: Vec<String> = definition.steps.iter().map(|step| step.title.clone()).collect();
    step_titles.push(t(Text::CheckAnswersTitle).to_string());
    let entries: Vec<ErrorSummaryEntry> =
        form.errors.iter().map(|(path, message)| ErrorSummaryEntry { message: message.clone(), field_id: input_id(path) }).collect();
    let answers = draft.answers.clone();
    let identity = draft.identity.clone();
    let sections = definition
        .steps
        .iter()
        .map(|step| {
            let rows: Vec<SummaryRow> = step
                .fields
                .iter()
                .filter(|field| is_visible(field, &answers))
                .map(|field| SummaryRow {
                    key: field.label.clone(),
                    value: answer_text(field, &field.id, &answers, &identity, &draft.attachments),
                    change_href: (!is_from_identity(field))
                        .then(|| format!("{}?{RETURN_PARAMETER}={CHECK_ANSWERS_SEGMENT}#{}", draft_step_path(&draft.draft_id, &step.id), input_id(&field.id))),
                })
                .collect();
            view! {
                <h2 class="section-title mt-8">{step.title.clone()}</h2>
                <SummaryList rows/>
            }
        })
        .collect_view();
    let fee = fee_in_cents(&definition, &answers);
    let paid_before_filing = definition.fee.as_ref().is_some_and(|fee| fee.paid() == super::procedure::FeePayment::BeforeFiling);
    let (draft_id, fee_payment) = (draft.draft_id.clone(), draft.fee_payment.clone());
    let last_step = definition.steps.last().map(|step| step.id.clone()).unwrap_or_default();
    let declarations = definition.declarations.clone();
    let declaration_values = answers.clone();
    let submit_path = draft_step_path(&draft.draft_id, CHECK_ANSWERS_SEGMENT);
    view! {
        <PageTitle text=title_with_errors(&format!("{} – {}", t(Text::CheckAnswersTitle), definition.title), has_errors, locale)/>
        <p class="mt-4"><a class="link inline-flex min-h-11 items-center" href=draft_step_path(&draft.draft_id, &last_step)>{t(Text::WizardBack)}</a></p>
        <p class="text-sm font-semibold text-slate-700">{definition.title.clone()}</p>
        <h1 class="page-title">{t(Text::CheckAnswersTitle)}</h1>
        <StepIndicator steps=step_titles current=definition.steps.len()/>
        {has_errors.then(|| view! { <ErrorSummary id="error-summary" entries=entries/> })}
        {if all_steps_accepted {
            view! {
                <p class="lead mt-4">{t(Text::CheckAnswersIntro)}</p>
                {sections}
                {fee.map(|cents| view! {
                    <section id=input_id(FEE_SECTION_PATH) tabindex="-1" aria-labelledby="costo-titolo">
                        <h2 class="section-title mt-8" id="costo-titolo">{t(Text::CheckAnswersFeeTitle)}</h2>
                        <p>{t(Text::CheckAnswersFee).replace("{amount}", &format_euro_cents(cents))}</p>
                        {paid_before_filing.then(|| view! { <FeeBeforeFiling draft_id=draft_id.clone() cents payment=fee_payment.clone()/> })}
                    </section>
                }.into_any())}
                <form method="post" action=submit_path novalidate=true class="mt-8 max-w-2xl">
                    <CsrfField/>
                    <h2 class="section-title">{t(Text::ProcedurePrivacyTitle)}</h2>
                    <p class="mb-3">{definition.privacy_notice.clone()}</p>
                    {(!declarations.is_empty()).then(|| view! {
                        <fieldset class="field mt-6">
                            <legend class="section-title">{t(Text::ProcedureDeclarationsTitle)}</legend>
                            {declarations.into_iter().map(|declaration| {
                                let path = format!("{DECLARATIONS_PREFIX}{}", declaration.id);
                                let id = input_id(&path);
                                let error = answer_error(&form.errors, &path);
                                let error_id = format!("{id}-error");
                                let has_error = error.is_some();
                                let checked = declaration_values.value(&path) == TICKED;
                                view! {
                                    <div class=if has_error { "field-error" } else { "" }>
                                        {error.map(|error| view! { <p class="field-error-message" id=error_id.clone()><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                                        <div class="choice">
                                            <input class="choice-input" type="checkbox" id=id.clone() name=path value=TICKED checked=checked aria-describedby=has_error.then_some(error_id)/>
                                            <label class="choice-label" for=id>{declaration.text}</label>
                                        </div>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                    })}
                    <p class="mt-6">{t(Text::CheckAnswersLevel2)}</p>
                    <div class="mt-4"><Button name="azione" value="invia".to_string()>{t(Text::CheckAnswersSubmit)}</Button></div>
                </form>
            }.into_any()
        } else {
            view! {
                <Alert kind=AlertKind::Warning>{t(Text::CheckAnswersIncomplete)}</Alert>
                <p class="mt-4"><a class="link" href=draft_step_path(&draft.draft_id, &definition.steps[draft.reached_step.min(definition.steps.len() - 1)].id)>{t(Text::WizardContinue)}</a></p>
            }.into_any()
        }}
    }
}

/// A fee paid before filing, on the summary: "Paga online" (its own small
/// form, before the sending form) until pagoPA's receipt has arrived.
#[component]
fn FeeBeforeFiling(draft_id: String, cents: i64, payment: Option<crate::payments::model::PaymentView>) -> impl IntoView {
    use crate::payments::model::PositionStatus;
    match payment.map(|payment| payment.status) {
        Some(PositionStatus::Paid) => view! { <p class="alert alert-success">{t(Text::FeeBeforeFilingPaid)}</p> }.into_any(),
        Some(PositionStatus::InProgress) => view! { <p class="alert alert-info">{t(Text::PaymentInProgressNote)}</p> }.into_any(),
        _ => view! {
            <p>{t(Text::FeeBeforeFilingToPay)}</p>
            <form method="post" action=draft_step_path(&draft_id, PAY_FEE_SEGMENT) class="mt-2">
                <CsrfField/>
                <Button>{t(Text::FeeBeforeFilingPay).replace("{amount}", &format_euro_cents(cents))}</Button>
            </form>
        }
        .into_any(),
    }
}

pub fn status_text(status: PracticeStatus) -> Text {
    match status {
        PracticeStatus::Submitted => Text::StatusSubmitted,
        PracticeStatus::Protocolled => Text::StatusProtocolled,
        PracticeStatus::UnderReview => Text::StatusUnderReview,
        PracticeStatus::IntegrationRequested => Text::StatusIntegrationRequested,
        PracticeStatus::Integrated => Text::StatusIntegrated,
        PracticeStatus::Accepted => Text::StatusAccepted,
        PracticeStatus::Rejected => Text::StatusRejected,
        PracticeStatus::Withdrawn => Text::StatusWithdrawn,
    }
}

pub(crate) fn readable_date(iso: &str) -> String {
    super::validation::parse_date(iso.get(..10).unwrap_or(iso)).map(super::calendar::italian_date).unwrap_or_else(|| iso.to_string())
}

/// `/area-personale/pratiche/<id>`: the filed practice, its protocol number and timeline.
#[component]
pub fn MyPracticePage() -> impl IntoView {
    let locale = use_locale();
    let id = parameter("id");
    let practice = Resource::new(id, get_my_practice);
    let just_filed = query_parameter("inviata").is_some();
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match practice.await {
                    Ok(Some(practice)) => view! { <PracticeDetails practice just_filed locale/> }.into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PracticeDetails(practice: PracticeView, just_filed: bool, locale: Locale) -> impl IntoView {
    use super::workflow::{Actor, PracticeAction, ACTION_FIELD, CONFIRM_FIELD, DOCUMENT_FIELD, NOTE_FIELD};
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let done = query_parameter("fatto").and_then(|code| PracticeAction::from_code(&code));
    let available = PracticeAction::available(Actor::Citizen, practice.status);
    let can_answer = available.contains(&PracticeAction::AnswerIntegration);
    let can_withdraw = available.contains(&PracticeAction::Withdraw);
    let PracticeView {
        id,
        procedure_title,
        protocol_number,
        check_code,
        status,
        submitted_at,
        expected_completion,
        office_name,
        officer,
        events,
        documents,
        integration_request,
        fee,
        ..
    } = practice;
    let here = format!("/area-personale/pratiche/{id}");
    let title = format!("{} {protocol_number}", t(Text::PracticeTitle));
    view! {
        <PageTitle text=title_with_errors(&title, has_errors, locale)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale"),
            BreadcrumbItem::link(Text::MyPracticesTitle.in_locale(locale), "/area-personale/pratiche"),
            BreadcrumbItem::current(title.clone()),
        ]/>
        <SubmittedFormErrors form=form.clone()/>
        {just_filed.then(|| view! {
            <div class="alert alert-success mt-4" role="status">
                <h2 class="text-xl font-bold">{t(Text::PracticeFiledTitle)}</h2>
                <p>{t(Text::PracticeFiledText).replace("{protocol}", &protocol_number)}</p>
            </div>
        })}
        {done.map(|action| view! {
            <div class="alert alert-success mt-4" role="status">
                <p>{t(if action == PracticeAction::Withdraw { Text::PracticeWithdrawnDone } else { Text::IntegrationAnswerSent })}</p>
            </div>
        })}
        <h1 class="page-title">{procedure_title}</h1>
        <dl class="definition-list mt-4">
            <dt>{t(Text::PracticeProtocolLabel)}</dt><dd>{protocol_number.clone()}</dd>
            <dt>{t(Text::PracticeCheckCodeLabel)}</dt><dd>{check_code}</dd>
            <dt>{t(Text::PracticeStatusLabel)}</dt><dd>{t(status_text(status))}</dd>
            <dt>{t(Text::PracticeSubmittedLabel)}</dt><dd>{readable_date(&submitted_at)}</dd>
            <dt>{t(Text::PracticeExpectedLabel)}</dt>
            <dd>{expected_completion.map(|date| readable_date(&date)).unwrap_or_else(|| t(Text::PracticeNoExpectedDate).to_string())}</dd>
            <dt>{t(Text::ProcedureOfficeTitle)}</dt><dd>{office_name}</dd>
            <dt>{t(Text::ProcedureOfficerLabel)}</dt><dd>{officer}</dd>
        </dl>
        {integration_request.map(|request| view! {
            <section class="alert alert-warning mt-6" aria-labelledby="integrazione">
                <h2 class="text-xl font-bold" id="integrazione">{t(Text::IntegrationRequestTitle)}</h2>
                <p class="whitespace-pre-line mt-2">{request.message}</p>
                <p class="mt-2 font-semibold">{format!("{} {}", t(Text::IntegrationDeadlineLabel), readable_date(&request.deadline))}</p>
            </section>
        })}
        {can_answer.then(|| view! {
            <section class="mt-6" aria-labelledby="rispondi">
                <h2 class="section-title" id="rispondi">{t(Text::IntegrationAnswerTitle)}</h2>
                <form method="post" action=here.clone() enctype="multipart/form-data" novalidate=true class="max-w-2xl">
                    <CsrfField/>
                    <input type="hidden" name=ACTION_FIELD value=PracticeAction::AnswerIntegration.code()/>
                    <label class="form-label" for=NOTE_FIELD>{t(Text::IntegrationAnswerLabel)}</label>
                    <p class="form-hint" id="nota-hint">{t(Text::IntegrationAnswerHint)}</p>
                    <textarea class="form-input" id=NOTE_FIELD name=NOTE_FIELD rows="5" aria-describedby="nota-hint">{form.value(NOTE_FIELD)}</textarea>
                    <label class="form-label mt-4" for=DOCUMENT_FIELD>{t(Text::IntegrationFilesLabel)}</label>
                    <p class="form-hint" id="documento-hint">{t(Text::DocumentHint)}</p>
                    <input class="form-input" type="file" id=DOCUMENT_FIELD name=DOCUMENT_FIELD multiple=true accept=".pdf,.p7m,.jpg,.jpeg,.png" aria-describedby="documento-hint"/>
                    <p class="mt-4"><Button>{t(Text::IntegrationAnswerButton)}</Button></p>
                </form>
            </section>
        })}
        {fee.map(|payment| view! { <crate::payments::pages::PracticeFeePayment payment/> })}
        <p class="mt-4"><a class="button button-secondary" href=format!("{here}/ricevuta.pdf") download="ricevuta.pdf">{t(Text::PracticeReceiptLink)}</a></p>
        <p class="mt-4">{t(Text::PracticeWhatNext)}</p>
        <super::back_office_pages::PracticeDocuments documents base_path=here.clone()/>
        <super::back_office_pages::PracticeTimeline events/>
        {can_withdraw.then(|| view! {
            <section class="mt-8" aria-labelledby=ACTION_FIELD>
                <h2 class="section-title" id=ACTION_FIELD>{t(Text::WithdrawTitle)}</h2>
                <p>{t(Text::WithdrawIntro)}</p>
                <form method="post" action=here.clone() class="mt-2 max-w-2xl">
                    <CsrfField/>
                    <input type="hidden" name=ACTION_FIELD value=PracticeAction::Withdraw.code()/>
                    <div class="flex min-h-11 items-center gap-2">
                        <input class="form-checkbox" type="checkbox" id=CONFIRM_FIELD name=CONFIRM_FIELD value="si"/>
                        <label for=CONFIRM_FIELD>{t(Text::WithdrawConfirmLabel)}</label>
                    </div>
                    <p class="mt-4"><Button style=ButtonStyle::Secondary>{t(Text::WithdrawButton)}</Button></p>
                </form>
            </section>
        })}
    }
}
