//! The citizen's historical archive (charter 2.2): their own concluded
//! practices, filtered by year, theme and outcome, a page at a time.

use super::store::{procedure_at_version, storage as failure, SqlPracticesPort};
use crate::database::sql_filter::SqlFilter;
use app::auth::model::CurrentUser;
use app::i18n::Locale;
use app::practices::calendar::rome_rfc3339_of_unix_seconds;
use app::practices::model::{ArchiveFilter, PracticeArchive, PracticeStatus, PracticeSummary};
use app::practices::protocol_number::ProtocolNumber;
use app::practices::ssr::PracticesPortError;
use sqlx::Row;

pub const ARCHIVE_PAGE_SIZE: u32 = 10;
const CONCLUDED: &str = "('accepted', 'rejected', 'withdrawn')";

#[tracing::instrument(skip_all)]
pub async fn practice_archive(port: &SqlPracticesPort, owner: &CurrentUser, filter: &ArchiveFilter) -> Result<PracticeArchive, PracticesPortError> {
    let mut archive = PracticeArchive { page: filter.page.max(1), page_size: ARCHIVE_PAGE_SIZE, ..PracticeArchive::default() };
    archive.years = sqlx::query_scalar(&format!(
        "SELECT DISTINCT protocol_year FROM practices WHERE account_id = $1 AND status IN {CONCLUDED} ORDER BY protocol_year DESC"
    ))
    .bind(owner.account_id.as_str())
    .fetch_all(&port.pool)
    .await
    .map_err(failure)?;
    archive.themes = sqlx::query_as(&format!(
        "SELECT DISTINCT t.slug, t.name_it, t.position FROM practices p JOIN procedures pr ON pr.slug = p.procedure_slug \
         JOIN guide_topics t ON t.slug = pr.theme WHERE p.account_id = $1 AND p.status IN {CONCLUDED} ORDER BY t.position"
    ))
    .bind(owner.account_id.as_str())
    .fetch_all(&port.pool)
    .await
    .map_err(failure)?
    .into_iter()
    .map(|(slug, name, _): (String, String, i64)| (slug, name))
    .collect();

    let mut filter_sql = SqlFilter::default();
    filter_sql.text("p.account_id = ?", owner.account_id.clone());
    match PracticeStatus::from_code(&filter.outcome).filter(|status| status.is_concluded()) {
        Some(outcome) => filter_sql.text("p.status = ?", outcome.code()),
        None => filter_sql.fixed(&format!("p.status IN {CONCLUDED}")),
    }
    if !filter.theme.is_empty() {
        filter_sql.text("pr.theme = ?", filter.theme.clone());
    }
    if let Ok(year) = filter.year.parse::<i64>() {
        filter_sql.integer("p.protocol_year = ?", year);
    }
    let where_clause = filter_sql.where_clause();
    let from = "FROM practices p JOIN procedures pr ON pr.slug = p.procedure_slug";
    let count_sql = format!("SELECT COUNT(*) {from} WHERE {where_clause}");
    let count = filter_sql.bind_scalar(sqlx::query_scalar::<_, i64>(&count_sql));
    archive.total = u64::try_from(count.fetch_one(&port.pool).await.map_err(failure)?).unwrap_or(0);
    let offset = i64::from(archive.page - 1) * i64::from(ARCHIVE_PAGE_SIZE);
    let listing = format!(
        "SELECT p.id, p.procedure_slug, p.procedure_version, p.protocol_year, p.protocol_sequence, p.status, p.submitted_at {from} \
         WHERE {where_clause} ORDER BY p.submitted_at DESC, p.protocol_sequence DESC LIMIT {ARCHIVE_PAGE_SIZE} OFFSET {offset}"
    );
    let query = filter_sql.bind(sqlx::query(&listing));
    for row in query.fetch_all(&port.pool).await.map_err(failure)? {
        let slug: String = row.try_get("procedure_slug").map_err(failure)?;
        let version: i64 = row.try_get("procedure_version").map_err(failure)?;
        let title =
            procedure_at_version(&port.pool, &port.offices, &slug, version, Locale::Italian).await?.map(|procedure| procedure.definition.title).unwrap_or(slug);
        let status_code: String = row.try_get("status").map_err(failure)?;
        archive.items.push(PracticeSummary {
            id: row.try_get("id").map_err(failure)?,
            procedure_title: title,
            protocol_number: ProtocolNumber::from_stored(row.try_get("protocol_year").map_err(failure)?, row.try_get("protocol_sequence").map_err(failure)?)
                .map_err(failure)?
                .to_string(),
            status: PracticeStatus::from_code(&status_code).ok_or_else(|| PracticesPortError::Corrupt(format!("unknown status {status_code}")))?,
            submitted_at: rome_rfc3339_of_unix_seconds(row.try_get("submitted_at").map_err(failure)?),
        });
    }
    Ok(archive)
}
