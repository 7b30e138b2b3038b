//! Certificates benchmark (issue 18), on one database:
//! 1. the demo registry: generating Rho's synthetic population (about
//!    50,800 people in 22,200 families) and writing it, against a baseline
//!    measured in the same run: as many rows of a two-column table, in the
//!    same batches and one transaction;
//! 2. certificates issued per second — registry reads, the rules, the PDF/A,
//!    the seal and the record, everything `make_certificate` does — 16 at a
//!    time, against the one-row durable commit baseline of the same run.
//!
//! Prints figures, asserts nothing but success.
//!
//! Usage: certificates_bench DATABASE_URL [CERTIFICATES]. A SQLite file
//! should be new; for PostgreSQL the URL names an existing database next to
//! which a fresh one is created for the run and dropped afterwards.

use app::auth::fiscal_code::FiscalCode;
use app::auth::model::{AuthenticationLevel, AuthenticationMethod, CurrentUser, Role};
use app::certificates::model::{CertificateKind, ExemptionCode, StampDuty};
use server::certificates::demo_registry::{generate, store_registry, BATCH, DEMO_REGISTRY_FAMILIES, DEMO_REGISTRY_SEED};
use server::certificates::issuing::{make_certificate, Issuing};
use server::certificates::registry::LocalRegistry;
use server::certificates::seal::SealKey;
use std::sync::Arc;
use std::time::Instant;
use support::{backend_and_durability, one_row_commits, run_concurrently, FreshPostgresDatabase};

// The benchmarks' shared support; this one needs only part of it.
#[allow(dead_code)]
mod support;

const REQUESTER: &str = "RSSMRA80A01F205X";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Some(database_url) = std::env::args().nth(1) else {
        eprintln!("usage: certificates_bench DATABASE_URL [CERTIFICATES]");
        std::process::exit(2);
    };
    let certificates: usize = std::env::args().nth(2).map(|count| count.parse()).transpose()?.unwrap_or(1_000);
    let sqlite = server::database::is_sqlite(&database_url);
    let fresh_postgres = if sqlite { None } else { Some(FreshPostgresDatabase::create(&database_url, "sportello_certificates_bench").await?) };
    let database_url = fresh_postgres.as_ref().map(|fresh| fresh.url.clone()).unwrap_or(database_url);
    let pool = server::database::connect_and_migrate(&database_url).await?;
    let backend = backend_and_durability(&pool, sqlite).await?;

    let started = Instant::now();
    let registry = generate(DEMO_REGISTRY_SEED, DEMO_REGISTRY_FAMILIES, time::OffsetDateTime::now_utc().date())?;
    let generated = started.elapsed();
    let started = Instant::now();
    store_registry(&pool, &registry).await?;
    let stored = started.elapsed();

    // Baseline: as many rows, two columns, the same batches, one transaction.
    sqlx::query("CREATE TABLE registry_bench_baseline (id BIGINT PRIMARY KEY, label TEXT NOT NULL)").execute(&pool).await?;
    let started = Instant::now();
    let mut transaction = pool.begin().await?;
    for chunk in (0..registry.people.len() as i64).collect::<Vec<_>>().chunks(BATCH) {
        let placeholders = (0..chunk.len()).map(|row| format!("(${}, ${})", row * 2 + 1, row * 2 + 2)).collect::<Vec<_>>().join(", ");
        let statement = format!("INSERT INTO registry_bench_baseline (id, label) VALUES {placeholders}");
        let mut query = sqlx::query(&statement);
        for id in chunk {
            query = query.bind(*id).bind("RSSMRA80A01F205X");
        }
        query.execute(&mut *transaction).await?;
    }
    transaction.commit().await?;
    let baseline = started.elapsed();

    let rows = registry.addresses.len() + registry.families.len() + registry.people.len() + registry.acts.len() + registry.procedures.len();
    println!(
        "\nDemo registry on {backend}: {} people in {} families, {} civil status acts, {rows} rows",
        registry.people.len(),
        registry.families.len(),
        registry.acts.len()
    );
    println!("{:<56}{:>10}", "", "ms");
    println!("{:<56}{:>10}", "generated (names, fiscal codes, families, acts)", generated.as_millis());
    println!("{:<56}{:>10}", "written (one transaction)", stored.as_millis());
    println!("{:<56}{:>10}", format!("baseline: {} two-column rows, same batches", registry.people.len()), baseline.as_millis());
    println!("{:<56}{:>10.0}", "people generated and written per second", registry.people.len() as f64 / (generated + stored).as_secs_f64());

    // Issuing: the demo citizen asks for his residence certificate, exempt,
    // again and again (each one read, decided, rendered, sealed, recorded).
    let now = server::auth::tokens::now_unix_seconds();
    let fiscal_code = FiscalCode::parse(REQUESTER)?;
    let account = server::auth::accounts::insert_account(
        &pool,
        &server::auth::accounts::NewAccount {
            fiscal_code: &fiscal_code,
            given_name: "Mario",
            family_name: "Rossi",
            email: None,
            phone: None,
            role: Role::Citizen,
            identity_source: "counter",
        },
    )
    .await?
    .ok_or_else(|| anyhow::anyhow!("the requester's account exists already"))?;
    let requester = CurrentUser {
        account_id: app::ids::AccountId::parse(&account)?,
        fiscal_code,
        given_name: "Mario".into(),
        family_name: "Rossi".into(),
        role: Role::Citizen,
        level: AuthenticationLevel::Level2,
        method: AuthenticationMethod::Spid,
        has_totp: false,
    };
    let seal = Arc::new(SealKey::configured(&pool, None, now).await?);
    let registry_source = Arc::new(LocalRegistry { pool: pool.clone() });
    let payments = Arc::new(server::payments::settings::PaymentSettings::development());
    let shared = Arc::new((pool.clone(), requester));
    let issued = {
        let (seal, registry_source, payments, shared) = (seal.clone(), registry_source.clone(), payments.clone(), shared.clone());
        run_concurrently(certificates, move |_| {
            let (seal, registry_source, payments, shared) = (seal.clone(), registry_source.clone(), payments.clone(), shared.clone());
            async move {
                let (pool, requester) = shared.as_ref();
                let issuing = Issuing {
                    pool,
                    registry: registry_source.as_ref(),
                    seal: seal.as_ref(),
                    payments: payments.as_ref(),
                    verification_url: "https://sportello.comune.rho.mi.it/certificati/verifica".into(),
                    now,
                };
                let stamp = StampDuty::Exempt { code: ExemptionCode::SeparationOrDivorce, reason: None };
                make_certificate(&issuing, requester, CertificateKind::ResidenceAndFamily, REQUESTER, stamp)
                    .await?
                    .map_err(|refusal| anyhow::anyhow!("refused: {refusal:?}"))?;
                Ok(())
            }
        })
        .await?
    };
    let commits = one_row_commits(&pool, certificates).await?;
    let bytes: i64 = sqlx::query_scalar("SELECT CAST(SUM(LENGTH(document)) AS BIGINT) FROM certificates").fetch_one(&pool).await?;
    println!("\nCertificates on {backend}: {certificates} issued, {} at a time", support::CONCURRENCY);
    println!("{:<56}{:>10}{:>10}{:>10}", "", "per s", "p50 ms", "p99 ms");
    let line = |label: &str, measured: &support::Measured| {
        println!("{label:<56}{:>10.0}{:>10.1}{:>10.1}", measured.per_second, measured.p50.as_secs_f64() * 1000.0, measured.p99.as_secs_f64() * 1000.0)
    };
    line("issued (registry, rules, PDF/A, seal, record)", &issued);
    line("baseline: one-row durable commits", &commits);
    println!("{:<56}{:>10.2}", "issued per one-row commit", issued.per_second / commits.per_second);
    println!("{:<56}{:>10}", "average PDF size (bytes)", bytes / certificates as i64);
    pool.close().await;
    if let Some(fresh) = fresh_postgres {
        fresh.drop_database().await?;
    }
    Ok(())
}
