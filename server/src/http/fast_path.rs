//! The outermost layer: what is the same for every visitor is answered
//! before the rest of the stack — a `/pkg` asset, and a kept anonymous page
//! for a browser without a session cookie while no maintenance is announced
//! or under way. Such an answer reads nothing but the path and a few
//! headers, never fails and logs nothing, so it skips the request id, the
//! span, compression (its bytes are the build's or the kept encodings), the
//! session and CSRF layers; it still carries every security header, its
//! cache rules and a count in the metrics. Anything else, or a page not kept
//! yet, goes through the whole stack as before (which keeps it).

use super::page_cache::PageCache;
use super::security_headers::SecurityHeaders;
use super::site_assets::SiteAssets;
use crate::maintenance::schedule::{MaintenanceSchedule, MaintenanceStatus};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

#[derive(Clone)]
pub struct FastPath {
    pub pages: PageCache,
    pub assets: SiteAssets,
    pub security: SecurityHeaders,
    pub maintenance: MaintenanceSchedule,
    pub over_tls: bool,
}

pub async fn answer_what_is_the_same_for_everyone(State(fast): State<FastPath>, request: Request, next: Next) -> Response {
    let method = match *request.method() {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        _ => return next.run(request).await,
    };
    let path = request.uri().path();
    if path.starts_with("/pkg/") {
        if let Some(mut response) = fast.assets.answer(path, request.headers()) {
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(super::operations::site_asset_cache_control(path)));
            fast.security.apply(headers, SecurityHeaders::default_policy());
            count(method, "/pkg/{*asset}", &response);
            return response;
        }
    } else if request.uri().query().is_none() && !has_session_cookie(&request, fast.over_tls) && maintenance_is_far(&fast.maintenance) {
        if let Some((mut response, pattern, scripts)) = fast.pages.answer_kept(path, request.headers()) {
            fast.security.apply(response.headers_mut(), fast.security.page_policy(&scripts));
            count(method, pattern, &response);
            return response;
        }
    }
    next.run(request).await
}

/// A session cookie, even an expired one (the stack clears it), goes the
/// whole way; read as the session layer reads it.
fn has_session_cookie(request: &Request, over_tls: bool) -> bool {
    crate::auth::tokens::cookie_value(request.headers(), crate::auth::sessions::session_cookie_name(over_tls)).is_some()
}

/// No window announced or under way: pages carry no banner and are served.
fn maintenance_is_far(schedule: &MaintenanceSchedule) -> bool {
    matches!(schedule.status_at(schedule.clock.now_unix_seconds()), MaintenanceStatus::Open)
}

fn count(method: &'static str, route: &'static str, response: &Response) {
    let status = if response.status() == axum::http::StatusCode::NOT_MODIFIED { "304" } else { "200" };
    metrics::counter!("http_requests_total", "method" => method, "route" => route, "status" => status).increment(1);
}
