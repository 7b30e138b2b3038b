//! The administrators' pages of the offices' calendars: every office that
//! takes appointments with its counters and lengths, and one office's
//! calendar to edit (hours one span per line, closures one day per line,
//! the services' own lengths). The form posts without JavaScript; a
//! mistake names its field and keeps what was typed.

use super::forms::*;
use super::model::{AgendaEntry, CalendarView, CounterAction};
use super::server_functions::{get_agenda, get_calendar, get_calendars};
use crate::components::*;
use crate::guide::pages::{form_page_title, loading, page_title, NotFoundPage, ServiceUnavailable};
use crate::http_context::{query_parameter, submitted_form};
use crate::i18n::{format_date_long, t, use_locale, Locale, Text};
use crate::routes::{path_with, ADMINISTRATION_PATH, APPOINTMENT_CALENDARS_PATH, APPOINTMENT_CALENDAR_PATH, CLERK_AGENDA_PATH};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn administration(locale: Locale) -> BreadcrumbItem {
    BreadcrumbItem::link(Text::AdministrationTitle.in_locale(locale), ADMINISTRATION_PATH)
}

/// `/amministrazione/appuntamenti`: every office's calendar at a glance.
#[component]
pub fn CalendarsPage() -> impl IntoView {
    let locale = use_locale();
    let calendars = Resource::new(|| (), |_| get_calendars());
    let title = Text::CalendarsTitle.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![administration(locale), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <p class="lead">{t(Text::CalendarsIntro)}</p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(calendars) = calendars.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                view! {
                    <div class="overflow-x-auto">
                        <table class="data-table mt-4">
                            <caption class="sr-only">{title}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{t(Text::CalendarOfficeColumn)}</th>
                                    <th scope="col">{t(Text::CalendarCountersLabel)}</th>
                                    <th scope="col">{t(Text::CalendarSlotMinutesLabel)}</th>
                                    <th scope="col">{t(Text::CalendarHoursLabel)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {calendars.into_iter().map(|calendar| {
                                    let href = path_with(APPOINTMENT_CALENDAR_PATH, &[&calendar.office]);
                                    view! {
                                        <tr>
                                            <th scope="row"><a class="link inline-flex min-h-11 items-center" href=href>{calendar.office_name.clone()}</a></th>
                                            <td>{calendar.counters}</td>
                                            <td>{calendar.slot_minutes}</td>
                                            <td class="whitespace-pre-line">{calendar.hours.clone()}</td>
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

/// `/amministrazione/appuntamenti/<office>`: one office's calendar to edit.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let office = use_params_map().with_untracked(|params| params.get("office").unwrap_or_default());
    let calendar = Resource::new(move || office.clone(), get_calendar);
    let form = submitted_form();
    view! {
        <Suspense fallback=loading>
            {move || { let form = form.clone(); Suspend::new(async move {
                match calendar.await {
                    Ok(Some(calendar)) => view! { <CalendarForm calendar form/> }.into_any(),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn CalendarForm(calendar: CalendarView, form: crate::auth::model::SubmittedForm) -> impl IntoView {
    let locale = use_locale();
    let has_errors = !form.errors.is_empty();
    let saved = query_parameter("salvato").is_some();
    let title = calendar.office_name.clone();
    let section = Text::CalendarsTitle.in_locale(locale);
    // After a mistake, what was typed; otherwise what is on record.
    let value = |field: &str, saved: String| if has_errors { form.value(field) } else { saved };
    let counters = value(COUNTERS_FIELD, calendar.counters.to_string());
    let slot_minutes = value(SLOT_MINUTES_FIELD, calendar.slot_minutes.to_string());
    let notice_minutes = value(NOTICE_MINUTES_FIELD, calendar.notice_minutes.to_string());
    let hours = value(HOURS_FIELD, calendar.hours.clone());
    let closures = value(CLOSURES_FIELD, calendar.closures.clone());
    let services = value(SERVICES_FIELD, calendar.services.clone());
    let action = path_with(APPOINTMENT_CALENDAR_PATH, &[&calendar.office]);
    view! {
        <PageTitle text=form_page_title(&[&title, section], locale, has_errors)/>
        <Breadcrumb items=vec![administration(locale), BreadcrumbItem::link(section, APPOINTMENT_CALENDARS_PATH), BreadcrumbItem::current(title.clone())]/>
        <h1 class="page-title">{title.clone()}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">
            {saved.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::CalendarSaved)}</Alert> })}
        </div>
        <p class="lead">{t(Text::CalendarIntro)}</p>
        <form method="post" action=action novalidate=true class="mt-6 max-w-xl">
            <CsrfField/>
            <TextField id=COUNTERS_FIELD.to_string() name=COUNTERS_FIELD.to_string() label=t(Text::CalendarCountersLabel).to_string()
                hint=t(Text::CalendarCountersHint).to_string() error=form.error(COUNTERS_FIELD).unwrap_or_default() value=counters inputmode="numeric"/>
            <TextField id=SLOT_MINUTES_FIELD.to_string() name=SLOT_MINUTES_FIELD.to_string() label=t(Text::CalendarSlotMinutesLabel).to_string()
                hint=t(Text::CalendarSlotMinutesHint).to_string() error=form.error(SLOT_MINUTES_FIELD).unwrap_or_default() value=slot_minutes inputmode="numeric"/>
            <TextField id=NOTICE_MINUTES_FIELD.to_string() name=NOTICE_MINUTES_FIELD.to_string() label=t(Text::CalendarNoticeLabel).to_string()
                hint=t(Text::CalendarNoticeHint).to_string() error=form.error(NOTICE_MINUTES_FIELD).unwrap_or_default() value=notice_minutes inputmode="numeric"/>
            <TextAreaField id=HOURS_FIELD label=t(Text::CalendarHoursLabel).to_string() hint=t(Text::CalendarHoursHint).to_string()
                error=form.error(HOURS_FIELD) value=hours maxlength=2000 rows=8/>
            <TextAreaField id=CLOSURES_FIELD label=t(Text::CalendarClosuresLabel).to_string() hint=t(Text::CalendarClosuresHint).to_string()
                error=form.error(CLOSURES_FIELD) value=closures maxlength=4000 rows=5/>
            <TextAreaField id=SERVICES_FIELD label=t(Text::CalendarServicesLabel).to_string() hint=t(Text::CalendarServicesHint).to_string()
                error=form.error(SERVICES_FIELD) value=services maxlength=4000 rows=5/>
            <p class="mt-6"><Button>{t(Text::CalendarSaveButton)}</Button></p>
        </form>
    }
}

fn state_text(state: &str) -> Text {
    match state {
        "arrived" => Text::AgendaStateArrived,
        "served" => Text::AgendaStateServed,
        "no_show" => Text::AgendaStateNoShow,
        _ => Text::AgendaStateBooked,
    }
}

fn action_text(action: CounterAction) -> Text {
    match action {
        CounterAction::Arrived => Text::AgendaActionArrived,
        CounterAction::Served => Text::AgendaActionServed,
        CounterAction::NoShow => Text::AgendaActionNoShow,
    }
}

/// `/operatore/appuntamenti?giorno=`: the day's bookings at the clerk's
/// offices, in order, with what the counter records of each.
#[component]
pub fn AgendaPage() -> impl IntoView {
    let locale = use_locale();
    let day = query_parameter(DAY_FIELD);
    let agenda = Resource::new(move || day.clone(), get_agenda);
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let done = query_parameter("fatto").is_some();
    let title = Text::AgendaTitle.in_locale(locale);
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::ClerkTitle.in_locale(locale), "/operatore"), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">
            {done.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::AgendaRecorded)}</Alert> })}
        </div>
        <p class="mt-4"><a class="button button-secondary" href=crate::routes::BOOKING_PATH>{t(Text::AgendaRegisterCall)}</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(agenda) = agenda.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                let heading = format_date_long(&agenda.day, locale);
                let previous = format!("{CLERK_AGENDA_PATH}?{DAY_FIELD}={}", agenda.previous_day);
                let next = format!("{CLERK_AGENDA_PATH}?{DAY_FIELD}={}", agenda.next_day);
                let day = agenda.day.clone();
                view! {
                    <h2 class="section-title mt-4">{heading}</h2>
                    <nav class="flex flex-wrap gap-4" aria-label=t(Text::AgendaDaysLabel)>
                        <a class="link inline-flex min-h-11 items-center" href=previous>{t(Text::AgendaPreviousDay)}</a>
                        <a class="link inline-flex min-h-11 items-center" href=next>{t(Text::AgendaNextDay)}</a>
                    </nav>
                    {if agenda.entries.is_empty() {
                        view! { <p class="mt-4">{t(Text::AgendaEmpty)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="mt-4 grid gap-4" aria-label=t(Text::AgendaTitle)>
                                {agenda.entries.into_iter().map(|entry| view! { <AgendaItem entry day=day.clone()/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn AgendaItem(entry: AgendaEntry, day: String) -> impl IntoView {
    let heading = format!("{} — {}", entry.starts, entry.name);
    let details = format!("{} · {} · {} {}", entry.service_title, entry.office_name, t(Text::AgendaCounterLabel), entry.counter);
    let contacts = [entry.phone.clone(), entry.email.clone()].into_iter().filter(|contact| !contact.is_empty()).collect::<Vec<_>>().join(" · ");
    let actions = entry.actions.clone();
    let id = entry.id.clone();
    view! {
        <li class="card">
            <h3 class="card-title">{heading.clone()}</h3>
            <p>{details}</p>
            {(!contacts.is_empty()).then(|| view! { <p>{contacts}</p> })}
            <p><strong>{t(state_text(&entry.state))}</strong></p>
            {(!actions.is_empty()).then(|| view! {
                <form method="post" action=CLERK_AGENDA_PATH class="mt-2 flex flex-wrap gap-2">
                    <CsrfField/>
                    <input type="hidden" name=APPOINTMENT_FIELD value=id.clone()/>
                    <input type="hidden" name=DAY_FIELD value=day.clone()/>
                    {actions.iter().map(|action| view! {
                        <button class="button button-secondary" type="submit" name=ACTION_FIELD value=action.code()>
                            {t(action_text(*action))}<span class="sr-only">{format!(" — {heading}")}</span>
                        </button>
                    }).collect_view()}
                </form>
            })}
        </li>
    }
}
