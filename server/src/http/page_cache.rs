//! Anonymous pages at the speed of a static file. A page nothing personal
//! changes (`app::routes::ANONYMOUS_PAGES`) is rendered once per content
//! version, language and maintenance notice, kept in memory as plain, gzip
//! and brotli bytes, and handed to every visitor without a session — with a
//! strong ETag, `Last-Modified`, a 304 that renders nothing, and a
//! `Cache-Control` that lets a shared cache keep it for a minute.
//!
//! The kept page is the same bytes for everyone: its inline scripts are
//! allowed by their hashes, not by a per-response nonce (the rendering's
//! nonce attributes are taken out), and a rendering that holds anything of
//! the visitor's own (a cookie's value, such as the CSRF token) is answered
//! but never kept. A change of what such pages show (`PageChange`) drops
//! exactly the pages it affects, on this instance at once and on every other
//! instance sharing a PostgreSQL database through `NOTIFY`.

use crate::clock::Clock;
use app::auth::model::{CurrentUser, SessionTokenHash};
use app::http_context::{AnnouncedMaintenance, ResponseNonce};
use app::i18n::Locale;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use sqlx::AnyPool;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

/// The PostgreSQL channel instances tell each other of page changes on.
pub const PAGE_CHANGES_CHANNEL: &str = "sportello_pages";

/// A kept rendering older than this is made again: same bytes, same ETag,
/// so browsers still revalidate for nothing. It bounds what a change nobody
/// announced can leave on show (a procedure published with the command line
/// on SQLite, where no instance hears it).
const REFRESH_SECONDS: i64 = 60;

/// Far more than the guide's pages in both languages; past it, everything is
/// dropped and rendered again rather than growing.
const MAXIMUM_PAGES: usize = 4096;

const MAXIMUM_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// Browsers revalidate every time (a 304 costs nothing); a shared cache in
/// front of the instances may keep the page a minute, then revalidates.
const ANONYMOUS_CACHE_CONTROL: &str = "public, max-age=0, s-maxage=60, must-revalidate";

/// The page depends on the language cookie and on having no session cookie.
const ANONYMOUS_VARY: &str = "accept-encoding, cookie";

/// What changes what anonymous pages show, beyond the content files a start reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageChange {
    /// A guide page was rated: the ratings' averages.
    Ratings,
    /// A procedure version was published: the online procedures' catalogue and pages.
    Procedures,
}

impl PageChange {
    const ALL: [PageChange; 2] = [PageChange::Ratings, PageChange::Procedures];

    /// Whether a page of this `ANONYMOUS_PAGES` pattern shows what changed.
    pub fn affects(self, pattern: &str) -> bool {
        match self {
            PageChange::Ratings => pattern == "/valutazioni",
            PageChange::Procedures => matches!(pattern, "/pratiche" | "/pratiche/:slug"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            PageChange::Ratings => "ratings",
            PageChange::Procedures => "procedures",
        }
    }

    fn parse(name: &str) -> Option<PageChange> {
        PageChange::ALL.into_iter().find(|change| change.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct PageKey {
    path: String,
    locale: Locale,
    /// The announced maintenance window the page's banner shows, if any.
    maintenance: Option<(String, i64, i64, String)>,
}

impl PageKey {
    fn of(path: &str, headers: &HeaderMap, announced: Option<&app::maintenance::model::MaintenanceWindow>) -> PageKey {
        PageKey {
            path: path.to_string(),
            locale: headers.get(header::COOKIE).and_then(|value| value.to_str().ok()).map(Locale::from_cookie_header).unwrap_or_default(),
            maintenance: announced.map(|window| (window.id.clone(), window.starts_at, window.ends_at, window.reason.clone())),
        }
    }
}

/// One kept rendering.
struct KeptPage {
    pattern: &'static str,
    /// The first 20 hex digits of the plain bytes' SHA-256: the strong ETag
    /// (`-br`/`-gz` after it for the compressed bytes).
    tag: String,
    last_modified: i64,
    rendered_at: i64,
    /// `'sha256-…'` of each inline script, for the page's script-src.
    script_sources: Arc<str>,
    plain: Bytes,
    gzip: Bytes,
    brotli: Bytes,
    /// Each response's header values, made once: `ETag` for the plain,
    /// gzip and brotli bytes, `Last-Modified`, and the page's whole CSP
    /// (made by the fast path's security headers at its first answer).
    etags: [HeaderValue; 3],
    last_modified_header: HeaderValue,
    policy: OnceLock<HeaderValue>,
}

/// The script-src sources of a kept page's inline scripts: the security
/// headers put them where a fresh rendering's nonce would be.
#[derive(Clone, Debug)]
pub struct KeptPageScripts(pub Arc<str>);

struct Inner {
    pages: RwLock<HashMap<PageKey, Arc<KeptPage>>>,
    /// Moves on at every change: a rendering begun before a change is not kept.
    generation: AtomicU64,
    clock: Clock,
    pool: AnyPool,
    /// On PostgreSQL: instances hear each other.
    listens: bool,
    /// 1 once listening on PostgreSQL, then one more for each change
    /// announced elsewhere that this instance applied.
    heard: tokio::sync::watch::Sender<u64>,
}

/// The kept anonymous pages of this instance (`None` inside: turned off,
/// every page rendered for each request).
#[derive(Clone)]
pub struct PageCache(Option<Arc<Inner>>);

impl PageCache {
    pub fn new(pool: AnyPool, database_url: &str, clock: Clock, enabled: bool) -> PageCache {
        if !enabled {
            return PageCache(None);
        }
        let (heard, _) = tokio::sync::watch::channel(0);
        PageCache(Some(Arc::new(Inner {
            pages: RwLock::new(HashMap::new()),
            generation: AtomicU64::new(0),
            clock,
            pool,
            listens: is_postgres(database_url),
            heard,
        })))
    }

    /// Drops the pages `change` affects here, and tells the other instances.
    pub async fn announce(&self, change: PageChange) {
        let Some(inner) = &self.0 else { return };
        inner.apply(Some(change));
        if inner.listens {
            tell_other_instances(&inner.pool, change).await;
        }
    }

    /// How many changes announced elsewhere this instance has applied (tests wait on it).
    pub fn heard(&self) -> Option<tokio::sync::watch::Receiver<u64>> {
        self.0.as_ref().map(|inner| inner.heard.subscribe())
    }

    /// Listens on PostgreSQL for the changes other instances (and the
    /// publishing command) announce, until `shutdown`. A lost connection may
    /// have lost notices: every kept page is dropped when it comes back.
    pub async fn listen(self, database_url: String, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        let Some(inner) = self.0.clone().filter(|inner| inner.listens) else { return };
        let mut listener = match sqlx::postgres::PgListener::connect(&database_url).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for page changes: kept pages refresh every {REFRESH_SECONDS} s only");
                return;
            }
        };
        if let Err(error) = listener.listen(PAGE_CHANGES_CHANNEL).await {
            tracing::warn!(%error, "cannot listen for page changes: kept pages refresh every {REFRESH_SECONDS} s only");
            return;
        }
        inner.heard.send_modify(|count| *count += 1);
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                notice = listener.try_recv() => match notice {
                    Ok(Some(notice)) => inner.apply(PageChange::parse(notice.payload())),
                    // The connection was lost and is made again on the next call.
                    Ok(None) => inner.apply(None),
                    Err(error) => {
                        tracing::warn!(%error, "page changes: the listening connection failed");
                        inner.apply(None);
                        tokio::select! {
                            _ = shutdown.changed() => return,
                            _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
                        }
                    }
                },
            }
            inner.heard.send_modify(|count| *count += 1);
        }
    }
}

impl Inner {
    /// The kept page for `key`, unless it is due to be rendered again.
    fn fresh(&self, key: &PageKey, now: i64) -> Option<Arc<KeptPage>> {
        let pages = self.pages.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        pages.get(key).filter(|page| (page.rendered_at..page.rendered_at + REFRESH_SECONDS).contains(&now)).cloned()
    }

    /// Drops the pages `change` affects (every page for `None`).
    fn apply(&self, change: Option<PageChange>) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        let mut pages = self.pages.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        pages.retain(|_, page| change.is_some_and(|change| !change.affects(page.pattern)));
    }
}

fn is_postgres(database_url: &str) -> bool {
    database_url.starts_with("postgres:") || database_url.starts_with("postgresql:")
}

/// Tells every instance on this PostgreSQL database (SQLite: nobody) that
/// `change` happened. The publishing command calls it too, having no pages
/// of its own.
pub async fn tell_other_instances(pool: &AnyPool, change: PageChange) {
    let told = async {
        let mut connection = pool.acquire().await?;
        if connection.backend_name() == "PostgreSQL" {
            sqlx::query("SELECT pg_notify($1, $2)").bind(PAGE_CHANGES_CHANNEL).bind(change.name()).execute(&mut *connection).await?;
        }
        Ok::<(), sqlx::Error>(())
    };
    if let Err(error) = told.await {
        tracing::warn!(%error, "could not tell the other instances of a page change");
    }
}

/// What the answer needs of the request, read before the request goes on.
struct Asked<'a> {
    if_none_match: Option<Cow<'a, str>>,
    if_modified_since: Option<i64>,
    encoding: Encoding,
}

impl Asked<'_> {
    fn of(headers: &HeaderMap) -> Asked<'_> {
        Asked {
            if_none_match: headers.get(header::IF_NONE_MATCH).and_then(|value| value.to_str().ok()).map(Cow::Borrowed),
            if_modified_since: headers
                .get(header::IF_MODIFIED_SINCE)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| httpdate::parse_http_date(value).ok())
                .and_then(|time| time.duration_since(std::time::UNIX_EPOCH).ok())
                .and_then(|since| i64::try_from(since.as_secs()).ok()),
            encoding: accepted_encoding(headers),
        }
    }

    /// The same, kept while the request goes on to be rendered.
    fn into_owned(self) -> Asked<'static> {
        Asked {
            if_none_match: self.if_none_match.map(|tags| Cow::Owned(tags.into_owned())),
            if_modified_since: self.if_modified_since,
            encoding: self.encoding,
        }
    }
}

impl PageCache {
    /// The kept page at `path` for a visitor without a session, while no
    /// maintenance is announced (the caller knows both), as these headers
    /// ask for it; with its pattern and its content security policy, made
    /// from its inline scripts' sources by `policy` once per kept page.
    /// None: not kept (or due to be rendered again): the whole stack answers.
    pub(crate) fn answer_kept(
        &self,
        path: &str,
        headers: &HeaderMap,
        policy: impl FnOnce(&str) -> HeaderValue,
    ) -> Option<(Response, &'static str, HeaderValue)> {
        let inner = self.0.as_ref()?;
        let page = inner.fresh(&PageKey::of(path, headers, None), inner.clock.now_unix_seconds())?;
        let policy = page.policy.get_or_init(|| policy(&page.script_sources)).clone();
        Some((answer(&page, &Asked::of(headers)), page.pattern, policy))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// The middleware: kept pages for anonymous GET and HEAD of `ANONYMOUS_PAGES`.
pub async fn serve_anonymous_pages(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    let Some(inner) = cache.0.clone() else { return next.run(request).await };
    // Anyone with a session (signed in, or half-way through a second factor)
    // gets a rendering of their own; a query makes a search or a form's answer.
    let has_session = request.extensions().get::<CurrentUser>().is_some() || request.extensions().get::<SessionTokenHash>().is_some();
    if has_session || !matches!(*request.method(), Method::GET | Method::HEAD) || request.uri().query().is_some() {
        return next.run(request).await;
    }
    let announced = request.extensions().get::<AnnouncedMaintenance>().map(|notice| &notice.0);
    let key = PageKey::of(request.uri().path(), request.headers(), announced);
    let now = inner.clock.now_unix_seconds();
    let kept = inner.fresh(&key, now);
    let asked = Asked::of(request.headers()).into_owned();
    let page = match kept {
        Some(page) => page,
        None => {
            // Only a listed page is kept; a HEAD's rendering has no body to keep.
            let Some(pattern) = app::routes::anonymous_page(request.uri().path()).filter(|_| request.method() == Method::GET) else {
                return next.run(request).await;
            };
            match render_and_keep(&inner, key, pattern, now, request, next).await {
                Ok(page) => page,
                Err(response) => return response,
            }
        }
    };
    answer(&page, &asked)
}

/// Renders the page; keeps it when it is the same for everyone, else hands
/// the rendering back as it is.
async fn render_and_keep(inner: &Inner, key: PageKey, pattern: &'static str, now: i64, request: Request, next: Next) -> Result<Arc<KeptPage>, Response> {
    let generation = inner.generation.load(Ordering::SeqCst);
    let nonce = request.extensions().get::<ResponseNonce>().map(|nonce| nonce.0.clone()).unwrap_or_default();
    let mut visitor_values = cookie_values(request.headers().get_all(header::COOKIE).iter());
    let response = next.run(request).await;
    let (parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAXIMUM_PAGE_BYTES).await else {
        return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    };
    visitor_values.extend(cookie_values(parts.headers.get_all(header::SET_COOKIE).iter()));
    let keepable = parts.status == StatusCode::OK
        && parts.headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(|value| value.starts_with("text/html"))
        && !parts.headers.contains_key(header::CACHE_CONTROL)
        && parts.headers.get_all(header::SET_COOKIE).iter().all(|cookie| is_csrf_cookie(cookie.as_bytes()))
        && !nonce.is_empty();
    let shared = keepable.then(|| std::str::from_utf8(&bytes).ok()).flatten().and_then(|html| same_for_everyone(html, &nonce, &visitor_values));
    let Some(html) = shared else {
        return Err(Response::from_parts(parts, Body::from(bytes)));
    };
    let tag = crate::auth::tokens::sha256_hex(html.as_bytes())[..20].to_string();
    let mut pages = inner.pages.write().unwrap_or_else(|poisoned| poisoned.into_inner());
    let last_modified = pages.get(&key).filter(|earlier| earlier.tag == tag).map(|earlier| earlier.last_modified).unwrap_or(now);
    let etag = |suffix: &str| HeaderValue::from_str(&format!("\"{tag}{suffix}\"")).unwrap_or(HeaderValue::from_static("\"\""));
    let page = Arc::new(KeptPage {
        pattern,
        script_sources: inline_script_sources(&html).into(),
        gzip: gzip(html.as_bytes()),
        brotli: brotli(html.as_bytes()),
        plain: Bytes::from(html),
        etags: [etag(""), etag("-gz"), etag("-br")],
        last_modified_header: HeaderValue::from_str(&http_date(last_modified)).unwrap_or(HeaderValue::from_static("")),
        policy: OnceLock::new(),
        tag,
        last_modified,
        rendered_at: now,
    });
    if inner.generation.load(Ordering::SeqCst) == generation {
        if pages.len() >= MAXIMUM_PAGES {
            pages.clear();
        }
        pages.insert(key, page.clone());
    }
    Ok(page)
}

/// The rendering without its nonce, if nothing in it is the visitor's own
/// (the nonce anywhere else, or a cookie's value: the CSRF token). Leptos
/// also writes the nonce as the hydration links' `crossorigin`, where any
/// value but `use-credentials` means `anonymous`, as the empty one does.
fn same_for_everyone(html: &str, nonce: &str, visitor_values: &[String]) -> Option<String> {
    let html = html.replace(&format!(" nonce=\"{nonce}\""), "").replace(&format!(" crossorigin=\"{nonce}\""), " crossorigin=\"\"");
    let personal = html.contains(nonce) || visitor_values.iter().any(|value| html.contains(value.as_str()));
    (!personal).then_some(html)
}

/// The values of cookies long enough to be a token (a language tag is not).
fn cookie_values<'a>(headers: impl Iterator<Item = &'a HeaderValue>) -> Vec<String> {
    headers
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';').map(str::trim).filter_map(|pair| pair.split_once('=')).map(|(_, value)| value.to_string()).collect::<Vec<_>>())
        .filter(|value| value.len() >= 16)
        .collect()
}

fn is_csrf_cookie(set_cookie: &[u8]) -> bool {
    [true, false].into_iter().any(|over_tls| set_cookie.starts_with(format!("{}=", crate::auth::csrf::csrf_cookie_name(over_tls)).as_bytes()))
}

/// `'sha256-…'` of every inline script the browser runs (one without `src`;
/// a data block such as JSON-LD is not run and needs none), in order.
fn inline_script_sources(html: &str) -> String {
    use base64::Engine;
    let mut sources = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else { break };
        let Some(close) = after.find("</script>") else { break };
        if close > tag_end && !after[..tag_end].contains(" src=") && is_run(&after[..tag_end]) {
            let content = &after[tag_end + 1..close];
            sources.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(content.as_bytes()))));
        }
        rest = &after[close.max(tag_end) + 1..];
    }
    sources.dedup();
    sources.join(" ")
}

/// Whether a `<script …` start tag names a type the browser runs.
fn is_run(start_tag: &str) -> bool {
    match start_tag.split(" type=\"").nth(1).and_then(|rest| rest.split('"').next()) {
        None => true,
        Some(kind) => ["module", "text/javascript", "application/javascript"].contains(&kind.to_ascii_lowercase().as_str()),
    }
}

fn gzip(bytes: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    Bytes::from(encoder.finish().unwrap_or_default())
}

fn brotli(bytes: &[u8]) -> Bytes {
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 10, lgwin: 22, size_hint: bytes.len(), ..Default::default() };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut compressed, &params);
    Bytes::from(compressed)
}

/// The compressed encodings a browser takes (a `q=0` refuses one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AcceptedEncodings {
    pub brotli: bool,
    pub gzip: bool,
}

pub(crate) fn accepted_encodings(headers: &HeaderMap) -> AcceptedEncodings {
    let mut accepted = AcceptedEncodings { brotli: false, gzip: false };
    for item in headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|value| value.to_str().ok()).flat_map(|value| value.split(',')) {
        let mut pieces = item.split(';').map(str::trim);
        let coding = pieces.next().unwrap_or_default();
        if pieces.any(|parameter| parameter.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_some_and(|q| q <= 0.0)) {
            continue;
        }
        accepted.brotli |= coding.eq_ignore_ascii_case("br");
        accepted.gzip |= coding.eq_ignore_ascii_case("gzip");
    }
    accepted
}

/// brotli if the browser takes it, else gzip, else the plain bytes.
fn accepted_encoding(headers: &HeaderMap) -> Encoding {
    match accepted_encodings(headers) {
        AcceptedEncodings { brotli: true, .. } => Encoding::Brotli,
        AcceptedEncodings { gzip: true, .. } => Encoding::Gzip,
        _ => Encoding::Identity,
    }
}

fn http_date(unix_seconds: i64) -> String {
    httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(u64::try_from(unix_seconds).unwrap_or_default()))
}

/// Whether an `If-None-Match` names this page (any of its encodings: the
/// bytes differ, the page does not), or is `*`.
pub(crate) fn if_none_match_names(if_none_match: &str, tag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|candidate| {
        let candidate = candidate.trim_start_matches("W/").trim_matches('"');
        candidate == "*" || candidate == tag || candidate.strip_prefix(tag).is_some_and(|suffix| suffix == "-br" || suffix == "-gz")
    })
}

fn answer(page: &KeptPage, asked: &Asked) -> Response {
    let (bytes, etag, coding) = match asked.encoding {
        Encoding::Brotli => (&page.brotli, &page.etags[2], Some("br")),
        Encoding::Gzip => (&page.gzip, &page.etags[1], Some("gzip")),
        Encoding::Identity => (&page.plain, &page.etags[0], None),
    };
    let not_modified = match asked.if_none_match.as_deref() {
        Some(if_none_match) => if_none_match_names(if_none_match, &page.tag),
        None => asked.if_modified_since.is_some_and(|since| since >= page.last_modified),
    };
    let mut response = if not_modified { StatusCode::NOT_MODIFIED.into_response() } else { Response::new(Body::from(bytes.clone())) };
    let headers = response.headers_mut();
    // Room for every header the answer and the security headers add: no regrowth.
    headers.reserve(16);
    if !not_modified {
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
        if let Some(coding) = coding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
    }
    headers.insert(header::ETAG, etag.clone());
    if !not_modified {
        headers.insert(header::LAST_MODIFIED, page.last_modified_header.clone());
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(ANONYMOUS_CACHE_CONTROL));
    headers.insert(header::VARY, HeaderValue::from_static(ANONYMOUS_VARY));
    response.extensions_mut().insert(KeptPageScripts(page.script_sources.clone()));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_linked_ones_are_not() {
        let html = r#"<head><script src="/pwa.js" defer></script><script type="module">import('/pkg/x.js')</script></head><body><script>a()</script></body>"#;
        let sources = inline_script_sources(html);
        assert_eq!(sources.matches("'sha256-").count(), 2, "{sources}");
        use base64::Engine;
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import('/pkg/x.js')"));
        assert!(sources.starts_with(&format!("'sha256-{expected}'")));
        assert_eq!(inline_script_sources("<p>no scripts</p>"), "");
        assert_eq!(inline_script_sources(r#"<script type="application/ld+json">{"@type":"Service"}</script>"#), "", "data, not run");
    }

    #[test]
    fn a_rendering_with_something_of_the_visitor_is_not_kept() {
        let nonce = "0123456789abcdef0123456789abcdef";
        let html = format!(r#"<script nonce="{nonce}">x()</script><form><input name="csrf" value="{}"></form>"#, "t".repeat(64));
        assert_eq!(same_for_everyone(&html, nonce, &["t".repeat(64)]), None);
        let shared = same_for_everyone(&format!(r#"<script nonce="{nonce}">x()</script>"#), nonce, &["t".repeat(64)]);
        assert_eq!(shared.as_deref(), Some("<script>x()</script>"));
        assert_eq!(same_for_everyone(&format!("<p data-x=\"{nonce}\"></p>"), nonce, &[]), None, "the nonce elsewhere");
        let hydration = format!(r#"<link rel="modulepreload" href="/pkg/x.js" crossorigin="{nonce}"/>"#);
        assert_eq!(same_for_everyone(&hydration, nonce, &[]).as_deref(), Some(r#"<link rel="modulepreload" href="/pkg/x.js" crossorigin=""/>"#));
    }

    #[test]
    fn the_encoding_is_the_best_the_browser_takes() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
            accepted_encoding(&headers)
        };
        assert!(with("gzip, deflate, br, zstd") == Encoding::Brotli);
        assert!(with("gzip") == Encoding::Gzip);
        assert!(with("br;q=0, gzip;q=0.5") == Encoding::Gzip);
        assert!(with("identity") == Encoding::Identity);
        assert!(accepted_encoding(&HeaderMap::new()) == Encoding::Identity);
    }

    #[test]
    fn if_none_match_names_the_page_in_any_encoding() {
        assert!(if_none_match_names("\"abc\"", "abc"));
        assert!(if_none_match_names("W/\"abc-gz\"", "abc"));
        assert!(if_none_match_names("\"x\", \"abc-br\"", "abc"));
        assert!(if_none_match_names("*", "abc"));
        assert!(!if_none_match_names("\"abcd\"", "abc"));
        assert!(!if_none_match_names("\"abc-xx\"", "abc"));
    }

    #[test]
    fn each_change_drops_only_its_pages() {
        assert!(PageChange::Ratings.affects("/valutazioni"));
        assert!(!PageChange::Ratings.affects("/servizi/:slug"));
        assert!(PageChange::Procedures.affects("/pratiche/:slug"));
        assert!(!PageChange::Procedures.affects("/"));
        for change in PageChange::ALL {
            assert_eq!(PageChange::parse(change.name()), Some(change));
        }
        for (change, pattern) in [(PageChange::Ratings, "/valutazioni"), (PageChange::Procedures, "/pratiche"), (PageChange::Procedures, "/pratiche/:slug")] {
            assert!(change.affects(pattern) && app::routes::ANONYMOUS_PAGES.contains(&pattern), "{pattern} is kept, and {change:?} drops it");
        }
    }
}
