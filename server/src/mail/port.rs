//! The development outbox port for the `/sviluppo/posta` page.

use super::outbox::recent_messages;
use app::mail::model::OutboxMessage;
use app::mail::ssr::{DevelopmentOutboxPort, OutboxPortError};
use sqlx::AnyPool;

pub struct SqlDevelopmentOutbox {
    pub pool: AnyPool,
    /// From `SPORTELLO_DEVELOPMENT_OUTBOX`; off in production.
    pub enabled: bool,
}

fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|instant| instant.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

#[async_trait::async_trait]
impl DevelopmentOutboxPort for SqlDevelopmentOutbox {
    async fn recent_messages(&self) -> Result<Option<Vec<OutboxMessage>>, OutboxPortError> {
        if !self.enabled {
            return Ok(None);
        }
        let messages = recent_messages(&self.pool, 50).await.map_err(|error| OutboxPortError::Storage(format!("{error:#}")))?;
        Ok(Some(
            messages
                .into_iter()
                .map(|message| OutboxMessage {
                    queued_at: rfc3339(message.created_at),
                    delivered: message.sent_at.is_some(),
                    id: message.id,
                    recipient: message.recipient,
                    subject: message.subject,
                    body: message.body,
                })
                .collect(),
        ))
    }
}
