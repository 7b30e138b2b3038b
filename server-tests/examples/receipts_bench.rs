//! Receipts benchmark (issue 5, acceptance 5). Prints figures, asserts
//! only that every receipt was taken.
//!
//! The real server runs in this process on a free port; 16 concurrent
//! clients deliver paSendRTV2 over HTTP for distinct debt positions (XSD
//! validation of request and answer, the exactly-once transaction), then the
//! same receipts again (duplicates: answered OK, nothing written). Baselines
//! measured in the same run on the same machine: one-row durable commits
//! with the same concurrency, and `GET /health` over the same HTTP stack.
//!
//! Usage: receipts_bench DATABASE_URL [RECEIPTS] (default 2000). A SQLite
//! file should be new; for PostgreSQL the URL names an existing database next
//! to which a fresh one is created for the run and dropped afterwards.

use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use server::payments::node_messages::{read_answer, write_send_receipt_request, InterfaceVersion, NodeCaller, ReceiptToSend, TransferPaidTo, TransferToSend};
use server::payments::positions::{open_debt_position, DebtPosition, NewDebtPosition};
use std::sync::Arc;
use support::{backend_and_durability, one_row_commits, run_concurrently, FreshPostgresDatabase, Measured, CONCURRENCY};

mod support;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arguments: Vec<String> = std::env::args().collect();
    let Some(database_url) = arguments.get(1) else {
        eprintln!("usage: receipts_bench DATABASE_URL [RECEIPTS]");
        std::process::exit(2);
    };
    let receipts: usize = arguments.get(2).map(|count| count.parse()).transpose()?.unwrap_or(2_000);
    let sqlite = server::database::is_sqlite(database_url);
    let fresh_postgres = if sqlite { None } else { Some(FreshPostgresDatabase::create(database_url, "sportello_receipts_bench").await?) };
    let database_url = fresh_postgres.as_ref().map(|fresh| fresh.url.clone()).unwrap_or_else(|| database_url.clone());
    let config = server::config::Config::local(database_url, std::path::Path::new("."));
    let payments = config.payments.clone();
    let running = server::start(config).await?;
    let pool = running.pool.clone();
    let endpoint = format!("http://{}/pagopa/paForNode", running.address);
    let backend = backend_and_durability(&pool, sqlite).await?;
    println!("\nReceipts benchmark on {backend}: {receipts} paSendRTV2 over HTTP, {CONCURRENCY} concurrent");

    // Baseline 1: one-row durable commits, same concurrency, same database.
    let commits = one_row_commits(&pool, receipts).await?;

    // Baseline 2: the same HTTP stack answering GET /health.
    let http = reqwest::Client::builder().pool_max_idle_per_host(CONCURRENCY).build()?;
    let health_url = format!("http://{}/health", running.address);
    let health_http = http.clone();
    let health = run_concurrently(receipts, move |_| {
        let (http, url) = (health_http.clone(), health_url.clone());
        async move {
            anyhow::ensure!(http.get(&url).send().await?.status().is_success());
            Ok(())
        }
    })
    .await?;

    let mut positions: Vec<DebtPosition> = Vec::with_capacity(receipts);
    for index in 0..receipts {
        positions.push(
            open_debt_position(
                &pool,
                payments.segregation_code,
                &NewDebtPosition {
                    kind: DebtKind::Spontaneous,
                    reference: &format!("bench-{index}"),
                    account_id: None,
                    payer_fiscal_code: "RSSMRA80A01F205X",
                    payer_name: "Mario Rossi",
                    description: "Diritti di segreteria",
                    amount: AmountInCents::from_cents(1_650)?,
                    due_on: None,
                    transfers: None,
                },
            )
            .await?,
        );
    }
    let caller =
        NodeCaller { creditor_id: payments.creditor_fiscal_code.to_string(), broker_id: payments.broker_id.clone(), station_id: payments.station_id.clone() };
    let messages: Arc<Vec<String>> = Arc::new(
        positions
            .iter()
            .map(|position| {
                let cents = position.amount.cents() as i64;
                write_send_receipt_request(
                    InterfaceVersion::V2,
                    &caller,
                    &ReceiptToSend {
                        receipt_id: format!("bench-receipt-{}", position.notice_number),
                        notice_number: position.notice_number.to_string(),
                        creditor_fiscal_code: payments.creditor_fiscal_code.to_string(),
                        outcome_ok: true,
                        creditor_reference_id: position.notice_number.iuv(),
                        amount_cents: cents,
                        description: position.description.clone(),
                        company_name: payments.creditor_name.clone(),
                        debtor_fiscal_code: position.payer_fiscal_code.clone(),
                        debtor_name: position.payer_name.clone(),
                        transfers: vec![TransferToSend {
                            amount_cents: cents,
                            creditor_fiscal_code: payments.creditor_fiscal_code.to_string(),
                            paid_to: TransferPaidTo::Iban(payments.treasury_iban.clone()),
                            remittance: "Diritti di segreteria".to_string(),
                            category: "9/0201100IM/".to_string(),
                        }],
                        psp_id: "PROVAITMMXXX".into(),
                        psp_name: "Banca di prova".into(),
                        channel_id: "PROVAITMMXXX_01".into(),
                        payment_method: "CP".into(),
                        fee_cents: 100,
                        payment_date_time: "2026-11-27T10:15:00".into(),
                    },
                )
            })
            .collect(),
    );
    let deliver = |phase: &'static str| {
        let (http, endpoint, messages) = (http.clone(), endpoint.clone(), messages.clone());
        run_concurrently(receipts, move |index| {
            let (http, endpoint, messages) = (http.clone(), endpoint.clone(), messages.clone());
            async move {
                let answer = http.post(&endpoint).header("content-type", "text/xml; charset=utf-8").body(messages[index].clone()).send().await?.text().await?;
                let read = read_answer(&answer).ok_or_else(|| anyhow::anyhow!("{phase}: unreadable answer"))?;
                anyhow::ensure!(read.outcome_ok, "{phase}: receipt refused: {:?}", read.fault_code);
                Ok(())
            }
        })
    };
    let first = deliver("first delivery").await?;
    let again = deliver("duplicate delivery").await?;
    let recorded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_receipts").fetch_one(&pool).await?;
    anyhow::ensure!(recorded == receipts as i64, "{recorded} receipts recorded for {receipts} positions");

    println!("{:<48} {:>10} {:>10} {:>10}", "operation", "per second", "p50 ms", "p99 ms");
    print_row("baseline: one-row durable commits", &commits);
    print_row("baseline: GET /health over HTTP", &health);
    print_row("paSendRTV2, first delivery (recorded)", &first);
    print_row("paSendRTV2, duplicate delivery (answered OK)", &again);
    println!("{:<48} {:>10.2}", "receipts per baseline commit", first.per_second / commits.per_second);

    running.stop().await;
    pool.close().await;
    if let Some(fresh) = fresh_postgres {
        fresh.drop_database().await?;
    }
    Ok(())
}

fn print_row(label: &str, measured: &Measured) {
    println!("{label:<48} {:>10.0} {:>10.2} {:>10.2}", measured.per_second, measured.p50.as_secs_f64() * 1000.0, measured.p99.as_secs_f64() * 1000.0);
}
