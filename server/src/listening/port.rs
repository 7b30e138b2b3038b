//! The listening pages' port: topics, a person's requests, the office's
//! list and one request (the office's opening is audited: it shows who
//! wrote).

use super::store::{find_request, office_requests, requests_of, topics, RequestRecord};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::clock::Clock;
use app::auth::model::CurrentUser;
use app::i18n::{Locale, Text};
use app::listening::model::{InformationRequestNumber, InformationRequestView, OTHER_TOPIC};
use sqlx::AnyPool;

pub struct SqlListeningPort {
    pub pool: AnyPool,
    pub clock: Clock,
}

fn failed(error: anyhow::Error) -> String {
    format!("{error:#}")
}

impl SqlListeningPort {
    /// The records with their topic's title in the reader's language.
    async fn titled(&self, records: Vec<RequestRecord>, locale: Locale) -> Result<Vec<InformationRequestView>, String> {
        let titles = topics(&self.pool, locale == Locale::English).await.map_err(failed)?;
        Ok(records
            .into_iter()
            .map(|record| {
                let mut view = record.view;
                view.topic = if view.topic == OTHER_TOPIC {
                    Text::InformationTopicOther.in_locale(locale).to_string()
                } else {
                    titles.iter().find(|(slug, _)| *slug == view.topic).map(|(_, title)| title.clone()).unwrap_or(view.topic)
                };
                view
            })
            .collect())
    }
}

#[async_trait::async_trait]
impl app::listening::ssr::ListeningPort for SqlListeningPort {
    async fn topics(&self, locale: Locale) -> Result<Vec<(String, String)>, String> {
        topics(&self.pool, locale == Locale::English).await.map_err(failed)
    }

    async fn my_requests(&self, person: &CurrentUser, locale: Locale) -> Result<Vec<InformationRequestView>, String> {
        let records = requests_of(&self.pool, person.account_id.as_str(), self.clock.now_unix_seconds()).await.map_err(failed)?;
        self.titled(records, locale).await
    }

    async fn office_requests(&self, _clerk: &CurrentUser, locale: Locale) -> Result<Vec<InformationRequestView>, String> {
        let records = office_requests(&self.pool, self.clock.now_unix_seconds()).await.map_err(failed)?;
        self.titled(records, locale).await
    }

    async fn office_request(&self, clerk: &CurrentUser, number: &str, locale: Locale) -> Result<Option<InformationRequestView>, String> {
        let Some(number) = InformationRequestNumber::parse(number) else {
            return Ok(None);
        };
        let Some(record) = find_request(&self.pool, &number, self.clock.now_unix_seconds()).await.map_err(failed)? else {
            return Ok(None);
        };
        append_audit_event(
            &self.pool,
            &AuditEvent::new(clerk.account_id.as_str(), "information_request_opened", record.account_id.clone().unwrap_or_default())
                .with_details(serde_json::json!({ "request": number.to_string() })),
        )
        .await
        .map_err(failed)?;
        Ok(self.titled(vec![record], locale).await?.pop())
    }
}
