//! The reports' records: categories (data, each with its office), filing
//! with the year's next public number, the public and personal lists, an
//! office's inbox and every move of a report, each in one transaction that
//! appends its event to the public history.

use crate::database::sql_filter::SqlFilter;
use crate::database::{next_counter_value, Counter};
use anyhow::Context;
use app::i18n::Locale;
use app::practices::calendar::rome_date_of_unix_seconds;
use app::reports::model::{
    answer_due_on, next_status, street_in_words, CategoryView, Channel, Coordinates, MoveRefusal, PublicReport, ReportAction, ReportActor, ReportDescription,
    ReportEventView, ReportFilter, ReportNumber, ReportPlace, ReportStatus, ReportTitle, NEARBY_METRES,
};
use app::reports::open311::RequestsQuery;
use app::reports::questions::{CategoryQuestion, QuestionChoice, QuestionKind};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

const REPORT_NUMBERS: Counter = Counter { table: "report_counters", key_column: "year", value_column: "last_sequence", name: "the reports' numbers" };

/// A category as stored.
#[derive(Clone, Debug)]
pub struct CategoryRecord {
    pub code: String,
    pub name_it: String,
    pub name_en: String,
    pub description_it: String,
    pub description_en: String,
    pub office_code: String,
    pub position: i64,
    pub active: bool,
}

impl CategoryRecord {
    pub fn view(&self, locale: Locale) -> CategoryView {
        let (name, description) = match locale {
            Locale::Italian => (&self.name_it, &self.description_it),
            Locale::English => (&self.name_en, &self.description_en),
        };
        CategoryView { code: self.code.clone(), name: name.clone(), description: description.clone(), office: self.office_code.clone(), active: self.active }
    }
}

/// Every category, in the order the form shows them.
#[tracing::instrument(skip_all)]
pub async fn categories(pool: &AnyPool) -> anyhow::Result<Vec<CategoryRecord>> {
    let rows = sqlx::query(
        "SELECT code, name_it, name_en, description_it, description_en, office_code, position, active FROM report_categories ORDER BY position, code",
    )
    .fetch_all(pool)
    .await
    .context("cannot read the report categories")?;
    rows.iter()
        .map(|row| {
            Ok(CategoryRecord {
                code: row.try_get("code")?,
                name_it: row.try_get("name_it")?,
                name_en: row.try_get("name_en")?,
                description_it: row.try_get("description_it")?,
                description_en: row.try_get("description_en")?,
                office_code: row.try_get("office_code")?,
                position: row.try_get("position")?,
                active: row.try_get::<i64, _>("active")? != 0,
            })
        })
        .collect()
}

/// A category's changes by an administrator (a new code adds one).
#[tracing::instrument(skip_all)]
pub async fn save_category(pool: &AnyPool, category: &CategoryRecord) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO report_categories (code, name_it, name_en, description_it, description_en, office_code, position, active) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO UPDATE SET name_it = $2, name_en = $3, description_it = $4, \
         description_en = $5, office_code = $6, position = $7, active = $8",
    )
    .bind(&category.code)
    .bind(&category.name_it)
    .bind(&category.name_en)
    .bind(&category.description_it)
    .bind(&category.description_en)
    .bind(&category.office_code)
    .bind(category.position)
    .bind(i64::from(category.active))
    .execute(pool)
    .await
    .context("cannot save a report category")?;
    Ok(())
}

/// A report to file.
pub struct NewReport<'a> {
    pub category: &'a CategoryRecord,
    pub account_id: Option<&'a str>,
    pub reporter_name: Option<&'a str>,
    pub reporter_contact: Option<&'a str>,
    pub channel: Channel,
    /// The clerk who registered it on someone's behalf.
    pub registered_by: Option<&'a str>,
    pub title: &'a ReportTitle,
    pub description: &'a ReportDescription,
    pub place: &'a ReportPlace,
    /// The hamlet the place is in (`StreetList::area_of`).
    pub area: Option<&'a str>,
    /// Photos uploaded with the form (by the author, or by the clerk who
    /// registers it), in order.
    pub photos: &'a [app::ids::ReportPhotoId],
    /// Answers to the category's extra questions, already checked.
    pub answers: &'a [(String, String)],
    /// Filed through Open311: by which client, with which token.
    pub open311: Option<Open311Origin<'a>>,
    pub now: i64,
}

/// What a report filed through Open311 keeps of its origin.
pub struct Open311Origin<'a> {
    pub client_id: &'a str,
    pub token: &'a str,
    /// A link to an image the client sent: shown to the office, never public.
    pub media_url: Option<&'a str>,
}

/// Files a report: the year's next number, the record and its first event,
/// in one transaction.
#[tracing::instrument(skip_all)]
pub async fn file_report(pool: &AnyPool, report: &NewReport<'_>) -> anyhow::Result<ReportNumber> {
    let today = rome_date_of_unix_seconds(report.now);
    let year = i64::from(today.year());
    let mut transaction = pool.begin().await.context("cannot begin filing a report")?;
    let sequence = next_counter_value(&mut transaction, &REPORT_NUMBERS, year).await?;
    let number = ReportNumber::new(year, sequence).context("the year's reports ran out of numbers")?;
    let place = report.place;
    sqlx::query(
        "INSERT INTO reports (number, year, sequence, category_code, account_id, reporter_name, reporter_contact, channel, registered_by, title, \
         description, latitude_e6, longitude_e6, street, house_number, landmark, status, created_at, updated_at, due_on, open311_client_id, \
         open311_token, media_url, area) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19, $20, $21, $22, $23)",
    )
    .bind(number.to_string())
    .bind(year)
    .bind(sequence)
    .bind(&report.category.code)
    .bind(report.account_id)
    .bind(report.reporter_name)
    .bind(report.reporter_contact)
    .bind(report.channel.code())
    .bind(report.registered_by)
    .bind(report.title.as_str())
    .bind(report.description.as_str())
    .bind(place.point.map(Coordinates::latitude_e6))
    .bind(place.point.map(Coordinates::longitude_e6))
    .bind(place.street.as_deref())
    .bind(place.house_number.as_ref().map(|number| number.as_str()))
    .bind(place.landmark.as_deref())
    .bind(ReportStatus::Received.code())
    .bind(report.now)
    .bind(answer_due_on(today).to_string())
    .bind(report.open311.as_ref().map(|origin| origin.client_id))
    .bind(report.open311.as_ref().map(|origin| origin.token))
    .bind(report.open311.as_ref().and_then(|origin| origin.media_url))
    .bind(report.area)
    .execute(&mut *transaction)
    .await
    .context("cannot record a report")?;
    for (question, value) in report.answers {
        sqlx::query("INSERT INTO report_answers (report_number, question_code, value) VALUES ($1, $2, $3)")
            .bind(number.to_string())
            .bind(question)
            .bind(value)
            .execute(&mut *transaction)
            .await
            .context("cannot record a report's answers")?;
    }
    let actor = if report.registered_by.is_some() { "ufficio" } else { "autore" };
    insert_event(&mut transaction, &number, 1, report.now, ReportStatus::Received, actor, report.registered_by.or(report.account_id), None).await?;
    if let Some(uploader) = report.registered_by.or(report.account_id).filter(|_| !report.photos.is_empty()) {
        super::photos::attach_photos(&mut transaction, &number, uploader, report.photos).await?;
    }
    transaction.commit().await.context("cannot commit a report")?;
    Ok(number)
}

#[allow(clippy::too_many_arguments)]
async fn insert_event(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    number: &ReportNumber,
    sequence: i64,
    at: i64,
    status: ReportStatus,
    actor: &str,
    actor_account_id: Option<&str>,
    note: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO report_events (report_number, sequence, at, status, actor, actor_account_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(number.to_string())
        .bind(sequence)
        .bind(at)
        .bind(status.code())
        .bind(actor)
        .bind(actor_account_id)
        .bind(note)
        .execute(&mut **transaction)
        .await
        .context("cannot record a report's event")?;
    Ok(())
}

/// A report as stored, with its category's names and office.
#[derive(Clone, Debug)]
pub struct ReportRecord {
    pub number: ReportNumber,
    pub category_code: String,
    pub category_name_it: String,
    pub category_name_en: String,
    pub office_code: String,
    pub account_id: Option<String>,
    pub reporter_name: Option<String>,
    pub reporter_contact: Option<String>,
    pub channel: Channel,
    pub title: String,
    pub description: String,
    pub point: Option<Coordinates>,
    pub street: Option<String>,
    pub house_number: Option<String>,
    pub landmark: Option<String>,
    pub status: ReportStatus,
    pub public_reply: Option<String>,
    pub duplicate_of: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub due_on: String,
    pub resolved_at: Option<i64>,
    pub area: Option<String>,
}

const REPORT_COLUMNS: &str = "r.number, r.year, r.sequence, r.category_code, c.name_it, c.name_en, c.office_code, r.account_id, r.reporter_name, \
     r.reporter_contact, r.channel, r.title, r.description, r.latitude_e6, r.longitude_e6, r.street, r.house_number, r.landmark, r.status, \
     r.public_reply, r.duplicate_of, r.created_at, r.updated_at, r.due_on, r.resolved_at, r.area";

const REPORT_FROM: &str = "FROM reports r JOIN report_categories c ON c.code = r.category_code";

fn record_of(row: &AnyRow) -> anyhow::Result<ReportRecord> {
    let number = ReportNumber::new(row.try_get("year")?, row.try_get("sequence")?).context("a stored report number is out of range")?;
    let status: String = row.try_get("status")?;
    let channel: String = row.try_get("channel")?;
    let latitude: Option<i64> = row.try_get("latitude_e6")?;
    let longitude: Option<i64> = row.try_get("longitude_e6")?;
    Ok(ReportRecord {
        number,
        category_code: row.try_get("category_code")?,
        category_name_it: row.try_get("name_it")?,
        category_name_en: row.try_get("name_en")?,
        office_code: row.try_get("office_code")?,
        account_id: row.try_get("account_id")?,
        reporter_name: row.try_get("reporter_name")?,
        reporter_contact: row.try_get("reporter_contact")?,
        channel: Channel::from_code(&channel).with_context(|| format!("unknown report channel {channel}"))?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        point: latitude.zip(longitude).and_then(|(latitude, longitude)| Coordinates::from_micro_degrees(latitude, longitude).ok()),
        street: row.try_get("street")?,
        house_number: row.try_get("house_number")?,
        landmark: row.try_get("landmark")?,
        status: ReportStatus::from_code(&status).with_context(|| format!("unknown report status {status}"))?,
        public_reply: row.try_get("public_reply")?,
        duplicate_of: row.try_get("duplicate_of")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        due_on: row.try_get("due_on")?,
        resolved_at: row.try_get("resolved_at")?,
        area: row.try_get("area")?,
    })
}

impl ReportRecord {
    /// What anyone may read: no name, no contact, no channel.
    pub fn public(&self, locale: Locale) -> PublicReport {
        PublicReport {
            number: self.number.to_string(),
            category: self.category_code.clone(),
            category_name: match locale {
                Locale::Italian => self.category_name_it.clone(),
                Locale::English => self.category_name_en.clone(),
            },
            title: self.title.clone(),
            description: self.description.clone(),
            status: self.status,
            place: street_in_words(self.street.as_deref(), self.house_number.as_deref(), self.landmark.as_deref()),
            area: self.area.clone(),
            latitude: self.point.map(Coordinates::latitude_text),
            longitude: self.point.map(Coordinates::longitude_text),
            created_at: self.created_at,
            updated_at: self.updated_at,
            due_on: self.due_on.clone(),
            public_reply: self.public_reply.clone(),
            duplicate_of: self.duplicate_of.clone(),
            photos: Vec::new(),
        }
    }

    /// Still open after its due day (in Rome).
    pub fn is_overdue(&self, today: time::Date) -> bool {
        self.status.is_open() && self.due_on.as_str() < today.to_string().as_str()
    }
}

#[tracing::instrument(skip_all)]
pub async fn find_report(pool: &AnyPool, number: &ReportNumber) -> anyhow::Result<Option<ReportRecord>> {
    let row = sqlx::query(&format!("SELECT {REPORT_COLUMNS} {REPORT_FROM} WHERE r.number = $1"))
        .bind(number.to_string())
        .fetch_optional(pool)
        .await
        .context("cannot read a report")?;
    row.as_ref().map(record_of).transpose()
}

/// A report's public history, oldest first.
#[tracing::instrument(skip_all)]
pub async fn history(pool: &AnyPool, number: &ReportNumber) -> anyhow::Result<Vec<ReportEventView>> {
    let rows = sqlx::query("SELECT at, status, actor, note FROM report_events WHERE report_number = $1 ORDER BY sequence")
        .bind(number.to_string())
        .fetch_all(pool)
        .await
        .context("cannot read a report's history")?;
    rows.iter()
        .map(|row| {
            let status: String = row.try_get("status")?;
            Ok(ReportEventView {
                at: row.try_get("at")?,
                status: ReportStatus::from_code(&status).with_context(|| format!("unknown report status {status}"))?,
                note: row.try_get("note")?,
                by_office: row.try_get::<String, _>("actor")? == "ufficio",
            })
        })
        .collect()
}

/// A page of the public list, newest first, and how many match.
#[tracing::instrument(skip_all)]
pub async fn public_reports(pool: &AnyPool, filter: &ReportFilter, page_size: u32) -> anyhow::Result<(Vec<ReportRecord>, u64)> {
    let mut where_clause = SqlFilter::default();
    if let Some(category) = &filter.category {
        where_clause.text("r.category_code = ?", category.as_str());
    }
    if let Some(status) = filter.status {
        where_clause.text("r.status = ?", status.code());
    }
    if let Some(street) = &filter.street {
        where_clause.text("r.street = ?", street.as_str());
    }
    if let Some(area) = &filter.area {
        where_clause.text("r.area = ?", area.as_str());
    }
    let count_sql = format!("SELECT COUNT(*) {REPORT_FROM} WHERE {}", where_clause.where_clause());
    let total: i64 = where_clause.bind(sqlx::query(&count_sql)).fetch_one(pool).await.context("cannot count reports")?.try_get(0)?;
    let offset = i64::from(filter.page.saturating_sub(1)) * i64::from(page_size);
    let list_sql = format!(
        "SELECT {REPORT_COLUMNS} {REPORT_FROM} WHERE {} ORDER BY r.created_at DESC, r.number DESC LIMIT {page_size} OFFSET {offset}",
        where_clause.where_clause()
    );
    let rows = where_clause.bind(sqlx::query(&list_sql)).fetch_all(pool).await.context("cannot list reports")?;
    Ok((rows.iter().map(record_of).collect::<anyhow::Result<_>>()?, u64::try_from(total).unwrap_or_default()))
}

/// The reports a person filed or follows, newest first.
#[tracing::instrument(skip_all)]
pub async fn reports_of_account(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<(ReportRecord, bool)>> {
    let rows = sqlx::query(&format!(
        "SELECT {REPORT_COLUMNS} {REPORT_FROM} WHERE r.account_id = $1 \
         OR r.number IN (SELECT report_number FROM report_followers WHERE account_id = $1) ORDER BY r.created_at DESC, r.number DESC"
    ))
    .bind(account_id)
    .fetch_all(pool)
    .await
    .context("cannot list a person's reports")?;
    rows.iter()
        .map(|row| {
            let record = record_of(row)?;
            let authored = record.account_id.as_deref() == Some(account_id);
            Ok((record, authored))
        })
        .collect()
}

#[tracing::instrument(skip_all)]
pub async fn is_follower(pool: &AnyPool, number: &ReportNumber, account_id: &str) -> anyhow::Result<bool> {
    let row = sqlx::query("SELECT 1 FROM report_followers WHERE report_number = $1 AND account_id = $2")
        .bind(number.to_string())
        .bind(account_id)
        .fetch_optional(pool)
        .await
        .context("cannot read a report's followers")?;
    Ok(row.is_some())
}

/// The person follows the report (once; again changes nothing).
#[tracing::instrument(skip_all)]
pub async fn follow(pool: &AnyPool, number: &ReportNumber, account_id: &str, now: i64) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO report_followers (report_number, account_id, since) VALUES ($1, $2, $3) ON CONFLICT (report_number, account_id) DO NOTHING")
        .bind(number.to_string())
        .bind(account_id)
        .bind(now)
        .execute(pool)
        .await
        .context("cannot follow a report")?;
    Ok(())
}

/// Open reports of the category near the point (150 m) or on the same
/// street: "is it one of these?".
#[tracing::instrument(skip_all)]
pub async fn nearby_open_reports(pool: &AnyPool, category: &str, place: &ReportPlace) -> anyhow::Result<Vec<ReportRecord>> {
    let open = [ReportStatus::Received, ReportStatus::TakenInCharge, ReportStatus::InProgress];
    // A box a little larger than the circle, then the exact distance.
    let box_e6 = NEARBY_METRES * 14;
    let (latitude, longitude) = place.point.map(|point| (point.latitude_e6(), point.longitude_e6())).unwrap_or((i64::MIN / 2, i64::MIN / 2));
    let rows = sqlx::query(&format!(
        "SELECT {REPORT_COLUMNS} {REPORT_FROM} WHERE r.category_code = $1 AND r.status IN ($2, $3, $4) AND \
         ((r.latitude_e6 BETWEEN $5 AND $6 AND r.longitude_e6 BETWEEN $7 AND $8) OR r.street = $9) ORDER BY r.created_at DESC LIMIT 50"
    ))
    .bind(category)
    .bind(open[0].code())
    .bind(open[1].code())
    .bind(open[2].code())
    .bind(latitude - box_e6)
    .bind(latitude + box_e6)
    .bind(longitude - box_e6 * 3 / 2)
    .bind(longitude + box_e6 * 3 / 2)
    // No street: NULL, which equals nothing.
    .bind(place.street.as_deref())
    .fetch_all(pool)
    .await
    .context("cannot look for nearby reports")?;
    let records = rows.iter().map(record_of).collect::<anyhow::Result<Vec<_>>>()?;
    Ok(records
        .into_iter()
        .filter(|record| {
            let same_street = place.street.is_some() && record.street == place.street;
            let near = matches!((place.point, record.point), (Some(a), Some(b)) if a.metres_to(b) <= NEARBY_METRES);
            same_street || near
        })
        .take(10)
        .collect())
}

/// An office's inbox: the reports of its categories, open first and the
/// most overdue at the top, then the closed ones, newest first.
#[tracing::instrument(skip_all)]
pub async fn office_inbox(pool: &AnyPool, offices: &[String], status: Option<ReportStatus>, limit: i64) -> anyhow::Result<Vec<ReportRecord>> {
    if offices.is_empty() {
        return Ok(Vec::new());
    }
    let mut where_clause = SqlFilter::default();
    where_clause.text_list("c.office_code IN (?)", offices);
    if let Some(status) = status {
        where_clause.text("r.status = ?", status.code());
    }
    let open = "r.status IN ('ricevuta', 'presa-in-carico', 'in-lavorazione')";
    let sql = format!(
        "SELECT {REPORT_COLUMNS} {REPORT_FROM} WHERE {} ORDER BY CASE WHEN {open} THEN 0 ELSE 1 END, \
         CASE WHEN {open} THEN r.due_on ELSE '' END, r.created_at DESC LIMIT {limit}",
        where_clause.where_clause()
    );
    let rows = where_clause.bind(sqlx::query(&sql)).fetch_all(pool).await.context("cannot read an office's reports")?;
    rows.iter().map(record_of).collect()
}

/// A move asked for.
pub struct ReportMove<'a> {
    pub number: ReportNumber,
    pub action: ReportAction,
    pub actor: ReportActor,
    pub actor_account_id: &'a str,
    /// The offices of the clerk (an office's move), or empty.
    pub offices: &'a [String],
    pub note: Option<&'a str>,
    /// The original, closing as a duplicate.
    pub original: Option<ReportNumber>,
    pub now: i64,
}

/// Why a move did not happen.
#[derive(Debug)]
pub enum MoveError {
    /// Not a report this person may move (or none at all).
    NotFound,
    Refused(MoveRefusal),
    /// The original named for a duplicate is unknown, the report itself, or a duplicate itself.
    BadOriginal,
    /// Someone moved it meanwhile.
    ChangedMeanwhile,
    Failure(anyhow::Error),
}

impl From<anyhow::Error> for MoveError {
    fn from(error: anyhow::Error) -> MoveError {
        MoveError::Failure(error)
    }
}

impl From<sqlx::Error> for MoveError {
    fn from(error: sqlx::Error) -> MoveError {
        MoveError::Failure(error.into())
    }
}

/// A move made: the report after it, for the notifications.
pub struct MovedReport {
    pub before: ReportStatus,
    pub report: ReportRecord,
}

/// The one way a report's status changes: the rules of
/// `app::reports::model::next_status`, the status written only if unchanged
/// since it was read, the event appended, in one transaction. Closing as a
/// duplicate makes the duplicate's author a follower of the original.
#[tracing::instrument(skip_all)]
pub async fn move_report(pool: &AnyPool, request: &ReportMove<'_>) -> Result<MovedReport, MoveError> {
    let report = find_report(pool, &request.number).await?.ok_or(MoveError::NotFound)?;
    let allowed = match request.actor {
        ReportActor::Office => request.offices.contains(&report.office_code),
        ReportActor::Author => report.account_id.as_deref() == Some(request.actor_account_id),
    };
    if !allowed {
        return Err(MoveError::NotFound);
    }
    let days_since_resolution = report.resolved_at.map(|resolved| (request.now - resolved) / 86_400);
    let after = next_status(report.status, request.action, request.actor, days_since_resolution).map_err(MoveError::Refused)?;
    let original = match (request.action, request.original) {
        (ReportAction::CloseAsDuplicate, Some(original)) if original != request.number => {
            let found = find_report(pool, &original).await?.ok_or(MoveError::BadOriginal)?;
            if found.status == ReportStatus::Duplicate {
                return Err(MoveError::BadOriginal);
            }
            Some(found.number)
        }
        (ReportAction::CloseAsDuplicate, _) => return Err(MoveError::BadOriginal),
        _ => None,
    };
    let today = rome_date_of_unix_seconds(request.now);
    let mut transaction = pool.begin().await?;
    let resolved_at = match after {
        ReportStatus::Resolved => Some(request.now),
        _ => None,
    };
    // A reopened report is due again 30 working days later; the office's reply stays in the history.
    let due_on = if request.action == ReportAction::Reopen { answer_due_on(today).to_string() } else { report.due_on.clone() };
    let public_reply = match request.action {
        ReportAction::Resolve | ReportAction::CloseNotOurCompetence => request.note.map(str::to_string),
        ReportAction::Reopen => None,
        _ => report.public_reply.clone(),
    };
    let changed = sqlx::query(
        "UPDATE reports SET status = $1, updated_at = $2, resolved_at = $3, due_on = $4, public_reply = $5, duplicate_of = $6 \
         WHERE number = $7 AND status = $8",
    )
    .bind(after.code())
    .bind(request.now)
    .bind(resolved_at)
    .bind(&due_on)
    .bind(public_reply.as_deref())
    .bind(original.map(|number| number.to_string()))
    .bind(request.number.to_string())
    .bind(report.status.code())
    .execute(&mut *transaction)
    .await?;
    if changed.rows_affected() != 1 {
        return Err(MoveError::ChangedMeanwhile);
    }
    let sequence: i64 = sqlx::query("SELECT COALESCE(MAX(sequence), 0) + 1 FROM report_events WHERE report_number = $1")
        .bind(request.number.to_string())
        .fetch_one(&mut *transaction)
        .await?
        .try_get(0)?;
    let actor = match request.actor {
        ReportActor::Office => "ufficio",
        ReportActor::Author => "autore",
    };
    insert_event(&mut transaction, &request.number, sequence, request.now, after, actor, Some(request.actor_account_id), request.note).await?;
    if let (Some(original), Some(author)) = (original, report.account_id.as_deref()) {
        sqlx::query("INSERT INTO report_followers (report_number, account_id, since) VALUES ($1, $2, $3) ON CONFLICT (report_number, account_id) DO NOTHING")
            .bind(original.to_string())
            .bind(author)
            .bind(request.now)
            .execute(&mut *transaction)
            .await?;
    }
    transaction.commit().await?;
    let before = report.status;
    let report = find_report(pool, &request.number).await?.ok_or(MoveError::NotFound)?;
    Ok(MovedReport { before, report })
}

/// Who hears of a report's changes: its author and its followers, at their
/// verified addresses.
#[tracing::instrument(skip_all)]
pub async fn recipients(pool: &AnyPool, report: &ReportRecord) -> anyhow::Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT id, email FROM accounts WHERE email IS NOT NULL AND email_verified_at IS NOT NULL AND \
         (id = $1 OR id IN (SELECT account_id FROM report_followers WHERE report_number = $2))",
    )
    .bind(report.account_id.as_deref().unwrap_or(""))
    .bind(report.number.to_string())
    .fetch_all(pool)
    .await
    .context("cannot read a report's recipients")?;
    rows.iter().map(|row| Ok((row.try_get("id")?, row.try_get("email")?))).collect()
}

/// Reports filed before the area column, or while the street list lacked
/// their street, get the hamlet their place is in: checked at start, a no-op
/// once every report has one.
#[tracing::instrument(skip_all)]
pub async fn assign_missing_areas(pool: &AnyPool, streets: &app::reports::streets::StreetList) -> anyhow::Result<()> {
    let rows = sqlx::query("SELECT number, street, latitude_e6, longitude_e6 FROM reports WHERE area IS NULL")
        .fetch_all(pool)
        .await
        .context("cannot read the reports without an area")?;
    for row in rows {
        let latitude: Option<i64> = row.try_get("latitude_e6")?;
        let longitude: Option<i64> = row.try_get("longitude_e6")?;
        let place = ReportPlace {
            point: latitude.zip(longitude).and_then(|(latitude, longitude)| Coordinates::from_micro_degrees(latitude, longitude).ok()),
            street: row.try_get("street")?,
            house_number: None,
            landmark: None,
        };
        let Some(area) = streets.area_of(&place) else { continue };
        sqlx::query("UPDATE reports SET area = $1 WHERE number = $2")
            .bind(area)
            .bind(row.try_get::<String, _>("number")?)
            .execute(pool)
            .await
            .context("cannot record a report's area")?;
    }
    Ok(())
}

/// Every category's office must be one the content knows (a report must
/// reach somebody): checked at start.
pub async fn check_category_offices(pool: &AnyPool, offices: &std::collections::BTreeMap<String, app::guide::model::ResponsibleOffice>) -> anyhow::Result<()> {
    for category in categories(pool).await? {
        anyhow::ensure!(offices.contains_key(&category.office_code), "the report category {} names an unknown office {}", category.code, category.office_code);
    }
    Ok(())
}

/// Every category's extra questions with their choices, by category, in order.
#[tracing::instrument(skip_all)]
pub async fn category_questions(pool: &AnyPool) -> anyhow::Result<std::collections::BTreeMap<String, Vec<CategoryQuestion>>> {
    let rows = sqlx::query(
        "SELECT category_code, code, position, datatype, required, question_it, question_en FROM report_category_questions ORDER BY category_code, position, code",
    )
    .fetch_all(pool)
    .await
    .context("cannot read the categories' questions")?;
    let choices = sqlx::query("SELECT category_code, question_code, key, name_it, name_en FROM report_category_question_values ORDER BY position, key")
        .fetch_all(pool)
        .await
        .context("cannot read the questions' choices")?;
    let mut questions: std::collections::BTreeMap<String, Vec<CategoryQuestion>> = std::collections::BTreeMap::new();
    for row in &rows {
        let datatype: String = row.try_get("datatype")?;
        let category: String = row.try_get("category_code")?;
        let code: String = row.try_get("code")?;
        let mut question_choices = Vec::new();
        for choice in &choices {
            if choice.try_get::<String, _>("category_code")? == category && choice.try_get::<String, _>("question_code")? == code {
                question_choices.push(QuestionChoice { key: choice.try_get("key")?, name_it: choice.try_get("name_it")?, name_en: choice.try_get("name_en")? });
            }
        }
        questions.entry(category).or_default().push(CategoryQuestion {
            kind: QuestionKind::from_code(&datatype).with_context(|| format!("unknown question datatype {datatype}"))?,
            code,
            required: row.try_get::<i64, _>("required")? != 0,
            position: row.try_get("position")?,
            question_it: row.try_get("question_it")?,
            question_en: row.try_get("question_en")?,
            choices: question_choices,
        });
    }
    Ok(questions)
}

/// A report's answers to its category's questions.
#[tracing::instrument(skip_all)]
pub async fn answers_of(pool: &AnyPool, number: &ReportNumber) -> anyhow::Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT question_code, value FROM report_answers WHERE report_number = $1 ORDER BY question_code")
        .bind(number.to_string())
        .fetch_all(pool)
        .await
        .context("cannot read a report's answers")?;
    rows.iter().map(|row| Ok((row.try_get("question_code")?, row.try_get("value")?))).collect()
}

/// What Open311 keeps of a report's origin: the link to its media (the office's only).
#[tracing::instrument(skip_all)]
pub async fn media_url_of(pool: &AnyPool, number: &ReportNumber) -> anyhow::Result<Option<String>> {
    let row = sqlx::query("SELECT media_url FROM reports WHERE number = $1")
        .bind(number.to_string())
        .fetch_optional(pool)
        .await
        .context("cannot read a report's media")?;
    Ok(match row {
        Some(row) => row.try_get("media_url")?,
        None => None,
    })
}

/// The reports of Open311's `GET requests`, newest first, at most `limit`.
#[tracing::instrument(skip_all)]
pub async fn open311_requests(pool: &AnyPool, query: &RequestsQuery, limit: u32) -> anyhow::Result<Vec<ReportRecord>> {
    let mut where_clause = SqlFilter::default();
    match query {
        RequestsQuery::Numbers(numbers) => {
            let numbers: Vec<String> = numbers.iter().map(ToString::to_string).collect();
            where_clause.text_list("r.number IN (?)", &numbers);
        }
        RequestsQuery::Search { service_codes, from, to, statuses } => {
            if !service_codes.is_empty() {
                where_clause.text_list("r.category_code IN (?)", service_codes);
            }
            if !statuses.is_empty() {
                let codes: Vec<String> = statuses.iter().map(|status| status.code().to_string()).collect();
                where_clause.text_list("r.status IN (?)", &codes);
            }
            where_clause.integer("r.created_at >= ?", *from);
            where_clause.integer("r.created_at <= ?", *to);
        }
    }
    let sql = format!("SELECT {REPORT_COLUMNS} {REPORT_FROM} WHERE {} ORDER BY r.created_at DESC, r.number DESC LIMIT {limit}", where_clause.where_clause());
    let rows = where_clause.bind(sqlx::query(&sql)).fetch_all(pool).await.context("cannot list Open311 requests")?;
    rows.iter().map(record_of).collect()
}

/// The report a client's token stands for.
#[tracing::instrument(skip_all)]
pub async fn report_of_token(pool: &AnyPool, token: &str) -> anyhow::Result<Option<ReportNumber>> {
    let row =
        sqlx::query("SELECT year, sequence FROM reports WHERE open311_token = $1").bind(token).fetch_optional(pool).await.context("cannot read a token")?;
    row.map(|row| ReportNumber::new(row.try_get("year")?, row.try_get("sequence")?).context("a stored report number is out of range")).transpose()
}

/// The first published photo of each report, for Open311's `media_url`.
#[tracing::instrument(skip_all)]
pub async fn first_published_photos(pool: &AnyPool, numbers: &[String]) -> anyhow::Result<std::collections::BTreeMap<String, String>> {
    if numbers.is_empty() {
        return Ok(Default::default());
    }
    let mut where_clause = SqlFilter::default();
    where_clause.text_list("report_number IN (?)", numbers);
    let sql = format!("SELECT report_number, id FROM report_photos WHERE published = 1 AND {} ORDER BY position DESC", where_clause.where_clause());
    let rows = where_clause.bind(sqlx::query(&sql)).fetch_all(pool).await.context("cannot read the published photos")?;
    // The lowest position wins: later rows overwrite earlier ones.
    let mut first = std::collections::BTreeMap::new();
    for row in &rows {
        first.insert(row.try_get::<String, _>("report_number")?, row.try_get::<String, _>("id")?);
    }
    Ok(first)
}
