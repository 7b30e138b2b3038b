//! The standards port: what the standards page and the counter log need
//! from the records. The server crate implements it.

use super::model::{PinLogEntry, StandardsReport};
use std::sync::Arc;

#[async_trait::async_trait]
pub trait StandardsPort: Send + Sync + 'static {
    /// Every standard measured for `year` (None: this year), with its charts
    /// (labelled in `locale`).
    async fn report(&self, year: Option<i32>, locale: crate::i18n::Locale) -> Result<StandardsReport, String>;
    /// This month's counter log, newest first.
    async fn pin_log(&self) -> Result<Vec<PinLogEntry>, String>;
}

pub type SharedStandardsPort = Arc<dyn StandardsPort>;
