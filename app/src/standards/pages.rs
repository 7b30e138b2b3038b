//! The public standards page `/carta-dei-servizi` (each standard's promise,
//! target, the year's value and each month's, a chart drawn on the server
//! with the numbers in a table beside it, the method, the open data) and
//! the counter log where clerks note each CNS/CRS PIN handed over.

use super::forms::*;
use super::model::{Measured, PinCard, StandardCode, StandardFigures, PIN_REASON_MAX_CHARS};
use super::server_functions::{get_pin_log, get_standards};
use crate::components::*;
use crate::guide::pages::{form_page_title, loading, page_title, ServiceUnavailable};
use crate::http_context::query_parameter;
use crate::i18n::{format_date_long, t, use_locale, Locale, Text};
use crate::practices::calendar::italian_date_time_of_unix_seconds;
use crate::routes::{PIN_LOG_PATH, STANDARDS_CSV_PATH, STANDARDS_JSON_PATH, STANDARDS_PATH};
use leptos::prelude::*;

/// The standard's name, promise and target.
pub fn standard_texts(code: StandardCode) -> (Text, Text, Text) {
    match code {
        StandardCode::ProceduresOnline => (Text::StandardProceduresName, Text::StandardProceduresPromise, Text::StandardProceduresTarget),
        StandardCode::PinOnTheSpot => (Text::StandardPinName, Text::StandardPinPromise, Text::StandardPinTarget),
        StandardCode::InformationWithin3Days => (Text::StandardInformationName, Text::StandardInformationPromise, Text::StandardInformationTarget),
        StandardCode::ReportsWithin30Days => (Text::StandardReportsName, Text::StandardReportsPromise, Text::StandardReportsTarget),
        StandardCode::MaintenanceDays => (Text::StandardMaintenanceName, Text::StandardMaintenancePromise, Text::StandardMaintenanceTarget),
    }
}

const MONTHS_IT: [&str; 12] =
    ["Gennaio", "Febbraio", "Marzo", "Aprile", "Maggio", "Giugno", "Luglio", "Agosto", "Settembre", "Ottobre", "Novembre", "Dicembre"];
const MONTHS_EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// A month's name in the reader's language (0 is January).
pub fn month_name(month: usize, locale: Locale) -> &'static str {
    match locale {
        Locale::Italian => MONTHS_IT[month % 12],
        Locale::English => MONTHS_EN[month % 12],
    }
}

fn cases_text(value: &Measured, locale: Locale) -> String {
    match value {
        Measured::Share { in_time, of } => Text::StandardCases.fill(locale, &[("in_time", &in_time.to_string()), ("of", &of.to_string())]),
        _ => String::new(),
    }
}

fn met_badge(met: Option<bool>) -> impl IntoView {
    let (class, text) = match met {
        Some(true) => ("badge badge-active", Text::StandardMet),
        Some(false) => ("badge badge-inactive", Text::StandardMissed),
        None => ("badge", Text::StandardNoData),
    };
    view! { <span class=class>{t(text)}</span> }
}

#[component]
fn StandardSection(figures: StandardFigures, chart: String, year: i32) -> impl IntoView {
    let locale = use_locale();
    let (name, promise, target) = standard_texts(figures.code);
    let slug = figures.code.slug();
    let heading_id = format!("{slug}-titolo");
    let labelled_by = heading_id.clone();
    let no_data = t(Text::StandardNoDataShort);
    let year_value = figures.year.display();
    let year_value = if year_value.is_empty() { no_data.to_string() } else { year_value };
    let caption = Text::StandardTableCaption.fill(locale, &[("name", t(name)), ("year", &year.to_string())]);
    let is_count = figures.code.is_count();
    // The charter's chain: a standard missed, a complaint naming it, a compensation.
    let complaint_link = format!("{}?standard={slug}", crate::routes::COMPLAINT_PATH);
    view! {
        <section class="mt-10" id=slug aria-labelledby=labelled_by>
            <h2 class="section-title" id=heading_id>{t(name)}</h2>
            <p>{t(promise)}</p>
            <dl class="definition-list mt-4">
                <dt>{t(Text::StandardTargetLabel)}</dt><dd>{t(target)}</dd>
                <dt>{Text::StandardYearValueLabel.fill(locale, &[("year", &year.to_string())])}</dt>
                <dd>{year_value}" "{cases_text(&figures.year, locale)}" "{met_badge(figures.met)}</dd>
            </dl>
            <p>
                <a class="link inline-flex min-h-11 items-center" href=complaint_link>
                    {t(Text::StandardComplainLink)}<span class="sr-only">{format!(" — {}", t(name))}</span>
                </a>
            </p>
            <div class="mt-4 grid gap-6 lg:grid-cols-2">
                // The chart repeats the table beside it, which is what assistive technologies read.
                <div class="standard-chart" aria-hidden="true" inner_html=chart></div>
                <div class="overflow-x-auto">
                    <table class="table w-full">
                        <caption class="text-left font-bold">{caption}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t(Text::StandardMonthLabel)}</th>
                                <th scope="col">{t(if is_count { Text::StandardCountLabel } else { Text::StandardShareLabel })}</th>
                                {(!is_count).then(|| view! { <th scope="col">{t(Text::StandardCasesLabel)}</th> })}
                            </tr>
                        </thead>
                        <tbody>
                            {figures.months.iter().enumerate().map(|(month, value)| {
                                let shown = value.display();
                                view! {
                                    <tr>
                                        <th scope="row">{month_name(month, locale)}</th>
                                        <td>{if shown.is_empty() { no_data.to_string() } else { shown }}</td>
                                        {(!is_count).then(|| view! { <td>{cases_text(value, locale)}</td> })}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}

/// `/carta-dei-servizi`: the charter's standards, measured live.
#[component]
pub fn StandardsPage() -> impl IntoView {
    let locale = use_locale();
    let year = query_parameter("anno").and_then(|year| year.parse::<i32>().ok());
    let report = Resource::new(move || year, get_standards);
    let title = Text::StandardsTitle.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <p class="lead">{t(Text::StandardsIntro)}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(report) = report.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                let as_of = Text::StandardsAsOf.fill(locale, &[("date", &format_date_long(&report.as_of, locale)), ("year", &report.year.to_string())]);
                let year = report.year;
                view! {
                    <p class="mt-2 font-bold">{as_of}</p>
                    {(report.years.len() > 1).then(|| view! {
                        <nav class="mt-2" aria-label=t(Text::StandardsYearsLabel)>
                            <ul class="flex flex-wrap gap-4">
                                {report.years.iter().map(|other| {
                                    let href = format!("{STANDARDS_PATH}?anno={other}");
                                    let current = (*other == year).then_some("page");
                                    view! { <li><a class="link inline-flex min-h-11 items-center" href=href aria-current=current>{other.to_string()}</a></li> }
                                }).collect_view()}
                            </ul>
                        </nav>
                    })}
                    <nav class="mt-4" aria-labelledby="indice-standard">
                        <h2 class="text-lg font-bold" id="indice-standard">{t(Text::StandardsIndexTitle)}</h2>
                        <ul class="mt-2 list-disc pl-6">
                            {report.standards.iter().map(|figures| {
                                let (name, _, _) = standard_texts(figures.code);
                                view! { <li><a class="link inline-flex min-h-11 items-center" href=format!("#{}", figures.code.slug())>{t(name)}</a></li> }
                            }).collect_view()}
                        </ul>
                    </nav>
                    {report.standards.iter().cloned().zip(report.charts.iter().cloned()).map(|(figures, chart)| view! {
                        <StandardSection figures=figures chart=chart year=year/>
                    }).collect_view()}
                    <section class="mt-10" aria-labelledby="reclamo">
                        <h2 class="section-title" id="reclamo">{t(Text::StandardsComplaintTitle)}</h2>
                        <p>{t(Text::StandardsComplaintText)}</p>
                        <p><a class="link inline-flex min-h-11 items-center" href=crate::routes::COMPLAINT_PATH>{t(Text::StandardsComplaintLink)}</a></p>
                    </section>
                    <section class="mt-10" aria-labelledby="metodo">
                        <h2 class="section-title" id="metodo">{t(Text::StandardsMethodTitle)}</h2>
                        <p>{t(Text::StandardsMethodCases)}</p>
                        <p class="mt-2">{t(Text::StandardsMethodCounts)}</p>
                        <p class="mt-2">{t(Text::StandardsMethodCalendar)}</p>
                    </section>
                    <section class="mt-10" aria-labelledby="dati-aperti">
                        <h2 class="section-title" id="dati-aperti">{t(Text::StandardsOpenDataTitle)}</h2>
                        <p>{t(Text::StandardsOpenDataText)}</p>
                        <ul class="mt-2 list-disc pl-6">
                            <li><a class="link inline-flex min-h-11 items-center" href=format!("{STANDARDS_CSV_PATH}?anno={year}")>{t(Text::StandardsCsvLink)}</a></li>
                            <li><a class="link inline-flex min-h-11 items-center" href=format!("{STANDARDS_JSON_PATH}?anno={year}")>{t(Text::StandardsJsonLink)}</a></li>
                            <li><a class="link inline-flex min-h-11 items-center" href="https://creativecommons.org/licenses/by/4.0/deed.it">{t(Text::StandardsLicence)}</a></li>
                        </ul>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// `/operatore/pin`: the counter log of CNS/CRS PINs handed over, which the
/// "in real time" standard is measured from. Nothing about the person is kept.
#[component]
pub fn PinLogPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let noted = query_parameter("registrato").is_some();
    let log = Resource::new(|| (), |_| get_pin_log());
    let title = Text::PinLogTitle.in_locale(locale);
    let card_error = form.error(CARD_FIELD);
    let outcome_error = form.error(OUTCOME_FIELD);
    let card_class = if card_error.is_some() { "field field-error" } else { "field" };
    let outcome_class = if outcome_error.is_some() { "field field-error mt-4" } else { "field mt-4" };
    let chosen_card = form.value(CARD_FIELD);
    let chosen_outcome = form.value(OUTCOME_FIELD);
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::ClerkTitle.in_locale(locale), "/operatore"), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">{noted.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::PinLogNoted)}</Alert> })}</div>
        <p class="lead">{t(Text::PinLogIntro)}</p>
        <form method="post" action=PIN_LOG_PATH novalidate=true class="mt-6 max-w-2xl">
            <CsrfField/>
            <fieldset class=card_class id=CARD_FIELD>
                <legend class="field-label">{t(Text::PinLogCardLegend)}</legend>
                {card_error.map(|error| view! { <p class="field-error-message"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                {PinCard::ALL.into_iter().map(|card| {
                    let id = format!("{CARD_FIELD}-{}", card.code());
                    let label = t(if card == PinCard::Cns { Text::PinLogCardCns } else { Text::PinLogCardCrs });
                    view! {
                        <div class="choice">
                            <input class="choice-input" type="radio" id=id.clone() name=CARD_FIELD value=card.code() checked={chosen_card == card.code()}/>
                            <label class="choice-label" for=id>{label}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class=outcome_class id=OUTCOME_FIELD>
                <legend class="field-label">{t(Text::PinLogOutcomeLegend)}</legend>
                {outcome_error.map(|error| view! { <p class="field-error-message"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p> })}
                <div class="choice">
                    <input class="choice-input" type="radio" id="esito-subito" name=OUTCOME_FIELD value=ON_THE_SPOT checked={chosen_outcome == ON_THE_SPOT}/>
                    <label class="choice-label" for="esito-subito">{t(Text::PinLogOnTheSpot)}</label>
                </div>
                <div class="choice">
                    <input class="choice-input" type="radio" id="esito-rinviato" name=OUTCOME_FIELD value=DEFERRED checked={chosen_outcome == DEFERRED}/>
                    <label class="choice-label" for="esito-rinviato">{t(Text::PinLogDeferred)}</label>
                </div>
            </fieldset>
            <TextField id=REASON_FIELD.to_string() name=REASON_FIELD.to_string() label=t(Text::PinLogReasonLabel).to_string()
                hint=t(Text::PinLogReasonHint).to_string() error=form.error(REASON_FIELD).unwrap_or_default() value=form.value(REASON_FIELD)
                maxlength=PIN_REASON_MAX_CHARS/>
            <Button>{t(Text::PinLogButton)}</Button>
        </form>
        <section class="mt-8" aria-labelledby="registro-pin">
            <h2 class="section-title" id="registro-pin">{t(Text::PinLogMonthTitle)}</h2>
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    let Ok(entries) = log.await else {
                        return view! { <ServiceUnavailable/> }.into_any();
                    };
                    if entries.is_empty() {
                        return view! { <p>{t(Text::PinLogEmpty)}</p> }.into_any();
                    }
                    view! {
                        <ul class="grid gap-2">
                            {entries.into_iter().map(|entry| {
                                let card = t(if entry.card == PinCard::Cns { Text::PinLogCardCns } else { Text::PinLogCardCrs });
                                let outcome = if entry.on_the_spot { t(Text::PinLogOnTheSpot).to_string() } else {
                                    format!("{}: {}", t(Text::PinLogDeferred), entry.reason.clone().unwrap_or_default())
                                };
                                view! { <li>{format!("{} — {card} — {outcome}", italian_date_time_of_unix_seconds(entry.at))}</li> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
