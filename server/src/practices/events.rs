//! The one way an event enters a practice's history: filing, protocolling
//! and every later action write the same row, inside the caller's transaction.

use anyhow::Context;
use app::practices::model::PracticeStatus;

/// Who caused an event, as stored in `practice_events.actor_kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventActor {
    Citizen,
    Clerk,
    System,
}

impl EventActor {
    pub fn code(self) -> &'static str {
        match self {
            EventActor::Citizen => "citizen",
            EventActor::Clerk => "clerk",
            EventActor::System => "system",
        }
    }
}

impl From<app::practices::workflow::Actor> for EventActor {
    fn from(actor: app::practices::workflow::Actor) -> Self {
        match actor {
            app::practices::workflow::Actor::Citizen => EventActor::Citizen,
            app::practices::workflow::Actor::Clerk => EventActor::Clerk,
        }
    }
}

pub struct NewPracticeEvent<'a> {
    pub practice_id: &'a str,
    pub sequence: i64,
    pub occurred_at: i64,
    pub actor: EventActor,
    /// `None` for the system.
    pub actor_account_id: Option<&'a str>,
    pub kind: &'a str,
    pub status_after: PracticeStatus,
    pub note: &'a str,
    /// Internal notes are the office's own.
    pub visible_to_citizen: bool,
    /// The answer deadline of an integration request (ISO date).
    pub deadline: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn insert_practice_event<'e, E>(executor: E, event: &NewPracticeEvent<'_>) -> anyhow::Result<()>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO practice_events (practice_id, sequence, occurred_at, actor_kind, actor_account_id, kind, status_after, note, visible_to_citizen, deadline) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(event.practice_id)
    .bind(event.sequence)
    .bind(event.occurred_at)
    .bind(event.actor.code())
    .bind(event.actor_account_id)
    .bind(event.kind)
    .bind(event.status_after.code())
    .bind(event.note)
    .bind(i64::from(event.visible_to_citizen))
    .bind(event.deadline.clone())
    .execute(executor)
    .await
    .with_context(|| format!("cannot record the practice event {}", event.kind))?;
    Ok(())
}

/// One event of a practice's history as its readers need it: the status the
/// event led to (its stored code) and when it happened.
#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub status_after: String,
    pub occurred_at: i64,
}
