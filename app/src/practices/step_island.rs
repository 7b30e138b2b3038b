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
//! connection is back; a page reloaded meanwhile gets them back. When the
//! post carries files, the island sends it itself to show a progress bar
//! beside the button; the server answers with data (where to go next, or
//! the problems), and the island goes there or shows them the same way.

use super::answers::Answers;
use super::model::IdentityPrefill;
use super::procedure::ProcedureDefinition;
use crate::i18n::Locale;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Id of the step's form, which the island finds in the page.
pub const STEP_FORM_ID: &str = "modulo-passo";
/// The value of the step's main button (the others add, remove or upload).
pub use super::step_action::CONTINUE_ACTION;

/// Sent by the island when it posts the step itself (to show the upload's
/// progress): the server then answers `{"location": …}` or, with 422,
/// `{"problems": [[path, message], …]}` instead of a redirect or a page.
pub const STEP_POST_BY_SCRIPT_HEADER: &str = "x-sportello-invio-da-script";

/// Words the island shows, computed on the server like the search island's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepCheckLabels {
    pub summary_title: String,
    /// "Errore: " before messages (read by screen readers) and the page title.
    pub error_prefix: String,
    pub kept_offline: String,
    pub restored: String,
    /// "Caricamento di {file}": names the progress bar.
    pub uploading: String,
    pub upload_done: String,
    pub upload_failed: String,
}

#[island(lazy)]
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
            uploading: labels.uploading.clone(),
            upload_done: labels.upload_done.clone(),
            upload_failed: labels.upload_failed.clone(),
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
    use super::{CONTINUE_ACTION, STEP_FORM_ID, STEP_POST_BY_SCRIPT_HEADER};
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
        pub uploading: String,
        pub upload_done: String,
        pub upload_failed: String,
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
        let described: Vec<String> =
            control.get_attribute("aria-describedby").unwrap_or_default().split_whitespace().filter(|token| *token != message_id).map(str::to_string).collect();
        let field = control.closest(".field").ok().flatten();
        match message {
            None => {
                let _ = control.remove_attribute("aria-invalid");
                let _ = if described.is_empty() {
                    control.remove_attribute("aria-describedby")
                } else {
                    control.set_attribute("aria-describedby", &described.join(" "))
                };
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
        let message_of =
            |problems: &[FieldError], path: &str, locale: Locale| problems.iter().find(|problem| problem.path == path).map(|problem| problem.message(locale));

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

        // Problems (path, message) shown the way the server's page shows
        // them: each beside its field, the summary first and focused.
        let present_context = context.clone();
        let present = Rc::new(move |found: Vec<(String, String)>| {
            // The server's summary of an earlier post would say something else now.
            if let Some(old) = document().query_selector(".error-summary:not([data-client])").ok().flatten() {
                if old.id() == "error-summary" {
                    old.remove();
                }
            }
            let mut shown = Vec::new();
            for (path, message) in found {
                show_message(&path, Some(&message), &present_context.error_prefix);
                shown.push((input_id(&path), message));
            }
            problems.set(shown);
            let document = document();
            let title = document.title();
            if !title.starts_with(&present_context.error_prefix) {
                document.set_title(&format!("{}{title}", present_context.error_prefix));
            }
            request_animation_frame(move || {
                if let Some(summary) = summary.get_untracked() {
                    let _ = summary.focus();
                }
            });
        });

        // "Salva e continua" with mistakes: the summary first, focused; nothing is sent.
        // A post with files goes through the island, with its progress shown.
        let submit_form = form.clone();
        let uploading = Rc::new(std::cell::Cell::new(false));
        let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            if uploading.get() {
                // One post at a time: a second click waits for the first.
                event.prevent_default();
                return;
            }
            let submitter = event.dyn_ref::<web_sys::SubmitEvent>().and_then(|submit| submit.submitter());
            let action = submitter.as_ref().and_then(|button| button.get_attribute("value"));
            let online = web_sys::window().map(|window| window.navigator().on_line()).unwrap_or(true);
            if action.as_deref() == Some(CONTINUE_ACTION) {
                let found = context.problems(&submit_form);
                if !found.is_empty() {
                    event.prevent_default();
                    present(found.iter().map(|problem| (problem.path.clone(), problem.message(context.locale))).collect());
                    return;
                }
                if !online {
                    event.prevent_default();
                    keep_on_device(&submit_form);
                    notice.set(context.kept_offline.clone());
                    return;
                }
                forget_on_device(&submit_form);
            }
            let files = chosen_file_names(&submit_form);
            if files.is_empty() || !online {
                return;
            }
            event.prevent_default();
            uploading.set(true);
            let upload = Upload {
                form: submit_form.clone(),
                submitter,
                file_names: files.join(", "),
                context: context.clone(),
                notice,
                present: present.clone(),
                uploading: uploading.clone(),
            };
            if upload.send().is_err() {
                uploading.set(false);
                notice.set(context.upload_failed.clone());
            }
        });
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
    }

    /// The names of the files chosen in the form's file inputs.
    fn chosen_file_names(form: &web_sys::HtmlFormElement) -> Vec<String> {
        let mut names = Vec::new();
        let Ok(inputs) = form.query_selector_all("input[type=file]") else { return names };
        for index in 0..inputs.length() {
            let Some(input) = inputs.item(index).and_then(|node| node.dyn_into::<web_sys::HtmlInputElement>().ok()) else { continue };
            let Some(files) = input.files() else { continue };
            for position in 0..files.length() {
                if let Some(file) = files.item(position) {
                    names.push(file.name());
                }
            }
        }
        names
    }

    /// Where the server said to go: another page, or this one again (an
    /// uploaded file now listed), which only a reload shows.
    fn go_to(location: &str) {
        let Some(window) = web_sys::window() else { return };
        let here = window.location();
        let (path, fragment) = location.split_once('#').map_or((location, None), |(path, fragment)| (path, Some(fragment)));
        let current = format!("{}{}", here.pathname().unwrap_or_default(), here.search().unwrap_or_default());
        if path == current {
            if let Some(fragment) = fragment {
                let _ = here.set_hash(fragment);
            }
            let _ = here.reload();
        } else {
            let _ = here.assign(location);
        }
    }

    /// Shows problems (field path, message) beside their fields and in the summary.
    type PresentProblems = dyn Fn(Vec<(String, String)>);

    /// One post of the step form, with files, sent by the island.
    struct Upload {
        form: web_sys::HtmlFormElement,
        submitter: Option<web_sys::HtmlElement>,
        file_names: String,
        context: StepContext,
        notice: RwSignal<String>,
        present: Rc<PresentProblems>,
        uploading: Rc<std::cell::Cell<bool>>,
    }

    impl Upload {
        fn send(self) -> Result<(), wasm_bindgen::JsValue> {
            let document = document();
            let data = web_sys::FormData::new_with_form(&self.form)?;
            if let Some(button) = &self.submitter {
                if let (Some(name), Some(value)) = (button.get_attribute("name"), button.get_attribute("value")) {
                    data.append_with_str(&name, &value)?;
                }
            }
            // The bar, labelled with the files' names, beside the button pressed.
            let container = document.create_element("div")?;
            container.set_class_name("upload-progress mt-2");
            let label = document.create_element("label")?;
            label.set_attribute("for", "avanzamento-caricamento")?;
            label.set_text_content(Some(&self.context.uploading.replace("{file}", &self.file_names)));
            let bar = document.create_element("progress")?;
            bar.set_id("avanzamento-caricamento");
            bar.set_attribute("max", "100")?;
            bar.set_attribute("value", "0")?;
            bar.set_class_name("upload-progress-bar");
            container.append_child(&label)?;
            container.append_child(&bar)?;
            match self.submitter.as_ref().and_then(|button| button.parent_element()) {
                Some(parent) => parent.after_with_node_1(&container)?,
                None => {
                    self.form.append_child(&container)?;
                }
            }
            self.notice.set(self.context.uploading.replace("{file}", &self.file_names));

            let request = web_sys::XmlHttpRequest::new()?;
            request.open_with_async("POST", &self.form.action(), true)?;
            request.set_request_header(STEP_POST_BY_SCRIPT_HEADER, "1")?;
            let progress_bar = bar.clone();
            let on_progress = Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
                if event.length_computable() && event.total() > 0.0 {
                    let percent = (event.loaded() / event.total() * 100.0).round().clamp(0.0, 100.0);
                    let _ = progress_bar.set_attribute("value", &format!("{percent}"));
                }
            });
            request.upload()?.add_event_listener_with_callback("progress", on_progress.as_ref().unchecked_ref())?;
            on_progress.forget();

            let answered = request.clone();
            let Upload { context, notice, present, uploading, .. } = self;
            let failed_notice = context.upload_failed.clone();
            let failed_container = container.clone();
            let failed_uploading = uploading.clone();
            let on_load = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                let answer = answered.response_text().ok().flatten().and_then(|text| js_sys::JSON::parse(&text).ok());
                let location = answer.as_ref().and_then(|answer| js_sys::Reflect::get(answer, &"location".into()).ok()).and_then(|value| value.as_string());
                let problems = answer.as_ref().and_then(|answer| js_sys::Reflect::get(answer, &"problems".into()).ok()).filter(|value| value.is_object());
                if let Some(location) = location {
                    let _ = bar.set_attribute("value", "100");
                    notice.set(context.upload_done.clone());
                    go_to(&location);
                    return;
                }
                container.remove();
                uploading.set(false);
                match problems {
                    Some(list) => {
                        let list: js_sys::Array = list.unchecked_into();
                        let found: Vec<(String, String)> = list
                            .iter()
                            .filter_map(|pair| {
                                let pair: js_sys::Array = pair.unchecked_into();
                                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
                            })
                            .collect();
                        notice.set(String::new());
                        present(found);
                    }
                    // Not an answer of the step: a session that expired was sent
                    // to the login page, which is where the person must go.
                    None => {
                        let url = answered.response_url();
                        if url.contains("/accedi") {
                            go_to(&url);
                        } else {
                            notice.set(context.upload_failed.clone());
                        }
                    }
                }
            });
            request.add_event_listener_with_callback("load", on_load.as_ref().unchecked_ref())?;
            on_load.forget();
            let on_failure = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                failed_container.remove();
                failed_uploading.set(false);
                notice.set(failed_notice.clone());
            });
            for kind in ["error", "abort", "timeout"] {
                request.add_event_listener_with_callback(kind, on_failure.as_ref().unchecked_ref())?;
            }
            on_failure.forget();
            request.send_with_opt_form_data(Some(&data))?;
            Ok(())
        }
    }
}
