//! The appointments' form handlers: an administrator's calendar for an
//! office (audited).

use super::calendars::{save_calendar, OfficeCalendar};
use super::store::{change_state, office_and_day_of, AppointmentStep, StepOutcome};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::sessions::redirect_to;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Administrator, Form, Path, Staff, UserLocale};
use crate::AppState;
use app::appointments::forms::*;
use app::appointments::model::{check_calendar, CalendarInput, CalendarProblem, CounterAction};
use app::auth::model::Role;
use app::i18n::{Locale, Text};
use app::routes::{path_with, APPOINTMENT_CALENDAR_PATH, CLERK_AGENDA_PATH};
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
        StepOutcome::NotAllowed => {
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
