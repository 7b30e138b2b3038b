//! Starts the real server on port 0 with a fresh database: a new SQLite file,
//! or a new PostgreSQL database created for the test and dropped after it.

#![allow(dead_code)]

use server::config::Config;
use server::prepared::PreparedFiles;
use server::RunningServer;
use sqlx::Executor;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestServer {
    pub base_url: String,
    pub database_url: String,
    pub client: reqwest::Client,
    /// The server's clock: tests move it forward instead of sleeping.
    pub clock: server::clock::Clock,
    server: Option<RunningServer>,
    database: Option<FreshDatabase>,
}

/// A database of its own for one test: a copy of the process's migrated
/// template (a file copy for SQLite, `CREATE DATABASE … TEMPLATE` for
/// PostgreSQL), or an empty one where a test is about the first start.
pub struct FreshDatabase {
    pub url: String,
    _sqlite_dir: Option<tempfile::TempDir>,
    postgres_database: Option<String>,
}

impl FreshDatabase {
    /// A migrated database, copied from the template this process migrated once.
    pub async fn create(backend: Backend) -> FreshDatabase {
        let template = template(backend).await;
        Self::new(backend, Some(template)).await
    }

    /// An empty database: the server migrates it on its first start.
    pub async fn empty(backend: Backend) -> FreshDatabase {
        Self::new(backend, None).await
    }

    async fn new(backend: Backend, template: Option<&Template>) -> FreshDatabase {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary folder");
                let file = dir.path().join("portal.sqlite");
                if let Some(Template::Sqlite(template_file)) = template {
                    std::fs::copy(template_file, &file).expect("copy the template database");
                }
                let url = format!("sqlite://{}", file.display());
                FreshDatabase { url, _sqlite_dir: Some(dir), postgres_database: None }
            }
            Backend::Postgres => {
                let name = format!("sportello_test_{}", uuid::Uuid::new_v4().simple());
                let from = match template {
                    Some(Template::Postgres(template_name)) => format!(" TEMPLATE {template_name}"),
                    _ => String::new(),
                };
                let admin = postgres_admin().await;
                admin.execute(format!("CREATE DATABASE {name}{from}").as_str()).await.expect("create test database");
                admin.close().await;
                FreshDatabase { url: postgres_url_of(&name), _sqlite_dir: None, postgres_database: Some(name) }
            }
        }
    }

    pub async fn drop_database(mut self) {
        if let Some(name) = self.postgres_database.take() {
            if let Ok(admin) = sqlx::PgPool::connect(&postgres_admin_url()).await {
                let _ = admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
                admin.close().await;
            }
        }
    }
}

/// The migrated database a test process copies for each test. Migrating
/// (16 migrations, when measured) cost each test more than the copy does: 0.8 s against
/// 0.45 s on PostgreSQL here. Every process migrates its own from empty, so
/// the migrations still run from scratch on both backends at every run.
enum Template {
    Sqlite(PathBuf),
    Postgres(String),
}

async fn template(backend: Backend) -> &'static Template {
    static SQLITE: tokio::sync::OnceCell<Template> = tokio::sync::OnceCell::const_new();
    static POSTGRES: tokio::sync::OnceCell<Template> = tokio::sync::OnceCell::const_new();
    match backend {
        Backend::Sqlite => SQLITE.get_or_init(migrated_sqlite_template).await,
        Backend::Postgres => POSTGRES.get_or_init(migrated_postgres_template).await,
    }
}

/// Templates are named after the process that made them; those of processes
/// that no longer run are removed when a new one is made (statics are never
/// dropped, so a process cannot remove its own).
const TEMPLATE_PREFIX: &str = "sportello_template_";

fn process_is_running(pid: &str) -> bool {
    pid.parse::<u32>().is_ok_and(|pid| PathBuf::from(format!("/proc/{pid}")).exists())
}

async fn migrated_sqlite_template() -> Template {
    let folder = std::env::temp_dir();
    for entry in std::fs::read_dir(&folder).expect("temporary folder").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name.strip_prefix(TEMPLATE_PREFIX).and_then(|rest| rest.split('.').next()) {
            if !process_is_running(pid) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let migrated = folder.join(format!("{TEMPLATE_PREFIX}{}.migrated.sqlite", std::process::id()));
    let file = folder.join(format!("{TEMPLATE_PREFIX}{}.sqlite", std::process::id()));
    for path in [&migrated, &file] {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    let url = format!("sqlite://{}", migrated.display());
    let pool = server::database::connect_and_migrate(&url).await.expect("migrate the SQLite template");
    // Copies take the template's file alone, so it must hold the whole
    // database. The migrated file may not (pages can still be in its WAL), and
    // leaving WAL mode needs every other connection gone: a connection of the
    // closed pool sometimes outlived it and kept that from ever succeeding.
    // `VACUUM INTO` writes a consistent snapshot into a new file whatever else
    // is open, with nothing left in a WAL beside it.
    sqlx::query(&format!("VACUUM INTO '{}'", file.display())).execute(&pool).await.expect("write the SQLite template");
    pool.close().await;
    assert!(!PathBuf::from(format!("{}-wal", file.display())).exists(), "no WAL beside the template");
    Template::Sqlite(file)
}

async fn migrated_postgres_template() -> Template {
    let admin = postgres_admin().await;
    let existing: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'sportello\\_template\\_%'").fetch_all(&admin).await.expect("list templates");
    for name in existing {
        if !process_is_running(&name[TEMPLATE_PREFIX.len()..]) {
            let _ = admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
        }
    }
    let name = format!("{TEMPLATE_PREFIX}{}", std::process::id());
    admin.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await.expect("drop an old template");
    admin.execute(format!("CREATE DATABASE {name}").as_str()).await.expect("create the template database");
    let pool = server::database::connect_and_migrate(&postgres_url_of(&name)).await.expect("migrate the PostgreSQL template");
    pool.close().await;
    // No session may be connected to a database that is being copied.
    admin.execute(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false").as_str()).await.expect("close the template");
    admin.close().await;
    Template::Postgres(name)
}

fn postgres_url_of(database: &str) -> String {
    let base = postgres_admin_url();
    format!("{}/{database}", base.rsplit_once('/').unwrap().0)
}

async fn postgres_admin() -> sqlx::PgPool {
    sqlx::PgPool::connect(&postgres_admin_url()).await.expect("PostgreSQL must run at 127.0.0.1:5432 (set SPORTELLO_TEST_POSTGRES_URL otherwise)")
}

fn postgres_admin_url() -> String {
    std::env::var("SPORTELLO_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// A page as its reader gets it: without the empty comments (`<!>`) that
/// Leptos's erased component types put after a text node. They mark text for
/// hydration, show nothing, and would split every text a test looks for.
pub fn without_text_markers(html: String) -> String {
    if html.contains("<!>") {
        html.replace("<!>", "")
    } else {
        html
    }
}

pub fn workspace_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(relative)
}

/// The portal's binary, which the build puts beside this test binary's
/// folder (`target/<profile>/server` next to `target/<profile>/deps/`).
pub fn server_binary() -> PathBuf {
    let test_binary = std::env::current_exe().expect("the test binary's path");
    let binary = test_binary.parent().and_then(|deps| deps.parent()).expect("target/<profile>/deps").join("server");
    assert!(binary.exists(), "{} is missing: build the server first (cargo build --release -p server)", binary.display());
    binary
}

/// The demo registry's family units in tests: the demo citizens' families
/// and a few more (Rho's size takes seconds to write; only the registry's
/// own test needs it).
pub const TEST_REGISTRY_FAMILIES: usize = 20;

pub fn test_config(database_url: String) -> Config {
    let mut config = Config::local(database_url, &workspace_path(""));
    config.demo_registry_families = TEST_REGISTRY_FAMILIES;
    config
}

/// The workspace's content, search index and pagoPA XSDs, read and built once
/// for the whole test process.
pub fn prepared_files() -> std::sync::Arc<PreparedFiles> {
    static PREPARED: std::sync::OnceLock<std::sync::Arc<PreparedFiles>> = std::sync::OnceLock::new();
    PREPARED.get_or_init(|| std::sync::Arc::new(PreparedFiles::load(&test_config(String::new())).expect("the workspace's files load"))).clone()
}

/// Starts a server with the process's prepared files, unless the
/// configuration names other folders (then it reads its own).
pub async fn start_server(config: Config) -> anyhow::Result<RunningServer> {
    let prepared = prepared_files();
    if prepared.are_of(&config) {
        server::start_prepared(config, prepared).await
    } else {
        server::start(config).await
    }
}

impl TestServer {
    pub async fn start(backend: Backend) -> TestServer {
        Self::start_with(backend, |_| {}).await
    }

    pub async fn start_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestServer {
        Self::start_on(FreshDatabase::create(backend).await, adjust).await
    }

    /// A server whose first start migrates an empty database.
    pub async fn start_on_empty_database(backend: Backend) -> TestServer {
        Self::start_on(FreshDatabase::empty(backend).await, |_| {}).await
    }

    async fn start_on(database: FreshDatabase, adjust: impl FnOnce(&mut Config)) -> TestServer {
        let database_url = database.url.clone();
        let mut config = test_config(database_url.clone());
        adjust(&mut config);
        let clock = config.clock.clone();
        let server = start_server(config).await.expect("server starts");
        let base_url = format!("http://{}", server.address);
        // A browser that has already visited a page: it holds a CSRF cookie
        // and sends the token with every post, as our forms do.
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("cookie", format!("sportello_csrf={TEST_CSRF_TOKEN}").parse().unwrap());
        headers.insert("x-csrf-token", TEST_CSRF_TOKEN.parse().unwrap());
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).default_headers(headers).build().unwrap();
        TestServer { base_url, database_url, client, clock, server: Some(server), database: Some(database) }
    }

    /// A second instance on the same database as `other` (which keeps and
    /// drops the database).
    pub async fn start_beside(other: &TestServer) -> TestServer {
        let config = test_config(other.database_url.clone());
        let clock = config.clock.clone();
        let server = start_server(config).await.expect("server starts");
        TestServer {
            base_url: format!("http://{}", server.address),
            database_url: other.database_url.clone(),
            client: other.client.clone(),
            clock,
            server: Some(server),
            database: None,
        }
    }

    /// Counts the page changes this server heard from other instances.
    pub fn page_changes_heard(&self) -> tokio::sync::watch::Receiver<u64> {
        self.server.as_ref().and_then(|server| server.page_cache.heard()).expect("a running server that keeps pages")
    }

    /// The files this server was started with.
    pub fn prepared(&self) -> &std::sync::Arc<PreparedFiles> {
        &self.server.as_ref().expect("server running").prepared
    }

    pub fn pool(&self) -> &sqlx::AnyPool {
        &self.server.as_ref().expect("server running").pool
    }

    /// `https://…` of the smart-card TLS listener, when configured.
    pub fn smart_card_url(&self, path: &str) -> String {
        let address = self.server.as_ref().and_then(|server| server.smart_card_address).expect("smart-card listener");
        format!("https://{address}{path}")
    }

    /// The message centre of the running server (its App IO worker delivers what it queues).
    pub fn messages(&self) -> server::messages::centre::MessageCentre {
        self.server.as_ref().map(|server| server.messages.clone()).expect("a running server")
    }

    /// Waits until the App IO worker has taken every delivery queued for
    /// now (it wakes when the centre queues one): rounds, not sleeps.
    pub async fn settle_app_io(&self) {
        let mut rounds = self.server.as_ref().map(|server| server.io_rounds.clone()).expect("a running server");
        for _ in 0..20 {
            rounds.borrow_and_update();
            let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM message_deliveries WHERE channel = 'app_io' AND outcome = 'pending' AND attempts = 0")
                .fetch_one(self.pool())
                .await
                .unwrap();
            if waiting == 0 {
                return;
            }
            tokio::time::timeout(std::time::Duration::from_secs(30), rounds.changed()).await.expect("an App IO round within 30 s").expect("the worker runs");
        }
        panic!("App IO deliveries still waiting after 20 rounds");
    }

    /// The App IO simulator of a server started with it.
    pub fn app_io_simulator(&self) -> std::sync::Arc<server::messages::io_simulator::AppIoSimulator> {
        self.server.as_ref().and_then(|server| server.app_io_simulator.clone()).expect("started with the App IO simulator")
    }

    pub fn simulator(&self) -> std::sync::Arc<server::payments::simulator::PagoPaSimulator> {
        self.server.as_ref().and_then(|server| server.pagopa_simulator.clone()).expect("started with the pagoPA simulator")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, without_text_markers(response.text().await.unwrap()))
    }

    pub async fn stop(mut self) {
        // The client's pooled keep-alive connections would hold the server's
        // graceful shutdown open: close them first.
        drop(std::mem::replace(&mut self.client, reqwest::Client::new()));
        if let Some(server) = self.server.take() {
            server.stop().await;
        }
        if let Some(database) = self.database.take() {
            database.drop_database().await;
        }
    }
}

pub const TEST_CSRF_TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// A browser with its own cookie jar (kept by hand, so tests can look at and
/// tamper with every cookie) that fills in the CSRF field like our forms.
pub struct Browser {
    pub base_url: String,
    pub client: reqwest::Client,
    pub cookies: std::collections::BTreeMap<String, String>,
}

impl Browser {
    pub fn new(server: &TestServer) -> Browser {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Browser { base_url: server.base_url.clone(), client, cookies: Default::default() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("; ")
    }

    fn remember_cookies(&mut self, response: &reqwest::Response) {
        for value in response.headers().get_all("set-cookie") {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
    }

    pub async fn get(&mut self, path: &str) -> reqwest::Response {
        let response = self.client.get(format!("{}{path}", self.base_url)).header("cookie", self.cookie_header()).send().await.unwrap();
        self.remember_cookies(&response);
        response
    }

    pub async fn get_text(&mut self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        (response.status().as_u16(), without_text_markers(response.text().await.unwrap()))
    }

    /// Posts a form as the page would: visits a page first if there is no
    /// CSRF cookie yet, then sends the token in the `csrf` field.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        if !self.cookies.contains_key("sportello_csrf") {
            let _ = self.get("/accedi").await;
        }
        let token = self.cookies["sportello_csrf"].clone();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", token.as_str()));
        let response = self.client.post(format!("{}{path}", self.base_url)).header("cookie", self.cookie_header()).form(&all).send().await.unwrap();
        self.remember_cookies(&response);
        response
    }

    /// Posts a multipart form: its fields and files (field, file name, bytes).
    pub async fn post_multipart(&mut self, path: &str, fields: &[(&str, &str)], files: &[(&str, &str, Vec<u8>)]) -> reqwest::Response {
        if !self.cookies.contains_key("sportello_csrf") {
            let _ = self.get("/accedi").await;
        }
        let mut form = reqwest::multipart::Form::new().text("csrf", self.cookies["sportello_csrf"].clone());
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        for (field, file_name, bytes) in files {
            form = form.part(field.to_string(), reqwest::multipart::Part::bytes(bytes.clone()).file_name(file_name.to_string()));
        }
        let response = self.client.post(format!("{}{path}", self.base_url)).header("cookie", self.cookie_header()).multipart(form).send().await.unwrap();
        self.remember_cookies(&response);
        response
    }

    pub fn session_cookie(&self) -> Option<String> {
        self.cookies.get("sportello_sessione").cloned()
    }

    /// A request with the path exactly as given (reqwest's URL parser would
    /// resolve `.` and `..` before sending): status and the whole answer.
    pub async fn raw(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let host = self.base_url.trim_start_matches("http://").to_string();
        let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
        let mut cookies = self.cookie_header();
        if !cookies.contains("sportello_csrf=") {
            cookies = format!("{cookies}; sportello_csrf={TEST_CSRF_TOKEN}");
        }
        let csrf = self.cookies.get("sportello_csrf").cloned().unwrap_or_else(|| TEST_CSRF_TOKEN.to_string());
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookies}\r\nX-CSRF-Token: {csrf}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        let answer = String::from_utf8_lossy(&answer).into_owned();
        let status = answer.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or_else(|| panic!("no status in {answer:?}"));
        (status, answer)
    }
}

/// Ends the whole test process if a test has not finished in time.
///
/// A request that never gets an answer would otherwise hold the run until the
/// CI's own limit, with no word of which test hung. A runtime's timer cannot
/// help when the hang is in the runtime itself, so a plain thread watches.
pub struct Watchdog {
    _finished: std::sync::mpsc::Sender<()>,
}

pub const TEST_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(180);

impl Watchdog {
    pub fn start(test_name: &'static str) -> Watchdog {
        let (finished, watching) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = watching.recv_timeout(TEST_TIME_LIMIT) {
                eprintln!("\n{test_name} did not finish within {} s: a request or the shutdown is hanging", TEST_TIME_LIMIT.as_secs());
                std::process::exit(101);
            }
        });
        Watchdog { _finished: finished }
    }
}

/// Runs one check against a server on SQLite and one on PostgreSQL;
/// `configured_with adjust;` first changes each server's configuration.
#[macro_export]
macro_rules! on_both_databases {
    (configured_with $adjust:path; $($check:ident),* $(,)?) => {
        $(
            mod $check {
                use super::*;
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let _watchdog = $crate::support::Watchdog::start(concat!(stringify!($check), "::sqlite"));
                    let server = TestServer::start_with(Backend::Sqlite, $adjust).await;
                    super::$check(&server).await;
                    server.stop().await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let _watchdog = $crate::support::Watchdog::start(concat!(stringify!($check), "::postgres"));
                    let server = TestServer::start_with(Backend::Postgres, $adjust).await;
                    super::$check(&server).await;
                    server.stop().await;
                }
            }
        )*
    };
    ($($check:ident),* $(,)?) => {
        $crate::on_both_databases!(configured_with $crate::support::unchanged_config; $($check),*);
    };
}

pub fn unchanged_config(_: &mut Config) {}

/// Every page rendered for each request, as before issue 22.
pub fn without_page_cache(config: &mut Config) {
    config.page_cache = false;
}

/// A minimal SMTP server that accepts every message and keeps its raw text:
/// enough for lettre's client (EHLO, MAIL, RCPT, DATA, QUIT) to deliver.
pub struct SmtpSink {
    pub address: std::net::SocketAddr,
    pub messages: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = messages.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = kept.clone();
                tokio::spawn(async move {
                    let (reader, mut writer) = stream.into_split();
                    let mut lines = BufReader::new(reader).lines();
                    writer.write_all(b"220 sink.test ESMTP\r\n").await.ok()?;
                    while let Some(line) = lines.next_line().await.ok()? {
                        let command = line.to_ascii_uppercase();
                        let answer: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
                            b"250-sink.test\r\n250 8BITMIME\r\n"
                        } else if command.starts_with("DATA") {
                            writer.write_all(b"354 go ahead\r\n").await.ok()?;
                            let mut message = String::new();
                            while let Some(data_line) = lines.next_line().await.ok()? {
                                if data_line == "." {
                                    break;
                                }
                                message.push_str(&data_line);
                                message.push('\n');
                            }
                            kept.lock().unwrap().push(message);
                            b"250 queued\r\n"
                        } else if command.starts_with("QUIT") {
                            writer.write_all(b"221 bye\r\n").await.ok()?;
                            return Some(());
                        } else {
                            b"250 ok\r\n"
                        };
                        writer.write_all(answer).await.ok()?;
                    }
                    Some(())
                });
            }
        });
        SmtpSink { address, messages }
    }
}

/// The QR codes printed on the first page of a PDF, read back the way a phone
/// would: the page rendered to grey pixels by poppler's `pdftoppm` (150 dpi)
/// and decoded with rqrr.
pub fn qr_codes_on_first_page(pdf: &[u8]) -> Vec<String> {
    let folder = tempfile::tempdir().expect("temporary folder");
    let pdf_path = folder.path().join("document.pdf");
    std::fs::write(&pdf_path, pdf).expect("PDF written");
    let output = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", "150", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf_path)
        .arg(folder.path().join("page"))
        .output()
        .expect("pdftoppm (Debian poppler-utils) is needed to read PDFs back; `./sportello test` installs it");
    assert!(output.status.success(), "pdftoppm could not render the PDF: {}", String::from_utf8_lossy(&output.stderr));
    let image = std::fs::read(folder.path().join("page.pgm")).expect("the rendered page");
    let (width, height, pixels) = parse_binary_pgm(&image);
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| pixels[y * width + x]);
    prepared.detect_grids().into_iter().map(|grid| grid.decode().expect("a QR code found on the page decodes").1).collect()
}

/// A binary PGM (P5, 8 bits): three header fields after the magic number,
/// separated by whitespace, then one byte per pixel.
fn parse_binary_pgm(image: &[u8]) -> (usize, usize, &[u8]) {
    assert!(image.starts_with(b"P5"), "pdftoppm -gray writes binary PGM");
    let mut fields = Vec::new();
    let mut position = 2;
    while fields.len() < 3 {
        while image[position].is_ascii_whitespace() {
            position += 1;
        }
        let start = position;
        while !image[position].is_ascii_whitespace() {
            position += 1;
        }
        fields.push(std::str::from_utf8(&image[start..position]).unwrap().parse::<usize>().unwrap());
    }
    let (width, height) = (fields[0], fields[1]);
    assert_eq!(fields[2], 255, "8-bit grey");
    let pixels = &image[position + 1..];
    assert_eq!(pixels.len(), width * height);
    (width, height, pixels)
}

/// Where a redirect sends the browser (empty when the answer is not one).
pub fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|value| value.to_str().unwrap().to_string()).unwrap_or_default()
}

/// pagoPA's creditor-interface schema, as the repository keeps it.
pub fn node_message_schema_path() -> PathBuf {
    workspace_path("server/pagopa-schemas/soap-paForNode.xsd")
}

/// Whether xmllint (libxml2's own command, not the server's code path) finds
/// a SOAP message of the creditor interface valid against pagoPA's XSDs;
/// the errors otherwise.
pub fn xmllint_verdict(xml: &str) -> Result<(), String> {
    xmllint_against(&node_message_schema_path(), xml)
}

/// Whether xmllint finds a digital stamp (marcaDaBollo XML) valid against
/// the Agenzia delle Entrate's schema as pagoPA publishes it.
pub fn xmllint_stamp_verdict(xml: &str) -> Result<(), String> {
    xmllint_against(&workspace_path("server/pagopa-schemas/xsd-common/MarcaDaBollo.xsd"), xml)
}

/// Whether xmllint reads the document as well-formed XML (no schema).
pub fn xml_well_formed(xml: &str) -> Result<(), String> {
    use std::io::Write;
    let mut file = tempfile::NamedTempFile::new().expect("temporary file");
    file.write_all(xml.as_bytes()).expect("document written");
    let output = std::process::Command::new("xmllint").arg("--noout").arg("--nonet").arg(file.path()).output().expect("xmllint (Debian libxml2-utils)");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn xmllint_against(schema: &std::path::Path, xml: &str) -> Result<(), String> {
    use std::io::Write;
    let mut file = tempfile::NamedTempFile::new().expect("temporary file");
    file.write_all(xml.as_bytes()).expect("message written");
    let output = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(schema)
        .arg(file.path())
        .output()
        .expect("xmllint (Debian libxml2-utils) is needed to check pagoPA's messages; `./sportello test` installs it");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// The text of a PDF as poppler's `pdftotext` extracts it (what a reader
/// copies from the page), line layout kept.
pub fn text_of_pdf(pdf: &[u8]) -> String {
    let folder = tempfile::tempdir().expect("temporary folder");
    let pdf_path = folder.path().join("document.pdf");
    std::fs::write(&pdf_path, pdf).expect("PDF written");
    let output = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&pdf_path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) is needed to read PDFs back; `./sportello test` installs it");
    assert!(output.status.success(), "pdftotext could not read the PDF: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 text")
}
