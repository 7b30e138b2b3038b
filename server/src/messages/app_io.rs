//! The App IO channel: IO's services API (`/api/v1`, the service's key in
//! `Ocp-Apim-Subscription-Key`). Before a message, the citizen's profile:
//! not on IO, or this service not allowed to write to them, and nothing is
//! sent. A 429 is tried again with back-off (IO's `Retry-After` when it
//! gives one); every outcome is told to the caller to record.

use anyhow::Context;
use app::auth::fiscal_code::FiscalCode;
use app::messages::model::IoMessage;
use std::time::Duration;

/// IO's production address of the services API.
pub const IO_API_URL: &str = "https://api.io.pagopa.it/api/v1";
/// Calls tried per step (profile, message) while IO answers 429.
pub const MAXIMUM_ATTEMPTS: u32 = 5;
/// The longest wait between two attempts.
pub const MAXIMUM_BACKOFF_SECONDS: u64 = 60;

/// `SPORTELLO_APP_IO_API_KEY` (without it the channel is off),
/// `SPORTELLO_APP_IO_URL` (IO's, unless set), `SPORTELLO_APP_IO_SIMULATOR=1`
/// (the simulator inside this server answers, with its own key).
#[derive(Clone, Debug, Default)]
pub struct AppIoSettings {
    pub api_key: Option<String>,
    pub url: Option<String>,
    pub simulator: bool,
    /// How the worker waits between 429s: sleeping, except in tests.
    pub pause: Pause,
}

impl AppIoSettings {
    pub fn from_environment(var: impl Fn(&str) -> Option<String>) -> AppIoSettings {
        AppIoSettings {
            api_key: var("SPORTELLO_APP_IO_API_KEY"),
            url: var("SPORTELLO_APP_IO_URL"),
            simulator: var("SPORTELLO_APP_IO_SIMULATOR").is_some_and(|value| value == "1" || value == "true"),
            pause: Pause::Sleep,
        }
    }

    /// The client these settings give (None: the channel is off); `own_url`
    /// is this server's, where the simulator answers.
    pub fn client(&self, own_url: &str) -> Option<AppIo> {
        if self.simulator {
            let base = format!("{}{}", own_url.trim_end_matches('/'), super::io_simulator::API_PREFIX);
            return Some(AppIo::new(&base, super::io_simulator::SIMULATOR_API_KEY));
        }
        let key = self.api_key.as_deref()?;
        Some(AppIo::new(self.url.as_deref().unwrap_or(IO_API_URL), key))
    }
}

/// What became of a message for App IO.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IoDelivery {
    /// IO took it: its id, and how many calls it took (429s included).
    Sent { io_id: String, attempts: u32 },
    /// The citizen has no IO profile: not sent.
    NotOnIo,
    /// The citizen turned this service off in the app: not sent.
    OptedOut,
    /// IO refused the message as it is (400): not to be tried again.
    Invalid { detail: String },
    /// IO could not be reached, or kept answering 429: to be tried later.
    Failed { detail: String },
}

/// How the client waits between attempts: sleeping in the server; in the
/// tests, noting each wait instead (no real sleeps there).
#[derive(Clone, Debug, Default)]
pub enum Pause {
    #[default]
    Sleep,
    Record(std::sync::Arc<std::sync::Mutex<Vec<Duration>>>),
}

impl Pause {
    async fn pause(&self, duration: Duration) {
        match self {
            Pause::Sleep => tokio::time::sleep(duration).await,
            Pause::Record(waits) => waits.lock().expect("the waits").push(duration),
        }
    }
}

#[derive(Clone)]
pub struct AppIo {
    base_url: String,
    api_key: String,
    http: reqwest::Client,
}

/// One call's answer: the status, `Retry-After` in seconds, the body.
struct Answer {
    status: u16,
    retry_after: Option<u64>,
    body: serde_json::Value,
}

/// The wait before attempt `attempt + 1`: IO's `Retry-After`, else 1, 2, 4, 8… seconds, at most a minute.
pub fn backoff(attempt: u32, retry_after: Option<u64>) -> Duration {
    Duration::from_secs(retry_after.unwrap_or(1 << attempt.saturating_sub(1).min(6)).min(MAXIMUM_BACKOFF_SECONDS))
}

/// The message as IO's `NewMessage` takes it.
pub fn new_message_body(fiscal_code: &FiscalCode, message: &IoMessage) -> serde_json::Value {
    let mut content = serde_json::json!({ "subject": message.subject(), "markdown": message.markdown() });
    if let Some(due) = message.due_at().and_then(|seconds| time::OffsetDateTime::from_unix_timestamp(seconds).ok()) {
        content["due_date"] = serde_json::json!(due.format(&time::format_description::well_known::Rfc3339).unwrap_or_default());
    }
    if let Some(payment) = message.payment() {
        content["payment_data"] =
            serde_json::json!({ "amount": payment.amount.cents(), "notice_number": payment.notice_number.to_string(), "invalid_after_due_date": false });
    }
    serde_json::json!({ "fiscal_code": fiscal_code.as_str(), "feature_level_type": "STANDARD", "content": content })
}

impl AppIo {
    pub fn new(base_url: &str, api_key: &str) -> AppIo {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().expect("an HTTP client with a timeout builds");
        AppIo { base_url: base_url.trim_end_matches('/').to_string(), api_key: api_key.to_string(), http }
    }

    async fn post(&self, path: &str, body: &serde_json::Value) -> anyhow::Result<Answer> {
        let response = self
            .http
            .post(format!("{}{path}", self.base_url))
            .header("Ocp-Apim-Subscription-Key", &self.api_key)
            .json(body)
            .send()
            .await
            .with_context(|| format!("App IO {path} cannot be reached"))?;
        let status = response.status().as_u16();
        let retry_after = response.headers().get("retry-after").and_then(|value| value.to_str().ok()).and_then(|value| value.trim().parse().ok());
        let body = response.json().await.unwrap_or(serde_json::Value::Null);
        Ok(Answer { status, retry_after, body })
    }

    /// A call tried again while IO answers 429; the attempts it took.
    async fn post_with_backoff(&self, path: &str, body: &serde_json::Value, pause: &Pause) -> anyhow::Result<(Answer, u32)> {
        let mut attempt = 1;
        loop {
            let answer = self.post(path, body).await?;
            if answer.status != 429 || attempt >= MAXIMUM_ATTEMPTS {
                return Ok((answer, attempt));
            }
            pause.pause(backoff(attempt, answer.retry_after)).await;
            attempt += 1;
        }
    }

    /// The profile check, then the message.
    pub async fn deliver(&self, fiscal_code: &FiscalCode, message: &IoMessage, pause: &Pause) -> IoDelivery {
        let failed = |error: anyhow::Error| IoDelivery::Failed { detail: format!("{error:#}") };
        let (profile, profile_attempts) = match self.post_with_backoff("/profiles", &serde_json::json!({ "fiscal_code": fiscal_code.as_str() }), pause).await {
            Ok(answer) => answer,
            Err(error) => return failed(error),
        };
        match profile.status {
            200 if profile.body["sender_allowed"] == serde_json::Value::Bool(true) => {}
            200 => return IoDelivery::OptedOut,
            404 => return IoDelivery::NotOnIo,
            status => return IoDelivery::Failed { detail: format!("the profile check answered {status}") },
        }
        let (sent, attempts) = match self.post_with_backoff("/messages", &new_message_body(fiscal_code, message), pause).await {
            Ok(answer) => answer,
            Err(error) => return failed(error),
        };
        match sent.status {
            201 => match sent.body["id"].as_str() {
                Some(id) => IoDelivery::Sent { io_id: id.to_string(), attempts: profile_attempts + attempts },
                None => IoDelivery::Failed { detail: "IO accepted the message without an id".to_string() },
            },
            400 => IoDelivery::Invalid { detail: sent.body["detail"].as_str().unwrap_or("invalid message").to_string() },
            status => IoDelivery::Failed { detail: format!("the message answered {status}") },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_a_minute_unless_io_says_how_long() {
        let waits: Vec<u64> = (1..=8).map(|attempt| backoff(attempt, None).as_secs()).collect();
        assert_eq!(waits, vec![1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(backoff(1, Some(7)).as_secs(), 7);
        assert_eq!(backoff(1, Some(3600)).as_secs(), MAXIMUM_BACKOFF_SECONDS);
    }

    #[test]
    fn the_body_is_ios_new_message() {
        use app::messages::model::IoPayment;
        use app::payments::{amount::AmountInCents, notice_number::NoticeNumber};
        let payment = IoPayment { notice_number: NoticeNumber::parse("301000000000000144").unwrap(), amount: AmountInCents::from_cents(12_050).unwrap() };
        let message = IoMessage::new("Nuovo avviso di pagamento TARI", &"Paga entro la scadenza. ".repeat(5), Some(1_813_183_199), Some(payment)).unwrap();
        let body = new_message_body(&FiscalCode::parse("RSSMRA80A01F205X").unwrap(), &message);
        assert_eq!(body["fiscal_code"], "RSSMRA80A01F205X");
        assert_eq!(body["content"]["payment_data"]["amount"], 12_050);
        assert_eq!(body["content"]["payment_data"]["notice_number"], "301000000000000144");
        assert_eq!(body["content"]["due_date"], "2027-06-16T21:59:59Z");
    }
}
