//! The complaints' pages: the form anyone sends (each standard linked, the
//! missed one chosen), the office's list (the overdue flagged), a
//! complaint's page with the verdict and the compensation's handover, the
//! registration of one received by email, phone, letter or in person, the
//! administrators' inventory, and the citizen's choice from the mailed
//! link. Every form posts without JavaScript.

use super::forms::*;
use super::model::*;
use super::server_functions::{get_compensation_choice, get_compensation_inventory, get_office_complaint, get_office_complaints};
use crate::auth::model::SubmittedForm;
use crate::components::*;
use crate::guide::pages::{form_page_title, loading, page_title, NotFoundPage, ServiceUnavailable};
use crate::http_context::query_parameter;
use crate::i18n::{format_date_long, t, use_locale, Locale, Text};
use crate::listening::model::{RequestChannel, Timeliness};
use crate::listening::pages::channel_text;
use crate::practices::calendar::italian_date_time_of_unix_seconds;
use crate::routes::{
    path_with, ADMINISTRATION_PATH, CLERK_COMPLAINTS_PATH, CLERK_COMPLAINT_PATH, CLERK_NEW_COMPLAINT_PATH, COMPENSATION_CHOICE_PATH,
    COMPENSATION_INVENTORY_PATH, COMPLAINT_PATH, STANDARDS_PATH,
};
use crate::standards::model::StandardCode;
use crate::standards::pages::standard_texts;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn kind_text(kind: ComplaintKind) -> Text {
    match kind {
        ComplaintKind::Complaint => Text::ComplaintKindComplaint,
        ComplaintKind::Suggestion => Text::ComplaintKindSuggestion,
    }
}

pub fn compensation_kind_text(kind: &str) -> Text {
    match CompensationKind::parse(kind) {
        Some(CompensationKind::PoolTicket) => Text::CompensationKindPool,
        Some(CompensationKind::EventTicket) => Text::CompensationKindEvent,
        _ => Text::CompensationKindPublication,
    }
}

fn compensation_state_text(state: CompensationState) -> Option<Text> {
    match state {
        CompensationState::NotDue => None,
        CompensationState::Open => Some(Text::CompensationStateOpen),
        CompensationState::Chosen => Some(Text::CompensationStateChosen),
        CompensationState::HandedOver => Some(Text::CompensationStateHandedOver),
        CompensationState::Lapsed => Some(Text::CompensationStateLapsed),
    }
}

fn state_badge(complaint: &ComplaintView) -> impl IntoView {
    let (class, text) = match complaint.timeliness() {
        Timeliness::AnsweredLate => ("badge badge-inactive", Text::InformationAnsweredLate),
        Timeliness::AnsweredInTime => ("badge badge-active", Text::InformationAnswered),
        Timeliness::Overdue => ("badge badge-inactive", Text::InformationOverdue),
        Timeliness::Open => ("badge", Text::InformationAwaiting),
    };
    view! { <span class=class>{t(text)}</span> }
}

fn standard_anchor(code: StandardCode) -> String {
    format!("{STANDARDS_PATH}#{}", code.slug())
}

/// The fields every complaint has: what kind, who, the standard missed, the text.
#[component]
fn ComplaintFields(form: SubmittedForm, name: String, standard: String) -> impl IntoView {
    let fresh = form.values.is_empty();
    let name = if fresh { name } else { form.value(NAME_FIELD) };
    let standard = if fresh { standard } else { form.value(STANDARD_FIELD) };
    let kind = if fresh { ComplaintKind::Complaint.code().to_string() } else { form.value(KIND_FIELD) };
    let kind_error = form.error(KIND_FIELD);
    let kind_class = if kind_error.is_some() { "field field-error" } else { "field" };
    let standards: Vec<(String, String)> = StandardCode::ALL.iter().map(|code| (code.slug().to_string(), t(standard_texts(*code).0).to_string())).collect();
    view! {
        <fieldset class=kind_class id=KIND_FIELD>
            <legend class="field-label">{t(Text::ComplaintKindLegend)}</legend>
            {kind_error.map(|error| view! { <p class="field-error-message"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
            {ComplaintKind::ALL.into_iter().map(|option| {
                let id = format!("{KIND_FIELD}-{}", option.code());
                let checked = kind == option.code();
                view! {
                    <div class="choice">
                        <input class="choice-input" type="radio" id=id.clone() name=KIND_FIELD value=option.code() checked=checked/>
                        <label class="choice-label" for=id>{t(kind_text(option))}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
        <TextField id=NAME_FIELD.to_string() name=NAME_FIELD.to_string() label=t(Text::InformationNameLabel).to_string()
            error=form.error(NAME_FIELD).unwrap_or_default() value=name maxlength=100 autocomplete="name"/>
        <TextField id=EMAIL_FIELD.to_string() name=EMAIL_FIELD.to_string() label=t(Text::InformationEmailLabel).to_string()
            hint=t(Text::ComplaintEmailHint).to_string() error=form.error(EMAIL_FIELD).unwrap_or_default() value=form.value(EMAIL_FIELD)
            input_type="email" maxlength=254 autocomplete="email"/>
        <SelectField id=STANDARD_FIELD label=t(Text::ComplaintStandardLabel).to_string() hint=t(Text::ComplaintStandardHint).to_string()
            error=form.error(STANDARD_FIELD) value=standard empty=t(Text::ComplaintStandardNone).to_string() options=standards/>
        <TextAreaField id=TEXT_FIELD label=t(Text::ComplaintTextLabel).to_string() hint=t(Text::ComplaintTextHint).to_string()
            error=form.error(TEXT_FIELD) value=form.value(TEXT_FIELD) maxlength=TEXT_MAX_CHARS rows=8/>
    }
}

/// The charter's standards, each linked to its figures: what a complaint may say was missed.
#[component]
fn StandardsLinks() -> impl IntoView {
    view! {
        <section class="mt-8" aria-labelledby="standard-della-carta">
            <h2 class="section-title" id="standard-della-carta">{t(Text::ComplaintStandardsTitle)}</h2>
            <ul class="mt-2 list-disc pl-6">
                {StandardCode::ALL.into_iter().map(|code| {
                    let (name, _, target) = standard_texts(code);
                    view! {
                        <li><a class="link inline-flex min-h-11 items-center" href=standard_anchor(code)>{format!("{} — {}", t(name), t(target))}</a></li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// "Reclami e suggerimenti": anyone, signed in or not; answered within 30
/// working days by email.
#[component]
pub fn ComplaintPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let user = crate::http_context::current_user();
    let sent = query_parameter("inviato");
    let due = query_parameter("entro").unwrap_or_default();
    let standard = query_parameter("standard").filter(|slug| StandardCode::parse(slug).is_some()).unwrap_or_default();
    let title = Text::ComplaintTitle.in_locale(locale);
    let privacy_error = form.error(PRIVACY_FIELD);
    let privacy_checked = form.value(PRIVACY_FIELD) == "si";
    let privacy_class = if privacy_error.is_some() { "field field-error mt-6" } else { "field mt-6" };
    let name = user.map(|user| user.full_name()).unwrap_or_default();
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">
            {sent.map(|number| view! {
                <Alert kind=AlertKind::Success>
                    {Text::ComplaintSent.fill(locale, &[("number", &number), ("due", &format_date_long(&due, locale))])}
                </Alert>
            })}
        </div>
        <p class="lead">{t(Text::ComplaintIntro)}</p>
        <p>{t(Text::ComplaintCompensationNote)}</p>
        <form method="post" action=COMPLAINT_PATH novalidate=true class="mt-6 max-w-2xl">
            <CsrfField/>
            <ComplaintFields form=form.clone() name=name standard=standard/>
            <div class=privacy_class>
                <p>{t(Text::ComplaintPrivacyNotice)}" "<a class="link" href="/info/privacy">{t(Text::ReportPrivacyLink)}</a></p>
                {privacy_error.map(|error| view! {
                    <p class="field-error-message" id="privacy-error"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p>
                })}
                <div class="choice">
                    <input class="choice-input" type="checkbox" id=PRIVACY_FIELD name=PRIVACY_FIELD value="si" checked=privacy_checked/>
                    <label class="choice-label" for=PRIVACY_FIELD>{t(Text::ReportPrivacyLabel)}</label>
                </div>
            </div>
            <Button>{t(Text::ComplaintSendButton)}</Button>
        </form>
        <StandardsLinks/>
    }
}

/// The office's list: unanswered first, oldest due first; the overdue flagged.
#[component]
pub fn ClerkComplaintsPage() -> impl IntoView {
    let locale = use_locale();
    let complaints = Resource::new(|| (), |_| get_office_complaints());
    let title = Text::ClerkComplaintsTitle.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::ClerkTitle.in_locale(locale), "/operatore"), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <p><a class="link inline-flex min-h-11 items-center" href=CLERK_NEW_COMPLAINT_PATH>{t(Text::ClerkNewComplaintTitle)}</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(complaints) = complaints.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                if complaints.is_empty() {
                    return view! { <p>{t(Text::ClerkComplaintsEmpty)}</p> }.into_any();
                }
                view! {
                    <div class="mt-4 overflow-x-auto">
                        <table class="table w-full">
                            <caption class="sr-only">{title}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t(Text::InformationNumberLabel)}</th>
                                    <th scope="col">{t(Text::ComplaintKindLegend)}</th>
                                    <th scope="col">{t(Text::InformationReceivedLabel)}</th>
                                    <th scope="col">{t(Text::InformationDueLabel)}</th>
                                    <th scope="col">{t(Text::InformationStateLabel)}</th>
                                    <th scope="col">{t(Text::CompensationLabel)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {complaints.into_iter().map(|complaint| {
                                    let href = path_with(CLERK_COMPLAINT_PATH, &[&complaint.number]);
                                    view! {
                                        <tr>
                                            <td><a class="link inline-flex min-h-11 items-center" href=href>{complaint.number.clone()}</a></td>
                                            <td>{t(kind_text(complaint.kind))}</td>
                                            <td>{italian_date_time_of_unix_seconds(complaint.received_at)}</td>
                                            <td>{format_date_long(&complaint.due_on, locale)}</td>
                                            <td>{state_badge(&complaint)}</td>
                                            <td>{compensation_state_text(complaint.compensation).map(t)}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

fn verdict_text(verdict: Verdict) -> Text {
    match verdict {
        Verdict::Founded => Text::ComplaintFounded,
        Verdict::NotFounded => Text::ComplaintNotFounded,
        Verdict::Answered => Text::ComplaintAnswered,
    }
}

/// A complaint, its answer and its compensation, as the office reads it.
#[component]
fn ComplaintDetails(complaint: ComplaintView) -> impl IntoView {
    let locale = use_locale();
    let channel = RequestChannel::parse(&complaint.channel).map(|channel| t(channel_text(channel))).unwrap_or_default();
    let standard = complaint.standard.as_deref().and_then(StandardCode::parse);
    view! {
        <dl class="definition-list mt-4">
            <dt>{t(Text::InformationNumberLabel)}</dt><dd>{complaint.number.clone()}</dd>
            <dt>{t(Text::ComplaintKindLegend)}</dt><dd>{t(kind_text(complaint.kind))}</dd>
            <dt>{t(Text::InformationReceivedLabel)}</dt><dd>{italian_date_time_of_unix_seconds(complaint.received_at)}</dd>
            <dt>{t(Text::InformationChannelLabel)}</dt><dd>{channel}</dd>
            <dt>{t(Text::InformationNameLabel)}</dt><dd>{complaint.name.clone()}</dd>
            <dt>{t(Text::InformationEmailLabel)}</dt><dd>{complaint.email.clone()}</dd>
            <dt>{t(Text::ComplaintStandardLabel)}</dt>
            <dd>{match standard {
                Some(code) => view! { <a class="link" href=standard_anchor(code)>{t(standard_texts(code).0)}</a> }.into_any(),
                None => t(Text::ComplaintStandardNone).into_any(),
            }}</dd>
            <dt>{t(Text::InformationDueLabel)}</dt><dd>{format_date_long(&complaint.due_on, locale)}" "{state_badge(&complaint)}</dd>
        </dl>
        <h2 class="section-title mt-6">{t(Text::ComplaintTextLabel)}</h2>
        <p class="whitespace-pre-line">{complaint.text.clone()}</p>
        {complaint.verdict.map(|verdict| view! {
            <h2 class="section-title mt-6">{t(Text::InformationAnswerTitle)}</h2>
            <p class="text-sm">{complaint.answered_at.map(italian_date_time_of_unix_seconds)}</p>
            <p class="font-bold">{t(verdict_text(verdict))}</p>
            <p class="whitespace-pre-line">{complaint.reason.clone()}</p>
        })}
    }
}

/// One complaint for the office (audited): the answer form until answered,
/// then the compensation's state and, once chosen, its handover.
#[component]
pub fn ClerkComplaintPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let number = params.with_untracked(|params| params.get("number").unwrap_or_default());
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let answered = query_parameter("risposta").is_some();
    let registered = query_parameter("registrato").is_some();
    let handed_over = query_parameter("consegnato").is_some();
    let complaint = Resource::new(move || number.clone(), get_office_complaint);
    let title = Text::ClerkComplaintTitle.in_locale(locale);
    view! {
        <Suspense fallback=loading>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    let complaint = match complaint.await {
                        Ok(Some(complaint)) => complaint,
                        Ok(None) => return view! { <NotFoundPage/> }.into_any(),
                        Err(_) => return view! { <ServiceUnavailable/> }.into_any(),
                    };
                    let heading = format!("{title} {}", complaint.number);
                    let action = path_with(CLERK_COMPLAINT_PATH, &[&complaint.number]);
                    let open = complaint.verdict.is_none();
                    let is_complaint = complaint.kind == ComplaintKind::Complaint;
                    let verdict_error = form.error(VERDICT_FIELD);
                    let verdict_class = if verdict_error.is_some() { "field field-error" } else { "field" };
                    let chosen_verdict = form.value(VERDICT_FIELD);
                    let compensation = complaint.compensation;
                    let until = complaint.compensation_until.clone().unwrap_or_default();
                    let chosen_item = complaint.chosen_item.clone().unwrap_or_default();
                    view! {
                        <PageTitle text=form_page_title(&[&heading], locale, has_errors)/>
                        <Breadcrumb items=vec![
                            BreadcrumbItem::link(Text::ClerkComplaintsTitle.in_locale(locale), CLERK_COMPLAINTS_PATH),
                            BreadcrumbItem::current(heading.clone()),
                        ]/>
                        <h1 class="page-title">{heading.clone()}</h1>
                        <SubmittedFormErrors form=form.clone()/>
                        <div aria-live="polite">
                            {answered.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::ComplaintAnswerSent)}</Alert> })}
                            {registered.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::ComplaintRegistered)}</Alert> })}
                            {handed_over.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::CompensationHandedOverNoted)}</Alert> })}
                        </div>
                        <ComplaintDetails complaint=complaint/>
                        {compensation_state_text(compensation).map(|state| view! {
                            <section class="mt-6" aria-labelledby="indennizzo">
                                <h2 class="section-title" id="indennizzo">{t(Text::CompensationLabel)}</h2>
                                <p>{t(state)}</p>
                                <p>{Text::CompensationUntil.fill(locale, &[("until", &format_date_long(&until, locale))])}</p>
                                {(!chosen_item.is_empty()).then(|| view! { <p>{Text::CompensationChosenItem.fill(locale, &[("item", &chosen_item)])}</p> })}
                                {(compensation == CompensationState::Chosen).then(|| view! {
                                    <form method="post" action=action.clone() class="mt-4">
                                        <CsrfField/>
                                        <input type="hidden" name=ACTION_FIELD value=HAND_OVER_ACTION/>
                                        <Button>{t(Text::CompensationHandOverButton)}</Button>
                                    </form>
                                })}
                            </section>
                        })}
                        {open.then(|| view! {
                            <form method="post" action=action.clone() novalidate=true class="mt-6 max-w-2xl">
                                <CsrfField/>
                                <input type="hidden" name=ACTION_FIELD value=JUDGE_ACTION/>
                                {is_complaint.then(|| view! {
                                    <fieldset class=verdict_class id=VERDICT_FIELD>
                                        <legend class="field-label">{t(Text::ComplaintVerdictLegend)}</legend>
                                        {verdict_error.clone().map(|error| view! { <p class="field-error-message"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                                        <div class="choice">
                                            <input class="choice-input" type="radio" id="esito-fondato" name=VERDICT_FIELD value=FOUNDED checked={chosen_verdict == FOUNDED}/>
                                            <label class="choice-label" for="esito-fondato">{t(Text::ComplaintFounded)}</label>
                                        </div>
                                        <div class="choice">
                                            <input class="choice-input" type="radio" id="esito-infondato" name=VERDICT_FIELD value=NOT_FOUNDED checked={chosen_verdict == NOT_FOUNDED}/>
                                            <label class="choice-label" for="esito-infondato">{t(Text::ComplaintNotFounded)}</label>
                                        </div>
                                    </fieldset>
                                })}
                                <TextAreaField id=REASON_FIELD label=t(if is_complaint { Text::ComplaintReasonLabel } else { Text::InformationAnswerLabel }).to_string()
                                    hint=t(Text::ComplaintReasonHint).to_string() error=form.error(REASON_FIELD) value=form.value(REASON_FIELD)
                                    maxlength=REASON_MAX_CHARS rows=8/>
                                <Button>{t(Text::InformationAnswerButton)}</Button>
                            </form>
                        })}
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

/// One received by email, phone, letter or in person, registered with its
/// channel and the time it arrived.
#[component]
pub fn ClerkNewComplaintPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let title = Text::ClerkNewComplaintTitle.in_locale(locale);
    let channels: Vec<(String, String)> =
        RequestChannel::REGISTERED.iter().map(|channel| (channel.code().to_string(), t(channel_text(*channel)).to_string())).collect();
    let channel = if form.values.is_empty() { RequestChannel::Email.code().to_string() } else { form.value(CHANNEL_FIELD) };
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::ClerkComplaintsTitle.in_locale(locale), CLERK_COMPLAINTS_PATH), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <p class="lead">{t(Text::ClerkNewComplaintIntro)}</p>
        <form method="post" action=CLERK_NEW_COMPLAINT_PATH novalidate=true class="mt-6 max-w-2xl">
            <CsrfField/>
            <SelectField id=CHANNEL_FIELD label=t(Text::InformationChannelLabel).to_string() error=form.error(CHANNEL_FIELD)
                value=channel empty=t(Text::InformationChannelChoose).to_string() options=channels/>
            <DayAndTimeFields legend=t(Text::InformationReceivedLegend).to_string() day_field=RECEIVED_DATE_FIELD time_field=RECEIVED_TIME_FIELD
                form=form.clone()/>
            <ComplaintFields form=form.clone() name=String::new() standard=String::new()/>
            <Button>{t(Text::ComplaintRegisterButton)}</Button>
        </form>
    }
}

/// The administrators' inventory of compensations: what there is, how many
/// are left (a citizen's choice takes one), a new item.
#[component]
pub fn CompensationInventoryPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let added = query_parameter("aggiunto").is_some();
    let updated = query_parameter("aggiornato").is_some();
    let inventory = Resource::new(|| (), |_| get_compensation_inventory());
    let title = Text::CompensationInventoryTitle.in_locale(locale);
    let kinds: Vec<(String, String)> =
        CompensationKind::ALL.iter().map(|kind| (kind.code().to_string(), t(compensation_kind_text(kind.code())).to_string())).collect();
    let adding = form.value(ACTION_FIELD) == ADD_ITEM_ACTION;
    let (kind, description, quantity) =
        if adding { (form.value(ITEM_KIND_FIELD), form.value(DESCRIPTION_FIELD), form.value(QUANTITY_FIELD)) } else { Default::default() };
    // The add form shows only its own errors (a row's quantity has its own field).
    let add_error = |field: &str| if adding { form.error(field) } else { None };
    let (kind_error, description_error, quantity_error) = (add_error(ITEM_KIND_FIELD), add_error(DESCRIPTION_FIELD), add_error(QUANTITY_FIELD));
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::AdministrationTitle.in_locale(locale), ADMINISTRATION_PATH), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">
            {added.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::CompensationItemAdded)}</Alert> })}
            {updated.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::CompensationItemUpdated)}</Alert> })}
        </div>
        <p class="lead">{t(Text::CompensationInventoryIntro)}</p>
        <section class="mt-6" aria-labelledby="voci-indennizzo">
            <h2 class="section-title" id="voci-indennizzo">{t(Text::CompensationItemsTitle)}</h2>
            <Suspense fallback=loading>
                {move || {
                    let form = form.clone();
                    Suspend::new(async move {
                        let Ok(items) = inventory.await else {
                            return view! { <ServiceUnavailable/> }.into_any();
                        };
                        if items.is_empty() {
                            return view! { <p>{t(Text::CompensationItemsEmpty)}</p> }.into_any();
                        }
                        view! {
                            <ul class="grid gap-4">
                                {items.into_iter().map(|item| {
                                    let field = format!("{QUANTITY_FIELD}-{}", item.id);
                                    let error = form.error(&field).unwrap_or_default();
                                    let value = if form.value(ITEM_FIELD) == item.id { form.value(QUANTITY_FIELD) } else { item.available.to_string() };
                                    let label = Text::CompensationAvailableOf.fill(locale, &[("item", &item.description)]);
                                    view! {
                                        <li class="card">
                                            <p class="font-bold">{item.description.clone()}</p>
                                            <p>{t(compensation_kind_text(&item.kind))}</p>
                                            <form method="post" action=COMPENSATION_INVENTORY_PATH novalidate=true class="mt-2 max-w-md">
                                                <CsrfField/>
                                                <input type="hidden" name=ACTION_FIELD value=UPDATE_ITEM_ACTION/>
                                                <input type="hidden" name=ITEM_FIELD value=item.id.clone()/>
                                                <TextField id=field name=QUANTITY_FIELD.to_string() label=label error=error value=value inputmode="numeric" maxlength=5/>
                                                <Button style=ButtonStyle::Secondary>
                                                    {t(Text::CompensationSaveButton)}<span class="sr-only">{format!(" — {}", item.description)}</span>
                                                </Button>
                                            </form>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                }}
            </Suspense>
        </section>
        <form method="post" action=COMPENSATION_INVENTORY_PATH novalidate=true class="mt-8 max-w-2xl" aria-labelledby="nuova-voce">
            <h2 class="section-title" id="nuova-voce">{t(Text::CompensationNewItemTitle)}</h2>
            <CsrfField/>
            <input type="hidden" name=ACTION_FIELD value=ADD_ITEM_ACTION/>
            <SelectField id=ITEM_KIND_FIELD label=t(Text::CompensationKindLabel).to_string() error=kind_error
                value=kind empty=t(Text::CompensationKindChoose).to_string() options=kinds/>
            <TextField id=DESCRIPTION_FIELD.to_string() name=DESCRIPTION_FIELD.to_string() label=t(Text::CompensationDescriptionLabel).to_string()
                hint=t(Text::CompensationDescriptionHint).to_string() error=description_error.unwrap_or_default() value=description
                maxlength=ITEM_DESCRIPTION_MAX_CHARS/>
            <TextField id=QUANTITY_FIELD.to_string() name=QUANTITY_FIELD.to_string() label=t(Text::CompensationQuantityLabel).to_string()
                error=quantity_error.unwrap_or_default() value=quantity inputmode="numeric" maxlength=5/>
            <Button>{t(Text::CompensationAddButton)}</Button>
        </form>
    }
}

/// The citizen's choice (`/ascolto/indennizzo?chiave=…`, the mailed link):
/// no login; whoever holds the code of a founded complaint chooses once,
/// among the items still available, until the last day.
#[component]
pub fn CompensationChoicePage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let code = query_parameter(CODE_FIELD).unwrap_or_else(|| form.value(CODE_FIELD));
    let chosen_now = query_parameter("scelto").is_some();
    let choice = Resource::new(move || code.clone(), get_compensation_choice);
    let title = Text::CompensationChoiceTitle.in_locale(locale);
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::ComplaintTitle.in_locale(locale), COMPLAINT_PATH), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">{chosen_now.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::CompensationChosenNow)}</Alert> })}</div>
        <Suspense fallback=loading>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    let choice = match choice.await {
                        Ok(Some(choice)) => choice,
                        Ok(None) => return view! { <Alert kind=AlertKind::Warning>{t(Text::CompensationLinkInvalid)}</Alert> }.into_any(),
                        Err(_) => return view! { <ServiceUnavailable/> }.into_any(),
                    };
                    choice_body(choice, form, locale)
                })
            }}
        </Suspense>
    }
}

fn choice_body(choice: CompensationChoiceView, form: SubmittedForm, locale: Locale) -> AnyView {
    let until = format_date_long(&choice.until, locale);
    let intro = Text::CompensationChoiceIntro.fill(locale, &[("name", &choice.name), ("number", &choice.number), ("until", &until)]);
    let item = choice.chosen_item.clone().unwrap_or_default();
    match choice.state {
        CompensationState::Chosen => view! { <p class="lead">{Text::CompensationChosenCollect.fill(locale, &[("item", &item)])}</p> }.into_any(),
        CompensationState::HandedOver => view! { <p class="lead">{Text::CompensationHandedOverText.fill(locale, &[("item", &item)])}</p> }.into_any(),
        CompensationState::Lapsed | CompensationState::NotDue => {
            view! { <p class="lead">{Text::CompensationLapsedText.fill(locale, &[("number", &choice.number), ("until", &until)])}</p> }.into_any()
        }
        CompensationState::Open if choice.items.is_empty() => view! {
            <p class="lead">{intro}</p>
            <Alert kind=AlertKind::Info>{Text::CompensationNoneAvailable.fill(locale, &[("until", &until)])}</Alert>
        }
        .into_any(),
        CompensationState::Open => {
            let error = form.error(ITEM_FIELD);
            let class = if error.is_some() { "field field-error" } else { "field" };
            let picked = form.value(ITEM_FIELD);
            let code = form.value(CODE_FIELD);
            let code = if code.is_empty() { query_parameter(CODE_FIELD).unwrap_or_default() } else { code };
            view! {
                <p class="lead">{intro}</p>
                <form method="post" action=COMPENSATION_CHOICE_PATH novalidate=true class="mt-6 max-w-2xl">
                    <CsrfField/>
                    <input type="hidden" name=CODE_FIELD value=code/>
                    <fieldset class=class id=ITEM_FIELD>
                        <legend class="field-label">{t(Text::CompensationChoiceLegend)}</legend>
                        {error.map(|error| view! { <p class="field-error-message"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                        {choice.items.into_iter().map(|item| {
                            let id = format!("{ITEM_FIELD}-{}", item.id);
                            let checked = picked == item.id;
                            let label = format!("{} ({})", item.description, t(compensation_kind_text(&item.kind)));
                            view! {
                                <div class="choice">
                                    <input class="choice-input" type="radio" id=id.clone() name=ITEM_FIELD value=item.id.clone() checked=checked/>
                                    <label class="choice-label" for=id>{label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <Button>{t(Text::CompensationChooseButton)}</Button>
                </form>
            }
            .into_any()
        }
    }
}
