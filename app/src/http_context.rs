//! What a page needs to know about the HTTP request and response. On the
//! server these read the request parts and write the response options that
//! leptos_axum provides; in the browser they are harmless no-ops.

use crate::i18n::Locale;

/// Sets the HTTP status of the page being rendered (404, 400, 422…).
pub fn set_response_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (leptos::prelude::use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(status)) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The request path being rendered, without the query.
pub fn request_path() -> String {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_string()).unwrap_or_else(|| "/".to_string())
    }
    #[cfg(not(feature = "ssr"))]
    {
        "/".to_string()
    }
}

/// The language chosen with the language switch (a technical cookie).
pub fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.headers.get(http::header::COOKIE).and_then(|value| value.to_str().ok()).map(Locale::from_cookie_header))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Locale::default()
    }
}

/// The CSP nonce of this response, minted by the server's security-headers
/// middleware and handed to the page through the request extensions, so the
/// header and every inline script carry the same value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseNonce(pub String);

/// Makes this response's nonce the one Leptos puts on its inline scripts.
pub fn provide_response_nonce() {
    #[cfg(feature = "ssr")]
    {
        use leptos::prelude::{provide_context, use_context};
        if let Some(nonce) = use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<ResponseNonce>().cloned()) {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    }
}

/// The person logged in for this request, if any (put there by the server's
/// session middleware).
pub fn current_user() -> Option<crate::auth::model::CurrentUser> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<crate::auth::model::CurrentUser>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// This browser's CSRF token, for the hidden field of every form.
pub fn csrf_token() -> String {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<crate::auth::model::CsrfToken>().cloned())
            .map(|token| token.0)
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// The form posted in this request and answered with its page again
/// (values and errors), if that is what is being rendered.
pub fn submitted_form() -> crate::auth::model::SubmittedForm {
    leptos::prelude::use_context::<crate::auth::model::SubmittedForm>().unwrap_or_default()
}

/// The value of a query parameter of the page being rendered.
pub fn query_parameter(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
            parts.uri.query().and_then(|query| {
                query
                    .split('&')
                    .filter_map(|pair| pair.split_once('='))
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| crate::http_context::percent_decode(value))
            })
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = name;
        None
    }
}

/// The signed-in person a server function serves: anyone else gets an
/// error, never data.
#[cfg(feature = "ssr")]
pub fn signed_in_caller() -> Result<crate::auth::model::CurrentUser, leptos::prelude::ServerFnError> {
    current_user().ok_or_else(|| leptos::prelude::ServerFnError::new("login required"))
}

/// The signed-in member of staff a server function serves: anyone else
/// gets an error, never data.
#[cfg(feature = "ssr")]
pub fn staff_caller() -> Result<crate::auth::model::CurrentUser, leptos::prelude::ServerFnError> {
    let user = current_user().ok_or_else(|| leptos::prelude::ServerFnError::new("login required"))?;
    if user.role.works_for_the_municipality() {
        Ok(user)
    } else {
        Err(leptos::prelude::ServerFnError::new("forbidden"))
    }
}

/// The signed-in administrator a server function serves: anyone else gets
/// an error, never data.
#[cfg(feature = "ssr")]
pub fn administrator_caller() -> Result<crate::auth::model::CurrentUser, leptos::prelude::ServerFnError> {
    let user = current_user().ok_or_else(|| leptos::prelude::ServerFnError::new("login required"))?;
    if user.role == crate::auth::model::Role::Administrator {
        Ok(user)
    } else {
        Err(leptos::prelude::ServerFnError::new("forbidden"))
    }
}

/// The value of a cookie the request carries (server only: the browser's
/// page never reads cookies).
#[cfg(feature = "ssr")]
pub fn request_cookie(name: &str) -> Option<String> {
    leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|header| header.split(';'))
            .filter_map(|pair| pair.split_once('='))
            .find(|(cookie, _)| cookie.trim() == name)
            .map(|(_, value)| value.trim().to_string())
    })
}

/// Encodes a query value: everything but unreserved characters as `%XX`.
pub fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// `path?key=value&…` with every value percent-encoded; pairs with an empty
/// value are left out, so a link carries only the filters actually chosen.
pub fn link_with_query(path: &str, pairs: &[(&str, String)]) -> String {
    let query: Vec<String> = pairs.iter().filter(|(_, value)| !value.is_empty()).map(|(key, value)| format!("{key}={}", percent_encode(value))).collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// Decodes `%XX` escapes and `+` (form encoding) in a query value.
pub fn percent_decode(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => decoded.push(b' '),
            b'%' if index + 2 < bytes.len() => match u8::from_str_radix(std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("zz"), 16) {
                Ok(byte) => {
                    decoded.push(byte);
                    index += 2;
                }
                Err(_) => decoded.push(b'%'),
            },
            other => decoded.push(other),
        }
        index += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Today in Rome (ISO), by the server's clock: what the wizard's island uses
/// for date bounds, so it agrees with the server's check of the same post.
pub fn today_in_rome() -> String {
    today_in_rome_date().map(|today| today.to_string()).unwrap_or_default()
}

/// Today in Rome by the server's clock; `None` in the browser, which has no
/// trustworthy clock of its own for the office's rules.
pub fn today_in_rome_date() -> Option<time::Date> {
    #[cfg(feature = "ssr")]
    {
        let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|elapsed| elapsed.as_secs() as i64).unwrap_or(0);
        Some(crate::practices::calendar::rome_date_of_unix_seconds(seconds))
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{link_with_query, percent_decode};

    #[test]
    fn links_carry_only_the_chosen_filters_encoded() {
        let pairs = [("stato", String::new()), ("procedura", "tari/iscrizione".to_string()), ("pagina", "2".to_string())];
        assert_eq!(link_with_query("/operatore/pratiche", &pairs), "/operatore/pratiche?procedura=tari%2Fiscrizione&pagina=2");
        assert_eq!(link_with_query("/x", &[("a", String::new())]), "/x");
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(percent_decode("%2Fservizi%2Fx%3Fa%3D1"), "/servizi/x?a=1");
        assert_eq!(percent_decode("a+b%C3%A0"), "a bà");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}

/// The maintenance window the banner announces, put into the request by the
/// server's maintenance middleware from the notice days before it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnouncedMaintenance(pub crate::maintenance::model::MaintenanceWindow);

pub fn announced_maintenance() -> Option<crate::maintenance::model::MaintenanceWindow> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<AnnouncedMaintenance>().map(|notice| notice.0.clone()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}
