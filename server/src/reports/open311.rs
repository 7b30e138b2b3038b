//! Open311 GeoReport v2 (`/open311/v2/`): the answers as one tree written
//! as JSON or as XML (so both formats always carry the same data), the
//! documents of services, service definitions, requests, tokens and errors,
//! and the clients' keys, which an administrator issues to a named
//! application (only their SHA-256 is kept).

use super::store::{CategoryRecord, ReportRecord};
use crate::auth::tokens::{random_token, sha256_hex};
use anyhow::Context;
use app::i18n::{Locale, Text};
use app::practices::calendar::{rome_offset_hours, rome_rfc3339_of_unix_seconds};
use app::reports::model::Open311ClientView;
use app::reports::open311::{ApiProblem, Format};
use app::reports::questions::CategoryQuestion;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// Rho's postcode, the same for every address of the Comune.
const ZIPCODE: &str = "20017";

/// A value of an answer: JSON and XML are both written from it.
#[derive(Clone, Debug)]
pub enum Value {
    Text(String),
    Number(i64),
    Bool(bool),
    Null,
    /// A list, its items named `item` in XML.
    List(&'static str, Vec<Value>),
    Record(Vec<(&'static str, Value)>),
}

fn text(value: impl Into<String>) -> Value {
    Value::Text(value.into())
}

fn optional(value: Option<impl Into<String>>) -> Value {
    value.map(|value| Value::Text(value.into())).unwrap_or(Value::Null)
}

fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::Text(text) => out.push_str(&serde_json::Value::String(text.clone()).to_string()),
        Value::Number(number) => out.push_str(&number.to_string()),
        Value::Bool(flag) => out.push_str(if *flag { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
        Value::List(_, items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Record(fields) => {
            out.push('{');
            for (index, (name, field)) in fields.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&format!("\"{name}\":"));
                write_json(field, out);
            }
            out.push('}');
        }
    }
}

fn escape_xml(text: &str) -> String {
    // XML 1.0 has no way to write most control characters: they are dropped.
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t' | '\r'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn write_xml(tag: &str, value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str(&format!("<{tag}/>")),
        Value::Text(text) => out.push_str(&format!("<{tag}>{}</{tag}>", escape_xml(text))),
        Value::Number(number) => out.push_str(&format!("<{tag}>{number}</{tag}>")),
        Value::Bool(flag) => out.push_str(&format!("<{tag}>{flag}</{tag}>")),
        Value::List(item, items) => {
            out.push_str(&format!("<{tag}>"));
            for entry in items {
                write_xml(item, entry, out);
            }
            out.push_str(&format!("</{tag}>"));
        }
        Value::Record(fields) => {
            out.push_str(&format!("<{tag}>"));
            for (name, field) in fields {
                write_xml(name, field, out);
            }
            out.push_str(&format!("</{tag}>"));
        }
    }
}

/// The answer in the asked format; `root` is the XML document's element.
pub fn answer(format: Format, status: StatusCode, root: &str, value: &Value) -> Response {
    let mut body = String::new();
    match format {
        Format::Json => write_json(value, &mut body),
        Format::Xml => {
            body.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            write_xml(root, value, &mut body);
            body.push('\n');
        }
    }
    let mut response = (status, [(header::CONTENT_TYPE, format.content_type())], body).into_response();
    // Public data, read by other sites' pages too.
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An error as the specification writes it: a list of `{code, description}`.
pub fn problem(format: Format, problem: &ApiProblem, locale: Locale) -> Response {
    let (entry, values) = problem.text();
    let values: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
    let description = entry.fill(locale, &values);
    let code = problem.status();
    let error = Value::Record(vec![("code", Value::Number(i64::from(code))), ("description", text(description))]);
    answer(format, StatusCode::from_u16(code).unwrap_or(StatusCode::BAD_REQUEST), "errors", &Value::List("error", vec![error]))
}

/// An office's name from its code (the code itself if the content lost it).
fn office_name(offices: &[(String, String)], code: &str) -> String {
    offices.iter().find(|(office, _)| office == code).map(|(_, name)| name.clone()).unwrap_or_else(|| code.to_string())
}

/// `services`: every active category.
pub fn services(
    categories: &[CategoryRecord],
    questions: &std::collections::BTreeMap<String, Vec<CategoryQuestion>>,
    offices: &[(String, String)],
    locale: Locale,
) -> Value {
    Value::List(
        "service",
        categories
            .iter()
            .filter(|category| category.active)
            .map(|category| {
                let view = category.view(locale);
                Value::Record(vec![
                    ("service_code", text(&category.code)),
                    ("service_name", text(view.name)),
                    ("description", text(view.description)),
                    ("metadata", Value::Bool(questions.get(&category.code).is_some_and(|list| !list.is_empty()))),
                    ("type", text("realtime")),
                    ("keywords", Value::Null),
                    ("group", text(office_name(offices, &category.office_code))),
                ])
            })
            .collect(),
    )
}

/// `services/{code}`: a category's extra questions as Open311's attributes.
pub fn service_definition(category: &CategoryRecord, questions: &[CategoryQuestion], locale: Locale) -> Value {
    let attributes = questions
        .iter()
        .enumerate()
        .map(|(index, question)| {
            Value::Record(vec![
                ("variable", Value::Bool(true)),
                ("code", text(&question.code)),
                ("datatype", text(question.kind.code())),
                ("required", Value::Bool(question.required)),
                ("datatype_description", Value::Null),
                ("order", Value::Number(index as i64 + 1)),
                ("description", text(question.question(locale))),
                (
                    "values",
                    Value::List(
                        "value",
                        question.choices.iter().map(|choice| Value::Record(vec![("key", text(&choice.key)), ("name", text(choice.name(locale)))])).collect(),
                    ),
                ),
            ])
        })
        .collect();
    Value::Record(vec![("service_code", text(&category.code)), ("attributes", Value::List("attribute", attributes))])
}

/// The end of a due day in Rome, with its offset.
fn end_of_day_in_rome(day: &str) -> String {
    let noon = app::reports::open311::parse_datetime(&format!("{day}T12:00:00Z")).and_then(|seconds| time::OffsetDateTime::from_unix_timestamp(seconds).ok());
    let offset = noon.map(rome_offset_hours).unwrap_or(1);
    format!("{day}T23:59:59+{offset:02}:00")
}

/// `requests`: each report as a service request, no personal data (no
/// name, no contact, no channel); `media_url` is the first photo the office
/// published.
pub fn requests(
    reports: &[ReportRecord],
    photos: &std::collections::BTreeMap<String, String>,
    offices: &[(String, String)],
    base: &str,
    locale: Locale,
) -> Value {
    let base = base.trim_end_matches('/');
    Value::List(
        "request",
        reports
            .iter()
            .map(|report| {
                let public = report.public(locale);
                let status_notes = match (&public.public_reply, &public.duplicate_of) {
                    (Some(reply), _) => Some(reply.clone()),
                    (None, Some(original)) => Some(original.clone()),
                    (None, None) => None,
                };
                let media_url = photos
                    .get(&public.number)
                    .map(|photo| format!("{base}{}", app::routes::path_with(app::routes::REPORT_PHOTO_PATH, &[&public.number, photo])));
                Value::Record(vec![
                    ("service_request_id", text(&public.number)),
                    ("status", text(report.status.open311())),
                    ("status_notes", optional(status_notes)),
                    ("service_name", text(&public.category_name)),
                    ("service_code", text(&public.category)),
                    ("description", text(&public.description)),
                    ("agency_responsible", text(office_name(offices, &report.office_code))),
                    ("service_notice", text(Text::Open311ServiceNotice.in_locale(locale))),
                    ("requested_datetime", text(rome_rfc3339_of_unix_seconds(report.created_at))),
                    ("updated_datetime", text(rome_rfc3339_of_unix_seconds(report.updated_at))),
                    ("expected_datetime", text(end_of_day_in_rome(&report.due_on))),
                    ("address", optional((!public.place.is_empty()).then_some(public.place.clone()))),
                    ("address_id", Value::Null),
                    ("zipcode", text(ZIPCODE)),
                    ("lat", optional(public.latitude.clone())),
                    ("long", optional(public.longitude.clone())),
                    ("media_url", optional(media_url)),
                ])
            })
            .collect(),
    )
}

/// The answer to `POST requests`: the number at once, and the token.
pub fn filed(number: &str, token: &str, locale: Locale) -> Value {
    Value::List(
        "request",
        vec![Value::Record(vec![
            ("service_request_id", text(number)),
            ("token", text(token)),
            ("service_notice", text(Text::Open311ServiceNotice.in_locale(locale))),
            ("account_id", Value::Null),
        ])],
    )
}

/// `tokens/{token}`: the request the token stands for.
pub fn token(number: &str, token: &str) -> Value {
    Value::List("request", vec![Value::Record(vec![("service_request_id", text(number)), ("token", text(token))])])
}

/// An application holding a key.
#[derive(Clone, Debug)]
pub struct Open311Client {
    pub id: String,
    pub name: String,
    pub issued_at: i64,
    pub revoked_at: Option<i64>,
}

impl Open311Client {
    pub fn view(&self) -> Open311ClientView {
        Open311ClientView { id: self.id.clone(), name: self.name.clone(), issued_at: self.issued_at, revoked: self.revoked_at.is_some() }
    }
}

/// Issues a key to a named application: the key is returned once, its hash kept.
#[tracing::instrument(skip_all)]
pub async fn issue_client_key(pool: &AnyPool, name: &str, administrator: &str, now: i64) -> anyhow::Result<(Open311Client, String)> {
    let key = format!("o311-{}", random_token());
    let client = Open311Client { id: uuid::Uuid::now_v7().to_string(), name: name.to_string(), issued_at: now, revoked_at: None };
    sqlx::query("INSERT INTO open311_clients (id, name, key_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5)")
        .bind(&client.id)
        .bind(&client.name)
        .bind(sha256_hex(key.as_bytes()))
        .bind(now)
        .bind(administrator)
        .execute(pool)
        .await
        .context("cannot issue an Open311 key")?;
    Ok((client, key))
}

/// Revokes a client's key (once: again changes nothing); None if there is no such client.
#[tracing::instrument(skip_all)]
pub async fn revoke_client(pool: &AnyPool, id: &str, now: i64) -> anyhow::Result<Option<Open311Client>> {
    sqlx::query("UPDATE open311_clients SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(pool)
        .await
        .context("cannot revoke an Open311 key")?;
    let row = sqlx::query(&format!("SELECT {CLIENT_COLUMNS} FROM open311_clients WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
        .context("cannot read an Open311 client")?;
    row.as_ref().map(client_of).transpose()
}

const CLIENT_COLUMNS: &str = "id, name, created_at, revoked_at";

fn client_of(row: &AnyRow) -> anyhow::Result<Open311Client> {
    Ok(Open311Client { id: row.try_get("id")?, name: row.try_get("name")?, issued_at: row.try_get("created_at")?, revoked_at: row.try_get("revoked_at")? })
}

/// Every application that was issued a key, the newest first.
#[tracing::instrument(skip_all)]
pub async fn clients(pool: &AnyPool) -> anyhow::Result<Vec<Open311Client>> {
    let rows = sqlx::query(&format!("SELECT {CLIENT_COLUMNS} FROM open311_clients ORDER BY created_at DESC, id DESC"))
        .fetch_all(pool)
        .await
        .context("cannot read the Open311 clients")?;
    rows.iter().map(client_of).collect()
}

/// The application a key belongs to, if the key is valid and not revoked.
#[tracing::instrument(skip_all)]
pub async fn client_of_key(pool: &AnyPool, key: &str) -> anyhow::Result<Option<Open311Client>> {
    let row = sqlx::query(&format!("SELECT {CLIENT_COLUMNS} FROM open311_clients WHERE key_hash = $1 AND revoked_at IS NULL"))
        .bind(sha256_hex(key.trim().as_bytes()))
        .fetch_optional(pool)
        .await
        .context("cannot check an Open311 key")?;
    row.as_ref().map(client_of).transpose()
}

/// The name of the application that filed a report, for its office.
#[tracing::instrument(skip_all)]
pub async fn client_of_report(pool: &AnyPool, number: &app::reports::model::ReportNumber) -> anyhow::Result<Option<String>> {
    let row = sqlx::query("SELECT c.name FROM reports r JOIN open311_clients c ON c.id = r.open311_client_id WHERE r.number = $1")
        .bind(number.to_string())
        .fetch_optional(pool)
        .await
        .context("cannot read a report's Open311 client")?;
    row.map(|row| row.try_get("name").map_err(Into::into)).transpose()
}
