//! One pool for SQLite (embedded default) and PostgreSQL, through sqlx's Any
//! driver, so that one set of queries serves both. Migrations run at start.

pub mod sql_filter;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;

pub fn is_sqlite(database_url: &str) -> bool {
    database_url.starts_with("sqlite:")
}

pub async fn connect_and_migrate(database_url: &str) -> anyhow::Result<AnyPool> {
    sqlx::any::install_default_drivers();
    let url = if is_sqlite(database_url) { prepare_sqlite_file(database_url)? } else { database_url.to_string() };
    let options = AnyConnectOptions::from_str(&url).context("DATABASE_URL is not a valid database URL")?;
    let sqlite = is_sqlite(&url);
    let pool = AnyPoolOptions::new()
        .max_connections(if sqlite { 8 } else { 16 })
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if sqlite {
                    connection.execute("PRAGMA busy_timeout = 5000").await?;
                    connection.execute("PRAGMA foreign_keys = ON").await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .context("cannot connect to the database")?;
    if sqlite {
        pool.execute("PRAGMA journal_mode = WAL").await.context("cannot enable WAL on SQLite")?;
    }
    sqlx::migrate!("./migrations").run(&pool).await.context("database migrations failed")?;
    Ok(pool)
}

/// Creates the folder of the SQLite file and asks SQLite to create the file.
fn prepare_sqlite_file(database_url: &str) -> anyhow::Result<String> {
    let path_and_query = database_url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path_and_query.split('?').next().unwrap_or_default();
    if path != ":memory:" && !path.is_empty() {
        if let Some(parent) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create the database folder {}", parent.display()))?;
        }
    }
    Ok(if database_url.contains("mode=") {
        database_url.to_string()
    } else if database_url.contains('?') {
        format!("{database_url}&mode=rwc")
    } else {
        format!("{database_url}?mode=rwc")
    })
}

/// Runs a one-off data fix unless this database has already recorded it
/// (`data_fixes`). The fix must be idempotent: two instances starting at
/// once may both run it before either records it. Returns whether it ran.
pub async fn run_data_fix_once<F, Fut>(pool: &AnyPool, name: &str, fix: F) -> anyhow::Result<bool>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>>,
{
    let done: Option<i64> = sqlx::query_scalar("SELECT applied_at FROM data_fixes WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await
        .context("cannot read the data fixes already applied")?;
    if done.is_some() {
        return Ok(false);
    }
    fix().await.with_context(|| format!("the data fix {name} failed"))?;
    sqlx::query("INSERT INTO data_fixes (name, applied_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(crate::auth::tokens::now_unix_seconds())
        .execute(pool)
        .await
        .context("cannot record a data fix")?;
    tracing::info!(fix = name, "data fix applied");
    Ok(true)
}

/// A counter kept in a table row per key (a year's protocol register, a
/// segregation code's IUV bases). Names are the code's own, never input.
pub struct Counter {
    pub table: &'static str,
    pub key_column: &'static str,
    pub value_column: &'static str,
    /// What the counter is, for error messages ("the protocol register").
    pub name: &'static str,
}

/// The counter's next value for `key`, inside the caller's transaction: the
/// row's lock orders concurrent takers (also several instances on one
/// PostgreSQL) and a rollback gives the value back. The row starts at 0.
pub async fn next_counter_value(transaction: &mut sqlx::Transaction<'_, sqlx::Any>, counter: &Counter, key: i64) -> anyhow::Result<i64> {
    let Counter { table, key_column, value_column, name } = counter;
    for _ in 0..2 {
        let next: Option<i64> =
            sqlx::query_scalar(&format!("UPDATE {table} SET {value_column} = {value_column} + 1 WHERE {key_column} = $1 RETURNING {value_column}"))
                .bind(key)
                .fetch_optional(&mut **transaction)
                .await
                .with_context(|| format!("cannot advance {name}"))?;
        if let Some(next) = next {
            return Ok(next);
        }
        sqlx::query(&format!("INSERT INTO {table} ({key_column}, {value_column}) VALUES ($1, 0) ON CONFLICT ({key_column}) DO NOTHING"))
            .bind(key)
            .execute(&mut **transaction)
            .await
            .with_context(|| format!("cannot open {name} for {key}"))?;
    }
    anyhow::bail!("{name} for {key} cannot be opened")
}

pub async fn ping(pool: &AnyPool) -> bool {
    sqlx::query("SELECT 1").execute(pool).await.is_ok()
}
