//! The wizard's checks in the browser: an island inside each step's form.
//!
//! Without JavaScript nothing changes: the server checks the step and answers
//! 422 with its messages. Once hydrated, the island runs the same engine
//! (`merge_step_answers` + `validate_step`, the functions the server runs)
//! on what the form holds: when a field is left, its message appears or
//! goes; while a field with a message is corrected, the message goes as soon
//! as the answer is right; "Salva e continua" with mistakes shows the error
//! summary first, focused, with links to the fields, and sends nothing. The
//! other buttons (add or remove an item, upload, remove a file) are never
//! held back. Offline (the installed PWA on a train), "Salva e continua"
//! keeps the step's answers on the device and sends them as soon as the
//! connection is back; a page reloaded meanwhile gets them back.

use super::answers::Answers;
use super::model::IdentityPrefill;
use super::procedure::ProcedureDefinition;
use crate::i18n::Locale;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Id of the step's form, which the island finds in the page.
pub const STEP_FORM_ID: &str = "modulo-passo";
/// The value of the step's main button (the others add, remove or upload).
pub const CONTINUE_ACTION: &str = "continua";

/// Words the island shows, computed on the server like the search island's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepCheckLabels {
    pub summary_title: String,
    /// "Errore: " before messages (read by screen readers) and the page title.
    pub error_prefix: String,
    pub kept_offline: String,
    pub restored: String,
}

#[island]
pub fn StepChecksInTheBrowser(
    definition: ProcedureDefinition,
    step_index: usize,
    stored: Answers,
    identity: IdentityPrefill,
    /// The server's day (ISO): date bounds as the server will apply them.
    today: String,
    locale: Locale,
    labels: StepCheckLabels,
) -> impl IntoView {
    let problems = RwSignal::new(Vec::<(String, String)>::new());
    let notice = RwSignal::new(String::new());
    let summary = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        let context = browser::StepContext {
            definition: std::rc::Rc::new(definition),
            step_index,
            stored: std::rc::Rc::new(stored),
            identity: std::rc::Rc::new(identity),
            today: super::validation::parse_date(&today).unwrap_or(time::Date::MIN),
            locale,
            error_prefix: labels.error_prefix.clone(),
            kept_offline: labels.kept_offline.clone(),
            restored: labels.restored.clone(),
        };
        Effect::new(move |_| browser::attach(context.clone(), problems, notice, summary));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (definition, step_index, stored, identity, today, locale);
    let title = labels.summary_title;
    view! {
        <p class="alert alert-info" role="status" aria-live="polite" hidden=move || notice.read().is_empty()>{move || notice.get()}</p>
        <Show when=move || !problems.read().is_empty()>
            <div class="error-summary" id="error-summary" data-client="si" role="alert" tabindex="-1" aria-labelledby="error-summary-title" node_ref=summary>
                <h2 class="text-lg font-bold" id="error-summary-title">{title.clone()}</h2>
                <ul class="mt-2 list-disc pl-6">
                    {move || problems.get().into_iter().map(|(id, message)| view! {
                        <li><a class="link" href=format!("#{id}")>{message}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::super::answers::Answers;
    use super::super::model::IdentityPrefill;
    use super::super::procedure::ProcedureDefinition;
    use super::super::validation::{merge_step_answers, validate_step, FieldError};
    use super::super::wizard_pages::input_id;
    use super::{CONTINUE_ACTION, STEP_FORM_ID};
    use crate::i18n::Locale;
    use leptos::prelude::*;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    #[derive(Clone)]
    pub struct StepContext {
        pub definition: Rc<ProcedureDefinition>,
        pub step_index: usize,
        pub stored: Rc<Answers>,
        pub identity: Rc<IdentityPrefill>,
        pub today: time::Date,
        pub locale: Locale,
        pub error_prefix: String,
        pub kept_offline: String,
        pub restored: String,
    }

    impl StepContext {
        /// The step's problems with what the form holds now.
        fn problems(&self, form: &web_sys::HtmlFormElement) -> Vec<FieldError> {
            let merged = merge_step_answers(&self.definition, self.step_index, &self.stored, &posted_answers(form), &self.identity);
            validate_step(&self.definition, self.step_index, &merged, self.today).err().unwrap_or_default()
        }
    }

    /// The form's text values as a post would send them (files are the server's business).
    fn posted_answers(form: &web_sys::HtmlFormElement) -> Answers {
        Answers::from_pairs(posted_pairs(form))
    }

    fn posted_pairs(form: &web_sys::HtmlFormElement) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        if let Ok(data) = web_sys::FormData::new_with_form(form) {
            if let Ok(Some(entries)) = js_sys::try_iter(&data) {
                for entry in entries.flatten() {
                    let entry: js_sys::Array = entry.unchecked_into();
                    if let (Some(name), Some(value)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
                        if name != "csrf" && name != "azione" {
                            pairs.push((name, value));
                        }
                    }
                }
            }
        }
        pairs
    }

    // Answers kept on the device while offline: pairs joined by the ASCII
    // unit and record separators, which answers never contain (the engine
    // refuses control characters).
    const UNIT: char = '\u{1f}';
    const RECORD: char = '\u{1e}';

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    fn storage_key(form: &web_sys::HtmlFormElement) -> String {
        format!("sportello-passo:{}", form.get_attribute("action").unwrap_or_default())
    }

    fn keep_on_device(form: &web_sys::HtmlFormElement) {
        let text: Vec<String> = posted_pairs(form).into_iter().map(|(name, value)| format!("{name}{UNIT}{value}")).collect();
        if let Some(storage) = storage() {
            let _ = storage.set_item(&storage_key(form), &text.join(&RECORD.to_string()));
        }
    }

    fn forget_on_device(form: &web_sys::HtmlFormElement) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&storage_key(form));
        }
    }

    /// Puts answers kept on the device back into the form; true if there were any.
    fn restore_from_device(form: &web_sys::HtmlFormElement) -> bool {
        let Some(text) = storage().and_then(|storage| storage.get_item(&storage_key(form)).ok().flatten()) else { return false };
        let pairs: Vec<(&str, &str)> = text.split(RECORD).filter_map(|pair| pair.split_once(UNIT)).collect();
        for (name, _) in &pairs {
            let Ok(controls) = form.query_selector_all(&format!("[name=\"{name}\"]")) else { continue };
            for index in 0..controls.length() {
                let Some(control) = controls.item(index) else { continue };
                let kind = js_sys::Reflect::get(&control, &"type".into()).ok().and_then(|kind| kind.as_string()).unwrap_or_default();
                if kind == "radio" || kind == "checkbox" {
                    let value = js_sys::Reflect::get(&control, &"value".into()).ok().and_then(|value| value.as_string()).unwrap_or_default();
                    let checked = pairs.iter().any(|(other, kept)| other == name && *kept == value);
                    let _ = js_sys::Reflect::set(&control, &"checked".into(), &checked.into());
                } else if kind != "file" {
                    let kept = pairs.iter().find(|(other, _)| other == name).map(|(_, kept)| *kept).unwrap_or_default();
                    let _ = js_sys::Reflect::set(&control, &"value".into(), &kept.into());
                }
            }
        }
        !pairs.is_empty()
    }

    /// Shows (or, with None, removes) the message of one field path, the way
    /// the server's page shows it: before the input, named by `aria-describedby`.
    fn show_message(path: &str, message: Option<&str>, error_prefix: &str) {
        let document = document();
        let id = input_id(path);
        let Some(control) = document.get_element_by_id(&id) else { return };
        let message_id = format!("{id}-error");
        if let Some(old) = document.get_element_by_id(&message_id) {
            old.remove();
        }
        let described: Vec<String> = control
            .get_attribute("aria-describedby")
            .unwrap_or_default()
            .split_whitespace()
            .filter(|token| *token != message_id)
            .map(str::to_string)
            .collect();
        let field = control.closest(".field").ok().flatten();
        match message {
            None => {
                let _ = control.remove_attribute("aria-invalid");
                let _ = if described.is_empty() { control.remove_attribute("aria-describedby") } else { control.set_attribute("aria-describedby", &described.join(" ")) };
                if let Some(field) = field {
                    let _ = field.class_list().remove_1("field-error");
                }
            }
            Some(message) => {
                let Ok(paragraph) = document.create_element("p") else { return };
                paragraph.set_id(&message_id);
                paragraph.set_class_name("field-error-message");
                paragraph.set_inner_html("");
                if let Ok(hidden) = document.create_element("span") {
                    hidden.set_class_name("sr-only");
                    hidden.set_text_content(Some(error_prefix));
                    let _ = paragraph.append_child(&hidden);
                }
                let _ = paragraph.append_child(&document.create_text_node(message));
                let _ = control.before_with_node_1(&paragraph);
                let _ = control.set_attribute("aria-invalid", "true");
                let mut described = described;
                described.push(message_id);
                let _ = control.set_attribute("aria-describedby", &described.join(" "));
                if let Some(field) = field {
                    let _ = field.class_list().add_1("field-error");
                }
            }
        }
    }

    fn field_name(event: &web_sys::Event) -> Option<String> {
        event.target()?.dyn_into::<web_sys::Element>().ok()?.get_attribute("name")
    }

    fn has_message(path: &str) -> bool {
        document().get_element_by_id(&format!("{}-error", input_id(path))).is_some()
    }

    pub fn attach(context: StepContext, problems: RwSignal<Vec<(String, String)>>, notice: RwSignal<String>, summary: NodeRef<leptos::html::Div>) {
        let Some(form) = document().get_element_by_id(STEP_FORM_ID).and_then(|element| element.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
            return;
        };
        if restore_from_device(&form) {
            notice.set(context.restored.clone());
        }
        // Back online: send what was kept (the post carries the page's CSRF token as usual).
        let online_form = form.clone();
        let on_online = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            let kept = storage().and_then(|storage| storage.get_item(&storage_key(&online_form)).ok().flatten()).is_some();
            if kept {
                forget_on_device(&online_form);
                let _ = online_form.request_submit();
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        }
        on_online.forget();
        let message_of = |problems: &[FieldError], path: &str, locale: Locale| {
            problems.iter().find(|problem| problem.path == path).map(|problem| problem.message(locale))
        };

        // Leaving a field: its message appears, or goes. While a pointer is
        // pressed (a click on another field or a button is under way) the
        // message waits until the click is done: inserted at once, it would
        // move the target from under the pointer.
        let pressing = Rc::new(std::cell::Cell::new(false));
        let waiting: Rc<std::cell::RefCell<Vec<String>>> = Rc::new(std::cell::RefCell::new(Vec::new()));
        let leave_context = context.clone();
        let leave_form = form.clone();
        let update = Rc::new(move |path: &str| {
            let found = leave_context.problems(&leave_form);
            show_message(path, message_of(&found, path, leave_context.locale).as_deref(), &leave_context.error_prefix);
        });
        let (leave_update, leave_pressing, leave_waiting) = (update.clone(), pressing.clone(), waiting.clone());
        let on_leave = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            let Some(path) = field_name(&event) else { return };
            if leave_pressing.get() {
                leave_waiting.borrow_mut().push(path);
            } else {
                leave_update(&path);
            }
        });
        let _ = form.add_event_listener_with_callback("focusout", on_leave.as_ref().unchecked_ref());
        on_leave.forget();
        let down_pressing = pressing.clone();
        let on_press = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| down_pressing.set(true));
        let (up_pressing, up_waiting, up_update) = (pressing, waiting, update);
        let on_release = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
            up_pressing.set(false);
            let (waiting, update) = (up_waiting.clone(), up_update.clone());
            // After the click this release ends has been handled.
            set_timeout(
                move || {
                    let paths: Vec<String> = waiting.borrow_mut().drain(..).collect();
                    for path in paths {
                        update(&path);
                    }
                },
                std::time::Duration::from_millis(0),
            );
        });
        let _ = document().add_event_listener_with_callback("pointerdown", on_press.as_ref().unchecked_ref());
        let _ = document().add_event_listener_with_callback("pointerup", on_release.as_ref().unchecked_ref());
        let _ = document().add_event_listener_with_callback("pointercancel", on_release.as_ref().unchecked_ref());
        on_press.forget();
        on_release.forget();

        // Correcting a field that has a message: it goes once the answer is right (no new messages while typing).
        let input_context = context.clone();
        let input_form = form.clone();
        let on_input = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            let Some(path) = field_name(&event) else { return };
            if !has_message(&path) {
                return;
            }
            let found = input_context.problems(&input_form);
            if message_of(&found, &path, input_context.locale).is_none() {
                show_message(&path, None, &input_context.error_prefix);
            }
        });
        let _ = form.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
        let _ = form.add_event_listener_with_callback("change", on_input.as_ref().unchecked_ref());
        on_input.forget();

        // "Salva e continua" with mistakes: the summary first, focused; nothing is sent.
        let submit_form = form.clone();
        let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            let action = event
                .dyn_ref::<web_sys::SubmitEvent>()
                .and_then(|submit| submit.submitter())
                .and_then(|button| button.get_attribute("value"));
            if action.as_deref() != Some(CONTINUE_ACTION) {
                return;
            }
            let found = context.problems(&submit_form);
            if found.is_empty() {
                let online = web_sys::window().map(|window| window.navigator().on_line()).unwrap_or(true);
                if online {
                    forget_on_device(&submit_form);
                } else {
                    event.prevent_default();
                    keep_on_device(&submit_form);
                    notice.set(context.kept_offline.clone());
                }
                return;
            }
            event.prevent_default();
            // The server's summary of an earlier post would say something else now.
            if let Some(old) = document().query_selector(".error-summary:not([data-client])").ok().flatten() {
                if old.id() == "error-summary" {
                    old.remove();
                }
            }
            let mut shown = Vec::new();
            for problem in &found {
                let message = problem.message(context.locale);
                show_message(&problem.path, Some(&message), &context.error_prefix);
                shown.push((input_id(&problem.path), message));
            }
            problems.set(shown);
            let document = document();
            let title = document.title();
            if !title.starts_with(&context.error_prefix) {
                document.set_title(&format!("{}{title}", context.error_prefix));
            }
            request_animation_frame(move || {
                if let Some(summary) = summary.get_untracked() {
                    let _ = summary.focus();
                }
            });
        });
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
    }
}
