//! The complaints port: what the complaints' pages need from the records.
//! The server crate implements it.

use super::model::{ChoiceCode, CompensationChoiceView, CompensationItem, ComplaintView};
use crate::auth::model::CurrentUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait ComplaintsPort: Send + Sync + 'static {
    /// Every complaint and suggestion, unanswered first (oldest due first), for the office.
    async fn office_complaints(&self, clerk: &CurrentUser) -> Result<Vec<ComplaintView>, String>;
    /// One complaint with who sent it: audited; None for an unknown number.
    async fn office_complaint(&self, clerk: &CurrentUser, number: &str) -> Result<Option<ComplaintView>, String>;
    /// The compensation inventory, every item.
    async fn inventory(&self) -> Result<Vec<CompensationItem>, String>;
    /// The choice a mailed link opens; None for a code that opens none.
    async fn compensation_choice(&self, code: &ChoiceCode) -> Result<Option<CompensationChoiceView>, String>;
}

pub type SharedComplaintsPort = Arc<dyn ComplaintsPort>;
