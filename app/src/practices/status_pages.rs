//! Where practices stand: the citizen's own list ("Le mie pratiche", with
//! drafts to resume) and the public lookup by protocol number and check code,
//! which shows status and dates only, never personal data.

use super::model::{ArchiveFilter, MyPractices, PracticeArchive, PracticeStatus, PracticeSummary, PublicLookup};
use super::server_functions::{get_my_practices, get_practice_archive, look_up_practice};
use super::wizard_pages::{draft_step_path, readable_date, status_text};
use crate::components::*;
use crate::guide::pages::{loading, page_title, ServiceUnavailable};
use crate::http_context::query_parameter;
use crate::i18n::{t, use_locale, Text};
use leptos::prelude::*;

/// `/area-personale/pratiche`: drafts to resume and filed practices.
#[component]
pub fn MyPracticesPage() -> impl IntoView {
    let locale = use_locale();
    let mine = Resource::new(|| (), |_| get_my_practices());
    view! {
        <PageTitle text=page_title(&[Text::MyPracticesTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale"),
            BreadcrumbItem::current(t(Text::MyPracticesTitle)),
        ]/>
        <h1 class="page-title">{t(Text::MyPracticesTitle)}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match mine.await {
                    Ok(mine) => view! { <MyPracticesList mine/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MyPracticesList(mine: MyPractices) -> impl IntoView {
    let MyPractices { drafts, practices } = mine;
    view! {
        <section class="mt-6" aria-labelledby="bozze">
            <h2 class="section-title" id="bozze">{t(Text::MyDraftsTitle)}</h2>
            {if drafts.is_empty() {
                view! { <p>{t(Text::MyDraftsEmpty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="space-y-2">
                        {drafts.into_iter().map(|draft| view! {
                            <li>
                                <a class="link inline-flex min-h-11 items-center" href=draft_step_path(&draft.draft_id, &draft.resume_step)>
                                    {format!("{} – {}", t(Text::MyDraftsResume), draft.procedure_title)}
                                </a>
                                <span class="text-slate-700">{format!(" ({} {})", t(Text::MyDraftsSaved), readable_date(&draft.updated_at))}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="mt-8" aria-labelledby="pratiche-inviate">
            <h2 class="section-title" id="pratiche-inviate">{t(Text::MyFiledPracticesTitle)}</h2>
            {if practices.is_empty() {
                view! { <p>{t(Text::MyFiledPracticesEmpty)}</p> }.into_any()
            } else {
                view! {
                    <PracticeSummaries practices/>
                }.into_any()
            }}
            <p class="mt-6"><a class="link inline-flex min-h-11 items-center" href=ARCHIVE_PATH>{t(Text::ArchiveLink)}</a></p>
        </section>
    }
}

#[component]
fn PracticeSummaries(practices: Vec<PracticeSummary>) -> impl IntoView {
    view! {
        <ul class="space-y-4">
            {practices.into_iter().map(|practice| view! {
                <li class="card">
                    <a class="card-link" href=format!("/area-personale/pratiche/{}", practice.id)>
                        {format!("{} {} – {}", t(Text::PracticeTitle), practice.protocol_number, practice.procedure_title)}
                    </a>
                    <p class="mt-1">{format!("{}: {} · {} {}", t(Text::PracticeStatusLabel), t(status_text(practice.status)), t(Text::PracticeSubmittedLabel), readable_date(&practice.submitted_at))}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

pub use crate::routes::PRACTICE_ARCHIVE_PATH as ARCHIVE_PATH;

fn archive_filter_from_query() -> ArchiveFilter {
    ArchiveFilter {
        year: query_parameter("anno").unwrap_or_default(),
        theme: query_parameter("tema").unwrap_or_default(),
        outcome: query_parameter("esito").unwrap_or_default(),
        page: query_parameter("pagina").and_then(|page| page.parse().ok()).filter(|page| *page >= 1).unwrap_or(1),
    }
}

/// `/area-personale/pratiche/archivio`: the person's concluded practices.
#[component]
pub fn PracticeArchivePage() -> impl IntoView {
    let locale = use_locale();
    let archive = Resource::new(archive_filter_from_query, get_practice_archive);
    view! {
        <PageTitle text=page_title(&[Text::ArchiveTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), "/area-personale"),
            BreadcrumbItem::link(Text::MyPracticesTitle.in_locale(locale), "/area-personale/pratiche"),
            BreadcrumbItem::current(t(Text::ArchiveTitle)),
        ]/>
        <h1 class="page-title">{t(Text::ArchiveTitle)}</h1>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match archive.await {
                    Ok(archive) => view! { <ArchiveContents archive filter=archive_filter_from_query()/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ArchiveContents(archive: PracticeArchive, filter: ArchiveFilter) -> impl IntoView {
    let PracticeArchive { years, themes, items, total, page, page_size } = archive;
    let filter_pairs = vec![("anno", filter.year.clone()), ("tema", filter.theme.clone()), ("esito", filter.outcome.clone())];
    let outcomes = [PracticeStatus::Accepted, PracticeStatus::Rejected, PracticeStatus::Withdrawn];
    view! {
        <form method="get" action=ARCHIVE_PATH class="mt-4 grid gap-4 md:grid-cols-3" aria-labelledby="filtri-archivio">
            <h2 class="section-title md:col-span-3" id="filtri-archivio">{t(Text::ArchiveFiltersTitle)}</h2>
            <div>
                <label class="form-label" for="anno">{t(Text::ArchiveYear)}</label>
                <select class="form-input" id="anno" name="anno">
                    <option value="">{t(Text::ArchiveAnyYear)}</option>
                    {years.into_iter().map(|year| {
                        let selected = year.to_string() == filter.year;
                        view! { <option value=year.to_string() selected=selected>{year.to_string()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label class="form-label" for="tema">{t(Text::ArchiveTheme)}</label>
                <select class="form-input" id="tema" name="tema">
                    <option value="">{t(Text::ArchiveAnyTheme)}</option>
                    {themes.into_iter().map(|(slug, name)| {
                        let selected = slug == filter.theme;
                        view! { <option value=slug selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div>
                <label class="form-label" for="esito">{t(Text::ArchiveOutcome)}</label>
                <select class="form-input" id="esito" name="esito">
                    <option value="">{t(Text::ArchiveAnyOutcome)}</option>
                    {outcomes.into_iter().map(|status| {
                        let selected = status.code() == filter.outcome;
                        view! { <option value=status.code() selected=selected>{t(status_text(status))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <p><Button style=ButtonStyle::Secondary>{t(Text::InboxFilterButton)}</Button></p>
        </form>
        <section class="mt-8" aria-labelledby="archivio-risultati">
            <h2 class="section-title" id="archivio-risultati">{t(Text::InboxResults).replace("{total}", &total.to_string())}</h2>
            {if items.is_empty() {
                view! { <p>{t(Text::ArchiveEmpty)}</p> }.into_any()
            } else {
                view! { <PracticeSummaries practices=items/> }.into_any()
            }}
        </section>
        <ResultPages path=ARCHIVE_PATH filters=filter_pairs page total page_size/>
    }
}

/// `/pratiche/verifica`: anyone with the receipt's two codes sees where the practice stands.
#[component]
pub fn PracticeLookupPage() -> impl IntoView {
    let locale = use_locale();
    let protocol = query_parameter("protocollo").unwrap_or_default();
    let check_code = query_parameter("codice").unwrap_or_default();
    let asked = !protocol.trim().is_empty() || !check_code.trim().is_empty();
    let (protocol_value, check_code_value) = (protocol.clone(), check_code.clone());
    // Visiting the empty form asks nothing (and counts for no rate limit).
    let answer = Resource::new(
        move || asked.then(|| (protocol.clone(), check_code.clone())),
        |question| async move {
            match question {
                Some((protocol, check_code)) => look_up_practice(protocol, check_code).await,
                None => Ok(PublicLookup::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=page_title(&[Text::LookupTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::ProceduresTitle.in_locale(locale), "/pratiche"),
            BreadcrumbItem::current(t(Text::LookupTitle)),
        ]/>
        <h1 class="page-title">{t(Text::LookupTitle)}</h1>
        <p class="lead">{t(Text::LookupIntro)}</p>
        <form method="get" action="/pratiche/verifica" class="mt-6 max-w-xl" novalidate=true>
            <TextField id="protocollo".to_string() name="protocollo".to_string() label=t(Text::PracticeProtocolLabel).to_string() hint=t(Text::LookupProtocolHint).to_string() value=protocol_value maxlength=20/>
            <TextField id="codice".to_string() name="codice".to_string() label=t(Text::PracticeCheckCodeLabel).to_string() hint=t(Text::LookupCheckCodeHint).to_string() value=check_code_value maxlength=12/>
            <Button>{t(Text::LookupButton)}</Button>
        </form>
        <div class="mt-8" aria-live="polite">
            {asked.then(|| view! {
                <Suspense fallback=loading>
                    {move || Suspend::new(async move {
                        match answer.await {
                            Ok(PublicLookup::Found(found)) => view! {
                                <section aria-labelledby="esito">
                                    <h2 class="section-title" id="esito">{found.procedure_title.clone()}</h2>
                                    <dl class="definition-list">
                                        <dt>{t(Text::PracticeProtocolLabel)}</dt><dd>{found.protocol_number.clone()}</dd>
                                        <dt>{t(Text::PracticeStatusLabel)}</dt><dd>{t(status_text(found.status))}</dd>
                                        <dt>{t(Text::PracticeSubmittedLabel)}</dt><dd>{readable_date(&found.submitted_on)}</dd>
                                        <dt>{t(Text::PracticeExpectedLabel)}</dt>
                                        <dd>{found.expected_completion.map(|date| readable_date(&date)).unwrap_or_else(|| t(Text::PracticeNoExpectedDate).to_string())}</dd>
                                    </dl>
                                    <h3 class="font-bold mt-4">{t(Text::PracticeTimelineTitle)}</h3>
                                    <ol class="mt-2 space-y-1">
                                        {found.events.into_iter().map(|(date, status): (String, PracticeStatus)| view! {
                                            <li>{format!("{} — {}", readable_date(&date), t(status_text(status)))}</li>
                                        }).collect_view()}
                                    </ol>
                                </section>
                            }.into_any(),
                            Ok(PublicLookup::NotFound) => view! { <Alert kind=AlertKind::Warning>{t(Text::LookupNotFound)}</Alert> }.into_any(),
                            Ok(PublicLookup::TooManyRequests) => {
                                crate::http_context::set_response_status(429);
                                view! { <Alert kind=AlertKind::Error>{t(Text::LookupTooMany)}</Alert> }.into_any()
                            }
                            Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                        }
                    })}
                </Suspense>
            })}
        </div>
    }
}
