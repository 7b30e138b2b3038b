//! The practices port: what the server functions need from storage. The
//! server crate implements it with sqlx.

use super::model::{ProcedureTheme, PublishedProcedure};
use crate::i18n::Locale;
use std::sync::Arc;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum PracticesPortError {
    #[error("practices storage failed: {0}")]
    Storage(String),
    #[error("a stored procedure definition is corrupt: {0}")]
    Corrupt(String),
}

#[async_trait::async_trait]
pub trait PracticesPort: Send + Sync + 'static {
    /// Every active procedure, grouped by theme in the guide's topic order.
    async fn procedure_catalogue(&self, locale: Locale) -> Result<Vec<ProcedureTheme>, PracticesPortError>;
    /// The current version of an active procedure.
    async fn published_procedure(&self, slug: &str, locale: Locale) -> Result<Option<PublishedProcedure>, PracticesPortError>;
}

pub type SharedPracticesPort = Arc<dyn PracticesPort>;
