//! The reports' form handlers: a citizen's new report (with the nearby open
//! ones shown first), following a report instead, the author's reopening,
//! a clerk's registration of a report received by phone, email or at the
//! counter, and an office's moves. Every change of state is mailed to the
//! author and the followers.

use super::photos::{clean_photo, keep_pending_photo, pending_photos_of, PhotoProblem, MAXIMUM_PHOTOS};
use super::store::{
    categories, category_questions, file_report, find_report, follow, move_report, nearby_open_reports, recipients, MoveError, NewReport, ReportMove,
    ReportRecord,
};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::sessions::redirect_to;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Administrator, Form, FormWithFiles, MaybeSignedIn, Path, SignedIn, Staff, UserLocale};
use crate::mail::outbox::OutgoingMessage;
use crate::AppState;
use app::auth::fiscal_code::FiscalCode;
use app::i18n::{Locale, Text};
use app::ids::ReportPhotoId;
use app::reports::forms::*;
use app::reports::model::{
    parse_category, parse_place, CategoryProblem, Channel, CoordinatesProblem, MoveRefusal, PlaceProblem, PublicNote, ReportAction, ReportActor,
    ReportDescription, ReportNumber, ReportPlace, ReportTitle, TextProblem,
};
use app::reports::pages::status_text;
use app::reports::questions::{read_form_answers, AnswerProblem};
use app::routes::{path_with, CLERK_REPORTS_PATH, CLERK_REPORT_PATH, MY_REPORTS_PATH, MY_REPORT_PATH, REPORT_CATEGORIES_PATH};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A report's fields, parsed.
struct ParsedReport {
    category: super::store::CategoryRecord,
    title: ReportTitle,
    description: ReportDescription,
    place: ReportPlace,
    /// The answers to the category's extra questions, checked.
    answers: Vec<(String, String)>,
}

fn text_problem(field: &str, problem: TextProblem, texts: [Text; 3], locale: Locale) -> (String, String) {
    let text = match problem {
        TextProblem::Missing => texts[0],
        TextProblem::TooShort => texts[1],
        TextProblem::TooLong => texts[2],
    };
    (field.to_string(), text.in_locale(locale).to_string())
}

fn place_problem(problem: PlaceProblem, locale: Locale) -> (String, String) {
    let (field, text) = match problem {
        PlaceProblem::Nowhere => (STREET_FIELD, Text::ReportErrorNowhere),
        PlaceProblem::Point(CoordinatesProblem::Unreadable) => (LATITUDE_FIELD, Text::ReportErrorPointUnreadable),
        PlaceProblem::Point(CoordinatesProblem::OutsideRho) => (LATITUDE_FIELD, Text::ReportErrorPointOutsideRho),
        PlaceProblem::UnknownStreet => (STREET_FIELD, Text::ReportErrorUnknownStreet),
        PlaceProblem::StreetNeedsDetail => (HOUSE_NUMBER_FIELD, Text::ReportErrorStreetNeedsDetail),
        PlaceProblem::BadHouseNumber => (HOUSE_NUMBER_FIELD, Text::ReportErrorBadHouseNumber),
        PlaceProblem::LandmarkTooLong => (LANDMARK_FIELD, Text::ReportErrorLandmarkTooLong),
    };
    (field.to_string(), text.in_locale(locale).to_string())
}

/// Every field checked, every problem named (in the form's order).
/// `typed` holds the answers to the chosen category's questions (the
/// form's fields for other categories' questions are ignored).
async fn parse_report(
    state: &AppState,
    fields: &NewReportForm,
    typed: &std::collections::BTreeMap<String, String>,
    locale: Locale,
) -> Result<Result<ParsedReport, Vec<(String, String)>>, AppError> {
    let known = categories(&state.pool).await.or_internal("report_categories")?;
    let mut problems = Vec::new();
    let category = known.into_iter().find(|category| category.active && category.code == fields.category);
    if category.is_none() {
        problems.push((CATEGORY_FIELD.to_string(), Text::ReportErrorNoCategory.in_locale(locale).to_string()));
    }
    let mut answers = Vec::new();
    if let Some(category) = &category {
        let questions = category_questions(&state.pool).await.or_internal("report_questions")?.remove(&category.code).unwrap_or_default();
        match read_form_answers(&category.code, &questions, typed) {
            Ok(kept) => answers = kept,
            Err(wrong) => {
                problems.extend(wrong.into_iter().map(|(field, question, problem)| (field, answer_problem(&problem, question.question(locale), locale))))
            }
        }
    }
    let title = ReportTitle::parse(&fields.title).map_err(|problem| {
        problems.push(text_problem(
            TITLE_FIELD,
            problem,
            [Text::ReportErrorTitleMissing, Text::ReportErrorTitleTooShort, Text::ReportErrorTitleTooLong],
            locale,
        ))
    });
    let description = ReportDescription::parse(&fields.description).map_err(|problem| {
        problems.push(text_problem(
            DESCRIPTION_FIELD,
            problem,
            [Text::ReportErrorDescriptionMissing, Text::ReportErrorDescriptionTooShort, Text::ReportErrorDescriptionTooLong],
            locale,
        ))
    });
    let place = parse_place(&fields.latitude, &fields.longitude, &fields.street, &fields.house_number, &fields.landmark, state.streets.names())
        .map_err(|found| problems.extend(found.into_iter().map(|problem| place_problem(problem, locale))));
    if fields.privacy != "si" {
        problems.push((PRIVACY_FIELD.to_string(), Text::ReportErrorPrivacy.in_locale(locale).to_string()));
    }
    Ok(match (category, title, description, place) {
        (Some(category), Ok(title), Ok(description), Ok(place)) if problems.is_empty() => Ok(ParsedReport { category, title, description, place, answers }),
        _ => Err(problems),
    })
}

fn answer_problem(problem: &AnswerProblem, question: &str, locale: Locale) -> String {
    let text = match problem {
        AnswerProblem::Required(_) | AnswerProblem::Unknown(_) => Text::ReportErrorAnswerRequired,
        AnswerProblem::NotAChoice(_) => Text::ReportErrorAnswerNotAChoice,
        AnswerProblem::NotANumber(_) => Text::ReportErrorAnswerNotANumber,
        AnswerProblem::TooLong(_) => Text::ReportErrorAnswerTooLong,
    };
    text.fill(locale, &[("question", question)])
}

/// The author and the followers hear of every change of state (at their
/// verified addresses); the portal shows it anyway, so a failure to queue
/// is logged, never the request's failure.
async fn notify(state: &AppState, report: &ReportRecord) {
    let recipients = match recipients(&state.pool, report).await {
        Ok(recipients) => recipients,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "cannot read a report's recipients");
            return;
        }
    };
    // The office acts, so the reader's language is not known: the Comune writes in Italian.
    let locale = Locale::Italian;
    let number = report.number.to_string();
    let reply = report.public_reply.as_deref().map(|reply| Text::MailReportReply.fill(locale, &[("reply", reply)])).unwrap_or_default();
    let link = format!("{}{}", state.config.public_url.trim_end_matches('/'), path_with(MY_REPORT_PATH, &[&number]));
    let values = [
        ("number", number.as_str()),
        ("title", report.title.as_str()),
        ("status", status_text(report.status).in_locale(locale)),
        ("reply", &reply),
        ("link", &link),
    ];
    let subject = Text::MailReportUpdateSubject.fill(locale, &values);
    let body = Text::MailReportUpdateBody.fill(locale, &values);
    for (account_id, address) in recipients {
        let message = OutgoingMessage { account_id: Some(&account_id), recipient: &address, subject: &subject, body: &body };
        if let Err(error) = state.outbox.enqueue(&message).await {
            tracing::error!(error = format!("{error:#}"), "cannot queue a report notification");
        }
    }
}

/// The photos of a post: those kept from the form's earlier answers (the
/// uploader's own) and the new files, each cleaned; the problems named.
async fn photos_of_post(
    state: &AppState,
    account_id: &str,
    pending: &str,
    files: &[crate::http::extract::UploadedFile],
    locale: Locale,
) -> Result<(Vec<ReportPhotoId>, Vec<(String, String)>), AppError> {
    let asked: Vec<ReportPhotoId> = pending.split(',').filter_map(|id| ReportPhotoId::parse(id.trim()).ok()).collect();
    let mut kept = pending_photos_of(&state.pool, account_id, &asked).await.or_internal("pending_photos")?;
    let mut problems = Vec::new();
    let now = state.config.clock.now_unix_seconds();
    for file in files.iter().filter(|file| file.field == PHOTOS_FIELD && !file.bytes.is_empty()) {
        if kept.len() >= MAXIMUM_PHOTOS {
            problems.push((PHOTOS_FIELD.to_string(), Text::ReportErrorTooManyPhotos.in_locale(locale).to_string()));
            break;
        }
        let bytes = file.bytes.clone();
        let cleaned = tokio::task::spawn_blocking(move || clean_photo(&bytes)).await.or_internal("clean_photo")?;
        match cleaned {
            Ok(photo) => kept.push(keep_pending_photo(&state.pool, account_id, &photo, now).await.or_internal("keep_photo")?),
            Err(problem) => {
                let text = match problem {
                    PhotoProblem::NotAPhoto => Text::ReportErrorNotAPhoto,
                    PhotoProblem::TooLarge => Text::ReportErrorPhotoTooLarge,
                    PhotoProblem::Unreadable => Text::ReportErrorPhotoUnreadable,
                };
                // The name the browser gave is shown back, never trusted.
                let name: String = file.file_name.chars().filter(|character| !character.is_control()).take(80).collect();
                problems.push((PHOTOS_FIELD.to_string(), text.fill(locale, &[("name", &name)])));
            }
        }
    }
    Ok((kept, problems))
}

fn with_pending_photos(values: &std::collections::BTreeMap<String, String>, photos: &[ReportPhotoId]) -> std::collections::BTreeMap<String, String> {
    let mut values = values.clone();
    values.insert(PENDING_PHOTOS_FIELD.to_string(), photos.iter().map(|id| id.as_str()).collect::<Vec<_>>().join(","));
    values
}

/// POST `/area-personale/segnalazioni/nuova`: a citizen's report, with up
/// to three photos. Open reports of the same category nearby are shown
/// first (the form again, status 200, everything typed kept, the photos
/// kept for the next post); the next post files.
#[tracing::instrument(skip_all)]
pub async fn file_citizen_report(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    form: FormWithFiles<NewReportForm>,
) -> Result<Response, AppError> {
    let parsed = parse_report(&state, &form.fields, &form.typed, locale).await?;
    let (photos, photo_problems) = photos_of_post(&state, user.account_id.as_str(), &form.fields.pending_photos, &form.files, locale).await?;
    let parsed = match parsed {
        Ok(parsed) if photo_problems.is_empty() => parsed,
        Ok(_) => return Err(AppError::form(with_pending_photos(&form.typed, &photos), photo_problems)),
        Err(mut problems) => {
            problems.extend(photo_problems);
            return Err(AppError::form(with_pending_photos(&form.typed, &photos), problems));
        }
    };
    if form.fields.nearby_seen != "1" {
        let nearby = nearby_open_reports(&state.pool, &parsed.category.code, &parsed.place).await.or_internal("nearby_reports")?;
        if !nearby.is_empty() {
            let mut values = with_pending_photos(&form.typed, &photos);
            values.insert(NEARBY_SEEN_FIELD.to_string(), "1".to_string());
            return Err(AppError::form(values, Vec::new()).with_status(StatusCode::OK));
        }
    }
    let now = state.config.clock.now_unix_seconds();
    let report = NewReport {
        category: &parsed.category,
        account_id: Some(user.account_id.as_str()),
        reporter_name: None,
        reporter_contact: None,
        channel: Channel::Portal,
        registered_by: None,
        title: &parsed.title,
        description: &parsed.description,
        place: &parsed.place,
        area: state.streets.area_of(&parsed.place),
        photos: &photos,
        answers: &parsed.answers,
        open311: None,
        now,
    };
    let number = file_report(&state.pool, &report).await.or_internal("file_report")?;
    if let Some(record) = find_report(&state.pool, &number).await.or_internal("find_report")? {
        notify(&state, &record).await;
    }
    Ok(redirect_to(&format!("{MY_REPORTS_PATH}?inviata={number}")))
}

/// POST `/area-personale/segnalazioni/<number>/segui`: follow it instead of filing the same.
#[tracing::instrument(skip_all)]
pub async fn follow_report(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(number): Path<ReportNumber>,
    _form: Form<FollowForm>,
) -> Result<Response, AppError> {
    find_report(&state.pool, &number).await.or_internal("find_report")?.ok_or(AppError::NotFound)?;
    follow(&state.pool, &number, user.account_id.as_str(), state.config.clock.now_unix_seconds()).await.or_internal("follow_report")?;
    Ok(redirect_to(&format!("{MY_REPORTS_PATH}?seguita={number}")))
}

fn move_problem(error: MoveError, locale: Locale) -> Result<(String, String), AppError> {
    let (field, text) = match error {
        MoveError::NotFound => return Err(AppError::NotFound),
        MoveError::Failure(cause) => return Err(AppError::internal("move_report", cause)),
        MoveError::Refused(MoveRefusal::NotNow) => (ACTION_FIELD, Text::ReportErrorNotNow),
        MoveError::Refused(MoveRefusal::TooLateToReopen) => (NOTE_FIELD, Text::ReportErrorTooLateToReopen),
        MoveError::BadOriginal => (ORIGINAL_FIELD, Text::ReportErrorOriginal),
        MoveError::ChangedMeanwhile => (ACTION_FIELD, Text::ReportErrorChangedMeanwhile),
    };
    Ok((field.to_string(), text.in_locale(locale).to_string()))
}

/// The note a move needs, parsed (None where the move takes none).
fn parse_note(action: ReportAction, note: &str, locale: Locale) -> Result<Option<PublicNote>, (String, String)> {
    let missing = if action == ReportAction::Reopen { Text::ReportErrorReasonMissing } else { Text::ReportErrorReplyMissing };
    match PublicNote::parse(note) {
        Ok(note) => Ok(Some(note)),
        Err(TextProblem::Missing) if !action.needs_note() => Ok(None),
        Err(TextProblem::TooLong) => Err((NOTE_FIELD.to_string(), Text::ReportErrorNoteTooLong.in_locale(locale).to_string())),
        Err(_) => Err((NOTE_FIELD.to_string(), missing.in_locale(locale).to_string())),
    }
}

/// POST `/area-personale/segnalazioni/<number>`: the author reopens a resolved report (30 days).
#[tracing::instrument(skip_all)]
pub async fn reopen_report(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    Path(number): Path<ReportNumber>,
    form: Form<ReportActionForm>,
) -> Result<Response, AppError> {
    if ReportAction::from_code(&form.fields.action) != Some(ReportAction::Reopen) {
        return Err(AppError::NotFound);
    }
    let note = parse_note(ReportAction::Reopen, &form.fields.note, locale).map_err(|problem| form.with_problems(vec![problem]))?;
    let request = ReportMove {
        number,
        action: ReportAction::Reopen,
        actor: ReportActor::Author,
        actor_account_id: user.account_id.as_str(),
        offices: &[],
        note: note.as_ref().map(PublicNote::as_str),
        original: None,
        now: state.config.clock.now_unix_seconds(),
    };
    match move_report(&state.pool, &request).await {
        Ok(moved) => {
            notify(&state, &moved.report).await;
            Ok(redirect_to(&format!("{}?riaperta=1", path_with(MY_REPORT_PATH, &[&number.to_string()]))))
        }
        Err(error) => Err(form.with_problems(vec![move_problem(error, locale)?]).with_status(StatusCode::CONFLICT)),
    }
}

/// POST `/operatore/segnalazioni/<number>`: a move by a clerk of the category's office.
#[tracing::instrument(skip_all)]
pub async fn office_move(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    UserLocale(locale): UserLocale,
    Path(number): Path<ReportNumber>,
    form: Form<ReportActionForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let Some(action) = ReportAction::from_code(&fields.action).filter(|action| *action != ReportAction::Reopen) else {
        return Err(form.with_problems(vec![(ACTION_FIELD.to_string(), Text::ReportErrorNoAction.in_locale(locale).to_string())]));
    };
    let mut problems = Vec::new();
    let note = parse_note(action, &fields.note, locale).map_err(|problem| problems.push(problem)).ok().flatten();
    let original = if action == ReportAction::CloseAsDuplicate {
        let original = ReportNumber::parse(&fields.original);
        if original.is_none() {
            problems.push((ORIGINAL_FIELD.to_string(), Text::ReportErrorOriginal.in_locale(locale).to_string()));
        }
        original
    } else {
        None
    };
    if !problems.is_empty() {
        return Err(form.with_problems(problems));
    }
    let offices = crate::auth::accounts::clerk_offices(&state.pool, clerk.account_id.as_str()).await.or_internal("clerk_offices")?;
    let request = ReportMove {
        number,
        action,
        actor: ReportActor::Office,
        actor_account_id: clerk.account_id.as_str(),
        offices: &offices,
        note: note.as_ref().map(PublicNote::as_str),
        original,
        now: state.config.clock.now_unix_seconds(),
    };
    match move_report(&state.pool, &request).await {
        Ok(moved) => {
            append_audit_event(
                &state.pool,
                &AuditEvent::new(clerk.account_id.as_str(), "report_moved", moved.report.account_id.clone().unwrap_or_default())
                    .with_details(serde_json::json!({ "report": number.to_string(), "from": moved.before.code(), "to": moved.report.status.code() })),
            )
            .await
            .or_internal("audit_report_move")?;
            notify(&state, &moved.report).await;
            Ok(redirect_to(&format!("{}?aggiornata=1", path_with(CLERK_REPORT_PATH, &[&number.to_string()]))))
        }
        Err(error) => Err(form.with_problems(vec![move_problem(error, locale)?]).with_status(StatusCode::CONFLICT)),
    }
}

/// POST `/operatore/segnalazioni/nuova`: a report received by phone, email
/// or at the counter, registered by a clerk with its channel and the photos
/// the citizen sent (cleaned like a citizen's); with a registered citizen's
/// fiscal code it is theirs in their personal area.
#[tracing::instrument(skip_all)]
pub async fn register_report(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    UserLocale(locale): UserLocale,
    form: FormWithFiles<ClerkReportForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let parsed = parse_report(&state, &fields.report, &form.typed, locale).await?;
    let (photos, photo_problems) = photos_of_post(&state, clerk.account_id.as_str(), &fields.report.pending_photos, &form.files, locale).await?;
    // The problems in the page's order: who and how, then the report, then its photos.
    let mut problems = Vec::new();
    let channel = Channel::from_code(&fields.channel).filter(|channel| Channel::REGISTERED_BY_CLERKS.contains(channel));
    if channel.is_none() {
        problems.push((CHANNEL_FIELD.to_string(), Text::ReportErrorNoChannel.in_locale(locale).to_string()));
    }
    let reporter_name = fields.reporter_name.trim();
    if reporter_name.is_empty() || reporter_name.chars().count() > 120 {
        problems.push((REPORTER_NAME_FIELD.to_string(), Text::ReportErrorReporterName.in_locale(locale).to_string()));
    }
    let reporter_contact = fields.reporter_contact.trim();
    if reporter_contact.chars().count() > 200 {
        problems.push((REPORTER_CONTACT_FIELD.to_string(), Text::ReportErrorReporterContact.in_locale(locale).to_string()));
    }
    let fiscal_code = fields.reporter_fiscal_code.trim();
    let account = if fiscal_code.is_empty() {
        None
    } else {
        let found = match FiscalCode::parse(fiscal_code) {
            Ok(code) => crate::auth::accounts::find_account_by_fiscal_code(&state.pool, &code).await.or_internal("find_account")?,
            Err(_) => None,
        };
        if found.is_none() {
            problems.push((REPORTER_FISCAL_CODE_FIELD.to_string(), Text::ReportErrorReporterFiscalCode.in_locale(locale).to_string()));
        }
        found
    };
    if let Err(report_problems) = &parsed {
        problems.extend(report_problems.iter().cloned());
    }
    problems.extend(photo_problems);
    let (Ok(parsed), Some(channel), true) = (parsed, channel, problems.is_empty()) else {
        return Err(AppError::form(with_pending_photos(&form.typed, &photos), problems));
    };
    let report = NewReport {
        category: &parsed.category,
        account_id: account.as_ref().map(|account| account.id.as_str()),
        reporter_name: Some(reporter_name),
        reporter_contact: (!reporter_contact.is_empty()).then_some(reporter_contact),
        channel,
        registered_by: Some(clerk.account_id.as_str()),
        title: &parsed.title,
        description: &parsed.description,
        place: &parsed.place,
        area: state.streets.area_of(&parsed.place),
        photos: &photos,
        answers: &parsed.answers,
        open311: None,
        now: state.config.clock.now_unix_seconds(),
    };
    let number = file_report(&state.pool, &report).await.or_internal("register_report")?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(clerk.account_id.as_str(), "report_registered", account.as_ref().map(|account| account.id.clone()).unwrap_or_default())
            .with_details(serde_json::json!({ "report": number.to_string(), "channel": channel.code() })),
    )
    .await
    .or_internal("audit_report_registered")?;
    if let Some(record) = find_report(&state.pool, &number).await.or_internal("find_report")? {
        notify(&state, &record).await;
    }
    Ok(redirect_to(&format!("{CLERK_REPORTS_PATH}?registrata={number}")))
}

fn category_problem(problem: CategoryProblem, locale: Locale) -> (String, String) {
    let (field, text) = match problem {
        CategoryProblem::Code => (CATEGORY_CODE_FIELD, Text::ReportCategoryErrorCode),
        CategoryProblem::NameIt => (NAME_IT_FIELD, Text::ReportCategoryErrorNameIt),
        CategoryProblem::NameEn => (NAME_EN_FIELD, Text::ReportCategoryErrorNameEn),
        CategoryProblem::DescriptionIt => (DESCRIPTION_IT_FIELD, Text::ReportCategoryErrorDescription),
        CategoryProblem::DescriptionEn => (DESCRIPTION_EN_FIELD, Text::ReportCategoryErrorDescription),
        CategoryProblem::Office => (OFFICE_FIELD, Text::ReportCategoryErrorOffice),
        CategoryProblem::Position => (POSITION_FIELD, Text::ReportCategoryErrorPosition),
    };
    (field.to_string(), text.in_locale(locale).to_string())
}

/// POST `/amministrazione/segnalazioni`: an administrator saves a category
/// (a new code adds one); audited.
#[tracing::instrument(skip_all)]
pub async fn save_category(
    State(state): State<AppState>,
    Administrator(admin): Administrator,
    UserLocale(locale): UserLocale,
    form: Form<CategoryForm>,
) -> Result<Response, AppError> {
    let fields = &form.fields;
    let offices: Vec<String> = state.practices_port.offices.keys().cloned().collect();
    let parsed = parse_category(
        &fields.code,
        &fields.name_it,
        &fields.name_en,
        &fields.description_it,
        &fields.description_en,
        &fields.office,
        &fields.position,
        fields.active == "si",
        &offices,
    );
    let category = match parsed {
        Ok(category) => category,
        Err(problems) => return Err(form.with_problems(problems.into_iter().map(|problem| category_problem(problem, locale)).collect())),
    };
    let record = super::store::CategoryRecord {
        code: category.code.clone(),
        name_it: category.name_it,
        name_en: category.name_en,
        description_it: category.description_it,
        description_en: category.description_en,
        office_code: category.office,
        position: category.position,
        active: category.active,
    };
    super::store::save_category(&state.pool, &record).await.or_internal("save_category")?;
    append_audit_event(
        &state.pool,
        &AuditEvent::new(admin.account_id.as_str(), "report_category_saved", "")
            .with_details(serde_json::json!({ "category": record.code, "office": record.office_code, "active": record.active })),
    )
    .await
    .or_internal("audit_category")?;
    Ok(redirect_to(&format!("{REPORT_CATEGORIES_PATH}?salvata={}", record.code)))
}

/// GET `/segnalazioni.atom`: the newest reports as an Atom feed.
#[tracing::instrument(skip_all)]
pub async fn reports_feed(State(state): State<AppState>) -> Result<Response, AppError> {
    let filter = app::reports::model::ReportFilter { page: 1, ..Default::default() };
    let (reports, _) = super::store::public_reports(&state.pool, &filter, super::feed::FEED_ENTRIES).await.or_internal("reports_feed")?;
    let xml = super::feed::atom_feed(&state.config.public_url, &reports, state.config.clock.now_unix_seconds());
    Ok(([(axum::http::header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response())
}

/// GET `/segnalazioni/<number>/foto/<photo>`: a published photo for anyone;
/// before that, for the report's author and its office's clerks only
/// (a clerk's look is audited), never cached.
#[tracing::instrument(skip_all)]
pub async fn report_photo(
    State(state): State<AppState>,
    MaybeSignedIn(viewer): MaybeSignedIn,
    Path((number, photo)): Path<(ReportNumber, ReportPhotoId)>,
) -> Result<Response, AppError> {
    let (bytes, published) = super::photos::photo_bytes(&state.pool, &number, &photo).await.or_internal("photo_bytes")?.ok_or(AppError::NotFound)?;
    if !published {
        let viewer = viewer.ok_or(AppError::NotFound)?;
        let report = find_report(&state.pool, &number).await.or_internal("find_report")?.ok_or(AppError::NotFound)?;
        let is_author = report.account_id.as_deref() == Some(viewer.account_id.as_str());
        if !is_author {
            let offices = crate::auth::accounts::clerk_offices(&state.pool, viewer.account_id.as_str()).await.or_internal("clerk_offices")?;
            if !viewer.role.works_for_the_municipality() || !offices.contains(&report.office_code) {
                return Err(AppError::NotFound);
            }
            append_audit_event(
                &state.pool,
                &AuditEvent::new(viewer.account_id.as_str(), "report_photo_viewed", report.account_id.clone().unwrap_or_default())
                    .with_details(serde_json::json!({ "report": number.to_string(), "photo": photo.as_str() })),
            )
            .await
            .or_internal("audit_photo")?;
        }
    }
    let cache = if published { "public, max-age=3600" } else { "no-store" };
    Ok((
        [(axum::http::header::CONTENT_TYPE, "image/jpeg"), (axum::http::header::CACHE_CONTROL, cache), (axum::http::header::CONTENT_DISPOSITION, "inline")],
        bytes,
    )
        .into_response())
}

/// POST `/operatore/segnalazioni/<number>/foto/<photo>`: a clerk of the
/// report's office publishes a photo (`pubblica=si`) or withdraws it; audited.
#[tracing::instrument(skip_all)]
pub async fn publish_photo(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    Path((number, photo)): Path<(ReportNumber, ReportPhotoId)>,
    form: Form<PhotoPublicationForm>,
) -> Result<Response, AppError> {
    let report = find_report(&state.pool, &number).await.or_internal("find_report")?.ok_or(AppError::NotFound)?;
    let offices = crate::auth::accounts::clerk_offices(&state.pool, clerk.account_id.as_str()).await.or_internal("clerk_offices")?;
    if !offices.contains(&report.office_code) {
        return Err(AppError::NotFound);
    }
    let publish = form.fields.publish == "si";
    if !super::photos::set_photo_published(&state.pool, &number, &photo, publish).await.or_internal("publish_photo")? {
        return Err(AppError::NotFound);
    }
    append_audit_event(
        &state.pool,
        &AuditEvent::new(
            clerk.account_id.as_str(),
            if publish { "report_photo_published" } else { "report_photo_withdrawn" },
            report.account_id.unwrap_or_default(),
        )
        .with_details(serde_json::json!({ "report": number.to_string(), "photo": photo.as_str() })),
    )
    .await
    .or_internal("audit_photo_publication")?;
    Ok(redirect_to(&format!("{}?aggiornata=1", path_with(CLERK_REPORT_PATH, &[&number.to_string()]))))
}
