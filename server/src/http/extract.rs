//! What a handler needs, stated in its signature: the signed-in person (at
//! level 2, or staff), the locale, a form (with files or without) read into
//! a typed struct. Each refusal is an `AppError`.
//! (The client address is `client_address::ClientAddress`; the CSRF token of
//! every post was checked by `auth::csrf` before a handler runs.)

use super::errors::{locale_of_headers, AppError};
use app::auth::model::{decide_access, AccessDecision, AccessRequirement, AuthenticationLevel, CurrentUser, SessionTokenHash};
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

/// Whoever is signed in, if anyone: for what anyone may get, and some more.
pub struct MaybeSignedIn(pub Option<CurrentUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<MaybeSignedIn, AppError> {
        Ok(MaybeSignedIn(parts.extensions.get::<CurrentUser>().cloned()))
    }
}

/// The session of the request (the hash of its token), which the session
/// middleware found; nobody signed in: the login page.
pub struct Session(pub SessionTokenHash);

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Session, AppError> {
        parts.extensions.get::<SessionTokenHash>().cloned().map(Session).ok_or(AppError::LoginRequired)
    }
}

/// The signed-in person at authentication level 2 (SPID 2, CNS, or counter
/// credentials with the authenticator app). The session middleware already
/// sends a level-1 session on such a path to the step-up page; stating it
/// here keeps a handler safe wherever it is mounted.
pub struct Level2(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Level2 {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Level2, AppError> {
        let user = parts.extensions.get::<CurrentUser>();
        allowed(AccessRequirement::LoggedIn(AuthenticationLevel::Level2), user).map(Level2)
    }
}

/// A member of the municipality's staff (clerk or administrator), at level 2.
pub struct Staff(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Staff, AppError> {
        allowed(AccessRequirement::MunicipalStaff, parts.extensions.get::<CurrentUser>()).map(Staff)
    }
}

/// An administrator, at level 2.
pub struct Administrator(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Administrator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Administrator, AppError> {
        allowed(AccessRequirement::Administrator, parts.extensions.get::<CurrentUser>()).map(Administrator)
    }
}

/// The same decision the session middleware takes for a path, for one requirement.
fn allowed(requirement: AccessRequirement, user: Option<&CurrentUser>) -> Result<CurrentUser, AppError> {
    match decide_access(requirement, user) {
        AccessDecision::Allow => user.cloned().ok_or(AppError::LoginRequired),
        AccessDecision::LogIn => Err(AppError::LoginRequired),
        AccessDecision::StepUp => Err(AppError::StepUpRequired),
        AccessDecision::Forbidden => Err(AppError::Forbidden),
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

/// The language an API client asks for (`Accept-Language`, its first
/// tag): English for `en`, Italian otherwise. API clients carry no cookie.
pub struct AcceptLanguage(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for AcceptLanguage {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<AcceptLanguage, std::convert::Infallible> {
        let first = parts
            .headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(',').next())
            .map(|tag| tag.trim().to_ascii_lowercase())
            .unwrap_or_default();
        Ok(AcceptLanguage(if first == "en" || first.starts_with("en-") || first.starts_with("en;") { Locale::English } else { Locale::Italian }))
    }
}

/// A file sent with a form (multipart).
pub struct UploadedFile {
    /// The name of the file input.
    pub field: String,
    /// The name the browser gave the file (untrusted).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A form that may carry files: `multipart/form-data` (files and fields)
/// or, without files, urlencoded. The fields are read into `T` like
/// `Form`'s; `pairs` keeps every field in order, for forms whose names are
/// data (a wizard step's answers); an empty file input sends no file.
pub struct FormWithFiles<T> {
    pub fields: T,
    pub typed: BTreeMap<String, String>,
    pub pairs: Vec<(String, String)>,
    pub files: Vec<UploadedFile>,
}

impl<T> FormWithFiles<T> {
    /// The form again, with these problems (422, everything typed kept).
    pub fn with_problems(&self, errors: Vec<(String, String)>) -> AppError {
        AppError::form(self.typed.clone(), errors)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FormWithFiles<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, _: &S) -> Result<FormWithFiles<T>, AppError> {
        let content_type = request.headers().get(axum::http::header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or_default();
        let boundary = multer::parse_boundary(content_type).ok();
        // The body's limit is its path's (`http::body_limit_for`), applied
        // before any handler runs; past it the body errors here.
        let bytes = axum::body::to_bytes(request.into_body(), usize::MAX).await.map_err(|_| AppError::TooLarge)?;
        let (pairs, files) = match boundary {
            Some(boundary) => read_multipart(bytes, boundary).await?,
            None => (form_urlencoded::parse(&bytes).into_owned().collect(), Vec::new()),
        };
        let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
        let fields = serde_html_form::from_str(&encoded).map_err(|_| AppError::NotFound)?;
        let typed = pairs.iter().cloned().collect();
        Ok(FormWithFiles { fields, typed, pairs, files })
    }
}

async fn read_multipart(bytes: axum::body::Bytes, boundary: String) -> Result<(Vec<(String, String)>, Vec<UploadedFile>), AppError> {
    let stream = futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(bytes)));
    let mut multipart = multer::Multipart::new(stream, boundary);
    let (mut pairs, mut files) = (Vec::new(), Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(|_| AppError::UnreadableForm)? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let content = field.bytes().await.map_err(|_| AppError::UnreadableForm)?;
                // An empty file input still sends a part with no name and no bytes.
                if !content.is_empty() {
                    files.push(UploadedFile { field: name, file_name, bytes: content.to_vec() });
                }
            }
            None => pairs.push((name, field.text().await.map_err(|_| AppError::UnreadableForm)?)),
        }
    }
    Ok((pairs, files))
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
        // Longer than a form of ours (the size limit already cut it): 413.
        let bytes = axum::body::to_bytes(request.into_body(), MAXIMUM_FORM_BYTES).await.map_err(|_| AppError::TooLarge)?;
        let typed = super::form_pages::parse_form_body(&bytes);
        // The struct's fields are strings (or lists of them), defaulted when
        // absent: a form that does not parse was not sent by our pages.
        let fields = serde_html_form::from_bytes(&bytes).map_err(|_| AppError::NotFound)?;
        Ok(Form { fields, typed })
    }
}

/// A query string read into `T` (its fields defaulted when absent). A query
/// that does not parse was not written by our pages: not found.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Query<T>, AppError> {
        serde_html_form::from_str(parts.uri.query().unwrap_or_default()).map(Query).map_err(|_| AppError::NotFound)
    }
}

/// The path's parameters read into `T` (ids parsed into their types): a
/// parameter that does not parse names nothing here, so not found.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Path<T>, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state).await.map(|axum::extract::Path(value)| Path(value)).map_err(|_| AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::auth::fiscal_code::FiscalCode;
    use app::auth::model::{AuthenticationMethod, Role};
    use app::ids::AccountId;

    fn person(role: Role, level: AuthenticationLevel) -> CurrentUser {
        CurrentUser {
            account_id: AccountId::parse("0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b").unwrap(),
            fiscal_code: FiscalCode::parse("RSSMRA80A01F205X").unwrap(),
            given_name: "Mario".into(),
            family_name: "Rossi".into(),
            role,
            level,
            method: AuthenticationMethod::CounterPassword,
            has_totp: false,
        }
    }

    fn answer(requirement: AccessRequirement, user: Option<CurrentUser>) -> &'static str {
        match allowed(requirement, user.as_ref()) {
            Ok(_) => "allowed",
            Err(AppError::LoginRequired) => "login",
            Err(AppError::StepUpRequired) => "step up",
            Err(AppError::Forbidden) => "forbidden",
            Err(_) => "other",
        }
    }

    #[test]
    fn the_extractors_state_the_access_rules_in_the_signature() {
        use AuthenticationLevel::{Level1, Level2};
        let level2 = AccessRequirement::LoggedIn(Level2);
        assert_eq!(answer(level2, None), "login");
        assert_eq!(answer(level2, Some(person(Role::Citizen, Level1))), "step up");
        assert_eq!(answer(level2, Some(person(Role::Citizen, Level2))), "allowed");
        assert_eq!(answer(AccessRequirement::MunicipalStaff, Some(person(Role::Citizen, Level2))), "forbidden");
        assert_eq!(answer(AccessRequirement::MunicipalStaff, Some(person(Role::Clerk, Level1))), "step up");
        assert_eq!(answer(AccessRequirement::MunicipalStaff, Some(person(Role::Clerk, Level2))), "allowed");
        assert_eq!(answer(AccessRequirement::Administrator, Some(person(Role::Clerk, Level2))), "forbidden");
        assert_eq!(answer(AccessRequirement::Administrator, Some(person(Role::Administrator, Level2))), "allowed");
    }
}
