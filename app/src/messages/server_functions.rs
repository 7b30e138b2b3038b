//! Typed server functions of "I miei messaggi": the signed-in citizen's own only.

use super::model::{MessagePreferences, MessageView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn messages_port() -> Result<super::ssr::SharedMessagesPort, ServerFnError> {
    use_context::<super::ssr::SharedMessagesPort>().ok_or_else(|| ServerFnError::new("messages port missing from context"))
}

#[cfg(feature = "ssr")]
fn hidden(operation: &'static str) -> impl FnOnce(String) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "messages operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

#[server(prefix = "/api", endpoint = "messages/mine")]
pub async fn get_my_messages() -> Result<Vec<MessageView>, ServerFnError> {
    let user = crate::http_context::signed_in_caller()?;
    messages_port()?.my_messages(&user).await.map_err(hidden("my_messages"))
}

/// Opening a message marks it read.
#[server(prefix = "/api", endpoint = "messages/open")]
pub async fn open_my_message(id: String) -> Result<Option<MessageView>, ServerFnError> {
    let user = crate::http_context::signed_in_caller()?;
    messages_port()?.open_message(&user, &id).await.map_err(hidden("open_message"))
}

#[server(prefix = "/api", endpoint = "messages/preferences")]
pub async fn get_message_preferences() -> Result<MessagePreferences, ServerFnError> {
    let user = crate::http_context::signed_in_caller()?;
    messages_port()?.preferences(&user).await.map_err(hidden("message_preferences"))
}
