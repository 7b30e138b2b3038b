//! The appointments' form handlers: an administrator's calendar for an
//! office (audited).

use super::calendars::{save_calendar, OfficeCalendar};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::sessions::redirect_to;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Administrator, Form, Path, UserLocale};
use crate::AppState;
use app::appointments::forms::*;
use app::appointments::model::{check_calendar, CalendarInput, CalendarProblem};
use app::i18n::{Locale, Text};
use app::routes::{path_with, APPOINTMENT_CALENDAR_PATH};
use axum::extract::State;
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
