//! The information requests' form handlers: anyone's request (linked to the
//! account when signed in), a clerk's registration of one received by email,
//! phone, letter or at the desk, and the office's answer, mailed to the
//! sender. Every office step is audited.

use super::store::{answer_request, file_information_request, find_request, topics, NewInformationRequest};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::sessions::redirect_to;
use crate::auth::throttle::{self, ThrottlePolicy};
use crate::http::client_address::ClientAddress;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Form, MaybeSignedIn, Path, Staff, UserLocale};
use crate::mail::outbox::OutgoingMessage;
use crate::AppState;
use app::i18n::{Locale, Text};
use app::listening::forms::*;
use app::listening::model::{check_request, InformationRequestNumber, RequestChannel, RequestProblem, ANSWER_MAX_CHARS};
use app::practices::calendar::italian_date_time_of_unix_seconds;
use app::routes::{path_with, CLERK_INFORMATION_REQUEST_PATH, INFORMATION_REQUEST_PATH};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

/// The portal's form files a record and, later, a mail for anyone: ten
/// requests an hour from one address (a family or an office shares one).
const REQUESTS_PER_ADDRESS: ThrottlePolicy = ThrottlePolicy { maximum_failures: 10, window_seconds: 3600, lock_seconds: 3600 };

fn problem_entry(problem: RequestProblem, locale: Locale) -> (String, String) {
    let (field, text) = match problem {
        RequestProblem::Name => (NAME_FIELD, Text::InformationErrorName),
        RequestProblem::Email => (EMAIL_FIELD, Text::InformationErrorEmail),
        RequestProblem::Topic => (TOPIC_FIELD, Text::InformationErrorTopic),
        RequestProblem::QuestionMissing => (QUESTION_FIELD, Text::InformationErrorQuestionMissing),
        RequestProblem::QuestionTooShort => (QUESTION_FIELD, Text::InformationErrorQuestionTooShort),
        RequestProblem::QuestionTooLong => (QUESTION_FIELD, Text::InformationErrorQuestionTooLong),
        RequestProblem::Privacy => (PRIVACY_FIELD, Text::InformationErrorPrivacy),
        RequestProblem::Channel => (CHANNEL_FIELD, Text::InformationErrorChannel),
        RequestProblem::ReceivedAt => (RECEIVED_DATE_FIELD, Text::InformationErrorReceivedAt),
    };
    (field.to_string(), text.in_locale(locale).to_string())
}

/// The topics a request may name (the service sheets' slugs), for `check_request`.
async fn topic_slugs(state: &AppState) -> Result<Vec<String>, AppError> {
    Ok(topics(&state.pool, false).await.or_internal("topics")?.into_iter().map(|(slug, _)| slug).collect())
}

/// POST `/ascolto/richiesta-informazioni`: anyone, signed in or not.
#[tracing::instrument(skip_all)]
pub async fn send_information_request(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    ClientAddress(address): ClientAddress,
    UserLocale(locale): UserLocale,
    form: Form<InformationRequestForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let address_key = format!("information-{}", throttle::address_key(&address));
    if let Some(seconds) = throttle::locked_for_seconds(&state.pool, &address_key).await.or_internal("throttle")? {
        return Err(throttle::throttled(&form.typed, QUESTION_FIELD, Text::InformationTooMany, seconds, locale));
    }
    let slugs = topic_slugs(&state).await?;
    let checked = check_request(&fields.name, &fields.email, &fields.topic, &fields.question, &slugs);
    let mut problems: Vec<RequestProblem> = checked.as_ref().err().cloned().unwrap_or_default();
    if fields.privacy != "si" {
        problems.push(RequestProblem::Privacy);
    }
    let checked = match checked {
        Ok(checked) if problems.is_empty() => checked,
        _ => return Err(form.with_problems(problems.into_iter().map(|problem| problem_entry(problem, locale)).collect())),
    };
    let account_id = user.as_ref().map(|user| user.account_id.as_str());
    let now = state.config.clock.now_unix_seconds();
    let filed = file_information_request(
        &state.pool,
        &NewInformationRequest { request: &checked, channel: RequestChannel::Portal, account_id, registered_by: None, received_at: now, locale },
    )
    .await
    .or_internal("file_information_request")?;
    throttle::record_failure(&state.pool, &address_key, REQUESTS_PER_ADDRESS).await.or_internal("throttle")?;
    Ok(redirect_to(&format!("{INFORMATION_REQUEST_PATH}?inviata={}&entro={}", filed.number, filed.due_on)))
}

/// POST `/operatore/richieste-informazioni/nuova`: a request received by
/// email, phone, letter or at the desk, with when it arrived (not later
/// than now: the 3 working days count from then).
#[tracing::instrument(skip_all)]
pub async fn register_information_request(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    UserLocale(locale): UserLocale,
    form: Form<RegisteredRequestForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let now = state.config.clock.now_unix_seconds();
    let slugs = topic_slugs(&state).await?;
    let checked = check_request(&fields.name, &fields.email, &fields.topic, &fields.question, &slugs);
    let mut problems: Vec<RequestProblem> = checked.as_ref().err().cloned().unwrap_or_default();
    let channel = RequestChannel::parse(&fields.channel).filter(|channel| RequestChannel::REGISTERED.contains(channel));
    if channel.is_none() {
        problems.push(RequestProblem::Channel);
    }
    let received_at = app::practices::calendar::parse_rome_date_time(&fields.received_date, &fields.received_time).filter(|at| *at <= now + 60);
    if received_at.is_none() {
        problems.push(RequestProblem::ReceivedAt);
    }
    let (Ok(checked), Some(channel), Some(received_at), true) = (checked, channel, received_at, problems.is_empty()) else {
        return Err(form.with_problems(problems.into_iter().map(|problem| problem_entry(problem, locale)).collect()));
    };
    let filed = file_information_request(
        &state.pool,
        &NewInformationRequest {
            request: &checked,
            channel,
            account_id: None,
            registered_by: Some(clerk.account_id.as_str()),
            received_at,
            locale: Locale::Italian,
        },
    )
    .await
    .or_internal("file_information_request")?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(clerk.account_id.as_str(), "information_request_registered", "")
            .with_details(serde_json::json!({ "request": filed.number.to_string(), "channel": channel.code() })),
    )
    .await
    .or_internal("audit_information_request")?;
    let page = path_with(CLERK_INFORMATION_REQUEST_PATH, &[&filed.number.to_string()]);
    Ok(redirect_to(&format!("{page}?registrata=1")))
}

/// POST `/operatore/richieste-informazioni/{number}`: the office's answer,
/// once; mailed to the sender and shown in their personal area.
#[tracing::instrument(skip_all)]
pub async fn answer_information_request(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    UserLocale(locale): UserLocale,
    Path(number): Path<InformationRequestNumber>,
    form: Form<AnswerForm>,
) -> Result<Response, AppError> {
    let now = state.config.clock.now_unix_seconds();
    let Some(record) = find_request(&state.pool, &number, now).await.or_internal("find_information_request")? else {
        return Err(AppError::NotFound);
    };
    let answer = form.fields.answer.trim();
    if answer.is_empty() || answer.chars().count() > ANSWER_MAX_CHARS {
        return Err(form.with_problems(vec![(ANSWER_FIELD.to_string(), Text::InformationErrorAnswer.in_locale(locale).to_string())]));
    }
    if !answer_request(&state.pool, &number, answer, clerk.account_id.as_str(), now).await.or_internal("answer_information_request")? {
        return Err(form
            .with_problems(vec![(ANSWER_FIELD.to_string(), Text::InformationErrorAnsweredAlready.in_locale(locale).to_string())])
            .with_status(StatusCode::CONFLICT));
    }
    let request = &record.view;
    let mail_locale = record.locale;
    let subject = Text::MailInformationAnswerSubject.fill(mail_locale, &[("number", &request.number)]);
    let body = Text::MailInformationAnswerBody.fill(
        mail_locale,
        &[
            ("name", &request.name),
            ("number", &request.number),
            ("received", &italian_date_time_of_unix_seconds(request.received_at)),
            ("question", &request.question),
            ("answer", answer),
        ],
    );
    state
        .outbox
        .enqueue(&OutgoingMessage { account_id: record.account_id.as_deref(), recipient: &request.email, subject: &subject, body: &body })
        .await
        .or_internal("mail_information_answer")?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(clerk.account_id.as_str(), "information_request_answered", record.account_id.clone().unwrap_or_default())
            .with_details(serde_json::json!({ "request": request.number })),
    )
    .await
    .or_internal("audit_information_request")?;
    let page = path_with(CLERK_INFORMATION_REQUEST_PATH, &[&request.number]);
    Ok(redirect_to(&format!("{page}?risposta=1")))
}
