//! Answering a form post with its page again: the same Leptos page, rendered
//! with the values typed and the errors (status 422), or with a result to
//! show. Without JavaScript this is what keeps everything the citizen typed.

use crate::AppState;
use app::auth::model::SubmittedForm;
use app::shell::shell;
use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use leptos::prelude::provide_context;
use std::collections::BTreeMap;

/// Parses an `application/x-www-form-urlencoded` body into field → value
/// (the last value wins for repeated names).
pub fn parse_form_body(body: &[u8]) -> BTreeMap<String, String> {
    form_urlencoded::parse(body).map(|(name, value)| (name.into_owned(), value.into_owned())).collect()
}

/// Renders the page at the request's path as if it were fetched, with extra
/// context (the submitted form, a one-time result), and the given status.
pub async fn render_page_for_post(
    state: &AppState,
    mut parts: Parts,
    form: SubmittedForm,
    extra_context: impl Fn() + Clone + Send + Sync + 'static,
    status: StatusCode,
) -> Response {
    parts.method = Method::GET;
    let provide_stores = super::context_provider(state);
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_stores();
            provide_context(form.clone());
            extra_context();
        },
        move || shell(options.clone()),
    );
    let mut response = handler(axum::http::Request::from_parts(parts, Body::empty())).await;
    *response.status_mut() = status;
    response
}

/// The page again with the errors: 422 Unprocessable Content.
pub async fn answer_with_errors(state: &AppState, parts: Parts, values: BTreeMap<String, String>, errors: Vec<(String, String)>) -> Response {
    // Secrets are never sent back to the browser.
    let values =
        values.into_iter().filter(|(name, _)| !matches!(name.as_str(), "password" | "conferma_password" | "csrf" | "codice" | "codice_attuale")).collect();
    render_page_for_post(state, parts, SubmittedForm { values, errors }, || {}, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The page at `page` rendered with `context` provided to it (an activation
/// code just issued, shown once; a smart card's refusal explained), with
/// `status`, never cached. Rendered by `errors::render_error_pages`.
pub fn page_with_context(page: &'static str, status: StatusCode, context: impl Fn() + Send + Sync + 'static) -> Response {
    super::errors::marked(status, super::errors::ApplicationPage::WithContext { page, status, context: std::sync::Arc::new(context) })
}
