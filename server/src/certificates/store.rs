//! The record of every certificate made: who asked, for whom, which kind,
//! when, the content's digest and its seal, the stamp duty or exemption, the
//! PDF exactly as issued; its revocation. A certificate with a stamp duty
//! is issued only once its position is paid.

use anyhow::Context;
use app::certificates::model::{certificate_state, CertificateKind, CertificateState};
use app::payments::model::PositionStatus;
use sqlx::{AnyPool, Row};

/// A certificate to record.
pub struct NewCertificate<'a> {
    pub id: &'a str,
    pub verification_code: &'a str,
    pub account_id: &'a str,
    pub requester_fiscal_code: &'a str,
    pub subject_fiscal_code: &'a str,
    pub subject_name: &'a str,
    pub kind: CertificateKind,
    pub created_at: i64,
    /// ISO dates.
    pub issued_on: &'a str,
    pub valid_until: Option<&'a str>,
    /// `bollo`, `esenzione` or `esente_per_legge`.
    pub stamp_duty: &'a str,
    /// As printed on the certificate.
    pub stamp_duty_text: &'a str,
    pub exemption_code: Option<i64>,
    pub exemption_reason: Option<&'a str>,
    pub stamp_position_id: Option<&'a str>,
    pub content_digest: &'a str,
    pub seal_key_id: &'a str,
    pub signature: &'a str,
    pub document_digest: &'a str,
    pub document: &'a [u8],
}

#[tracing::instrument(skip_all)]
pub async fn insert_certificate(pool: &AnyPool, certificate: &NewCertificate<'_>) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO certificates (id, verification_code, account_id, requester_fiscal_code, subject_fiscal_code, subject_name, kind, created_at, \
         issued_on, valid_until, stamp_duty, stamp_duty_text, exemption_code, exemption_reason, stamp_position_id, content_digest, seal_key_id, \
         signature, document_digest, document) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
    )
    .bind(certificate.id)
    .bind(certificate.verification_code)
    .bind(certificate.account_id)
    .bind(certificate.requester_fiscal_code)
    .bind(certificate.subject_fiscal_code)
    .bind(certificate.subject_name)
    .bind(certificate.kind.slug())
    .bind(certificate.created_at)
    .bind(certificate.issued_on)
    .bind(certificate.valid_until)
    .bind(certificate.stamp_duty)
    .bind(certificate.stamp_duty_text)
    .bind(certificate.exemption_code)
    .bind(certificate.exemption_reason)
    .bind(certificate.stamp_position_id)
    .bind(certificate.content_digest)
    .bind(certificate.seal_key_id)
    .bind(certificate.signature)
    .bind(certificate.document_digest)
    .bind(certificate.document.to_vec())
    .execute(pool)
    .await
    .context("cannot record a certificate")?;
    Ok(())
}

/// A recorded certificate, without its PDF.
#[derive(Clone, Debug)]
pub struct CertificateRecord {
    pub id: String,
    pub verification_code: String,
    pub account_id: String,
    pub requester_fiscal_code: String,
    pub subject_fiscal_code: String,
    pub subject_name: String,
    pub kind: CertificateKind,
    pub created_at: i64,
    pub issued_on: String,
    pub valid_until: Option<String>,
    pub stamp_duty_text: String,
    pub stamp_position_id: Option<String>,
    pub stamp_position_status: Option<PositionStatus>,
    pub content_digest: String,
    pub seal_key_id: String,
    pub signature: String,
    pub revoked: bool,
    pub revocation_reason: Option<String>,
}

impl CertificateRecord {
    pub fn state(&self, today_iso: &str) -> CertificateState {
        let stamp_paid = self.stamp_position_id.is_none() || self.stamp_position_status == Some(PositionStatus::Paid);
        certificate_state(self.revoked, stamp_paid, self.valid_until.as_deref(), today_iso)
    }
}

const RECORD_COLUMNS: &str = "c.id, c.verification_code, c.account_id, c.requester_fiscal_code, c.subject_fiscal_code, c.subject_name, c.kind, \
     c.created_at, c.issued_on, c.valid_until, c.stamp_duty_text, c.stamp_position_id, c.content_digest, c.seal_key_id, c.signature, c.revoked_at, \
     c.revocation_reason, p.status AS position_status";

const FROM_CERTIFICATES: &str = "FROM certificates c LEFT JOIN debt_positions p ON p.id = c.stamp_position_id";

fn record_of(row: &sqlx::any::AnyRow) -> anyhow::Result<CertificateRecord> {
    let kind: String = row.try_get("kind")?;
    let position_status: Option<String> = row.try_get("position_status")?;
    let revoked_at: Option<i64> = row.try_get("revoked_at")?;
    Ok(CertificateRecord {
        id: row.try_get("id")?,
        verification_code: row.try_get("verification_code")?,
        account_id: row.try_get("account_id")?,
        requester_fiscal_code: row.try_get("requester_fiscal_code")?,
        subject_fiscal_code: row.try_get("subject_fiscal_code")?,
        subject_name: row.try_get("subject_name")?,
        kind: CertificateKind::from_slug(&kind).context("stored certificate kind")?,
        created_at: row.try_get("created_at")?,
        issued_on: row.try_get("issued_on")?,
        valid_until: row.try_get("valid_until")?,
        stamp_duty_text: row.try_get("stamp_duty_text")?,
        stamp_position_id: row.try_get("stamp_position_id")?,
        stamp_position_status: position_status.as_deref().and_then(PositionStatus::from_code),
        content_digest: row.try_get("content_digest")?,
        seal_key_id: row.try_get("seal_key_id")?,
        signature: row.try_get("signature")?,
        revoked: revoked_at.is_some(),
        revocation_reason: row.try_get("revocation_reason")?,
    })
}

/// Which certificate to read.
pub enum CertificateKey<'a> {
    /// One of this account's.
    Owned {
        id: &'a str,
        account_id: &'a str,
    },
    Code(&'a str),
    Id(&'a str),
    /// The SHA-256 of the PDF exactly as issued.
    DocumentDigest(&'a str),
}

#[tracing::instrument(skip_all)]
pub async fn find_certificate(pool: &AnyPool, key: CertificateKey<'_>) -> anyhow::Result<Option<CertificateRecord>> {
    let (condition, values): (&str, Vec<&str>) = match key {
        CertificateKey::Owned { id, account_id } => ("c.id = $1 AND c.account_id = $2", vec![id, account_id]),
        CertificateKey::Code(code) => ("c.verification_code = $1", vec![code]),
        CertificateKey::Id(id) => ("c.id = $1", vec![id]),
        CertificateKey::DocumentDigest(digest) => ("c.document_digest = $1", vec![digest]),
    };
    let sql = format!("SELECT {RECORD_COLUMNS} {FROM_CERTIFICATES} WHERE {condition} ORDER BY c.created_at LIMIT 1");
    let mut query = sqlx::query(&sql);
    for value in values {
        query = query.bind(value);
    }
    let row = query.fetch_optional(pool).await.context("cannot read a certificate")?;
    row.as_ref().map(record_of).transpose()
}

/// The account's certificates, newest first.
#[tracing::instrument(skip_all)]
pub async fn certificates_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<CertificateRecord>> {
    let sql = format!("SELECT {RECORD_COLUMNS} {FROM_CERTIFICATES} WHERE c.account_id = $1 ORDER BY c.created_at DESC, c.id");
    let rows = sqlx::query(&sql).bind(account_id).fetch_all(pool).await.context("cannot read the certificates")?;
    rows.iter().map(record_of).collect()
}

/// The PDF of one of the account's certificates.
#[tracing::instrument(skip_all)]
pub async fn owned_document(pool: &AnyPool, id: &str, account_id: &str) -> anyhow::Result<Option<Vec<u8>>> {
    sqlx::query_scalar("SELECT document FROM certificates WHERE id = $1 AND account_id = $2")
        .bind(id)
        .bind(account_id)
        .fetch_optional(pool)
        .await
        .context("cannot read a certificate's document")
}

/// Revokes a certificate not revoked yet; false when it already was.
#[tracing::instrument(skip_all)]
pub async fn revoke_certificate(pool: &AnyPool, id: &str, clerk_account_id: &str, reason: &str, now: i64) -> anyhow::Result<bool> {
    let changed = sqlx::query("UPDATE certificates SET revoked_at = $1, revoked_by = $2, revocation_reason = $3 WHERE id = $4 AND revoked_at IS NULL")
        .bind(now)
        .bind(clerk_account_id)
        .bind(reason)
        .bind(id)
        .execute(pool)
        .await
        .context("cannot revoke a certificate")?
        .rows_affected();
    Ok(changed == 1)
}
