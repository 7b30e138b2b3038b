//! The typed HTTP layer: failures answered in the person's language with
//! the request id, refusals in the person's language, forms read into
//! structs, and the rules that keep SQL and status changes in the stores.

use crate::support::*;
use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use app::payments::notice_number::SegregationCode;
use server::payments::positions::{open_debt_position, NewDebtPosition};

async fn citizen_with_a_notice(server: &TestServer) -> (Browser, String) {
    let account = crate::practice_wizard::create_citizen(server, "RSSMRA80A01F205X", "Mario", false).await;
    let position = open_debt_position(
        server.pool(),
        SegregationCode::parse("01").unwrap(),
        &NewDebtPosition {
            kind: DebtKind::Spontaneous,
            reference: "http-layer",
            account_id: Some(&account),
            payer_fiscal_code: "RSSMRA80A01F205X",
            payer_name: "Mario Rossi",
            description: "Diritti di segreteria",
            amount: AmountInCents::from_cents(1_650).unwrap(),
            due_on: None,
            transfers: None,
        },
    )
    .await
    .unwrap();
    (crate::practice_wizard::log_in(server, "RSSMRA80A01F205X", false).await, position.id)
}

async fn a_failure_is_answered_in_the_persons_language_with_the_request_id(server: &TestServer) {
    let (mut citizen, position) = citizen_with_a_notice(server).await;
    // The notice downloads; then its table goes away under the server.
    let response = citizen.get(&format!("/area-personale/pagamenti/{position}/avviso.pdf")).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get("x-request-id").is_some(), "every answer names its request");
    sqlx::query("ALTER TABLE debt_positions RENAME TO debt_positions_away").execute(server.pool()).await.unwrap();

    for (language, title) in [("it", "Servizio momentaneamente non disponibile"), ("en", "Service temporarily unavailable")] {
        citizen.cookies.insert("lingua".into(), language.into());
        let response = citizen.get(&format!("/area-personale/pagamenti/{position}/avviso.pdf")).await;
        assert_eq!(response.status(), 503, "a database failure is not a 'not found'");
        let id = response.headers().get("x-request-id").unwrap().to_str().unwrap().to_string();
        assert_eq!(id.len(), 16);
        assert_eq!(response.headers().get("cache-control").unwrap(), "no-store", "still an answer to a signed-in browser");
        let page = response.text().await.unwrap();
        assert!(page.contains(&format!("<html lang=\"{language}\"")) && page.contains(title), "{page}");
        assert!(page.contains(&format!("<code>{id}</code>")), "the page shows the id of the log line: {page}");
        assert!(!page.contains("debt_positions"), "the cause stays in the log: {page}");
    }
    sqlx::query("ALTER TABLE debt_positions_away RENAME TO debt_positions").execute(server.pool()).await.unwrap();
}

async fn refusals_are_written_in_the_persons_language(server: &TestServer) {
    let (mut citizen, _) = citizen_with_a_notice(server).await;
    citizen.cookies.insert("lingua".into(), "en".into());
    let response = citizen.get("/operatore").await;
    assert_eq!(response.status(), 403);
    let page = response.text().await.unwrap();
    assert!(page.contains("<html lang=\"en\"") && page.contains("Access not allowed") && page.contains("Go to the home page"), "{page}");

    // A post without the form's token, from an English reader.
    let response = reqwest::Client::new()
        .post(server.url("/esci"))
        .header("cookie", "lingua=en; sportello_csrf=0000000000000000000000000000000000000000000000000000000000000000")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("csrf=1111111111111111111111111111111111111111111111111111111111111111")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let page = response.text().await.unwrap();
    assert!(page.contains("Invalid request") && page.contains("nothing was saved"), "{page}");

    // A body over the limit is refused before anything reads it, in the reader's language.
    // The request declares its length and sends no body: the answer must come
    // from the declared length alone (a client still writing a body the
    // server will never read can meet a closed socket instead of the answer).
    for (path, content_type) in [("/pagamenti/verifica", "application/octet-stream"), ("/esci", "application/x-www-form-urlencoded")] {
        let (status, page) = declared_too_large(server, path, content_type, &citizen.cookies["sportello_csrf"]).await;
        assert_eq!(status, 413, "{path}");
        assert!(page.contains("<html lang=\"en\"") && page.contains("Request too large") && page.contains("nothing was saved"), "{path}: {page}");
    }
}

/// Posts headers declaring a 65 KB body, sends none, and reads the answer.
async fn declared_too_large(server: &TestServer, path: &str, content_type: &str, csrf: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = server.base_url.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nCookie: lingua=en; sportello_csrf={csrf}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        65 * 1024
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer).to_string();
    let status = answer.split_whitespace().nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    (status, answer)
}

async fn a_spontaneous_payment_form_with_problems_comes_back_typed(server: &TestServer) {
    let (mut citizen, _) = citizen_with_a_notice(server).await;
    let code = app::payments::spontaneous::SPONTANEOUS_PAYMENT_TYPES[0].code;
    let response = citizen
        .post_form(&format!("/area-personale/pagamenti/nuovo/{code}"), &[("causale", "Diritti per la copia degli atti"), ("importo", "dodici euro")])
        .await;
    assert_eq!(response.status(), 422, "a mistake gets the form again");
    let page = response.text().await.unwrap();
    assert!(page.contains("Diritti per la copia degli atti") && page.contains("dodici euro"), "everything typed is kept");
    assert!(page.contains("<title>Errore:"), "{page}");
}

async fn a_malformed_id_in_a_path_is_not_found(server: &TestServer) {
    let (mut citizen, position) = citizen_with_a_notice(server).await;
    for path in [
        "/area-personale/pagamenti/non-un-id/avviso.pdf".to_string(),
        format!("/area-personale/pagamenti/{}/avviso.pdf", position.to_uppercase()),
        "/area-personale/allegati/1".to_string(),
        "/area-personale/pratiche/abc/ricevuta.pdf".to_string(),
    ] {
        let response = citizen.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        let page = response.text().await.unwrap();
        assert!(page.contains("Pagina non trovata"), "{path}: the portal's own page, not a bare 400: {page}");
    }
    let response = citizen.get(&format!("/area-personale/pagamenti/{position}/avviso.pdf")).await;
    assert_eq!(response.status(), 200, "the same path with the real id");
}

on_both_databases!(
    a_failure_is_answered_in_the_persons_language_with_the_request_id,
    refusals_are_written_in_the_persons_language,
    a_spontaneous_payment_form_with_problems_comes_back_typed,
    a_malformed_id_in_a_path_is_not_found
);

fn server_sources() -> Vec<(std::path::PathBuf, String)> {
    fn walk(directory: &std::path::Path, found: &mut Vec<(std::path::PathBuf, String)>) {
        for entry in std::fs::read_dir(directory).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                found.push((path, text));
            }
        }
    }
    let mut found = Vec::new();
    walk(&workspace_path("server/src"), &mut found);
    found
}

#[test]
fn no_routes_file_runs_sql() {
    for (path, text) in server_sources() {
        if path.file_name().is_some_and(|name| name.to_string_lossy().ends_with("routes.rs")) {
            assert!(!text.contains("sqlx"), "{} uses sqlx: reads and writes belong in the domain's store", path.display());
        }
    }
}

#[test]
fn a_debt_positions_status_changes_only_in_change_status() {
    for (path, text) in server_sources() {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if flat.contains("UPDATE debt_positions SET status") {
            assert!(path.ends_with("payments/positions.rs"), "{} changes a position's status itself: use positions::change_status", path.display());
        }
    }
}

/// A handler's signature, flattened: from `pub async fn` to its body's `{`.
fn handler_signatures(text: &str) -> Vec<String> {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.split("pub async fn ").skip(1).map(|rest| rest.split(" {").next().unwrap_or_default().to_string()).collect()
}

#[test]
fn handlers_return_app_error_and_read_forms_into_structs() {
    let mut handlers = 0;
    for (path, text) in server_sources() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for gone in ["fn read_form(", "fn read_pairs(", "fn internal_failure(", "fn locale_of(", "fn current_user(", "fn not_found("] {
            assert!(!text.contains(gone), "{}: `{gone}` is what the typed layer replaced", path.display());
        }
        if name.ends_with("routes.rs") {
            assert!(!text.contains("field(&"), "{}: a handler looks a form field up by name", path.display());
            assert!(!text.contains("axum::extract::Request"), "{}: a handler takes the raw request instead of extractors", path.display());
            for signature in handler_signatures(&text) {
                handlers += 1;
                assert!(signature.contains("-> Result<Response, AppError>"), "{}: {signature}", path.display());
            }
        }
    }
    assert!(handlers > 40, "the handlers were found ({handlers})");
}

/// The build writes brotli and gzip files beside the CSS, JS and WASM: each
/// is read once and sent as it is (stand-ins here, so the bytes tell which file went),
/// with its length and never compressed again; a browser that accepts
/// neither gets the file itself. No asset sets a cookie.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_assets_go_precompressed_and_without_a_cookie() {
    let _watchdog = crate::support::Watchdog::start("static_assets_go_precompressed_and_without_a_cookie");
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let css = "body { color: #1a1a1a; }\n".repeat(100);
    std::fs::write(pkg.join("sportello.css"), &css).unwrap();
    std::fs::write(pkg.join("sportello.css.br"), b"brotli stand-in").unwrap();
    std::fs::write(pkg.join("sportello.css.gz"), b"gzip stand-in").unwrap();
    let root = site.path().to_path_buf();
    let server = TestServer::start_with(Backend::Sqlite, move |config| config.site_root = root).await;
    // A first visit: no cookie of ours yet.
    let client = reqwest::Client::new();
    for (accepted, encoding, body) in [("br, gzip", Some("br"), "brotli stand-in"), ("gzip", Some("gzip"), "gzip stand-in"), ("identity", None, css.as_str())] {
        let response = client.get(server.url("/pkg/sportello.css")).header("accept-encoding", accepted).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        assert_eq!(headers.get("content-encoding").map(|value| value.to_str().unwrap()), encoding, "{accepted}");
        assert_eq!(headers.get("content-length").map(|value| value.to_str().unwrap().to_string()), Some(body.len().to_string()), "{accepted}");
        assert!(headers.get("set-cookie").is_none(), "no cookie on an asset: {headers:?}");
        assert_eq!(headers.get("vary").map(|value| value.to_str().unwrap()), Some("accept-encoding"), "a shared cache keeps the encodings apart");
        // Read once at start: a browser that has it is answered 304, in any of its encodings.
        let etag = headers.get("etag").expect("an ETag").to_str().unwrap().to_string();
        let again = client.get(server.url("/pkg/sportello.css")).header("accept-encoding", accepted).header("if-none-match", &etag).send().await.unwrap();
        assert_eq!(again.status(), 304, "{accepted}");
        assert_eq!(response.text().await.unwrap(), body);
    }
    assert_eq!(client.get(server.url("/pkg/missing.css")).send().await.unwrap().status(), 404);
    // A page with a form still gives the first visitor the form token's cookie.
    let page = client.get(server.url("/accedi")).send().await.unwrap();
    assert!(page.headers().get("set-cookie").is_some_and(|cookie| cookie.to_str().unwrap().starts_with("sportello_csrf=")));
    server.stop().await;
}
