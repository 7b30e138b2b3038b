//! Attachments: the type is sniffed from the bytes (PDF, PDF/A, CAdES .p7m,
//! JPEG, PNG), never taken from the name; contents are stored once per
//! SHA-256; an upload belongs to one draft and is served only to its owner.

use crate::auth::tokens::{now_unix_seconds, sha256_hex};
use anyhow::Context;
use app::ids::AttachmentId;
use app::practices::model::AttachmentView;
use app::practices::procedure::AttachmentKind;
use sqlx::{AnyPool, Row};

/// All the attachments of one practice together stay under this size.
pub const MAXIMUM_BYTES_PER_PRACTICE: u64 = 30 * 1024 * 1024;

/// What the bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SniffedType {
    pub kind: AttachmentKind,
    /// `pdf_a` for a PDF that declares PDF/A conformance in its metadata.
    pub code: &'static str,
}

/// The CMS SignedData object identifier (1.2.840.113549.1.7.2), DER-encoded.
const SIGNED_DATA_OID: &[u8] = &[0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02];

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

pub fn sniff(bytes: &[u8]) -> Option<SniffedType> {
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return Some(SniffedType { kind: AttachmentKind::Png, code: "png" });
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(SniffedType { kind: AttachmentKind::Jpeg, code: "jpeg" });
    }
    // A PDF's header may follow up to 1 KB of leading bytes (ISO 32000-1, 7.5.2).
    let head = &bytes[..bytes.len().min(1024)];
    if contains(head, b"%PDF-") && contains(&bytes[bytes.len().saturating_sub(2048)..], b"%%EOF") {
        let pdf_a = contains(bytes, b"pdfaid:part");
        return Some(SniffedType { kind: AttachmentKind::Pdf, code: if pdf_a { "pdf_a" } else { "pdf" } });
    }
    // CAdES (.p7m): a DER SEQUENCE whose content type is SignedData.
    if bytes.first() == Some(&0x30) && contains(&bytes[..bytes.len().min(32)], SIGNED_DATA_OID) {
        return Some(SniffedType { kind: AttachmentKind::SignedP7m, code: "signed_p7m" });
    }
    None
}

/// A name safe to show and to send back in Content-Disposition.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control() && !matches!(c, '"' | ';')).take(120).collect();
    if cleaned.trim().is_empty() {
        "allegato".to_string()
    } else {
        cleaned.trim().to_string()
    }
}

/// Stores a file's bytes once per SHA-256 (in a transaction or not) and
/// returns the digest and the size that the records of the file point to.
#[tracing::instrument(skip_all)]
pub async fn store_content<'e, E>(executor: E, bytes: &[u8]) -> anyhow::Result<(String, i64)>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let digest = sha256_hex(bytes);
    let size = i64::try_from(bytes.len()).context("file too large")?;
    sqlx::query("INSERT INTO attachment_contents (sha256, size_bytes, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING")
        .bind(&digest)
        .bind(size)
        .bind(bytes.to_vec())
        .execute(executor)
        .await
        .context("cannot store a file's content")?;
    Ok((digest, size))
}

#[tracing::instrument(skip_all)]
pub async fn store_attachment(pool: &AnyPool, draft_id: &str, field: &str, file_name: &str, sniffed: SniffedType, bytes: &[u8]) -> anyhow::Result<String> {
    // One transaction: the retention run deletes contents no upload refers
    // to, and must never see the new content before its upload row.
    let mut transaction = pool.begin().await.context("cannot begin storing an attachment")?;
    let (digest, size) = store_content(&mut *transaction, bytes).await?;
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO draft_attachments (id, draft_id, field, file_name, sniffed_type, sha256, size_bytes, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(draft_id)
    .bind(field)
    .bind(clean_file_name(file_name))
    .bind(sniffed.code)
    .bind(&digest)
    .bind(size)
    .bind(now_unix_seconds())
    .execute(&mut *transaction)
    .await
    .context("cannot record an attachment")?;
    transaction.commit().await.context("cannot commit an attachment")?;
    Ok(id)
}

#[tracing::instrument(skip_all)]
pub async fn attachments_of_draft(pool: &AnyPool, draft_id: &str) -> anyhow::Result<Vec<AttachmentView>> {
    let rows = sqlx::query("SELECT id, field, file_name, sniffed_type, sha256, size_bytes FROM draft_attachments WHERE draft_id = $1 ORDER BY uploaded_at, id")
        .bind(draft_id)
        .fetch_all(pool)
        .await
        .context("cannot list a draft's attachments")?;
    rows.into_iter()
        .map(|row| {
            Ok(AttachmentView {
                id: row.try_get("id")?,
                field: row.try_get("field")?,
                file_name: row.try_get("file_name")?,
                sniffed_type: row.try_get("sniffed_type")?,
                sha256: row.try_get("sha256")?,
                size_bytes: u64::try_from(row.try_get::<i64, _>("size_bytes")?).unwrap_or(0),
            })
        })
        .collect()
}

/// Removes an upload from a draft not yet filed (the content stays if another upload shares it).
#[tracing::instrument(skip_all)]
pub async fn remove_attachment(pool: &AnyPool, draft_id: &str, attachment_id: &str) -> anyhow::Result<()> {
    sqlx::query(
        "DELETE FROM draft_attachments WHERE id = $1 AND draft_id = $2 \
         AND draft_id IN (SELECT id FROM practice_drafts WHERE submitted_practice_id IS NULL)",
    )
    .bind(attachment_id)
    .bind(draft_id)
    .execute(pool)
    .await
    .context("cannot remove an attachment")?;
    Ok(())
}

/// The file, only for the owner of its draft: (name, type code, bytes).
/// A stored file: the name it was sent with, its sniffed type's code, its bytes.
pub struct StoredFile {
    pub file_name: String,
    pub sniffed_type: String,
    pub bytes: Vec<u8>,
}

#[tracing::instrument(skip_all)]
pub async fn attachment_for_owner(pool: &AnyPool, account_id: &str, attachment_id: &AttachmentId) -> anyhow::Result<Option<StoredFile>> {
    let attachment_id = attachment_id.as_str();
    let row = sqlx::query(
        "SELECT a.file_name, a.sniffed_type, c.content FROM draft_attachments a \
         JOIN practice_drafts d ON d.id = a.draft_id JOIN attachment_contents c ON c.sha256 = a.sha256 \
         WHERE a.id = $1 AND d.account_id = $2",
    )
    .bind(attachment_id)
    .bind(account_id)
    .fetch_optional(pool)
    .await
    .context("cannot read an attachment")?;
    row.map(|row| Ok(StoredFile { file_name: row.try_get("file_name")?, sniffed_type: row.try_get("sniffed_type")?, bytes: row.try_get("content")? }))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n").map(|t| t.code), Some("pdf"));
        assert_eq!(sniff(b"%PDF-1.7\n<x:xmpmeta><pdfaid:part>2</pdfaid:part>\n%%EOF").map(|t| t.code), Some("pdf_a"));
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]).map(|t| t.code), Some("png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]).map(|t| t.code), Some("jpeg"));
        let mut p7m = vec![0x30, 0x80];
        p7m.extend_from_slice(SIGNED_DATA_OID);
        p7m.extend_from_slice(&[0xA0, 0x80, 0, 0]);
        assert_eq!(sniff(&p7m).map(|t| t.code), Some("signed_p7m"));
        assert_eq!(sniff(b"MZ\x90\x00 an executable called domanda.pdf"), None);
        assert_eq!(sniff(b"%PDF-1.7 truncated without an end"), None, "a truncated PDF is refused");
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn file_names_lose_paths_and_header_breaking_characters() {
        assert_eq!(clean_file_name("C:\\Documenti\\contratto \"affitto\".pdf"), "contratto affitto.pdf");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("   "), "allegato");
    }
}
