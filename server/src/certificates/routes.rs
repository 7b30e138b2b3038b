//! The certificates' routes that are not pages: the request form's post,
//! the PDF's download, the check of an uploaded PDF, the seal's public key
//! and a registry clerk's revocation.

use super::issuing::{make_certificate, Issuing};
use super::port::{outcome_of, today_iso, verification_throttled, REGISTRY_OFFICES};
use super::store::{find_certificate, owned_document, revoke_certificate, CertificateKey};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::sessions::redirect_to;
use crate::http::client_address::ClientAddress;
use crate::http::downloads::private_pdf;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::{Form, FormWithFiles, Path, SignedIn, Staff, UserLocale};
use crate::http::form_pages::page_with_context;
use crate::AppState;
use app::certificates::forms::{CertificateRequestForm, RevocationForm, VerifyFileForm, FILE_FIELD, PERSON_FIELD, REVOCATION_REASON_FIELD};
use app::certificates::model::{parse_stamp_duty, CertificateKind, CertificateState, Refusal, StampDutyProblem, VerificationCode, VerificationOutcome};
use app::certificates::pages::{refusal_text, FileVerification};
use app::i18n::Text;
use app::ids::CertificateId;
use app::routes::{path_with, CERTIFICATE_VERIFICATION_PATH, CLERK_CERTIFICATES_PATH, MY_CERTIFICATE_PATH};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

fn stamp_problem_text(problem: StampDutyProblem) -> (&'static str, Text) {
    use app::certificates::forms::{EXEMPTION_FIELD, EXEMPTION_REASON_FIELD, STAMP_CHOICE_FIELD};
    match problem {
        StampDutyProblem::NoChoice => (STAMP_CHOICE_FIELD, Text::CertificateErrorNoStampChoice),
        StampDutyProblem::UnknownExemption => (EXEMPTION_FIELD, Text::CertificateErrorUnknownExemption),
        StampDutyProblem::ReasonMissing => (EXEMPTION_REASON_FIELD, Text::CertificateErrorReasonMissing),
        StampDutyProblem::ReasonTooLong => (EXEMPTION_REASON_FIELD, Text::CertificateErrorReasonTooLong),
    }
}

/// The verification page's public address.
pub fn verification_url(state: &AppState) -> String {
    format!("{}{CERTIFICATE_VERIFICATION_PATH}", state.config.public_url.trim_end_matches('/'))
}

/// POST `/area-personale/certificati/nuovo/<kind>`: for whom and the stamp
/// duty. Someone outside the family unit is not found (404); a refusal
/// comes back with its reason and where to go instead (422).
#[tracing::instrument(skip_all)]
pub async fn request_certificate(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    UserLocale(locale): UserLocale,
    Path(slug): Path<String>,
    form: Form<CertificateRequestForm>,
) -> Result<Response, AppError> {
    let kind = CertificateKind::from_slug(&slug).ok_or(AppError::NotFound)?;
    let fields = &form.fields;
    let mut problems = Vec::new();
    let person = fields.person.trim().to_uppercase();
    if person.is_empty() {
        problems.push((PERSON_FIELD.to_string(), Text::CertificateErrorNoPerson.in_locale(locale).to_string()));
    }
    let stamp = parse_stamp_duty(kind, &fields.stamp_choice, &fields.exemption, &fields.exemption_reason);
    if let Err(problem) = stamp {
        let (field, text) = stamp_problem_text(problem);
        problems.push((field.to_string(), text.in_locale(locale).to_string()));
    }
    let stamp = match stamp {
        Ok(stamp) if problems.is_empty() => stamp,
        _ => return Err(form.with_problems(problems)),
    };
    let issuing = Issuing {
        pool: &state.pool,
        registry: state.registry.as_ref(),
        seal: state.seal.as_ref(),
        payments: &state.config.payments,
        verification_url: verification_url(&state),
        now: state.config.clock.now_unix_seconds(),
    };
    match make_certificate(&issuing, &user, kind, &person, stamp).await.or_internal("make_certificate")? {
        Ok(made) => {
            let page = path_with(MY_CERTIFICATE_PATH, &[&made.id]);
            Ok(redirect_to(&if made.awaiting_stamp { page } else { format!("{page}?rilasciato=1") }))
        }
        Err(Refusal::NotFound) => Err(AppError::NotFound),
        Err(refusal) => Err(form.with_problems(vec![(PERSON_FIELD.to_string(), refusal_text(refusal).in_locale(locale).to_string())])),
    }
}

/// GET `/area-personale/certificati/<id>/certificato.pdf`: the requester's
/// certificate, the same bytes as issued, while it is valid.
#[tracing::instrument(skip_all)]
pub async fn download_certificate(State(state): State<AppState>, SignedIn(user): SignedIn, Path(id): Path<CertificateId>) -> Result<Response, AppError> {
    let record = find_certificate(&state.pool, CertificateKey::Owned { id: id.as_str(), account_id: &user.account_id })
        .await
        .or_internal("find_certificate")?
        .ok_or(AppError::NotFound)?;
    if record.state(&today_iso(&state.config.clock)) != CertificateState::Valid {
        return Err(AppError::NotFound);
    }
    let document = owned_document(&state.pool, id.as_str(), &user.account_id).await.or_internal("certificate_document")?.ok_or(AppError::NotFound)?;
    Ok(private_pdf(document, &format!("{}-{}.pdf", record.kind.slug(), record.issued_on)))
}

/// POST `/certificati/verifica`: the PDF itself, checked by its SHA-256
/// against the certificates issued (a changed byte matches nothing).
#[tracing::instrument(skip_all)]
pub async fn verify_uploaded_certificate(
    State(state): State<AppState>,
    UserLocale(locale): UserLocale,
    ClientAddress(client): ClientAddress,
    form: FormWithFiles<VerifyFileForm>,
) -> Result<Response, AppError> {
    let Some(file) = form.files.iter().find(|file| file.field == FILE_FIELD && !file.bytes.is_empty()) else {
        return Err(form.with_problems(vec![(FILE_FIELD.to_string(), Text::CertificateVerifyFileMissing.in_locale(locale).to_string())]));
    };
    let outcome = if verification_throttled(&state.pool, client).await.or_internal("verification_throttle")? {
        VerificationOutcome::TooManyRequests
    } else {
        let digest = super::seal::digest_of(&file.bytes);
        let record = find_certificate(&state.pool, CertificateKey::DocumentDigest(&digest)).await.or_internal("find_certificate")?;
        outcome_of(record, &today_iso(&state.config.clock), None)
    };
    let status = if outcome == VerificationOutcome::TooManyRequests { StatusCode::TOO_MANY_REQUESTS } else { StatusCode::OK };
    Ok(page_with_context(CERTIFICATE_VERIFICATION_PATH, status, move || provide_context(FileVerification(outcome.clone()))))
}

/// GET `/certificati/chiave-pubblica.pem`: the seal's public key.
#[tracing::instrument(skip_all)]
pub async fn seal_public_key(State(state): State<AppState>) -> Result<Response, AppError> {
    Ok(([(header::CONTENT_TYPE, "application/x-pem-file"), (header::CACHE_CONTROL, "public, max-age=3600")], state.seal.public_key_pem()).into_response())
}

/// POST `/operatore/certificati`: a registry clerk revokes a
/// certificate with a reason, audited; verification then says revoked.
#[tracing::instrument(skip_all)]
pub async fn revoke(
    State(state): State<AppState>,
    Staff(clerk): Staff,
    UserLocale(locale): UserLocale,
    form: Form<RevocationForm>,
) -> Result<Response, AppError> {
    let offices = crate::auth::accounts::clerk_offices(&state.pool, &clerk.account_id).await.or_internal("clerk_offices")?;
    if !offices.iter().any(|office| REGISTRY_OFFICES.contains(&office.as_str())) {
        return Err(AppError::NotFound);
    }
    let code = VerificationCode::parse(&form.fields.code).map_err(|_| AppError::NotFound)?;
    let record = find_certificate(&state.pool, CertificateKey::Code(code.as_str())).await.or_internal("find_certificate")?.ok_or(AppError::NotFound)?;
    let reason = form.fields.reason.trim();
    if reason.is_empty() {
        return Err(form.with_problems(vec![(REVOCATION_REASON_FIELD.to_string(), Text::ClerkRevokeReasonMissing.in_locale(locale).to_string())]));
    }
    let now = state.config.clock.now_unix_seconds();
    append_audit_event(
        &state.pool,
        &AuditEvent::new(&clerk.account_id, "certificate_revoked", &record.account_id)
            .with_details(serde_json::json!({ "certificate": record.id, "kind": record.kind.slug() })),
    )
    .await
    .or_internal("audit_revocation")?;
    revoke_certificate(&state.pool, &record.id, &clerk.account_id, reason, now).await.or_internal("revoke_certificate")?;
    Ok(redirect_to(&format!("{CLERK_CERTIFICATES_PATH}?codice={}&revocato=1", code.as_str())))
}
