//! What the office reads: the inbox of its practices (filtered, paged,
//! overdue first) and one practice with everything the citizen filed. A
//! clerk reaches only the practices of the offices they work for; anyone
//! else's is "not found". Opening a practice is written to the audit log.

use super::store::{load_practice, storage as failure, Audience, SqlPracticesPort, CURRENT_VERSIONS};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::tokens::now_unix_seconds;
use crate::database::sql_filter::SqlFilter;
use app::auth::model::CurrentUser;
use app::practices::answers::Answers;
use app::practices::calendar::{rome_date_of_unix_seconds, rome_rfc3339_of_unix_seconds};
use app::practices::model::{ClerkInbox, ClerkInboxFilter, ClerkInboxItem, ClerkPracticeView, IdentityPrefill, PracticeStatus, ALL_PRACTICES, OPEN_PRACTICES};
use app::practices::procedure::ProcedureDefinition;
use app::practices::protocol_number::ProtocolNumber;
use app::practices::ssr::PracticesPortError;
use app::practices::validation::parse_date;
use app::practices::workflow::PracticeSituation;
use sqlx::Row;

/// Practices per inbox page.
pub const INBOX_PAGE_SIZE: u32 = 25;

async fn offices_of(port: &SqlPracticesPort, clerk: &CurrentUser) -> Result<Vec<String>, PracticesPortError> {
    crate::auth::accounts::clerk_offices(&port.pool, &clerk.account_id).await.map_err(|error| failure(format!("{error:#}")))
}

#[tracing::instrument(skip_all)]
pub async fn clerk_inbox(port: &SqlPracticesPort, clerk: &CurrentUser, filter: &ClerkInboxFilter) -> Result<ClerkInbox, PracticesPortError> {
    let offices = offices_of(port, clerk).await?;
    let mut inbox = ClerkInbox { page: filter.page.max(1), page_size: INBOX_PAGE_SIZE, ..ClerkInbox::default() };
    inbox.offices =
        offices.iter().map(|code| (code.clone(), port.offices.get(code).map(|office| office.name.clone()).unwrap_or_else(|| code.clone()))).collect();
    if offices.is_empty() {
        return Ok(inbox);
    }
    let mut titles = std::collections::BTreeMap::new();
    for row in sqlx::query(CURRENT_VERSIONS).fetch_all(&port.pool).await.map_err(failure)? {
        let slug: String = row.try_get("slug").map_err(failure)?;
        let definition: ProcedureDefinition = serde_json::from_str(&row.try_get::<String, _>("definition_json").map_err(failure)?).map_err(failure)?;
        if offices.contains(&definition.office) {
            inbox.procedures.push((slug.clone(), definition.title.clone()));
        }
        titles.insert(slug, definition.title);
    }
    inbox.procedures.sort_by(|a, b| a.1.cmp(&b.1));

    let mut filter_sql = SqlFilter::default();
    filter_sql.text_list("p.office IN (?)", &offices);
    match filter.status.as_str() {
        "" | OPEN_PRACTICES => filter_sql.fixed("p.status NOT IN ('accepted', 'rejected', 'withdrawn')"),
        ALL_PRACTICES => {}
        code => filter_sql.text("p.status = ?", PracticeStatus::from_code(code).map(PracticeStatus::code).unwrap_or("none")),
    }
    if !filter.procedure.is_empty() {
        filter_sql.text("p.procedure_slug = ?", filter.procedure.clone());
    }
    if let Some(from) = parse_date(&filter.filed_from) {
        filter_sql.text("p.submitted_on >= ?", from.to_string());
    }
    if let Some(until) = parse_date(&filter.filed_until) {
        filter_sql.text("p.submitted_on <= ?", until.to_string());
    }
    let today_date = rome_date_of_unix_seconds(now_unix_seconds());
    let today = today_date.to_string();
    if filter.overdue_only {
        // Past its day, or waiting for an integration whose deadline has passed:
        // either way the office has to act.
        filter_sql.text("(p.due_on < ? OR (p.status = 'integration_requested' AND p.integration_deadline < ?))", today.clone());
    }
    let where_clause = filter_sql.where_clause();
    let count_sql = format!("SELECT COUNT(*) FROM practices p WHERE {where_clause}");
    let count = filter_sql.bind_scalar(sqlx::query_scalar::<_, i64>(&count_sql));
    inbox.total = u64::try_from(count.fetch_one(&port.pool).await.map_err(failure)?).unwrap_or(0);
    let offset = i64::from(inbox.page - 1) * i64::from(INBOX_PAGE_SIZE);
    let listing = format!(
        "SELECT p.id, p.procedure_slug, p.protocol_year, p.protocol_sequence, p.status, p.submitted_at, p.due_on, p.integration_deadline, \
         a.given_name, a.family_name, c.given_name AS clerk_given_name, c.family_name AS clerk_family_name \
         FROM practices p JOIN accounts a ON a.id = p.account_id LEFT JOIN accounts c ON c.id = p.assigned_clerk_id \
         WHERE {where_clause} ORDER BY CASE WHEN p.due_on IS NULL THEN 1 ELSE 0 END, p.due_on, p.submitted_at, p.protocol_sequence \
         LIMIT {INBOX_PAGE_SIZE} OFFSET {offset}"
    );
    let query = filter_sql.bind(sqlx::query(&listing));
    for row in query.fetch_all(&port.pool).await.map_err(failure)? {
        let slug: String = row.try_get("procedure_slug").map_err(failure)?;
        let status_code: String = row.try_get("status").map_err(failure)?;
        let due_on: Option<String> = row.try_get("due_on").map_err(failure)?;
        let integration_deadline: Option<String> = row.try_get("integration_deadline").map_err(failure)?;
        let clerk_given: Option<String> = row.try_get("clerk_given_name").map_err(failure)?;
        let clerk_family: Option<String> = row.try_get("clerk_family_name").map_err(failure)?;
        let status = PracticeStatus::from_code(&status_code).ok_or_else(|| PracticesPortError::Corrupt(format!("unknown status {status_code}")))?;
        inbox.items.push(ClerkInboxItem {
            id: row.try_get("id").map_err(failure)?,
            protocol_number: ProtocolNumber::from_stored(row.try_get("protocol_year").map_err(failure)?, row.try_get("protocol_sequence").map_err(failure)?)
                .map_err(failure)?
                .to_string(),
            procedure_title: titles.get(&slug).cloned().unwrap_or(slug),
            applicant: format!("{} {}", row.try_get::<String, _>("given_name").map_err(failure)?, row.try_get::<String, _>("family_name").map_err(failure)?),
            integration_expired: PracticeSituation::on(status, integration_deadline.as_deref().and_then(parse_date), today_date).integration_expired,
            status,
            submitted_at: rome_rfc3339_of_unix_seconds(row.try_get("submitted_at").map_err(failure)?),
            overdue: due_on.as_deref().is_some_and(|due| due < today.as_str()),
            due_on,
            assigned_to: clerk_given.zip(clerk_family).map(|(given, family)| format!("{given} {family}")),
        });
    }
    Ok(inbox)
}

/// The applicant's identity as the practice page shows it to the clerk.
#[derive(sqlx::FromRow)]
struct ApplicantRow {
    given_name: String,
    family_name: String,
    fiscal_code: String,
    email: Option<String>,
    phone: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ClerkNameRow {
    given_name: String,
    family_name: String,
}

#[tracing::instrument(skip_all)]
pub async fn practice_for_clerk(port: &SqlPracticesPort, clerk: &CurrentUser, practice_id: &str) -> Result<Option<ClerkPracticeView>, PracticesPortError> {
    let offices = offices_of(port, clerk).await?;
    let Some(loaded) = load_practice(&port.pool, &port.offices, practice_id, &Audience::Offices(offices)).await? else {
        return Ok(None);
    };
    append_audit_event(
        &port.pool,
        &AuditEvent::new(&clerk.account_id, "practice_opened", &loaded.account_id)
            .with_details(serde_json::json!({ "practice": practice_id, "protocol": loaded.view.protocol_number })),
    )
    .await
    .map_err(|error| failure(format!("{error:#}")))?;
    let ApplicantRow { given_name, family_name, fiscal_code, email, phone } =
        sqlx::query_as::<_, ApplicantRow>("SELECT given_name, family_name, fiscal_code, email, phone FROM accounts WHERE id = $1")
            .bind(loaded.account_id.as_str())
            .fetch_one(&port.pool)
            .await
            .map_err(failure)?;
    let assigned_to = match &loaded.assigned_clerk_id {
        Some(id) => sqlx::query_as::<_, ClerkNameRow>("SELECT given_name, family_name FROM accounts WHERE id = $1")
            .bind(id)
            .fetch_optional(&port.pool)
            .await
            .map_err(failure)?
            .map(|clerk| format!("{} {}", clerk.given_name, clerk.family_name)),
        None => None,
    };
    let answers: Answers = serde_json::from_str(&loaded.answers_json).map_err(|error| PracticesPortError::Corrupt(error.to_string()))?;
    let attachments = super::attachments::attachments_of_draft(&port.pool, &loaded.draft_id).await.map_err(|error| failure(format!("{error:#}")))?;
    Ok(Some(ClerkPracticeView {
        practice: loaded.view,
        procedure: loaded.procedure,
        answers,
        applicant: IdentityPrefill { family_name, given_name, fiscal_code, email, phone },
        attachments,
        assigned_to,
        due_on: loaded.due_on,
    }))
}
