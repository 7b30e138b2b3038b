//! Health, metrics and request logging.

use crate::http::client_address::ClientAddress;
use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::time::Instant;

/// 200 when the database answers, 503 otherwise (for load balancers).
#[tracing::instrument(skip_all)]
pub async fn health(State(state): State<AppState>) -> Response {
    if crate::database::ping(&state.pool).await {
        (StatusCode::OK, Json(serde_json::json!({ "status": "ok", "database": "ok" }))).into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, Json(serde_json::json!({ "status": "unavailable", "database": "unreachable" }))).into_response()
    }
}

/// Prometheus's scrape, only for `SPORTELLO_METRICS_ADDRESSES` (loopback
/// by default when no proxy may be in front); anyone else: not found.
#[tracing::instrument(skip_all)]
pub async fn metrics(State(state): State<AppState>, ClientAddress(client): ClientAddress) -> Response {
    if !state.config.metrics_addresses.contains(&client) {
        return StatusCode::NOT_FOUND.into_response();
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], crate::telemetry::metrics_handle().render()).into_response()
}

/// Counts requests by route pattern (never by raw path: no ids, no cardinality blow-up).
pub async fn record_request_metrics(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request.extensions().get::<MatchedPath>().map(|path| path.as_str().to_string()).unwrap_or_else(|| "unmatched".to_string());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route).record(started.elapsed().as_secs_f64());
    response
}

/// Logs method, path (no query string: searches and form values stay out of
/// logs), status and duration.
pub async fn log_requests_without_personal_data(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    if response.status().is_server_error() {
        tracing::warn!(%method, %path, status, elapsed_ms, "request failed");
    } else {
        tracing::debug!(%method, %path, status, elapsed_ms, "request");
    }
    response
}

fn is_html(response: &Response) -> bool {
    response.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(|value| value.starts_with("text/html"))
}

fn is_personal_path(path: &str) -> bool {
    // The compensation's choice shows a complaint's author to whoever holds its
    // link, a booking's pages its applicant (and the free slots change by the minute).
    [
        "/area-personale",
        "/operatore",
        "/amministrazione",
        "/accedi",
        "/attiva",
        app::routes::COMPENSATION_CHOICE_PATH,
        "/prenota-appuntamento",
        "/appuntamenti/",
    ]
    .iter()
    .any(|prefix| path.starts_with(prefix))
}

/// `/pkg/<name>.<16 hex of its content>.<css|js|wasm>`, or any file in a
/// `/pkg/<16 hex>/` folder (the islands' JS and WASM, named by their content
/// as a whole): the build's copies, which never change under that name.
fn is_content_named_asset(path: &str) -> bool {
    let is_hash = |part: &str| part.len() == 16 && part.chars().all(|c| c.is_ascii_hexdigit());
    let Some(file) = path.strip_prefix("/pkg/") else { return false };
    if let Some((folder, inside)) = file.split_once('/') {
        let plain_file = |name: &str| !name.is_empty() && !name.starts_with('.') && !name.ends_with(".br") && !name.ends_with(".gz");
        return is_hash(folder) && inside.split('/').all(plain_file);
    }
    let parts: Vec<&str> = file.split('.').collect();
    matches!(parts.as_slice(), [name, hash, "css" | "js" | "wasm"] if !name.is_empty() && is_hash(hash))
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATED_HOURLY: &str = "public, max-age=3600, must-revalidate";

/// A `/pkg` asset's: the content-named ones never change; the plain names
/// are revalidated (stable across builds).
pub(crate) fn site_asset_cache_control(path: &str) -> &'static str {
    if is_content_named_asset(path) {
        IMMUTABLE
    } else {
        REVALIDATED_HOURLY
    }
}

/// Fonts, icons and the content-named CSS, JS and WASM never change under
/// a name; the plain names are revalidated (stable across builds).
pub async fn cache_static_assets(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    // `/pkg` answers with the brotli, gzip or plain file by Accept-Encoding:
    // a shared cache must keep them apart.
    if path.starts_with("/pkg/") && response.status().is_success() && !response.headers().contains_key(header::VARY) {
        response.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let success = response.status().is_success();
    let policy = if success && (path.starts_with("/fonts/") || path.starts_with("/icons/")) {
        Some(IMMUTABLE)
    } else if success && path.starts_with("/pkg/") {
        Some(site_asset_cache_control(&path))
    } else if success && (path.starts_with("/vendor/") || path == "/map.js") {
        Some(REVALIDATED_HOURLY)
    } else if success && path == "/sw.js" {
        Some("no-cache")
    } else if is_html(&response) && is_personal_path(&path) {
        // Personal and staff pages hold personal data: never stored anywhere.
        Some("no-store")
    } else if is_html(&response) {
        // Pages carry the visitor's CSRF token and login state: browser only.
        Some("private, no-cache")
    } else {
        None
    };
    if let Some(policy) = policy {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_content_named_asset;

    #[test]
    fn only_content_named_assets_are_immutable() {
        assert!(is_content_named_asset("/pkg/sportello.0123456789abcdef.css"));
        assert!(is_content_named_asset("/pkg/sportello.0123456789abcdef.wasm"));
        assert!(!is_content_named_asset("/pkg/sportello.css"));
        assert!(!is_content_named_asset("/pkg/sportello.0123456789abcdef.css.br"), "the encoding is chosen by the server, the address is the plain one");
        assert!(!is_content_named_asset("/pkg/sportello.0123456789abcdeg.js"));
        assert!(!is_content_named_asset("/pkg/snippets/x.0123456789abcdef.js"));
        assert!(!is_content_named_asset("/fonts/sportello.0123456789abcdef.css"));
        assert!(is_content_named_asset("/pkg/0123456789abcdef/sportello.wasm"));
        assert!(is_content_named_asset("/pkg/0123456789abcdef/__wasm_split.______________________.js"));
        assert!(is_content_named_asset("/pkg/0123456789abcdef/snippets/leptos-1/inline0.js"));
        assert!(!is_content_named_asset("/pkg/0123456789abcdef/sportello.wasm.br"), "the encoding is chosen by the server");
        assert!(!is_content_named_asset("/pkg/0123456789abcdef/"));
        assert!(!is_content_named_asset("/pkg/0123456789abcdef/../sportello.css"));
        assert!(!is_content_named_asset("/pkg/0123456789abcdeg/sportello.wasm"));
        assert!(!is_content_named_asset("/pkg/snippets/sportello.wasm"));
    }
}
