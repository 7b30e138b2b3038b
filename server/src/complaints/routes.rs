//! The complaints' form handlers: anyone's complaint or suggestion, a
//! clerk's registration of one received by email, phone, letter or in
//! person, the office's answer (mailed; a founded complaint's mail holds
//! the link to choose the compensation), the handover, the citizen's
//! choice, and the administrators' inventory. Every office step is audited.

use super::store::{add_item, file_complaint, find_by_choice_code, find_complaint, record_step, set_available, ComplaintStep, NewComplaint, StepOutcome};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::sessions::redirect_to;
use crate::auth::throttle::{self, ThrottlePolicy};
use crate::auth::tokens::{random_token, sha256_hex};
use crate::http::client_address::ClientAddress;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Administrator, Form, MaybeSignedIn, Path, Staff, UserLocale};
use crate::mail::outbox::OutgoingMessage;
use crate::AppState;
use app::complaints::forms::*;
use app::complaints::model::{
    check_complaint, check_item, check_quantity, check_verdict, compensation_choice_until, ChoiceCode, ComplaintNumber, ComplaintProblem, ItemProblem, Verdict,
    VerdictProblem,
};
use app::i18n::{Locale, Text};
use app::listening::model::RequestChannel;
use app::practices::calendar::{italian_date, italian_date_time_of_unix_seconds, rome_date_of_unix_seconds};
use app::routes::{path_with, CLERK_COMPLAINT_PATH, COMPENSATION_CHOICE_PATH, COMPENSATION_INVENTORY_PATH, COMPLAINT_PATH};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

/// Like the information requests: ten an hour from one address.
const COMPLAINTS_PER_ADDRESS: ThrottlePolicy = ThrottlePolicy { maximum_failures: 10, window_seconds: 3600, lock_seconds: 3600 };

fn problem_entry(problem: ComplaintProblem, locale: Locale) -> (String, String) {
    let (field, text) = match problem {
        ComplaintProblem::Kind => (KIND_FIELD, Text::ComplaintErrorKind),
        ComplaintProblem::Name => (NAME_FIELD, Text::InformationErrorName),
        ComplaintProblem::Email => (EMAIL_FIELD, Text::InformationErrorEmail),
        ComplaintProblem::Standard => (STANDARD_FIELD, Text::ComplaintErrorStandard),
        ComplaintProblem::TextMissing => (TEXT_FIELD, Text::ComplaintErrorTextMissing),
        ComplaintProblem::TextTooShort => (TEXT_FIELD, Text::ComplaintErrorTextTooShort),
        ComplaintProblem::TextTooLong => (TEXT_FIELD, Text::ComplaintErrorTextTooLong),
        ComplaintProblem::Privacy => (PRIVACY_FIELD, Text::InformationErrorPrivacy),
        ComplaintProblem::Channel => (CHANNEL_FIELD, Text::InformationErrorChannel),
        ComplaintProblem::ReceivedAt => (RECEIVED_DATE_FIELD, Text::InformationErrorReceivedAt),
    };
    (field.to_string(), text.in_locale(locale).to_string())
}

fn problems_of(problems: Vec<ComplaintProblem>, locale: Locale) -> Vec<(String, String)> {
    problems.into_iter().map(|problem| problem_entry(problem, locale)).collect()
}

/// POST `/ascolto/reclami`: anyone, signed in or not.
#[tracing::instrument(skip_all)]
pub async fn send_complaint(
    State(state): State<AppState>,
    MaybeSignedIn(user): MaybeSignedIn,
    ClientAddress(address): ClientAddress,
    UserLocale(locale): UserLocale,
    form: Form<ComplaintForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let address_key = format!("complaint-{}", throttle::address_key(&address));
    if let Some(seconds) = throttle::locked_for_seconds(&state.pool, &address_key).await.or_internal("throttle")? {
        return Err(throttle::throttled(&form.typed, TEXT_FIELD, Text::ComplaintTooMany, seconds, locale));
    }
    let checked = check_complaint(&fields.kind, &fields.name, &fields.email, &fields.standard, &fields.text);
    let mut problems = checked.as_ref().err().cloned().unwrap_or_default();
    if fields.privacy != "si" {
        problems.push(ComplaintProblem::Privacy);
    }
    let checked = match checked {
        Ok(checked) if problems.is_empty() => checked,
        _ => return Err(form.with_problems(problems_of(problems, locale))),
    };
    let now = state.config.clock.now_unix_seconds();
    let filed = file_complaint(
        &state.pool,
        &NewComplaint {
            complaint: &checked,
            channel: RequestChannel::Portal,
            account_id: user.as_ref().map(|user| user.account_id.as_str()),
            registered_by: None,
            received_at: now,
            locale,
        },
    )
    .await
    .or_internal("file_complaint")?;
    throttle::record_failure(&state.pool, &address_key, COMPLAINTS_PER_ADDRESS).await.or_internal("throttle")?;
    Ok(redirect_to(&format!("{COMPLAINT_PATH}?inviato={}&entro={}", filed.number, filed.due_on)))
}

/// POST `/operatore/reclami/nuovo`: one received by email, phone, letter
/// or in person, with when it arrived (not later than now: the 30 working
/// days count from then).
#[tracing::instrument(skip_all)]
pub async fn register_complaint(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    UserLocale(locale): UserLocale,
    form: Form<RegisteredComplaintForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let now = state.config.clock.now_unix_seconds();
    let checked = check_complaint(&fields.kind, &fields.name, &fields.email, &fields.standard, &fields.text);
    let mut problems = checked.as_ref().err().cloned().unwrap_or_default();
    let channel = RequestChannel::parse(&fields.channel).filter(|channel| RequestChannel::REGISTERED.contains(channel));
    if channel.is_none() {
        problems.push(ComplaintProblem::Channel);
    }
    let received_at = app::practices::calendar::parse_rome_date_time(&fields.received_date, &fields.received_time).filter(|at| *at <= now + 60);
    if received_at.is_none() {
        problems.push(ComplaintProblem::ReceivedAt);
    }
    let (Ok(checked), Some(channel), Some(received_at), true) = (checked, channel, received_at, problems.is_empty()) else {
        return Err(form.with_problems(problems_of(problems, locale)));
    };
    let filed = file_complaint(
        &state.pool,
        &NewComplaint { complaint: &checked, channel, account_id: None, registered_by: Some(clerk.account_id.as_str()), received_at, locale: Locale::Italian },
    )
    .await
    .or_internal("file_complaint")?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(clerk.account_id.as_str(), "complaint_registered", "")
            .with_details(serde_json::json!({ "complaint": filed.number.to_string(), "channel": channel.code() })),
    )
    .await
    .or_internal("audit_complaint")?;
    let page = path_with(CLERK_COMPLAINT_PATH, &[&filed.number.to_string()]);
    Ok(redirect_to(&format!("{page}?registrato=1")))
}

fn verdict_entry(problem: VerdictProblem, locale: Locale) -> (String, String) {
    let (field, text) = match problem {
        VerdictProblem::Verdict => (VERDICT_FIELD, Text::ComplaintErrorVerdict),
        VerdictProblem::Reason => (REASON_FIELD, Text::ComplaintErrorReason),
    };
    (field.to_string(), text.in_locale(locale).to_string())
}

fn verdict_text(verdict: Verdict) -> Text {
    match verdict {
        Verdict::Founded => Text::ComplaintFounded,
        Verdict::NotFounded => Text::ComplaintNotFounded,
        Verdict::Answered => Text::ComplaintAnswered,
    }
}

/// POST `/operatore/reclami/{number}`: the office's answer, once (a
/// complaint judged founded or not, a suggestion answered), mailed; or the
/// handover of the compensation chosen.
#[tracing::instrument(skip_all)]
pub async fn work_complaint(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    UserLocale(locale): UserLocale,
    Path(number): Path<ComplaintNumber>,
    form: Form<ClerkComplaintForm>,
) -> Result<Response, AppError> {
    let now = state.config.clock.now_unix_seconds();
    let Some(record) = find_complaint(&state.pool, &number, now).await.or_internal("find_complaint")? else {
        return Err(AppError::NotFound);
    };
    let page = path_with(CLERK_COMPLAINT_PATH, &[&record.view.number]);
    let by = clerk.account_id.as_str();
    if form.fields.action == HAND_OVER_ACTION {
        if record_step(&state.pool, &number, ComplaintStep::HandedOver { by }, now).await.or_internal("hand_over_compensation")? != StepOutcome::Done {
            return Err(form
                .with_problems(vec![(ACTION_FIELD.to_string(), Text::CompensationErrorNotChosen.in_locale(locale).to_string())])
                .with_status(StatusCode::CONFLICT));
        }
        append_audit_event(
            &state.pool,
            &AuditEvent::new(by, "compensation_handed_over", record.account_id.clone().unwrap_or_default())
                .with_details(serde_json::json!({ "complaint": record.view.number })),
        )
        .await
        .or_internal("audit_complaint")?;
        return Ok(redirect_to(&format!("{page}?consegnato=1")));
    }
    let (verdict, reason) = check_verdict(record.view.kind, &form.fields.verdict, &form.fields.reason)
        .map_err(|problems| form.with_problems(problems.into_iter().map(|problem| verdict_entry(problem, locale)).collect()))?;
    // A founded complaint: a code only the citizen's mail holds, and 30 days from today.
    let code = (verdict == Verdict::Founded).then(random_token);
    let code_hash = code.as_deref().map(|code| sha256_hex(code.as_bytes()));
    let until = compensation_choice_until(rome_date_of_unix_seconds(now));
    let choice = code_hash.as_deref().map(|hash| (hash, until));
    let step = ComplaintStep::Answered { verdict, reason: &reason, by, choice };
    if record_step(&state.pool, &number, step, now).await.or_internal("answer_complaint")? != StepOutcome::Done {
        return Err(form
            .with_problems(vec![(REASON_FIELD.to_string(), Text::ComplaintErrorAnsweredAlready.in_locale(locale).to_string())])
            .with_status(StatusCode::CONFLICT));
    }
    let complaint = &record.view;
    let mail_locale = record.locale;
    let received = italian_date_time_of_unix_seconds(complaint.received_at);
    let subject = Text::MailComplaintAnswerSubject.fill(mail_locale, &[("number", &complaint.number)]);
    let body = match code {
        Some(code) => {
            let link = format!("{}{COMPENSATION_CHOICE_PATH}?{CODE_FIELD}={code}", state.config.public_url.trim_end_matches('/'));
            Text::MailComplaintFoundedBody.fill(
                mail_locale,
                &[
                    ("name", &complaint.name),
                    ("number", &complaint.number),
                    ("received", &received),
                    ("reason", &reason),
                    ("until", &italian_date(until)),
                    ("link", &link),
                ],
            )
        }
        None => Text::MailComplaintAnswerBody.fill(
            mail_locale,
            &[
                ("name", &complaint.name),
                ("number", &complaint.number),
                ("received", &received),
                ("verdict", verdict_text(verdict).in_locale(mail_locale)),
                ("reason", &reason),
            ],
        ),
    };
    state
        .outbox
        .enqueue(&OutgoingMessage { account_id: record.account_id.as_deref(), recipient: &complaint.email, subject: &subject, body: &body })
        .await
        .or_internal("mail_complaint_answer")?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(by, "complaint_answered", record.account_id.clone().unwrap_or_default())
            .with_details(serde_json::json!({ "complaint": complaint.number, "verdict": verdict.code() })),
    )
    .await
    .or_internal("audit_complaint")?;
    Ok(redirect_to(&format!("{page}?risposta=1")))
}

/// POST `/ascolto/indennizzo`: whoever holds a founded complaint's code
/// chooses one available item, once, until the last day.
#[tracing::instrument(skip_all)]
pub async fn choose_compensation(
    State(state): State<AppState>,
    UserLocale(locale): UserLocale,
    form: Form<CompensationChoiceForm>,
) -> Result<Response, AppError> {
    let now = state.config.clock.now_unix_seconds();
    let refuse = |text: Text| form.with_problems(vec![(ITEM_FIELD.to_string(), text.in_locale(locale).to_string())]);
    let Some(code) = ChoiceCode::parse(&form.fields.code) else {
        return Err(refuse(Text::CompensationLinkInvalid));
    };
    let Some(record) = find_by_choice_code(&state.pool, &sha256_hex(code.as_str().as_bytes()), now).await.or_internal("find_choice")? else {
        return Err(refuse(Text::CompensationLinkInvalid));
    };
    let Some(number) = ComplaintNumber::parse(&record.view.number) else {
        return Err(AppError::NotFound);
    };
    let item = form.fields.item.trim();
    if item.is_empty() {
        return Err(refuse(Text::CompensationErrorItem));
    }
    match record_step(&state.pool, &number, ComplaintStep::CompensationChosen { item }, now).await.or_internal("choose_compensation")? {
        StepOutcome::Done => Ok(redirect_to(&format!("{COMPENSATION_CHOICE_PATH}?{CODE_FIELD}={}&scelto=1", code.as_str()))),
        StepOutcome::ItemUnavailable => Err(refuse(Text::CompensationErrorGone).with_status(StatusCode::CONFLICT)),
        StepOutcome::NotAllowed => Err(refuse(Text::CompensationErrorClosed).with_status(StatusCode::CONFLICT)),
    }
}

fn item_entry(problem: ItemProblem, locale: Locale) -> (String, String) {
    let (field, text) = match problem {
        ItemProblem::Kind => (ITEM_KIND_FIELD, Text::CompensationErrorKind),
        ItemProblem::Description => (DESCRIPTION_FIELD, Text::CompensationErrorDescription),
        ItemProblem::Quantity => (QUANTITY_FIELD, Text::CompensationErrorQuantity),
    };
    (field.to_string(), text.in_locale(locale).to_string())
}

/// POST `/amministrazione/indennizzi`: a new item, or how many of one are left.
#[tracing::instrument(skip_all)]
pub async fn manage_inventory(
    State(state): State<AppState>,
    Administrator(admin): Administrator,
    UserLocale(locale): UserLocale,
    form: Form<InventoryForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let now = state.config.clock.now_unix_seconds();
    let by = admin.account_id.as_str();
    if fields.action == UPDATE_ITEM_ACTION {
        // The row's own field, so that the error shows beside it.
        let field = format!("{QUANTITY_FIELD}-{}", fields.item);
        let Some(available) = check_quantity(&fields.quantity) else {
            return Err(form.with_problems(vec![(field, Text::CompensationErrorQuantity.in_locale(locale).to_string())]));
        };
        if !set_available(&state.pool, &fields.item, available, by, now).await.or_internal("set_available")? {
            return Err(form.with_problems(vec![(field, Text::CompensationErrorUnknownItem.in_locale(locale).to_string())]));
        }
        append_audit_event(
            &state.pool,
            &AuditEvent::new(by, "compensation_item_updated", fields.item.as_str()).with_details(serde_json::json!({ "available": available })),
        )
        .await
        .or_internal("audit_inventory")?;
        return Ok(redirect_to(&format!("{COMPENSATION_INVENTORY_PATH}?aggiornato=1")));
    }
    let (kind, description, available) = check_item(&fields.kind, &fields.description, &fields.quantity)
        .map_err(|problems| form.with_problems(problems.into_iter().map(|problem| item_entry(problem, locale)).collect()))?;
    let id = add_item(&state.pool, kind, &description, available, by, now).await.or_internal("add_item")?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(by, "compensation_item_added", id.as_str()).with_details(serde_json::json!({ "kind": kind.code(), "available": available })),
    )
    .await
    .or_internal("audit_inventory")?;
    Ok(redirect_to(&format!("{COMPENSATION_INVENTORY_PATH}?aggiunto=1")))
}
