//! The maintenance port: what the administrators' page needs from the
//! records. The server crate implements it.

use super::model::MaintenanceAdministration;
use crate::i18n::Locale;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait MaintenancePort: Send + Sync + 'static {
    /// The windows (cancelled ones too), this year's days, the rules and
    /// the coming deadlines.
    async fn administration(&self, locale: Locale) -> Result<MaintenanceAdministration, String>;
}

pub type SharedMaintenancePort = Arc<dyn MaintenancePort>;
