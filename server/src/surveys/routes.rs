//! The surveys' handlers: a response (anyone, once per form and per
//! browser, anonymous), the published results as CSV, and the
//! administrators' opening and closing (audited).

use super::port::{SqlSurveysPort, TOKEN_KEY};
use super::store::{change_state, find_survey, record_response, signing_key, SurveyTransition};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::sessions::redirect_to;
use crate::auth::tokens::cookie_value;
use crate::http::downloads::open_data;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Administrator, Form, MaybeSignedIn, Path, UserLocale};
use crate::AppState;
use app::auth::model::Role;
use app::i18n::{Locale, Text};
use app::practices::calendar::rome_date_of_unix_seconds;
use app::routes::{path_with, SURVEY_ADMINISTRATION_PATH, SURVEY_PATH};
use app::surveys::forms::*;
use app::surveys::model::{check_answers, results_csv, AnswerProblem, SurveySlug, SurveyState};
use app::surveys::server_functions::answered_cookie;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;

fn answer_text(problem: AnswerProblem) -> Text {
    match problem {
        AnswerProblem::Missing => Text::SurveyErrorMissing,
        AnswerProblem::NotAChoice => Text::SurveyErrorNotAChoice,
        AnswerProblem::TooLong => Text::SurveyErrorTooLong,
    }
}

/// POST `/ascolto/questionari/{slug}`: a response to an open survey. The
/// token says the form is ours and unanswered; the cookie set after says
/// this browser answered (the same value for everyone: no tracking).
#[tracing::instrument(skip_all)]
pub async fn answer_survey(
    State(state): State<AppState>,
    UserLocale(locale): UserLocale,
    Path(slug): Path<SurveySlug>,
    headers: HeaderMap,
    form: Form<SurveyResponseForm>,
) -> Result<Response, AppError> {
    let slug = slug.as_str();
    let Some(stored) = find_survey(&state.pool, slug).await.or_internal("find_survey")?.filter(|stored| stored.state != SurveyState::Draft) else {
        return Err(AppError::NotFound);
    };
    let refuse = |text: Text, status: StatusCode| form.with_problems(vec![(TOKEN_FIELD.to_string(), text.in_locale(locale).to_string())]).with_status(status);
    if stored.state == SurveyState::Closed {
        return Err(refuse(Text::SurveyClosed, StatusCode::CONFLICT));
    }
    if cookie_value(&headers, &answered_cookie(slug)).is_some() {
        return Err(refuse(Text::SurveyAnsweredHere, StatusCode::CONFLICT));
    }
    let today = rome_date_of_unix_seconds(state.config.clock.now_unix_seconds());
    let key = signing_key(&state.pool, TOKEN_KEY).await.or_internal("signing_key")?;
    let Some(nonce) = super::tokens::verify(&key, slug, &form.fields.token, today) else {
        return Err(refuse(Text::SurveyErrorToken, StatusCode::UNPROCESSABLE_ENTITY));
    };
    let answers = check_answers(&stored.survey, &form.typed).map_err(|problems| {
        form.with_problems(
            problems.into_iter().map(|(question, problem)| (format!("d-{question}"), answer_text(problem).in_locale(locale).to_string())).collect(),
        )
    })?;
    if !record_response(&state.pool, slug, &nonce, &answers, today).await.or_internal("record_response")? {
        return Err(refuse(Text::SurveyAnsweredHere, StatusCode::CONFLICT));
    }
    let page = path_with(SURVEY_PATH, &[slug]);
    let mut response = redirect_to(&format!("{page}?inviato=1"));
    let secure = if state.config.served_over_tls() { "; Secure" } else { "" };
    let cookie = format!("{}=si; Path={page}; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}", answered_cookie(slug));
    response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(|_| AppError::NotFound)?);
    Ok(response)
}

/// GET `/ascolto/questionari/{slug}/risultati.csv`: the published results
/// (an administrator's, at any time).
#[tracing::instrument(skip_all)]
pub async fn survey_results_csv(State(state): State<AppState>, MaybeSignedIn(user): MaybeSignedIn, Path(slug): Path<SurveySlug>) -> Result<Response, AppError> {
    let administrator = user.is_some_and(|user| user.role == Role::Administrator);
    let port = SqlSurveysPort { pool: state.pool.clone(), clock: state.config.clock.clone() };
    let Some(results) = port.published_results(slug.as_str(), administrator, Locale::Italian).await.or_internal("survey_results")? else {
        return Err(AppError::NotFound);
    };
    Ok(open_data("text/csv; charset=utf-8", results_csv(&results.slug, &results.results), &format!("{}.csv", results.slug)))
}

/// POST `/amministrazione/questionari`: open a draft, or close an open survey (publishing its results).
#[tracing::instrument(skip_all)]
pub async fn manage_surveys(
    State(state): State<AppState>,
    Administrator(admin): Administrator,
    UserLocale(locale): UserLocale,
    form: Form<SurveyStateForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let (transition, action, done) = match fields.action.as_str() {
        OPEN_ACTION => (SurveyTransition::Open, "survey_opened", "aperto"),
        _ => (SurveyTransition::Close, "survey_closed", "chiuso"),
    };
    let now = state.config.clock.now_unix_seconds();
    if !change_state(&state.pool, &fields.survey, transition, admin.account_id.as_str(), now).await.or_internal("change_survey_state")? {
        return Err(form
            .with_problems(vec![(SURVEY_FIELD.to_string(), Text::SurveyErrorState.in_locale(locale).to_string())])
            .with_status(StatusCode::CONFLICT));
    }
    append_audit_event(&state.pool, &AuditEvent::new(admin.account_id.as_str(), action, fields.survey.as_str())).await.or_internal("audit_survey")?;
    Ok(redirect_to(&format!("{SURVEY_ADMINISTRATION_PATH}?{done}=1")))
}
