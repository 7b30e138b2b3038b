//! The information requests' pages: the form anyone sends (signed in or
//! not), "Le mie richieste" in the personal area, the office's list (the
//! overdue flagged), a request's page with the answer form, and the
//! registration of a request received by email, phone, letter or at the
//! desk. Every form posts without JavaScript.

use super::forms::*;
use super::model::{InformationRequestView, RequestChannel, ANSWER_MAX_CHARS, QUESTION_MAX_CHARS};
use super::server_functions::{get_my_information_requests, get_office_information_request, get_office_information_requests, get_request_topics};
use crate::auth::model::SubmittedForm;
use crate::components::*;
use crate::guide::pages::{form_page_title, loading, page_title, NotFoundPage, ServiceUnavailable};
use crate::http_context::query_parameter;
use crate::i18n::{format_date_long, t, use_locale, Text};
use crate::practices::calendar::italian_date_time_of_unix_seconds;
use crate::routes::{path_with, CLERK_INFORMATION_REQUESTS_PATH, CLERK_INFORMATION_REQUEST_PATH, CLERK_NEW_INFORMATION_REQUEST_PATH, INFORMATION_REQUEST_PATH};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub fn channel_text(channel: RequestChannel) -> Text {
    match channel {
        RequestChannel::Portal => Text::ListeningChannelPortal,
        RequestChannel::Email => Text::ListeningChannelEmail,
        RequestChannel::Phone => Text::ListeningChannelPhone,
        RequestChannel::Letter => Text::ListeningChannelLetter,
        RequestChannel::Counter => Text::ListeningChannelCounter,
    }
}

fn state_badge(request: &InformationRequestView) -> impl IntoView {
    let (class, text) = match (&request.answer, request.overdue, request.answered_late) {
        (Some(_), _, true) => ("badge badge-inactive", Text::InformationAnsweredLate),
        (Some(_), _, false) => ("badge badge-active", Text::InformationAnswered),
        (None, true, _) => ("badge badge-inactive", Text::InformationOverdue),
        (None, false, _) => ("badge", Text::InformationAwaiting),
    };
    view! { <span class=class>{t(text)}</span> }
}

/// The fields every request has: who, about what, the question.
#[component]
fn RequestFields(form: SubmittedForm, topics: Vec<(String, String)>, name: String) -> impl IntoView {
    let mut choices = topics;
    choices.push((super::model::OTHER_TOPIC.to_string(), t(Text::InformationTopicOther).to_string()));
    let name = if form.values.is_empty() { name } else { form.value(NAME_FIELD) };
    view! {
        <TextField id=NAME_FIELD.to_string() name=NAME_FIELD.to_string() label=t(Text::InformationNameLabel).to_string()
            error=form.error(NAME_FIELD).unwrap_or_default() value=name maxlength=100 autocomplete="name"/>
        <TextField id=EMAIL_FIELD.to_string() name=EMAIL_FIELD.to_string() label=t(Text::InformationEmailLabel).to_string()
            hint=t(Text::InformationEmailHint).to_string() error=form.error(EMAIL_FIELD).unwrap_or_default() value=form.value(EMAIL_FIELD)
            input_type="email" maxlength=254 autocomplete="email"/>
        <SelectField id=TOPIC_FIELD label=t(Text::InformationTopicLabel).to_string() hint=t(Text::InformationTopicHint).to_string()
            error=form.error(TOPIC_FIELD) value=form.value(TOPIC_FIELD) empty=t(Text::InformationTopicChoose).to_string() options=choices/>
        <TextAreaField id=QUESTION_FIELD label=t(Text::InformationQuestionLabel).to_string() hint=t(Text::InformationQuestionHint).to_string()
            error=form.error(QUESTION_FIELD) value=form.value(QUESTION_FIELD) maxlength=QUESTION_MAX_CHARS rows=8/>
    }
}

/// `/ascolto/richiesta-informazioni`: anyone asks; the answer comes by
/// email (and into the personal area when signed in).
#[component]
pub fn InformationRequestPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let user = crate::http_context::current_user();
    let sent = query_parameter("inviata");
    let due = query_parameter("entro").unwrap_or_default();
    let topics = Resource::new(|| (), |_| get_request_topics());
    let title = Text::InformationRequestTitle.in_locale(locale);
    let privacy_error = form.error(PRIVACY_FIELD);
    let privacy_checked = form.value(PRIVACY_FIELD) == "si";
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">
            {sent.map(|number| view! {
                <Alert kind=AlertKind::Success>
                    {Text::InformationSent.fill(locale, &[("number", &number), ("due", &format_date_long(&due, locale))])}
                </Alert>
            })}
        </div>
        <p class="lead">{t(Text::InformationRequestIntro)}</p>
        {user.is_some().then(|| view! { <p>{t(Text::InformationSignedInNote)}</p> })}
        <p><a class="link inline-flex min-h-11 items-center" href="/carta-dei-servizi">{t(Text::InformationStandardsLink)}</a></p>
        <Suspense fallback=loading>
            {move || {
                let (form, user, privacy_error) = (form.clone(), user.clone(), privacy_error.clone());
                Suspend::new(async move {
                    let Ok(topics) = topics.await else {
                        return view! { <ServiceUnavailable/> }.into_any();
                    };
                    let name = user.map(|user| user.full_name()).unwrap_or_default();
                    let class = if privacy_error.is_some() { "field field-error mt-6" } else { "field mt-6" };
                    view! {
                        <form method="post" action=INFORMATION_REQUEST_PATH novalidate=true class="mt-6 max-w-2xl">
                            <CsrfField/>
                            <RequestFields form=form.clone() topics=topics name=name/>
                            <div class=class>
                                <p>{t(Text::InformationPrivacyNotice)}" "<a class="link" href="/info/privacy">{t(Text::ReportPrivacyLink)}</a></p>
                                {privacy_error.map(|error| view! {
                                    <p class="field-error-message" id="privacy-error"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p>
                                })}
                                <div class="choice">
                                    <input class="choice-input" type="checkbox" id=PRIVACY_FIELD name=PRIVACY_FIELD value="si" checked=privacy_checked/>
                                    <label class="choice-label" for=PRIVACY_FIELD>{t(Text::ReportPrivacyLabel)}</label>
                                </div>
                            </div>
                            <Button>{t(Text::InformationSendButton)}</Button>
                        </form>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

/// A request and, once given, its answer.
#[component]
fn RequestDetails(request: InformationRequestView, #[prop(optional)] with_sender: bool) -> impl IntoView {
    let locale = use_locale();
    let channel = RequestChannel::parse(&request.channel).map(|channel| t(channel_text(channel))).unwrap_or_default();
    view! {
        <dl class="definition-list mt-4">
            <dt>{t(Text::InformationNumberLabel)}</dt><dd>{request.number.clone()}</dd>
            <dt>{t(Text::InformationReceivedLabel)}</dt><dd>{italian_date_time_of_unix_seconds(request.received_at)}</dd>
            {with_sender.then(|| view! {
                <dt>{t(Text::InformationChannelLabel)}</dt><dd>{channel}</dd>
                <dt>{t(Text::InformationNameLabel)}</dt><dd>{request.name.clone()}</dd>
                <dt>{t(Text::InformationEmailLabel)}</dt><dd>{request.email.clone()}</dd>
            })}
            <dt>{t(Text::InformationTopicLabel)}</dt><dd>{request.topic.clone()}</dd>
            <dt>{t(Text::InformationDueLabel)}</dt><dd>{format_date_long(&request.due_on, locale)}" "{state_badge(&request)}</dd>
        </dl>
        <h2 class="section-title mt-6">{t(Text::InformationQuestionLabel)}</h2>
        <p class="whitespace-pre-line">{request.question.clone()}</p>
        {request.answer.clone().map(|answer| view! {
            <h2 class="section-title mt-6">{t(Text::InformationAnswerTitle)}</h2>
            <p class="text-sm">{request.answered_at.map(italian_date_time_of_unix_seconds)}</p>
            <p class="whitespace-pre-line">{answer}</p>
        })}
    }
}

/// "Le mie richieste di informazioni": those sent from the portal while signed in.
#[component]
pub fn MyInformationRequestsPage() -> impl IntoView {
    let locale = use_locale();
    let requests = Resource::new(|| (), |_| get_my_information_requests());
    let title = Text::MyInformationRequestsTitle.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale"), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <p><a class="link inline-flex min-h-11 items-center" href=INFORMATION_REQUEST_PATH>{t(Text::InformationRequestTitle)}</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(requests) = requests.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                if requests.is_empty() {
                    return view! { <p>{t(Text::MyInformationRequestsEmpty)}</p> }.into_any();
                }
                view! {
                    <ul class="grid gap-6 mt-4">
                        {requests.into_iter().map(|request| view! {
                            <li class="card"><RequestDetails request=request/></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The office's list: unanswered first, oldest due first; the overdue flagged.
#[component]
pub fn ClerkInformationRequestsPage() -> impl IntoView {
    let locale = use_locale();
    let requests = Resource::new(|| (), |_| get_office_information_requests());
    let title = Text::ClerkInformationRequestsTitle.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::ClerkTitle.in_locale(locale), "/operatore"), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <p><a class="link inline-flex min-h-11 items-center" href=CLERK_NEW_INFORMATION_REQUEST_PATH>{t(Text::ClerkNewInformationRequestTitle)}</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(requests) = requests.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                if requests.is_empty() {
                    return view! { <p>{t(Text::ClerkInformationRequestsEmpty)}</p> }.into_any();
                }
                view! {
                    <div class="mt-4 overflow-x-auto">
                        <table class="table w-full">
                            <caption class="sr-only">{title}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t(Text::InformationNumberLabel)}</th>
                                    <th scope="col">{t(Text::InformationReceivedLabel)}</th>
                                    <th scope="col">{t(Text::InformationTopicLabel)}</th>
                                    <th scope="col">{t(Text::InformationDueLabel)}</th>
                                    <th scope="col">{t(Text::InformationStateLabel)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {requests.into_iter().map(|request| {
                                    let href = path_with(CLERK_INFORMATION_REQUEST_PATH, &[&request.number]);
                                    view! {
                                        <tr>
                                            <td><a class="link inline-flex min-h-11 items-center" href=href>{request.number.clone()}</a></td>
                                            <td>{italian_date_time_of_unix_seconds(request.received_at)}</td>
                                            <td>{request.topic.clone()}</td>
                                            <td>{format_date_long(&request.due_on, locale)}</td>
                                            <td>{state_badge(&request)}</td>
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

/// One request for the office (audited), with the answer form until answered.
#[component]
pub fn ClerkInformationRequestPage() -> impl IntoView {
    let locale = use_locale();
    let params = use_params_map();
    let number = params.with_untracked(|params| params.get("number").unwrap_or_default());
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let answered = query_parameter("risposta").is_some();
    let registered = query_parameter("registrata").is_some();
    let request = Resource::new(move || number.clone(), get_office_information_request);
    let title = Text::ClerkInformationRequestTitle.in_locale(locale);
    view! {
        <Suspense fallback=loading>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    let request = match request.await {
                        Ok(Some(request)) => request,
                        Ok(None) => return view! { <NotFoundPage/> }.into_any(),
                        Err(_) => return view! { <ServiceUnavailable/> }.into_any(),
                    };
                    let heading = format!("{title} {}", request.number);
                    let action = path_with(CLERK_INFORMATION_REQUEST_PATH, &[&request.number]);
                    let open = request.answer.is_none();
                    view! {
                        <PageTitle text=form_page_title(&[&heading], locale, has_errors)/>
                        <Breadcrumb items=vec![
                            BreadcrumbItem::link(Text::ClerkInformationRequestsTitle.in_locale(locale), CLERK_INFORMATION_REQUESTS_PATH),
                            BreadcrumbItem::current(heading.clone()),
                        ]/>
                        <h1 class="page-title">{heading.clone()}</h1>
                        <SubmittedFormErrors form=form.clone()/>
                        <div aria-live="polite">
                            {answered.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::InformationAnswerSent)}</Alert> })}
                            {registered.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::InformationRegistered)}</Alert> })}
                        </div>
                        <RequestDetails request=request with_sender=true/>
                        {open.then(|| view! {
                            <form method="post" action=action novalidate=true class="mt-6 max-w-2xl">
                                <CsrfField/>
                                <TextAreaField id=ANSWER_FIELD label=t(Text::InformationAnswerLabel).to_string() hint=t(Text::InformationAnswerHint).to_string()
                                    error=form.error(ANSWER_FIELD) value=form.value(ANSWER_FIELD) maxlength=ANSWER_MAX_CHARS rows=8/>
                                <Button>{t(Text::InformationAnswerButton)}</Button>
                            </form>
                        })}
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

/// A request received by email, phone, letter or at the desk, registered
/// with its channel and the time it arrived.
#[component]
pub fn ClerkNewInformationRequestPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let topics = Resource::new(|| (), |_| get_request_topics());
    let title = Text::ClerkNewInformationRequestTitle.in_locale(locale);
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::ClerkInformationRequestsTitle.in_locale(locale), CLERK_INFORMATION_REQUESTS_PATH), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <p class="lead">{t(Text::ClerkNewInformationRequestIntro)}</p>
        <Suspense fallback=loading>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    let Ok(topics) = topics.await else {
                        return view! { <ServiceUnavailable/> }.into_any();
                    };
                    let channels: Vec<(String, String)> =
                        RequestChannel::REGISTERED.iter().map(|channel| (channel.code().to_string(), t(channel_text(*channel)).to_string())).collect();
                    let channel = if form.values.is_empty() { RequestChannel::Email.code().to_string() } else { form.value(CHANNEL_FIELD) };
                    view! {
                        <form method="post" action=CLERK_NEW_INFORMATION_REQUEST_PATH novalidate=true class="mt-6 max-w-2xl">
                            <CsrfField/>
                            <SelectField id=CHANNEL_FIELD label=t(Text::InformationChannelLabel).to_string() error=form.error(CHANNEL_FIELD)
                                value=channel empty=t(Text::InformationChannelChoose).to_string() options=channels/>
                            <DayAndTimeFields legend=t(Text::InformationReceivedLegend).to_string() day_field=RECEIVED_DATE_FIELD time_field=RECEIVED_TIME_FIELD
                                form=form.clone()/>
                            <RequestFields form=form.clone() topics=topics name=String::new()/>
                            <Button>{t(Text::InformationRegisterButton)}</Button>
                        </form>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}
