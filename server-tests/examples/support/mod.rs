//! What the benchmarks share: a throw-away PostgreSQL database, the
//! durability they run with, and the one-row-commit baseline every figure is
//! compared against (machines are noisy; the ratio is what to compare).

use sqlx::{AnyPool, Executor};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const CONCURRENCY: usize = 16;

/// A database created beside the one the URL names, for one run.
pub struct FreshPostgresDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl FreshPostgresDatabase {
    pub async fn create(admin_url: &str, prefix: &str) -> anyhow::Result<FreshPostgresDatabase> {
        let name = format!("{prefix}_{}", std::process::id());
        let admin = sqlx::PgPool::connect(admin_url).await?;
        admin.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await?;
        admin.execute(format!("CREATE DATABASE {name}").as_str()).await?;
        admin.close().await;
        let base = admin_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(admin_url);
        Ok(FreshPostgresDatabase { admin_url: admin_url.to_string(), url: format!("{base}/{name}"), name })
    }

    /// Background tasks may still hold a connection of their own clone of the
    /// pool: FORCE ends them, and a database that outlives the bench must not
    /// fail a run whose figures are already printed.
    pub async fn drop_database(self) -> anyhow::Result<()> {
        let admin = sqlx::PgPool::connect(&self.admin_url).await?;
        if let Err(error) = admin.execute(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name).as_str()).await {
            eprintln!("warning: the bench database {} was not dropped: {error}", self.name);
        }
        admin.close().await;
        Ok(())
    }
}

/// "SQLite (WAL, synchronous=FULL)" or "PostgreSQL (synchronous_commit=on)".
pub async fn backend_and_durability(pool: &AnyPool, sqlite: bool) -> anyhow::Result<String> {
    Ok(if sqlite {
        let mode: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(pool).await?;
        format!("SQLite (WAL, synchronous={})", ["OFF", "NORMAL", "FULL", "EXTRA"].get(mode as usize).unwrap_or(&"?"))
    } else {
        let mode: String = sqlx::query_scalar("SHOW synchronous_commit").fetch_one(pool).await?;
        format!("PostgreSQL (synchronous_commit={mode})")
    })
}

/// The baseline: `count` one-row durable commits, CONCURRENCY at a time.
pub async fn one_row_commits(pool: &AnyPool, count: usize) -> anyhow::Result<Measured> {
    sqlx::query("CREATE TABLE bench_commits (id TEXT PRIMARY KEY, written_at BIGINT NOT NULL)").execute(pool).await?;
    let pool = pool.clone();
    run_concurrently(count, move |index| {
        let pool = pool.clone();
        async move {
            let mut transaction = pool.begin().await?;
            sqlx::query("INSERT INTO bench_commits (id, written_at) VALUES ($1, $2)")
                .bind(format!("commit-{index}"))
                .bind(index as i64)
                .execute(&mut *transaction)
                .await?;
            transaction.commit().await?;
            Ok(())
        }
    })
    .await
}

// Each bench prints the figures it needs; not every one prints latencies.
#[allow(dead_code)]
pub struct Measured {
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// Runs `count` calls, CONCURRENCY at a time: throughput and latencies.
pub async fn run_concurrently<F, Fut>(count: usize, call: F) -> anyhow::Result<Measured>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let call = Arc::new(call);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (call, next) = (call.clone(), next.clone());
            tokio::spawn(async move {
                let mut timings = Vec::new();
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    if index >= count {
                        return anyhow::Ok(timings);
                    }
                    let one = Instant::now();
                    call(index).await?;
                    timings.push(one.elapsed());
                }
            })
        })
        .collect();
    let mut timings = Vec::with_capacity(count);
    for worker in workers {
        timings.extend(worker.await??);
    }
    let elapsed = started.elapsed();
    timings.sort();
    Ok(Measured {
        per_second: count as f64 / elapsed.as_secs_f64(),
        p50: timings[timings.len() / 2],
        p99: timings[(timings.len() * 99 / 100).min(timings.len() - 1)],
    })
}
