//! What a page needs to know about the HTTP request and response. On the
//! server these read the request parts and write the response options that
//! leptos_axum provides; in the browser they are harmless no-ops.

use crate::i18n::Locale;

/// Sets the HTTP status of the page being rendered (404, 400, 422…).
pub fn set_response_status(status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// The request path being rendered, without the query.
pub fn request_path() -> String {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| parts.uri.path().to_string())
            .unwrap_or_else(|| "/".to_string())
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
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|value| value.to_str().ok())
                    .map(Locale::from_cookie_header)
            })
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
        if let Some(nonce) = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<ResponseNonce>().cloned())
        {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    }
}
