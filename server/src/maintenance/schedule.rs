//! The schedule every request consults: the windows that count, kept in
//! memory (read at start, after every change, and every half minute for
//! changes made by another server on the same database), so no page waits
//! for the database to learn whether the portal is open.
//!
//! During a window every page answers 503 with a page of its own that needs
//! nothing but the schedule (in both languages, with `Retry-After`), while
//! the operations endpoints, the static files and the development clock keep
//! answering; before a window, from the notice days, the request carries
//! the announcement the layout's banner shows.

use crate::clock::Clock;
use app::http_context::AnnouncedMaintenance;
use app::i18n::{Locale, Text};
use app::maintenance::model::{announced, under_way, MaintenanceRules, MaintenanceWindow};
use app::maintenance::pages::window_span;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::AnyPool;
use std::sync::{Arc, RwLock};

/// How often a server re-reads the windows another one may have changed.
pub const REFRESH_INTERVAL_SECONDS: u64 = 30;

#[derive(Clone)]
pub struct MaintenanceSchedule {
    windows: Arc<RwLock<Vec<MaintenanceWindow>>>,
    pub rules: Arc<MaintenanceRules>,
    pool: AnyPool,
    pub clock: Clock,
}

impl MaintenanceSchedule {
    pub async fn load(pool: AnyPool, rules: Arc<MaintenanceRules>, clock: Clock) -> anyhow::Result<MaintenanceSchedule> {
        let schedule = MaintenanceSchedule { windows: Arc::default(), rules, pool, clock };
        schedule.refresh().await?;
        Ok(schedule)
    }

    pub async fn refresh(&self) -> anyhow::Result<()> {
        let windows = super::store::scheduled_windows(&self.pool).await?;
        *self.windows.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = windows;
        Ok(())
    }

    /// What a request meets at `now`, read under the lock: only the window
    /// found is copied, not the whole schedule, on every request.
    pub fn status_at(&self, now: i64) -> MaintenanceStatus {
        let windows = self.windows.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(window) = under_way(&windows, now) {
            MaintenanceStatus::UnderWay(window.clone())
        } else if let Some(window) = announced(&windows, now, self.rules.notice_days) {
            MaintenanceStatus::Announced(window.clone())
        } else {
            MaintenanceStatus::Open
        }
    }
}

/// Where the portal stands against the schedule at an instant.
pub enum MaintenanceStatus {
    UnderWay(MaintenanceWindow),
    /// Within the notice days before this window.
    Announced(MaintenanceWindow),
    Open,
}

pub async fn run_refresh_job(schedule: MaintenanceSchedule, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let mut interval = tokio::time::interval(std::time::Duration::from_secs(REFRESH_INTERVAL_SECONDS));
    interval.tick().await;
    loop {
        tokio::select! {
            _ = interval.tick() => {
                if let Err(error) = schedule.refresh().await {
                    tracing::warn!(error = format!("{error:#}"), "cannot re-read the maintenance windows");
                }
            }
            _ = shutdown.changed() => return,
        }
    }
}

/// What answers during a window: the health check and metrics (operations
/// watch the server), static files (the page's style), and the development
/// clock (to leave a window in a demonstration).
fn keeps_answering(path: &str) -> bool {
    use app::routes::{DEVELOPMENT_CLOCK_PATH, HEALTH_PATH, METRICS_PATH};
    [HEALTH_PATH, METRICS_PATH, DEVELOPMENT_CLOCK_PATH, "/favicon.png", "/manifest.webmanifest", "/sw.js"].contains(&path)
        || ["/pkg/", "/fonts/", "/icons/"].iter().any(|prefix| path.starts_with(prefix))
}

pub async fn stop_or_announce(State(schedule): State<MaintenanceSchedule>, mut request: Request, next: Next) -> Response {
    let now = schedule.clock.now_unix_seconds();
    match schedule.status_at(now) {
        MaintenanceStatus::UnderWay(window) if !keeps_answering(request.uri().path()) => {
            return maintenance_page(crate::http::errors::locale_of_headers(request.headers()), &window, now);
        }
        MaintenanceStatus::Announced(window) => {
            request.extensions_mut().insert(AnnouncedMaintenance(window));
        }
        MaintenanceStatus::UnderWay(_) | MaintenanceStatus::Open => {}
    }
    next.run(request).await
}

/// The page of a window under way, in the reader's language and then the
/// other: what is happening, until when, that nothing entered is lost.
pub fn maintenance_page(locale: Locale, window: &MaintenanceWindow, now: i64) -> Response {
    let escape = app::components::escape_head_text;
    let section = |locale: Locale, heading: &str| {
        let lang = locale.language_tag();
        let text = Text::MaintenancePageText.fill(locale, &[("span", &window_span(window, locale)), ("reason", &window.reason)]);
        format!(
            "<section lang=\"{lang}\" aria-labelledby=\"manutenzione-{lang}\"><{heading} id=\"manutenzione-{lang}\">{title}</{heading}><p>{text}</p><p>{back}</p><p>{contact}</p></section>",
            title = escape(Text::MaintenancePageTitle.in_locale(locale)),
            text = escape(&text),
            back = escape(Text::MaintenancePageReturn.in_locale(locale)),
            contact = escape(Text::MaintenancePageContact.in_locale(locale)),
        )
    };
    let main = format!("{}<hr class=\"my-6\">{}", section(locale, "h1"), section(locale.other(), "h2"));
    let body = crate::http::errors::short_document(locale, &escape(Text::MaintenancePageTitle.in_locale(locale)), &main);
    let retry_after = (window.ends_at - now).max(1);
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn operations_and_static_files_answer_during_a_window_and_pages_do_not() {
        for path in ["/health", "/metrics", "/pkg/sportello.css", "/fonts/titillium-web-latin-400-normal.woff2", "/sviluppo/orologio"] {
            assert!(super::keeps_answering(path), "{path}");
        }
        for path in ["/", "/servizi", "/api/reports/list", "/area-personale", "/pagopa/paForNode", "/healthz", "/pkg"] {
            assert!(!super::keeps_answering(path), "{path}");
        }
    }
}
