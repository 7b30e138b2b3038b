//! Server functions answer their own failures, and leptos answers the
//! caller's (arguments that do not deserialize, a missing field) with
//! serde's text, which names our types and fields. The caller gets one
//! generic message in the server-function error format instead; the kind of
//! error and the path are logged (never the detail, which may quote what
//! was sent).

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// What every refused call reads, in the format the WASM client decodes.
pub const GENERIC_SERVER_FUNCTION_ERROR: &str = "ServerError|richiesta non valida / invalid request";
const LARGEST_ERROR_BODY: usize = 16 * 1024;

pub async fn hide_server_function_error_details(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    if !path.starts_with("/api/") || response.status().is_success() || response.status().is_redirection() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, LARGEST_ERROR_BODY).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    // Our own functions answer `ServerError|<message we wrote>`: kept.
    let kind = text.split_once('|').map(|(kind, _)| kind).unwrap_or("unreadable");
    if kind == "ServerError" {
        return Response::from_parts(parts, Body::from(bytes));
    }
    tracing::warn!(%path, status = parts.status.as_u16(), kind, "server function call refused");
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    Response::from_parts(parts, Body::from(GENERIC_SERVER_FUNCTION_ERROR))
}
