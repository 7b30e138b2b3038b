//! Cross-site request forgery protection for every state-changing request.
//!
//! Two independent checks: a browser that sends `Origin` must send ours; and
//! the request must carry this browser's CSRF token (a random value in an
//! HttpOnly cookie) in the form field `csrf` or the `X-CSRF-Token` header.
//! Another site can make a browser post a form here, but it can neither
//! read the cookie nor set our origin.

use super::tokens::{constant_time_equal, cookie_value, random_token};
use crate::AppState;
use app::auth::model::{CsrfToken, CSRF_FIELD_NAME};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// Endpoints called by other systems, not by our pages: the SPID identity
/// provider posts its response cross-site, pagoPA's node calls SOAP. Each
/// authenticates its caller by other means (signatures, allow-lists).
// The SPID answer is posted by the identity provider's page (another site);
// the test identity provider stands for such a site.
// pagoPA's node and Checkout call from their own systems; the simulator
// stands for those other sites, as the App IO simulator stands for IO (the
// portal's own client calls it, with IO's key). Open311's applications post with their key
// (`api_key`), never with a browser's session: no cookie of ours counts there.
const EXEMPT_PATH_PREFIXES: &[&str] = &["/spid/acs", "/spid-test-idp/", "/pagopa/", "/simulatore-pagopa/", "/simulatore-io/", "/open311/"];
const MAXIMUM_FORM_BYTES: usize = 64 * 1024;

pub fn csrf_cookie_name(over_tls: bool) -> &'static str {
    if over_tls {
        "__Host-sportello_csrf"
    } else {
        "sportello_csrf"
    }
}

pub async fn protect_against_cross_site_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let over_tls = state.config.served_over_tls();
    let existing = cookie_value(request.headers(), csrf_cookie_name(over_tls)).filter(|token| token.len() == 64);
    let state_changing = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // A static file holds no form: it never sets the token's cookie (a
    // shared cache may then keep it, and a first visit's page and its CSS
    // never race to set two different tokens).
    if !state_changing && super::sessions::is_static_asset(request.uri().path()) {
        return next.run(request).await;
    }
    let exempt = EXEMPT_PATH_PREFIXES.iter().any(|prefix| request.uri().path().starts_with(prefix));

    let mut request = request;
    if state_changing && !exempt {
        if !origin_is_ours(&request) {
            return refusal(request.headers());
        }
        let token_free = app::routes::TOKEN_FREE_POSTS.contains(&request.uri().path());
        if token_free && comes_from_our_pages(&request) {
            return next.run(request).await;
        }
        let Some(expected) = existing.clone() else {
            return refusal(request.headers());
        };
        let (parts, body) = request.into_parts();
        let is_form = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
        let header_token = parts.headers.get("x-csrf-token").and_then(|value| value.to_str().ok()).map(str::to_string);
        let multipart_boundary =
            parts.headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).and_then(|value| multer::parse_boundary(value).ok());
        let (presented, body) = if let Some(boundary) = multipart_boundary {
            // A form with files: the token is one of its parts (the first, in our forms).
            let limit = crate::http::body_limit_for(parts.uri.path());
            let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
                return crate::http::errors::too_large(&parts.headers);
            };
            let stream = futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(bytes.clone())));
            let mut multipart = multer::Multipart::new(stream, boundary);
            let mut field_token = None;
            while let Ok(Some(field)) = multipart.next_field().await {
                if field.name() == Some(CSRF_FIELD_NAME) && field.file_name().is_none() {
                    field_token = field.text().await.ok();
                    break;
                }
            }
            (field_token.or(header_token), Body::from(bytes))
        } else if is_form {
            let Ok(bytes) = axum::body::to_bytes(body, MAXIMUM_FORM_BYTES).await else {
                return crate::http::errors::too_large(&parts.headers);
            };
            let field = form_urlencoded::parse(&bytes).find(|(name, _)| name == CSRF_FIELD_NAME).map(|(_, value)| value.into_owned());
            (field.or(header_token), Body::from(bytes))
        } else {
            (header_token, body)
        };
        if !presented.is_some_and(|presented| constant_time_equal(&presented, &expected)) {
            return refusal(&parts.headers);
        }
        request = Request::from_parts(parts, body);
    }

    let token = existing.clone().unwrap_or_else(random_token);
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    // A token seen before login (perhaps planted, or read over someone's
    // shoulder) must not outlive a change of login state: whenever the
    // answer sets or ends the session cookie, the token is new too.
    let login_state_changed = super::sessions::sets_session_cookie(&response, over_tls);
    let issued = match (&existing, login_state_changed) {
        (None, _) => Some(token),
        (Some(_), true) => Some(random_token()),
        (Some(_), false) => None,
    };
    if let Some(issued) = issued {
        let secure = if over_tls { "; Secure" } else { "" };
        let cookie = format!("{}={issued}; Path=/; HttpOnly; SameSite=Lax{secure}", csrf_cookie_name(over_tls));
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// No `Origin` (older browsers on same-origin posts, non-browser clients) is
/// left to the token check; a present one must name this host.
fn origin_is_ours(request: &Request) -> bool {
    let Some(origin) = request.headers().get(header::ORIGIN).and_then(|value| value.to_str().ok()) else {
        return true;
    };
    let Some(host) = request.headers().get(header::HOST).and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let origin_host = origin.trim_start_matches("https://").trim_start_matches("http://");
    origin_host.eq_ignore_ascii_case(host)
}

/// A token-free post (`app::routes::TOKEN_FREE_POSTS`) must name the page it
/// comes from: browsers send `Origin` with every form post (and `Referer`
/// unless told not to); a forged one from another site cannot name ours.
fn comes_from_our_pages(request: &Request) -> bool {
    let Some(host) = request.headers().get(header::HOST).and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let names_our_host =
        |url: &str| url::Url::parse(url).ok().is_some_and(|url| url.host_str().is_some_and(|named| authority_of(&url, named).eq_ignore_ascii_case(host)));
    let header_value = |name: header::HeaderName| request.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_string);
    match header_value(header::ORIGIN) {
        Some(origin) => names_our_host(&origin),
        None => header_value(header::REFERER).is_some_and(|referer| names_our_host(&referer)),
    }
}

/// `host[:port]` as a `Host` header writes it (the port only when not the scheme's default).
fn authority_of(url: &url::Url, host: &str) -> String {
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

fn refusal(headers: &axum::http::HeaderMap) -> Response {
    use crate::http::errors::{locale_of_headers, short_page};
    short_page(StatusCode::FORBIDDEN, locale_of_headers(headers), app::i18n::Text::InvalidRequestTitle, app::i18n::Text::CrossSiteRefusedText, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use leptos::server_fn::ServerFn;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method(Method::POST).uri("/lingua");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn a_token_free_post_must_name_our_page() {
        let host = ("host", "portale.test:8080");
        assert!(comes_from_our_pages(&post(&[host, ("origin", "http://portale.test:8080")])));
        assert!(comes_from_our_pages(&post(&[host, ("referer", "http://portale.test:8080/servizi/x")])));
        assert!(!comes_from_our_pages(&post(&[host, ("origin", "https://evil.example")])));
        assert!(!comes_from_our_pages(&post(&[host, ("origin", "http://portale.test")])), "another port is another origin");
        assert!(!comes_from_our_pages(&post(&[host, ("origin", "null"), ("referer", "http://portale.test:8080/")])), "an opaque origin names no page");
        assert!(!comes_from_our_pages(&post(&[host, ("referer", "http://portale.test.evil.example:8080/")])));
        assert!(!comes_from_our_pages(&post(&[host])), "neither header: the token is needed");
        assert!(comes_from_our_pages(&post(&[("host", "portale.test"), ("origin", "https://portale.test")])));
    }

    #[test]
    fn the_token_free_rating_is_the_rating_server_function() {
        assert_eq!(app::guide::server_functions::SubmitPageFeedback::url(), app::routes::PAGE_FEEDBACK_PATH);
    }
}
