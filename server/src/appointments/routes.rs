//! The appointments' form handlers: an administrator's calendar for an
//! office and the counter's records (audited); the citizens' booking: a
//! slot held, the held slot's steps, the booking moved or cancelled by
//! whoever holds its key, and its calendar file.

use super::availability::{offer, Offer};
use super::calendars::{save_calendar, OfficeCalendar};
use super::reminders::{send_appointment_letter, AppointmentLetter};
use super::store::{
    appointment_by_key, appointment_of_account, change_state, hold_slot, office_and_day_of, save_hold_part, Applicant, AppointmentRecord, AppointmentState,
    AppointmentStep, HoldOutcome, HoldPart, NewHold, StepOutcome,
};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::sessions::redirect_to;
use crate::auth::tokens::{random_token, sha256_hex};
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Administrator, Form, MaybeSignedIn, Path, SignedIn, Staff, UserLocale};
use crate::AppState;
use app::appointments::booking::{check_applicant, ApplicantProblem, BookedBy, BookingKey, BookingStep, DETAILS_MAX_CHARS, HOLD_MINUTES};
use app::appointments::forms::*;
use app::appointments::model::{calendar_file, check_calendar, hhmm, CalendarEvent, CalendarInput, CalendarProblem, CounterAction, Slot};
use app::auth::model::CurrentUser;
use app::auth::model::Role;
use app::i18n::{Locale, Text};
use app::routes::{path_with, APPOINTMENT_CALENDAR_PATH, APPOINTMENT_PATH, BOOKING_PATH, BOOKING_STEP_PATH, CLERK_AGENDA_PATH, MY_APPOINTMENT_PATH};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

fn problem_entry(problem: CalendarProblem, locale: Locale) -> (String, String) {
    let (field, text) = match problem {
        CalendarProblem::Counters => (COUNTERS_FIELD, Text::CalendarErrorCounters),
        CalendarProblem::SlotMinutes => (SLOT_MINUTES_FIELD, Text::CalendarErrorSlotMinutes),
        CalendarProblem::NoticeMinutes => (NOTICE_MINUTES_FIELD, Text::CalendarErrorNotice),
        CalendarProblem::HoursLine => (HOURS_FIELD, Text::CalendarErrorHoursLine),
        CalendarProblem::HoursOrder => (HOURS_FIELD, Text::CalendarErrorHoursOrder),
        CalendarProblem::HoursOverlap => (HOURS_FIELD, Text::CalendarErrorHoursOverlap),
        CalendarProblem::Closures => (CLOSURES_FIELD, Text::CalendarErrorClosures),
        CalendarProblem::Services => (SERVICES_FIELD, Text::CalendarErrorServices),
    };
    (field.to_string(), text.in_locale(locale).to_string())
}

/// POST `/amministrazione/appuntamenti/<office>`.
#[tracing::instrument(skip_all)]
pub async fn save_office_calendar(
    State(state): State<AppState>,
    Administrator(admin): Administrator,
    UserLocale(locale): UserLocale,
    Path(office): Path<String>,
    form: Form<CalendarForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let input = CalendarInput {
        counters: &fields.counters,
        slot_minutes: &fields.slot_minutes,
        notice_minutes: &fields.notice_minutes,
        hours: &fields.hours,
        closures: &fields.closures,
        services: &fields.services,
    };
    let checked =
        check_calendar(&input).map_err(|problems| form.with_problems(problems.into_iter().map(|problem| problem_entry(problem, locale)).collect()))?;
    let calendar = OfficeCalendar {
        office: office.clone(),
        schedule: checked.schedule,
        slot_minutes: checked.slot_minutes,
        notice_minutes: checked.notice_minutes,
        services: checked.services,
    };
    let now = state.config.clock.now_unix_seconds();
    if !save_calendar(&state.pool, &calendar, admin.account_id.as_str(), now).await.or_internal("save_calendar")? {
        return Err(AppError::NotFound);
    }
    append_audit_event(
        &state.pool,
        &AuditEvent::new(admin.account_id.as_str(), "appointment_calendar_changed", String::new())
            .with_details(serde_json::json!({ "office": office, "counters": calendar.schedule.counters, "slot_minutes": calendar.slot_minutes })),
    )
    .await
    .or_internal("audit_calendar")?;
    Ok(redirect_to(&format!("{}?salvato=1", path_with(APPOINTMENT_CALENDAR_PATH, &[&office]))))
}

/// POST `/operatore/appuntamenti`: the counter records that a booking's
/// citizen arrived, was served or did not come (clerks of its office, or
/// an administrator; audited).
#[tracing::instrument(skip_all)]
pub async fn record_at_the_counter(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    UserLocale(locale): UserLocale,
    form: Form<CounterForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let Some(action) = CounterAction::parse(&fields.action) else {
        return Err(AppError::NotFound);
    };
    let Some((office, day)) = office_and_day_of(&state.pool, fields.appointment.trim()).await.or_internal("office_and_day_of")? else {
        return Err(AppError::NotFound);
    };
    if clerk.role != Role::Administrator {
        let offices = crate::auth::accounts::clerk_offices(&state.pool, clerk.account_id.as_str()).await.or_internal("clerk_offices")?;
        if !offices.contains(&office) {
            // Another office's booking is not this clerk's to see.
            return Err(AppError::NotFound);
        }
    }
    let step = match action {
        CounterAction::Arrived => AppointmentStep::Arrive,
        CounterAction::Served => AppointmentStep::Serve,
        CounterAction::NoShow => AppointmentStep::NoShow,
    };
    let now = state.config.clock.now_unix_seconds();
    match change_state(&state.pool, fields.appointment.trim(), step, now).await.or_internal("record_at_the_counter")? {
        StepOutcome::Done | StepOutcome::AlreadyDone => {}
        StepOutcome::NotAllowed | StepOutcome::Taken => {
            return Err(form
                .with_problems(vec![(ACTION_FIELD.to_string(), Text::AgendaErrorNotAllowed.in_locale(locale).to_string())])
                .with_status(StatusCode::CONFLICT));
        }
    }
    append_audit_event(
        &state.pool,
        &AuditEvent::new(clerk.account_id.as_str(), "appointment_counter_step", String::new())
            .with_details(serde_json::json!({ "appointment": fields.appointment.trim(), "step": action.code() })),
    )
    .await
    .or_internal("audit_counter_step")?;
    Ok(redirect_to(&format!("{CLERK_AGENDA_PATH}?{DAY_FIELD}={day}&fatto=1")))
}

fn slot_problem(form_error: Text, locale: Locale) -> Vec<(String, String)> {
    vec![(SLOT_FIELD.to_string(), form_error.in_locale(locale).to_string())]
}

/// The slot a form names, if the offer has it at all; the problem otherwise.
fn posted_slot(offer: &Offer, day: &str, slot: &str, locale: Locale) -> Result<Slot, Vec<(String, String)>> {
    Slot::parse(&format!("{}T{}", day.trim(), slot.trim())).filter(|slot| offer.is_a_slot(*slot)).ok_or_else(|| slot_problem(Text::BookingErrorSlot, locale))
}

/// A citizen's own booking is theirs; a clerk's is for someone who phoned.
fn booking_account(user: &Option<CurrentUser>) -> Option<&str> {
    user.as_ref().filter(|user| user.role == Role::Citizen).map(|user| user.account_id.as_str())
}

fn counter_clerk(user: &Option<CurrentUser>) -> Option<&str> {
    user.as_ref().filter(|user| user.role != Role::Citizen).map(|user| user.account_id.as_str())
}

/// POST `/prenota-appuntamento/giorno`: holds the chosen slot for 15
/// minutes (409 when someone took it meanwhile) and goes on to its details.
#[tracing::instrument(skip_all)]
pub async fn hold_a_slot(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    UserLocale(locale): UserLocale,
    form: Form<HoldForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let Some(offer) = offer(&state.pool, &state.bookable, fields.office.trim(), fields.service.trim()).await.or_internal("booking_offer")? else {
        return Err(AppError::NotFound);
    };
    let slot = posted_slot(&offer, &fields.day, &fields.slot, locale).map_err(|problems| form.with_problems(problems))?;
    let now = state.config.clock.now_unix_seconds();
    let taken = || form.with_problems(slot_problem(Text::BookingErrorSlotTaken, locale)).with_status(StatusCode::CONFLICT);
    if !offer.free_slots(&state.pool, slot.date, now).await.or_internal("free_slots")?.contains(&slot) {
        return Err(taken());
    }
    let key = random_token();
    let key_hash = sha256_hex(key.as_bytes());
    let hold = NewHold {
        office: &offer.calendar.office,
        service: &offer.service,
        slot,
        minutes: offer.minutes,
        counters: offer.calendar.schedule.counters,
        locale,
        account_id: booking_account(&user),
        key_hash: &key_hash,
        expires_at: now + HOLD_MINUTES * 60,
        now,
    };
    match hold_slot(&state.pool, &hold).await.or_internal("hold_slot")? {
        HoldOutcome::Held { .. } => Ok(redirect_to(&path_with(BOOKING_STEP_PATH, &[&key, BookingStep::Details.segment()]))),
        HoldOutcome::Taken => Err(taken()),
    }
}

async fn booking_of(state: &AppState, key: &BookingKey) -> Result<AppointmentRecord, AppError> {
    appointment_by_key(&state.pool, &sha256_hex(key.as_str().as_bytes())).await.or_internal("appointment_by_key")?.ok_or(AppError::NotFound)
}

fn applicant_entry(problem: ApplicantProblem, locale: Locale) -> (String, String) {
    let (field, text) = match problem {
        ApplicantProblem::Name => (NAME_FIELD, Text::BookingErrorName),
        ApplicantProblem::Email => (EMAIL_FIELD, Text::BookingErrorEmail),
        ApplicantProblem::Phone => (PHONE_FIELD, Text::BookingErrorPhone),
    };
    (field.to_string(), text.in_locale(locale).to_string())
}

/// POST `/prenota-appuntamento/<key>/<step>`: the details, the applicant,
/// then the booking itself (idempotent: a second submit finds it booked).
#[tracing::instrument(skip_all)]
pub async fn booking_step(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    UserLocale(locale): UserLocale,
    Path((key, step)): Path<(BookingKey, String)>,
    form: Form<BookingStepForm>,
) -> Result<Response, AppError> {
    let step = BookingStep::parse(&step).ok_or(AppError::NotFound)?;
    let record = booking_of(&state, &key).await?;
    let own_page = path_with(APPOINTMENT_PATH, &[key.as_str()]);
    let step_page = |step: BookingStep| path_with(BOOKING_STEP_PATH, &[key.as_str(), step.segment()]);
    if record.state == AppointmentState::Booked {
        return Ok(redirect_to(&own_page));
    }
    let now = state.config.clock.now_unix_seconds();
    let fields = &form.fields;
    let kept = match step {
        BookingStep::Details => {
            let details = fields.details.trim();
            if details.chars().count() > DETAILS_MAX_CHARS {
                return Err(form.with_problems(vec![(DETAILS_FIELD.to_string(), Text::BookingErrorDetails.in_locale(locale).to_string())]));
            }
            save_hold_part(&state.pool, &record.id, HoldPart::Details(details), now).await.or_internal("save_details")?
        }
        BookingStep::Applicant => {
            let by = if counter_clerk(&user).is_some() { BookedBy::Counter } else { BookedBy::Citizen };
            let applicant = check_applicant(&fields.name, &fields.email, &fields.phone, by)
                .map_err(|problems| form.with_problems(problems.into_iter().map(|problem| applicant_entry(problem, locale)).collect()))?;
            let part = HoldPart::Applicant {
                account_id: booking_account(&user),
                registered_by: counter_clerk(&user),
                name: &applicant.name,
                email: applicant.email.as_deref(),
                phone: applicant.phone.as_deref(),
            };
            save_hold_part(&state.pool, &record.id, part, now).await.or_internal("save_applicant")?
        }
        BookingStep::Summary => {
            let Some(name) = record.name.as_deref() else {
                return Ok(redirect_to(&step_page(BookingStep::Applicant)));
            };
            let applicant = Applicant {
                account_id: booking_account(&user),
                name,
                email: record.email.as_deref().unwrap_or_default(),
                phone: record.phone.as_deref().unwrap_or_default(),
                details: record.details.as_deref().unwrap_or_default(),
            };
            match change_state(&state.pool, &record.id, AppointmentStep::Book(applicant), now).await.or_internal("book")? {
                StepOutcome::Done => {
                    let booked = booking_of(&state, &key).await?;
                    if let Some(clerk) = &booked.registered_by {
                        append_audit_event(
                            &state.pool,
                            &AuditEvent::new(clerk, "appointment_registered_for_caller", String::new())
                                .with_details(serde_json::json!({ "appointment": booked.id, "office": booked.office })),
                        )
                        .await
                        .or_internal("audit_registered_booking")?;
                    }
                    tell(&state, &booked, Text::MailAppointmentBookedSubject, Text::MailAppointmentBookedBody, own_page.clone()).await?;
                    return Ok(redirect_to(&format!("{own_page}?prenotato=1")));
                }
                StepOutcome::AlreadyDone => return Ok(redirect_to(&own_page)),
                StepOutcome::NotAllowed | StepOutcome::Taken => false,
            }
        }
    };
    // A hold that expired meanwhile: its page says so and offers another slot.
    match (kept, step.next()) {
        (true, Some(next)) => Ok(redirect_to(&step_page(next))),
        _ => Ok(redirect_to(&step_page(step))),
    }
}

/// The citizen told about their booking (its language, its channels).
async fn tell(state: &AppState, record: &AppointmentRecord, subject: Text, body: Text, link: String) -> Result<(), AppError> {
    let (day, starts) = (record.slot.date.to_string(), hhmm(record.slot.start));
    let letter = AppointmentLetter {
        account_id: record.account_id.as_deref(),
        email: record.email.as_deref(),
        locale: record.locale,
        name: record.name.as_deref().unwrap_or_default(),
        office: &record.office,
        service: &record.service,
        day: &day,
        starts: &starts,
        subject,
        body,
        link: Some(link),
        once_key: None,
    };
    send_appointment_letter(&state.messages, &state.outbox, &state.appointment_letters, &letter).await.or_internal("appointment_letter")
}

/// POST `/appuntamenti/<key>`: whoever holds the key (the mail's link)
/// moves the booking to another free slot or cancels it.
#[tracing::instrument(skip_all)]
pub async fn manage_appointment(
    State(state): State<AppState>,
    UserLocale(locale): UserLocale,
    Path(key): Path<BookingKey>,
    form: Form<ManageForm>,
) -> Result<Response, AppError> {
    let record = booking_of(&state, &key).await?;
    manage(&state, &record, path_with(APPOINTMENT_PATH, &[key.as_str()]), &form, locale).await
}

/// POST `/area-personale/appuntamenti/<id>`: the same for its citizen;
/// anyone else's is not found.
#[tracing::instrument(skip_all)]
pub async fn manage_my_appointment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    Path(id): Path<String>,
    form: Form<ManageForm>,
) -> Result<Response, AppError> {
    let record = appointment_of_account(&state.pool, user.account_id.as_str(), &id).await.or_internal("appointment_of_account")?.ok_or(AppError::NotFound)?;
    manage(&state, &record, path_with(MY_APPOINTMENT_PATH, &[&id]), &form, locale).await
}

/// A move to another free slot or a cancellation; the citizen is told only
/// when something really changed.
async fn manage(state: &AppState, record: &AppointmentRecord, own_page: String, form: &Form<ManageForm>, locale: Locale) -> Result<Response, AppError> {
    let action = ManageAction::parse(&form.fields.action).ok_or(AppError::NotFound)?;
    let not_booked = || {
        form.with_problems(vec![(ACTION_FIELD.to_string(), Text::AppointmentErrorNotBooked.in_locale(locale).to_string())]).with_status(StatusCode::CONFLICT)
    };
    let now = state.config.clock.now_unix_seconds();
    match action {
        ManageAction::Cancel => match change_state(&state.pool, &record.id, AppointmentStep::Cancel, now).await.or_internal("cancel_appointment")? {
            StepOutcome::Done => {
                let again = format!("{BOOKING_PATH}?{OFFICE_FIELD}={}&{SERVICE_FIELD}={}", record.office, record.service);
                tell(state, record, Text::MailAppointmentCancelledSubject, Text::MailAppointmentCancelledBody, again).await?;
                Ok(redirect_to(&format!("{own_page}?annullato=1")))
            }
            StepOutcome::AlreadyDone => Ok(redirect_to(&format!("{own_page}?annullato=1"))),
            StepOutcome::NotAllowed | StepOutcome::Taken => Err(not_booked()),
        },
        ManageAction::Move => {
            let Some(offer) = offer(&state.pool, &state.bookable, &record.office, &record.service).await.or_internal("booking_offer")? else {
                return Err(not_booked());
            };
            let slot = posted_slot(&offer, &form.fields.day, &form.fields.slot, locale).map_err(|problems| form.with_problems(problems))?;
            let taken = || form.with_problems(slot_problem(Text::BookingErrorSlotTaken, locale)).with_status(StatusCode::CONFLICT);
            if slot != record.slot && !offer.free_slots(&state.pool, slot.date, now).await.or_internal("free_slots")?.contains(&slot) {
                return Err(if record.state == AppointmentState::Booked { taken() } else { not_booked() });
            }
            let step = AppointmentStep::Move { slot, minutes: offer.minutes, counters: offer.calendar.schedule.counters };
            match change_state(&state.pool, &record.id, step, now).await.or_internal("move_appointment")? {
                StepOutcome::Done => {
                    let mut moved = record.clone();
                    moved.slot = slot;
                    tell(state, &moved, Text::MailAppointmentMovedSubject, Text::MailAppointmentMovedBody, own_page.clone()).await?;
                    Ok(redirect_to(&format!("{own_page}?spostato=1")))
                }
                // The same time: nothing moved, nobody told.
                StepOutcome::AlreadyDone => Ok(redirect_to(&format!("{own_page}?invariato=1"))),
                StepOutcome::Taken => Err(taken()),
                StepOutcome::NotAllowed => Err(not_booked()),
            }
        }
    }
}

/// GET `/appuntamenti/<key>/appuntamento.ics`: the booking for a calendar
/// (a cancelled one's file cancels the event).
#[tracing::instrument(skip_all)]
pub async fn appointment_calendar_file(
    State(state): State<AppState>,
    UserLocale(locale): UserLocale,
    Path(key): Path<BookingKey>,
) -> Result<Response, AppError> {
    let record = booking_of(&state, &key).await?;
    calendar_file_of(&state, &record, &path_with(APPOINTMENT_PATH, &[key.as_str()]), locale)
}

/// GET `/area-personale/appuntamenti/<id>/appuntamento.ics`: its citizen's.
#[tracing::instrument(skip_all)]
pub async fn my_appointment_calendar_file(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let record = appointment_of_account(&state.pool, user.account_id.as_str(), &id).await.or_internal("appointment_of_account")?.ok_or(AppError::NotFound)?;
    calendar_file_of(&state, &record, &path_with(MY_APPOINTMENT_PATH, &[&id]), locale)
}

fn calendar_file_of(state: &AppState, record: &AppointmentRecord, page: &str, locale: Locale) -> Result<Response, AppError> {
    if matches!(record.state, AppointmentState::Held | AppointmentState::Released) {
        return Err(AppError::NotFound);
    }
    let starts_at = record.slot.unix_seconds().ok_or(AppError::NotFound)?;
    let office = state.appointment_letters.offices.get(&record.office);
    let office_name = office.map(|office| office.name.clone()).unwrap_or_else(|| record.office.clone());
    let service = state.appointment_letters.service_title(&record.service, locale);
    let host = state.config.public_url.trim_end_matches('/').rsplit('/').next().unwrap_or("sportello").to_string();
    let uid = format!("{}@{host}", record.id);
    let link = format!("{}{page}", state.config.public_url.trim_end_matches('/'));
    let needed = state.bookable.get(&record.service).map(|service| service.needed.join("; ")).unwrap_or_default();
    let description = [needed, link].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join("\n");
    let file = calendar_file(&CalendarEvent {
        uid: &uid,
        sequence: u32::try_from(record.sequence).unwrap_or_default(),
        starts_at,
        minutes: record.minutes,
        summary: &format!("{service} – {office_name}"),
        location: &office.map(|office| office.address.to_string()).unwrap_or_default(),
        description: &description,
        stamped_at: state.config.clock.now_unix_seconds(),
        cancelled: record.state == AppointmentState::Cancelled,
    });
    Ok(crate::http::downloads::private_calendar(file, "appuntamento.ics"))
}
