//! The office's pages: the inbox of its practices (filters in a plain GET
//! form, pages of 25, overdue first) and one practice with everything the
//! citizen filed, its timeline with internal notes, and one form for the next
//! action (a radio group of what the status allows). No JavaScript needed.

use super::model::{ClerkInbox, ClerkInboxFilter, ClerkPracticeView, PracticeDocumentView, PracticeEventView, PracticeStatus, ALL_PRACTICES, OPEN_PRACTICES};
use super::server_functions::{get_clerk_inbox, get_practice_for_clerk};
use super::wizard_pages::{answer_rows, readable_date, status_text};
use super::workflow::{Actor, PracticeAction, PracticeSituation, ACTION_FIELD, DEADLINE_FIELD, DOCUMENT_FIELD, NOTE_FIELD};
use crate::components::*;
use crate::guide::pages::{loading, page_title, NotFoundPage, ServiceUnavailable};
use crate::http_context::{query_parameter, submitted_form};
use crate::i18n::{t, use_locale, Locale, Text};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub use crate::routes::CLERK_INBOX_PATH as INBOX_PATH;

fn action_label(action: PracticeAction) -> Text {
    match action {
        PracticeAction::TakeCharge => Text::ClerkActionTakeCharge,
        PracticeAction::AddInternalNote => Text::ClerkActionNote,
        PracticeAction::RequestIntegration => Text::ClerkActionRequestIntegration,
        PracticeAction::Accept => Text::ClerkActionAccept,
        PracticeAction::Reject => Text::ClerkActionReject,
        PracticeAction::ArchiveWithdrawal => Text::ClerkActionArchiveWithdrawal,
        PracticeAction::AnswerIntegration => Text::CitizenActionAnswer,
        PracticeAction::Withdraw => Text::CitizenActionWithdraw,
    }
}

/// What the event was, as the timeline says it.
pub(crate) fn event_text(event: &PracticeEventView) -> Text {
    match PracticeAction::from_code(&event.kind) {
        Some(PracticeAction::AddInternalNote) => Text::EventInternalNote,
        Some(PracticeAction::TakeCharge) => Text::EventTakenInCharge,
        Some(PracticeAction::AnswerIntegration) => Text::EventIntegrationAnswered,
        _ => status_text(event.status_after),
    }
}

/// The timeline: every event with its day and note (the office also sees its internal notes).
#[component]
pub fn PracticeTimeline(events: Vec<PracticeEventView>) -> impl IntoView {
    view! {
        <h2 class="section-title mt-8" id="cronologia">{t(Text::PracticeTimelineTitle)}</h2>
        <ol class="timeline mt-2 space-y-2">
            {events.into_iter().map(|event| {
                let deadline = event.deadline.clone().map(|date| format!(" ({} {})", t(Text::IntegrationDeadlineLabel), readable_date(&date)));
                view! {
                    <li>
                        <span class="font-semibold">{readable_date(&event.occurred_at)}</span>" — "{t(event_text(&event))}
                        {(!event.visible_to_citizen).then(|| view! { <span class="badge ml-1">{t(Text::EventInternalBadge)}</span> })}
                        {(!event.note.is_empty()).then(|| view! { <span class="whitespace-pre-line">{format!(": {}", event.note)}</span> })}
                        {deadline}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The documents exchanged after filing, each a download.
#[component]
pub fn PracticeDocuments(documents: Vec<PracticeDocumentView>, base_path: String) -> impl IntoView {
    (!documents.is_empty()).then(|| view! {
        <h2 class="section-title mt-8" id="documenti">{t(Text::PracticeDocumentsTitle)}</h2>
        <ul class="mt-2 space-y-2">
            {documents.into_iter().map(|document| {
                let who = if document.added_by == "citizen" { t(Text::DocumentFromCitizen) } else { t(Text::DocumentFromOffice) };
                view! {
                    <li>
                        <a class="link inline-flex min-h-11 items-center" href=format!("{base_path}/documenti/{}", document.id) download=document.file_name.clone()>
                            {document.file_name.clone()}
                        </a>
                        {format!(" — {who}, {} ({})", readable_date(&document.added_at), super::model::format_size(document.size_bytes))}
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}

fn inbox_filter_from_query() -> ClerkInboxFilter {
    ClerkInboxFilter {
        status: query_parameter("stato").unwrap_or_default(),
        procedure: query_parameter("procedura").unwrap_or_default(),
        filed_from: query_parameter("dal").unwrap_or_default(),
        filed_until: query_parameter("al").unwrap_or_default(),
        overdue_only: query_parameter("scadute").is_some_and(|value| value == "si"),
        page: query_parameter("pagina").and_then(|page| page.parse().ok()).filter(|page| *page >= 1).unwrap_or(1),
    }
}

/// The filters of the inbox as query pairs, for the page links.
fn inbox_filter_pairs(filter: &ClerkInboxFilter) -> Vec<(&'static str, String)> {
    vec![
        ("stato", filter.status.clone()),
        ("procedura", filter.procedure.clone()),
        ("dal", filter.filed_from.clone()),
        ("al", filter.filed_until.clone()),
        ("scadute", if filter.overdue_only { "si".to_string() } else { String::new() }),
    ]
}

/// `/operatore/pratiche`: the practices of the clerk's offices.
#[component]
pub fn ClerkInboxPage() -> impl IntoView {
    let locale = use_locale();
    let filter = inbox_filter_from_query();
    let inbox = Resource::new(move || filter.clone(), get_clerk_inbox);
    view! {
        <PageTitle text=page_title(&[Text::InboxTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::ClerkTitle.in_locale(locale), "/operatore"),
            BreadcrumbItem::current(t(Text::InboxTitle)),
        ]/>
        <h1 class="page-title">{t(Text::InboxTitle)}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(inbox) => view! { <InboxContents inbox filter=inbox_filter_from_query() locale/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InboxContents(inbox: ClerkInbox, filter: ClerkInboxFilter, locale: Locale) -> impl IntoView {
    let ClerkInbox { offices, procedures, items, total, page, page_size } = inbox;
    let office_names = offices.iter().map(|(_, name)| name.clone()).collect::<Vec<_>>().join(", ");
    let selected_status = if filter.status.is_empty() { OPEN_PRACTICES.to_string() } else { filter.status.clone() };
    let status_options: Vec<(String, String)> = [
        (OPEN_PRACTICES.to_string(), Text::InboxOpen.in_locale(locale).to_string()),
        (ALL_PRACTICES.to_string(), Text::InboxAll.in_locale(locale).to_string()),
    ]
    .into_iter()
    .chain(
        PracticeStatus::ALL
            .into_iter()
            .filter(|status| *status != PracticeStatus::Submitted)
            .map(|status| (status.code().to_string(), status_text(status).in_locale(locale).to_string())),
    )
    .collect();
    let filter_pairs = inbox_filter_pairs(&filter);
    view! {
        <p>{t(Text::InboxOffices).replace("{offices}", &office_names)}</p>
        <form method="get" action=INBOX_PATH class="mt-4 grid gap-4 md:grid-cols-2" aria-labelledby="filtri">
            <h2 class="section-title md:col-span-2" id="filtri">{t(Text::InboxFiltersTitle)}</h2>
            <div>
                <label class="form-label" for="stato">{t(Text::PracticeStatusLabel)}</label>
                <select class="form-input" id="stato" name="stato">
                    {status_options.into_iter().map(|(code, label)| {
                        let selected = code == selected_status;
                        view! { <option value=code selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label class="form-label" for="procedura">{t(Text::InboxProcedureLabel)}</label>
                <select class="form-input" id="procedura" name="procedura">
                    <option value="">{t(Text::InboxAllProcedures)}</option>
                    {procedures.into_iter().map(|(slug, title)| {
                        let selected = slug == filter.procedure;
                        view! { <option value=slug selected=selected>{title}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label class="form-label" for="dal">{t(Text::InboxFiledFrom)}</label>
                <p class="form-hint" id="dal-hint">{t(Text::DateHint)}</p>
                <input class="form-input" id="dal" name="dal" value=filter.filed_from.clone() aria-describedby="dal-hint"/>
            </div>
            <div>
                <label class="form-label" for="al">{t(Text::InboxFiledUntil)}</label>
                <p class="form-hint" id="al-hint">{t(Text::DateHint)}</p>
                <input class="form-input" id="al" name="al" value=filter.filed_until.clone() aria-describedby="al-hint"/>
            </div>
            <div class="flex min-h-11 items-center gap-2">
                <input class="form-checkbox" type="checkbox" id="scadute" name="scadute" value="si" checked=filter.overdue_only/>
                <label for="scadute">{t(Text::InboxOverdueOnly)}</label>
            </div>
            <p><Button style=ButtonStyle::Secondary>{t(Text::InboxFilterButton)}</Button></p>
        </form>
        <h2 class="section-title mt-8" id="risultati">{t(Text::InboxResults).replace("{total}", &total.to_string())}</h2>
        {if items.is_empty() {
            view! { <p>{t(Text::InboxEmpty)}</p> }.into_any()
        } else {
            view! {
                <div class="overflow-x-auto">
                    <table class="table mt-2 w-full">
                        <caption class="sr-only">{t(Text::InboxTitle)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t(Text::PracticeProtocolLabel)}</th>
                                <th scope="col">{t(Text::InboxProcedureLabel)}</th>
                                <th scope="col">{t(Text::InboxApplicant)}</th>
                                <th scope="col">{t(Text::PracticeStatusLabel)}</th>
                                <th scope="col">{t(Text::PracticeSubmittedLabel)}</th>
                                <th scope="col">{t(Text::InboxDueOn)}</th>
                                <th scope="col">{t(Text::InboxAssignedTo)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {items.into_iter().map(|item| view! {
                                <tr>
                                    <td><a class="link inline-flex min-h-11 items-center" href=format!("{INBOX_PATH}/{}", item.id)>{item.protocol_number.clone()}</a></td>
                                    <td>{item.procedure_title.clone()}</td>
                                    <td>{item.applicant.clone()}</td>
                                    <td>{t(status_text(item.status))}</td>
                                    <td>{readable_date(&item.submitted_at)}</td>
                                    <td>
                                        {item.due_on.as_deref().map(readable_date).unwrap_or_else(|| "—".to_string())}
                                        {item.overdue.then(|| view! { <strong class="ml-1 text-red-800">{t(Text::InboxOverdue)}</strong> })}
                                        {item.integration_expired.then(|| view! { <strong class="ml-1 block text-red-800">{t(Text::IntegrationExpired)}</strong> })}
                                    </td>
                                    <td>{item.assigned_to.clone().unwrap_or_else(|| "—".to_string())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <ResultPages path=INBOX_PATH filters=filter_pairs page total page_size/>
    }
}

/// `/operatore/pratiche/<id>`: one practice of the clerk's offices.
#[component]
pub fn ClerkPracticePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let practice = Resource::new(id, get_practice_for_clerk);
    let locale = use_locale();
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match practice.await {
                    Ok(Some(practice)) => view! { <ClerkPracticeDetails practice locale/> }.into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ClerkPracticeDetails(practice: ClerkPracticeView, locale: Locale) -> impl IntoView {
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let done = query_parameter("fatto").and_then(|code| PracticeAction::from_code(&code));
    let ClerkPracticeView { practice, procedure, answers, applicant, attachments, assigned_to, due_on } = practice;
    let base_path = format!("{INBOX_PATH}/{}", practice.id);
    let rows = answer_rows(&procedure.definition, &answers, &applicant, &attachments);
    let integration_deadline = practice.integration_request.as_ref().and_then(|request| crate::practices::validation::parse_date(&request.deadline));
    let today = crate::http_context::today_in_rome_date();
    let situation = match today {
        Some(today) => PracticeSituation::on(practice.status, integration_deadline, today),
        None => PracticeSituation::from(practice.status),
    };
    let available = PracticeAction::available(Actor::Clerk, situation);
    let chosen = form.value(ACTION_FIELD);
    let title = format!("{} {}", t(Text::PracticeTitle), practice.protocol_number);
    let prefix = if has_errors { Text::ErrorTitlePrefix.in_locale(locale) } else { "" };
    view! {
        <PageTitle text=format!("{prefix}{}", page_title(&[&title, Text::InboxTitle.in_locale(locale)], locale))/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::ClerkTitle.in_locale(locale), "/operatore"),
            BreadcrumbItem::link(Text::InboxTitle.in_locale(locale), INBOX_PATH),
            BreadcrumbItem::current(title.clone()),
        ]/>
        <SubmittedFormErrors form=form.clone()/>
        {done.map(|_| view! { <div class="alert alert-success mt-4" role="status"><p>{t(Text::ActionRecorded)}</p></div> })}
        <h1 class="page-title">{format!("{} — {}", practice.protocol_number, practice.procedure_title)}</h1>
        <dl class="definition-list mt-4">
            <dt>{t(Text::PracticeStatusLabel)}</dt><dd>{t(status_text(practice.status))}</dd>
            <dt>{t(Text::InboxApplicant)}</dt><dd>{format!("{} {} ({})", applicant.given_name, applicant.family_name, applicant.fiscal_code)}</dd>
            <dt>{t(Text::PracticeSubmittedLabel)}</dt><dd>{readable_date(&practice.submitted_at)}</dd>
            <dt>{t(Text::InboxDueOn)}</dt><dd>{due_on.as_deref().map(readable_date).unwrap_or_else(|| t(Text::PracticeNoExpectedDate).to_string())}</dd>
            <dt>{t(Text::InboxAssignedTo)}</dt><dd>{assigned_to.unwrap_or_else(|| t(Text::InboxNobody).to_string())}</dd>
            // The office sees whether the fee is paid before it issues what was paid for.
            {practice.fee.clone().map(|fee| view! {
                <dt>{t(Text::PracticeFeeTitle)}</dt>
                <dd>{format!("{} — {}", fee.amount, t(crate::payments::pages::position_status_text(fee.status)))}</dd>
            })}
            {practice.integration_request.clone().map(|request| view! {
                <dt>{t(Text::IntegrationDeadlineLabel)}</dt>
                <dd>
                    {readable_date(&request.deadline)}
                    {situation.integration_expired.then(|| view! { <strong class="ml-1 text-red-800">{t(Text::IntegrationExpired)}</strong> })}
                </dd>
            })}
        </dl>
        <h2 class="section-title mt-8">{t(Text::ClerkFiledAnswers)}</h2>
        <dl class="definition-list mt-2">
            {rows.into_iter().map(|(question, answer)| view! { <dt>{question}</dt><dd class="whitespace-pre-line">{answer}</dd> }).collect_view()}
        </dl>
        {(!attachments.is_empty()).then(|| view! {
            <h2 class="section-title mt-8">{t(Text::ClerkFiledAttachments)}</h2>
            <ul class="mt-2 space-y-2">
                {attachments.iter().map(|attachment| view! {
                    <li>
                        <a class="link inline-flex min-h-11 items-center" href=format!("{base_path}/allegati/{}", attachment.id) download=attachment.file_name.clone()>{attachment.file_name.clone()}</a>
                        {format!(" — SHA-256 {}", attachment.sha256)}
                    </li>
                }).collect_view()}
            </ul>
        })}
        <PracticeDocuments documents=practice.documents.clone() base_path=base_path.clone()/>
        <PracticeTimeline events=practice.events.clone()/>
        {(!available.is_empty()).then(|| view! {
            <section class="mt-8" aria-labelledby="azione-titolo">
                <h2 class="section-title" id="azione-titolo">{t(Text::ClerkNextActionTitle)}</h2>
                <form method="post" action=base_path.clone() enctype="multipart/form-data" novalidate=true class="max-w-2xl">
                    <CsrfField/>
                    <fieldset id=ACTION_FIELD class="mt-2">
                        <legend class="form-label">{t(Text::ClerkActionLegend)}</legend>
                        {available.iter().map(|action| {
                            let id = format!("azione-{}", action.code());
                            let checked = chosen == action.code();
                            view! {
                                <div class="flex min-h-11 items-center gap-2">
                                    <input class="form-radio" type="radio" id=id.clone() name=ACTION_FIELD value=action.code() checked=checked/>
                                    <label for=id>{t(action_label(*action))}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="mt-4">
                        <label class="form-label" for=NOTE_FIELD>{t(Text::ClerkNoteLabel)}</label>
                        <p class="form-hint" id="nota-hint">{t(Text::ClerkNoteHint)}</p>
                        <textarea class="form-input" id=NOTE_FIELD name=NOTE_FIELD rows="5" aria-describedby="nota-hint">{form.value(NOTE_FIELD)}</textarea>
                    </div>
                    <div class="mt-4">
                        <label class="form-label" for=DEADLINE_FIELD>{t(Text::IntegrationDeadlineLabel)}</label>
                        <p class="form-hint" id="scadenza-hint">{t(Text::ClerkDeadlineHint)}</p>
                        <input class="form-input" id=DEADLINE_FIELD name=DEADLINE_FIELD value=form.value(DEADLINE_FIELD) aria-describedby="scadenza-hint"/>
                    </div>
                    <div class="mt-4">
                        <label class="form-label" for=DOCUMENT_FIELD>{t(Text::ClerkDocumentLabel)}</label>
                        <p class="form-hint" id="documento-hint">{t(Text::DocumentHint)}</p>
                        <input class="form-input" type="file" id=DOCUMENT_FIELD name=DOCUMENT_FIELD multiple=true accept=".pdf,.p7m,.jpg,.jpeg,.png" aria-describedby="documento-hint"/>
                    </div>
                    <p class="mt-6"><Button>{t(Text::ClerkRecordButton)}</Button></p>
                </form>
            </section>
        })}
    }
}
