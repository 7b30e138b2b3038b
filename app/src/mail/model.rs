use serde::{Deserialize, Serialize};

/// A message as the development outbox page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// RFC 3339, UTC.
    pub queued_at: String,
    pub delivered: bool,
}
