//! The guide's storage adapter: sqlx queries (one set for SQLite and
//! PostgreSQL) plus the in-memory search index.

use super::content::{PageContent, StoredSheetBody};
use super::search::GuideSearchIndex;
use anyhow::Context;
use app::guide::model::*;
use app::guide::ssr::{GuideStore, GuideStoreError};
use app::i18n::Locale;
use sqlx::{AnyPool, Row};
use std::sync::Arc;

pub struct SqlGuideStore {
    pool: AnyPool,
    search_index: Arc<GuideSearchIndex>,
    /// A rating changes the ratings' page.
    pages: crate::http::page_cache::PageCache,
}

fn database_error(error: sqlx::Error) -> GuideStoreError {
    GuideStoreError::Database(error.to_string())
}

fn pick(locale: Locale, italian: String, english: String) -> String {
    match locale {
        Locale::English if !english.trim().is_empty() => english,
        _ => italian,
    }
}

impl SqlGuideStore {
    /// The store over `pool`, searching with an index built from the content
    /// the start wrote into it (`PreparedFiles`).
    pub fn new(pool: AnyPool, search_index: Arc<GuideSearchIndex>, pages: crate::http::page_cache::PageCache) -> SqlGuideStore {
        SqlGuideStore { pool, search_index, pages }
    }

    async fn topics_of_sheet(&self, slug: &str, locale: Locale) -> Result<Vec<TopicReference>, GuideStoreError> {
        let rows = sqlx::query(
            "SELECT t.slug, t.name_it, t.name_en FROM guide_topics t \
             JOIN guide_service_sheet_topics st ON st.topic_slug = t.slug \
             WHERE st.sheet_slug = $1 ORDER BY t.position",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await
        .map_err(database_error)?;
        rows.into_iter()
            .map(|row| Ok(TopicReference { slug: row.try_get("slug")?, name: pick(locale, row.try_get("name_it")?, row.try_get("name_en")?) }))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(database_error)
    }

    fn sheet_summary(row: &sqlx::any::AnyRow, locale: Locale) -> Result<ServiceSheetSummary, sqlx::Error> {
        Ok(ServiceSheetSummary {
            slug: row.try_get("slug")?,
            title: pick(locale, row.try_get("title_it")?, row.try_get("title_en")?),
            summary: pick(locale, row.try_get("summary_it")?, row.try_get("summary_en")?),
        })
    }

    fn topic_summary(row: &sqlx::any::AnyRow, locale: Locale) -> Result<TopicSummary, sqlx::Error> {
        Ok(TopicSummary {
            slug: row.try_get("slug")?,
            name: pick(locale, row.try_get("name_it")?, row.try_get("name_en")?),
            description: pick(locale, row.try_get("description_it")?, row.try_get("description_en")?),
            service_count: row.try_get("service_count")?,
        })
    }

    /// Every public sheet and topic slug, for the sitemap.
    pub async fn public_slugs(&self) -> anyhow::Result<(Vec<String>, Vec<String>, Vec<String>)> {
        let sheets = sqlx::query_scalar("SELECT slug FROM guide_service_sheets ORDER BY slug").fetch_all(&self.pool);
        let topics = sqlx::query_scalar("SELECT slug FROM guide_topics ORDER BY position").fetch_all(&self.pool);
        let pages = sqlx::query_scalar("SELECT slug FROM guide_editorial_pages ORDER BY slug").fetch_all(&self.pool);
        Ok((sheets.await.context("cannot list sheets")?, topics.await.context("cannot list topics")?, pages.await.context("cannot list pages")?))
    }

    /// The stored body of a sheet, for rendering its downloadable forms.
    pub async fn sheet_body(&self, slug: &str) -> anyhow::Result<Option<(String, StoredSheetBody)>> {
        let row = sqlx::query("SELECT title_it, body_json FROM guide_service_sheets WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await
            .context("cannot read a sheet")?;
        row.map(|row| -> anyhow::Result<_> {
            let body = serde_json::from_str(&row.try_get::<String, _>("body_json")?).context("corrupt sheet body")?;
            Ok((row.try_get("title_it")?, body))
        })
        .transpose()
    }
}

const TOPIC_COLUMNS: &str = "t.slug, t.name_it, t.name_en, t.description_it, t.description_en, \
     (SELECT COUNT(*) FROM guide_service_sheet_topics st WHERE st.topic_slug = t.slug) AS service_count";

#[async_trait::async_trait]
impl GuideStore for SqlGuideStore {
    async fn list_topics(&self, locale: Locale) -> Result<Vec<TopicSummary>, GuideStoreError> {
        let rows =
            sqlx::query(&format!("SELECT {TOPIC_COLUMNS} FROM guide_topics t ORDER BY t.position")).fetch_all(&self.pool).await.map_err(database_error)?;
        rows.iter().map(|row| Self::topic_summary(row, locale)).collect::<Result<_, _>>().map_err(database_error)
    }

    async fn topic_with_service_sheets(&self, slug: &str, locale: Locale) -> Result<Option<TopicWithServiceSheets>, GuideStoreError> {
        let Some(row) = sqlx::query(&format!("SELECT {TOPIC_COLUMNS} FROM guide_topics t WHERE t.slug = $1"))
            .bind(slug)
            .fetch_optional(&self.pool)
            .await
            .map_err(database_error)?
        else {
            return Ok(None);
        };
        let topic = Self::topic_summary(&row, locale).map_err(database_error)?;
        let sheet_rows = sqlx::query(
            "SELECT s.slug, s.title_it, s.title_en, s.summary_it, s.summary_en FROM guide_service_sheets s \
             JOIN guide_service_sheet_topics st ON st.sheet_slug = s.slug WHERE st.topic_slug = $1 ORDER BY s.title_it",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await
        .map_err(database_error)?;
        let service_sheets = sheet_rows.iter().map(|row| Self::sheet_summary(row, locale)).collect::<Result<_, _>>().map_err(database_error)?;
        Ok(Some(TopicWithServiceSheets { topic, service_sheets }))
    }

    async fn list_service_sheets(&self, locale: Locale) -> Result<Vec<ServiceSheetSummary>, GuideStoreError> {
        let order = match locale {
            Locale::Italian => "title_it",
            Locale::English => "title_en",
        };
        let rows = sqlx::query(&format!("SELECT slug, title_it, title_en, summary_it, summary_en FROM guide_service_sheets ORDER BY {order}"))
            .fetch_all(&self.pool)
            .await
            .map_err(database_error)?;
        rows.iter().map(|row| Self::sheet_summary(row, locale)).collect::<Result<_, _>>().map_err(database_error)
    }

    async fn service_sheet(&self, slug: &str, locale: Locale) -> Result<Option<ServiceSheet>, GuideStoreError> {
        let Some(row) = sqlx::query(
            "SELECT slug, title_it, title_en, summary_it, summary_en, body_json, updated_on, active \
             FROM guide_service_sheets WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(&self.pool)
        .await
        .map_err(database_error)?
        else {
            return Ok(None);
        };
        let summary = Self::sheet_summary(&row, locale).map_err(database_error)?;
        let body_json: String = row.try_get("body_json").map_err(database_error)?;
        let body: StoredSheetBody = serde_json::from_str(&body_json).map_err(|error| GuideStoreError::Content(format!("{slug}: {error}")))?;
        let topics = self.topics_of_sheet(slug, locale).await?;
        let forms = body.forms.iter().map(|form| DownloadableForm { title: form.title.clone(), url: format!("/moduli/{slug}/{}.pdf", form.slug) }).collect();
        Ok(Some(ServiceSheet {
            slug: summary.slug,
            title: summary.title,
            summary: summary.summary,
            body_language_tag: "it".to_string(),
            active: row.try_get::<i64, _>("active").map_err(database_error)? != 0,
            service_type: body.service_type,
            addressed_to: body.addressed_to,
            description: body.description,
            how_to: body.how_to,
            needed: body.needed,
            achieved: body.achieved,
            times_and_deadlines: body.times_and_deadlines,
            cost: body.cost,
            access: body.access,
            conditions: body.conditions,
            office: body.office,
            forms,
            topics,
            updated_on: row.try_get("updated_on").map_err(database_error)?,
        }))
    }

    async fn editorial_page(&self, slug: &str, locale: Locale) -> Result<Option<EditorialPage>, GuideStoreError> {
        let Some(body_json) = sqlx::query_scalar::<_, String>("SELECT body_json FROM guide_editorial_pages WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await
            .map_err(database_error)?
        else {
            return Ok(None);
        };
        let page: PageContent = serde_json::from_str(&body_json).map_err(|error| GuideStoreError::Content(format!("{slug}: {error}")))?;
        let english = locale == Locale::English;
        Ok(Some(EditorialPage {
            slug: page.slug,
            title: pick(locale, page.title.it, page.title.en),
            summary: pick(locale, page.summary.it, page.summary.en),
            language_tag: locale.language_tag().to_string(),
            sections: page
                .section
                .into_iter()
                .map(|section| EditorialSection {
                    heading: pick(locale, section.heading.it, section.heading.en),
                    paragraphs: if english && !section.paragraphs.en.is_empty() { section.paragraphs.en } else { section.paragraphs.it },
                    model_hook: section.model_hook,
                })
                .collect(),
            updated_on: page.updated_on,
        }))
    }

    async fn search_service_sheets(&self, query: &SearchQuery, locale: Locale, limit: usize) -> Result<Vec<SearchHit>, GuideStoreError> {
        self.search_index.search(query, locale, limit).map_err(|error| GuideStoreError::Search(format!("{error:#}")))
    }

    async fn record_page_feedback(&self, feedback: &PageFeedback) -> Result<(), GuideStoreError> {
        let created_at = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|error| GuideStoreError::Database(error.to_string()))?;
        sqlx::query(
            "INSERT INTO guide_page_feedback (id, sheet_slug, rating, reason, comment, created_at) \
             SELECT $1, slug, $2, $3, $4, $5 FROM guide_service_sheets WHERE slug = $6",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(i64::from(feedback.rating().value()))
        .bind(feedback.reason().map(|reason| reason.code().to_string()))
        .bind(feedback.comment().map(str::to_string))
        .bind(created_at)
        .bind(feedback.sheet_slug())
        .execute(&self.pool)
        .await
        .map_err(database_error)?;
        self.pages.announce(crate::http::page_cache::PageChange::Ratings).await;
        Ok(())
    }

    async fn page_feedback_summaries(&self, locale: Locale) -> Result<Vec<PageFeedbackSummary>, GuideStoreError> {
        let rows = sqlx::query(
            "SELECT s.slug, s.title_it, s.title_en, COUNT(*) AS responses, \
             CAST(SUM(f.rating) AS BIGINT) AS rating_sum, \
             CAST(SUM(CASE WHEN f.rating >= 4 THEN 1 ELSE 0 END) AS BIGINT) AS positive \
             FROM guide_page_feedback f JOIN guide_service_sheets s ON s.slug = f.sheet_slug \
             GROUP BY s.slug, s.title_it, s.title_en ORDER BY responses DESC, s.slug",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(database_error)?;
        rows.into_iter()
            .map(|row| {
                let responses: i64 = row.try_get("responses")?;
                let positive: i64 = row.try_get("positive")?;
                let slug: String = row.try_get("slug")?;
                Ok(PageFeedbackSummary {
                    page_path: service_sheet_path(&slug),
                    page_title: pick(locale, row.try_get("title_it")?, row.try_get("title_en")?),
                    responses,
                    rating_sum: row.try_get("rating_sum")?,
                    positive,
                    negative: responses - positive,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(database_error)
    }
}
