//! The surveys port: what the surveys' pages need from the records. The
//! server crate implements it.

use super::model::{SurveyPageView, SurveyResultsView, SurveySummary};
use crate::i18n::Locale;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait SurveysPort: Send + Sync + 'static {
    /// The surveys open or closed (`with_drafts`: every one, for administrators).
    async fn surveys(&self, with_drafts: bool, locale: Locale) -> Result<Vec<SurveySummary>, String>;
    /// A survey's form with a fresh signed token; None for an unknown survey or a draft.
    async fn survey(&self, slug: &str, locale: Locale) -> Result<Option<SurveyPageView>, String>;
    /// A survey's results: published once closed (`administrator`: at any time).
    async fn results(&self, slug: &str, administrator: bool, locale: Locale) -> Result<Option<SurveyResultsView>, String>;
}

pub type SharedSurveysPort = Arc<dyn SurveysPort>;
