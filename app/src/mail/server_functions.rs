use super::model::OutboxMessage;
use leptos::prelude::*;

/// The development outbox; None where it is switched off.
#[server(prefix = "/api", endpoint = "mail/development-outbox")]
pub async fn get_development_outbox() -> Result<Option<Vec<OutboxMessage>>, ServerFnError> {
    let port = use_context::<super::ssr::SharedDevelopmentOutboxPort>().ok_or_else(|| ServerFnError::new("outbox port missing from context"))?;
    port.recent_messages().await.map_err(|error| {
        tracing::error!(%error, "development outbox failed");
        ServerFnError::new("service temporarily unavailable")
    })
}
