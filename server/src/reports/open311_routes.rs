//! Open311 GeoReport v2 at `/open311/v2/`: the services and their
//! definitions, the requests (public, without personal data) and their
//! tokens for anyone; filing a request for an application holding a key an
//! administrator issued. Every refusal is a list of `{code, description}`
//! in the asked format (404, 403 or 400), never a page.

use super::open311::{self as documents, client_of_key, issue_client_key, revoke_client};
use super::store::{
    categories, category_questions, file_report, find_report, first_published_photos, open311_requests, report_of_token, NewReport, Open311Origin,
};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::sessions::redirect_to;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{AcceptLanguage, Administrator, Form, Path, Query, UserLocale};
use crate::http::form_pages::page_with_context;
use crate::AppState;
use app::i18n::{Locale, Text};
use app::reports::forms::{Open311ClientForm, Open311NewRequest, Open311RequestsQuery, OPEN311_CLIENT_NAME_FIELD};
use app::reports::model::{Channel, IssuedOpen311Key, ReportDescription, ReportNumber, ReportTitle, TextProblem};
use app::reports::open311::{
    attributes_of, parse_location, parse_media_url, parse_requests_query, reporter_of, split_resource, title_from_description, ApiProblem, Format,
    RequestsQuery, MAXIMUM_REQUESTS,
};
use app::reports::questions::check_answers;
use app::routes::REPORT_CATEGORIES_PATH;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

fn offices(state: &AppState) -> Vec<(String, String)> {
    state.practices_port.offices.iter().map(|(code, office)| (code.clone(), office.name.clone())).collect()
}

/// The refusal of a name without a known format: in XML, the required one.
fn unknown_format(locale: Locale) -> Response {
    documents::problem(Format::Xml, &ApiProblem::UnknownResource, locale)
}

/// GET `/open311/v2/services.{json,xml}` and `/open311/v2/requests.{json,xml}`.
#[tracing::instrument(skip_all)]
pub async fn open311_list(
    State(state): State<AppState>,
    AcceptLanguage(locale): AcceptLanguage,
    Path(name): Path<String>,
    Query(query): Query<Open311RequestsQuery>,
) -> Result<Response, AppError> {
    let Some((stem, format)) = split_resource(&name) else { return Ok(unknown_format(locale)) };
    match stem {
        "services" => {
            let categories = categories(&state.pool).await.or_internal("open311_services")?;
            let questions = category_questions(&state.pool).await.or_internal("open311_questions")?;
            Ok(documents::answer(format, StatusCode::OK, "services", &documents::services(&categories, &questions, &offices(&state), locale)))
        }
        "requests" => {
            let now = state.config.clock.now_unix_seconds();
            let parsed = parse_requests_query(&query.service_request_id, &query.service_code, &query.start_date, &query.end_date, &query.status, now);
            match parsed {
                Ok(parsed) => requests_answer(&state, format, &parsed, locale).await,
                Err(problem) => Ok(documents::problem(format, &problem, locale)),
            }
        }
        _ => Ok(documents::problem(format, &ApiProblem::UnknownResource, locale)),
    }
}

async fn requests_answer(state: &AppState, format: Format, query: &RequestsQuery, locale: Locale) -> Result<Response, AppError> {
    let reports = open311_requests(&state.pool, query, MAXIMUM_REQUESTS).await.or_internal("open311_requests")?;
    let numbers: Vec<String> = reports.iter().map(|report| report.number.to_string()).collect();
    let photos = first_published_photos(&state.pool, &numbers).await.or_internal("open311_photos")?;
    let value = documents::requests(&reports, &photos, &offices(state), &state.config.public_url, locale);
    Ok(documents::answer(format, StatusCode::OK, "service_requests", &value))
}

/// GET `/open311/v2/services/{code}.{json,xml}`: a service's attributes.
#[tracing::instrument(skip_all)]
pub async fn open311_service(State(state): State<AppState>, AcceptLanguage(locale): AcceptLanguage, Path(name): Path<String>) -> Result<Response, AppError> {
    let Some((code, format)) = split_resource(&name) else { return Ok(unknown_format(locale)) };
    let categories = categories(&state.pool).await.or_internal("open311_service")?;
    let Some(category) = categories.iter().find(|category| category.active && category.code == code) else {
        return Ok(documents::problem(format, &ApiProblem::UnknownService(code.chars().take(40).collect()), locale));
    };
    let questions = category_questions(&state.pool).await.or_internal("open311_questions")?.remove(code).unwrap_or_default();
    Ok(documents::answer(format, StatusCode::OK, "service_definition", &documents::service_definition(category, &questions, locale)))
}

/// GET `/open311/v2/requests/{id}.{json,xml}`: one request.
#[tracing::instrument(skip_all)]
pub async fn open311_request(State(state): State<AppState>, AcceptLanguage(locale): AcceptLanguage, Path(name): Path<String>) -> Result<Response, AppError> {
    let Some((id, format)) = split_resource(&name) else { return Ok(unknown_format(locale)) };
    let unknown = || documents::problem(format, &ApiProblem::UnknownRequest(id.chars().take(40).collect()), locale);
    let Some(number) = ReportNumber::parse(id) else { return Ok(unknown()) };
    if find_report(&state.pool, &number).await.or_internal("open311_request")?.is_none() {
        return Ok(unknown());
    }
    requests_answer(&state, format, &RequestsQuery::Numbers(vec![number]), locale).await
}

/// GET `/open311/v2/tokens/{token}.{json,xml}`: the request a token stands for.
#[tracing::instrument(skip_all)]
pub async fn open311_token(State(state): State<AppState>, AcceptLanguage(locale): AcceptLanguage, Path(name): Path<String>) -> Result<Response, AppError> {
    let Some((token, format)) = split_resource(&name) else { return Ok(unknown_format(locale)) };
    match report_of_token(&state.pool, token).await.or_internal("open311_token")? {
        Some(number) => Ok(documents::answer(format, StatusCode::OK, "service_requests", &documents::token(&number.to_string(), token))),
        None => Ok(documents::problem(format, &ApiProblem::UnknownToken, locale)),
    }
}

/// POST `/open311/v2/requests.{json,xml}`: an application files a report
/// with its key; the answer carries the number at once (and a token).
#[tracing::instrument(skip_all)]
pub async fn open311_file_request(
    State(state): State<AppState>,
    AcceptLanguage(locale): AcceptLanguage,
    Path(name): Path<String>,
    form: Form<Open311NewRequest>,
) -> Result<Response, AppError> {
    let format = match split_resource(&name) {
        Some(("requests", format)) => format,
        Some((_, format)) => return Ok(documents::problem(format, &ApiProblem::UnknownResource, locale)),
        None => return Ok(unknown_format(locale)),
    };
    let fields = &form.fields;
    if fields.api_key.trim().is_empty() {
        return Ok(documents::problem(format, &ApiProblem::MissingApiKey, locale));
    }
    let Some(client) = client_of_key(&state.pool, &fields.api_key).await.or_internal("open311_key")? else {
        return Ok(documents::problem(format, &ApiProblem::WrongApiKey, locale));
    };
    let now = state.config.clock.now_unix_seconds();
    let attributes = attributes_of(form.typed.iter().map(|(name, value)| (name.as_str(), value.as_str())));
    let questions = category_questions(&state.pool).await.or_internal("open311_questions")?;
    let known = categories(&state.pool).await.or_internal("open311_categories")?;
    let checked = (|| {
        if fields.service_code.trim().is_empty() {
            return Err(ApiProblem::Missing("service_code"));
        }
        let category = known
            .iter()
            .find(|category| category.active && category.code == fields.service_code.trim())
            .ok_or_else(|| ApiProblem::UnknownServiceCode(fields.service_code.chars().take(40).collect()))?;
        let place = parse_location(&fields.lat, &fields.long, &fields.address_string, state.streets.names())?;
        let description = ReportDescription::parse(&fields.description).map_err(|problem| match problem {
            TextProblem::Missing => ApiProblem::Missing("description"),
            TextProblem::TooShort => ApiProblem::DescriptionTooShort,
            TextProblem::TooLong => ApiProblem::DescriptionTooLong,
        })?;
        let service_name = category.view(locale).name;
        let title = ReportTitle::parse(&title_from_description(description.as_str(), &service_name))
            .or_else(|_| ReportTitle::parse(&service_name))
            .map_err(|_| ApiProblem::Missing("description"))?;
        let answers = check_answers(questions.get(&category.code).map(Vec::as_slice).unwrap_or_default(), &attributes).map_err(ApiProblem::Answer)?;
        let media_url = parse_media_url(&fields.media_url)?;
        let reporter = reporter_of(&fields.first_name, &fields.last_name, &fields.email, &fields.phone)?;
        Ok((category, place, description, title, answers, media_url, reporter))
    })();
    let (category, place, description, title, answers, media_url, (reporter_name, reporter_contact)) = match checked {
        Ok(checked) => checked,
        Err(problem) => return Ok(documents::problem(format, &problem, locale)),
    };
    let token = uuid::Uuid::new_v4().to_string();
    let report = NewReport {
        category,
        account_id: None,
        reporter_name: reporter_name.as_deref(),
        reporter_contact: reporter_contact.as_deref(),
        channel: Channel::Open311,
        registered_by: None,
        title: &title,
        description: &description,
        place: &place,
        area: state.streets.area_of(&place),
        photos: &[],
        answers: &answers,
        open311: Some(Open311Origin { client_id: &client.id, token: &token, media_url: media_url.as_deref() }),
        now,
    };
    let number = file_report(&state.pool, &report).await.or_internal("open311_file")?;
    // Which application filed what: the audit log answers for the API too.
    append_audit_event(
        &state.pool,
        &AuditEvent::new(format!("open311:{}", client.id), "open311_report_filed", "")
            .with_details(serde_json::json!({ "report": number.to_string(), "client": client.name })),
    )
    .await
    .or_internal("audit_open311")?;
    Ok(documents::answer(format, StatusCode::OK, "service_requests", &documents::filed(&number.to_string(), &token, locale)))
}

/// POST `/amministrazione/segnalazioni/open311`: an administrator issues a
/// key to a named application (shown once, on the page) or revokes one.
#[tracing::instrument(skip_all)]
pub async fn manage_open311_clients(
    State(state): State<AppState>,
    Administrator(admin): Administrator,
    UserLocale(locale): UserLocale,
    form: Form<Open311ClientForm>,
) -> Result<Response, AppError> {
    let now = state.config.clock.now_unix_seconds();
    let fields = &form.fields;
    if !fields.revoke.is_empty() {
        let Some(client) = revoke_client(&state.pool, &fields.revoke, now).await.or_internal("open311_revoke")? else {
            return Err(AppError::NotFound);
        };
        append_audit_event(
            &state.pool,
            &AuditEvent::new(admin.account_id.as_str(), "open311_key_revoked", "")
                .with_details(serde_json::json!({ "client": client.id, "name": client.name })),
        )
        .await
        .or_internal("audit_open311")?;
        return Ok(redirect_to(&format!("{REPORT_CATEGORIES_PATH}?revocata=1")));
    }
    let name = fields.name.trim();
    if !(3..=120).contains(&name.chars().count()) {
        let problem = (OPEN311_CLIENT_NAME_FIELD.to_string(), Text::Open311ErrorClientName.in_locale(locale).to_string());
        return Err(form.with_problems(vec![problem]).on_page(REPORT_CATEGORIES_PATH));
    }
    let (client, key) = issue_client_key(&state.pool, name, admin.account_id.as_str(), now).await.or_internal("open311_issue")?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(admin.account_id.as_str(), "open311_key_issued", "").with_details(serde_json::json!({ "client": client.id, "name": client.name })),
    )
    .await
    .or_internal("audit_open311")?;
    let issued = IssuedOpen311Key { client_name: client.name, key };
    Ok(page_with_context(REPORT_CATEGORIES_PATH, StatusCode::OK, move || leptos::prelude::provide_context(issued.clone())))
}
