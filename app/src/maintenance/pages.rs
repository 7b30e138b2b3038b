//! The administrators' maintenance page (`/amministrazione/manutenzione`:
//! the windows, this year's days against the budget, the coming deadlines,
//! the form that schedules one), the banner that announces a window on
//! every page, and the development clock's page.

use super::forms::*;
use super::model::{MaintenanceWindow, WindowView, REASON_MAX_CHARS, YEARLY_BUDGET_DAYS};
use super::server_functions::get_maintenance_administration;
use crate::components::*;
use crate::guide::pages::{form_page_title, loading, page_title, NotFoundPage, ServiceUnavailable};
use crate::http_context::query_parameter;
use crate::i18n::{format_date_long, t, use_locale, Locale, Text};
use crate::practices::calendar::italian_date_time_of_unix_seconds;
use crate::routes::{ADMINISTRATION_PATH, DEVELOPMENT_CLOCK_PATH, MAINTENANCE_PATH};
use leptos::prelude::*;

/// The window's time span as one sentence part: "dal 10/03/2027 01:00 al 10/03/2027 05:00".
pub fn window_span(window: &MaintenanceWindow, locale: Locale) -> String {
    Text::MaintenanceSpan
        .fill(locale, &[("start", &italian_date_time_of_unix_seconds(window.starts_at)), ("end", &italian_date_time_of_unix_seconds(window.ends_at))])
}

/// The announcement of the next window, on every page from the notice days
/// before it starts (the server puts it into the request).
#[component]
pub fn MaintenanceBanner() -> impl IntoView {
    let locale = use_locale();
    crate::http_context::announced_maintenance().map(|window| {
        view! {
            <section class="maintenance-banner" aria-labelledby="avviso-manutenzione">
                <div class="container py-3">
                    <h2 class="text-base font-bold" id="avviso-manutenzione">{t(Text::MaintenanceBannerTitle)}</h2>
                    <p>{Text::MaintenanceBannerText.fill(locale, &[("span", &window_span(&window, locale)), ("reason", &window.reason)])}</p>
                </div>
            </section>
        }
    })
}

fn state_text(view: &WindowView, now: i64) -> Text {
    if view.cancelled {
        Text::MaintenanceStateCancelled
    } else if view.window.is_under_way(now) {
        Text::MaintenanceStateUnderWay
    } else if view.window.ends_at <= now {
        Text::MaintenanceStateDone
    } else {
        Text::MaintenanceStateScheduled
    }
}

#[component]
pub fn MaintenancePage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let has_errors = !form.errors.is_empty();
    let scheduled = query_parameter("programmata").is_some();
    let cancelled = query_parameter("annullata").is_some();
    let administration = Resource::new(|| (), |_| get_maintenance_administration());
    let title = Text::MaintenanceTitle.in_locale(locale);
    view! {
        <PageTitle text=form_page_title(&[title], locale, has_errors)/>
        <Breadcrumb items=vec![BreadcrumbItem::link(Text::AdministrationTitle.in_locale(locale), ADMINISTRATION_PATH), BreadcrumbItem::current(title)]/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">
            {scheduled.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::MaintenanceScheduled)}</Alert> })}
            {cancelled.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::MaintenanceCancelled)}</Alert> })}
        </div>
        <Suspense fallback=loading>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    let Ok(administration) = administration.await else {
                        return view! { <ServiceUnavailable/> }.into_any();
                    };
                    let now = administration.now;
                    let rules = Text::MaintenanceRules.fill(
                        locale,
                        &[("budget", &YEARLY_BUDGET_DAYS.to_string()), ("notice", &administration.notice_days.to_string()), ("guard", &administration.guard_days.to_string())],
                    );
                    let used = Text::MaintenanceDaysUsed.fill(
                        locale,
                        &[("year", &administration.year.to_string()), ("days", &administration.days_this_year.to_string()), ("budget", &YEARLY_BUDGET_DAYS.to_string())],
                    );
                    let over = administration.days_this_year > YEARLY_BUDGET_DAYS;
                    // The confirmation is asked only once the budget refused the window.
                    let confirming = form.error(CONFIRM_FIELD).is_some();
                    view! {
                        <p class="lead">{rules}</p>
                        <p class=if over { "alert alert-warning" } else { "mt-2 font-bold" } data-testid="maintenance-days">{used}</p>
                        <section class="mt-6" aria-labelledby=WINDOWS_SECTION>
                            <h2 class="section-title" id=WINDOWS_SECTION tabindex="-1">{t(Text::MaintenanceWindowsTitle)}</h2>
                            {if administration.windows.is_empty() {
                                view! { <p>{t(Text::MaintenanceNoWindows)}</p> }.into_any()
                            } else {
                                view! {
                                    <div class="overflow-x-auto">
                                        <table class="table w-full">
                                            <caption class="sr-only">{t(Text::MaintenanceWindowsTitle)}</caption>
                                            <thead>
                                                <tr>
                                                    <th scope="col">{t(Text::MaintenanceWhenLabel)}</th>
                                                    <th scope="col">{t(Text::MaintenanceReasonLabel)}</th>
                                                    <th scope="col">{t(Text::MaintenanceDaysLabel)}</th>
                                                    <th scope="col">{t(Text::MaintenanceStateLabel)}</th>
                                                    <th scope="col"><span class="sr-only">{t(Text::MaintenanceCancelButton)}</span></th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {administration.windows.iter().map(|row| {
                                                    let span = window_span(&row.window, locale);
                                                    let cancellable = !row.cancelled && row.window.starts_at > now;
                                                    let over_budget = row.window.over_budget && !row.cancelled;
                                                    view! {
                                                        <tr>
                                                            <td>{span.clone()}</td>
                                                            <td>{row.window.reason.clone()}</td>
                                                            <td>{row.days}{over_budget.then(|| view! { " "<span class="badge badge-inactive">{t(Text::MaintenanceOverBudgetBadge)}</span> })}</td>
                                                            <td>{t(state_text(row, now))}</td>
                                                            <td>{cancellable.then(|| view! {
                                                                <form method="post" action=MAINTENANCE_PATH>
                                                                    <CsrfField/>
                                                                    <input type="hidden" name=ACTION_FIELD value=CANCEL_ACTION/>
                                                                    <input type="hidden" name=WINDOW_FIELD value=row.window.id.clone()/>
                                                                    <Button style=ButtonStyle::Secondary>
                                                                        {t(Text::MaintenanceCancelButton)}<span class="sr-only">{format!(" — {span}")}</span>
                                                                    </Button>
                                                                </form>
                                                            })}</td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                }.into_any()
                            }}
                        </section>
                        <section class="mt-6" aria-labelledby="scadenze">
                            <h2 class="section-title" id="scadenze">{t(Text::MaintenanceDeadlinesTitle)}</h2>
                            <p>{Text::MaintenanceDeadlinesIntro.fill(locale, &[("guard", &administration.guard_days.to_string())])}</p>
                            <ul class="mt-2 list-disc pl-6">
                                {administration.deadlines.iter().map(|deadline| view! {
                                    <li>{format!("{}: {}", format_date_long(&deadline.date, locale), deadline.name)}</li>
                                }).collect_view()}
                            </ul>
                        </section>
                        <form method="post" action=MAINTENANCE_PATH novalidate=true class="mt-8 max-w-2xl" aria-labelledby="nuova-finestra">
                            <h2 class="section-title" id="nuova-finestra">{t(Text::MaintenanceNewTitle)}</h2>
                            <CsrfField/>
                            <input type="hidden" name=ACTION_FIELD value=SCHEDULE_ACTION/>
                            <DayAndTimeFields legend=t(Text::MaintenanceStartLegend).to_string() day_field=START_DATE_FIELD time_field=START_TIME_FIELD form=form.clone()/>
                            <DayAndTimeFields legend=t(Text::MaintenanceEndLegend).to_string() day_field=END_DATE_FIELD time_field=END_TIME_FIELD form=form.clone()/>
                            <TextAreaField id=REASON_FIELD label=t(Text::MaintenanceReasonLabel).to_string() hint=t(Text::MaintenanceReasonHint).to_string()
                                error=form.error(REASON_FIELD) value=form.value(REASON_FIELD) maxlength=REASON_MAX_CHARS rows=3/>
                            {confirming.then(|| view! {
                                <div class="field field-error mt-4">
                                    <p class="field-error-message" id="conferma-error"><span class="sr-only">{t(Text::ErrorTitlePrefix)}</span>{form.error(CONFIRM_FIELD)}</p>
                                    <div class="choice">
                                        <input class="choice-input" type="checkbox" id=CONFIRM_FIELD name=CONFIRM_FIELD value="si" aria-describedby="conferma-error"/>
                                        <label class="choice-label" for=CONFIRM_FIELD>{t(Text::MaintenanceConfirmLabel)}</label>
                                    </div>
                                </div>
                            })}
                            <Button>{t(Text::MaintenanceScheduleButton)}</Button>
                        </form>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

/// Development only (`SPORTELLO_TEST_CLOCK=1`): moves the server's clock, so
/// that a window can be seen announced and entered without waiting for it.
#[component]
pub fn DevelopmentClockPage() -> impl IntoView {
    let locale = use_locale();
    let form = crate::http_context::submitted_form();
    let title = Text::DevelopmentClockTitle.in_locale(locale);
    let moved = query_parameter("spostato").is_some();
    if !use_context::<super::model::DevelopmentClockEnabled>().unwrap_or_default().0 {
        return view! { <NotFoundPage/> }.into_any();
    }
    view! {
        <PageTitle text=page_title(&[title], locale)/>
        <h1 class="page-title">{title}</h1>
        <SubmittedFormErrors form=form.clone()/>
        <div aria-live="polite">{moved.then(|| view! { <Alert kind=AlertKind::Success>{t(Text::DevelopmentClockMoved)}</Alert> })}</div>
        <p class="lead">{t(Text::DevelopmentClockIntro)}</p>
        <form method="post" action=DEVELOPMENT_CLOCK_PATH novalidate=true class="mt-6 max-w-xl">
            <CsrfField/>
            <TextField id=CLOCK_FIELD.to_string() name=CLOCK_FIELD.to_string() label=t(Text::DevelopmentClockLabel).to_string()
                hint=t(Text::DevelopmentClockHint).to_string() input_type="datetime-local" error=form.error(CLOCK_FIELD).unwrap_or_default()
                value=form.value(CLOCK_FIELD)/>
            <Button>{t(Text::DevelopmentClockButton)}</Button>
        </form>
    }
    .into_any()
}
