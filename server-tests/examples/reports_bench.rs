//! Reports benchmark (issue 19). Prints figures, asserts only that every
//! report was filed and every answer complete.
//!
//! 1. Reports filed per second: reports through the real filing transaction
//!    (the year's counter, the report, its first event, its answers) by 16
//!    concurrent tasks, against one-row durable commits with the same
//!    concurrency on the same database in the same run.
//! 2. p50 and p99 over HTTP, with the real server in this process, of the
//!    public list `/segnalazioni` (the page rendered, its filters varied) and
//!    of Open311's `requests.json` (its default: the newest 1,000 of the last
//!    90 days, all of them inside the window here, the worst case) with N
//!    reports generated in SQL, against `GET /health` on the same stack.
//!
//! Usage: reports_bench DATABASE_URL [REPORTS] (default 100000). A SQLite
//! file should be new; for PostgreSQL the URL names an existing database next
//! to which a fresh one is created for the run and dropped afterwards.

use app::reports::model::{Channel, HouseNumber, ReportDescription, ReportPlace, ReportTitle};
use server::reports::store::{categories, file_report, NewReport};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{backend_and_durability, one_row_commits, run_concurrently, FreshPostgresDatabase, CONCURRENCY};

mod support;

const FILINGS: usize = 1000;
const SAMPLES: usize = 200;
const CATEGORIES: [&str; 8] = ["strade", "marciapiedi", "verde-pubblico", "degrado", "segnaletica", "servizi-pubblici", "edifici-pubblici", "animali"];
const STATUSES: [&str; 6] = ["ricevuta", "presa-in-carico", "in-lavorazione", "risolta", "non-di-competenza", "duplicata"];
const AREAS: [&str; 8] = ["Rho", "Biringhello", "Castellazzo", "Lucernate", "Mazzo", "Pantanedo", "Passirana", "Terrazzano"];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arguments: Vec<String> = std::env::args().collect();
    let Some(database_url) = arguments.get(1) else {
        eprintln!("usage: reports_bench DATABASE_URL [REPORTS]");
        std::process::exit(2);
    };
    let size: i64 = arguments.get(2).map(|count| count.parse()).transpose()?.unwrap_or(100_000);
    let sqlite = server::database::is_sqlite(database_url);
    let fresh_postgres = if sqlite { None } else { Some(FreshPostgresDatabase::create(database_url, "sportello_reports_bench").await?) };
    let database_url = fresh_postgres.as_ref().map(|fresh| fresh.url.clone()).unwrap_or_else(|| database_url.clone());
    let config = server::config::Config::local(database_url, std::path::Path::new("."));
    let clock = config.clock.clone();
    let running = server::start(config).await?;
    let pool = running.pool.clone();
    let backend = backend_and_durability(&pool, sqlite).await?;
    println!("\nReports benchmark on {backend}");

    // 1. Filings per second against one-row durable commits.
    let commits = one_row_commits(&pool, FILINGS).await?;
    let known = Arc::new(categories(&pool).await?);
    let filings = {
        let (pool, known, clock) = (pool.clone(), known.clone(), clock.clone());
        run_concurrently(FILINGS, move |index| {
            let (pool, known, clock) = (pool.clone(), known.clone(), clock.clone());
            async move {
                let category = &known[index % known.len()];
                let place = ReportPlace {
                    point: None,
                    street: Some("via Madonna".into()),
                    house_number: HouseNumber::parse(&format!("{}", 1 + index % 200)),
                    landmark: None,
                };
                let report = NewReport {
                    category,
                    account_id: None,
                    reporter_name: Some("Bench"),
                    reporter_contact: None,
                    channel: Channel::Phone,
                    registered_by: None,
                    title: &ReportTitle::parse("Lampione spento da giorni").map_err(|problem| anyhow::anyhow!("{problem:?}"))?,
                    description: &ReportDescription::parse("Il lampione davanti al civico è spento da una settimana.")
                        .map_err(|problem| anyhow::anyhow!("{problem:?}"))?,
                    place: &place,
                    area: Some("Rho"),
                    photos: &[],
                    answers: &[],
                    open311: None,
                    now: clock.now_unix_seconds(),
                };
                file_report(&pool, &report).await?;
                Ok(())
            }
        })
        .await?
    };
    println!("{:<52} {:>10}", format!("operation ({CONCURRENCY} concurrent)"), "per second");
    println!("{:<52} {:>10.0}", "baseline: one-row durable commits", commits.per_second);
    println!("{:<52} {:>10.0}", "reports filed (yearly number + report + event)", filings.per_second);
    println!("{:<52} {:>10.2}", "filings per baseline commit", filings.per_second / commits.per_second);

    // 2. The public list and requests.json with `size` reports.
    let started = Instant::now();
    generate_reports(&pool, sqlite, size, clock.now_unix_seconds()).await?;
    println!("\n{size} reports in the database (generated in {:.1} s); {SAMPLES} sequential requests each over HTTP", started.elapsed().as_secs_f64());
    println!("{:<52} {:>10} {:>10} {:>10}", "request", "p50 ms", "p99 ms", "KB");
    let http = reqwest::Client::new();
    let base = format!("http://{}", running.address);
    let measure = |path: String| {
        let (http, url) = (http.clone(), format!("{base}{path}"));
        async move {
            let started = Instant::now();
            let response = http.get(&url).send().await?;
            anyhow::ensure!(response.status().is_success(), "{url}: {}", response.status());
            let bytes = response.bytes().await?.len();
            Ok::<_, anyhow::Error>((started.elapsed(), bytes))
        }
    };
    let health = percentiles(|_| measure("/health".into())).await?;
    print_row("baseline: GET /health", health);
    let list = percentiles(|sample| {
        let filters = match sample % 5 {
            0 => String::new(),
            1 => format!("?categoria={}", CATEGORIES[sample % 8]),
            2 => format!("?categoria={}&stato={}", CATEGORIES[sample % 8], STATUSES[sample % 6]),
            3 => format!("?zona={}&stato={}", AREAS[sample % 8], STATUSES[sample % 6]),
            _ => format!("?stato={}&pagina={}", STATUSES[sample % 6], 1 + sample % 50),
        };
        measure(format!("/segnalazioni{filters}"))
    })
    .await?;
    print_row("public list /segnalazioni (filters varied)", list);
    let requests = percentiles(|_| {
        let call = measure("/open311/v2/requests.json".into());
        async move {
            let (elapsed, bytes) = call.await?;
            // Whole answers only: 1,000 requests of about 600 bytes each.
            anyhow::ensure!(bytes > 300_000, "requests.json answered {bytes} bytes");
            Ok((elapsed, bytes))
        }
    })
    .await?;
    print_row("Open311 requests.json (newest 1,000 in 90 days)", requests);
    running.stop().await;
    pool.close().await;
    if let Some(fresh) = fresh_postgres {
        fresh.drop_database().await?;
    }
    Ok(())
}

fn print_row(label: &str, (p50, p99, bytes): (Duration, Duration, usize)) {
    println!("{label:<52} {:>10.2} {:>10.2} {:>10.0}", p50.as_secs_f64() * 1000.0, p99.as_secs_f64() * 1000.0, bytes as f64 / 1024.0);
}

/// p50, p99 and the last answer's size of `SAMPLES` sequential requests, after 10 warm-up ones.
async fn percentiles<F, Fut>(mut call: F) -> anyhow::Result<(Duration, Duration, usize)>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<(Duration, usize)>>,
{
    for sample in 0..10 {
        call(SAMPLES + sample).await?;
    }
    let mut timings = Vec::with_capacity(SAMPLES);
    let mut bytes = 0;
    for sample in 0..SAMPLES {
        let (elapsed, size) = call(sample).await?;
        timings.push(elapsed);
        bytes = size;
    }
    timings.sort();
    Ok((timings[SAMPLES / 2], timings[(SAMPLES * 99 / 100).min(SAMPLES - 1)], bytes))
}

/// Adds `size` reports of last year's numbering (the filings above use this
/// year's), spread over the eight categories and six states and over the
/// last 60 days, half with a point, in SQL so that they take seconds.
async fn generate_reports(pool: &sqlx::AnyPool, sqlite: bool, size: i64, now: i64) -> anyhow::Result<()> {
    let (number, series_end) = if sqlite {
        ("'2025-' || printf('%06d', x)", format!("WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < {size})"))
    } else {
        ("'2025-' || lpad(x::TEXT, 6, '0')", String::new())
    };
    let category =
        format!("CASE x % 8 {} END", CATEGORIES.iter().enumerate().map(|(index, code)| format!("WHEN {index} THEN '{code}'")).collect::<Vec<_>>().join(" "));
    let status =
        format!("CASE x % 6 {} END", STATUSES.iter().enumerate().map(|(index, code)| format!("WHEN {index} THEN '{code}'")).collect::<Vec<_>>().join(" "));
    let area =
        format!("CASE (x / 3) % 8 {} END", AREAS.iter().enumerate().map(|(index, name)| format!("WHEN {index} THEN '{name}'")).collect::<Vec<_>>().join(" "));
    let window = 60 * 86_400;
    let select = format!(
        "SELECT {number}, 2025, x, {category}, 'portale', 'Segnalazione di prova ' || x, 'Descrizione della segnalazione di prova numero ' || x || ', per il benchmark.', \
         CASE WHEN x % 2 = 0 THEN 45520000 + x % 20000 END, CASE WHEN x % 2 = 0 THEN 9030000 + x % 20000 END, 'via Madonna', '' || (1 + x % 200), {status}, \
         {now} - {window} + x * {window} / {size}, {now} - {window} + x * {window} / {size}, '2026-12-31', {area}"
    );
    let insert = "INSERT INTO reports (number, year, sequence, category_code, channel, title, description, latitude_e6, longitude_e6, street, house_number, \
                  status, created_at, updated_at, due_on, area)";
    let sql = if sqlite {
        format!("{series_end} {insert} {select} FROM seq")
    } else {
        format!("{insert} {select} FROM generate_series(1::BIGINT, {size}::BIGINT) AS seq(x)")
    };
    sqlx::query(&sql).execute(pool).await?;
    if !sqlite {
        sqlx::query("ANALYZE").execute(pool).await?;
    }
    Ok(())
}
