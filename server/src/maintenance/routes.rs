//! The administrators' maintenance form (schedule a window, cancel one not
//! yet started: both audited) and the development clock's form.

use super::store::{cancel_window, schedule_window, scheduled_windows};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::sessions::redirect_to;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Administrator, Form, UserLocale};
use crate::AppState;
use app::i18n::{Locale, Text};
use app::maintenance::forms::*;
use app::maintenance::model::{check_window, MaintenanceWindow, WindowField, WindowProblem, WindowRequest};
use app::maintenance::pages::window_span;
use app::practices::calendar::{italian_date, italian_date_time_of_unix_seconds, parse_rome_date_time};
use app::routes::{DEVELOPMENT_CLOCK_PATH, MAINTENANCE_PATH};
use axum::extract::State;
use axum::response::Response;

fn field_of(problem: &WindowProblem) -> &'static str {
    match problem.field() {
        WindowField::Start => START_DATE_FIELD,
        WindowField::End => END_DATE_FIELD,
        WindowField::Reason => REASON_FIELD,
        WindowField::Confirmation => CONFIRM_FIELD,
    }
}

fn problem_text(problem: &WindowProblem, notice_days: u32, guard_days: u32, locale: Locale) -> String {
    match problem {
        WindowProblem::StartInvalid => Text::MaintenanceErrorStart.in_locale(locale).to_string(),
        WindowProblem::EndInvalid => Text::MaintenanceErrorEnd.in_locale(locale).to_string(),
        WindowProblem::EndNotAfterStart => Text::MaintenanceErrorEndNotAfterStart.in_locale(locale).to_string(),
        WindowProblem::TooSoon { earliest } => {
            Text::MaintenanceErrorTooSoon.fill(locale, &[("notice", &notice_days.to_string()), ("earliest", &italian_date_time_of_unix_seconds(*earliest))])
        }
        WindowProblem::Overlaps { other_starts_at, other_ends_at } => {
            let other = MaintenanceWindow { starts_at: *other_starts_at, ends_at: *other_ends_at, ..Default::default() };
            Text::MaintenanceErrorOverlaps.fill(locale, &[("span", &window_span(&other, locale))])
        }
        WindowProblem::NearDeadline { name_it, name_en, date } => Text::MaintenanceErrorNearDeadline.fill(
            locale,
            &[
                ("guard", &guard_days.to_string()),
                ("deadline", if locale == Locale::English { name_en.as_str() } else { name_it.as_str() }),
                ("date", &italian_date(*date)),
            ],
        ),
        WindowProblem::ReasonMissing | WindowProblem::ReasonTooLong => Text::MaintenanceErrorReason.in_locale(locale).to_string(),
        WindowProblem::OverBudget { year, days } => Text::MaintenanceErrorOverBudget.fill(locale, &[("year", &year.to_string()), ("days", &days.to_string())]),
    }
}

/// POST `/amministrazione/manutenzione`: schedule a window (every rule
/// checked, the budget's confirmation asked when needed), or cancel one.
#[tracing::instrument(skip_all)]
pub async fn manage_maintenance(
    State(state): State<AppState>,
    Administrator(admin): Administrator,
    UserLocale(locale): UserLocale,
    form: Form<WindowForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let schedule = &state.maintenance;
    let now = schedule.clock.now_unix_seconds();
    if fields.action == CANCEL_ACTION {
        if !cancel_window(&state.pool, &fields.window, admin.account_id.as_str(), now).await.or_internal("cancel_maintenance")? {
            return Err(form.with_problems(vec![(WINDOWS_SECTION.to_string(), Text::MaintenanceErrorUnknownWindow.in_locale(locale).to_string())]));
        }
        append_audit_event(&state.pool, &AuditEvent::new(admin.account_id.as_str(), "maintenance_cancelled", fields.window.as_str()))
            .await
            .or_internal("audit_maintenance")?;
        schedule.refresh().await.or_internal("refresh_maintenance")?;
        return Ok(redirect_to(&format!("{MAINTENANCE_PATH}?annullata=1")));
    }
    let existing = scheduled_windows(&state.pool).await.or_internal("maintenance_windows")?;
    let request = WindowRequest {
        start_date: &fields.start_date,
        start_time: &fields.start_time,
        end_date: &fields.end_date,
        end_time: &fields.end_time,
        reason: &fields.reason,
        confirmed: fields.confirm == "si",
    };
    let rules = &schedule.rules;
    let window = check_window(rules, &existing, now, &request).map_err(|problems| {
        form.with_problems(
            problems.iter().map(|problem| (field_of(problem).to_string(), problem_text(problem, rules.notice_days, rules.guard_days, locale))).collect(),
        )
    })?;
    let id = schedule_window(&state.pool, &window, admin.account_id.as_str(), now).await.or_internal("schedule_maintenance")?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(admin.account_id.as_str(), "maintenance_scheduled", id.as_str()).with_details(serde_json::json!({
            "starts_at": window.starts_at, "ends_at": window.ends_at, "over_budget": window.over_budget,
        })),
    )
    .await
    .or_internal("audit_maintenance")?;
    schedule.refresh().await.or_internal("refresh_maintenance")?;
    Ok(redirect_to(&format!("{MAINTENANCE_PATH}?programmata=1")))
}

/// POST `/sviluppo/orologio`, only with `SPORTELLO_TEST_CLOCK=1` (never in
/// production): moves the server's clock to the time given.
#[tracing::instrument(skip_all)]
pub async fn move_development_clock(State(state): State<AppState>, UserLocale(locale): UserLocale, form: Form<ClockForm>) -> Result<Response, AppError> {
    if !state.config.test_clock {
        return Err(AppError::NotFound);
    }
    let target = form.fields.now.split_once('T').and_then(|(date, time)| parse_rome_date_time(date, time.get(..5).unwrap_or(time)));
    let Some(target) = target else {
        return Err(form.with_problems(vec![(CLOCK_FIELD.to_string(), Text::DevelopmentClockError.in_locale(locale).to_string())]));
    };
    state.config.clock.set_now(target);
    Ok(redirect_to(&format!("{DEVELOPMENT_CLOCK_PATH}?spostato=1")))
}
