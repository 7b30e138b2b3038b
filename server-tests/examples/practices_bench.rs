//! Practices benchmark (issue 4, acceptance 6). Prints figures, asserts nothing.
//!
//! 1. Durable filings per second: drafts filed through the real filing
//!    transaction (protocol register, practice, events) by 16 concurrent
//!    tasks, against a baseline of plain one-row commits with the same
//!    concurrency on the same database in the same run (machines are noisy;
//!    the ratio is what to compare).
//! 2. Latency of "Le mie pratiche" (a citizen with 20 practices) and of the
//!    public lookup (a random protocol number with its check code, a new
//!    client address each time) with 10 thousand and 1 million practices in
//!    the database (generated in SQL), p50 and p99 of 500 sequential calls,
//!    against the baseline of `SELECT 1` through the same pool.
//!
//! Usage: practices_bench DATABASE_URL CONTENT_DIR [SIZE ...]
//! (sizes default to 10000 1000000). A SQLite file should be new; for
//! PostgreSQL the URL names an existing database next to which a fresh one is
//! created for the run and dropped afterwards.

use app::auth::fiscal_code::FiscalCode;
use app::auth::model::{AuthenticationLevel, AuthenticationMethod, CurrentUser, Role};
use app::practices::answers::Answers;
use app::practices::procedure::TimeLimit;
use app::practices::ssr::PracticesPort;
use server::auth::accounts::{insert_account, NewAccount};
use server::practices::drafts::create_draft;
use server::practices::store::SqlPracticesPort;
use server::practices::submission::file_practice;
use sqlx::AnyPool;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{backend_and_durability, one_row_commits, run_concurrently, FreshPostgresDatabase};

mod support;

/// The citizen whose pages are measured (an id like the server's own).
const BENCH_CITIZEN: &str = "00000000-0000-4000-8000-000000000001";
const FILINGS: usize = 1000;
const SAMPLES: usize = 500;
const GENERATED_ACCOUNTS: i64 = 50_000;
const SLUG: &str = "accesso-civico-semplice";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arguments: Vec<String> = std::env::args().collect();
    let (Some(database_url), Some(content_dir)) = (arguments.get(1), arguments.get(2)) else {
        eprintln!("usage: practices_bench DATABASE_URL CONTENT_DIR [SIZE ...]");
        std::process::exit(2);
    };
    let sizes: Vec<i64> = if arguments.len() > 3 { arguments[3..].iter().map(|size| size.parse()).collect::<Result<_, _>>()? } else { vec![10_000, 1_000_000] };
    let sqlite = server::database::is_sqlite(database_url);
    let fresh_postgres = if sqlite { None } else { Some(FreshPostgresDatabase::create(database_url, "sportello_bench").await?) };
    let database_url = fresh_postgres.as_ref().map(|fresh| &fresh.url).unwrap_or(database_url);
    let pool = server::database::connect_and_migrate(database_url).await?;
    let content = server::guide::content::GuideContent::load(std::path::Path::new(content_dir))?;
    server::guide::content::store_content(&pool, &content).await?;
    let procedures = server::practices::definitions::load_repository_procedures(std::path::Path::new(content_dir), &content)?;
    server::practices::definitions::publish_repository_procedures(&pool, &procedures).await?;
    let backend = backend_and_durability(&pool, sqlite).await?;
    println!("\nPractices benchmark on {backend}");

    filings_per_second(&pool).await?;

    let port = SqlPracticesPort { pool: pool.clone(), offices: Arc::new(content.offices.clone()), trusted_proxies: Vec::new() };
    let version: i64 = sqlx::query_scalar("SELECT current_version FROM procedures WHERE slug = $1").bind(SLUG).fetch_one(&pool).await?;
    let citizen = CurrentUser {
        account_id: app::ids::AccountId::parse(BENCH_CITIZEN)?,
        fiscal_code: FiscalCode::parse("RSSMRA80A01F205X")?,
        given_name: "Mario".into(),
        family_name: "Rossi".into(),
        role: Role::Citizen,
        level: AuthenticationLevel::Level2,
        method: AuthenticationMethod::Spid,
        has_totp: false,
    };
    let mut generated = 0;
    for size in sizes {
        let started = Instant::now();
        generate_practices(&pool, sqlite, version, generated, size).await?;
        generated = size;
        println!("\n{size} practices in the database (generated in {:.1} s)", started.elapsed().as_secs_f64());
        println!("{:<44} {:>10} {:>10}", "operation", "p50 ms", "p99 ms");
        let baseline =
            percentiles(SAMPLES, |_| async { sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&pool).await.map(|_| ()).map_err(anyhow::Error::from) })
                .await?;
        print_row("baseline: SELECT 1 through the pool", baseline);
        let mine = percentiles(SAMPLES, |_| async {
            let mine = port.my_practices(&citizen).await.map_err(|error| anyhow::anyhow!("{error}"))?;
            anyhow::ensure!(mine.practices.len() == 20, "the bench citizen has 20 open practices, found {}", mine.practices.len());
            Ok(())
        })
        .await?;
        print_row("Le mie pratiche (20 open practices)", mine);
        let lookup = percentiles(SAMPLES, |sample| {
            let port = &port;
            async move {
                let number = 1 + (sample as i64 * 7919) % size;
                let mut parts = axum::http::Request::new(()).into_parts().0;
                let client = std::net::SocketAddr::from(([10, (sample >> 16) as u8, (sample >> 8) as u8, sample as u8], 40000));
                parts.extensions.insert(axum::extract::ConnectInfo(client));
                let found =
                    port.public_lookup(&format!("2025/{number}"), &format!("BENCH-{number}"), &parts).await.map_err(|error| anyhow::anyhow!("{error}"))?;
                anyhow::ensure!(matches!(found, app::practices::model::PublicLookup::Found(_)), "practice 2025/{number} not found");
                Ok(())
            }
        })
        .await?;
        print_row("public lookup (protocol number + check code)", lookup);
    }
    pool.close().await;
    if let Some(fresh) = fresh_postgres {
        fresh.drop_database().await?;
    }
    Ok(())
}

fn print_row(label: &str, (p50, p99): (Duration, Duration)) {
    println!("{label:<44} {:>10.2} {:>10.2}", p50.as_secs_f64() * 1000.0, p99.as_secs_f64() * 1000.0);
}

/// p50 and p99 of `samples` sequential calls, after 20 warm-up calls.
async fn percentiles<F, Fut>(samples: usize, mut call: F) -> anyhow::Result<(Duration, Duration)>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    for sample in 0..20 {
        call(samples + sample).await?;
    }
    let mut timings = Vec::with_capacity(samples);
    for sample in 0..samples {
        let started = Instant::now();
        call(sample).await?;
        timings.push(started.elapsed());
    }
    timings.sort();
    Ok((timings[samples / 2], timings[(samples * 99 / 100).min(samples - 1)]))
}

async fn filings_per_second(pool: &AnyPool) -> anyhow::Result<()> {
    let commits_per_second = one_row_commits(pool, FILINGS).await?.per_second;

    let mut drafts = Vec::with_capacity(FILINGS);
    for index in 0..FILINGS {
        let fiscal_code = FiscalCode::parse(&synthetic_fiscal_code(index))?;
        let account = insert_account(
            pool,
            &NewAccount {
                fiscal_code: &fiscal_code,
                given_name: "Bench",
                family_name: "Filing",
                email: None,
                phone: None,
                role: Role::Citizen,
                identity_source: "spid",
            },
        )
        .await?
        .ok_or_else(|| anyhow::anyhow!("account exists"))?;
        let (draft, _) = create_draft(pool, &account, SLUG).await?.ok_or_else(|| anyhow::anyhow!("{SLUG} is not published"))?;
        drafts.push((account, draft));
    }
    let drafts = Arc::new(drafts);
    let limit = TimeLimit { days: 30, count: app::practices::calendar::DayCount::Calendar, suspended_by_integration: false };
    let answers = Answers::from_pairs([("dato_mancante", "Bilancio 2025"), ("email", "bench@example.it")]);
    let filings = {
        let pool = pool.clone();
        run_concurrently(FILINGS, move |index| {
            let (pool, drafts, answers) = (pool.clone(), drafts.clone(), answers.clone());
            async move {
                let (account, draft) = &drafts[index];
                let filed = file_practice(&pool, account, draft, "segreteria", &limit, &answers).await?.ok_or_else(|| anyhow::anyhow!("draft not found"))?;
                anyhow::ensure!(filed.newly_filed);
                Ok(())
            }
        })
        .await?
    };
    let filings_per_second = filings.per_second;
    println!("{:<44} {:>10}", "operation (16 concurrent)", "per second");
    println!("{:<44} {:>10.0}", "baseline: one-row durable commits", commits_per_second);
    println!("{:<44} {:>10.0}", "durable filings (protocol number + events)", filings_per_second);
    println!("{:<44} {:>10.2}", "filings per baseline commit", filings_per_second / commits_per_second);
    Ok(())
}

/// A valid fiscal code per index (check character computed), for the filing accounts.
fn synthetic_fiscal_code(index: usize) -> String {
    let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut value = index;
    let mut name = String::new();
    for _ in 0..6 {
        name.push(letters[value % 26] as char);
        value /= 26;
    }
    let body = format!("{name}80A01F205");
    let odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
    let total: usize = body
        .bytes()
        .enumerate()
        .map(|(position, byte)| {
            let ordinal = if byte.is_ascii_digit() { usize::from(byte - b'0') } else { usize::from(byte - b'A') };
            if position % 2 == 0 {
                odd[ordinal]
            } else {
                ordinal
            }
        })
        .sum();
    format!("{body}{}", (b'A' + (total % 26) as u8) as char)
}

/// Adds practices `from + 1 ..= to` (year 2025, check code `BENCH-<n>`, two
/// events each, statuses spread over open and concluded), with a draft and
/// an owner each: the first 20 belong to `BENCH_CITIZEN`, the rest to 50 000
/// generated accounts. Done in SQL so a million rows take seconds.
async fn generate_practices(pool: &AnyPool, sqlite: bool, version: i64, from: i64, to: i64) -> anyhow::Result<()> {
    let series = |select: &str, insert: &str, first: i64, last: i64| {
        if sqlite {
            format!("WITH RECURSIVE seq(x) AS (SELECT {first} UNION ALL SELECT x + 1 FROM seq WHERE x < {last}) {insert} {select} FROM seq")
        } else {
            format!("{insert} {select} FROM generate_series({first}::BIGINT, {last}::BIGINT) AS seq(x)")
        }
    };
    let mut transaction = pool.begin().await?;
    if from == 0 {
        sqlx::query(&series(
            &format!(
                "SELECT CASE WHEN x = 0 THEN '{BENCH_CITIZEN}' ELSE 'bench-account-' || x END, 'BENCHCF' || x, 'Nome', 'Cognome', 'citizen', 'spid', 0, 0"
            ),
            "INSERT INTO accounts (id, fiscal_code, given_name, family_name, role, identity_source, created_at, updated_at)",
            0,
            GENERATED_ACCOUNTS,
        ))
        .execute(&mut *transaction)
        .await?;
    }
    let owner = format!("CASE WHEN x <= 20 THEN '{BENCH_CITIZEN}' ELSE 'bench-account-' || (1 + x % {GENERATED_ACCOUNTS}) END");
    sqlx::query(&series(
        &format!("SELECT 'bench-draft-' || x, {owner}, '{SLUG}', {version}, '{{}}', 2, 1748736000 + x, 1748736000 + x, 'bench-practice-' || x"),
        "INSERT INTO practice_drafts (id, account_id, procedure_slug, procedure_version, answers_json, reached_step, created_at, updated_at, submitted_practice_id)",
        from + 1,
        to,
    ))
    .execute(&mut *transaction)
    .await?;
    // The bench citizen's 20 are open ("Le mie pratiche" lists open ones); the rest a mix.
    let status = "CASE WHEN x <= 20 THEN 'under_review' WHEN x % 10 = 0 THEN 'accepted' WHEN x % 10 = 1 THEN 'rejected' \
                  WHEN x % 10 = 2 THEN 'under_review' WHEN x % 10 = 3 THEN 'withdrawn' ELSE 'protocolled' END";
    sqlx::query(&series(
        &format!(
            "SELECT 'bench-practice-' || x, 'bench-draft-' || x, {owner}, '{SLUG}', {version}, 'segreteria', 2025, x, 'BENCH-' || x, {status}, '{{}}', \
             1748736000 + x, '2025-06-01', '2025-07-01', 2"
        ),
        "INSERT INTO practices (id, draft_id, account_id, procedure_slug, procedure_version, office, protocol_year, protocol_sequence, check_code, status, \
         answers_json, submitted_at, submitted_on, due_on, last_event_sequence)",
        from + 1,
        to,
    ))
    .execute(&mut *transaction)
    .await?;
    for (sequence, actor, kind) in [(1, "citizen", "submitted"), (2, "system", "protocolled")] {
        sqlx::query(&series(
            &format!("SELECT 'bench-practice-' || x, {sequence}, 1748736000 + x, '{actor}', '{kind}', '{kind}', ''"),
            "INSERT INTO practice_events (practice_id, sequence, occurred_at, actor_kind, kind, status_after, note)",
            from + 1,
            to,
        ))
        .execute(&mut *transaction)
        .await?;
    }
    transaction.commit().await?;
    if !sqlite {
        sqlx::query("ANALYZE").execute(pool).await?;
    }
    Ok(())
}
