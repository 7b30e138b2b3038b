//! The practices port over sqlx: the catalogue and published procedures.

use app::guide::model::ResponsibleOffice;
use app::i18n::Locale;
use app::practices::model::{ProcedureSummary, ProcedureTheme, PublishedProcedure};
use app::practices::procedure::ProcedureDefinition;
use app::practices::ssr::{PracticesPort, PracticesPortError};
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct SqlPracticesPort {
    pub pool: AnyPool,
    /// The offices of `content/offices.toml`, which definitions name by key.
    pub offices: Arc<BTreeMap<String, ResponsibleOffice>>,
}

fn storage(error: sqlx::Error) -> PracticesPortError {
    PracticesPortError::Storage(error.to_string())
}

fn parse_definition(json: &str, slug: &str) -> Result<ProcedureDefinition, PracticesPortError> {
    serde_json::from_str(json).map_err(|error| PracticesPortError::Corrupt(format!("{slug}: {error}")))
}

const CURRENT_VERSIONS: &str = "SELECT p.slug, p.current_version, v.definition_json, t.slug AS theme_slug, t.name_it, t.name_en \
     FROM procedures p \
     JOIN procedure_versions v ON v.slug = p.slug AND v.version = p.current_version \
     JOIN guide_topics t ON t.slug = p.theme \
     WHERE p.active = 1";

/// Slugs of the procedures in the catalogue (for the sitemap).
pub async fn active_procedure_slugs(pool: &AnyPool) -> anyhow::Result<Vec<String>> {
    use anyhow::Context;
    sqlx::query_scalar("SELECT slug FROM procedures WHERE active = 1 ORDER BY slug")
        .fetch_all(pool)
        .await
        .context("cannot list the active procedures")
}

fn theme_name(row: &sqlx::any::AnyRow, locale: Locale) -> Result<String, sqlx::Error> {
    row.try_get(match locale {
        Locale::Italian => "name_it",
        Locale::English => "name_en",
    })
}

#[async_trait::async_trait]
impl PracticesPort for SqlPracticesPort {
    async fn procedure_catalogue(&self, locale: Locale) -> Result<Vec<ProcedureTheme>, PracticesPortError> {
        let rows = sqlx::query(&format!("{CURRENT_VERSIONS} ORDER BY t.position, p.slug"))
            .fetch_all(&self.pool)
            .await
            .map_err(storage)?;
        let mut themes: Vec<ProcedureTheme> = Vec::new();
        for row in rows {
            let slug: String = row.try_get("slug").map_err(storage)?;
            let theme_slug: String = row.try_get("theme_slug").map_err(storage)?;
            let definition = parse_definition(&row.try_get::<String, _>("definition_json").map_err(storage)?, &slug)?;
            let summary = ProcedureSummary { slug, title: definition.title, summary: definition.summary };
            match themes.last_mut() {
                Some(theme) if theme.slug == theme_slug => theme.procedures.push(summary),
                _ => themes.push(ProcedureTheme { slug: theme_slug, name: theme_name(&row, locale).map_err(storage)?, procedures: vec![summary] }),
            }
        }
        for theme in &mut themes {
            theme.procedures.sort_by(|a, b| a.title.cmp(&b.title));
        }
        Ok(themes)
    }

    async fn published_procedure(&self, slug: &str, locale: Locale) -> Result<Option<PublishedProcedure>, PracticesPortError> {
        let Some(row) = sqlx::query(&format!("{CURRENT_VERSIONS} AND p.slug = $1"))
            .bind(slug)
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?
        else {
            return Ok(None);
        };
        let definition = parse_definition(&row.try_get::<String, _>("definition_json").map_err(storage)?, slug)?;
        let office = self
            .offices
            .get(&definition.office)
            .cloned()
            .ok_or_else(|| PracticesPortError::Corrupt(format!("{slug} names unknown office {}", definition.office)))?;
        Ok(Some(PublishedProcedure {
            version: row.try_get("current_version").map_err(storage)?,
            theme_name: theme_name(&row, locale).map_err(storage)?,
            office,
            definition,
        }))
    }
}
