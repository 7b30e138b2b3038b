//! What a handler needs, stated in its signature: the signed-in person, the
//! locale, a form read into a typed struct. Each refusal is an `AppError`.
//! (The client address is `client_address::ClientAddress`; the CSRF token of
//! every post was checked by `auth::csrf` before a handler runs.)

use super::errors::{locale_of_headers, AppError};
use app::auth::model::CurrentUser;
use app::i18n::Locale;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// Forms without files are small; anything larger is not one of ours.
const MAXIMUM_FORM_BYTES: usize = 64 * 1024;

/// The signed-in person (any level, any role); nobody: the login page.
pub struct SignedIn(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<SignedIn, AppError> {
        parts.extensions.get::<CurrentUser>().cloned().map(SignedIn).ok_or(AppError::LoginRequired)
    }
}

/// The language the person reads the site in (the `lingua` cookie).
pub struct UserLocale(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for UserLocale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<UserLocale, std::convert::Infallible> {
        Ok(UserLocale(locale_of_headers(&parts.headers)))
    }
}

/// An `application/x-www-form-urlencoded` form read into `T` (repeated
/// names into a `Vec`), with the values as typed, to send the form back
/// with its problems.
pub struct Form<T> {
    pub fields: T,
    pub typed: BTreeMap<String, String>,
}

impl<T> Form<T> {
    /// The form again, with these problems (422, everything typed kept).
    pub fn with_problems(&self, errors: Vec<(String, String)>) -> AppError {
        AppError::form(self.typed.clone(), errors)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, _: &S) -> Result<Form<T>, AppError> {
        let bytes = axum::body::to_bytes(request.into_body(), MAXIMUM_FORM_BYTES)
            .await
            .map_err(|error| AppError::internal("read_form", anyhow::anyhow!("form body unreadable: {error}")))?;
        let typed = super::form_pages::parse_form_body(&bytes);
        // The struct's fields are strings (or lists of them), defaulted when
        // absent: a form that does not parse was not sent by our pages.
        let fields = serde_html_form::from_bytes(&bytes).map_err(|_| AppError::NotFound)?;
        Ok(Form { fields, typed })
    }
}
