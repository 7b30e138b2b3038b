//! The audit log: append-only and hash-chained. Every entry's hash covers its
//! own fields and the previous entry's hash, so changing, removing or
//! reordering any row breaks the chain from that row on, and
//! [`verify_audit_chain`] reports the first broken link.

use super::tokens::{now_unix_seconds, sha256_hex};
use anyhow::Context;
use sqlx::{AnyPool, Row};

/// The hash that precedes the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did what to whom. `actor` and `subject` are account ids (or `system`,
/// `anonymous`); `details` is a small JSON object without secrets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    pub actor: String,
    pub action: &'static str,
    pub subject: String,
    pub details: serde_json::Value,
}

impl AuditEvent {
    pub fn new(actor: impl Into<String>, action: &'static str, subject: impl Into<String>) -> AuditEvent {
        AuditEvent { actor: actor.into(), action, subject: subject.into(), details: serde_json::json!({}) }
    }

    pub fn with_details(mut self, details: serde_json::Value) -> AuditEvent {
        self.details = details;
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub sequence: i64,
    pub recorded_at: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub details: String,
    pub previous_hash: String,
    pub entry_hash: String,
}

/// Each field is length-prefixed, so no two different entries hash the same
/// text by moving characters between fields.
pub fn compute_entry_hash(previous_hash: &str, sequence: i64, recorded_at: i64, actor: &str, action: &str, subject: &str, details: &str) -> String {
    let mut text = String::new();
    for field in [previous_hash, &sequence.to_string(), &recorded_at.to_string(), actor, action, subject, details] {
        text.push_str(&field.len().to_string());
        text.push(':');
        text.push_str(field);
        text.push('\n');
    }
    sha256_hex(text.as_bytes())
}

/// Appends one entry. Concurrent writers (threads or server instances) race
/// for the next sequence number under the primary key; the loser retries on
/// the new tail, so the chain never forks.
#[tracing::instrument(skip_all)]
pub async fn append_audit_event(pool: &AnyPool, event: &AuditEvent) -> anyhow::Result<i64> {
    let details = event.details.to_string();
    for _attempt in 0..50 {
        let tail = sqlx::query("SELECT sequence, entry_hash FROM audit_log ORDER BY sequence DESC LIMIT 1")
            .fetch_optional(pool)
            .await
            .context("cannot read the audit log's last entry")?;
        let (previous_sequence, previous_hash) = match tail {
            Some(row) => (row.try_get::<i64, _>("sequence")?, row.try_get::<String, _>("entry_hash")?),
            None => (0, GENESIS_HASH.to_string()),
        };
        let sequence = previous_sequence + 1;
        let recorded_at = now_unix_seconds();
        let entry_hash = compute_entry_hash(&previous_hash, sequence, recorded_at, &event.actor, event.action, &event.subject, &details);
        let inserted = sqlx::query(
            "INSERT INTO audit_log (sequence, recorded_at, actor, action, subject, details, previous_hash, entry_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(sequence)
        .bind(recorded_at)
        .bind(&event.actor)
        .bind(event.action)
        .bind(&event.subject)
        .bind(&details)
        .bind(&previous_hash)
        .bind(&entry_hash)
        .execute(pool)
        .await;
        match inserted {
            Ok(_) => return Ok(sequence),
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                tokio::task::yield_now().await;
                continue;
            }
            Err(error) => return Err(error).context("cannot append to the audit log"),
        }
    }
    anyhow::bail!("the audit log is too contended: gave up after 50 attempts")
}

/// The outcome of checking the whole chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditChainReport {
    Intact { entries: i64 },
    Broken { sequence: i64, reason: String },
}

fn entry_from_row(row: &sqlx::any::AnyRow) -> anyhow::Result<AuditEntry> {
    Ok(AuditEntry {
        sequence: row.try_get("sequence")?,
        recorded_at: row.try_get("recorded_at")?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        subject: row.try_get("subject")?,
        details: row.try_get("details")?,
        previous_hash: row.try_get("previous_hash")?,
        entry_hash: row.try_get("entry_hash")?,
    })
}

/// Walks the log in order, in pages, and reports the first broken link: a
/// missing sequence number, a previous-hash that does not match, or an entry
/// whose fields no longer produce its hash.
#[tracing::instrument(skip_all)]
pub async fn verify_audit_chain(pool: &AnyPool) -> anyhow::Result<AuditChainReport> {
    let mut expected_previous_hash = GENESIS_HASH.to_string();
    let mut expected_sequence = 1_i64;
    loop {
        let rows = sqlx::query(
            "SELECT sequence, recorded_at, actor, action, subject, details, previous_hash, entry_hash
             FROM audit_log WHERE sequence >= $1 ORDER BY sequence LIMIT 1000",
        )
        .bind(expected_sequence)
        .fetch_all(pool)
        .await
        .context("cannot read the audit log")?;
        if rows.is_empty() {
            return Ok(AuditChainReport::Intact { entries: expected_sequence - 1 });
        }
        for row in &rows {
            let entry = entry_from_row(row)?;
            if entry.sequence != expected_sequence {
                return Ok(AuditChainReport::Broken { sequence: expected_sequence, reason: format!("entry {expected_sequence} is missing") });
            }
            if entry.previous_hash != expected_previous_hash {
                return Ok(AuditChainReport::Broken { sequence: entry.sequence, reason: "its previous-hash does not match the entry before it".to_string() });
            }
            let recomputed =
                compute_entry_hash(&entry.previous_hash, entry.sequence, entry.recorded_at, &entry.actor, &entry.action, &entry.subject, &entry.details);
            if recomputed != entry.entry_hash {
                return Ok(AuditChainReport::Broken {
                    sequence: entry.sequence,
                    reason: "its content does not match its hash (the row was changed)".to_string(),
                });
            }
            expected_previous_hash = entry.entry_hash;
            expected_sequence += 1;
        }
    }
}

/// The entries about one person (for their data export), oldest first.
#[tracing::instrument(skip_all)]
pub async fn audit_entries_about(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT sequence, recorded_at, actor, action, subject, details, previous_hash, entry_hash
         FROM audit_log WHERE subject = $1 OR actor = $1 ORDER BY sequence",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await
    .context("cannot read the audit log")?;
    rows.iter().map(entry_from_row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_characters_between_fields_changes_the_hash() {
        let one = compute_entry_hash(GENESIS_HASH, 1, 10, "ab", "c", "d", "{}");
        let two = compute_entry_hash(GENESIS_HASH, 1, 10, "a", "bc", "d", "{}");
        assert_ne!(one, two);
        assert_eq!(one, compute_entry_hash(GENESIS_HASH, 1, 10, "ab", "c", "d", "{}"));
    }
}
