//! The guide's port to the server: what the server functions need from storage
//! and search. The `server` crate implements it with sqlx and tantivy and
//! provides it through Leptos context, so `app` stays free of database code.

use super::model::*;
use crate::i18n::Locale;
use std::sync::Arc;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum GuideStoreError {
    #[error("guide database query failed: {0}")]
    Database(String),
    #[error("guide search failed: {0}")]
    Search(String),
    #[error("guide content is corrupt: {0}")]
    Content(String),
}

#[async_trait::async_trait]
pub trait GuideStore: Send + Sync + 'static {
    async fn list_topics(&self, locale: Locale) -> Result<Vec<TopicSummary>, GuideStoreError>;
    async fn topic_with_service_sheets(&self, slug: &str, locale: Locale) -> Result<Option<TopicWithServiceSheets>, GuideStoreError>;
    async fn list_service_sheets(&self, locale: Locale) -> Result<Vec<ServiceSheetSummary>, GuideStoreError>;
    async fn service_sheet(&self, slug: &str, locale: Locale) -> Result<Option<ServiceSheet>, GuideStoreError>;
    async fn editorial_page(&self, slug: &str, locale: Locale) -> Result<Option<EditorialPage>, GuideStoreError>;
    async fn search_service_sheets(&self, query: &SearchQuery, locale: Locale, limit: usize) -> Result<Vec<SearchHit>, GuideStoreError>;
    async fn record_page_feedback(&self, feedback: &PageFeedback) -> Result<(), GuideStoreError>;
    async fn page_feedback_summaries(&self, locale: Locale) -> Result<Vec<PageFeedbackSummary>, GuideStoreError>;
}

pub type SharedGuideStore = Arc<dyn GuideStore>;
