//! Acting on a filed practice: one transaction checks the move against
//! `app::practices::workflow`, changes the status only if nobody changed it
//! meanwhile, appends the event (time, actor, note), stores the files that
//! came with it and recomputes the day the office must conclude by (the
//! procedure's time limit, integration waits subtracted when it says so).

use super::attachments::StoredFile;
use super::attachments::{clean_file_name, store_content, SniffedType};
use super::events::{insert_practice_event, EventActor, EventRow, NewPracticeEvent};
use crate::auth::accounts::clerk_offices;
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::tokens::now_unix_seconds;
use anyhow::Context;
use app::ids::{AttachmentId, DocumentId, PracticeId};
use app::practices::calendar::{rome_date_of_unix_seconds, rome_rfc3339_of_unix_seconds};
use app::practices::model::{PracticeDocumentView, PracticeStatus};
use app::practices::procedure::ProcedureDefinition;
use app::practices::protocol_number::ProtocolNumber;
use app::practices::workflow::{integration_suspensions, ActionRequest, Actor, PracticeAction, PracticeSituation, TransitionRefused};
use sqlx::{AnyPool, Row};

/// A file sent with an action, already sniffed and accepted.
pub struct NewDocument {
    pub file_name: String,
    pub sniffed: SniffedType,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum PracticeActionError {
    /// Not a practice this person may act on (or no such practice).
    #[error("practice not found")]
    NotFound,
    /// The status does not allow the action.
    #[error("transition refused")]
    Refused(TransitionRefused),
    /// Someone else moved the practice between reading and writing.
    #[error("the practice changed meanwhile")]
    ChangedMeanwhile,
    #[error(transparent)]
    Failure(#[from] anyhow::Error),
}

/// What happened, for the notification to the citizen.
#[derive(Clone, Debug)]
pub struct AppliedAction {
    pub status_after: PracticeStatus,
    pub owner_account_id: String,
    pub protocol_number: ProtocolNumber,
    pub procedure_title: String,
    /// The email the citizen gave in the application.
    pub recipient: String,
}

/// Whether `actor_account_id` may act on the practice at all: its owner, or
/// a clerk of its office. Asked before a form is even read, so that anyone
/// else is told "not found" whatever they sent.
#[tracing::instrument(skip_all)]
pub async fn practice_reachable_by(pool: &AnyPool, practice_id: &PracticeId, actor: Actor, actor_account_id: &str) -> anyhow::Result<bool> {
    let practice_id = practice_id.as_str();
    let row = sqlx::query("SELECT account_id, office FROM practices WHERE id = $1")
        .bind(practice_id)
        .fetch_optional(pool)
        .await
        .context("cannot read the practice")?;
    let Some(row) = row else { return Ok(false) };
    Ok(match actor {
        Actor::Citizen => row.try_get::<String, _>("account_id")? == actor_account_id,
        Actor::Clerk => clerk_offices(pool, actor_account_id).await?.contains(&row.try_get::<String, _>("office")?),
    })
}

#[tracing::instrument(skip_all)]
pub async fn apply_practice_action(
    pool: &AnyPool,
    practice_id: &PracticeId,
    actor: Actor,
    actor_account_id: &str,
    request: &ActionRequest,
    documents: &[NewDocument],
) -> Result<AppliedAction, PracticeActionError> {
    let practice_id = practice_id.as_str();
    let row = sqlx::query(
        "SELECT p.account_id, p.office, p.status, p.submitted_on, p.protocol_year, p.protocol_sequence, p.assigned_clerk_id, \
         p.integration_deadline, p.answers_json, v.definition_json FROM practices p \
         JOIN procedure_versions v ON v.slug = p.procedure_slug AND v.version = p.procedure_version WHERE p.id = $1",
    )
    .bind(practice_id)
    .fetch_optional(pool)
    .await
    .context("cannot read the practice")?
    .ok_or(PracticeActionError::NotFound)?;
    let owner: String = row.try_get("account_id").context("account_id")?;
    let office: String = row.try_get("office").context("office")?;
    let allowed = match actor {
        Actor::Citizen => owner == actor_account_id,
        Actor::Clerk => clerk_offices(pool, actor_account_id).await?.contains(&office),
    };
    if !allowed {
        return Err(PracticeActionError::NotFound);
    }
    let status_code: String = row.try_get("status").context("status")?;
    let before = PracticeStatus::from_code(&status_code).with_context(|| format!("unknown status {status_code}"))?;
    if request.action.actor() != actor {
        return Err(PracticeActionError::Refused(TransitionRefused { action: request.action, status: before }));
    }
    let now = now_unix_seconds();
    let today = rome_date_of_unix_seconds(now);
    let open_deadline: Option<String> = row.try_get("integration_deadline").context("integration_deadline")?;
    let situation = PracticeSituation::on(before, open_deadline.as_deref().and_then(app::practices::validation::parse_date), today);
    let after = request.action.status_after(situation).map_err(PracticeActionError::Refused)?;
    let definition: ProcedureDefinition =
        serde_json::from_str(&row.try_get::<String, _>("definition_json").context("definition_json")?).context("a stored definition is unreadable")?;
    let submitted_on: String = row.try_get("submitted_on").context("submitted_on")?;
    let submitted_on = app::practices::validation::parse_date(&submitted_on).context("a practice has a bad filing date")?;

    let mut history: Vec<(PracticeStatus, time::Date)> = Vec::new();
    for event in sqlx::query_as::<_, EventRow>("SELECT status_after, occurred_at FROM practice_events WHERE practice_id = $1 ORDER BY sequence")
        .bind(practice_id)
        .fetch_all(pool)
        .await
        .context("cannot read the practice's events")?
    {
        let status = PracticeStatus::from_code(&event.status_after).with_context(|| format!("unknown status {}", event.status_after))?;
        history.push((status, rome_date_of_unix_seconds(event.occurred_at)));
    }
    history.push((after, today));
    let due_on = definition.time_limit.expected_completion(submitted_on, after, &integration_suspensions(&history));

    let assigned: Option<String> = row.try_get("assigned_clerk_id").context("assigned_clerk_id")?;
    let assigned = if request.action == PracticeAction::TakeCharge { Some(actor_account_id.to_string()) } else { assigned };
    let deadline: Option<String> = match (request.action, after) {
        (PracticeAction::RequestIntegration, _) => request.deadline.map(|date| date.to_string()),
        (_, PracticeStatus::IntegrationRequested) => open_deadline,
        _ => None,
    };

    let mut transaction = pool.begin().await.context("cannot start recording the action")?;
    let sequence: Option<i64> = sqlx::query_scalar(
        "UPDATE practices SET status = $2, last_event_sequence = last_event_sequence + 1, due_on = $3, assigned_clerk_id = $4, \
         integration_deadline = $5, concluded_at = $6 WHERE id = $1 AND status = $7 RETURNING last_event_sequence",
    )
    .bind(practice_id)
    .bind(after.code())
    .bind(due_on.map(|date| date.to_string()))
    .bind(assigned)
    .bind(deadline)
    .bind(after.is_concluded().then_some(now))
    .bind(before.code())
    .fetch_optional(&mut *transaction)
    .await
    .context("cannot change the practice's status")?;
    let Some(sequence) = sequence else {
        return Err(PracticeActionError::ChangedMeanwhile);
    };
    insert_practice_event(
        &mut *transaction,
        &NewPracticeEvent {
            practice_id,
            sequence,
            occurred_at: now,
            actor: actor.into(),
            actor_account_id: Some(actor_account_id),
            kind: request.action.code(),
            status_after: after,
            note: &request.note,
            visible_to_citizen: request.action.visible_to_citizen(),
            deadline: request.deadline.map(|date| date.to_string()),
        },
    )
    .await?;
    for document in documents {
        let (digest, size) = store_content(&mut *transaction, &document.bytes).await?;
        sqlx::query(
            "INSERT INTO practice_documents (id, practice_id, event_sequence, added_by, file_name, sniffed_type, sha256, size_bytes, added_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(practice_id)
        .bind(sequence)
        .bind(EventActor::from(actor).code())
        .bind(clean_file_name(&document.file_name))
        .bind(document.sniffed.code)
        .bind(&digest)
        .bind(size)
        .bind(now)
        .execute(&mut *transaction)
        .await
        .context("cannot record a document")?;
    }
    if after == PracticeStatus::Withdrawn {
        crate::payments::practice_fees::cancel_unpaid_practice_fee(&mut *transaction, practice_id).await?;
    }
    transaction.commit().await.context("cannot commit the action")?;
    if actor == Actor::Clerk {
        // Every clerk action on a citizen's practice is an access to their data.
        append_audit_event(
            pool,
            &AuditEvent::new(actor_account_id, "practice_action", &owner)
                .with_details(serde_json::json!({ "practice": practice_id, "action": request.action.code() })),
        )
        .await?;
    }
    tracing::info!(action = request.action.code(), status = after.code(), "practice action recorded");
    let answers: app::practices::answers::Answers =
        serde_json::from_str(&row.try_get::<String, _>("answers_json").context("answers_json")?).context("stored answers are unreadable")?;
    Ok(AppliedAction {
        status_after: after,
        owner_account_id: owner,
        protocol_number: ProtocolNumber::from_stored(row.try_get("protocol_year").context("year")?, row.try_get("protocol_sequence").context("sequence")?)
            .context("a stored protocol number is invalid")?,
        procedure_title: definition.title,
        recipient: answers.value("email").to_string(),
    })
}

/// The files exchanged on a practice after filing, oldest first.
#[tracing::instrument(skip_all)]
pub async fn documents_of_practice(pool: &AnyPool, practice_id: &str) -> anyhow::Result<Vec<PracticeDocumentView>> {
    let rows = sqlx::query(
        "SELECT id, file_name, sniffed_type, size_bytes, added_by, added_at, sha256 FROM practice_documents WHERE practice_id = $1 ORDER BY added_at, id",
    )
    .bind(practice_id)
    .fetch_all(pool)
    .await
    .context("cannot list a practice's documents")?;
    rows.into_iter()
        .map(|row| {
            Ok(PracticeDocumentView {
                id: row.try_get("id")?,
                file_name: row.try_get("file_name")?,
                sniffed_type: row.try_get("sniffed_type")?,
                size_bytes: u64::try_from(row.try_get::<i64, _>("size_bytes")?).unwrap_or(0),
                added_by: row.try_get("added_by")?,
                added_at: rome_rfc3339_of_unix_seconds(row.try_get("added_at")?),
                sha256: row.try_get("sha256")?,
            })
        })
        .collect()
}

/// A clerk reading a citizen's file is an access to their data: audited
/// before the bytes leave, so no download goes unrecorded.
async fn audit_clerk_download(pool: &AnyPool, clerk: &str, owner: &str, action: &'static str, practice_id: &str, file_id: &str) -> anyhow::Result<()> {
    append_audit_event(pool, &AuditEvent::new(clerk, action, owner).with_details(serde_json::json!({ "practice": practice_id, "file": file_id })))
        .await
        .context("cannot audit a download")
        .map(|_| ())
}

/// A document of a practice with its bytes, if the practice is the
/// citizen's own or belongs to one of the clerk's offices.
#[tracing::instrument(skip_all)]
pub async fn practice_document_for(
    pool: &AnyPool,
    actor: Actor,
    account_id: &str,
    practice_id: &PracticeId,
    document_id: &DocumentId,
) -> anyhow::Result<Option<StoredFile>> {
    let (practice_id, document_id) = (practice_id.as_str(), document_id.as_str());
    let row = sqlx::query(
        "SELECT d.file_name, d.sniffed_type, c.content, p.account_id, p.office FROM practice_documents d \
         JOIN practices p ON p.id = d.practice_id JOIN attachment_contents c ON c.sha256 = d.sha256 WHERE d.id = $1 AND d.practice_id = $2",
    )
    .bind(document_id)
    .bind(practice_id)
    .fetch_optional(pool)
    .await
    .context("cannot read a document")?;
    let Some(row) = row else { return Ok(None) };
    let owner: String = row.try_get("account_id")?;
    let allowed = match actor {
        Actor::Citizen => owner == account_id,
        Actor::Clerk => clerk_offices(pool, account_id).await?.contains(&row.try_get::<String, _>("office")?),
    };
    if !allowed {
        return Ok(None);
    }
    if actor == Actor::Clerk {
        audit_clerk_download(pool, account_id, &owner, "practice_document_downloaded", practice_id, document_id).await?;
    }
    Ok(Some(StoredFile { file_name: row.try_get("file_name")?, sniffed_type: row.try_get("sniffed_type")?, bytes: row.try_get("content")? }))
}

/// A file the citizen attached when filing, for a clerk of the practice's office.
#[tracing::instrument(skip_all)]
pub async fn filed_attachment_for_clerk(
    pool: &AnyPool,
    clerk_account_id: &str,
    practice_id: &PracticeId,
    attachment_id: &AttachmentId,
) -> anyhow::Result<Option<StoredFile>> {
    let (practice_id, attachment_id) = (practice_id.as_str(), attachment_id.as_str());
    let row = sqlx::query(
        "SELECT a.file_name, a.sniffed_type, c.content, p.office, p.account_id FROM draft_attachments a JOIN practices p ON p.draft_id = a.draft_id \
         JOIN attachment_contents c ON c.sha256 = a.sha256 WHERE a.id = $1 AND p.id = $2",
    )
    .bind(attachment_id)
    .bind(practice_id)
    .fetch_optional(pool)
    .await
    .context("cannot read an attachment")?;
    let Some(row) = row else { return Ok(None) };
    if !clerk_offices(pool, clerk_account_id).await?.contains(&row.try_get::<String, _>("office")?) {
        return Ok(None);
    }
    let owner: String = row.try_get("account_id")?;
    audit_clerk_download(pool, clerk_account_id, &owner, "filed_attachment_downloaded", practice_id, attachment_id).await?;
    Ok(Some(StoredFile { file_name: row.try_get("file_name")?, sniffed_type: row.try_get("sniffed_type")?, bytes: row.try_get("content")? }))
}

/// Fills the day-to-conclude-by of practices filed before it was stored
/// (idempotent; runs at start).
/// The name under which [`fill_missing_due_days`] is recorded as done.
pub const DUE_DAYS_DATA_FIX: &str = "0009_due_days_of_filed_practices";

#[tracing::instrument(skip_all)]
pub async fn fill_missing_due_days(pool: &AnyPool) -> anyhow::Result<u64> {
    let rows = sqlx::query(
        "SELECT p.id, p.status, p.submitted_on, v.definition_json FROM practices p \
         JOIN procedure_versions v ON v.slug = p.procedure_slug AND v.version = p.procedure_version \
         WHERE p.due_on IS NULL AND p.status IN ('submitted', 'protocolled')",
    )
    .fetch_all(pool)
    .await
    .context("cannot list practices without a due day")?;
    let mut filled = 0;
    for row in rows {
        let definition: ProcedureDefinition = serde_json::from_str(&row.try_get::<String, _>("definition_json")?)?;
        let status = PracticeStatus::from_code(&row.try_get::<String, _>("status")?).context("unknown status")?;
        let Some(filed_on) = app::practices::validation::parse_date(&row.try_get::<String, _>("submitted_on")?) else { continue };
        let due_on = definition.time_limit.expected_completion(filed_on, status, &[]);
        filled += sqlx::query("UPDATE practices SET due_on = $2 WHERE id = $1 AND due_on IS NULL")
            .bind(row.try_get::<String, _>("id")?)
            .bind(due_on.map(|date| date.to_string()))
            .execute(pool)
            .await
            .context("cannot fill a due day")?
            .rows_affected();
    }
    Ok(filled)
}
