//! The guide's pages. All are server-rendered (no island unless stated) and
//! work the same with JavaScript off.

use super::feedback::PageFeedbackWidget;
use super::model::*;
use super::search_island::search_island_for_locale;
use super::server_functions::*;
use crate::components::*;
use crate::http_context::set_response_status;
use crate::i18n::{format_date_long, t, use_locale, Locale, Text};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

pub(crate) fn page_title(parts: &[&str], locale: Locale) -> String {
    let mut all = parts.to_vec();
    all.push(Text::MunicipalityName.in_locale(locale));
    all.join(" · ")
}

/// The title of a page with a form: `page_title`, prefixed with "Errore:"
/// while the form comes back with mistakes, so a screen reader hears it first.
pub(crate) fn form_page_title(parts: &[&str], locale: Locale, has_errors: bool) -> String {
    let prefix = if has_errors { Text::ErrorTitlePrefix.in_locale(locale) } else { "" };
    format!("{prefix}{}", page_title(parts, locale))
}

/// Shown when the store fails: a clear message, never internals, status 503.
#[component]
pub(crate) fn ServiceUnavailable() -> impl IntoView {
    set_response_status(503);
    let locale = use_locale();
    view! {
        <PageTitle text=page_title(&[Text::ServiceUnavailableTitle.in_locale(locale)], locale)/>
        <h1 class="page-title">{t(Text::ServiceUnavailableTitle)}</h1>
        <Alert kind=AlertKind::Error>{t(Text::ServiceUnavailableText)}</Alert>
        <p class="mt-4"><a class="link" href="/">{t(Text::GoHome)}</a></p>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_response_status(404);
    let locale = use_locale();
    view! {
        <PageTitle text=page_title(&[Text::NotFoundTitle.in_locale(locale)], locale)/>
        <h1 class="page-title">{t(Text::NotFoundTitle)}</h1>
        <p class="lead">{t(Text::NotFoundText)}</p>
        <p class="mt-4 flex flex-wrap gap-4">
            <a class="link" href="/cerca">{t(Text::NavSearch)}</a>
            <a class="link" href="/">{t(Text::GoHome)}</a>
        </p>
    }
}

/// The `:slug` parameter of the current route.
pub(crate) fn slug_parameter() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get("slug").unwrap_or_default()
}

pub(crate) fn loading() -> impl IntoView {
    view! { <p>{t(Text::Loading)}</p> }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = use_locale();
    let topics = Resource::new(move || locale, list_guide_topics);
    view! {
        <PageTitle text=page_title(&[Text::PortalName.in_locale(locale)], locale)/>
        <h1 class="page-title">{t(Text::HomeTitle)}</h1>
        <p class="lead">{t(Text::HomeIntro)}</p>
        <section class="mt-6 rounded bg-slate-100 p-4" aria-labelledby="home-search">
            <h2 class="section-title" id="home-search">{t(Text::HomeSearchTitle)}</h2>
            <form role="search" method="get" action="/cerca" class="search-form">
                <label class="field-label" for="home-search-input">{t(Text::SearchLabel)}</label>
                <p class="field-hint" id="home-search-hint">{t(Text::SearchHint)}</p>
                <div class="flex flex-wrap gap-2">
                    <input class="field-input grow" id="home-search-input" name="q" type="search"
                        maxlength=SEARCH_QUERY_MAX_CHARS aria-describedby="home-search-hint"/>
                    <button class="button button-primary" type="submit">{t(Text::SearchButton)}</button>
                </div>
            </form>
        </section>
        <section class="mt-8" aria-labelledby="home-topics">
            <h2 class="section-title" id="home-topics">{t(Text::HomeTopicsTitle)}</h2>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match topics.await {
                        Ok(topics) => view! { <TopicCards topics/> }.into_any(),
                        Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                    }
                })}
            </Suspense>
            <p class="mt-6 flex flex-wrap gap-4">
                <a class="button button-secondary" href="/argomenti" data-element="all-topics">{t(Text::HomeAllTopics)}</a>
                <a class="button button-secondary" href="/servizi" data-element="all-services">{t(Text::HomeAllServices)}</a>
            </p>
        </section>
        <section class="mt-8" aria-labelledby="home-reports">
            <h2 class="section-title" id="home-reports">{t(Text::HomeReportsTitle)}</h2>
            <p>{t(Text::HomeReportsText)}</p>
            <p class="mt-4"><a class="button button-secondary" href=crate::routes::REPORTS_PATH>{t(Text::ReportsTitle)}</a></p>
        </section>
        <section class="mt-8" aria-labelledby="home-booking">
            <h2 class="section-title" id="home-booking">{t(Text::BookingTitle)}</h2>
            <p>{t(Text::HomeBookingText)}</p>
            <p class="mt-4">
                <a class="button button-secondary" href=crate::routes::BOOKING_PATH data-element="appointment-booking">{t(Text::BookingTitle)}</a>
            </p>
        </section>
    }
}

#[component]
fn TopicCards(topics: Vec<TopicSummary>, #[prop(default = "h3")] heading_level: &'static str) -> impl IntoView {
    view! {
        <ul class="card-grid">
            {topics
                .into_iter()
                .map(|topic| view! {
                    <li>
                        <Card
                            title=topic.name
                            href=format!("/argomenti/{}", topic.slug)
                            text=topic.description
                            heading_level=heading_level
                            data_element="topic-element"
                        />
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn ServiceSheetCards(sheets: Vec<ServiceSheetSummary>, #[prop(default = "h3")] heading_level: &'static str) -> impl IntoView {
    view! {
        <ul class="card-grid">
            {sheets
                .into_iter()
                .map(|sheet| view! {
                    <li>
                        <Card
                            title=sheet.title
                            href=service_sheet_path(&sheet.slug)
                            text=sheet.summary
                            heading_level=heading_level
                            data_element="service-link"
                        />
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn ServiceSheetsPage() -> impl IntoView {
    let locale = use_locale();
    let sheets = Resource::new(move || locale, list_service_sheets);
    view! {
        <PageTitle text=page_title(&[Text::ServicesTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(t(Text::ServicesTitle))]/>
        <h1 class="page-title">{t(Text::ServicesTitle)}</h1>
        <p class="lead">{t(Text::ServicesIntro)}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match sheets.await {
                    Ok(sheets) => view! {
                        <p class="my-4 font-semibold">
                            {Text::ServicesCount.in_locale(locale).replace("{n}", &sheets.len().to_string())}
                        </p>
                        <ServiceSheetCards sheets heading_level="h2"/>
                    }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn TopicsPage() -> impl IntoView {
    let locale = use_locale();
    let topics = Resource::new(move || locale, list_guide_topics);
    view! {
        <PageTitle text=page_title(&[Text::TopicsTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(t(Text::TopicsTitle))]/>
        <h1 class="page-title">{t(Text::TopicsTitle)}</h1>
        <p class="lead">{t(Text::TopicsIntro)}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match topics.await {
                    Ok(topics) => view! { <div class="mt-6"><TopicCards topics heading_level="h2"/></div> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn TopicPage() -> impl IntoView {
    let locale = use_locale();
    let slug = slug_parameter();
    let topic = Resource::new(move || (slug(), locale), |(slug, locale)| get_guide_topic(slug, locale));
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match topic.await {
                    Ok(Some(TopicWithServiceSheets { topic, service_sheets })) => view! {
                        <PageTitle text=page_title(&[&topic.name, Text::TopicsTitle.in_locale(locale)], locale) description=topic.description.clone()/>
                        <Breadcrumb items=vec![
                            BreadcrumbItem::link(Text::TopicsTitle.in_locale(locale), "/argomenti"),
                            BreadcrumbItem::current(topic.name.clone()),
                        ]/>
                        <h1 class="page-title">{topic.name.clone()}</h1>
                        <p class="lead">{topic.description.clone()}</p>
                        <h2 class="section-title mt-6">{t(Text::TopicServicesTitle)}</h2>
                        <ServiceSheetCards sheets=service_sheets/>
                    }.into_any(),
                    Ok(None) => view! {
                        <NotFoundPage/>
                    }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ServiceSheetPage() -> impl IntoView {
    let locale = use_locale();
    let slug = slug_parameter();
    let sheet = Resource::new(move || (slug(), locale), |(slug, locale)| get_service_sheet(slug, locale));
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match sheet.await {
                    Ok(Some(sheet)) => view! { <ServiceSheetView sheet locale/> }.into_any(),
                    Ok(None) => {
                        set_response_status(404);
                        view! {
                            <PageTitle text=page_title(&[Text::SheetNotFoundTitle.in_locale(locale)], locale)/>
                            <Breadcrumb items=vec![BreadcrumbItem::link(Text::ServicesTitle.in_locale(locale), "/servizi")]/>
                            <h1 class="page-title">{t(Text::SheetNotFoundTitle)}</h1>
                            <p class="lead">{t(Text::SheetNotFoundText)}</p>
                            <p class="mt-4 flex flex-wrap gap-4">
                                <a class="link" href="/cerca">{t(Text::NavSearch)}</a>
                                <a class="link" href="/servizi">{t(Text::ServicesTitle)}</a>
                            </p>
                        }.into_any()
                    }
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The sections of the national model, in order: (anchor id, title, data-element).
const SHEET_SECTIONS: [(&str, Text, &str); 12] = [
    ("a-chi-e-rivolto", Text::SectionAddressed, "service-addressed"),
    ("descrizione", Text::SectionDescription, "service-description-section"),
    ("come-fare", Text::SectionHowTo, "service-how-to"),
    ("cosa-serve", Text::SectionNeeded, "service-needed"),
    ("cosa-si-ottiene", Text::SectionAchieved, "service-achieved"),
    ("tempi-e-scadenze", Text::SectionTimes, "service-calendar-text"),
    ("quanto-costa", Text::SectionCost, "service-cost"),
    ("accedi-al-servizio", Text::SectionAccess, "service-access"),
    ("condizioni-di-servizio", Text::SectionConditions, "service-conditions"),
    ("contatti", Text::SectionContacts, "service-area"),
    ("documenti", Text::SectionDocuments, "service-file"),
    ("argomenti", Text::SectionTopics, "service-topics"),
];

#[component]
fn ServiceSheetView(sheet: ServiceSheet, locale: Locale) -> impl IntoView {
    let json_ld = service_sheet_json_ld(&sheet);
    let body_lang = sheet.body_language_tag.clone();
    let translated_body = body_lang == locale.language_tag();
    let section = |index: usize| SHEET_SECTIONS[index];
    let heading = move |index: usize| {
        let (id, title, _) = section(index);
        view! { <h2 class="section-title" id=id>{title.in_locale(locale)}</h2> }
    };
    let ServiceSheet {
        slug,
        title,
        summary,
        active,
        addressed_to,
        description,
        how_to,
        needed,
        achieved,
        times_and_deadlines,
        cost,
        access,
        conditions,
        office,
        forms,
        topics,
        updated_on,
        ..
    } = sheet;
    let first_topic = topics.first().cloned();
    let mut breadcrumb = vec![BreadcrumbItem::link(Text::ServicesTitle.in_locale(locale), "/servizi")];
    breadcrumb.push(BreadcrumbItem::current(title.clone()));
    view! {
        <PageTitle text=page_title(&[&title, Text::ServicesTitle.in_locale(locale)], locale) description=summary.clone()/>
        <script type="application/ld+json" data-element="metatag" inner_html=json_ld></script>
        <Breadcrumb items=breadcrumb/>
        <div class="grid gap-8 lg:grid-cols-[16rem_1fr]">
            <div class="lg:col-start-2">
                <h1 class="page-title" data-element="service-title">{title.clone()}</h1>
                <p class="mb-2">
                    <span class=if active { "badge badge-active" } else { "badge badge-inactive" } data-element="service-status">
                        {if active { t(Text::ServiceActive) } else { t(Text::ServiceInactive) }}
                    </span>
                </p>
                <p class="lead" data-element="service-description">{summary}</p>
                {first_topic.map(|topic| view! {
                    <p class="mt-2">
                        <a class="chip" href=format!("/argomenti/{}", topic.slug) data-element="service-topic">{topic.name}</a>
                    </p>
                })}
                {(!translated_body).then(|| view! { <Alert kind=AlertKind::Info>{t(Text::OnlyItalianNotice)}</Alert> })}
            </div>
            <nav class="page-index lg:row-span-2 lg:row-start-1" aria-labelledby="page-index-title">
                <h2 class="text-lg font-bold" id="page-index-title">{t(Text::PageIndex)}</h2>
                // The model's validator reads the index as `[data-element="page-index"] > li > a`.
                <ul class="mt-2" data-element="page-index">
                    {SHEET_SECTIONS.iter().map(|(id, title, _)| view! {
                        <li><a class="link inline-flex min-h-11 items-center" href=format!("#{id}")>{title.in_locale(locale)}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
            <div class="sheet-body lg:col-start-2" lang=body_lang>
                <section data-element=section(0).2>{heading(0)}<Paragraphs paragraphs=addressed_to/></section>
                <section data-element=section(1).2>{heading(1)}<Paragraphs paragraphs=description/></section>
                <section data-element=section(2).2>{heading(2)}<ol class="mb-3 list-decimal space-y-1 pl-6">
                    {how_to.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
                </ol></section>
                <section data-element=section(3).2>{heading(3)}<BulletList items=needed/></section>
                <section data-element=section(4).2>{heading(4)}<Paragraphs paragraphs=achieved/></section>
                <section data-element=section(5).2>{heading(5)}<Paragraphs paragraphs=times_and_deadlines/></section>
                <section data-element=section(6).2>{heading(6)}<Paragraphs paragraphs=cost/></section>
                <section data-element=section(7).2>
                    {heading(7)}
                    <p class="mb-3">{match access.kind {
                        ServiceAccessKind::Online => t(Text::AccessOnlineHint),
                        ServiceAccessKind::Booking => t(Text::AccessBookingHint),
                        ServiceAccessKind::Generic => t(Text::AccessGenericHint),
                    }}</p>
                    {access.note.map(|note| view! { <p class="mb-3">{note}</p> })}
                    <a class="button button-primary" href=access.url data-element=access.kind.data_element()>{access.label}</a>
                </section>
                <section data-element=section(8).2>
                    {heading(8)}
                    <Paragraphs paragraphs=conditions/>
                    <p class="mb-3">{t(Text::ConditionsText)}</p>
                    <a class="link" href="/info/condizioni-di-servizio" data-element="service-file">{t(Text::ConditionsLink)}</a>
                </section>
                <section data-element=section(9).2>
                    {heading(9)}
                    <h3 class="font-bold">{t(Text::ResponsibleOffice)}</h3>
                    <p>{office.name}</p>
                    <p>{t(Text::OfficeAddress)}": "{office.address.to_string()}</p>
                    <p>{t(Text::FooterPhoneLabel)}": "<a class="link" href=format!("tel:{}", office.phone.replace(['.', ' '], ""))>{office.phone.clone()}</a></p>
                    <p>{t(Text::FooterEmailLabel)}": "<a class="link" href=format!("mailto:{}", office.email)>{office.email.clone()}</a></p>
                    <p>{t(Text::OfficeHours)}": "{office.hours}</p>
                </section>
                <section data-element=section(10).2>
                    {heading(10)}
                    <ul class="space-y-2">
                        {forms.into_iter().map(|form| view! {
                            <li>
                                <a class="link inline-flex min-h-11 items-center" href=form.url download="" data-element="service-file">
                                    {form.title}<span class="sr-only">{format!(" – {}", t(Text::DownloadFormPdf))}</span>
                                </a>
                                <span class="ml-2 text-slate-700" aria-hidden="true">"(PDF)"</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
                <section data-element=section(11).2>
                    {heading(11)}
                    <ul class="flex flex-wrap gap-2">
                        {topics.into_iter().map(|topic| view! {
                            <li><a class="chip" href=format!("/argomenti/{}", topic.slug)>{topic.name}</a></li>
                        }).collect_view()}
                    </ul>
                </section>
                <p class="mt-6 text-slate-700" lang=locale.language_tag()>
                    {t(Text::LastUpdate)}": "<time datetime=updated_on.clone()>{format_date_long(&updated_on, locale)}</time>
                </p>
            </div>
        </div>
        <PageFeedbackWidget sheet_slug=slug/>
    }
}

/// The schema.org GovernmentService block the national model asks for.
fn service_sheet_json_ld(sheet: &ServiceSheet) -> String {
    #[cfg(feature = "ssr")]
    {
        let value = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "GovernmentService",
            "name": sheet.title,
            "serviceType": sheet.service_type,
            "description": sheet.summary,
            "serviceOperator": { "@type": "GovernmentOrganization", "name": "Comune di Rho" },
            "areaServed": { "@type": "AdministrativeArea", "name": "Rho" },
            "audience": { "@type": "Audience", "audienceType": sheet.addressed_to.first().cloned().unwrap_or_default() },
            "availableChannel": {
                "@type": "ServiceChannel",
                "name": sheet.access.label,
                "serviceUrl": sheet.access.url,
                "availableLanguage": { "@type": "Language", "name": "Italian", "alternateName": "it" },
                "serviceLocation": {
                    "@type": "Place",
                    "name": format!("{} – {}", sheet.office.name, sheet.office.address.place),
                    "address": {
                        "@type": "PostalAddress",
                        "streetAddress": sheet.office.address.street,
                        "postalCode": sheet.office.address.postal_code,
                        "addressLocality": sheet.office.address.town,
                        "addressRegion": sheet.office.address.province,
                        "addressCountry": "IT"
                    }
                }
            }
        });
        // "</" inside a script element would end it early.
        value.to_string().replace("</", "<\\/")
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = sheet;
        String::new()
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let locale = use_locale();
    let query_map = use_query_map();
    let raw_query = query_map.read_untracked().get("q");
    let parsed = raw_query.as_deref().map(SearchQuery::parse);
    let initial = raw_query.clone().unwrap_or_default();
    let results = Resource::new(move || (query_map.read().get("q").unwrap_or_default(), locale), |(query, locale)| search_service_sheets(query, locale));
    let (title, outcome) = match parsed {
        None => (Text::SearchTitle.in_locale(locale).to_string(), None),
        Some(Err(SearchQueryError::Empty)) => (Text::SearchTitle.in_locale(locale).to_string(), Some(Err(Text::SearchEmpty))),
        Some(Err(SearchQueryError::TooLong)) => {
            set_response_status(400);
            (format!("{}{}", Text::ErrorTitlePrefix.in_locale(locale), Text::SearchTitle.in_locale(locale)), Some(Err(Text::SearchQueryTooLong)))
        }
        Some(Ok(query)) => (Text::SearchResultsFor.in_locale(locale).replace("{q}", query.as_str()), Some(Ok(query))),
    };
    view! {
        <PageTitle text=page_title(&[&title], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(t(Text::SearchTitle))]/>
        <h1 class="page-title">{t(Text::SearchTitle)}</h1>
        {search_island_for_locale(locale, initial.chars().take(SEARCH_QUERY_MAX_CHARS).collect(), "search-input")}
        {match outcome {
            None => ().into_any(),
            Some(Err(message)) => view! {
                <div class="mt-6"><Alert kind=AlertKind::Warning>{message.in_locale(locale)}</Alert></div>
            }.into_any(),
            Some(Ok(query)) => view! {
                <section class="mt-8" aria-labelledby="search-results-title">
                    <h2 class="section-title" id="search-results-title">
                        {Text::SearchResultsFor.in_locale(locale).replace("{q}", query.as_str())}
                    </h2>
                    <Suspense fallback=loading>
                        {move || Suspend::new(async move {
                            match results.await {
                                Ok(hits) if hits.is_empty() => view! {
                                    <p role="status">{t(Text::SearchNoResults)}</p>
                                }.into_any(),
                                Ok(hits) => view! {
                                    <p class="mb-4 font-semibold" role="status">{
                                        if hits.len() == 1 { Text::SearchResultsCountOne.in_locale(locale).to_string() }
                                        else { Text::SearchResultsCount.in_locale(locale).replace("{n}", &hits.len().to_string()) }
                                    }</p>
                                    <ol class="space-y-4">
                                        {hits.into_iter().map(|hit| view! {
                                            <li class="card">
                                                <h3 class="card-title"><a class="card-link" href=service_sheet_path(&hit.slug)>{hit.title}</a></h3>
                                                <p class="mt-2 text-slate-700">{hit.summary}</p>
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                }.into_any(),
                                Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                            }
                        })}
                    </Suspense>
                </section>
            }.into_any(),
        }}
    }
}

#[component]
pub fn RatingsPage() -> impl IntoView {
    let locale = use_locale();
    let summaries = Resource::new(move || locale, list_page_feedback_summaries);
    view! {
        <PageTitle text=page_title(&[Text::RatingsTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(t(Text::RatingsTitle))]/>
        <h1 class="page-title">{t(Text::RatingsTitle)}</h1>
        <p class="lead">{t(Text::RatingsIntro)}</p>
        <p class="my-4"><a class="link" href="/valutazioni.json">{t(Text::RatingsDownloadJson)}</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match summaries.await {
                    Ok(rows) if rows.is_empty() => view! { <p>{t(Text::RatingsNone)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="overflow-x-auto" tabindex="0" role="region" aria-labelledby="ratings-caption">
                            <table class="data-table">
                                <caption id="ratings-caption" class="sr-only">{t(Text::RatingsTitle)}</caption>
                                <thead><tr>
                                    <th scope="col">{t(Text::RatingsPage)}</th>
                                    <th scope="col">{t(Text::RatingsResponses)}</th>
                                    <th scope="col">{t(Text::RatingsAverage)}</th>
                                    <th scope="col">{t(Text::RatingsPositive)}</th>
                                    <th scope="col">{t(Text::RatingsNegative)}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|row| {
                                        let average = row.average_rating_text();
                                        view! {
                                            <tr>
                                                <th scope="row"><a class="link" href=row.page_path.clone()>{row.page_title.clone()}</a></th>
                                                <td>{row.responses}</td>
                                                <td>{average}</td>
                                                <td>{row.positive}</td>
                                                <td>{row.negative}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EditorialPageView() -> impl IntoView {
    let locale = use_locale();
    let slug = slug_parameter();
    let page = Resource::new(move || (slug(), locale), |(slug, locale)| get_editorial_page(slug, locale));
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(Some(page)) => view! {
                        <PageTitle text=page_title(&[&page.title], locale) description=page.summary.clone()/>
                        <Breadcrumb items=vec![BreadcrumbItem::current(page.title.clone())]/>
                        <div lang=page.language_tag.clone()>
                            <h1 class="page-title">{page.title.clone()}</h1>
                            <p class="lead">{page.summary.clone()}</p>
                            {page.sections.into_iter().map(|section| {
                                let heading_hook = section.model_hook.as_ref().map(|hook| format!("{hook}-section"));
                                let body_hook = section.model_hook.as_ref().map(|hook| format!("{hook}-body"));
                                let officer = (section.model_hook.as_deref() == Some("dpo")).then(|| {
                                    match use_context::<crate::layout::DataProtectionOfficer>().and_then(|officer| officer.0) {
                                        Some(contact) => view! { <p class="mb-3">{t(Text::DpoContactLabel)}": "{contact}</p> }.into_any(),
                                        None => view! { <p class="mb-3">{t(Text::DpoContactNotConfigured)}</p> }.into_any(),
                                    }
                                });
                                view! {
                                    <section class="mt-6">
                                        <h2 class="section-title" data-element=heading_hook>{section.heading}</h2>
                                        {section.paragraphs.into_iter().map(|paragraph| view! {
                                            <p class="mb-3" data-element=body_hook.clone()>{paragraph}</p>
                                        }).collect_view()}
                                        {officer}
                                    </section>
                                }
                            }).collect_view()}
                        </div>
                        <p class="mt-6 text-slate-700">
                            {t(Text::LastUpdate)}": "<time datetime=page.updated_on.clone()>{format_date_long(&page.updated_on, locale)}</time>
                        </p>
                    }.into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn OfflinePage() -> impl IntoView {
    let locale = use_locale();
    view! {
        <PageTitle text=page_title(&[Text::OfflineTitle.in_locale(locale)], locale)/>
        <h1 class="page-title">{t(Text::OfflineTitle)}</h1>
        <p class="lead">{t(Text::OfflineText)}</p>
        <p class="mt-4"><a class="link" href="/">{t(Text::GoHome)}</a></p>
    }
}
