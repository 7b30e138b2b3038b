//! The citizen's historical archive (charter 2.2): their own concluded
//! practices, filtered by year, theme and outcome, a page at a time.

use super::store::{procedure_at_version, SqlPracticesPort};
use app::auth::model::CurrentUser;
use app::i18n::Locale;
use app::practices::calendar::rome_rfc3339_of_unix_seconds;
use app::practices::model::{ArchiveFilter, PracticeArchive, PracticeStatus, PracticeSummary};
use app::practices::protocol_number::ProtocolNumber;
use app::practices::ssr::PracticesPortError;
use sqlx::Row;

pub const ARCHIVE_PAGE_SIZE: u32 = 10;
const CONCLUDED: &str = "('accepted', 'rejected', 'withdrawn')";

fn failure(error: impl std::fmt::Display) -> PracticesPortError {
    PracticesPortError::Storage(error.to_string())
}

pub async fn practice_archive(port: &SqlPracticesPort, owner: &CurrentUser, filter: &ArchiveFilter) -> Result<PracticeArchive, PracticesPortError> {
    let mut archive = PracticeArchive { page: filter.page.max(1), page_size: ARCHIVE_PAGE_SIZE, ..PracticeArchive::default() };
    archive.years = sqlx::query_scalar(&format!(
        "SELECT DISTINCT protocol_year FROM practices WHERE account_id = $1 AND status IN {CONCLUDED} ORDER BY protocol_year DESC"
    ))
    .bind(&owner.account_id)
    .fetch_all(&port.pool)
    .await
    .map_err(failure)?;
    archive.themes = sqlx::query_as(&format!(
        "SELECT DISTINCT t.slug, t.name_it, t.position FROM practices p JOIN procedures pr ON pr.slug = p.procedure_slug \
         JOIN guide_topics t ON t.slug = pr.theme WHERE p.account_id = $1 AND p.status IN {CONCLUDED} ORDER BY t.position"
    ))
    .bind(&owner.account_id)
    .fetch_all(&port.pool)
    .await
    .map_err(failure)?
    .into_iter()
    .map(|(slug, name, _): (String, String, i64)| (slug, name))
    .collect();

    let mut conditions = vec!["p.account_id = $1".to_string()];
    let mut values = vec![owner.account_id.clone()];
    let bind = |condition: &str, value: String, conditions: &mut Vec<String>, values: &mut Vec<String>| {
        values.push(value);
        conditions.push(condition.replace('?', &format!("${}", values.len())));
    };
    match PracticeStatus::from_code(&filter.outcome).filter(|status| status.is_concluded()) {
        Some(outcome) => bind("p.status = ?", outcome.code().to_string(), &mut conditions, &mut values),
        None => conditions.push(format!("p.status IN {CONCLUDED}")),
    }
    if !filter.theme.is_empty() {
        bind("pr.theme = ?", filter.theme.clone(), &mut conditions, &mut values);
    }
    let year_filter = filter.year.parse::<i64>().ok();
    let where_clause = conditions.join(" AND ");
    let from = "FROM practices p JOIN procedures pr ON pr.slug = p.procedure_slug";
    // The year is a number: bound as such, after the text values.
    let year_condition = year_filter.map(|_| format!(" AND p.protocol_year = ${}", values.len() + 1)).unwrap_or_default();
    let count_sql = format!("SELECT COUNT(*) {from} WHERE {where_clause}{year_condition}");
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for value in &values {
        count = count.bind(value.clone());
    }
    if let Some(year) = year_filter {
        count = count.bind(year);
    }
    archive.total = u64::try_from(count.fetch_one(&port.pool).await.map_err(failure)?).unwrap_or(0);
    let offset = i64::from(archive.page - 1) * i64::from(ARCHIVE_PAGE_SIZE);
    let listing = format!(
        "SELECT p.id, p.procedure_slug, p.procedure_version, p.protocol_year, p.protocol_sequence, p.status, p.submitted_at {from} \
         WHERE {where_clause}{year_condition} ORDER BY p.submitted_at DESC, p.protocol_sequence DESC LIMIT {ARCHIVE_PAGE_SIZE} OFFSET {offset}"
    );
    let mut query = sqlx::query(&listing);
    for value in &values {
        query = query.bind(value.clone());
    }
    if let Some(year) = year_filter {
        query = query.bind(year);
    }
    for row in query.fetch_all(&port.pool).await.map_err(failure)? {
        let slug: String = row.try_get("procedure_slug").map_err(failure)?;
        let version: i64 = row.try_get("procedure_version").map_err(failure)?;
        let title = procedure_at_version(&port.pool, &port.offices, &slug, version, Locale::Italian)
            .await?
            .map(|procedure| procedure.definition.title)
            .unwrap_or(slug);
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
