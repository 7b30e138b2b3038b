//! Account queries. Fiscal codes are stored upper case, exactly as
//! [`FiscalCode`] normalises them, so lookups are exact matches.

use super::tokens::{now_unix_seconds, sha256_hex};
use anyhow::Context;
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::Role;
use sqlx::{AnyPool, Row};

#[derive(Clone, Debug)]
pub struct AccountRecord {
    pub id: String,
    pub fiscal_code: FiscalCode,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Role,
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_last_step: i64,
    pub activation_code_hash: Option<String>,
    pub activation_expires_at: Option<i64>,
    pub identity_source: String,
    /// When the current email address was proven to reach its owner.
    pub email_verified_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl AccountRecord {
    /// Given and family name, as on letters and mail.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

const ACCOUNT_COLUMNS: &str = "id, fiscal_code, given_name, family_name, email, phone, role, password_hash, totp_secret, \
     totp_last_step, activation_code_hash, activation_expires_at, identity_source, email_verified_at, created_at, updated_at";

fn account_from_row(row: &sqlx::any::AnyRow) -> anyhow::Result<AccountRecord> {
    let fiscal_code: String = row.try_get("fiscal_code")?;
    let role: String = row.try_get("role")?;
    Ok(AccountRecord {
        id: row.try_get("id")?,
        fiscal_code: FiscalCode::parse(&fiscal_code).context("a stored fiscal code does not parse")?,
        given_name: row.try_get("given_name")?,
        family_name: row.try_get("family_name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        role: Role::from_code(&role).with_context(|| format!("unknown stored role {role}"))?,
        password_hash: row.try_get("password_hash")?,
        totp_secret: row.try_get("totp_secret")?,
        totp_last_step: row.try_get("totp_last_step")?,
        activation_code_hash: row.try_get("activation_code_hash")?,
        activation_expires_at: row.try_get("activation_expires_at")?,
        identity_source: row.try_get("identity_source")?,
        email_verified_at: row.try_get("email_verified_at")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

#[tracing::instrument(skip_all)]
pub async fn find_account_by_fiscal_code(pool: &AnyPool, fiscal_code: &FiscalCode) -> anyhow::Result<Option<AccountRecord>> {
    let row = sqlx::query(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE fiscal_code = $1"))
        .bind(fiscal_code.as_str())
        .fetch_optional(pool)
        .await
        .context("cannot look up an account by fiscal code")?;
    row.as_ref().map(account_from_row).transpose()
}

#[tracing::instrument(skip_all)]
pub async fn find_account_by_id(pool: &AnyPool, account_id: &str) -> anyhow::Result<Option<AccountRecord>> {
    let row = sqlx::query(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1"))
        .bind(account_id)
        .fetch_optional(pool)
        .await
        .context("cannot look up an account by id")?;
    row.as_ref().map(account_from_row).transpose()
}

pub struct NewAccount<'a> {
    pub fiscal_code: &'a FiscalCode,
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub role: Role,
    pub identity_source: &'a str,
}

/// Creates the account; `Ok(None)` when the fiscal code is already registered.
#[tracing::instrument(skip_all)]
pub async fn insert_account(pool: &AnyPool, account: &NewAccount<'_>) -> anyhow::Result<Option<String>> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = now_unix_seconds();
    let inserted = sqlx::query(
        "INSERT INTO accounts (id, fiscal_code, given_name, family_name, email, phone, role, identity_source, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(&id)
    .bind(account.fiscal_code.as_str())
    .bind(account.given_name)
    .bind(account.family_name)
    .bind(account.email)
    .bind(account.phone)
    .bind(account.role.code())
    .bind(account.identity_source)
    .bind(now)
    .execute(pool)
    .await;
    match inserted {
        Ok(_) => Ok(Some(id)),
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => Ok(None),
        Err(error) => Err(error).context("cannot create an account"),
    }
}

/// Activation codes work for 30 days.
pub const ACTIVATION_CODE_VALIDITY_SECONDS: i64 = 30 * 24 * 3600;

/// Stores (the hash of) a new one-time activation code, replacing any earlier one.
#[tracing::instrument(skip_all)]
pub async fn set_activation_code(pool: &AnyPool, account_id: &str, code: &str) -> anyhow::Result<()> {
    let now = now_unix_seconds();
    sqlx::query("UPDATE accounts SET activation_code_hash = $1, activation_expires_at = $2, updated_at = $3 WHERE id = $4")
        .bind(activation_code_digest(account_id, code))
        .bind(now + ACTIVATION_CODE_VALIDITY_SECONDS)
        .bind(now)
        .bind(account_id)
        .execute(pool)
        .await
        .context("cannot store an activation code")?;
    Ok(())
}

/// Bound to the account, so a code is worth nothing for anyone else.
pub fn activation_code_digest(account_id: &str, code: &str) -> String {
    sha256_hex(format!("{account_id}:{code}").as_bytes())
}

/// Sets the password and consumes the activation code, in one statement that
/// only succeeds if the code is still the pending one (no double use).
#[tracing::instrument(skip_all)]
pub async fn activate_with_password(pool: &AnyPool, account_id: &str, code_digest: &str, password_hash: &str) -> anyhow::Result<bool> {
    let now = now_unix_seconds();
    let updated = sqlx::query(
        "UPDATE accounts SET password_hash = $1, activation_code_hash = NULL, activation_expires_at = NULL, updated_at = $2
         WHERE id = $3 AND activation_code_hash = $4 AND activation_expires_at > $2",
    )
    .bind(password_hash)
    .bind(now)
    .bind(account_id)
    .bind(code_digest)
    .execute(pool)
    .await
    .context("cannot activate an account")?;
    Ok(updated.rows_affected() == 1)
}

#[tracing::instrument(skip_all)]
pub async fn set_totp_secret(pool: &AnyPool, account_id: &str, secret: &str, accepted_step: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE accounts SET totp_secret = $1, totp_last_step = $2, updated_at = $3 WHERE id = $4")
        .bind(secret)
        .bind(accepted_step)
        .bind(now_unix_seconds())
        .bind(account_id)
        .execute(pool)
        .await
        .context("cannot store a TOTP secret")?;
    Ok(())
}

/// The counter's reset of a lost authenticator app: the account has no app
/// until its owner enrols one again (with the password).
#[tracing::instrument(skip_all)]
pub async fn clear_totp_secret(pool: &AnyPool, account_id: &str) -> anyhow::Result<bool> {
    let updated = sqlx::query("UPDATE accounts SET totp_secret = NULL, totp_last_step = 0, updated_at = $1 WHERE id = $2 AND totp_secret IS NOT NULL")
        .bind(now_unix_seconds())
        .bind(account_id)
        .execute(pool)
        .await
        .context("cannot clear a TOTP secret")?;
    Ok(updated.rows_affected() == 1)
}

/// Records the accepted step only if it is later than the stored one, so two
/// concurrent requests with the same code cannot both succeed.
#[tracing::instrument(skip_all)]
pub async fn consume_totp_step(pool: &AnyPool, account_id: &str, step: i64) -> anyhow::Result<bool> {
    let updated = sqlx::query("UPDATE accounts SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1")
        .bind(step)
        .bind(account_id)
        .execute(pool)
        .await
        .context("cannot record a TOTP step")?;
    Ok(updated.rows_affected() == 1)
}

#[tracing::instrument(skip_all)]
pub async fn update_contacts(pool: &AnyPool, account_id: &str, email: Option<&str>, phone: Option<&str>) -> anyhow::Result<()> {
    // A different address is not proven yet: its verification starts over.
    sqlx::query(
        "UPDATE accounts SET
             email_verified_at = CASE WHEN email = $1 THEN email_verified_at ELSE NULL END,
             email = $1, phone = $2, updated_at = $3
         WHERE id = $4",
    )
    .bind(email)
    .bind(phone)
    .bind(now_unix_seconds())
    .bind(account_id)
    .execute(pool)
    .await
    .context("cannot update contacts")?;
    sqlx::query("DELETE FROM email_verifications WHERE account_id = $1 AND ($2 IS NULL OR email <> $2)")
        .bind(account_id)
        .bind(email)
        .execute(pool)
        .await
        .context("cannot drop a verification for a replaced address")?;
    Ok(())
}

/// A new password chosen through a reset link.
#[tracing::instrument(skip_all)]
pub async fn set_password_hash(pool: &AnyPool, account_id: &str, password_hash: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(password_hash)
        .bind(now_unix_seconds())
        .bind(account_id)
        .execute(pool)
        .await
        .context("cannot set a new password")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn clerk_offices(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<String>> {
    let rows = sqlx::query("SELECT office_code FROM clerk_offices WHERE account_id = $1 ORDER BY office_code")
        .bind(account_id)
        .fetch_all(pool)
        .await
        .context("cannot read a clerk's offices")?;
    rows.iter().map(|row| row.try_get::<String, _>("office_code").map_err(Into::into)).collect()
}

#[tracing::instrument(skip_all)]
pub async fn add_clerk_office(pool: &AnyPool, account_id: &str, office_code: &str) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO clerk_offices (account_id, office_code) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(account_id)
        .bind(office_code)
        .execute(pool)
        .await
        .context("cannot attach a clerk to an office")?;
    Ok(())
}

/// Staff accounts (clerks and administrators), for the administrators' page.
#[tracing::instrument(skip_all)]
pub async fn list_staff(pool: &AnyPool) -> anyhow::Result<Vec<AccountRecord>> {
    let rows = sqlx::query(&format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE role <> 'citizen' ORDER BY family_name, given_name"))
        .fetch_all(pool)
        .await
        .context("cannot list staff")?;
    rows.iter().map(account_from_row).collect()
}

#[tracing::instrument(skip_all)]
pub async fn set_role(pool: &AnyPool, account_id: &str, role: Role) -> anyhow::Result<()> {
    sqlx::query("UPDATE accounts SET role = $1, updated_at = $2 WHERE id = $3")
        .bind(role.code())
        .bind(now_unix_seconds())
        .bind(account_id)
        .execute(pool)
        .await
        .context("cannot change a role")?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn remove_clerk_offices(pool: &AnyPool, account_id: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM clerk_offices WHERE account_id = $1").bind(account_id).execute(pool).await.context("cannot detach a clerk from offices")?;
    Ok(())
}

/// Creates a member of staff, or promotes an existing account; returns the
/// account id and whether an activation code is needed (no password yet).
#[tracing::instrument(skip_all)]
pub async fn create_or_promote_staff(
    pool: &AnyPool,
    fiscal_code: &FiscalCode,
    given_name: &str,
    family_name: &str,
    role: Role,
    office_code: Option<&str>,
) -> anyhow::Result<(String, bool)> {
    let account = match find_account_by_fiscal_code(pool, fiscal_code).await? {
        Some(account) => account,
        None => {
            insert_account(pool, &NewAccount { fiscal_code, given_name, family_name, email: None, phone: None, role, identity_source: "counter" }).await?;
            find_account_by_fiscal_code(pool, fiscal_code).await?.context("account vanished after insert")?
        }
    };
    if account.role != Role::Administrator {
        set_role(pool, &account.id, role).await?;
    }
    if let Some(office) = office_code {
        add_clerk_office(pool, &account.id, office).await?;
    }
    Ok((account.id, account.password_hash.is_none()))
}

/// The account of a person identified by a trusted source (SPID, a smart
/// card): found by fiscal code, or created at first access with the name the
/// source gives. Two first accesses racing end with one account.
#[tracing::instrument(skip_all)]
pub async fn account_for_identified_person(
    pool: &AnyPool,
    fiscal_code: &FiscalCode,
    given_name: &str,
    family_name: &str,
    email: Option<&str>,
    identity_source: &'static str,
) -> anyhow::Result<String> {
    if let Some(account) = find_account_by_fiscal_code(pool, fiscal_code).await? {
        return Ok(account.id);
    }
    let created = insert_account(pool, &NewAccount { fiscal_code, given_name, family_name, email, phone: None, role: Role::Citizen, identity_source }).await?;
    match created {
        Some(id) => Ok(id),
        None => Ok(find_account_by_fiscal_code(pool, fiscal_code).await?.context("account vanished")?.id),
    }
}
