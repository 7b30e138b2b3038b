//! The wizard's form handlers. Every post answers with a redirect (303) or
//! with its own page again (422, the typed answers kept in the draft and the
//! problems listed first). A citizen reaches only their own drafts: anyone
//! else's is "not found", exactly like a draft that does not exist.

use super::attachments::{attachment_for_owner, attachments_of_draft, clean_file_name, remove_attachment, sniff, store_attachment, MAXIMUM_BYTES_PER_PRACTICE};
use super::drafts::{create_draft, draft_of_owner, save_draft, StoredDraft};
use super::store::procedure_at_version;
use super::submission::file_practice;
use crate::auth::routes::{internal_failure, locale_of};
use crate::auth::sessions::{percent_encode_component, redirect_to};
use crate::auth::tokens::now_unix_seconds;
use crate::http::form_pages::render_page_for_post;
use crate::mail::outbox::OutgoingMessage;
use crate::AppState;
use app::auth::model::{AuthenticationLevel, CurrentUser, SubmittedForm};
use app::i18n::Text;
use app::practices::answers::{Answers, DECLARATIONS_PREFIX};
use app::practices::calendar::{italian_date, italian_date_time_of_unix_seconds, rome_date_of_unix_seconds};
use app::practices::model::{IdentityPrefill, PracticeStatus, PublishedProcedure};
use app::practices::procedure::{FieldKind, ProcedureDefinition};
use app::practices::step_island::STEP_POST_BY_SCRIPT_HEADER;
use app::practices::validation::{is_visible, merge_step_answers, validate_step, validate_submission, FieldError};
use app::practices::wizard_pages::{draft_step_path, input_id, CHECK_ANSWERS_SEGMENT, FEE_SECTION_PATH, PAY_FEE_SEGMENT};
use axum::extract::{Path, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Bodies of the wizard's forms without files.
const MAXIMUM_FORM_BYTES: usize = 256 * 1024;

/// A file sent with a step's form.
pub(crate) struct UploadedFile {
    pub field: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A step's form: urlencoded, or multipart when the step asks for files.
pub(crate) async fn read_step_form(request: Request) -> Result<(Parts, Vec<(String, String)>, Vec<UploadedFile>), Response> {
    let boundary =
        request.headers().get(axum::http::header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).and_then(|value| multer::parse_boundary(value).ok());
    let Some(boundary) = boundary else {
        let (parts, pairs) = read_pairs(request).await;
        return Ok((parts, pairs, Vec::new()));
    };
    let (parts, body) = request.into_parts();
    let limit = crate::http::body_limit_for(parts.uri.path());
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| crate::http::errors::too_large(&parts.headers))?;
    let stream = futures_util::stream::once(std::future::ready(Ok::<_, std::convert::Infallible>(bytes)));
    let mut multipart = multer::Multipart::new(stream, boundary);
    let (mut pairs, mut files) = (Vec::new(), Vec::new());
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return Err(crate::http::errors::unreadable_form(&parts.headers)),
        };
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let content = field.bytes().await.map_err(|_| crate::http::errors::unreadable_form(&parts.headers))?;
                // An empty file input still sends a part with no name and no bytes.
                if !content.is_empty() {
                    files.push(UploadedFile { field: name, file_name, bytes: content.to_vec() });
                }
            }
            None => pairs.push((name, field.text().await.unwrap_or_default())),
        }
    }
    Ok((parts, pairs, files))
}

pub(crate) async fn read_pairs(request: Request) -> (Parts, Vec<(String, String)>) {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAXIMUM_FORM_BYTES).await.unwrap_or_default();
    let pairs = form_urlencoded::parse(&bytes).map(|(name, value)| (name.into_owned(), value.into_owned())).collect();
    (parts, pairs)
}

pub(crate) async fn not_found(state: &AppState, parts: Parts) -> Response {
    render_page_for_post(state, parts, SubmittedForm::default(), || {}, StatusCode::NOT_FOUND).await
}

/// The logged-in person: the session middleware guarantees one on `/area-personale`.
pub(crate) fn current_user(parts: &Parts) -> Option<CurrentUser> {
    parts.extensions.get::<CurrentUser>().cloned()
}

/// POST `/area-personale/pratiche/nuova/<slug>`: opens a draft and goes to its first step.
pub async fn start_practice(State(state): State<AppState>, Path(slug): Path<String>, request: Request) -> Response {
    let (parts, _) = read_pairs(request).await;
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    match create_draft(&state.pool, &user.account_id, &slug).await {
        Ok(Some((draft_id, first_step))) => redirect_to(&draft_step_path(&draft_id, &first_step)),
        Ok(None) => not_found(&state, parts).await,
        Err(error) => internal_failure("create_draft", error),
    }
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
pub async fn save_step(State(state): State<AppState>, Path((draft_id, step_id)): Path<(String, String)>, request: Request) -> Response {
    let (parts, pairs, files) = match read_step_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    // The island that uploads with a progress bar wants the outcome as data.
    let script = parts.headers.contains_key(STEP_POST_BY_SCRIPT_HEADER);
    let mut draft = match draft_of_owner(&state.pool, &user.account_id, &draft_id).await {
        Ok(Some(draft)) => draft,
        Ok(None) => return not_found(&state, parts).await,
        Err(error) => return internal_failure("read_draft", error),
    };
    if let Some(practice_id) = &draft.submitted_practice_id {
        return go_to(script, &format!("/area-personale/pratiche/{practice_id}?inviata=1"));
    }
    let procedure = match definition_of(&state, &draft).await {
        Ok(Some(procedure)) => procedure,
        Ok(None) => return not_found(&state, parts).await,
        Err(error) => return internal_failure("practice_definition", error),
    };
    let action = pairs.iter().find(|(name, _)| name == "azione").map(|(_, value)| value.clone()).unwrap_or_default();
    let posted = Answers::from_pairs(pairs.into_iter().filter(|(name, _)| name != "csrf" && name != "azione"));
    if step_id == CHECK_ANSWERS_SEGMENT {
        return submit(&state, parts, user, draft, procedure, posted).await;
    }
    if step_id == PAY_FEE_SEGMENT {
        return pay_fee_before_filing(&state, parts, user, draft, procedure).await;
    }
    let definition = &procedure.definition;
    let Some(index) = definition.step_index(&step_id).filter(|index| *index <= draft.reached_step) else {
        return not_found(&state, parts).await;
    };
    let step = &definition.steps[index];
    // The same merge the WASM client checks before sending.
    draft.answers = merge_step_answers(definition, index, &draft.answers, &posted, &identity_of(&user));
    let visible_ids: Vec<&str> = step
        .fields
        .iter()
        .filter(|field| is_visible(field, &draft.answers) && !matches!(field.kind, FieldKind::Attachment { .. }))
        .map(|field| field.id.as_str())
        .collect();
    let locale = locale_of(&parts);
    let upload_problems = match accept_uploads(&state, &mut draft, step, files, locale).await {
        Ok(problems) => problems,
        Err(error) => return internal_failure("store_attachment", error),
    };
    if let Some((field, attachment_id)) = action.strip_prefix("rimuovi-allegato:").and_then(|rest| rest.split_once(':')) {
        if let Err(error) = remove_attachment(&state.pool, &draft.id, attachment_id).await {
            return internal_failure("remove_attachment", error);
        }
        let kept: Vec<String> = draft.answers.values(field).into_iter().filter(|id| *id != attachment_id).map(str::to_string).collect();
        draft.answers.set_many(field, kept);
    }
    apply_identity(definition, &mut draft.answers, &user);
    let returning = parts.uri.query().is_some_and(|query| query.contains("ritorno=riepilogo"));
    let here =
        if returning { format!("{}?ritorno={CHECK_ANSWERS_SEGMENT}", draft_step_path(&draft.id, &step.id)) } else { draft_step_path(&draft.id, &step.id) };
    if let Some(group) = action.strip_prefix("aggiungi:") {
        if let Some(FieldKind::Group { max_items, .. }) = definition.field(group).map(|field| &field.kind) {
            let items = draft.answers.group_items(group);
            if items < *max_items {
                draft.answers.set(group, (items + 1).to_string());
            }
            if let Err(error) = save_draft(&state.pool, &draft).await {
                return internal_failure("save_draft", error);
            }
            return go_to(script, &format!("{here}#{}", input_id(&format!("{group}.{items}"))));
        }
    }
    if let Some((group, position)) = action.strip_prefix("rimuovi:").and_then(|rest| rest.rsplit_once(':')) {
        if let (Some(FieldKind::Group { fields, .. }), Ok(position)) = (definition.field(group).map(|field| &field.kind), position.parse::<usize>()) {
            remove_group_item(&mut draft.answers, group, fields.iter().map(|field| field.id.as_str()).collect(), position);
            if let Err(error) = save_draft(&state.pool, &draft).await {
                return internal_failure("save_draft", error);
            }
            return go_to(script, &format!("{here}#{}", input_id(group)));
        }
    }
    let uploading = action.starts_with("carica:") || action.starts_with("rimuovi-allegato:");
    if !upload_problems.is_empty() || uploading {
        if let Err(error) = save_draft(&state.pool, &draft).await {
            return internal_failure("save_draft", error);
        }
        if upload_problems.is_empty() {
            let field = action.split(':').nth(1).unwrap_or_default();
            return go_to(script, &format!("{here}#{}", input_id(field)));
        }
        if script {
            return problems_as_data(upload_problems);
        }
        return render_page_for_post(
            &state,
            parts,
            SubmittedForm { values: Default::default(), errors: upload_problems },
            || {},
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let today = rome_date_of_unix_seconds(now_unix_seconds());
    match validate_step(definition, index, &draft.answers, today) {
        Err(errors) => {
            if let Err(error) = save_draft(&state.pool, &draft).await {
                return internal_failure("save_draft", error);
            }
            if script {
                let locale = locale_of(&parts);
                return problems_as_data(errors.iter().map(|error| (error.path.clone(), error.message(locale))).collect());
            }
            answer_with_problems(&state, parts, errors).await
        }
        Ok(normalised) => {
            draft.answers.replace_fields(&visible_ids, &normalised);
            draft.reached_step = draft.reached_step.max(index + 1);
            if let Err(error) = save_draft(&state.pool, &draft).await {
                return internal_failure("save_draft", error);
            }
            let all_done = draft.reached_step >= definition.steps.len();
            let next = match definition.steps.get(index + 1) {
                Some(next) if !(returning && all_done) => next.id.as_str(),
                _ => CHECK_ANSWERS_SEGMENT,
            };
            go_to(script, &draft_step_path(&draft.id, next))
        }
    }
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
    locale: app::i18n::Locale,
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
pub async fn download_attachment(State(state): State<AppState>, Path(attachment_id): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    match attachment_for_owner(&state.pool, &user.account_id, &attachment_id).await {
        Ok(Some(file)) => file_download(file),
        Ok(None) => not_found(&state, parts).await,
        Err(error) => internal_failure("download_attachment", error),
    }
}

/// A stored file (name, sniffed type code, bytes), always as a download:
/// never rendered in the portal's origin.
pub(crate) fn file_download((file_name, sniffed_type, bytes): (String, String, Vec<u8>)) -> Response {
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
pub async fn download_receipt(State(state): State<AppState>, Path(practice_id): Path<String>, request: Request) -> Response {
    let (parts, _) = request.into_parts();
    let Some(user) = current_user(&parts) else { return redirect_to("/accedi") };
    let filed = match super::store::owned_practice_for_receipt(&state.pool, &practice_id, &user.account_id).await {
        Ok(filed) => filed,
        Err(error) => return internal_failure("read_practice", error),
    };
    let Some(super::store::FiledPracticeForReceipt {
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
    }) = filed
    else {
        return not_found(&state, parts).await;
    };
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
    match built {
        Ok((pdf, file_name)) => (
            [
                (axum::http::header::CONTENT_TYPE, "application/pdf".to_string()),
                (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
                (axum::http::header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            pdf,
        )
            .into_response(),
        Err(error) => internal_failure("render_receipt", error),
    }
}

fn remove_group_item(answers: &mut Answers, group: &str, fields: Vec<&str>, position: usize) {
    let items = answers.group_items(group);
    if position >= items {
        return;
    }
    for index in position..items {
        for field in &fields {
            let target = format!("{group}.{index}.{field}");
            let source = format!("{group}.{}.{field}", index + 1);
            let moved: Vec<String> = answers.values(&source).into_iter().map(str::to_string).collect();
            let moved_parts: Vec<(String, String)> = answers.to_pairs().into_iter().filter(|(path, _)| path.starts_with(&format!("{source}."))).collect();
            answers.remove(&target);
            let stale: Vec<String> = answers.paths().filter(|path| path.starts_with(&format!("{target}."))).map(str::to_string).collect();
            for path in stale {
                answers.remove(&path);
            }
            if index + 1 < items {
                answers.set_many(target.clone(), moved);
                for (path, value) in moved_parts {
                    answers.set(path.replacen(&source, &target, 1), value);
                }
            }
        }
    }
    answers.set(group, (items - 1).to_string());
}

async fn answer_with_problems(state: &AppState, parts: Parts, errors: Vec<FieldError>) -> Response {
    let locale = locale_of(&parts);
    let errors = errors.iter().map(|error| (error.path.clone(), error.message(locale))).collect();
    render_page_for_post(state, parts, SubmittedForm { values: Default::default(), errors }, || {}, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// "Paga online" of a fee paid before filing, from the summary of a draft
/// whose steps are all accepted: the draft's notice (opened once) goes to
/// Checkout like any other; problems come back to the summary's fee section.
async fn pay_fee_before_filing(state: &AppState, parts: Parts, user: CurrentUser, draft: StoredDraft, procedure: PublishedProcedure) -> Response {
    let definition = &procedure.definition;
    let summary = draft_step_path(&draft.id, CHECK_ANSWERS_SEGMENT);
    if draft.reached_step < definition.steps.len() {
        return redirect_to(&summary);
    }
    let segregation_code = state.config.payments.segregation_code;
    let position =
        match crate::payments::practice_fees::open_fee_before_filing(&state.pool, segregation_code, &user, &draft.id, definition, &draft.answers).await {
            Ok(Some(position)) => position,
            Ok(None) => return not_found(state, parts).await,
            Err(error) => return internal_failure("open_fee_before_filing", error),
        };
    match crate::payments::carts::checkout_location(state, &user, &[position.id]).await {
        Ok(Ok(location)) => redirect_to(&location),
        // Already paid: the summary says so and lets the citizen send.
        Ok(Err("pagato")) => redirect_to(&summary),
        Ok(Err(problem)) => redirect_to(&format!("{summary}?errore={problem}#{}", input_id(FEE_SECTION_PATH))),
        Err(error) => error.into_response(),
    }
}

async fn submit(state: &AppState, parts: Parts, user: CurrentUser, mut draft: StoredDraft, procedure: PublishedProcedure, posted: Answers) -> Response {
    let definition = &procedure.definition;
    draft.answers.replace_fields(&[DECLARATIONS_PREFIX.trim_end_matches('.')], &posted);
    apply_identity(definition, &mut draft.answers, &user);
    if let Err(error) = save_draft(&state.pool, &draft).await {
        return internal_failure("save_draft", error);
    }
    let summary = draft_step_path(&draft.id, CHECK_ANSWERS_SEGMENT);
    if draft.reached_step < definition.steps.len() {
        return redirect_to(&summary);
    }
    if user.level < AuthenticationLevel::Level2 {
        return redirect_to(&format!("/accedi/livello-2?ritorno={}", percent_encode_component(&summary)));
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
                if let Err(error) = save_draft(&state.pool, &draft).await {
                    return internal_failure("save_draft", error);
                }
                return redirect_to(&draft_step_path(&draft.id, &definition.steps[step_index].id));
            }
            return answer_with_problems(state, parts, errors).await;
        }
    };
    match crate::payments::practice_fees::fee_allows_filing(&state.pool, &draft.id, definition).await {
        Ok(true) => {}
        Ok(false) => {
            let message = app::i18n::Text::FeeBeforeFilingNotPaid.in_locale(locale_of(&parts)).to_string();
            let form = SubmittedForm { values: Default::default(), errors: vec![(FEE_SECTION_PATH.to_string(), message)] };
            return render_page_for_post(state, parts, form, || {}, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(error) => return internal_failure("fee_allows_filing", error),
    }
    let filed = match file_practice(&state.pool, &user.account_id, &draft.id, &definition.office, &definition.time_limit, &filed_answers).await {
        Ok(Some(filed)) => filed,
        Ok(None) => return not_found(state, parts).await,
        Err(error) => return internal_failure("file_practice", error),
    };
    // The fee's notice, opened once per practice; a failure here leaves the
    // practice filed and the citizen's retry (idempotent) opens it.
    let segregation_code = state.config.payments.segregation_code;
    if let Err(error) = crate::payments::practice_fees::open_practice_fee(
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
        return internal_failure("open_practice_fee", error);
    }
    if filed.newly_filed {
        let recipient = filed_answers.value("email").to_string();
        if !recipient.is_empty() {
            let expected = definition.time_limit.expected_completion(today, PracticeStatus::Protocolled, &[]);
            // The receipt is written in the language the citizen filed in.
            let locale = locale_of(&parts);
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
            let subject = Text::MailFiledSubject.fill(locale, &values);
            let body = Text::MailFiledBody.fill(locale, &values);
            if let Err(error) =
                state.outbox.enqueue(&OutgoingMessage { account_id: Some(&user.account_id), recipient: &recipient, subject: &subject, body: &body }).await
            {
                // The practice is filed; the receipt stays on the page and in the personal area.
                tracing::error!(error = format!("{error:#}"), "cannot queue the receipt email");
            }
        }
    }
    redirect_to(&format!("/area-personale/pratiche/{}?inviata=1", filed.practice_id))
}
