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
use super::routes::file_download;
use crate::auth::sessions::redirect_to;
use crate::auth::tokens::now_unix_seconds;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{FormWithFiles, Path, SignedIn, Staff, UploadedFile, UserLocale};
use crate::messages::centre::{Addressee, Letter};
use crate::AppState;
use app::auth::model::CurrentUser;
use app::i18n::{Locale, Text};
use app::ids::{AttachmentId, DocumentId, PracticeId};
use app::messages::model::MessageKind;
use app::practices::calendar::{italian_date, rome_date_of_unix_seconds};
use app::practices::model::format_size;
use app::practices::workflow::{
    parse_action_request, Actor, PracticeAction, PracticeActionForm, ACTION_FIELD, CONFIRM_FIELD, DEADLINE_FIELD, DOCUMENT_FIELD, NOTE_FIELD,
};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use std::collections::BTreeMap;

const MAXIMUM_DOCUMENT_BYTES: u64 = 10 * 1024 * 1024;
const MAXIMUM_DOCUMENTS_PER_ACTION: usize = 5;

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

/// What the page shows again with its problems: the typed text, never the
/// token or the confirmation (ticking it again is the citizen's choice).
fn kept(form: &FormWithFiles<PracticeActionForm>) -> BTreeMap<String, String> {
    let fields = &form.fields;
    [(NOTE_FIELD, &fields.note), (DEADLINE_FIELD, &fields.deadline), (ACTION_FIELD, &fields.action)]
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.clone()))
        .collect()
}

async fn act(
    state: AppState,
    actor: Actor,
    user: CurrentUser,
    locale: Locale,
    practice_id: PracticeId,
    mut form: FormWithFiles<PracticeActionForm>,
) -> Result<Response, AppError> {
    let files = std::mem::take(&mut form.files);
    let has_files = !files.is_empty();
    let reachable = practice_reachable_by(&state.pool, &practice_id, actor, &user.account_id).await.or_internal("practice_action")?;
    if !reachable {
        return Err(AppError::NotFound);
    }
    let here = match actor {
        Actor::Citizen => format!("/area-personale/pratiche/{practice_id}"),
        Actor::Clerk => format!("/operatore/pratiche/{practice_id}"),
    };
    let problem = |field: &str, message: String| AppError::form(kept(&form), vec![(field.to_string(), message)]);
    let Some(action) = form.fields.action_of(actor) else {
        return Err(problem(ACTION_FIELD, Text::ActionUnknown.in_locale(locale).to_string()));
    };
    if action == PracticeAction::Withdraw && !form.fields.confirmed() {
        return Err(problem(CONFIRM_FIELD, Text::WithdrawConfirmMissing.in_locale(locale).to_string()));
    }
    let documents = accept_documents(files, locale).map_err(|message| problem(DOCUMENT_FIELD, message))?;
    let today = rome_date_of_unix_seconds(now_unix_seconds());
    let checked = parse_action_request(action, &form.fields.note, &form.fields.deadline, has_files, today).map_err(|problems| {
        AppError::form(kept(&form), problems.iter().map(|problem| (problem.field.to_string(), problem.text.in_locale(locale).to_string())).collect())
    })?;
    let refused = |message: String| AppError::form(kept(&form), vec![(ACTION_FIELD.to_string(), message)]).with_status(StatusCode::CONFLICT);
    match apply_practice_action(&state.pool, &practice_id, actor, &user.account_id, &checked, &documents).await {
        Ok(applied) => {
            notify_citizen(&state, &practice_id, action, &checked.note, checked.deadline, &applied).await;
            Ok(redirect_to(&format!("{here}?fatto={}", action.code())))
        }
        Err(PracticeActionError::NotFound) => Err(AppError::NotFound),
        Err(PracticeActionError::Refused(why)) => Err(refused(why.message(locale))),
        Err(PracticeActionError::ChangedMeanwhile) => Err(refused(Text::ActionProblemChangedMeanwhile.in_locale(locale).to_string())),
        Err(PracticeActionError::Failure(error)) => Err(AppError::internal("practice_action", error)),
    }
}

/// POST `/operatore/pratiche/<id>`: a clerk of the practice's office acts on it.
#[tracing::instrument(skip_all)]
pub async fn clerk_action(
    State(state): State<AppState>,
    Staff(user): Staff,
    UserLocale(locale): UserLocale,
    Path(practice_id): Path<PracticeId>,
    form: FormWithFiles<PracticeActionForm>,
) -> Result<Response, AppError> {
    act(state, Actor::Clerk, user, locale, practice_id, form).await
}

/// POST `/area-personale/pratiche/<id>`: the owner answers an integration request or withdraws.
#[tracing::instrument(skip_all)]
pub async fn citizen_action(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    Path(practice_id): Path<PracticeId>,
    form: FormWithFiles<PracticeActionForm>,
) -> Result<Response, AppError> {
    act(state, Actor::Citizen, user, locale, practice_id, form).await
}

/// The office's requests and decisions reach the citizen through the
/// message centre: the personal area always, email and App IO as chosen.
async fn notify_citizen(state: &AppState, practice_id: &PracticeId, action: PracticeAction, note: &str, deadline: Option<time::Date>, applied: &AppliedAction) {
    let what_of = |locale: Locale| match action {
        PracticeAction::RequestIntegration => {
            Some(Text::MailIntegrationRequested.fill(locale, &[("deadline", &deadline.map(italian_date).unwrap_or_default()), ("note", note)]))
        }
        PracticeAction::Accept => Some(Text::MailApplicationAccepted.fill(locale, &[("note", note)])),
        PracticeAction::Reject => Some(Text::MailApplicationRejected.fill(locale, &[("note", note)])),
        PracticeAction::ArchiveWithdrawal => Some(Text::MailWithdrawalArchived.in_locale(locale).to_string()),
        _ => None,
    };
    if what_of(Locale::Italian).is_none() {
        return;
    }
    let protocol = applied.protocol_number.to_string();
    // The clerk acts: the citizen's chosen language (Italian until they choose).
    let write = |locale: Locale| {
        let status = app::practices::wizard_pages::status_text(applied.status_after).in_locale(locale);
        let what = what_of(locale).unwrap_or_default();
        let values = [("protocol", protocol.as_str()), ("procedure", applied.procedure_title.as_str()), ("status", status), ("what", what.as_str())];
        (Text::MailPracticeUpdateSubject.fill(locale, &values), Text::MailPracticeUpdateBody.fill(locale, &values))
    };
    state
        .messages
        .send_or_log(
            &Addressee { account_id: &applied.owner_account_id, email: Some(&applied.recipient), locale: None },
            &Letter {
                kind: MessageKind::Practices,
                write: Box::new(write),
                link: Some(format!("/area-personale/pratiche/{practice_id}")),
                due_on: if action == PracticeAction::RequestIntegration { deadline } else { None },
                notice: None,
                once_key: None,
            },
        )
        .await;
}

/// GET `/area-personale/pratiche/<id>/documenti/<document>`: to the owner only.
#[tracing::instrument(skip_all)]
pub async fn citizen_document(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path((practice_id, document_id)): Path<(PracticeId, DocumentId)>,
) -> Result<Response, AppError> {
    let file = practice_document_for(&state.pool, Actor::Citizen, &user.account_id, &practice_id, &document_id).await.or_internal("practice_document")?;
    Ok(file_download(file.ok_or(AppError::NotFound)?))
}

/// GET `/operatore/pratiche/<id>/documenti/<document>`: to clerks of the practice's office.
#[tracing::instrument(skip_all)]
pub async fn clerk_document(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path((practice_id, document_id)): Path<(PracticeId, DocumentId)>,
) -> Result<Response, AppError> {
    let file = practice_document_for(&state.pool, Actor::Clerk, &user.account_id, &practice_id, &document_id).await.or_internal("practice_document")?;
    Ok(file_download(file.ok_or(AppError::NotFound)?))
}

/// GET `/operatore/pratiche/<id>/allegati/<attachment>`: a file filed with the application.
#[tracing::instrument(skip_all)]
pub async fn clerk_filed_attachment(
    State(state): State<AppState>,
    Staff(user): Staff,
    Path((practice_id, attachment_id)): Path<(PracticeId, AttachmentId)>,
) -> Result<Response, AppError> {
    let file = filed_attachment_for_clerk(&state.pool, &user.account_id, &practice_id, &attachment_id).await.or_internal("filed_attachment")?;
    Ok(file_download(file.ok_or(AppError::NotFound)?))
}
