//! The messages' pages' port: the signed-in citizen's own messages only.

use super::store::{message_of, messages_of, preferences_of, set_reading, Reading};
use crate::clock::Clock;
use app::auth::model::CurrentUser;
use app::ids::MessageId;
use app::messages::model::{ChannelChoice, MessageKind, MessagePreferences, MessageView};
use sqlx::AnyPool;

pub struct SqlMessagesPort {
    pub pool: AnyPool,
    pub clock: Clock,
    pub app_io_on: bool,
}

fn failed(error: anyhow::Error) -> String {
    format!("{error:#}")
}

#[async_trait::async_trait]
impl app::messages::ssr::MessagesPort for SqlMessagesPort {
    async fn my_messages(&self, citizen: &CurrentUser) -> Result<Vec<MessageView>, String> {
        messages_of(&self.pool, citizen.account_id.as_str()).await.map_err(failed)
    }

    async fn open_message(&self, citizen: &CurrentUser, message_id: &str) -> Result<Option<MessageView>, String> {
        // A malformed id names no message.
        let Ok(id) = MessageId::parse(message_id) else {
            return Ok(None);
        };
        let account = citizen.account_id.as_str();
        if !set_reading(&self.pool, account, id.as_str(), Reading::Read, self.clock.now_unix_seconds()).await.map_err(failed)? {
            return Ok(None);
        }
        message_of(&self.pool, account, id.as_str()).await.map_err(failed)
    }

    async fn preferences(&self, citizen: &CurrentUser) -> Result<MessagePreferences, String> {
        let account = crate::auth::accounts::find_account_by_id(&self.pool, citizen.account_id.as_str()).await.map_err(failed)?;
        let (chosen, locale) = preferences_of(&self.pool, citizen.account_id.as_str()).await.map_err(failed)?;
        let choices = MessageKind::ALL.into_iter().map(|kind| ChannelChoice::among(&chosen, kind)).collect();
        Ok(MessagePreferences {
            choices,
            locale: locale.unwrap_or_default(),
            email_verified: account.is_some_and(|account| account.email.is_some() && account.email_verified_at.is_some()),
            app_io_available: self.app_io_on,
        })
    }
}
