//! The accounts port used by the server functions, over sqlx.

use super::accounts::{find_account_by_fiscal_code, find_account_by_id, AccountRecord};
use super::audit::{append_audit_event, AuditEvent};
use super::sessions::pending_totp_secret;
use super::totp::enrolment_qr_svg;
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::{AccountProfile, CurrentUser, PasswordResetToken, ReadableExport, SessionTokenHash, StaffMember, TotpEnrolment};
use app::auth::ssr::{AccountsPort, AccountsPortError};
use app::i18n::Locale;
use sqlx::AnyPool;

pub struct SqlAccountsPort {
    pub pool: AnyPool,
}

fn storage(error: anyhow::Error) -> AccountsPortError {
    AccountsPortError::Storage(format!("{error:#}"))
}

pub fn profile_of(account: &AccountRecord) -> AccountProfile {
    AccountProfile {
        account_id: account.id.clone(),
        fiscal_code: account.fiscal_code.to_string(),
        given_name: account.given_name.clone(),
        family_name: account.family_name.clone(),
        email: account.email.clone(),
        phone: account.phone.clone(),
        role: account.role,
        has_totp: account.totp_secret.is_some(),
        credentials_active: account.password_hash.is_some(),
        activation_pending: account.activation_code_hash.is_some(),
        email_verified: account.email.is_some() && account.email_verified_at.is_some(),
        email_verification_pending: false,
    }
}

#[async_trait::async_trait]
impl AccountsPort for SqlAccountsPort {
    async fn profile(&self, account_id: &str) -> Result<Option<AccountProfile>, AccountsPortError> {
        let Some(account) = find_account_by_id(&self.pool, account_id).await.map_err(storage)? else {
            return Ok(None);
        };
        let pending = super::email_verification::verification_pending(&self.pool, &account).await.map_err(storage)?;
        Ok(Some(AccountProfile { email_verification_pending: pending, ..profile_of(&account) }))
    }

    async fn password_reset_link_is_usable(&self, token: &PasswordResetToken) -> Result<bool, AccountsPortError> {
        Ok(super::password_reset::account_of_usable_link(&self.pool, token).await.map_err(storage)?.is_some())
    }

    async fn readable_export(&self, user: &CurrentUser, locale: Locale) -> Result<Option<ReadableExport>, AccountsPortError> {
        let Some(export) = super::export::personal_data_export(&self.pool, &user.account_id).await.map_err(storage)? else {
            return Ok(None);
        };
        // Reading the data on the page is an export too, for the access log.
        append_audit_event(&self.pool, &AuditEvent::new(&user.account_id, "data_exported", &user.account_id)).await.map_err(storage)?;
        Ok(Some(super::export::readable(&export, locale)))
    }

    async fn totp_enrolment(&self, session: &SessionTokenHash, account_label: &str) -> Result<Option<TotpEnrolment>, AccountsPortError> {
        let Some(pending) = pending_totp_secret(&self.pool, session).await.map_err(storage)? else {
            return Ok(None);
        };
        // An administrator enrolling a member of staff: the key is labelled
        // with that person, whose name the page shows.
        let for_person = match &pending.for_account {
            Some(account_id) => find_account_by_id(&self.pool, account_id).await.map_err(storage)?,
            None => None,
        };
        if pending.for_account.is_some() && for_person.is_none() {
            return Ok(None);
        }
        let label = for_person.as_ref().map(|person| person.fiscal_code.to_string()).unwrap_or_else(|| account_label.to_string());
        let (_, qr_svg) = enrolment_qr_svg(&pending.secret, &label).map_err(storage)?;
        Ok(Some(TotpEnrolment { secret: pending.secret, qr_svg, for_person: for_person.map(|person| person.full_name()) }))
    }

    async fn staff_members(&self) -> Result<Vec<StaffMember>, AccountsPortError> {
        let staff = super::accounts::list_staff(&self.pool).await.map_err(storage)?;
        let mut members = Vec::with_capacity(staff.len());
        for account in staff {
            members.push(StaffMember {
                offices: super::accounts::clerk_offices(&self.pool, &account.id).await.map_err(storage)?,
                full_name: account.full_name(),
                fiscal_code: account.fiscal_code.to_string(),
                role: account.role,
                credentials_active: account.password_hash.is_some(),
                account_id: account.id,
            });
        }
        Ok(members)
    }

    async fn citizen_record_for_clerk(&self, clerk: &CurrentUser, fiscal_code: &FiscalCode) -> Result<Option<AccountProfile>, AccountsPortError> {
        let Some(account) = find_account_by_fiscal_code(&self.pool, fiscal_code).await.map_err(storage)? else {
            return Ok(None);
        };
        // Written before the data is returned: no access without its trace.
        append_audit_event(
            &self.pool,
            &AuditEvent::new(&clerk.account_id, "citizen_record_viewed", &account.id).with_details(serde_json::json!({ "role": clerk.role.code() })),
        )
        .await
        .map_err(storage)?;
        Ok(Some(profile_of(&account)))
    }
}
