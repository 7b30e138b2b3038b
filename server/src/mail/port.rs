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

use app::practices::calendar::rome_rfc3339_of_unix_seconds as rfc3339;

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
