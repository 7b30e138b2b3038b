//! Procedure definitions: TOML files in `content/procedures/`, checked
//! against the guide's topics, offices and service sheets, then published as
//! versions in the database. A file is published again only when it changes
//! (by digest), so restarts and several instances starting together publish
//! nothing twice; an administrator's version (`server publish-procedure`)
//! stays current until the repository's own file changes.

use crate::auth::tokens::{now_unix_seconds, sha256_hex};
use crate::guide::content::GuideContent;
use anyhow::{ensure, Context};
use app::practices::procedure::ProcedureDefinition;
use sqlx::{AnyPool, Row};
use std::collections::HashSet;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PublicationSource {
    Repository,
    Administrator,
}

impl PublicationSource {
    fn as_str(self) -> &'static str {
        match self {
            PublicationSource::Repository => "repository",
            PublicationSource::Administrator => "administrator",
        }
    }
}

/// What publishing did: the version now current and whether it is new.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Publication {
    pub version: i64,
    pub newly_published: bool,
}

pub fn parse_procedure_file(path: &Path) -> anyhow::Result<ProcedureDefinition> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("{} is not a valid procedure definition", path.display()))
}

/// A definition means something on this site: its own rules hold and it
/// names a real topic, office and service sheet.
pub fn check_against_content(definition: &ProcedureDefinition, content: &GuideContent) -> anyhow::Result<()> {
    definition.check()?;
    let name = &definition.slug;
    ensure!(content.topics.iter().any(|topic| topic.slug == definition.theme), "procedure {name} names unknown theme {}", definition.theme);
    ensure!(content.offices.contains_key(&definition.office), "procedure {name} names unknown office {}", definition.office);
    if let Some(sheet) = &definition.service_sheet {
        ensure!(content.sheets.iter().any(|candidate| &candidate.slug == sheet), "procedure {name} names unknown service sheet {sheet}");
    }
    Ok(())
}

/// Every definition in `content/procedures/`, checked; a mistake stops the start naming the file.
pub fn load_repository_procedures(content_dir: &Path, content: &GuideContent) -> anyhow::Result<Vec<ProcedureDefinition>> {
    let directory = content_dir.join("procedures");
    let mut paths = std::fs::read_dir(&directory)
        .with_context(|| format!("cannot list {}", directory.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "toml"))
        .collect::<Vec<_>>();
    paths.sort();
    let mut slugs = HashSet::new();
    let mut procedures = Vec::new();
    for path in paths {
        let definition = parse_procedure_file(&path)?;
        check_against_content(&definition, content).with_context(|| format!("in {}", path.display()))?;
        ensure!(slugs.insert(definition.slug.clone()), "procedure {} is defined twice", definition.slug);
        procedures.push(definition);
    }
    Ok(procedures)
}

fn digest(definition: &ProcedureDefinition) -> anyhow::Result<(String, String)> {
    let json = serde_json::to_string(definition).context("cannot serialise a procedure definition")?;
    Ok((sha256_hex(json.as_bytes()), json))
}

/// Publishes a definition as a new version unless the same one is already
/// where it should be: for the repository, its latest repository version;
/// for an administrator, the current version.
pub async fn publish_procedure(pool: &AnyPool, definition: &ProcedureDefinition, source: PublicationSource) -> anyhow::Result<Publication> {
    let (definition_digest, json) = digest(definition)?;
    let slug = &definition.slug;
    let mut transaction = pool.begin().await.context("cannot start the publication")?;
    // Writing first takes the lock before anything is read: SQLite waits for
    // the other writer instead of failing an upgrade, PostgreSQL serialises
    // publishers of one procedure on its row.
    sqlx::query("UPDATE procedures SET active = active WHERE slug = $1")
        .bind(slug)
        .execute(&mut *transaction)
        .await
        .with_context(|| format!("cannot lock procedure {slug}"))?;
    let current: Option<i64> = sqlx::query_scalar("SELECT current_version FROM procedures WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *transaction)
        .await
        .with_context(|| format!("cannot read procedure {slug}"))?;
    let compared_digest: Option<String> = match (current, source) {
        (None, _) => None,
        (Some(_), PublicationSource::Repository) => {
            sqlx::query_scalar("SELECT definition_digest FROM procedure_versions WHERE slug = $1 AND source = 'repository' ORDER BY version DESC LIMIT 1")
                .bind(slug)
                .fetch_optional(&mut *transaction)
                .await
                .context("cannot read the latest repository version")?
        }
        (Some(version), PublicationSource::Administrator) => {
            sqlx::query_scalar("SELECT definition_digest FROM procedure_versions WHERE slug = $1 AND version = $2")
                .bind(slug)
                .bind(version)
                .fetch_optional(&mut *transaction)
                .await
                .context("cannot read the current version")?
        }
    };
    if let (Some(version), Some(known)) = (current, &compared_digest) {
        if *known == definition_digest {
            sqlx::query("UPDATE procedures SET active = 1 WHERE slug = $1 AND active = 0")
                .bind(slug)
                .execute(&mut *transaction)
                .await
                .context("cannot reactivate a procedure")?;
            transaction.commit().await.context("cannot commit the publication")?;
            return Ok(Publication { version, newly_published: false });
        }
    }
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM procedure_versions WHERE slug = $1")
        .bind(slug)
        .fetch_one(&mut *transaction)
        .await
        .context("cannot read the latest version")?;
    let version = latest.unwrap_or(0) + 1;
    if current.is_none() {
        sqlx::query("INSERT INTO procedures (slug, theme, current_version, active) VALUES ($1, $2, $3, 1) ON CONFLICT (slug) DO NOTHING")
            .bind(slug)
            .bind(&definition.theme)
            .bind(version)
            .execute(&mut *transaction)
            .await
            .with_context(|| format!("cannot register procedure {slug}"))?;
    }
    let inserted = sqlx::query(
        "INSERT INTO procedure_versions (slug, version, definition_json, definition_digest, source, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (slug, version) DO NOTHING",
    )
    .bind(slug)
    .bind(version)
    .bind(&json)
    .bind(&definition_digest)
    .bind(source.as_str())
    .bind(now_unix_seconds())
    .execute(&mut *transaction)
    .await
    .with_context(|| format!("cannot store version {version} of {slug}"))?
    .rows_affected();
    if inserted == 0 {
        // Another instance published this very version a moment ago.
        transaction.rollback().await.ok();
        return Ok(Publication { version, newly_published: false });
    }
    sqlx::query("UPDATE procedures SET current_version = $2, theme = $3, active = 1 WHERE slug = $1")
        .bind(slug)
        .bind(version)
        .bind(&definition.theme)
        .execute(&mut *transaction)
        .await
        .with_context(|| format!("cannot make version {version} of {slug} current"))?;
    transaction.commit().await.context("cannot commit the publication")?;
    tracing::info!(procedure = %slug, version, source = source.as_str(), "procedure version published");
    Ok(Publication { version, newly_published: true })
}

/// Publishes the repository's definitions and withdraws from the catalogue
/// those the repository dropped (their versions stay: filed practices need them).
/// Procedures an administrator added outside the repository are left alone.
pub async fn publish_repository_procedures(pool: &AnyPool, procedures: &[ProcedureDefinition]) -> anyhow::Result<()> {
    for definition in procedures {
        publish_procedure(pool, definition, PublicationSource::Repository).await?;
    }
    let in_repository: HashSet<&str> = procedures.iter().map(|definition| definition.slug.as_str()).collect();
    let rows = sqlx::query(
        "SELECT p.slug, v.source FROM procedures p JOIN procedure_versions v ON v.slug = p.slug AND v.version = p.current_version WHERE p.active = 1",
    )
    .fetch_all(pool)
    .await
    .context("cannot list the active procedures")?;
    for row in rows {
        let slug: String = row.try_get("slug")?;
        let source: String = row.try_get("source")?;
        if source == PublicationSource::Repository.as_str() && !in_repository.contains(slug.as_str()) {
            sqlx::query("UPDATE procedures SET active = 0 WHERE slug = $1")
                .bind(&slug)
                .execute(pool)
                .await
                .with_context(|| format!("cannot withdraw procedure {slug}"))?;
            tracing::info!(procedure = %slug, "procedure withdrawn from the catalogue");
        }
    }
    Ok(())
}

/// `server publish-procedure FILE`: an administrator publishes a new version
/// (or a new procedure) without a code change. The file is checked like the
/// repository's, the publication is audited, and filed practices keep theirs.
pub async fn publish_procedure_file_as_administrator(pool: &AnyPool, content_dir: &Path, file: &Path) -> anyhow::Result<Publication> {
    let content = GuideContent::load(content_dir)?;
    let definition = parse_procedure_file(file)?;
    check_against_content(&definition, &content)?;
    let publication = publish_procedure(pool, &definition, PublicationSource::Administrator).await?;
    if publication.newly_published {
        crate::auth::audit::append_audit_event(
            pool,
            &crate::auth::audit::AuditEvent::new("administrator (command line)", "procedure_published", definition.slug.clone())
                .with_details(serde_json::json!({ "version": publication.version })),
        )
        .await?;
        // The running instances keep the procedures' pages rendered.
        crate::http::page_cache::tell_other_instances(pool, crate::http::page_cache::PageChange::Procedures).await;
    }
    Ok(publication)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_procedures_match_the_guide() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let content = GuideContent::load(&dir).expect("content loads");
        let procedures = load_repository_procedures(&dir, &content).expect("procedures load");
        assert!(procedures.len() >= 15);
    }
}
