//! Chaos: the server process is killed (SIGKILL, no shutdown of any kind)
//! after the node's paGetPayment and before or while its paSendRT arrives,
//! then started again on the same database — SQLite and PostgreSQL. pagoPA
//! delivers a receipt again until it gets an answer, so what must hold is:
//! no receipt lost, none recorded twice, no position paid twice, and none
//! stuck "in progress" for ever.

use crate::pa_for_node::{node, node_call_endpoint, open_on, qr, receipt_for};
use crate::support::*;
use server::payments::node_messages::{write_get_payment_request, write_send_receipt_request, write_verify_request, InterfaceVersion};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The release-shaped server binary (`server`), as deployed, in a process of its own.
struct ServerProcess {
    child: Child,
    endpoint: String,
}

impl ServerProcess {
    /// Starts the binary on a port the system chooses and reads which from
    /// its "ready" line: a port picked here and freed before the child binds
    /// it could be taken meanwhile by another test's server, whose `/health`
    /// would then answer for this one.
    async fn start(database_url: &str) -> ServerProcess {
        let mut child = Command::new(crate::support::server_binary())
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
            .env("LEPTOS_SITE_ROOT", workspace_path("target/site"))
            .env("SPORTELLO_CONTENT_DIR", workspace_path("content"))
            .env("SPORTELLO_PAGOPA_SCHEMA_DIR", workspace_path("server/pagopa-schemas"))
            .env("RUST_LOG", "error,server=info")
            .env("NO_COLOR", "1")
            .env_remove("SPORTELLO_DEMO_DATA")
            .env_remove("SPORTELLO_PAGOPA_SIMULATOR")
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("the server's output");
        let (ready, address) = std::sync::mpsc::channel();
        // Reads the output to its end, so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)).map_while(Result::ok) {
                if let Some((_, rest)) = line.split_once("is ready on http://") {
                    let _ = ready.send(rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':').collect::<String>());
                }
            }
        });
        let mut process = ServerProcess { child, endpoint: String::new() };
        for _ in 0..600 {
            if let Ok(Some(status)) = process.child.try_wait() {
                panic!("the server exited at start: {status}");
            }
            if let Ok(address) = address.try_recv() {
                process.endpoint = format!("http://{address}/pagopa/paForNode");
                let health = format!("http://{address}/health");
                assert!(reqwest::get(&health).await.is_ok_and(|response| response.status().is_success()), "the server answers on {address}");
                return process;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        process.kill();
        panic!("the server did not say it was ready within a minute");
    }

    /// SIGKILL: no graceful shutdown, no flush, no destructor runs.
    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

async fn status_of(pool: &sqlx::AnyPool, position_id: &str) -> String {
    sqlx::query_scalar("SELECT status FROM debt_positions WHERE id = $1").bind(position_id).fetch_one(pool).await.unwrap()
}

async fn receipts_survive_a_server_killed_between_payment_and_receipt(backend: Backend) {
    let database = FreshDatabase::create(backend).await;
    let mut process = ServerProcess::start(&database.url).await;
    let pool = server::database::connect_and_migrate(&database.url).await.unwrap();
    let http = reqwest::Client::new();
    let (waiting, in_flight, abandoned) =
        (open_on(&pool, "uccisa-1", 4_200).await, open_on(&pool, "uccisa-2", 1_650).await, open_on(&pool, "uccisa-3", 900).await);

    // The node verifies and takes each payment: the positions are held.
    for position in [&waiting, &in_flight, &abandoned] {
        let notice = qr(&position.notice_number.to_string());
        assert!(node_call_endpoint(&http, &process.endpoint, &write_verify_request(&node(), &notice)).await.outcome_ok);
        assert!(node_call_endpoint(&http, &process.endpoint, &write_get_payment_request(InterfaceVersion::V2, &node(), &notice)).await.outcome_ok);
        assert_eq!(status_of(&pool, &position.id).await, "in_progress");
    }
    // One receipt is on the wire when the process dies.
    let in_flight_receipt = write_send_receipt_request(InterfaceVersion::V2, &node(), &receipt_for(&in_flight, "psp-receipt-in-flight"));
    let wire = {
        let (http, endpoint, message) = (http.clone(), process.endpoint.clone(), in_flight_receipt.clone());
        tokio::spawn(async move {
            http.post(&endpoint).header("content-type", "text/xml; charset=utf-8").body(message).send().await.map(|response| response.status())
        })
    };
    tokio::time::sleep(Duration::from_millis(3)).await;
    process.kill();
    let _ = wire.await;

    // After the kill: what was committed is there; nothing is half-written.
    assert_eq!(status_of(&pool, &waiting.id).await, "in_progress", "the started payment survived the kill");
    let in_flight_state = status_of(&pool, &in_flight.id).await;
    let in_flight_receipts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM payment_receipts WHERE position_id = $1").bind(&in_flight.id).fetch_one(&pool).await.unwrap();
    assert!(
        (in_flight_state == "in_progress" && in_flight_receipts == 0) || (in_flight_state == "paid" && in_flight_receipts == 1),
        "a receipt is all or nothing: {in_flight_state} with {in_flight_receipts} receipts"
    );

    // Started again on the same database; the node delivers its receipts again.
    let mut process = ServerProcess::start(&database.url).await;
    for _ in 0..2 {
        let receipt = write_send_receipt_request(InterfaceVersion::V2, &node(), &receipt_for(&waiting, "psp-receipt-waiting"));
        assert!(node_call_endpoint(&http, &process.endpoint, &receipt).await.outcome_ok);
        assert!(node_call_endpoint(&http, &process.endpoint, &in_flight_receipt).await.outcome_ok);
    }
    assert_eq!((status_of(&pool, &waiting.id).await, status_of(&pool, &in_flight.id).await), ("paid".to_string(), "paid".to_string()));
    let recorded: Vec<(String, String)> =
        sqlx::query_as("SELECT position_id, receipt_id FROM payment_receipts ORDER BY receipt_id").fetch_all(&pool).await.unwrap();
    assert_eq!(recorded, vec![(in_flight.id.clone(), "psp-receipt-in-flight".to_string()), (waiting.id.clone(), "psp-receipt-waiting".to_string())]);
    // A paid position cannot be paid again.
    let again = node_call_endpoint(&http, &process.endpoint, &write_verify_request(&node(), &qr(&waiting.notice_number.to_string()))).await;
    assert_eq!(again.fault_code.as_deref(), Some("PAA_PAGAMENTO_DUPLICATO"));

    // The payment whose receipt never comes is not stuck: once the hold has
    // passed, reconciliation frees it and it can be paid again.
    let hold = server::payments::settings::PaymentSettings::development().payment_hold_seconds;
    let later = server::auth::tokens::now_unix_seconds() + hold + 1;
    server::payments::reconciliation::reconcile_started_payments(&pool, hold, later).await.unwrap();
    assert_eq!(status_of(&pool, &abandoned.id).await, "to_pay");
    let payable = node_call_endpoint(&http, &process.endpoint, &write_verify_request(&node(), &qr(&abandoned.notice_number.to_string()))).await;
    assert!(payable.outcome_ok, "{payable:?}");

    process.kill();
    pool.close().await;
    database.drop_database().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    let _watchdog = Watchdog::start("server_killed_mid_payment::sqlite");
    receipts_survive_a_server_killed_between_payment_and_receipt(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    let _watchdog = Watchdog::start("server_killed_mid_payment::postgres");
    receipts_survive_a_server_killed_between_payment_and_receipt(Backend::Postgres).await;
}
