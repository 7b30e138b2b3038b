//! The information requests on record: filed with the year's next number
//! (`information_request_counters`, in the filing's transaction), read by
//! their sender and by the office, answered once.

use crate::database::{next_counter_value, Counter};
use anyhow::Context;
use app::listening::model::{
    information_answer_due_on, timeliness, CheckedRequest, InformationRequestNumber, InformationRequestView, RequestChannel, Timeliness,
};
use app::practices::calendar::rome_date_of_unix_seconds;
use sqlx::{AnyPool, Row};

const REQUEST_NUMBERS: Counter =
    Counter { table: "information_request_counters", key_column: "year", value_column: "last_sequence", name: "the information requests' numbers" };

/// A request to file.
pub struct NewInformationRequest<'a> {
    pub request: &'a CheckedRequest,
    pub channel: RequestChannel,
    pub account_id: Option<&'a str>,
    pub registered_by: Option<&'a str>,
    pub received_at: i64,
    pub locale: app::i18n::Locale,
}

/// A filed request's number and due day.
pub struct Filed {
    pub number: InformationRequestNumber,
    pub due_on: time::Date,
}

#[tracing::instrument(skip_all)]
pub async fn file_information_request(pool: &AnyPool, new: &NewInformationRequest<'_>) -> anyhow::Result<Filed> {
    let received = rome_date_of_unix_seconds(new.received_at);
    let year = i64::from(received.year());
    let due_on = information_answer_due_on(received);
    let mut transaction = pool.begin().await.context("cannot begin filing an information request")?;
    let sequence = next_counter_value(&mut transaction, &REQUEST_NUMBERS, year).await?;
    let number = InformationRequestNumber::new(year, sequence).context("the year's information requests ran out of numbers")?;
    sqlx::query(
        "INSERT INTO information_requests (number, year, sequence, channel, account_id, registered_by, name, email, topic, question, received_at, due_on, \
         locale) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(number.to_string())
    .bind(year)
    .bind(sequence)
    .bind(new.channel.code())
    .bind(new.account_id)
    .bind(new.registered_by)
    .bind(&new.request.name)
    .bind(&new.request.email)
    .bind(&new.request.topic)
    .bind(&new.request.question)
    .bind(new.received_at)
    .bind(due_on.to_string())
    .bind(new.locale.language_tag())
    .execute(&mut *transaction)
    .await
    .context("cannot record an information request")?;
    transaction.commit().await.context("cannot commit an information request")?;
    Ok(Filed { number, due_on })
}

/// A request as stored (the topic still a slug).
pub struct RequestRecord {
    pub view: InformationRequestView,
    pub account_id: Option<String>,
    /// The language the answer is mailed in.
    pub locale: app::i18n::Locale,
}

const COLUMNS: &str = "number, channel, account_id, name, email, topic, question, received_at, due_on, answer, answered_at, locale";

fn record_of(row: &sqlx::any::AnyRow, today: time::Date) -> Result<RequestRecord, sqlx::Error> {
    let due_on: String = row.try_get("due_on")?;
    let answered_at: Option<i64> = row.try_get("answered_at")?;
    let due = app::practices::validation::parse_date(&due_on).unwrap_or(today);
    let state = timeliness(due, answered_at.map(rome_date_of_unix_seconds), today);
    Ok(RequestRecord {
        account_id: row.try_get("account_id")?,
        locale: app::i18n::Locale::from_language_tag(&row.try_get::<String, _>("locale")?).unwrap_or_default(),
        view: InformationRequestView {
            number: row.try_get("number")?,
            channel: row.try_get("channel")?,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            topic: row.try_get("topic")?,
            question: row.try_get("question")?,
            received_at: row.try_get("received_at")?,
            due_on,
            answer: row.try_get("answer")?,
            answered_at,
            overdue: state == Timeliness::Overdue,
            answered_late: state == Timeliness::AnsweredLate,
        },
    })
}

/// The requests a person sent while signed in, newest first.
#[tracing::instrument(skip_all)]
pub async fn requests_of(pool: &AnyPool, account_id: &str, now: i64) -> anyhow::Result<Vec<RequestRecord>> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM information_requests WHERE account_id = $1 ORDER BY received_at DESC"))
        .bind(account_id)
        .fetch_all(pool)
        .await
        .context("cannot read a person's information requests")?;
    let today = rome_date_of_unix_seconds(now);
    rows.iter().map(|row| record_of(row, today)).collect::<Result<_, _>>().context("cannot read an information request")
}

/// Every request: unanswered first, by due day; then the answered, newest first.
#[tracing::instrument(skip_all)]
pub async fn office_requests(pool: &AnyPool, now: i64) -> anyhow::Result<Vec<RequestRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM information_requests ORDER BY CASE WHEN answered_at IS NULL THEN 0 ELSE 1 END, \
         CASE WHEN answered_at IS NULL THEN due_on ELSE '' END, received_at DESC LIMIT 500"
    ))
    .fetch_all(pool)
    .await
    .context("cannot read the information requests")?;
    let today = rome_date_of_unix_seconds(now);
    rows.iter().map(|row| record_of(row, today)).collect::<Result<_, _>>().context("cannot read an information request")
}

#[tracing::instrument(skip_all)]
pub async fn find_request(pool: &AnyPool, number: &InformationRequestNumber, now: i64) -> anyhow::Result<Option<RequestRecord>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM information_requests WHERE number = $1"))
        .bind(number.to_string())
        .fetch_optional(pool)
        .await
        .context("cannot read an information request")?;
    row.map(|row| record_of(&row, rome_date_of_unix_seconds(now))).transpose().context("cannot read an information request")
}

/// Records the office's answer; false when the request was answered already
/// (of two clerks answering at once, one wins).
#[tracing::instrument(skip_all)]
pub async fn answer_request(pool: &AnyPool, number: &InformationRequestNumber, answer: &str, clerk: &str, now: i64) -> anyhow::Result<bool> {
    let done = sqlx::query("UPDATE information_requests SET answer = $1, answered_at = $2, answered_by = $3 WHERE number = $4 AND answered_at IS NULL")
        .bind(answer)
        .bind(now)
        .bind(clerk)
        .bind(number.to_string())
        .execute(pool)
        .await
        .context("cannot record an answer")?;
    Ok(done.rows_affected() == 1)
}

/// The topics a request may name: the guide's service sheets (slug, title in
/// the reader's language), by title.
#[tracing::instrument(skip_all)]
pub async fn topics(pool: &AnyPool, english: bool) -> anyhow::Result<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT slug, title_it, title_en FROM guide_service_sheets").fetch_all(pool).await.context("cannot read the service sheets")?;
    let mut topics = rows
        .iter()
        .map(|row| Ok((row.try_get::<String, _>("slug")?, row.try_get::<String, _>(if english { "title_en" } else { "title_it" })?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .context("cannot read a service sheet")?;
    topics.sort_by_key(|topic| topic.1.to_lowercase());
    Ok(topics)
}
