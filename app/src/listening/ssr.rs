//! The listening port: what the listening pages' server functions need from
//! the records. The server crate implements it.

use super::model::InformationRequestView;
use crate::auth::model::CurrentUser;
use crate::i18n::Locale;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait ListeningPort: Send + Sync + 'static {
    /// The topics a request may name: the service sheets (slug, title).
    async fn topics(&self, locale: Locale) -> Result<Vec<(String, String)>, String>;
    /// The requests a person sent from the portal while signed in, newest first.
    async fn my_requests(&self, person: &CurrentUser, locale: Locale) -> Result<Vec<InformationRequestView>, String>;
    /// Every request, unanswered first (oldest due first), for the office.
    async fn office_requests(&self, clerk: &CurrentUser, locale: Locale) -> Result<Vec<InformationRequestView>, String>;
    /// One request with who sent it: audited; None for an unknown number.
    async fn office_request(&self, clerk: &CurrentUser, number: &str, locale: Locale) -> Result<Option<InformationRequestView>, String>;
}

pub type SharedListeningPort = Arc<dyn ListeningPort>;
