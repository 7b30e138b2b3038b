//! Drafts of the wizard: created per citizen and procedure version, saved at
//! every step (as typed, so nothing is lost), read only by their owner.

use crate::auth::tokens::now_unix_seconds;
use anyhow::Context;
use app::ids::DraftId;
use app::practices::answers::Answers;
use sqlx::{AnyPool, Row};

#[derive(Clone, Debug)]
pub struct StoredDraft {
    pub id: DraftId,
    pub account_id: String,
    pub procedure_slug: String,
    pub procedure_version: i64,
    pub answers: Answers,
    pub reached_step: usize,
    pub submitted_practice_id: Option<String>,
}

/// Opens a new draft of the procedure's current version for this account;
/// gives the draft's id and the id of its first step.
#[tracing::instrument(skip_all)]
pub async fn create_draft(pool: &AnyPool, account_id: &str, procedure_slug: &str) -> anyhow::Result<Option<(DraftId, String)>> {
    let current: Option<(i64, String)> = sqlx::query_as(
        "SELECT p.current_version, v.definition_json FROM procedures p \
         JOIN procedure_versions v ON v.slug = p.slug AND v.version = p.current_version WHERE p.slug = $1 AND p.active = 1",
    )
    .bind(procedure_slug)
    .fetch_optional(pool)
    .await
    .context("cannot read the procedure's current version")?;
    let Some((version, definition_json)) = current else { return Ok(None) };
    let definition: app::practices::procedure::ProcedureDefinition =
        serde_json::from_str(&definition_json).with_context(|| format!("the published {procedure_slug} is unreadable"))?;
    let first_step = definition.steps.first().map(|step| step.id.clone()).context("a published procedure has no steps")?;
    let id = DraftId::parse(&uuid::Uuid::new_v4().to_string())?;
    let now = now_unix_seconds();
    sqlx::query(
        "INSERT INTO practice_drafts (id, account_id, procedure_slug, procedure_version, answers_json, reached_step, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, '{}', 0, $5, $5)",
    )
    .bind(id.as_str())
    .bind(account_id)
    .bind(procedure_slug)
    .bind(version)
    .bind(now)
    .execute(pool)
    .await
    .context("cannot create a draft")?;
    Ok(Some((id, first_step)))
}

/// A draft, only for its owner.
#[tracing::instrument(skip_all)]
pub async fn draft_of_owner(pool: &AnyPool, account_id: &str, draft_id: &DraftId) -> anyhow::Result<Option<StoredDraft>> {
    let row = sqlx::query(
        "SELECT id, account_id, procedure_slug, procedure_version, answers_json, reached_step, submitted_practice_id \
         FROM practice_drafts WHERE id = $1 AND account_id = $2",
    )
    .bind(draft_id.as_str())
    .bind(account_id)
    .fetch_optional(pool)
    .await
    .context("cannot read a draft")?;
    let Some(row) = row else { return Ok(None) };
    let answers_json: String = row.try_get("answers_json")?;
    Ok(Some(StoredDraft {
        id: DraftId::parse(&row.try_get::<String, _>("id")?).context("a stored draft id does not parse")?,
        account_id: row.try_get("account_id")?,
        procedure_slug: row.try_get("procedure_slug")?,
        procedure_version: row.try_get("procedure_version")?,
        answers: serde_json::from_str(&answers_json).context("a draft's answers are corrupt")?,
        reached_step: usize::try_from(row.try_get::<i64, _>("reached_step")?).unwrap_or(0),
        submitted_practice_id: row.try_get("submitted_practice_id")?,
    }))
}

/// Saves what was typed; a filed draft is never changed again.
#[tracing::instrument(skip_all)]
pub async fn save_draft(pool: &AnyPool, draft: &StoredDraft) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE practice_drafts SET answers_json = $3, reached_step = $4, updated_at = $5 \
         WHERE id = $1 AND account_id = $2 AND submitted_practice_id IS NULL",
    )
    .bind(draft.id.as_str())
    .bind(draft.account_id.as_str())
    .bind(serde_json::to_string(&draft.answers).context("cannot serialise answers")?)
    .bind(i64::try_from(draft.reached_step).unwrap_or(0))
    .bind(now_unix_seconds())
    .execute(pool)
    .await
    .context("cannot save a draft")?;
    Ok(())
}
