//! The practices pages: the public catalogue (`/pratiche`) and each
//! procedure's start page (`/pratiche/<slug>`), which says before anything
//! is asked what the citizen will need, how long the office has and what it
//! costs. Server-rendered, no island.

use super::calendar::DayCount;
use super::model::{format_euro_cents, ProcedureTheme, PublishedProcedure};
use super::procedure::Fee;
use super::server_functions::{get_published_procedure, list_procedure_catalogue};
use crate::components::*;
use crate::guide::pages::{loading, page_title, slug_parameter, NotFoundPage, ServiceUnavailable};
use crate::i18n::{t, use_locale, Text};
use leptos::prelude::*;

#[component]
pub fn ProcedureCataloguePage() -> impl IntoView {
    let locale = use_locale();
    let catalogue = Resource::new(move || locale, list_procedure_catalogue);
    view! {
        <PageTitle text=page_title(&[Text::ProceduresTitle.in_locale(locale)], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(t(Text::ProceduresTitle))]/>
        <h1 class="page-title">{t(Text::ProceduresTitle)}</h1>
        <p class="lead">{t(Text::ProceduresIntro)}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match catalogue.await {
                    Ok(themes) => view! { <ProcedureThemes themes/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProcedureThemes(themes: Vec<ProcedureTheme>) -> impl IntoView {
    themes
        .into_iter()
        .map(|theme| {
            let heading_id = format!("tema-{}", theme.slug);
            let labelled_by = heading_id.clone();
            view! {
                <section class="mt-8" aria-labelledby=labelled_by>
                    <h2 class="section-title" id=heading_id>{theme.name}</h2>
                    <ul class="card-grid">
                        {theme.procedures.into_iter().map(|procedure| view! {
                            <li>
                                <Card
                                    title=procedure.title
                                    href=format!("/pratiche/{}", procedure.slug)
                                    text=procedure.summary
                                    data_element="service-link"
                                />
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

#[component]
pub fn ProcedureStartPage() -> impl IntoView {
    let locale = use_locale();
    let slug = slug_parameter();
    let procedure = Resource::new(move || (slug(), locale), |(slug, locale)| get_published_procedure(slug, locale));
    view! {
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                match procedure.await {
                    Ok(Some(procedure)) => view! { <ProcedureStartView procedure/> }.into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProcedureStartView(procedure: PublishedProcedure) -> impl IntoView {
    let locale = use_locale();
    let PublishedProcedure { version, definition, theme_name, office } = procedure;
    let time_limit = definition.time_limit;
    let days_text = match time_limit.count {
        DayCount::Calendar => t(Text::ProcedureTimeLimitCalendar),
        DayCount::Working => t(Text::ProcedureTimeLimitWorking),
    }
    .replace("{days}", &time_limit.days.to_string());
    let cost_text = match &definition.fee {
        None => t(Text::ProcedureFree).to_string(),
        Some(Fee::Fixed { cents, reason, .. }) => format!("{}: {reason}.", format_euro_cents(*cents)),
        Some(Fee::PerUnit { reason, .. }) => format!("{reason}."),
    };
    let documents: Vec<String> = definition.required_documents.iter().map(|document| document.name.clone()).collect();
    let steps: Vec<String> = definition.steps.iter().map(|step| step.title.clone()).collect();
    let declarations: Vec<String> = definition.declarations.iter().map(|declaration| declaration.text.clone()).collect();
    view! {
        <PageTitle text=page_title(&[&definition.title, Text::ProceduresTitle.in_locale(locale)], locale) description=definition.summary.clone()/>
        <Breadcrumb items=vec![
            BreadcrumbItem::link(Text::ProceduresTitle.in_locale(locale), "/pratiche"),
            BreadcrumbItem::current(definition.title.clone()),
        ]/>
        <p class="text-sm font-semibold uppercase tracking-wide text-slate-700">{theme_name}</p>
        <h1 class="page-title">{definition.title.clone()}</h1>
        <p class="lead">{definition.summary.clone()}</p>
        <section class="mt-6" aria-labelledby="prima-di-iniziare">
            <h2 class="section-title" id="prima-di-iniziare">{t(Text::ProcedureBeforeYouStart)}</h2>
            <p class="mb-3">{t(Text::ProcedureAccessLevel2)}</p>
            <h3 class="font-bold mt-4">{t(Text::ProcedureStepsTitle)}</h3>
            <ol class="mb-3 list-decimal space-y-1 pl-6">
                {steps.into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}
                <li>{t(Text::ProcedureCheckAnswersStep)}</li>
            </ol>
            <h3 class="font-bold mt-4">{t(Text::ProcedureDocumentsTitle)}</h3>
            {if documents.is_empty() {
                view! { <p class="mb-3">{t(Text::ProcedureNoDocuments)}</p> }.into_any()
            } else {
                view! { <BulletList items=documents/> }.into_any()
            }}
            {(!declarations.is_empty()).then(|| view! {
                <h3 class="font-bold mt-4">{t(Text::ProcedureDeclarationsTitle)}</h3>
                <BulletList items=declarations/>
            })}
        </section>
        <p class="mt-6"><a class="button button-primary" href=format!("/area-personale/pratiche/nuova/{}", definition.slug) data-element="service-online-access">{t(Text::ProcedureStartButton)}</a></p>
        <section class="mt-6" aria-labelledby="tempi-e-costi">
            <h2 class="section-title" id="tempi-e-costi">{t(Text::ProcedureTimesAndCostsTitle)}</h2>
            <p class="mb-3">{days_text}</p>
            {time_limit.suspended_by_integration.then(|| view! { <p class="mb-3">{t(Text::ProcedureSuspendedByIntegration)}</p> })}
            <p class="mb-3">{cost_text}</p>
        </section>
        <section class="mt-6" aria-labelledby="ufficio">
            <h2 class="section-title" id="ufficio">{t(Text::ProcedureOfficeTitle)}</h2>
            <p>{office.name}</p>
            <p>{t(Text::ProcedureOfficerLabel)}": "{definition.officer.clone()}</p>
            <p>{t(Text::FooterPhoneLabel)}": "<a class="link" href=format!("tel:{}", office.phone.replace(['.', ' '], ""))>{office.phone.clone()}</a></p>
            <p>{t(Text::FooterEmailLabel)}": "<a class="link" href=format!("mailto:{}", office.email)>{office.email.clone()}</a></p>
            {definition.service_sheet.clone().map(|sheet| view! {
                <p class="mt-3"><a class="link" href=format!("/servizi/{sheet}")>{t(Text::ProcedureServiceSheetLink)}</a></p>
            })}
        </section>
        <section class="mt-6" aria-labelledby="privacy">
            <h2 class="section-title" id="privacy">{t(Text::ProcedurePrivacyTitle)}</h2>
            <p class="mb-3">{definition.privacy_notice.clone()}</p>
            <p class="text-sm text-slate-700">{t(Text::ProcedureVersion).replace("{version}", &version.to_string())}</p>
        </section>
    }
}
