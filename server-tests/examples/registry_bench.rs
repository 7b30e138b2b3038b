//! Demo registry benchmark (issue 18): generating Rho's synthetic population
//! (about 50,800 people in 22,200 families) and writing it, against a
//! baseline measured in the same run on the same database: the same number
//! of rows of a two-column table, in the same batches and one transaction.
//! Prints figures, asserts nothing but success.
//!
//! Usage: registry_bench DATABASE_URL. A SQLite file should be new; for
//! PostgreSQL the URL names an existing database next to which a fresh one
//! is created for the run and dropped afterwards.

use server::certificates::demo_registry::{generate, store_registry, BATCH, DEMO_REGISTRY_FAMILIES, DEMO_REGISTRY_SEED};
use std::time::Instant;
use support::{backend_and_durability, FreshPostgresDatabase};

// The benchmarks' shared support; this one needs only part of it.
#[allow(dead_code)]
mod support;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let Some(database_url) = std::env::args().nth(1) else {
        eprintln!("usage: registry_bench DATABASE_URL");
        std::process::exit(2);
    };
    let sqlite = server::database::is_sqlite(&database_url);
    let fresh_postgres = if sqlite { None } else { Some(FreshPostgresDatabase::create(&database_url, "sportello_registry_bench").await?) };
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
    println!("{:<52}{:>10}", "", "ms");
    println!("{:<52}{:>10}", "generated (names, fiscal codes, families, acts)", generated.as_millis());
    println!("{:<52}{:>10}", "written (one transaction)", stored.as_millis());
    println!("{:<52}{:>10}", format!("baseline: {} two-column rows, same batches", registry.people.len()), baseline.as_millis());
    println!("{:<52}{:>10.0}", "people generated and written per second", registry.people.len() as f64 / (generated + stored).as_secs_f64());
    pool.close().await;
    if let Some(fresh) = fresh_postgres {
        fresh.drop_database().await?;
    }
    Ok(())
}
