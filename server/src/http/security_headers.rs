//! Security headers on every response. HTML pages get a Content-Security-Policy
//! whose only inline-script allowance is a nonce minted here for this response
//! (the page receives it through the request extensions, see
//! `app::http_context::ResponseNonce`); every other response gets a strict
//! policy with no inline scripts at all. A page kept for every anonymous
//! visitor (`page_cache`) allows its inline scripts by their hashes instead.

use app::http_context::ResponseNonce;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

#[derive(Clone)]
pub struct SecurityHeaders {
    over_tls: bool,
    /// Other sites a form post may end up on through redirects: Chrome holds
    /// the whole redirect chain of a form submission to `form-action`, and
    /// logging out of a SPID session goes on to the identity provider.
    form_action_sources: std::sync::Arc<str>,
    /// The maps' tile server: pages may show its images, nothing else of it.
    image_sources: std::sync::Arc<str>,
}

impl SecurityHeaders {
    pub fn new(over_tls: bool) -> Self {
        SecurityHeaders { over_tls, form_action_sources: "".into(), image_sources: "".into() }
    }

    /// Adds the origins (`https://host[:port]`) of these URLs to `form-action`.
    pub fn allowing_form_redirects_to<'a>(mut self, urls: impl IntoIterator<Item = &'a str>) -> Self {
        self.form_action_sources = source_list(urls.into_iter().filter_map(|url| url::Url::parse(url).ok()).map(|url| url.origin().ascii_serialization()));
        self
    }

    /// Adds origins (`https://host[:port]`) to the pages' `img-src`.
    pub fn allowing_images_from(mut self, origins: Vec<String>) -> Self {
        self.image_sources = source_list(origins);
        self
    }
}

/// A directive's sources from origins: each once, and none that is opaque
/// (`null`) or could end the directive or quote a keyword.
fn source_list(origins: impl IntoIterator<Item = String>) -> std::sync::Arc<str> {
    let mut origins: Vec<String> = origins
        .into_iter()
        .filter(|origin| origin != "null" && !origin.contains(|character: char| character.is_whitespace() || character == ';' || character == '\''))
        .collect();
    origins.sort();
    origins.dedup();
    origins.join(" ").into()
}

const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// The policy of an HTML page: inline scripts only with this response's
/// nonce, or, for a page kept for every anonymous visitor, with their hashes
/// (`script_sources`: `'nonce-…'` or the `'sha256-…'` list).
fn page_content_security_policy(script_sources: &str, form_action_sources: &str, image_sources: &str) -> String {
    let more = |sources: &str| if sources.is_empty() { String::new() } else { format!(" {sources}") };
    let (script_sources, form_action_sources, image_sources) = (more(script_sources), more(form_action_sources), more(image_sources));
    format!(
        "default-src 'self'; script-src 'self'{script_sources} 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:{image_sources}; font-src 'self'; connect-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'{form_action_sources}; frame-ancestors 'none'"
    )
}

impl SecurityHeaders {
    /// The policy of a page whose inline scripts are allowed by these
    /// sources (`'nonce-…'`, or a kept page's hashes).
    pub(crate) fn page_policy(&self, script_sources: &str) -> HeaderValue {
        HeaderValue::from_str(&page_content_security_policy(script_sources, &self.form_action_sources, &self.image_sources))
            .unwrap_or(HeaderValue::from_static(DEFAULT_CSP))
    }

    /// Every response's headers, with its policy (None: not a page, the
    /// strict default). A 304 carries only a page's policy: the page is the
    /// one the browser stored, with the headers it stored, and of these only
    /// the policy can differ from one answer to the next (configured
    /// origins); the others never change, and a short 304 is most of what a
    /// shared cache or a returning browser asks for.
    pub(crate) fn apply(&self, response: &mut Response, policy: Option<HeaderValue>) {
        let not_modified = response.status() == StatusCode::NOT_MODIFIED;
        let headers = response.headers_mut();
        if not_modified {
            if let Some(policy) = policy {
                headers.insert(header::CONTENT_SECURITY_POLICY, policy);
            }
            return;
        }
        headers.insert(header::CONTENT_SECURITY_POLICY, policy.unwrap_or(HeaderValue::from_static(DEFAULT_CSP)));
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=(), usb=()"));
        headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
        if self.over_tls {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
        }
    }
}

pub async fn add_security_headers(State(settings): State<SecurityHeaders>, mut request: Request, next: Next) -> Response {
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    request.extensions_mut().insert(ResponseNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let is_html = response.headers().get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(|value| value.starts_with("text/html"));
    // A kept page's 304 carries its policy too: a browser stores the new
    // headers with the page it already has.
    let kept_scripts = response.extensions().get::<super::page_cache::KeptPageScripts>().map(|scripts| scripts.0.clone());
    let policy = if let Some(scripts) = kept_scripts {
        Some(settings.page_policy(&scripts))
    } else if is_html {
        Some(settings.page_policy(&format!("'nonce-{nonce}'")))
    } else {
        None
    };
    settings.apply(&mut response, policy);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_action_lists_each_identity_provider_origin_once() {
        let headers = SecurityHeaders::new(true).allowing_form_redirects_to([
            "https://idp.example.it/slo?x=1",
            "https://idp.example.it:443/other",
            "https://login.other.example:8443/logout",
            "not a url",
            "data:text/html,hello",
        ]);
        assert_eq!(&*headers.form_action_sources, "https://idp.example.it https://login.other.example:8443");
        let policy = page_content_security_policy("'nonce-n'", &headers.form_action_sources, "");
        assert!(policy.contains("form-action 'self' https://idp.example.it https://login.other.example:8443; frame-ancestors"));
        assert!(page_content_security_policy("'nonce-n'", "", "").contains("form-action 'self'; frame-ancestors"));
        assert!(page_content_security_policy("'sha256-a' 'sha256-b'", "", "").contains("script-src 'self' 'sha256-a' 'sha256-b' 'wasm-unsafe-eval';"));
        assert!(page_content_security_policy("", "", "").contains("script-src 'self' 'wasm-unsafe-eval';"), "a kept page without inline scripts");
    }
}
