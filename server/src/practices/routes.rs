//! The wizard's form handlers. Every post answers with a redirect (303) or
//! with its own page again (422, the typed answers kept in the draft and the
//! problems listed first). A citizen reaches only their own drafts: anyone
//! else's is "not found", exactly like a draft that does not exist.

use super::attachments::{
    attachment_for_owner, attachments_of_draft, clean_file_name, remove_attachment, sniff, store_attachment, StoredFile, MAXIMUM_BYTES_PER_PRACTICE,
};
use super::drafts::{create_draft, draft_of_owner, save_draft, StoredDraft};
use super::step_form::StepForm;
use super::store::procedure_at_version;
use super::submission::file_practice;
use crate::auth::sessions::{percent_encode_component, redirect_to};
use crate::auth::tokens::now_unix_seconds;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Path, SignedIn, UploadedFile, UserLocale};
use crate::messages::centre::{Addressee, Letter};
use crate::AppState;
use app::auth::model::{AuthenticationLevel, CurrentUser};
use app::i18n::{Locale, Text};
use app::ids::{AttachmentId, DraftId, PracticeId};
use app::messages::model::MessageKind;
use app::practices::answers::{Answers, DECLARATIONS_PREFIX};
use app::practices::calendar::{italian_date, italian_date_time_of_unix_seconds, rome_date_of_unix_seconds};
use app::practices::model::{IdentityPrefill, PracticeStatus, PublishedProcedure};
use app::practices::procedure::{FieldKind, ProcedureDefinition};
use app::practices::step_action::StepAction;
use app::practices::validation::{is_visible, merge_step_answers, validate_step, validate_submission, FieldError};
use app::practices::wizard_pages::{draft_step_path, input_id, CHECK_ANSWERS_SEGMENT, FEE_SECTION_PATH, PAY_FEE_SEGMENT, RETURN_PARAMETER};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;

/// POST `/area-personale/pratiche/nuova/<slug>`: opens a draft and goes to its first step.
#[tracing::instrument(skip_all)]
pub async fn start_practice(State(state): State<AppState>, SignedIn(user): SignedIn, Path(slug): Path<String>) -> Result<Response, AppError> {
    let (draft_id, first_step) = create_draft(&state.pool, &user.account_id, &slug).await.or_internal("create_draft")?.ok_or(AppError::NotFound)?;
    Ok(redirect_to(&draft_step_path(&draft_id, &first_step)))
}

async fn definition_of(state: &AppState, draft: &StoredDraft) -> anyhow::Result<Option<PublishedProcedure>> {
    procedure_at_version(&state.pool, &state.practices_port.offices, &draft.procedure_slug, draft.procedure_version, app::i18n::Locale::Italian)
        .await
        .map_err(|error| anyhow::anyhow!("{error}"))
}

/// Identity facts come from the session, never from the form.
fn apply_identity(definition: &ProcedureDefinition, answers: &mut Answers, user: &CurrentUser) {
    app::practices::validation::apply_identity(definition, answers, &identity_of(user));
}

fn identity_of(user: &CurrentUser) -> IdentityPrefill {
    IdentityPrefill {
        family_name: user.family_name.clone(),
        given_name: user.given_name.clone(),
        fiscal_code: user.fiscal_code.as_str().to_string(),
        email: None,
        phone: None,
    }
}

/// POST `/area-personale/bozze/<draft>/<step>`: saves a step (or files the
/// practice from the check-answers page).
#[tracing::instrument(skip_all)]
pub async fn save_step(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    Path((draft_id, step_id)): Path<(DraftId, String)>,
    form: StepForm,
) -> Result<Response, AppError> {
    let script = form.by_script;
    let mut draft = draft_of_owner(&state.pool, &user.account_id, &draft_id).await.or_internal("read_draft")?.ok_or(AppError::NotFound)?;
    if let Some(practice_id) = &draft.submitted_practice_id {
        return Ok(go_to(script, &format!("/area-personale/pratiche/{practice_id}?inviata=1")));
    }
    let procedure = definition_of(&state, &draft).await.or_internal("practice_definition")?.ok_or(AppError::NotFound)?;
    if step_id == CHECK_ANSWERS_SEGMENT {
        return submit(&state, locale, user, draft, procedure, form.answers).await;
    }
    if step_id == PAY_FEE_SEGMENT {
        return pay_fee_before_filing(&state, user, draft, procedure).await;
    }
    let definition = &procedure.definition;
    let index = definition.step_index(&step_id).filter(|index| *index <= draft.reached_step).ok_or(AppError::NotFound)?;
    let step = &definition.steps[index];
    // The same merge the WASM client checks before sending.
    draft.answers = merge_step_answers(definition, index, &draft.answers, &form.answers, &identity_of(&user));
    let visible_ids: Vec<&str> = step
        .fields
        .iter()
        .filter(|field| is_visible(field, &draft.answers) && !matches!(field.kind, FieldKind::Attachment { .. }))
        .map(|field| field.id.as_str())
        .collect();
    let upload_problems = accept_uploads(&state, &mut draft, step, form.files, locale).await.or_internal("store_attachment")?;
    if let StepAction::RemoveAttachment { field, attachment } = &form.action {
        remove_attachment(&state.pool, &draft.id, attachment).await.or_internal("remove_attachment")?;
        let kept: Vec<String> = draft.answers.values(field).into_iter().filter(|id| id != attachment).map(str::to_string).collect();
        draft.answers.set_many(field.clone(), kept);
    }
    apply_identity(definition, &mut draft.answers, &user);
    let returning = form.returning_to_summary;
    let here = if returning {
        format!("{}?{RETURN_PARAMETER}={CHECK_ANSWERS_SEGMENT}", draft_step_path(&draft.id, &step.id))
    } else {
        draft_step_path(&draft.id, &step.id)
    };
    let group_kind = form.action.field().and_then(|group| definition.field(group)).map(|field| &field.kind);
    match (&form.action, group_kind) {
        (StepAction::AddGroupItem { group }, Some(FieldKind::Group { max_items, .. })) => {
            // The new item's first input, or the group when it is full.
            let focus = draft.answers.add_group_item(group, *max_items).map(|item| format!("{group}.{item}")).unwrap_or_else(|| group.clone());
            save(&state, &draft).await?;
            return Ok(go_to(script, &format!("{here}#{}", input_id(&focus))));
        }
        (StepAction::RemoveGroupItem { group, position }, Some(FieldKind::Group { fields, .. })) => {
            let fields: Vec<&str> = fields.iter().map(|field| field.id.as_str()).collect();
            draft.answers.remove_group_item(group, &fields, *position);
            save(&state, &draft).await?;
            return Ok(go_to(script, &format!("{here}#{}", input_id(group))));
        }
        _ => {}
    }
    if !upload_problems.is_empty() || form.action.handles_files() {
        save(&state, &draft).await?;
        if upload_problems.is_empty() {
            return Ok(go_to(script, &format!("{here}#{}", input_id(form.action.field().unwrap_or_default()))));
        }
        return answer_with_problems(script, upload_problems);
    }
    let today = rome_date_of_unix_seconds(now_unix_seconds());
    match validate_step(definition, index, &draft.answers, today) {
        Err(errors) => {
            save(&state, &draft).await?;
            answer_with_problems(script, messages(&errors, locale))
        }
        Ok(normalised) => {
            draft.answers.replace_fields(&visible_ids, &normalised);
            draft.reached_step = draft.reached_step.max(index + 1);
            save(&state, &draft).await?;
            let all_done = draft.reached_step >= definition.steps.len();
            let next = match definition.steps.get(index + 1) {
                Some(next) if !(returning && all_done) => next.id.as_str(),
                _ => CHECK_ANSWERS_SEGMENT,
            };
            Ok(go_to(script, &draft_step_path(&draft.id, next)))
        }
    }
}

async fn save(state: &AppState, draft: &StoredDraft) -> Result<(), AppError> {
    save_draft(&state.pool, draft).await.or_internal("save_draft")
}

fn messages(errors: &[FieldError], locale: Locale) -> Vec<(String, String)> {
    errors.iter().map(|error| (error.path.clone(), error.message(locale))).collect()
}

/// The step again with its problems (422): as data for the island, else
/// the page, the answers coming from the saved draft.
fn answer_with_problems(script: bool, problems: Vec<(String, String)>) -> Result<Response, AppError> {
    if script {
        return Ok(problems_as_data(problems));
    }
    Err(AppError::form(BTreeMap::new(), problems))
}

/// Where the step's post leads: a 303 for the browser's own form post, the
/// address as data for the island's upload (it navigates there itself).
fn go_to(script: bool, location: &str) -> Response {
    if script {
        axum::Json(serde_json::json!({ "location": location })).into_response()
    } else {
        redirect_to(location)
    }
}

/// The step's problems (field path, message) as data for the island, 422.
fn problems_as_data(problems: Vec<(String, String)>) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(serde_json::json!({ "problems": problems }))).into_response()
}

/// Stores each sent file that its field accepts; returns a message per refusal.
async fn accept_uploads(
    state: &AppState,
    draft: &mut StoredDraft,
    step: &app::practices::procedure::Step,
    files: Vec<UploadedFile>,
    locale: Locale,
) -> anyhow::Result<Vec<(String, String)>> {
    use app::practices::model::format_size;
    let mut problems = Vec::new();
    if files.is_empty() {
        return Ok(problems);
    }
    let mut used: u64 = attachments_of_draft(&state.pool, &draft.id).await?.iter().map(|attachment| attachment.size_bytes).sum();
    for file in files {
        let Some(field) = step.fields.iter().find(|field| field.id == file.field) else { continue };
        let FieldKind::Attachment { max_files, max_bytes_per_file, accepted } = &field.kind else { continue };
        let name = clean_file_name(&file.file_name);
        let text = |entry: Text| entry.in_locale(locale).replace("{label}", &field.label).replace("{file}", &name);
        let sniffed = sniff(&file.bytes).filter(|sniffed| accepted.contains(&sniffed.kind));
        let size = file.bytes.len() as u64;
        let problem = if sniffed.is_none() {
            Some(text(Text::AttachmentWrongType))
        } else if size > *max_bytes_per_file {
            Some(text(Text::AttachmentTooLarge).replace("{size}", &format_size(*max_bytes_per_file)))
        } else if draft.answers.values(&field.id).len() >= *max_files {
            Some(text(Text::AttachmentTooMany).replace("{files}", &max_files.to_string()))
        } else if used + size > MAXIMUM_BYTES_PER_PRACTICE {
            Some(text(Text::AttachmentPracticeFull).replace("{size}", &format_size(MAXIMUM_BYTES_PER_PRACTICE)))
        } else {
            None
        };
        match (problem, sniffed) {
            (Some(problem), _) => problems.push((field.id.clone(), problem)),
            (None, Some(sniffed)) => {
                let id = store_attachment(&state.pool, &draft.id, &field.id, &file.file_name, sniffed, &file.bytes).await?;
                let mut ids: Vec<String> = draft.answers.values(&field.id).into_iter().map(str::to_string).collect();
                ids.push(id);
                draft.answers.set_many(field.id.clone(), ids);
                used += size;
            }
            (None, None) => {}
        }
    }
    Ok(problems)
}

/// GET `/area-personale/allegati/<id>`: the file, to its owner only, always as a download.
#[tracing::instrument(skip_all)]
pub async fn download_attachment(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(attachment_id): Path<AttachmentId>,
) -> Result<Response, AppError> {
    let file = attachment_for_owner(&state.pool, &user.account_id, &attachment_id).await.or_internal("download_attachment")?;
    Ok(file_download(file.ok_or(AppError::NotFound)?))
}

/// A stored file (name, sniffed type code, bytes), always as a download:
/// never rendered in the portal's origin.
pub(crate) fn file_download(StoredFile { file_name, sniffed_type, bytes }: StoredFile) -> Response {
    let content_type = match sniffed_type.as_str() {
        "pdf" | "pdf_a" => "application/pdf",
        "signed_p7m" => "application/pkcs7-mime",
        "jpeg" => "image/jpeg",
        "png" => "image/png",
        _ => "application/octet-stream",
    };
    let ascii_name: String = file_name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{ascii_name}\"")),
            (axum::http::header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// GET `/area-personale/pratiche/<id>/ricevuta.pdf`: the receipt, to the practice's owner only.
#[tracing::instrument(skip_all)]
pub async fn download_receipt(State(state): State<AppState>, SignedIn(user): SignedIn, Path(practice_id): Path<PracticeId>) -> Result<Response, AppError> {
    let filed =
        super::store::owned_practice_for_receipt(&state.pool, &practice_id, &user.account_id).await.or_internal("read_practice")?.ok_or(AppError::NotFound)?;
    let super::store::FiledPracticeForReceipt {
        draft_id,
        procedure_slug: slug,
        procedure_version: version,
        protocol_year: year,
        protocol_sequence: sequence,
        check_code,
        answers_json,
        submitted_at,
        submitted_on,
        status,
    } = filed;
    let built = async {
        let procedure = procedure_at_version(&state.pool, &state.practices_port.offices, &slug, version, app::i18n::Locale::Italian)
            .await
            .map_err(|error| anyhow::anyhow!("{error}"))?
            .ok_or_else(|| anyhow::anyhow!("procedure {slug} version {version} is missing"))?;
        let answers: Answers = serde_json::from_str(&answers_json)?;
        let attachments = attachments_of_draft(&state.pool, &draft_id).await?;
        let identity = IdentityPrefill {
            family_name: user.family_name.clone(),
            given_name: user.given_name.clone(),
            fiscal_code: user.fiscal_code.as_str().to_string(),
            email: None,
            phone: None,
        };
        let rows = app::practices::wizard_pages::answer_rows(&procedure.definition, &answers, &identity, &attachments);
        let protocol = app::practices::protocol_number::ProtocolNumber::from_stored(year, sequence)?;
        let filed_at = italian_date_time_of_unix_seconds(submitted_at);
        let status = app::practices::model::PracticeStatus::from_code(&status).ok_or_else(|| anyhow::anyhow!("unknown status {status}"))?;
        let expected = app::practices::validation::parse_date(&submitted_on)
            .and_then(|date| procedure.definition.time_limit.expected_completion(date, status, &[]))
            .map(italian_date);
        let applicant = format!("{} {} ({})", user.given_name, user.family_name, user.fiscal_code.as_str());
        let pdf = super::receipt::render_receipt_pdf(&super::receipt::ReceiptContent {
            procedure_title: &procedure.definition.title,
            protocol_number: &protocol.to_string(),
            check_code: &check_code,
            filed_at: &filed_at,
            expected_completion: expected.as_deref(),
            applicant: &applicant,
            office: &procedure.office,
            officer: &procedure.definition.officer,
            answers: &rows,
            attachments: &attachments,
        });
        anyhow::Ok((pdf, format!("ricevuta-{}-{:07}.pdf", protocol.year(), protocol.sequence())))
    }
    .await;
    let (pdf, file_name) = built.or_internal("render_receipt")?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/pdf".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (axum::http::header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        pdf,
    )
        .into_response())
}

/// "Paga online" of a fee paid before filing, from the summary of a draft
/// whose steps are all accepted: the draft's notice (opened once) goes to
/// Checkout like any other; problems come back to the summary's fee section.
async fn pay_fee_before_filing(state: &AppState, user: CurrentUser, draft: StoredDraft, procedure: PublishedProcedure) -> Result<Response, AppError> {
    let definition = &procedure.definition;
    let summary = draft_step_path(&draft.id, CHECK_ANSWERS_SEGMENT);
    if draft.reached_step < definition.steps.len() {
        return Ok(redirect_to(&summary));
    }
    let segregation_code = state.config.payments.segregation_code;
    let position = crate::payments::practice_fees::open_fee_before_filing(&state.pool, segregation_code, &user, &draft.id, definition, &draft.answers)
        .await
        .or_internal("open_fee_before_filing")?
        .ok_or(AppError::NotFound)?;
    Ok(match crate::payments::carts::checkout_location(state, &user, &[position.id]).await? {
        Ok(location) => redirect_to(&location),
        // Already paid: the summary says so and lets the citizen send.
        Err("pagato") => redirect_to(&summary),
        Err(problem) => redirect_to(&format!("{summary}?errore={problem}#{}", input_id(FEE_SECTION_PATH))),
    })
}

async fn submit(
    state: &AppState,
    locale: Locale,
    user: CurrentUser,
    mut draft: StoredDraft,
    procedure: PublishedProcedure,
    posted: Answers,
) -> Result<Response, AppError> {
    let definition = &procedure.definition;
    draft.answers.replace_fields(&[DECLARATIONS_PREFIX.trim_end_matches('.')], &posted);
    apply_identity(definition, &mut draft.answers, &user);
    save(state, &draft).await?;
    let summary = draft_step_path(&draft.id, CHECK_ANSWERS_SEGMENT);
    if draft.reached_step < definition.steps.len() {
        return Ok(redirect_to(&summary));
    }
    if user.level < AuthenticationLevel::Level2 {
        return Ok(redirect_to(&format!("/accedi/livello-2?ritorno={}", percent_encode_component(&summary))));
    }
    let today = rome_date_of_unix_seconds(now_unix_seconds());
    let filed_answers = match validate_submission(definition, &draft.answers, today) {
        Ok(filed) => filed,
        Err(errors) => {
            let first_step = errors
                .iter()
                .find_map(|error| definition.steps.iter().position(|step| step.fields.iter().any(|field| Answers::path_belongs_to(&error.path, &field.id))));
            if let Some(step_index) = first_step {
                // Something accepted before no longer holds (a date bound moved with the days): back to that step.
                draft.reached_step = step_index;
                save(state, &draft).await?;
                return Ok(redirect_to(&draft_step_path(&draft.id, &definition.steps[step_index].id)));
            }
            return answer_with_problems(false, messages(&errors, locale));
        }
    };
    let fee_paid = crate::payments::practice_fees::fee_allows_filing(&state.pool, &draft.id, definition).await.or_internal("fee_allows_filing")?;
    if !fee_paid {
        return answer_with_problems(false, vec![(FEE_SECTION_PATH.to_string(), Text::FeeBeforeFilingNotPaid.in_locale(locale).to_string())]);
    }
    let filed = file_practice(&state.pool, &user.account_id, &draft.id, &definition.office, &definition.time_limit, &filed_answers)
        .await
        .or_internal("file_practice")?
        .ok_or(AppError::NotFound)?;
    // The fee's notice, opened once per practice; a failure here leaves the
    // practice filed and the citizen's retry (idempotent) opens it.
    let segregation_code = state.config.payments.segregation_code;
    let fee = match crate::payments::practice_fees::open_practice_fee(
        &state.pool,
        segregation_code,
        &user,
        &filed.practice_id,
        &filed.protocol_number,
        definition,
        &filed_answers,
    )
    .await
    {
        Ok(fee) => fee,
        Err(error) => return Err(AppError::internal("open_practice_fee", error)),
    };
    if let Some(position) = fee {
        // Once per notice, however many times the filing is retried.
        let letter = crate::payments::messages::new_notice_letter(&position);
        let recipient = filed_answers.value("email").to_string();
        state.messages.send_or_log(&Addressee { account_id: user.account_id.as_str(), email: Some(&recipient), locale: Some(locale) }, &letter).await;
    }
    if filed.newly_filed {
        let recipient = filed_answers.value("email").to_string();
        let expected = definition.time_limit.expected_completion(today, PracticeStatus::Protocolled, &[]);
        let expected = expected.map(italian_date).unwrap_or_default();
        let name = format!("{} {}", user.given_name, user.family_name);
        let protocol = filed.protocol_number.to_string();
        let values = [
            ("name", name.as_str()),
            ("procedure", definition.title.as_str()),
            ("protocol", protocol.as_str()),
            ("check_code", filed.check_code.as_str()),
            ("expected", expected.as_str()),
            ("office", procedure.office.name.as_str()),
        ];
        let write = |locale: Locale| (Text::MailFiledSubject.fill(locale, &values), Text::MailFiledBody.fill(locale, &values));
        // The receipt is written in the language the citizen filed in, to the
        // address given in the form; the practice's page has it anyway.
        state
            .messages
            .send_or_log(
                &Addressee { account_id: user.account_id.as_str(), email: Some(&recipient), locale: Some(locale) },
                &Letter {
                    kind: MessageKind::Practices,
                    write: Box::new(write),
                    link: Some(format!("/area-personale/pratiche/{}", filed.practice_id)),
                    due_on: None,
                    notice: None,
                    once_key: Some(format!("depositata:{}", filed.practice_id)),
                },
            )
            .await;
    }
    Ok(redirect_to(&format!("/area-personale/pratiche/{}?inviata=1", filed.practice_id)))
}
