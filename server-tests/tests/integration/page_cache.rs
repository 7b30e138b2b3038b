//! Anonymous pages kept rendered (issue 22): the kept page is the fresh
//! rendering but for the nonce, conditional requests answer 304, a change
//! shows on the next request (on another instance too, through PostgreSQL),
//! and a signed-in visitor and an anonymous one never get each other's page.

use crate::practice_wizard::{create_citizen, log_in};
use crate::support::*;
use sha2::Digest;

const SHEET: &str = "/servizi/cambio-di-residenza";
/// A page of every kind kept: the home, lists, a sheet, a topic, the search
/// page with its island's scripts, the ratings, the procedures.
const KEPT_PAGES: [&str; 8] =
    ["/", "/servizi", SHEET, "/argomenti/anagrafe-e-stato-civile", "/cerca", "/valutazioni", "/pratiche", "/pratiche/accesso-civico-generalizzato"];

on_both_databases!(
    a_kept_page_is_the_fresh_rendering_without_its_nonce,
    conditional_requests_answer_from_memory,
    a_rating_shows_on_the_next_request,
    tokenless_posts_need_our_origin
);

/// An anonymous browser's first visit: no cookie at all.
fn first_visit() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).map(|value| value.to_str().unwrap().to_string()).unwrap_or_default()
}

fn nonce_of(policy: &str) -> String {
    policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).unwrap_or_default().to_string()
}

async fn a_kept_page_is_the_fresh_rendering_without_its_nonce(server: &TestServer) {
    let fresh_server = TestServer::start_with(Backend::Sqlite, |config| config.page_cache = false).await;
    for path in KEPT_PAGES {
        let fresh = first_visit().get(fresh_server.url(path)).send().await.unwrap();
        assert_eq!(fresh.status(), 200, "{path}");
        let nonce = nonce_of(&header(&fresh, "content-security-policy"));
        assert_eq!(nonce.len(), 32, "{path}: a fresh rendering has its nonce");
        assert_eq!(header(&fresh, "etag"), "", "{path}: nothing kept with the cache off");
        // Leptos writes the nonce on inline scripts and as the hydration links' crossorigin.
        let fresh_html =
            fresh.text().await.unwrap().replace(&format!(" nonce=\"{nonce}\""), "").replace(&format!(" crossorigin=\"{nonce}\""), " crossorigin=\"\"");

        let first = first_visit().get(server.url(path)).send().await.unwrap();
        assert_eq!(first.status(), 200, "{path}");
        assert_eq!(header(&first, "set-cookie"), "", "{path}: a kept page sets no cookie, not even the CSRF token's");
        let etag = header(&first, "etag");
        assert!(etag.len() == 22 && etag.starts_with('"'), "{path}: a strong ETag, {etag}");
        let policy = header(&first, "content-security-policy");
        assert!(!policy.contains("'nonce-") && !policy.contains("unsafe-inline"), "{path}: {policy}");
        let kept_html = first.text().await.unwrap();
        assert_eq!(kept_html, fresh_html, "{path}: the kept page is the fresh rendering but for the nonce");
        for script in inline_scripts(&kept_html) {
            let hash = base64_of(&sha2::Sha256::digest(script.as_bytes()));
            assert!(policy.contains(&format!("'sha256-{hash}'")), "{path}: the policy allows its inline script by its hash");
        }

        // A visitor with cookies (the CSRF token, the language) gets the same bytes.
        let again = server.get(path).await;
        assert_eq!(header(&again, "etag"), etag, "{path}");
        assert_eq!(again.text().await.unwrap(), kept_html, "{path}");
    }
    assert!(!inline_scripts(&first_visit().get(server.url("/cerca")).send().await.unwrap().text().await.unwrap()).is_empty(), "the search page's island");
    fresh_server.stop().await;
}

fn inline_scripts(html: &str) -> Vec<String> {
    html.split("<script")
        .skip(1)
        .filter_map(|rest| {
            let (tag, after) = rest.split_once('>')?;
            let data_block = tag.contains(" type=\"application/ld+json\"");
            (!tag.contains(" src=") && !data_block).then(|| after.split("</script>").next().unwrap_or_default().to_string())
        })
        .collect()
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

async fn conditional_requests_answer_from_memory(server: &TestServer) {
    let client = first_visit();
    let first = client.get(server.url(SHEET)).send().await.unwrap();
    let (etag, last_modified, policy) = (header(&first, "etag"), header(&first, "last-modified"), header(&first, "content-security-policy"));
    assert!(!last_modified.is_empty());
    assert_eq!(header(&first, "cache-control"), "public, max-age=0, s-maxage=60, must-revalidate", "a shared cache may keep it a minute");
    assert_eq!(header(&first, "vary"), "accept-encoding, cookie");
    let plain = first.bytes().await.unwrap();

    let revalidated = client.get(server.url(SHEET)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(revalidated.status(), 304);
    assert_eq!(header(&revalidated, "etag"), etag);
    assert_eq!(header(&revalidated, "content-security-policy"), policy, "the stored page keeps the policy that allows its scripts");
    assert!(revalidated.bytes().await.unwrap().is_empty());
    let since = client.get(server.url(SHEET)).header("if-modified-since", &last_modified).send().await.unwrap();
    assert_eq!(since.status(), 304);
    let other = client.get(server.url(SHEET)).header("if-none-match", "\"0123456789abcdef0123\"").send().await.unwrap();
    assert_eq!(other.status(), 200, "another version is sent whole");

    // The compressed bytes were made once: each encoding has its own ETag,
    // and revalidates with any of them.
    for (encoding, suffix) in [("gzip", "-gz"), ("br", "-br")] {
        let compressed = client.get(server.url(SHEET)).header("accept-encoding", encoding).send().await.unwrap();
        assert_eq!(header(&compressed, "content-encoding"), encoding);
        assert_eq!(header(&compressed, "etag"), format!("{}{suffix}\"", etag.trim_end_matches('"')));
        let length: usize = header(&compressed, "content-length").parse().expect("a length, not chunks");
        assert!(length > 0 && length < plain.len() / 3, "{encoding}: {length} of {}", plain.len());
        let tag = header(&compressed, "etag");
        let revalidated = client.get(server.url(SHEET)).header("accept-encoding", encoding).header("if-none-match", &tag).send().await.unwrap();
        assert_eq!(revalidated.status(), 304);
    }
    let gzip = client.get(server.url(SHEET)).header("accept-encoding", "gzip").send().await.unwrap().bytes().await.unwrap();
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, plain.to_vec());

    // A page with a query (a search, a form's answer) is rendered each time.
    let search = client.get(server.url("/cerca?q=residenza")).send().await.unwrap();
    assert_eq!(header(&search, "etag"), "");
    assert!(header(&search, "content-security-policy").contains("'nonce-"));
}

async fn a_rating_shows_on_the_next_request(server: &TestServer) {
    let client = first_visit();
    let ratings = client.get(server.url("/valutazioni")).send().await.unwrap();
    let ratings_etag = header(&ratings, "etag");
    assert!(!ratings.text().await.unwrap().contains("iscrizione alla tassa sui rifiuti"), "nobody rated it yet");
    let sheet_etag = header(&client.get(server.url(SHEET)).send().await.unwrap(), "etag");

    assert_eq!(rate_the_tari_sheet(&client, server, "5").await, 302, "the rating form needs no token from our own page");

    let ratings = client.get(server.url("/valutazioni")).send().await.unwrap();
    assert_ne!(header(&ratings, "etag"), ratings_etag);
    assert!(ratings.text().await.unwrap().contains("iscrizione alla tassa sui rifiuti"), "the next request shows the rating");
    let english = client.get(server.url("/valutazioni")).header("cookie", "lingua=en").send().await.unwrap().text().await.unwrap();
    assert!(english.contains("lang=\"en\"") && english.contains("registering for the waste tax"), "in English too");
    assert_eq!(header(&client.get(server.url(SHEET)).send().await.unwrap(), "etag"), sheet_etag, "only the pages it changes are rendered again");
}

/// Rates a sheet as its form does, from our own page and without a token: the status.
async fn rate_the_tari_sheet(client: &reqwest::Client, server: &TestServer, stars: &str) -> u16 {
    let form = [("page", "/servizi/tari-iscrizione"), ("rating", stars), ("reason_positive", "chiare")];
    let request = client.post(server.url(app::routes::PAGE_FEEDBACK_PATH)).header("accept", "text/html").header("origin", &server.base_url);
    request.form(&form).send().await.unwrap().status().as_u16()
}

async fn tokenless_posts_need_our_origin(server: &TestServer) {
    let client = first_visit();
    let switch = |origin: Option<&str>| {
        let mut request = client.post(server.url("/lingua")).form(&[("lingua", "en"), ("ritorno", "/servizi")]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    let switched = switch(Some(&server.base_url)).await.unwrap();
    assert_eq!(switched.status(), 303, "the language switch of a kept page has no token");
    assert!(header(&switched, "set-cookie").starts_with("lingua=en;"));
    assert_eq!(switch(Some("https://evil.example")).await.unwrap().status(), 403);
    assert_eq!(switch(None).await.unwrap().status(), 403, "neither our origin nor a token");
    let forged = client
        .post(server.url(app::routes::PAGE_FEEDBACK_PATH))
        .header("origin", "https://evil.example")
        .form(&[("page", SHEET), ("rating", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
}

/// The header of a signed-in visitor is theirs, on every page: never the
/// kept anonymous one, before or after it was kept; and the anonymous
/// visitor after them never gets theirs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_and_anonymous_visitors_never_swap_pages() {
    let _watchdog = Watchdog::start("signed_in_and_anonymous_visitors_never_swap_pages");
    let server = TestServer::start(Backend::Sqlite).await;
    create_citizen(&server, "RSSMRA80A01F205X", "Mario", false).await;
    let mut citizen = log_in(&server, "RSSMRA80A01F205X", false).await;
    // First signed in (nothing kept yet), then anonymous, then signed in again.
    for round in 0..2 {
        for path in KEPT_PAGES {
            let response = citizen.get(path).await;
            assert_eq!(header(&response, "etag"), "", "{path}: a rendering of their own");
            assert_eq!(header(&response, "cache-control"), "no-store", "{path}");
            let html = without_text_markers(response.text().await.unwrap());
            assert!(html.contains("href=\"/area-personale\"") && html.contains("Mario"), "{path} (round {round}): their header");

            let anonymous = first_visit().get(server.url(path)).send().await.unwrap();
            assert!(!header(&anonymous, "etag").is_empty(), "{path}: the kept page");
            let html = anonymous.text().await.unwrap();
            assert!(!html.contains("Mario") && html.contains("/accedi?ritorno="), "{path} (round {round}): the anonymous header");
        }
    }
    server.stop().await;
}

/// Two instances on one PostgreSQL database: a rating on one, and a
/// procedure published with the command line, show on the other's next
/// request once it has heard the change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_instance_hears_what_changed() {
    let _watchdog = Watchdog::start("another_instance_hears_what_changed");
    let first = TestServer::start(Backend::Postgres).await;
    let second = TestServer::start_beside(&first).await;
    let mut heard = second.page_changes_heard();
    tokio::time::timeout(std::time::Duration::from_secs(30), heard.wait_for(|count| *count >= 1)).await.expect("listening within 30 s").unwrap();
    heard.borrow_and_update();
    let client = first_visit();
    assert!(!client.get(second.url("/valutazioni")).send().await.unwrap().text().await.unwrap().contains("iscrizione alla tassa sui rifiuti"));

    assert_eq!(rate_the_tari_sheet(&client, &first, "4").await, 302);
    tokio::time::timeout(std::time::Duration::from_secs(30), heard.changed()).await.expect("heard within 30 s").unwrap();
    assert!(client.get(second.url("/valutazioni")).send().await.unwrap().text().await.unwrap().contains("iscrizione alla tassa sui rifiuti"));

    let page = "/pratiche/accesso-civico-generalizzato";
    let before = client.get(second.url(page)).send().await.unwrap().text().await.unwrap();
    let definition = workspace_path("content/procedures/accesso-civico-generalizzato.toml");
    let changed = std::fs::read_to_string(&definition).unwrap().replacen("title = \"", "title = \"Nuova versione: ", 1);
    assert_ne!(changed, std::fs::read_to_string(&definition).unwrap(), "the definition has an Italian title to change");
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("accesso-civico-generalizzato.toml");
    std::fs::write(&file, changed).unwrap();
    heard.borrow_and_update();
    server::practices::definitions::publish_procedure_file_as_administrator(first.pool(), &workspace_path("content"), &file).await.unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(30), heard.changed()).await.expect("heard within 30 s").unwrap();
    let after = client.get(second.url(page)).send().await.unwrap().text().await.unwrap();
    assert!(!before.contains("Nuova versione: ") && after.contains("Nuova versione: "), "the published version shows");
    second.stop().await;
    first.stop().await;
}
