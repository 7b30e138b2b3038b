//! What the personal data export reads beyond the account itself: the
//! person's drafts and their attachments, filed practices with the steps
//! and files the person can see, and payments with their receipts (GDPR
//! articles 15 and 20). Only ever one account's rows, by its id.

use anyhow::Context;
use serde::Serialize;
use sqlx::AnyPool;

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedDraft {
    pub id: String,
    pub procedure_slug: String,
    #[serde(skip)]
    pub answers_json: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The practice it was filed as, if it was.
    pub submitted_practice_id: Option<String>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedFile {
    /// The draft (a file attached in the wizard) or the practice (a file
    /// exchanged after filing) it belongs to.
    pub belongs_to: String,
    pub file_name: String,
    pub sniffed_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub added_at: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedPractice {
    pub id: String,
    pub procedure_slug: String,
    pub protocol_year: i64,
    pub protocol_sequence: i64,
    pub status: String,
    #[serde(skip)]
    pub answers_json: String,
    pub submitted_at: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedPracticeEvent {
    pub practice_id: String,
    pub occurred_at: i64,
    pub kind: String,
    pub status_after: String,
    pub note: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedPayment {
    pub notice_number: String,
    pub description: String,
    pub amount_cents: i64,
    pub status: String,
    pub created_at: i64,
    pub receipt_id: Option<String>,
    pub psp_name: Option<String>,
    pub paid_at: Option<String>,
    pub receipt_received_at: Option<i64>,
}

/// The rows of one account that `statement` selects (its `$1` is the account).
async fn rows_of<T>(pool: &AnyPool, account_id: &str, statement: &str, what: &str) -> anyhow::Result<Vec<T>>
where
    T: for<'row> sqlx::FromRow<'row, sqlx::any::AnyRow> + Send + Unpin,
{
    sqlx::query_as(statement).bind(account_id).fetch_all(pool).await.with_context(|| format!("cannot read the {what} to export"))
}

/// The answers as stored, as JSON (an unreadable value is shown as text).
fn answers_value(answers_json: &str) -> serde_json::Value {
    serde_json::from_str(answers_json).unwrap_or_else(|_| serde_json::Value::String(answers_json.to_string()))
}

#[tracing::instrument(skip_all)]
pub async fn drafts_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<ExportedDraft>> {
    rows_of(
        pool,
        account_id,
        "SELECT id, procedure_slug, answers_json, created_at, updated_at, submitted_practice_id FROM practice_drafts \
         WHERE account_id = $1 ORDER BY created_at",
        "drafts",
    )
    .await
}

#[tracing::instrument(skip_all)]
pub async fn files_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<ExportedFile>> {
    let mut files: Vec<ExportedFile> = rows_of(
        pool,
        account_id,
        "SELECT a.draft_id AS belongs_to, a.file_name, a.sniffed_type, a.size_bytes, a.sha256, a.uploaded_at AS added_at \
         FROM draft_attachments a JOIN practice_drafts d ON d.id = a.draft_id WHERE d.account_id = $1 ORDER BY a.uploaded_at",
        "attachments",
    )
    .await?;
    let documents: Vec<ExportedFile> = rows_of(
        pool,
        account_id,
        "SELECT f.practice_id AS belongs_to, f.file_name, f.sniffed_type, f.size_bytes, f.sha256, f.added_at \
         FROM practice_documents f JOIN practices p ON p.id = f.practice_id \
         JOIN practice_events e ON e.practice_id = f.practice_id AND e.sequence = f.event_sequence \
         WHERE p.account_id = $1 AND e.visible_to_citizen = 1 ORDER BY f.added_at",
        "practice documents",
    )
    .await?;
    files.extend(documents);
    Ok(files)
}

#[tracing::instrument(skip_all)]
pub async fn practices_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<ExportedPractice>> {
    rows_of(
        pool,
        account_id,
        "SELECT id, procedure_slug, protocol_year, protocol_sequence, status, answers_json, submitted_at FROM practices \
         WHERE account_id = $1 ORDER BY submitted_at",
        "practices",
    )
    .await
}

/// The steps of the person's practices they can see (not the offices' internal notes).
#[tracing::instrument(skip_all)]
pub async fn practice_events_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<ExportedPracticeEvent>> {
    rows_of(
        pool,
        account_id,
        "SELECT e.practice_id, e.occurred_at, e.kind, e.status_after, e.note FROM practice_events e \
         JOIN practices p ON p.id = e.practice_id WHERE p.account_id = $1 AND e.visible_to_citizen = 1 \
         ORDER BY e.practice_id, e.sequence",
        "practice events",
    )
    .await
}

#[tracing::instrument(skip_all)]
pub async fn payments_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<ExportedPayment>> {
    rows_of(
        pool,
        account_id,
        "SELECT d.notice_number, d.description, d.amount_cents, d.status, d.created_at, r.receipt_id, r.psp_name, \
         r.paid_at_text AS paid_at, r.received_at AS receipt_received_at \
         FROM debt_positions d LEFT JOIN payment_receipts r ON r.position_id = d.id WHERE d.account_id = $1 ORDER BY d.created_at",
        "payments",
    )
    .await
}

/// The person's drafts, practices (with their visible steps), files and
/// payments, as the export's fields.
pub async fn records_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    let drafts = drafts_of(pool, account_id).await?;
    let practices = practices_of(pool, account_id).await?;
    let steps = practice_events_of(pool, account_id).await?;
    let mut records = serde_json::Map::new();
    records.insert("drafts".into(), drafts.iter().map(|draft| serde_json::json!({ "draft": draft, "answers": answers_value(&draft.answers_json) })).collect());
    records.insert(
        "practices".into(),
        practices
            .iter()
            .map(|practice| {
                serde_json::json!({
                    "practice": practice,
                    "protocol_number": format!("{}/{:07}", practice.protocol_year, practice.protocol_sequence),
                    "answers": answers_value(&practice.answers_json),
                    "steps": steps.iter().filter(|step| step.practice_id == practice.id).collect::<Vec<_>>(),
                })
            })
            .collect(),
    );
    records.insert("files".into(), serde_json::to_value(files_of(pool, account_id).await?)?);
    records.insert("payments".into(), serde_json::to_value(payments_of(pool, account_id).await?)?);
    Ok(records)
}
