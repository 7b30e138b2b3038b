//! The citizens' booking pages, one step per page, every one working
//! without JavaScript: the office and the reason (GET forms), a month's free
//! days (links) and a day's free slots (a POST that holds one), then the
//! held slot's details, applicant and summary (POSTs by the hold's key),
//! and the booking's own page, which its mail links to: see it, add it to a
//! calendar, move it, cancel it.

use super::booking::{BookingDayView, BookingPage, BookingStep, BookingView};
use super::forms::*;
use super::server_functions::{get_booking, get_booking_day, get_booking_start, get_my_appointments, get_my_booking};
use crate::auth::model::SubmittedForm;
use crate::components::*;
use crate::guide::pages::{form_page_title, loading, page_title, NotFoundPage, ServiceUnavailable};
use crate::http_context::{current_user, link_with_query, percent_encode, query_parameter, request_path, submitted_form};
use crate::i18n::{format_day_long, format_month, t, use_locale, Locale, Text};
use crate::routes::{
    path_with, APPOINTMENT_CALENDAR_FILE_PATH, APPOINTMENT_PATH, BOOKING_DAY_PATH, BOOKING_PATH, BOOKING_STEP_PATH, MY_APPOINTMENTS_PATH,
    MY_APPOINTMENT_CALENDAR_FILE_PATH, MY_APPOINTMENT_PATH, PERSONAL_AREA_PATH,
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn steps(locale: Locale) -> Vec<String> {
    [Text::BookingStepOffice, Text::BookingStepDay, Text::BookingStepDetails, Text::BookingStepApplicant, Text::BookingStepSummary]
        .iter()
        .map(|text| text.in_locale(locale).to_string())
        .collect()
}

fn service_label(title: &str, minutes: u32, locale: Locale) -> String {
    format!("{title} ({})", Text::BookingMinutes.fill(locale, &[("minutes", &minutes.to_string())]))
}

/// `/prenota-appuntamento`: the office (only the competent ones from a
/// service sheet, preselected when there is one), then the reason.
#[component]
pub fn BookingStartPage() -> impl IntoView {
    let locale = use_locale();
    let service = query_parameter(SERVICE_FIELD).filter(|service| !service.is_empty());
    let office = query_parameter(OFFICE_FIELD).filter(|office| !office.is_empty());
    let start = Resource::new(move || (service.clone(), office.clone()), |(service, office)| get_booking_start(service, office));
    let title = Text::BookingTitle.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <p class="lead">{t(Text::BookingIntro)}</p>
        <StepIndicator steps=steps(locale) current=0/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(start) = start.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                let chosen = start.office.clone().and_then(|office| start.offices.iter().find(|choice| choice.office == office).cloned());
                match chosen {
                    None => {
                        let options = start.offices.iter().map(|office| (office.office.clone(), format!("{} — {}", office.name, office.address))).collect();
                        view! {
                            <form method="get" action=BOOKING_PATH class="mt-6 max-w-2xl">
                                {start.service.clone().map(|service| view! { <input type="hidden" name=SERVICE_FIELD value=service/> })}
                                <SelectField id=OFFICE_FIELD label=t(Text::BookingOfficeLabel).to_string() hint=t(Text::BookingOfficeHint).to_string()
                                    error=None value=String::new() empty=t(Text::BookingChoose).to_string() options/>
                                <Button>{t(Text::BookingNext)}</Button>
                            </form>
                        }.into_any()
                    }
                    Some(office) => {
                        let change = (start.offices.len() > 1).then(|| {
                            link_with_query(BOOKING_PATH, &start.service.clone().map(|service| vec![(SERVICE_FIELD, service)]).unwrap_or_default())
                        });
                        let options = start.services.iter().map(|service| (service.service.clone(), service_label(&service.title, service.minutes, locale))).collect();
                        let preselected = start.service.clone().unwrap_or_default();
                        view! {
                            <section class="mt-6" aria-labelledby="booking-office">
                                <h2 class="section-title" id="booking-office">{t(Text::BookingOfficeLabel)}</h2>
                                <p><strong>{office.name.clone()}</strong></p>
                                <p>{office.address.clone()}</p>
                                {change.map(|href| view! { <p><a class="link inline-flex min-h-11 items-center" href=href>{t(Text::BookingChangeOffice)}</a></p> })}
                            </section>
                            <form method="get" action=BOOKING_DAY_PATH class="mt-6 max-w-2xl">
                                <input type="hidden" name=OFFICE_FIELD value=office.office.clone()/>
                                <SelectField id=SERVICE_FIELD label=t(Text::BookingServiceLabel).to_string() hint=t(Text::BookingServiceHint).to_string()
                                    error=None value=preselected empty=t(Text::BookingChoose).to_string() options/>
                                <Button>{t(Text::BookingNext)}</Button>
                            </form>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The address of a month (and a day) on the page that chooses one.
type DayLink = std::sync::Arc<dyn Fn(&str, Option<&str>) -> String + Send + Sync>;

/// The free days of a month as links, and a chosen day's free slots as a
/// form: shared by the booking's second step and a booking's move.
#[component]
fn DayChooser(
    day_view: BookingDayView,
    /// The address of a month and day (`None` for no day).
    link: DayLink,
    /// Where the slot is posted, and what the form carries besides it.
    action: String,
    hidden: Vec<(&'static str, String)>,
    button: Text,
    form: SubmittedForm,
) -> impl IntoView {
    let locale = use_locale();
    let month_label = crate::appointments::booking::parse_month(&day_view.month)
        .map(|(year, month)| format_month(year, month, locale))
        .unwrap_or_else(|| day_view.month.clone());
    let previous = day_view.previous_month.clone().map(|month| (link(&month, None), Text::BookingPreviousMonth));
    let next = day_view.next_month.clone().map(|month| (link(&month, None), Text::BookingNextMonth));
    let slot_error = form.error(SLOT_FIELD);
    let has_error = slot_error.is_some();
    let chosen_slot = form.value(SLOT_FIELD);
    let day_heading = day_view.day.clone().and_then(|day| crate::practices::validation::parse_date(&day)).map(|day| format_day_long(day, locale));
    view! {
        <section class="mt-6" aria-labelledby="booking-month">
            <h2 class="section-title" id="booking-month">{Text::BookingFreeDaysOf.fill(locale, &[("month", &month_label)])}</h2>
            <nav class="flex flex-wrap gap-4" aria-label=t(Text::BookingMonthsLabel)>
                {previous.map(|(href, text)| view! { <a class="link inline-flex min-h-11 items-center" href=href>{t(text)}</a> })}
                {next.map(|(href, text)| view! { <a class="link inline-flex min-h-11 items-center" href=href>{t(text)}</a> })}
            </nav>
            {if day_view.free_days.is_empty() {
                view! { <p class="mt-2">{t(Text::BookingNoFreeDays)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3" aria-label=t(Text::BookingFreeDaysLabel)>
                        {day_view.free_days.iter().map(|day| {
                            let label = crate::practices::validation::parse_date(day).map(|date| format_day_long(date, locale)).unwrap_or_else(|| day.clone());
                            let current = day_view.day.as_deref() == Some(day.as_str());
                            view! {
                                <li>
                                    <a class="button button-secondary w-full" href=format!("{}#orari", link(&day_view.month, Some(day)))
                                        aria-current=current.then_some("date")>{label}</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {day_heading.map(|heading| view! {
            <section class="mt-6" aria-labelledby="orari">
                <h2 class="section-title" id="orari" tabindex="-1">{Text::BookingFreeSlotsOf.fill(locale, &[("day", &heading)])}</h2>
                <form method="post" action=action.clone() novalidate=true class="mt-2 max-w-2xl">
                    <CsrfField/>
                    {hidden.iter().map(|(name, value)| view! { <input type="hidden" name=*name value=value.clone()/> }).collect_view()}
                    <fieldset class=if has_error { "field field-error" } else { "field" } id=SLOT_FIELD
                        aria-describedby=has_error.then_some("orario-error")>
                        <legend class="field-label">{t(Text::BookingSlotLegend)}</legend>
                        {slot_error.clone().map(|error| view! {
                            <p class="field-error-message" id="orario-error"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{error}</p>
                        })}
                        <div class="grid grid-cols-2 gap-2 sm:grid-cols-4">
                            {day_view.slots.iter().map(|slot| {
                                let id = format!("orario-{}", slot.replace(':', ""));
                                let checked = *slot == chosen_slot;
                                view! {
                                    <div class="choice">
                                        <input class="choice-input" type="radio" id=id.clone() name=SLOT_FIELD value=slot.clone() checked=checked/>
                                        <label class="choice-label" for=id>{slot.clone()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <Button>{t(button)}</Button>
                </form>
            </section>
        })}
    }
}

/// `/prenota-appuntamento/giorno`: a month's free days, a day's free slots.
#[component]
pub fn BookingDayPage() -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let value = |field: &str| form.values.get(field).cloned().or_else(|| query_parameter(field)).unwrap_or_default();
    let (office, service) = (value(OFFICE_FIELD), value(SERVICE_FIELD));
    let month = query_parameter(MONTH_FIELD);
    let day = form.values.get(DAY_FIELD).cloned().or_else(|| query_parameter(DAY_FIELD));
    let day_view = Resource::new(
        move || (office.clone(), service.clone(), month.clone(), day.clone()),
        |(office, service, month, day)| get_booking_day(office, service, month, day),
    );
    let title = Text::BookingStepDay.in_locale(locale);
    let section = Text::BookingTitle.in_locale(locale);
    view! {
        <PageTitle text=form_page_title(&[title, section], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(section, BOOKING_PATH), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{section}</h1>
        <StepIndicator steps=steps(locale) current=1/>
        <SubmittedFormErrors form=form.clone()/>
        <Suspense fallback=loading>
            {move || { let form = form.clone(); Suspend::new(async move {
                match day_view.await {
                    Ok(Some(day_view)) => {
                        let (office, service) = (day_view.office.office.clone(), day_view.service.service.clone());
                        let (link_office, link_service) = (office.clone(), service.clone());
                        let link = std::sync::Arc::new(move |month: &str, day: Option<&str>| {
                            let mut pairs = vec![(OFFICE_FIELD, link_office.clone()), (SERVICE_FIELD, link_service.clone()), (MONTH_FIELD, month.to_string())];
                            if let Some(day) = day {
                                pairs.push((DAY_FIELD, day.to_string()));
                            }
                            link_with_query(BOOKING_DAY_PATH, &pairs)
                        });
                        let action = link(&day_view.month, day_view.day.as_deref());
                        let hidden = vec![(OFFICE_FIELD, office.clone()), (SERVICE_FIELD, service.clone()), (DAY_FIELD, day_view.day.clone().unwrap_or_default())];
                        let back = link_with_query(BOOKING_PATH, &[(OFFICE_FIELD, office), (SERVICE_FIELD, service)]);
                        view! {
                            <section class="mt-6" aria-labelledby="booking-choice">
                                <h2 class="section-title" id="booking-choice">{t(Text::BookingYourChoice)}</h2>
                                <p>{format!("{} — {}", day_view.service.title, day_view.office.name)}</p>
                                <p><a class="link inline-flex min-h-11 items-center" href=back>{t(Text::BookingChangeChoice)}</a></p>
                            </section>
                            <DayChooser day_view link action hidden button=Text::BookingHoldButton form/>
                        }.into_any()
                    }
                    Ok(None) => view! {
                        <Alert kind=AlertKind::Warning>{t(Text::BookingChooseFirst)}</Alert>
                        <p class="mt-4"><a class="button button-primary" href=BOOKING_PATH>{t(Text::BookingStartAgain)}</a></p>
                    }.into_any(),
                    Err(_) => view! { <ServiceUnavailable/> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// The booking's recap, on every step after the hold and on its page.
#[component]
fn BookingRecap(booking: BookingView, #[prop(optional)] with_applicant: bool, #[prop(optional)] change_links: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let day = crate::practices::validation::parse_date(&booking.day).map(|day| format_day_long(day, locale)).unwrap_or_else(|| booking.day.clone());
    let change = |step: BookingStep| change_links.as_ref().map(|key| path_with(BOOKING_STEP_PATH, &[key.as_str(), step.segment()]));
    let mut rows = vec![
        SummaryRow { key: t(Text::BookingServiceLabel).to_string(), value: booking.service.title.clone(), change_href: None },
        SummaryRow {
            key: t(Text::BookingOfficeLabel).to_string(), value: format!("{} — {}", booking.office.name, booking.office.address), change_href: None
        },
        SummaryRow { key: t(Text::BookingDayLabel).to_string(), value: day, change_href: None },
        SummaryRow {
            key: t(Text::BookingTimeLabel).to_string(),
            value: Text::BookingTimeValue.fill(locale, &[("time", &booking.starts), ("minutes", &booking.service.minutes.to_string())]),
            change_href: None,
        },
    ];
    if with_applicant {
        let details = if booking.details.is_empty() { t(Text::BookingNoDetails).to_string() } else { booking.details.clone() };
        rows.push(SummaryRow { key: t(Text::BookingDetailsLabel).to_string(), value: details, change_href: change(BookingStep::Details) });
        let contacts = [booking.name.clone(), booking.email.clone(), booking.phone.clone()].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>();
        rows.push(SummaryRow { key: t(Text::BookingApplicantTitle).to_string(), value: contacts.join(" · "), change_href: change(BookingStep::Applicant) });
    }
    view! { <SummaryList rows/> }
}

/// `/prenota-appuntamento/<key>/<step>`: details, applicant, summary of a held slot.
#[component]
pub fn BookingStepPage() -> impl IntoView {
    let locale = use_locale();
    let (key, step) = use_params_map().with_untracked(|params| (params.get("key").unwrap_or_default(), params.get("step").unwrap_or_default()));
    let step = BookingStep::parse(&step);
    let booking_key = key.clone();
    let booking = Resource::new(move || booking_key.clone(), |key| get_booking(key, false, None, None));
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let section = Text::BookingTitle.in_locale(locale);
    view! {
        <Suspense fallback=loading>
            {move || { let (form, key) = (form.clone(), key.clone()); Suspend::new(async move {
                let (Some(step), Ok(Some(BookingPage { booking, .. }))) = (step, booking.await) else {
                    return view! { <NotFoundPage/> }.into_any();
                };
                let title = match step {
                    BookingStep::Details => Text::BookingStepDetails,
                    BookingStep::Applicant => Text::BookingStepApplicant,
                    BookingStep::Summary => Text::BookingStepSummary,
                }.in_locale(locale);
                let head = view! {
                    <PageTitle text=form_page_title(&[title, section], locale, has_errors)/>
                    <Breadcrumb items=vec![BreadcrumbItem::link(section, BOOKING_PATH), BreadcrumbItem::current(title)]/>
                    <h1 class="page-title">{section}</h1>
                };
                if booking.is_booked() {
                    let href = path_with(APPOINTMENT_PATH, &[&key]);
                    return view! {
                        {head}
                        <Alert kind=AlertKind::Info>{t(Text::BookingAlreadyBooked)}</Alert>
                        <p class="mt-4"><a class="button button-primary" href=href>{t(Text::BookingSeeAppointment)}</a></p>
                    }.into_any();
                }
                if !booking.hold_open {
                    let again = link_with_query(BOOKING_DAY_PATH, &[(OFFICE_FIELD, booking.office.office.clone()), (SERVICE_FIELD, booking.service.service.clone())]);
                    return view! {
                        {head}
                        <Alert kind=AlertKind::Warning>{t(Text::BookingHoldExpired)}</Alert>
                        <p class="mt-4"><a class="button button-primary" href=again>{t(Text::BookingChooseAnotherSlot)}</a></p>
                    }.into_any();
                }
                let action = path_with(BOOKING_STEP_PATH, &[&key, step.segment()]);
                let held = Text::BookingHeldUntil.fill(locale, &[("time", &booking.hold_until)]);
                let value = |field: &str, stored: &str| if has_errors { form.value(field) } else { stored.to_string() };
                let body = match step {
                    BookingStep::Details => view! {
                        <TextAreaField id=DETAILS_FIELD label=t(Text::BookingDetailsLabel).to_string() hint=t(Text::BookingDetailsHint).to_string()
                            error=form.error(DETAILS_FIELD) value=value(DETAILS_FIELD, &booking.details) maxlength=super::booking::DETAILS_MAX_CHARS rows=5/>
                        <Button>{t(Text::BookingNext)}</Button>
                    }.into_any(),
                    BookingStep::Applicant => {
                        let login = format!("/accedi?ritorno={}", percent_encode(&request_path()));
                        let caller = booking.for_a_caller;
                        let signed_in = booking.signed_in || current_user().is_some();
                        let (email_label, email_hint, phone_label, phone_hint) = if caller {
                            (Text::BookingCallerEmailLabel, Text::BookingCallerEmailHint, Text::BookingCallerPhoneLabel, Text::BookingCallerPhoneHint)
                        } else {
                            (Text::BookingEmailLabel, Text::BookingEmailHint, Text::BookingPhoneLabel, Text::BookingPhoneHint)
                        };
                        view! {
                            {(!signed_in).then(|| view! {
                                <p class="mt-4">{t(Text::BookingSignInText)}</p>
                                <p class="mt-2"><a class="button button-secondary" href=login>{t(Text::BookingSignIn)}</a></p>
                            })}
                            {(signed_in && !caller).then(|| view! { <p class="mt-4">{t(Text::BookingFromProfile)}</p> })}
                            {caller.then(|| view! { <p class="mt-4">{t(Text::BookingForACaller)}</p> })}
                            <TextField id=NAME_FIELD.to_string() name=NAME_FIELD.to_string() label=t(Text::BookingNameLabel).to_string()
                                error=form.error(NAME_FIELD).unwrap_or_default() value=value(NAME_FIELD, &booking.name) autocomplete="name"/>
                            <TextField id=EMAIL_FIELD.to_string() name=EMAIL_FIELD.to_string() label=t(email_label).to_string()
                                hint=t(email_hint).to_string() error=form.error(EMAIL_FIELD).unwrap_or_default()
                                value=value(EMAIL_FIELD, &booking.email) input_type="email" autocomplete="email"/>
                            <TextField id=PHONE_FIELD.to_string() name=PHONE_FIELD.to_string() label=t(phone_label).to_string()
                                hint=t(phone_hint).to_string() error=form.error(PHONE_FIELD).unwrap_or_default()
                                value=value(PHONE_FIELD, &booking.phone) input_type="tel" autocomplete="tel"/>
                            <Button>{t(Text::BookingNext)}</Button>
                        }.into_any()
                    }
                    BookingStep::Summary => view! {
                        <p class="mt-4">{t(Text::BookingSummaryText)}</p>
                        <Button>{t(Text::BookingConfirmButton)}</Button>
                    }.into_any(),
                };
                let recap_with_applicant = step == BookingStep::Summary;
                view! {
                    {head}
                    <StepIndicator steps=steps(locale) current=step.position()/>
                    <SubmittedFormErrors form=form.clone()/>
                    <p class="mt-4" role="status">{held}</p>
                    <BookingRecap booking=booking.clone() with_applicant=recap_with_applicant change_links=key.clone()/>
                    <form method="post" action=action novalidate=true class="mt-6 max-w-2xl">
                        <CsrfField/>
                        {body}
                    </form>
                }.into_any()
            })}}
        </Suspense>
    }
}

fn state_text(state: &str) -> Text {
    match state {
        "booked" => Text::AppointmentStateBooked,
        "cancelled" => Text::AppointmentStateCancelled,
        "arrived" | "served" => Text::AppointmentStateServed,
        "no_show" => Text::AppointmentStateNoShow,
        "held" => Text::AppointmentStateHeld,
        _ => Text::AppointmentStateReleased,
    }
}

/// Where a booking's page finds it: by the key its mail's link carries,
/// or by its id in the citizen's personal area.
#[derive(Clone, Debug, PartialEq, Eq)]
enum BookingSource {
    Key(String),
    Mine(String),
}

impl BookingSource {
    fn page(&self) -> String {
        match self {
            BookingSource::Key(key) => path_with(APPOINTMENT_PATH, &[key]),
            BookingSource::Mine(id) => path_with(MY_APPOINTMENT_PATH, &[id]),
        }
    }

    fn calendar_file(&self) -> String {
        match self {
            BookingSource::Key(key) => path_with(APPOINTMENT_CALENDAR_FILE_PATH, &[key]),
            BookingSource::Mine(id) => path_with(MY_APPOINTMENT_CALENDAR_FILE_PATH, &[id]),
        }
    }
}

/// `/appuntamenti/<key>`: the booking its mail links to, with its calendar
/// file, and the ways to move it (`?cambia=1`) or cancel it (`?annulla=1`).
#[component]
pub fn AppointmentPage() -> impl IntoView {
    let key = use_params_map().with_untracked(|params| params.get("key").unwrap_or_default());
    view! { <BookingBody source=BookingSource::Key(key)/> }
}

/// `/area-personale/appuntamenti/<id>`: the same, for its citizen.
#[component]
pub fn MyAppointmentPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|params| params.get("id").unwrap_or_default());
    view! { <BookingBody source=BookingSource::Mine(id)/> }
}

#[component]
fn BookingBody(source: BookingSource) -> impl IntoView {
    let locale = use_locale();
    let form = submitted_form();
    let has_errors = !form.errors.is_empty();
    let changing = query_parameter(CHANGE_QUERY).is_some() || form.values.contains_key(SLOT_FIELD);
    let cancelling = query_parameter(CANCEL_QUERY).is_some();
    let (month, day) = (query_parameter(MONTH_FIELD), form.values.get(DAY_FIELD).cloned().or_else(|| query_parameter(DAY_FIELD)));
    let asked = source.clone();
    let page = Resource::new(
        move || (asked.clone(), month.clone(), day.clone()),
        move |(source, month, day)| async move {
            match source {
                BookingSource::Key(key) => get_booking(key, changing, month, day).await,
                BookingSource::Mine(id) => get_my_booking(id, changing, month, day).await,
            }
        },
    );
    let title = Text::AppointmentTitle.in_locale(locale);
    let breadcrumb = match &source {
        BookingSource::Key(_) => vec![BreadcrumbItem::current(title)],
        BookingSource::Mine(_) => vec![
            BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), PERSONAL_AREA_PATH),
            BreadcrumbItem::link(Text::SectionAppointments.in_locale(locale), MY_APPOINTMENTS_PATH),
            BreadcrumbItem::current(title),
        ],
    };
    let notice = [
        ("prenotato", Text::AppointmentBooked),
        ("spostato", Text::AppointmentMoved),
        ("invariato", Text::AppointmentUnchanged),
        ("annullato", Text::AppointmentCancelled),
    ]
    .into_iter()
    .find(|(query, _)| query_parameter(query).is_some())
    .map(|(_, text)| text);
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=breadcrumb/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">
            {notice.map(|text| view! { <Alert kind=AlertKind::Success>{t(text)}</Alert> })}
        </div>
        <Suspense fallback=loading>
            {move || { let (form, source) = (form.clone(), source.clone()); Suspend::new(async move {
                let Ok(Some(BookingPage { booking, moving })) = page.await else {
                    return view! { <NotFoundPage/> }.into_any();
                };
                let own = source.page();
                let calendar_file = source.calendar_file();
                let booked = booking.is_booked();
                let again = link_with_query(BOOKING_PATH, &[(OFFICE_FIELD, booking.office.office.clone()), (SERVICE_FIELD, booking.service.service.clone())]);
                let needed = booking.needed.clone();
                let state = t(state_text(&booking.state));
                let manage = match (booked, moving, cancelling) {
                    (true, Some(day_view), _) => {
                        let link_own = own.clone();
                        let link = std::sync::Arc::new(move |month: &str, day: Option<&str>| {
                            let mut pairs = vec![(CHANGE_QUERY, "1".to_string()), (MONTH_FIELD, month.to_string())];
                            if let Some(day) = day {
                                pairs.push((DAY_FIELD, day.to_string()));
                            }
                            link_with_query(&link_own, &pairs)
                        });
                        let action = link(&day_view.month, day_view.day.as_deref());
                        let hidden = vec![(ACTION_FIELD, ManageAction::Move.code().to_string()), (DAY_FIELD, day_view.day.clone().unwrap_or_default())];
                        view! {
                            <h2 class="section-title mt-6">{t(Text::AppointmentMoveTitle)}</h2>
                            <p><a class="link inline-flex min-h-11 items-center" href=own.clone()>{t(Text::AppointmentKeepTime)}</a></p>
                            <DayChooser day_view link action hidden button=Text::AppointmentMoveButton form/>
                        }.into_any()
                    }
                    (true, None, true) => view! {
                        <form method="post" action=own.clone() novalidate=true class="mt-6">
                            <CsrfField/>
                            <input type="hidden" name=ACTION_FIELD value=ManageAction::Cancel.code()/>
                            <p>{t(Text::AppointmentCancelQuestion)}</p>
                            <p class="mt-4 flex flex-wrap gap-4">
                                <Button>{t(Text::AppointmentCancelConfirm)}</Button>
                                <a class="button button-secondary" href=own.clone()>{t(Text::AppointmentKeepIt)}</a>
                            </p>
                        </form>
                    }.into_any(),
                    (true, None, false) => view! {
                        <p class="mt-6 flex flex-wrap gap-4">
                            <a class="button button-primary" href=calendar_file download="appuntamento.ics">{t(Text::AppointmentAddToCalendar)}</a>
                            <a class="button button-secondary" href=format!("{own}?{CHANGE_QUERY}=1")>{t(Text::AppointmentChange)}</a>
                            <a class="button button-secondary" href=format!("{own}?{CANCEL_QUERY}=1")>{t(Text::AppointmentCancel)}</a>
                        </p>
                    }.into_any(),
                    (false, _, _) => view! {
                        <p class="mt-6"><a class="button button-primary" href=again>{t(Text::AppointmentBookAgain)}</a></p>
                    }.into_any(),
                };
                view! {
                    <p class="mt-2"><strong>{state}</strong></p>
                    <BookingRecap booking=booking.clone() with_applicant=true/>
                    {(booked && !needed.is_empty()).then(|| view! {
                        <section class="mt-6" aria-labelledby="booking-needed">
                            <h2 class="section-title" id="booking-needed">{t(Text::AppointmentWhatToBring)}</h2>
                            <BulletList items=needed/>
                        </section>
                    })}
                    {manage}
                }.into_any()
            })}}
        </Suspense>
    }
}

/// `/area-personale/appuntamenti`: the citizen's bookings, the latest first.
#[component]
pub fn MyAppointmentsPage() -> impl IntoView {
    let locale = use_locale();
    let appointments = Resource::new(|| (), |_| get_my_appointments());
    let title = Text::SectionAppointments.in_locale(locale);
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::PersonalArea.in_locale(locale), PERSONAL_AREA_PATH), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <p class="mt-4"><a class="button button-primary" href=BOOKING_PATH>{t(Text::BookingTitle)}</a></p>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let Ok(appointments) = appointments.await else {
                    return view! { <ServiceUnavailable/> }.into_any();
                };
                if appointments.is_empty() {
                    return view! { <p class="mt-4">{t(Text::MyAppointmentsEmpty)}</p> }.into_any();
                }
                view! {
                    <ul class="mt-4 grid gap-4" aria-label=title>
                        {appointments.into_iter().map(|appointment| {
                            let day = crate::practices::validation::parse_date(&appointment.day)
                                .map(|day| format_day_long(day, locale))
                                .unwrap_or_else(|| appointment.day.clone());
                            let heading = format!("{day}, {}", appointment.starts);
                            view! {
                                <li class="card">
                                    <h2 class="card-title">
                                        <a class="link inline-flex min-h-11 items-center" href=path_with(MY_APPOINTMENT_PATH, &[&appointment.id])>{heading}</a>
                                    </h2>
                                    <p>{format!("{} — {}", appointment.service_title, appointment.office_name)}</p>
                                    <p><strong>{t(state_text(&appointment.state))}</strong></p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </Suspense>
    }
}
