//! The practices port: what the server functions need from storage. The
//! server crate implements it with sqlx.

use super::model::{
    ArchiveFilter, ClerkInbox, ClerkInboxFilter, ClerkPracticeView, MyPractices, PracticeArchive, PracticeDraftView, PracticeView, ProcedureTheme,
    PublicLookup, PublishedProcedure,
};
use crate::auth::model::CurrentUser;
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
    /// A draft, only if it belongs to this person (anyone else: None, as if it did not exist).
    async fn draft_for_owner(&self, owner: &CurrentUser, draft_id: &str, locale: Locale) -> Result<Option<PracticeDraftView>, PracticesPortError>;
    /// A filed practice, only if it belongs to this person.
    async fn practice_for_owner(&self, owner: &CurrentUser, practice_id: &str) -> Result<Option<PracticeView>, PracticesPortError>;
    /// The person's drafts and filed practices, newest first.
    async fn my_practices(&self, owner: &CurrentUser) -> Result<MyPractices, PracticesPortError>;
    /// The public lookup, rate-limited per client address (taken from the request parts).
    async fn public_lookup(&self, protocol_number: &str, check_code: &str, request: &http::request::Parts) -> Result<PublicLookup, PracticesPortError>;
    /// The person's concluded practices, filtered and paged.
    async fn practice_archive(&self, owner: &CurrentUser, filter: &ArchiveFilter) -> Result<PracticeArchive, PracticesPortError>;
    /// The practices of the clerk's offices, filtered and paged.
    async fn clerk_inbox(&self, clerk: &CurrentUser, filter: &ClerkInboxFilter) -> Result<ClerkInbox, PracticesPortError>;
    /// A practice of one of the clerk's offices (anyone else's: None); the
    /// opening is written to the audit log.
    async fn practice_for_clerk(&self, clerk: &CurrentUser, practice_id: &str) -> Result<Option<ClerkPracticeView>, PracticesPortError>;
}

pub type SharedPracticesPort = Arc<dyn PracticesPort>;
