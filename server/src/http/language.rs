//! The language switch: a plain form post that sets a technical cookie and
//! returns to the page the citizen was reading.

use crate::AppState;
use app::i18n::{Locale, LOCALE_COOKIE_NAME};
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// Only same-site paths (the one rule of `app::auth::model`): never an open redirect.
fn safe_return_path(candidate: Option<&String>) -> String {
    candidate.and_then(|path| app::auth::model::safe_return_path(path)).unwrap_or_else(|| "/".to_string())
}

#[tracing::instrument(skip_all)]
pub async fn switch_language(State(state): State<AppState>, form: Result<Form<HashMap<String, String>>, FormRejection>) -> Response {
    // A malformed post still gets a sensible answer: back to the home page in Italian.
    let form = form.map(|Form(form)| form).unwrap_or_default();
    let locale = form.get("lingua").and_then(|tag| Locale::from_language_tag(tag)).unwrap_or_default();
    let return_path = safe_return_path(form.get("ritorno"));
    let secure = if state.config.served_over_tls() { "; Secure" } else { "" };
    let cookie = format!("{LOCALE_COOKIE_NAME}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", locale.language_tag());
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let (Ok(location), Ok(cookie)) = (HeaderValue::from_str(&return_path), HeaderValue::from_str(&cookie)) {
        headers.insert(header::LOCATION, location);
        headers.insert(header::SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_return_path(Some(&"/servizi?x=1".to_string())), "/servizi?x=1");
        assert_eq!(safe_return_path(Some(&"//evil.example".to_string())), "/");
        assert_eq!(safe_return_path(Some(&"https://evil.example".to_string())), "/");
        assert_eq!(safe_return_path(None), "/");
        for hostile in ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "/\r\n/evil.example", "/\u{0}/x"] {
            assert_eq!(safe_return_path(Some(&hostile.to_string())), "/", "{hostile:?}");
        }
    }
}
