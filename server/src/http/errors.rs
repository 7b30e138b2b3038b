//! One error type for every handler, and the request id that ties a failure
//! the citizen sees to the log line that explains it.
//!
//! `AppError` answers synchronously (`IntoResponse`) with a marker that a
//! middleware knowing the request turns into the page: `render_error_pages`
//! (around each handler route, with the session and the state) renders the
//! Leptos page at the path (not found, a form with problems) or a page
//! with a context (`form_pages::page_with_context`);
//! `assign_request_id` (outermost, so the session middleware's own failures
//! get one too) writes a short page in the user's language (forbidden,
//! unavailable, the latter with the request id).

use super::form_pages::{answer_with_errors, render_page_for_post};
use crate::AppState;
use app::auth::model::SubmittedForm;
use app::i18n::{Locale, Text};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use tracing::Instrument;

/// The problems of a submitted form: the values typed (secrets are dropped
/// before they are sent back), one message per field, the status (422
/// unless the answer says more: 409 a move the record's state refuses, 429
/// too many attempts, 403 not open to this person) and the page that shows
/// them (the request's own, unless another is named).
#[derive(Clone, Debug)]
pub struct FormProblems {
    pub values: BTreeMap<String, String>,
    pub errors: Vec<(String, String)>,
    pub status: StatusCode,
    pub page: Option<&'static str>,
}

#[derive(Debug)]
pub enum AppError {
    /// The page at the request's path, rendered with status 404.
    NotFound,
    /// Nobody is signed in: the login page (303).
    LoginRequired,
    /// Signed in at level 1 where level 2 is needed: the step-up page (303).
    StepUpRequired,
    /// Signed in, but not allowed here: 403.
    Forbidden,
    /// A body longer than its path allows: 413.
    TooLarge,
    /// A multipart body that does not parse (never one of our forms): 400.
    UnreadableForm,
    /// A request from outside (an identity provider's) that we refuse: 400,
    /// with this explanation.
    BadRequest(Text),
    /// The form again with its problems, everything typed kept (422 unless
    /// `with_status` says otherwise).
    Form(FormProblems),
    /// Something of ours failed: logged with its cause and the request id,
    /// answered with 503 and the request id.
    Internal { operation: &'static str, cause: anyhow::Error },
}

impl AppError {
    pub fn internal(operation: &'static str, cause: impl Into<anyhow::Error>) -> AppError {
        AppError::Internal { operation, cause: cause.into() }
    }

    pub fn form(values: BTreeMap<String, String>, errors: Vec<(String, String)>) -> AppError {
        AppError::Form(FormProblems { values, errors, status: StatusCode::UNPROCESSABLE_ENTITY, page: None })
    }

    /// A form's problems answered with another status than 422.
    pub fn with_status(self, status: StatusCode) -> AppError {
        match self {
            AppError::Form(problems) => AppError::Form(FormProblems { status, ..problems }),
            other => other,
        }
    }

    /// A form's problems shown on another page than the request's.
    pub fn on_page(self, page: &'static str) -> AppError {
        match self {
            AppError::Form(problems) => AppError::Form(FormProblems { page: Some(page), ..problems }),
            other => other,
        }
    }
}

/// The application's page that `render_error_pages` puts into a response.
#[derive(Clone)]
pub(super) enum ApplicationPage {
    NotFound,
    Form(FormProblems),
    /// A page rendered with this context (an activation code shown once, a
    /// smart card's refusal), with this status, never cached.
    WithContext {
        page: &'static str,
        status: StatusCode,
        context: std::sync::Arc<dyn Fn() + Send + Sync>,
    },
}

/// The short page that `assign_request_id` puts into a response.
#[derive(Clone, Copy, Debug)]
enum ShortPage {
    Forbidden,
    TooLarge,
    UnreadableForm,
    BadRequest(Text),
    Unavailable,
}

impl ShortPage {
    /// The page in the reader's language; only "unavailable" names the
    /// request (its cause is in the log).
    fn render(self, locale: Locale, id: Option<&RequestId>) -> Response {
        match self {
            ShortPage::Forbidden => short_page(StatusCode::FORBIDDEN, locale, Text::ForbiddenTitle, Text::ForbiddenText, None),
            ShortPage::TooLarge => short_page(StatusCode::PAYLOAD_TOO_LARGE, locale, Text::RequestTooLargeTitle, Text::RequestTooLargeText, None),
            ShortPage::UnreadableForm => short_page(StatusCode::BAD_REQUEST, locale, Text::InvalidRequestTitle, Text::UnreadableFormText, None),
            ShortPage::BadRequest(text) => short_page(StatusCode::BAD_REQUEST, locale, Text::InvalidRequestTitle, text, None),
            ShortPage::Unavailable => short_page(StatusCode::SERVICE_UNAVAILABLE, locale, Text::ServiceUnavailableTitle, Text::ServiceUnavailableText, id),
        }
    }
}

pub(super) fn marked<Page: Clone + Send + Sync + 'static>(status: StatusCode, page: Page) -> Response {
    let mut response = (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], status.canonical_reason().unwrap_or_default()).into_response();
    response.extensions_mut().insert(page);
    response
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => marked(StatusCode::NOT_FOUND, ApplicationPage::NotFound),
            AppError::LoginRequired => crate::auth::sessions::redirect_to("/accedi"),
            AppError::StepUpRequired => crate::auth::sessions::redirect_to(app::routes::STEP_UP_PATH),
            AppError::Forbidden => marked(StatusCode::FORBIDDEN, ShortPage::Forbidden),
            AppError::TooLarge => marked(StatusCode::PAYLOAD_TOO_LARGE, ShortPage::TooLarge),
            AppError::UnreadableForm => marked(StatusCode::BAD_REQUEST, ShortPage::UnreadableForm),
            AppError::BadRequest(text) => marked(StatusCode::BAD_REQUEST, ShortPage::BadRequest(text)),
            AppError::Form(problems) => marked(problems.status, ApplicationPage::Form(problems)),
            AppError::Internal { operation, cause } => {
                // The request's span carries its id into this line.
                tracing::error!(operation, error = format!("{cause:#}"), "operation failed");
                marked(StatusCode::SERVICE_UNAVAILABLE, ShortPage::Unavailable)
            }
        }
    }
}

/// `result.or_internal("operation")?`: a failure of ours, named for the log.
pub trait OrInternal<T> {
    fn or_internal(self, operation: &'static str) -> Result<T, AppError>;
}

impl<T, E: Into<anyhow::Error>> OrInternal<T> for Result<T, E> {
    fn or_internal(self, operation: &'static str) -> Result<T, AppError> {
        self.map_err(|cause| AppError::internal(operation, cause))
    }
}

/// Database and other failures become `AppError::Internal` with `?`.
impl From<anyhow::Error> for AppError {
    fn from(cause: anyhow::Error) -> AppError {
        AppError::Internal { operation: "request", cause }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(cause: sqlx::Error) -> AppError {
        AppError::Internal { operation: "database", cause: cause.into() }
    }
}

/// The id of one request: in its tracing span, in the `X-Request-Id`
/// header, and on the page of a failure, so a clerk can find the log line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    fn new() -> RequestId {
        RequestId(uuid::Uuid::new_v4().simple().to_string()[..16].to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Outermost middleware: a request id and a span for everything the request
/// logs; the short pages (forbidden, unavailable) are rendered here, so that
/// a failure of any inner layer (the session lookup too) gets one.
pub async fn assign_request_id(mut request: Request, next: Next) -> Response {
    let id = RequestId::new();
    request.extensions_mut().insert(id.clone());
    let locale = locale_of_headers(request.headers());
    let span = tracing::info_span!("request", id = %id.as_str());
    let mut response = next.run(request).instrument(span).await;
    let page = response.extensions_mut().remove::<ShortPage>().map(|page| page.render(locale, Some(&id)));
    if let Some(mut page) = page {
        // Cookies and cache rules set further in still apply.
        for (name, value) in response.headers().iter() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                page.headers_mut().append(name, value.clone());
            }
        }
        response = page;
    }
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// Renders the application's own pages for `NotFound` and `Form` (see the
/// module comment); the short pages are left to `assign_request_id`.
pub async fn render_error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let mut kept = parts.clone();
    let mut response = next.run(Request::from_parts(parts, body)).await;
    match response.extensions_mut().remove::<ApplicationPage>() {
        Some(ApplicationPage::NotFound) => render_page_for_post(&state, kept, SubmittedForm::default(), || {}, StatusCode::NOT_FOUND).await,
        Some(ApplicationPage::Form(problems)) => {
            if let Some(page) = problems.page {
                kept.uri = axum::http::Uri::from_static(page);
            }
            let mut page = answer_with_errors(&state, kept, problems.values, problems.errors).await;
            *page.status_mut() = problems.status;
            page
        }
        Some(ApplicationPage::WithContext { page, status, context }) => {
            kept.uri = axum::http::Uri::from_static(page);
            let mut page = render_page_for_post(&state, kept, SubmittedForm::default(), move || context(), status).await;
            page.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            page
        }
        None => response,
    }
}

pub fn locale_of_headers(headers: &axum::http::HeaderMap) -> Locale {
    headers.get(header::COOKIE).and_then(|value| value.to_str().ok()).map(Locale::from_cookie_header).unwrap_or_default()
}

/// 413: a body over its path's limit (`http::body_limit_for`), refused before
/// any handler reads it, in the reader's language: the same page as
/// `AppError::TooLarge`, for the middlewares that answer before any handler.
pub fn too_large(headers: &axum::http::HeaderMap) -> Response {
    ShortPage::TooLarge.render(locale_of_headers(headers), None)
}

/// A page that needs nothing but the locale: it renders even when the
/// database or the page renderer is what failed.
pub fn short_page(status: StatusCode, locale: Locale, title: Text, text: Text, request_id: Option<&RequestId>) -> Response {
    let escape = app::components::escape_head_text;
    let reference =
        request_id.map(|id| format!("<p>{} <code>{}</code></p>", escape(Text::RequestIdLabel.in_locale(locale)), escape(id.as_str()))).unwrap_or_default();
    let title = escape(title.in_locale(locale));
    let main = format!(
        "<h1>{title}</h1><p>{text}</p>{reference}<p><a href=\"/\">{home}</a></p>",
        text = escape(text.in_locale(locale)),
        home = escape(Text::GoHome.in_locale(locale)),
    );
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], short_document(locale, &title, &main)).into_response()
}

/// The document of a page built without the renderer: the reader's
/// language, the title (escaped already) and the portal's stylesheet
/// around `main`'s HTML.
pub fn short_document(locale: Locale, escaped_title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{escaped_title} - {municipality}</title><link rel=\"stylesheet\" href=\"/pkg/sportello.css\"></head>\
         <body><main class=\"container py-6\">{main}</main></body></html>",
        lang = locale.language_tag(),
        municipality = app::components::escape_head_text(Text::MunicipalityName.in_locale(locale)),
    )
}
