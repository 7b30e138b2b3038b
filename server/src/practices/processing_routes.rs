//! The forms that move a filed practice: the office's (take charge, note,
//! integration request, acceptance, rejection, archived withdrawal) at
//! `/operatore/pratiche/<id>` and the citizen's (answer to an integration
//! request, withdrawal) at `/area-personale/pratiche/<id>`. Each post answers
//! with a redirect to the same page, or with the page again: 422 and the
//! typed text kept for a mistake, 409 for a move the status does not allow.
//! Downloads of the documents exchanged live here too.

use super::attachments::sniff;
use super::processing::{
    apply_practice_action, filed_attachment_for_clerk, practice_document_for, practice_reachable_by, AppliedAction, NewDocument, PracticeActionError,
};
use super::routes::{current_user, file_download, not_found, read_step_form, UploadedFile};
use crate::auth::routes::{internal_failure, locale_of};
use crate::auth::sessions::redirect_to;
use crate::auth::tokens::now_unix_seconds;
use crate::http::form_pages::render_page_for_post;
use crate::mail::outbox::OutgoingMessage;
use crate::AppState;
use app::auth::model::SubmittedForm;
use app::i18n::{Locale, Text};
use app::practices::calendar::{italian_date, rome_date_of_unix_seconds};
use app::practices::model::format_size;
use app::practices::workflow::{parse_action_request, Actor, PracticeAction, ACTION_FIELD, CONFIRM_FIELD, DEADLINE_FIELD, DOCUMENT_FIELD, NOTE_FIELD};
use axum::extract::{Path, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;

const MAXIMUM_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;
const MAXIMUM_DOCUMENTS_PER_ACTION: usize = 5;

fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str()).unwrap_or_default()
}

/// Sniffs each file; a message for the first refused one.
fn accept_documents(files: Vec<UploadedFile>, locale: Locale) -> Result<Vec<NewDocument>, String> {
    if files.len() > MAXIMUM_DOCUMENTS_PER_ACTION {
        return Err(Text::DocumentTooMany.in_locale(locale).replace("{files}", &MAXIMUM_DOCUMENTS_PER_ACTION.to_string()));
    }
    let mut documents = Vec::new();
    for file in files {
        let name = super::attachments::clean_file_name(&file.file_name);
        let Some(sniffed) = sniff(&file.bytes) else {
            return Err(Text::DocumentWrongType.in_locale(locale).replace("{file}", &name));
        };
        if file.bytes.len() as u64 > MAXIMUM_DOCUMENT_BYTES {
            return Err(Text::DocumentTooLarge.in_locale(locale).replace("{file}", &name).replace("{size}", &format_size(MAXIMUM_DOCUMENT_BYTES)));
        }
        documents.push(NewDocument { file_name: file.file_name, sniffed, bytes: file.bytes });
    }
    Ok(documents)
}

/// The page again with the problems first and the typed text kept.
async fn answer_with_problems(state: &AppState, parts: Parts, pairs: &[(String, String)], errors: Vec<(String, String)>, status: StatusCode) -> Response {
    let values = [NOTE_FIELD, DEADLINE_FIELD, ACTION_FIELD].into_iter().map(|name| (name.to_string(), field(pairs, name).to_string())).collect();
    render_page_for_post(state, parts, SubmittedForm { values, errors }, || {}, status).await
}

async fn act(state: AppState, actor: Actor, practice_id: String, request: Request) -> Response {
    let (parts, pairs, files) = match read_step_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    match practice_reachable_by(&state.pool, &practice_id, actor, &user.account_id).await {
        Ok(true) => {}
        Ok(false) => return not_found(&state, parts).await,
        Err(error) => return internal_failure("practice_action", error),
    }
    let locale = locale_of(&parts);
    let here = match actor {
        Actor::Citizen => format!("/area-personale/pratiche/{practice_id}"),
        Actor::Clerk => format!("/operatore/pratiche/{practice_id}"),
    };
    let Some(action) = PracticeAction::from_code(field(&pairs, ACTION_FIELD)).filter(|action| action.actor() == actor) else {
        let message = Text::ActionUnknown.in_locale(locale).to_string();
        return answer_with_problems(&state, parts, &pairs, vec![(ACTION_FIELD.to_string(), message)], StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    if action == PracticeAction::Withdraw && field(&pairs, CONFIRM_FIELD) != "si" {
        let message = Text::WithdrawConfirmMissing.in_locale(locale).to_string();
        return answer_with_problems(&state, parts, &pairs, vec![(CONFIRM_FIELD.to_string(), message)], StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let has_files = !files.is_empty();
    let documents = match accept_documents(files, locale) {
        Ok(documents) => documents,
        Err(message) => {
            return answer_with_problems(&state, parts, &pairs, vec![(DOCUMENT_FIELD.to_string(), message)], StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let today = rome_date_of_unix_seconds(now_unix_seconds());
    let checked = match parse_action_request(action, field(&pairs, NOTE_FIELD), field(&pairs, DEADLINE_FIELD), has_files, today) {
        Ok(checked) => checked,
        Err(problems) => {
            let errors = problems.iter().map(|problem| (problem.field.to_string(), problem.text.in_locale(locale).to_string())).collect();
            return answer_with_problems(&state, parts, &pairs, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match apply_practice_action(&state.pool, &practice_id, actor, &user.account_id, &checked, &documents).await {
        Ok(applied) => {
            notify_citizen(&state, action, &checked.note, checked.deadline, &applied).await;
            redirect_to(&format!("{here}?fatto={}", action.code()))
        }
        Err(PracticeActionError::NotFound) => not_found(&state, parts).await,
        Err(PracticeActionError::Refused(refused)) => {
            let message = refused.message(locale);
            answer_with_problems(&state, parts, &pairs, vec![(ACTION_FIELD.to_string(), message)], StatusCode::CONFLICT).await
        }
        Err(PracticeActionError::ChangedMeanwhile) => {
            let message = Text::ActionProblemChangedMeanwhile.in_locale(locale).to_string();
            answer_with_problems(&state, parts, &pairs, vec![(ACTION_FIELD.to_string(), message)], StatusCode::CONFLICT).await
        }
        Err(PracticeActionError::Failure(error)) => internal_failure("practice_action", error),
    }
}

/// POST `/operatore/pratiche/<id>`: a clerk of the practice's office acts on it.
pub async fn clerk_action(State(state): State<AppState>, Path(practice_id): Path<String>, request: Request) -> Response {
    act(state, Actor::Clerk, practice_id, request).await
}

/// POST `/area-personale/pratiche/<id>`: the owner answers an integration request or withdraws.
pub async fn citizen_action(State(state): State<AppState>, Path(practice_id): Path<String>, request: Request) -> Response {
    act(state, Actor::Citizen, practice_id, request).await
}

/// The office's requests and decisions reach the citizen by email too (the
/// personal area shows them anyway).
async fn notify_citizen(state: &AppState, action: PracticeAction, note: &str, deadline: Option<time::Date>, applied: &AppliedAction) {
    // The citizen's language is not known here (the clerk acts): the
    // municipality writes in Italian, from the catalogue like every mail.
    let locale = Locale::Italian;
    let deadline = deadline.map(italian_date).unwrap_or_default();
    let what = match action {
        PracticeAction::RequestIntegration => Text::MailIntegrationRequested.fill(locale, &[("deadline", &deadline), ("note", note)]),
        PracticeAction::Accept => Text::MailApplicationAccepted.fill(locale, &[("note", note)]),
        PracticeAction::Reject => Text::MailApplicationRejected.fill(locale, &[("note", note)]),
        PracticeAction::ArchiveWithdrawal => Text::MailWithdrawalArchived.in_locale(locale).to_string(),
        _ => return,
    };
    if applied.recipient.is_empty() {
        return;
    }
    let status = app::practices::wizard_pages::status_text(applied.status_after).in_locale(locale);
    let protocol = applied.protocol_number.to_string();
    let values = [("protocol", protocol.as_str()), ("procedure", applied.procedure_title.as_str()), ("status", status), ("what", what.as_str())];
    let subject = Text::MailPracticeUpdateSubject.fill(locale, &values);
    let body = Text::MailPracticeUpdateBody.fill(locale, &values);
    let message = OutgoingMessage { account_id: Some(&applied.owner_account_id), recipient: &applied.recipient, subject: &subject, body: &body };
    if let Err(error) = state.outbox.enqueue(&message).await {
        // The action is recorded; the citizen sees it in the personal area.
        tracing::error!(error = format!("{error:#}"), "cannot queue a practice notification");
    }
}

/// GET `/area-personale/pratiche/<id>/documenti/<document>`: to the owner only.
pub async fn citizen_document(State(state): State<AppState>, Path((practice_id, document_id)): Path<(String, String)>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    match practice_document_for(&state.pool, Actor::Citizen, &user.account_id, &practice_id, &document_id).await {
        Ok(Some(file)) => file_download(file),
        Ok(None) => not_found(&state, parts).await,
        Err(error) => internal_failure("practice_document", error),
    }
}

/// GET `/operatore/pratiche/<id>/documenti/<document>`: to clerks of the practice's office.
pub async fn clerk_document(State(state): State<AppState>, Path((practice_id, document_id)): Path<(String, String)>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    match practice_document_for(&state.pool, Actor::Clerk, &user.account_id, &practice_id, &document_id).await {
        Ok(Some(file)) => file_download(file),
        Ok(None) => not_found(&state, parts).await,
        Err(error) => internal_failure("practice_document", error),
    }
}

/// GET `/operatore/pratiche/<id>/allegati/<attachment>`: a file filed with the application.
pub async fn clerk_filed_attachment(State(state): State<AppState>, Path((practice_id, attachment_id)): Path<(String, String)>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    match filed_attachment_for_clerk(&state.pool, &user.account_id, &practice_id, &attachment_id).await {
        Ok(Some(file)) => file_download(file),
        Ok(None) => not_found(&state, parts).await,
        Err(error) => internal_failure("filed_attachment", error),
    }
}
