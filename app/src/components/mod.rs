//! A small set of accessible components used across the portal. Each is shown
//! on the examples route (`/esempi/componenti`), which the e2e suite checks with axe.

pub mod examples_page;
mod head;

pub use head::{escape_head_text, PageTitle};

use crate::i18n::{t, Text};
use leptos::prelude::*;

/// First focusable element of every page: jumps over the header.
#[component]
pub fn SkipLinks() -> impl IntoView {
    view! {
        <div class="skip-links">
            <a class="skip-link" href="#main-content">{t(Text::SkipToContent)}</a>
            <a class="skip-link" href="#footer">{t(Text::SkipToFooter)}</a>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct BreadcrumbItem {
    pub label: String,
    /// `None` for the current page, which is not a link.
    pub href: Option<String>,
}

impl BreadcrumbItem {
    pub fn link(label: impl Into<String>, href: impl Into<String>) -> Self {
        BreadcrumbItem { label: label.into(), href: Some(href.into()) }
    }
    pub fn current(label: impl Into<String>) -> Self {
        BreadcrumbItem { label: label.into(), href: None }
    }
}

#[component]
pub fn Breadcrumb(items: Vec<BreadcrumbItem>) -> impl IntoView {
    view! {
        <nav aria-label=t(Text::BreadcrumbLabel) class="mb-4" data-element="breadcrumb">
            <ol class="flex flex-wrap items-center gap-x-2 text-base">
                <li>
                    <a class="link inline-flex min-h-11 items-center" href="/">{t(Text::Home)}</a>
                </li>
                {items
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li class="flex items-center gap-x-2">
                                <span aria-hidden="true" class="text-slate-600">"/"</span>
                                {match item.href {
                                    Some(href) => view! {
                                        <a class="link inline-flex min-h-11 items-center" href=href>{item.label}</a>
                                    }.into_any(),
                                    None => view! {
                                        <span aria-current="page" class="inline-flex min-h-11 items-center">{item.label}</span>
                                    }.into_any(),
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// A labelled text input with an optional hint and error, wired with
/// `aria-describedby` and `aria-invalid` so screen readers announce both.
#[component]
pub fn TextField(
    id: String,
    name: String,
    label: String,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] error: Option<String>,
    #[prop(optional)] value: String,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// The keyboard a phone shows (`numeric` for digits only).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    #[prop(optional)] data_element: Option<&'static str>,
) -> impl IntoView {
    // An empty hint or error is no hint or error at all.
    let hint = hint.filter(|hint| !hint.trim().is_empty());
    let error = error.filter(|error| !error.trim().is_empty());
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = [hint.as_ref().map(|_| hint_id.clone()), error.as_ref().map(|_| error_id.clone())].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let has_error = error.is_some();
    view! {
        <div class=move || if has_error { "field field-error" } else { "field" }>
            <label class="field-label" for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
            {error.map(|error| view! {
                <p class="field-error-message" id=error_id.clone()>
                    <span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}
                </p>
            })}
            <input
                class="field-input"
                id=id
                name=name
                type=input_type
                value=value
                maxlength=maxlength
                autocomplete=autocomplete
                inputmode=inputmode
                aria-invalid=has_error.then_some("true")
                aria-describedby=(!described_by.is_empty()).then_some(described_by)
                data-element=data_element
            />
        </div>
    }
}

/// One entry of an error summary: the message and the id of the field it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorSummaryEntry {
    pub message: String,
    pub field_id: String,
}

/// A textarea with its label, hint, error and length limit (its name is its id).
#[component]
pub fn TextAreaField(
    id: &'static str,
    label: String,
    #[prop(optional)] hint: Option<String>,
    error: Option<String>,
    value: String,
    maxlength: usize,
    rows: u8,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = [hint.as_ref().map(|_| hint_id.clone()), error.as_ref().map(|_| error_id.clone())].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let has_error = error.is_some();
    view! {
        <div class=if has_error { "field field-error" } else { "field" }>
            <label class="field-label" for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
            {error.map(|error| view! { <p class="field-error-message" id=error_id.clone()><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
            <textarea class="field-input" id=id name=id rows=rows maxlength=maxlength aria-invalid=has_error.then_some("true")
                aria-describedby=(!described_by.is_empty()).then_some(described_by)>{value}</textarea>
        </div>
    }
}

/// A select with its label, hint and error (its name is its id); `options`
/// are (value, label), after an empty first choice.
#[component]
pub fn SelectField(
    id: &'static str,
    label: String,
    #[prop(optional)] hint: Option<String>,
    error: Option<String>,
    value: String,
    empty: String,
    options: Vec<(String, String)>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = [hint.as_ref().map(|_| hint_id.clone()), error.as_ref().map(|_| error_id.clone())].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let has_error = error.is_some();
    view! {
        <div class=if has_error { "field field-error" } else { "field" }>
            <label class="field-label" for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
            {error.map(|error| view! { <p class="field-error-message" id=error_id.clone()><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
            <select class="field-input" id=id name=id aria-invalid=has_error.then_some("true") aria-describedby=(!described_by.is_empty()).then_some(described_by)>
                <option value="">{empty}</option>
                {options.into_iter().map(|(option, label)| {
                    let selected = option.eq_ignore_ascii_case(&value);
                    view! { <option value=option selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// Shown first in the form after a failed submission. It takes the focus
/// (`autofocus`, which works without JavaScript) and links to each field.
#[component]
pub fn ErrorSummary(id: &'static str, entries: Vec<ErrorSummaryEntry>) -> impl IntoView {
    let heading_id = format!("{id}-title");
    let labelled_by = heading_id.clone();
    view! {
        <div class="error-summary" id=id role="alert" tabindex="-1" autofocus=true aria-labelledby=labelled_by>
            <h2 class="text-lg font-bold" id=heading_id>{t(Text::ErrorSummaryTitle)}</h2>
            <ul class="mt-2 list-disc pl-6">
                {entries
                    .into_iter()
                    .map(|entry| view! {
                        <li><a class="link" href=format!("#{}", entry.field_id)>{entry.message}</a></li>
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ButtonStyle {
    Primary,
    Secondary,
}

impl ButtonStyle {
    pub fn class(self) -> &'static str {
        match self {
            ButtonStyle::Primary => "button button-primary",
            ButtonStyle::Secondary => "button button-secondary",
        }
    }
}

#[component]
pub fn Button(
    children: Children,
    #[prop(default = ButtonStyle::Primary)] style: ButtonStyle,
    #[prop(default = "submit")] button_type: &'static str,
    #[prop(optional)] name: Option<&'static str>,
    #[prop(optional)] value: Option<String>,
    #[prop(optional)] data_element: Option<&'static str>,
) -> impl IntoView {
    view! {
        <button class=style.class() type=button_type name=name value=value data-element=data_element>
            {children()}
        </button>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlertKind {
    Info,
    Success,
    Warning,
    Error,
}

/// A message box. Success and info are polite status messages; errors are alerts.
#[component]
pub fn Alert(kind: AlertKind, children: Children) -> impl IntoView {
    let (class, role) = match kind {
        AlertKind::Info => ("alert alert-info", "status"),
        AlertKind::Success => ("alert alert-success", "status"),
        AlertKind::Warning => ("alert alert-warning", "status"),
        AlertKind::Error => ("alert alert-error", "alert"),
    };
    view! { <div class=class role=role>{children()}</div> }
}

/// A card linking to a page: the whole title is the link target.
#[component]
pub fn Card(
    title: String,
    href: String,
    text: String,
    #[prop(default = "h3")] heading_level: &'static str,
    #[prop(optional)] data_element: Option<&'static str>,
) -> impl IntoView {
    let link = view! { <a class="card-link" href=href data-element=data_element>{title}</a> };
    let heading = match heading_level {
        "h2" => view! { <h2 class="card-title">{link}</h2> }.into_any(),
        _ => view! { <h3 class="card-title">{link}</h3> }.into_any(),
    };
    view! {
        <article class="card">
            {heading}
            <p class="mt-2 text-slate-700">{text}</p>
        </article>
    }
}

/// Shows where the citizen is in a multi-step form.
#[component]
pub fn StepIndicator(steps: Vec<String>, current: usize) -> impl IntoView {
    let total = steps.len();
    let position = t(Text::StepOf).replace("{n}", &(current + 1).to_string()).replace("{total}", &total.to_string());
    view! {
        <nav aria-label=t(Text::StepsLabel) class="steps">
            <p class="font-semibold">{position}</p>
            <ol class="mt-2 flex flex-wrap gap-2">
                {steps
                    .into_iter()
                    .enumerate()
                    .map(|(index, step)| {
                        let (class, state) = if index < current {
                            ("step step-done", Some(t(Text::StepCompleted)))
                        } else if index == current {
                            ("step step-current", Some(t(Text::StepCurrent)))
                        } else {
                            ("step", None)
                        };
                        view! {
                            <li class=class aria-current=(index == current).then_some("step")>
                                <span>{format!("{}. {step}", index + 1)}</span>
                                {state.map(|state| view! { <span class="sr-only">{format!(" ({state})")}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub key: String,
    pub value: String,
    pub change_href: Option<String>,
}

/// Answers shown back to the citizen, each with a "Modifica" link whose hidden
/// text names the question.
#[component]
pub fn SummaryList(rows: Vec<SummaryRow>) -> impl IntoView {
    view! {
        <dl class="summary-list">
            {rows
                .into_iter()
                .map(|row| {
                    let key = row.key.clone();
                    view! {
                        <div class="summary-row">
                            <dt class="font-semibold">{row.key}</dt>
                            <dd>{row.value}</dd>
                            <dd>
                                {row.change_href.map(|href| view! {
                                    <a class="link inline-flex min-h-11 items-center" href=href>
                                        {t(Text::ExampleChange)}<span class="sr-only">{format!(" {key}")}</span>
                                    </a>
                                })}
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// Paragraphs of content text.
#[component]
pub fn Paragraphs(paragraphs: Vec<String>) -> impl IntoView {
    paragraphs.into_iter().map(|paragraph| view! { <p class="mb-3">{paragraph}</p> }).collect_view()
}

/// A bulleted list of content items.
#[component]
pub fn BulletList(items: Vec<String>) -> impl IntoView {
    view! {
        <ul class="mb-3 list-disc space-y-1 pl-6">
            {items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
        </ul>
    }
}

/// A day and a time of day as one group (a date input and a time input,
/// which browsers without pickers take as typed): the pair is checked
/// together, so its error is the day's.
#[component]
pub fn DayAndTimeFields(legend: String, day_field: &'static str, time_field: &'static str, form: crate::auth::model::SubmittedForm) -> impl IntoView {
    view! {
        <fieldset class="mt-4">
            <legend class="font-bold">{legend}</legend>
            <TextField id=day_field.to_string() name=day_field.to_string() label=t(Text::DayLabel).to_string()
                input_type="date" error=form.error(day_field).unwrap_or_default() value=form.value(day_field)/>
            <TextField id=time_field.to_string() name=time_field.to_string() label=t(Text::TimeOfDayLabel).to_string()
                hint=t(Text::TimeOfDayHint).to_string() input_type="time" value=form.value(time_field)/>
        </fieldset>
    }
}

/// The hidden CSRF field every state-changing form carries.
#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name="csrf" value=crate::http_context::csrf_token()/> }
}

/// The error summary of a form answered with its errors, or nothing.
#[component]
pub fn SubmittedFormErrors(form: crate::auth::model::SubmittedForm) -> impl IntoView {
    (!form.errors.is_empty()).then(|| {
        let entries = form.errors.iter().map(|(field, message)| ErrorSummaryEntry { message: message.clone(), field_id: field.clone() }).collect::<Vec<_>>();
        view! { <ErrorSummary id="error-summary" entries=entries/> }
    })
}

/// Previous / "page X of Y" / next under a paged list. The links keep the
/// filters the list was asked with (`filters`) and set `pagina`.
#[component]
pub fn ResultPages(path: &'static str, filters: Vec<(&'static str, String)>, page: u32, total: u64, page_size: u32) -> impl IntoView {
    let pages = u32::try_from(total.div_ceil(u64::from(page_size.max(1)))).unwrap_or(u32::MAX).max(1);
    let link_to = move |target: u32| {
        let mut pairs = filters.clone();
        pairs.push(("pagina", target.to_string()));
        crate::http_context::link_with_query(path, &pairs)
    };
    let previous = (page > 1).then(|| link_to(page - 1));
    let next = (page < pages).then(|| link_to(page + 1));
    view! {
        <nav class="mt-4 flex gap-4" aria-label=t(Text::InboxPages)>
            {previous.map(|href| view! { <a class="link inline-flex min-h-11 items-center" href=href>{t(Text::InboxPrevious)}</a> })}
            <span class="inline-flex min-h-11 items-center">{t(Text::InboxPageOf).replace("{page}", &page.to_string()).replace("{pages}", &pages.to_string())}</span>
            {next.map(|href| view! { <a class="link inline-flex min-h-11 items-center" href=href>{t(Text::InboxNext)}</a> })}
        </nav>
    }
}
