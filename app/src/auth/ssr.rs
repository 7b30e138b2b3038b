//! The accounts port: what the server functions need from storage. The
//! `server` crate implements it with sqlx and provides it through Leptos
//! context, so `app` stays free of database code.

use super::fiscal_code::FiscalCode;
use super::model::{AccountProfile, CurrentUser, PasswordResetToken, ReadableExport, SessionTokenHash, StaffMember, TotpEnrolment};
use crate::i18n::Locale;
use std::sync::Arc;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AccountsPortError {
    #[error("accounts storage failed: {0}")]
    Storage(String),
}

#[async_trait::async_trait]
pub trait AccountsPort: Send + Sync + 'static {
    async fn profile(&self, account_id: &str) -> Result<Option<AccountProfile>, AccountsPortError>;
    /// The authenticator app being set up in this session, if any.
    async fn totp_enrolment(&self, session: &SessionTokenHash, account_label: &str) -> Result<Option<TotpEnrolment>, AccountsPortError>;
    /// A clerk looks a citizen up: every lookup that finds someone is audited.
    async fn citizen_record_for_clerk(&self, clerk: &CurrentUser, fiscal_code: &FiscalCode) -> Result<Option<AccountProfile>, AccountsPortError>;
    /// Clerks and administrators, for the administrators' page.
    async fn staff_members(&self) -> Result<Vec<StaffMember>, AccountsPortError>;
    /// Whether a password reset link can still be used (known, unused, not expired).
    async fn password_reset_link_is_usable(&self, token: &PasswordResetToken) -> Result<bool, AccountsPortError>;
    /// Everything the portal keeps about the person, to read on a page; the
    /// reading is audited as the download is.
    async fn readable_export(&self, user: &CurrentUser, locale: Locale) -> Result<Option<ReadableExport>, AccountsPortError>;
}

pub type SharedAccountsPort = Arc<dyn AccountsPort>;
