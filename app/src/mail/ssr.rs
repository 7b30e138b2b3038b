//! The outbox port: the server crate reads the outbox table for the page.

use super::model::OutboxMessage;
use std::sync::Arc;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum OutboxPortError {
    #[error("outbox storage failed: {0}")]
    Storage(String),
}

#[async_trait::async_trait]
pub trait DevelopmentOutboxPort: Send + Sync + 'static {
    /// The newest messages, or None where the page is switched off
    /// (production: it would show one-time links to anyone).
    async fn recent_messages(&self) -> Result<Option<Vec<OutboxMessage>>, OutboxPortError>;
}

pub type SharedDevelopmentOutboxPort = Arc<dyn DevelopmentOutboxPort>;
