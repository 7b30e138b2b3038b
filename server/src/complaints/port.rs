//! The complaints' pages' port: the office's list and one complaint (its
//! opening is audited: it shows who wrote), the inventory, and the choice
//! a mailed code opens.

use super::store::{find_by_choice_code, find_complaint, inventory, office_complaints};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::tokens::sha256_hex;
use crate::clock::Clock;
use app::auth::model::CurrentUser;
use app::complaints::model::{ChoiceCode, CompensationChoiceView, CompensationItem, CompensationState, ComplaintNumber, ComplaintView};
use sqlx::AnyPool;

pub struct SqlComplaintsPort {
    pub pool: AnyPool,
    pub clock: Clock,
}

fn failed(error: anyhow::Error) -> String {
    format!("{error:#}")
}

#[async_trait::async_trait]
impl app::complaints::ssr::ComplaintsPort for SqlComplaintsPort {
    async fn office_complaints(&self, _clerk: &CurrentUser) -> Result<Vec<ComplaintView>, String> {
        let records = office_complaints(&self.pool, self.clock.now_unix_seconds()).await.map_err(failed)?;
        Ok(records.into_iter().map(|record| record.view).collect())
    }

    async fn office_complaint(&self, clerk: &CurrentUser, number: &str) -> Result<Option<ComplaintView>, String> {
        let Some(number) = ComplaintNumber::parse(number) else {
            return Ok(None);
        };
        let Some(record) = find_complaint(&self.pool, &number, self.clock.now_unix_seconds()).await.map_err(failed)? else {
            return Ok(None);
        };
        append_audit_event(
            &self.pool,
            &AuditEvent::new(clerk.account_id.as_str(), "complaint_opened", record.account_id.clone().unwrap_or_default())
                .with_details(serde_json::json!({ "complaint": number.to_string() })),
        )
        .await
        .map_err(failed)?;
        Ok(Some(record.view))
    }

    async fn inventory(&self) -> Result<Vec<CompensationItem>, String> {
        inventory(&self.pool, false).await.map_err(failed)
    }

    async fn compensation_choice(&self, code: &ChoiceCode) -> Result<Option<CompensationChoiceView>, String> {
        let Some(record) = find_by_choice_code(&self.pool, &sha256_hex(code.as_str().as_bytes()), self.clock.now_unix_seconds()).await.map_err(failed)? else {
            return Ok(None);
        };
        let view = record.view;
        let items = if view.compensation == CompensationState::Open { inventory(&self.pool, true).await.map_err(failed)? } else { Vec::new() };
        Ok(Some(CompensationChoiceView {
            number: view.number,
            name: view.name,
            until: view.compensation_until.unwrap_or_default(),
            state: view.compensation,
            chosen_item: view.chosen_item,
            items,
        }))
    }
}
