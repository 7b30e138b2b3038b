//! What the personal data export reads beyond the account itself: the
//! person's drafts and their attachments, filed practices with the steps
//! and files the person can see, and payments with their receipts (GDPR
//! articles 15 and 20). Only ever one account's rows, by its id.

use super::accounts::find_account_by_id;
use super::audit::audit_entries_about;
use super::sessions::sessions_of;
use super::tokens::now_unix_seconds;
use anyhow::Context;
use app::auth::model::{ReadableExport, ReadableExportSection};
use app::i18n::{Locale, Text};
use app::practices::calendar::italian_date_time_of_unix_seconds;
use serde::Serialize;
use sqlx::AnyPool;

pub const CONTROLLER: &str = "Comune di Rho, Piazza Visconti 23, 20017 Rho (MI)";

/// Everything the portal keeps about one account, as the JSON download
/// gives it; None if there is no such account.
#[tracing::instrument(skip_all)]
pub async fn personal_data_export(pool: &AnyPool, account_id: &str) -> anyhow::Result<Option<serde_json::Value>> {
    let Some(account) = find_account_by_id(pool, account_id).await? else {
        return Ok(None);
    };
    let sessions = sessions_of(pool, account_id).await?;
    let events = audit_entries_about(pool, account_id).await?;
    let messages = crate::mail::outbox::messages_of_account(pool, account_id).await?;
    let records = records_of(pool, account_id).await?;
    let mut export = serde_json::json!({
        "controller": CONTROLLER,
        "generated_at": now_unix_seconds(),
        "account": {
            "fiscal_code": account.fiscal_code.as_str(),
            "given_name": account.given_name,
            "family_name": account.family_name,
            "email": account.email,
            "email_verified_at": account.email_verified_at,
            "phone": account.phone,
            "role": account.role.code(),
            "identity_source": account.identity_source,
            "counter_credentials_active": account.password_hash.is_some(),
            "authenticator_app_enrolled": account.totp_secret.is_some(),
            "created_at": account.created_at,
            "updated_at": account.updated_at,
        },
        "open_sessions": sessions,
        "messages_sent": messages.iter().map(|message| serde_json::json!({
            "to": message.recipient,
            "subject": message.subject,
            "queued_at": message.created_at,
            "delivered_at": message.sent_at,
        })).collect::<Vec<_>>(),
        "access_log": events.iter().map(|entry| serde_json::json!({
            "at": entry.recorded_at,
            "action": entry.action,
            "by_self": entry.actor == account_id,
            "details": serde_json::from_str::<serde_json::Value>(&entry.details).unwrap_or_default(),
        })).collect::<Vec<_>>(),
    });
    if let Some(fields) = export.as_object_mut() {
        fields.extend(records);
    }
    Ok(Some(export))
}

/// The export's sections, in the page's order.
const READABLE_SECTIONS: [(&str, Text); 13] = [
    ("account", Text::ExportSectionAccount),
    ("open_sessions", Text::ExportSectionSessions),
    ("practices", Text::ExportSectionPractices),
    ("drafts", Text::ExportSectionDrafts),
    ("files", Text::ExportSectionFiles),
    ("payments", Text::ExportSectionPayments),
    ("reports", Text::ExportSectionReports),
    ("information_requests", Text::ExportSectionInformationRequests),
    ("complaints", Text::ExportSectionComplaints),
    ("citizen_messages", Text::ExportSectionCitizenMessages),
    ("appointments", Text::ExportSectionAppointments),
    ("messages_sent", Text::ExportSectionMessages),
    ("access_log", Text::ExportSectionAccessLog),
];

/// The label of each key the export writes; a key not listed here (an
/// answer's field name) is shown as written, with spaces for underscores.
const READABLE_LABELS: [(&str, Text); 77] = [
    ("number", Text::ExportFieldReportNumber),
    ("category_code", Text::ExportFieldReportCategory),
    ("title", Text::ExportFieldReportTitle),
    ("street", Text::ExportFieldStreet),
    ("house_number", Text::ExportFieldHouseNumber),
    ("landmark", Text::ExportFieldLandmark),
    ("latitude_e6", Text::ExportFieldLatitude),
    ("longitude_e6", Text::ExportFieldLongitude),
    ("public_reply", Text::ExportFieldPublicReply),
    ("channel", Text::ExportFieldChannel),
    ("fiscal_code", Text::ExportFieldFiscalCode),
    ("given_name", Text::ExportFieldGivenName),
    ("family_name", Text::ExportFieldFamilyName),
    ("email", Text::ExportFieldEmail),
    ("email_verified_at", Text::ExportFieldEmailVerifiedAt),
    ("phone", Text::ExportFieldPhone),
    ("role", Text::ExportFieldRole),
    ("identity_source", Text::ExportFieldIdentitySource),
    ("counter_credentials_active", Text::ExportFieldCounterCredentials),
    ("authenticator_app_enrolled", Text::ExportFieldAuthenticatorApp),
    ("created_at", Text::ExportFieldCreatedAt),
    ("updated_at", Text::ExportFieldUpdatedAt),
    ("level", Text::ExportFieldLevel),
    ("method", Text::ExportFieldMethod),
    ("last_seen_at", Text::ExportFieldLastSeenAt),
    ("to", Text::ExportFieldTo),
    ("subject", Text::ExportFieldSubject),
    ("queued_at", Text::ExportFieldQueuedAt),
    ("delivered_at", Text::ExportFieldDeliveredAt),
    ("at", Text::ExportFieldAt),
    ("action", Text::ExportFieldAction),
    ("by_self", Text::ExportFieldBySelf),
    ("details", Text::ExportFieldDetails),
    ("draft", Text::ExportFieldDraft),
    ("id", Text::ExportFieldId),
    ("procedure_slug", Text::ExportFieldProcedure),
    ("submitted_practice_id", Text::ExportFieldSubmittedPractice),
    ("answers", Text::ExportFieldAnswers),
    ("practice", Text::ExportFieldPractice),
    ("protocol_year", Text::ExportFieldProtocolYear),
    ("protocol_sequence", Text::ExportFieldProtocolSequence),
    ("status", Text::ExportFieldStatus),
    ("submitted_at", Text::ExportFieldSubmittedAt),
    ("protocol_number", Text::ExportFieldProtocolNumber),
    ("steps", Text::ExportFieldSteps),
    ("practice_id", Text::ExportFieldPractice),
    ("occurred_at", Text::ExportFieldOccurredAt),
    ("kind", Text::ExportFieldKind),
    ("status_after", Text::ExportFieldStatusAfter),
    ("note", Text::ExportFieldNote),
    ("belongs_to", Text::ExportFieldBelongsTo),
    ("file_name", Text::ExportFieldFileName),
    ("sniffed_type", Text::ExportFieldFileType),
    ("size_bytes", Text::ExportFieldSize),
    ("sha256", Text::ExportFieldSha256),
    ("added_at", Text::ExportFieldAddedAt),
    ("notice_number", Text::ExportFieldNoticeNumber),
    ("description", Text::ExportFieldDescription),
    ("amount_cents", Text::ExportFieldAmount),
    ("receipt_id", Text::ExportFieldReceiptId),
    ("psp_name", Text::ExportFieldPsp),
    ("paid_at", Text::ExportFieldPaidAt),
    ("receipt_received_at", Text::ExportFieldReceiptReceivedAt),
    ("request_number", Text::ExportFieldRequestNumber),
    ("name", Text::InformationNameLabel),
    ("topic", Text::InformationTopicLabel),
    ("question", Text::InformationQuestionLabel),
    ("received_at", Text::InformationReceivedLabel),
    ("due_on", Text::InformationDueLabel),
    ("answer", Text::InformationAnswerTitle),
    ("answered_at", Text::ExportFieldAnsweredAt),
    ("read_at", Text::ExportFieldReadAt),
    ("link", Text::ExportFieldLink),
    ("office", Text::BookingOfficeLabel),
    ("service", Text::BookingServiceLabel),
    ("day", Text::BookingDayLabel),
    ("starts", Text::BookingTimeLabel),
];

fn label_of(key: &str, locale: Locale) -> String {
    match READABLE_LABELS.iter().find(|(known, _)| *known == key) {
        Some((_, text)) => text.in_locale(locale).to_string(),
        None => key.replace('_', " "),
    }
}

/// Writes `value`'s leaves as (label, value) lines; nested labels are
/// joined with " › ", the items of a list numbered.
fn flatten(key: &str, label: String, value: &serde_json::Value, locale: Locale, lines: &mut Vec<(String, String)>) {
    use serde_json::Value;
    let text = match value {
        Value::Object(fields) => {
            for (inner_key, inner) in fields {
                let inner_label = if label.is_empty() { label_of(inner_key, locale) } else { format!("{label} › {}", label_of(inner_key, locale)) };
                flatten(inner_key, inner_label, inner, locale, lines);
            }
            return;
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten(key, format!("{label} {}", index + 1), item, locale, lines);
            }
            return;
        }
        Value::Null => "—".to_string(),
        Value::Bool(true) => Text::ExportYes.in_locale(locale).to_string(),
        Value::Bool(false) => Text::ExportNo.in_locale(locale).to_string(),
        Value::Number(number) if key.ends_with("_at") && number.is_i64() => italian_date_time_of_unix_seconds(number.as_i64().unwrap_or_default()),
        Value::Number(number) if key == "amount_cents" => {
            let cents = number.as_i64().unwrap_or_default();
            format!("{},{:02} €", cents / 100, cents % 100)
        }
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
    };
    lines.push((label, text));
}

/// The export as a page reads it, with labels in `locale`.
pub fn readable(export: &serde_json::Value, locale: Locale) -> ReadableExport {
    let sections = READABLE_SECTIONS
        .iter()
        .map(|(key, title)| {
            let records = match &export[*key] {
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|item| {
                        let mut lines = Vec::new();
                        flatten(key, String::new(), item, locale, &mut lines);
                        lines
                    })
                    .collect(),
                serde_json::Value::Null => Vec::new(),
                record => {
                    let mut lines = Vec::new();
                    flatten(key, String::new(), record, locale, &mut lines);
                    vec![lines]
                }
            };
            ReadableExportSection { title: title.in_locale(locale).to_string(), records }
        })
        .collect();
    ReadableExport {
        controller: export["controller"].as_str().unwrap_or(CONTROLLER).to_string(),
        generated_at: export["generated_at"].as_i64().map(italian_date_time_of_unix_seconds).unwrap_or_default(),
        sections,
    }
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedDraft {
    pub id: String,
    pub procedure_slug: String,
    #[serde(skip)]
    pub answers_json: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The practice it was filed as, if it was.
    pub submitted_practice_id: Option<String>,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedFile {
    /// The draft (a file attached in the wizard) or the practice (a file
    /// exchanged after filing) it belongs to.
    pub belongs_to: String,
    pub file_name: String,
    pub sniffed_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub added_at: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedPractice {
    pub id: String,
    pub procedure_slug: String,
    pub protocol_year: i64,
    pub protocol_sequence: i64,
    pub status: String,
    #[serde(skip)]
    pub answers_json: String,
    pub submitted_at: i64,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedPracticeEvent {
    pub practice_id: String,
    pub occurred_at: i64,
    pub kind: String,
    pub status_after: String,
    pub note: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedPayment {
    pub notice_number: String,
    pub description: String,
    pub amount_cents: i64,
    pub status: String,
    pub created_at: i64,
    pub receipt_id: Option<String>,
    pub psp_name: Option<String>,
    pub paid_at: Option<String>,
    pub receipt_received_at: Option<i64>,
}

/// A report the person made (or a clerk registered for them).
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedReport {
    pub number: String,
    pub category_code: String,
    pub title: String,
    pub description: String,
    pub street: Option<String>,
    pub house_number: Option<String>,
    pub landmark: Option<String>,
    pub latitude_e6: Option<i64>,
    pub longitude_e6: Option<i64>,
    pub status: String,
    pub public_reply: Option<String>,
    pub channel: String,
    pub created_at: i64,
}

/// An information request the person sent while signed in.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedInformationRequest {
    pub request_number: String,
    pub channel: String,
    pub name: String,
    pub email: String,
    pub topic: String,
    pub question: String,
    pub received_at: i64,
    pub due_on: String,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
}

/// A complaint or suggestion the person sent while signed in, with its
/// answer and compensation (the choice's code is never exported: only its
/// digest is kept).
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedComplaint {
    pub complaint_number: String,
    pub kind: String,
    pub channel: String,
    pub name: String,
    pub email: String,
    pub standard: Option<String>,
    pub text: String,
    pub received_at: i64,
    pub due_on: String,
    pub verdict: Option<String>,
    pub reason: Option<String>,
    pub answered_at: Option<i64>,
    pub compensation_until: Option<String>,
    pub compensation: Option<String>,
    pub chosen_at: Option<i64>,
    pub handed_over_at: Option<i64>,
    pub lapsed_at: Option<i64>,
}

/// A booking at the counter (not a hold that was never completed).
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedAppointment {
    pub office: String,
    pub service: String,
    pub day: String,
    pub starts: String,
    pub status: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub details: Option<String>,
    pub created_at: i64,
}

/// A message of the message centre ("I miei messaggi"), and when it was read.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ExportedCitizenMessage {
    pub kind: String,
    pub subject: String,
    pub text: String,
    pub link: Option<String>,
    pub due_on: Option<String>,
    pub notice_number: Option<String>,
    pub amount_cents: Option<i64>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

/// The rows of one account that `statement` selects (its `$1` is the account).
async fn rows_of<T>(pool: &AnyPool, account_id: &str, statement: &str, what: &str) -> anyhow::Result<Vec<T>>
where
    T: for<'row> sqlx::FromRow<'row, sqlx::any::AnyRow> + Send + Unpin,
{
    sqlx::query_as(statement).bind(account_id).fetch_all(pool).await.with_context(|| format!("cannot read the {what} to export"))
}

/// The answers as stored, as JSON (an unreadable value is shown as text).
fn answers_value(answers_json: &str) -> serde_json::Value {
    serde_json::from_str(answers_json).unwrap_or_else(|_| serde_json::Value::String(answers_json.to_string()))
}

#[tracing::instrument(skip_all)]
pub async fn drafts_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<ExportedDraft>> {
    rows_of(
        pool,
        account_id,
        "SELECT id, procedure_slug, answers_json, created_at, updated_at, submitted_practice_id FROM practice_drafts \
         WHERE account_id = $1 ORDER BY created_at",
        "drafts",
    )
    .await
}

#[tracing::instrument(skip_all)]
pub async fn files_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<ExportedFile>> {
    let mut files: Vec<ExportedFile> = rows_of(
        pool,
        account_id,
        "SELECT a.draft_id AS belongs_to, a.file_name, a.sniffed_type, a.size_bytes, a.sha256, a.uploaded_at AS added_at \
         FROM draft_attachments a JOIN practice_drafts d ON d.id = a.draft_id WHERE d.account_id = $1 ORDER BY a.uploaded_at",
        "attachments",
    )
    .await?;
    let documents: Vec<ExportedFile> = rows_of(
        pool,
        account_id,
        "SELECT f.practice_id AS belongs_to, f.file_name, f.sniffed_type, f.size_bytes, f.sha256, f.added_at \
         FROM practice_documents f JOIN practices p ON p.id = f.practice_id \
         JOIN practice_events e ON e.practice_id = f.practice_id AND e.sequence = f.event_sequence \
         WHERE p.account_id = $1 AND e.visible_to_citizen = 1 ORDER BY f.added_at",
        "practice documents",
    )
    .await?;
    files.extend(documents);
    Ok(files)
}

#[tracing::instrument(skip_all)]
pub async fn practices_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<ExportedPractice>> {
    rows_of(
        pool,
        account_id,
        "SELECT id, procedure_slug, protocol_year, protocol_sequence, status, answers_json, submitted_at FROM practices \
         WHERE account_id = $1 ORDER BY submitted_at",
        "practices",
    )
    .await
}

/// The steps of the person's practices they can see (not the offices' internal notes).
#[tracing::instrument(skip_all)]
pub async fn practice_events_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<ExportedPracticeEvent>> {
    rows_of(
        pool,
        account_id,
        "SELECT e.practice_id, e.occurred_at, e.kind, e.status_after, e.note FROM practice_events e \
         JOIN practices p ON p.id = e.practice_id WHERE p.account_id = $1 AND e.visible_to_citizen = 1 \
         ORDER BY e.practice_id, e.sequence",
        "practice events",
    )
    .await
}

#[tracing::instrument(skip_all)]
pub async fn payments_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<Vec<ExportedPayment>> {
    rows_of(
        pool,
        account_id,
        "SELECT d.notice_number, d.description, d.amount_cents, d.status, d.created_at, r.receipt_id, r.psp_name, \
         r.paid_at_text AS paid_at, r.received_at AS receipt_received_at \
         FROM debt_positions d LEFT JOIN payment_receipts r ON r.position_id = d.id WHERE d.account_id = $1 ORDER BY d.created_at",
        "payments",
    )
    .await
}

/// The person's drafts, practices (with their visible steps), files and
/// payments, as the export's fields.
pub async fn records_of(pool: &AnyPool, account_id: &str) -> anyhow::Result<serde_json::Map<String, serde_json::Value>> {
    let drafts = drafts_of(pool, account_id).await?;
    let practices = practices_of(pool, account_id).await?;
    let steps = practice_events_of(pool, account_id).await?;
    let mut records = serde_json::Map::new();
    records.insert("drafts".into(), drafts.iter().map(|draft| serde_json::json!({ "draft": draft, "answers": answers_value(&draft.answers_json) })).collect());
    records.insert(
        "practices".into(),
        practices
            .iter()
            .map(|practice| {
                serde_json::json!({
                    "practice": practice,
                    "protocol_number": format!("{}/{:07}", practice.protocol_year, practice.protocol_sequence),
                    "answers": answers_value(&practice.answers_json),
                    "steps": steps.iter().filter(|step| step.practice_id == practice.id).collect::<Vec<_>>(),
                })
            })
            .collect(),
    );
    records.insert("files".into(), serde_json::to_value(files_of(pool, account_id).await?)?);
    records.insert("payments".into(), serde_json::to_value(payments_of(pool, account_id).await?)?);
    let reports: Vec<ExportedReport> = rows_of(
        pool,
        account_id,
        "SELECT number, category_code, title, description, street, house_number, landmark, latitude_e6, longitude_e6, status, public_reply, channel, \
         created_at FROM reports WHERE account_id = $1 ORDER BY created_at",
        "reports",
    )
    .await?;
    records.insert("reports".into(), serde_json::to_value(reports)?);
    let information_requests: Vec<ExportedInformationRequest> = rows_of(
        pool,
        account_id,
        "SELECT number AS request_number, channel, name, email, topic, question, received_at, due_on, answer, answered_at \
         FROM information_requests WHERE account_id = $1 ORDER BY received_at",
        "information requests",
    )
    .await?;
    records.insert("information_requests".into(), serde_json::to_value(information_requests)?);
    let complaints: Vec<ExportedComplaint> = rows_of(
        pool,
        account_id,
        "SELECT c.number AS complaint_number, c.kind, c.channel, c.name, c.email, c.standard, c.body AS text, c.received_at, c.due_on, c.verdict, \
         c.reason, c.answered_at, c.compensation_until, i.description AS compensation, c.chosen_at, c.handed_over_at, c.lapsed_at \
         FROM complaints c LEFT JOIN compensation_items i ON i.id = c.compensation_item WHERE c.account_id = $1 ORDER BY c.received_at",
        "complaints",
    )
    .await?;
    records.insert("complaints".into(), serde_json::to_value(complaints)?);
    let citizen_messages: Vec<ExportedCitizenMessage> = rows_of(
        pool,
        account_id,
        "SELECT kind, subject, body AS text, link, due_on, notice_number, amount_cents, created_at, read_at \
         FROM citizen_messages WHERE account_id = $1 ORDER BY created_at, id",
        "citizen messages",
    )
    .await?;
    records.insert("citizen_messages".into(), serde_json::to_value(citizen_messages)?);
    let appointments: Vec<ExportedAppointment> = rows_of(
        pool,
        account_id,
        "SELECT office, service, day, starts, state AS status, name, email, phone, details, created_at \
         FROM appointments WHERE account_id = $1 AND state NOT IN ('held', 'released') ORDER BY day, starts",
        "appointments",
    )
    .await?;
    records.insert("appointments".into(), serde_json::to_value(appointments)?);
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readable_export_labels_every_value_and_keeps_every_record() {
        let export = serde_json::json!({
            "controller": CONTROLLER,
            "generated_at": 1_796_300_000,
            "account": { "fiscal_code": "RSSMRA80A01F205X", "email": null, "counter_credentials_active": true },
            "practices": [{
                "practice": { "id": "p-1", "status": "accepted", "submitted_at": 1_796_200_000 },
                "protocol_number": "2026/0000042",
                "answers": { "oggetto": ["Copia del verbale"] },
                "steps": [{ "kind": "submitted" }, { "kind": "accepted", "note": "Accolta" }],
            }],
            "payments": [{ "notice_number": "301000000000000017", "amount_cents": 14_650, "paid_at": "2026-12-01" }],
            "files": [],
        });
        let page = readable(&export, Locale::Italian);
        let section = |title: &str| page.sections.iter().find(|section| section.title == title).unwrap_or_else(|| panic!("{title}"));
        let account = &section("Profilo").records[0];
        assert!(account.contains(&("Codice fiscale".into(), "RSSMRA80A01F205X".into())));
        assert!(account.contains(&("Email".into(), "—".into())));
        assert!(account.contains(&("Credenziali dello sportello attive".into(), "sì".into())));
        let practice = &section("Pratiche").records[0];
        assert!(practice.contains(&("Numero di protocollo".into(), "2026/0000042".into())), "{practice:?}");
        assert!(practice.contains(&("Pratica › Stato".into(), "accepted".into())), "{practice:?}");
        assert!(practice.iter().any(|(label, value)| label == "Pratica › Inviata il" && value.contains("/2026 ")));
        assert!(practice.contains(&("Risposte › oggetto 1".into(), "Copia del verbale".into())), "{practice:?}");
        assert!(practice.contains(&("Passaggio 2 › Nota".into(), "Accolta".into())), "{practice:?}");
        let payment = &section("Pagamenti e ricevute").records[0];
        assert!(payment.contains(&("Importo".into(), "146,50 €".into())), "{payment:?}");
        assert!(section("File").records.is_empty());
        assert!(section("Bozze di domanda").records.is_empty(), "a missing section is an empty one");
        assert_eq!(page.controller, CONTROLLER);
        assert!(page.generated_at.contains("/2026 "), "{}", page.generated_at);
    }
}
