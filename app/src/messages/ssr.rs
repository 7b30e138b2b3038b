//! The messages port: what "I miei messaggi" needs from the records. The
//! server crate implements it.

use super::model::{MessagePreferences, MessageView};
use crate::auth::model::CurrentUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait MessagesPort: Send + Sync + 'static {
    /// The citizen's messages, newest first.
    async fn my_messages(&self, citizen: &CurrentUser) -> Result<Vec<MessageView>, String>;
    /// One of the citizen's messages, marked read by opening it; None when not theirs.
    async fn open_message(&self, citizen: &CurrentUser, message_id: &str) -> Result<Option<MessageView>, String>;
    /// The channels per kind and the language of messages.
    async fn preferences(&self, citizen: &CurrentUser) -> Result<MessagePreferences, String>;
}

pub type SharedMessagesPort = Arc<dyn MessagesPort>;
