//! What the practices pages show: the catalogue by theme and a published
//! procedure with the office that answers for it.

use super::procedure::ProcedureDefinition;
use crate::guide::model::ResponsibleOffice;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
}

/// A theme of the catalogue (a guide topic) with its procedures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureTheme {
    pub slug: String,
    pub name: String,
    pub procedures: Vec<ProcedureSummary>,
}

/// The version of a procedure citizens file today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedProcedure {
    pub version: i64,
    pub definition: ProcedureDefinition,
    pub theme_name: String,
    pub office: ResponsibleOffice,
}

/// Euro amounts as Italians write them: `1.234,50 €`.
pub fn format_euro_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let euros = (cents / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in euros.chars().enumerate() {
        if index > 0 && (euros.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped},{:02} €", cents % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euro_amounts_are_written_the_italian_way() {
        assert_eq!(format_euro_cents(2500), "25,00 €");
        assert_eq!(format_euro_cents(123456), "1.234,56 €");
        assert_eq!(format_euro_cents(5), "0,05 €");
        assert_eq!(format_euro_cents(100000000), "1.000.000,00 €");
    }
}

/// Where a practice stands (SPEC 4): submitted → protocolled → under review
/// → (integration requested ↔ integrated) → accepted | rejected, or withdrawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PracticeStatus {
    Submitted,
    Protocolled,
    UnderReview,
    IntegrationRequested,
    Integrated,
    Accepted,
    Rejected,
    Withdrawn,
}

impl PracticeStatus {
    pub const ALL: [PracticeStatus; 8] = [
        PracticeStatus::Submitted,
        PracticeStatus::Protocolled,
        PracticeStatus::UnderReview,
        PracticeStatus::IntegrationRequested,
        PracticeStatus::Integrated,
        PracticeStatus::Accepted,
        PracticeStatus::Rejected,
        PracticeStatus::Withdrawn,
    ];

    /// The stored name.
    pub fn code(self) -> &'static str {
        match self {
            PracticeStatus::Submitted => "submitted",
            PracticeStatus::Protocolled => "protocolled",
            PracticeStatus::UnderReview => "under_review",
            PracticeStatus::IntegrationRequested => "integration_requested",
            PracticeStatus::Integrated => "integrated",
            PracticeStatus::Accepted => "accepted",
            PracticeStatus::Rejected => "rejected",
            PracticeStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<PracticeStatus> {
        PracticeStatus::ALL.into_iter().find(|status| status.code() == code)
    }

    pub fn is_concluded(self) -> bool {
        matches!(self, PracticeStatus::Accepted | PracticeStatus::Rejected | PracticeStatus::Withdrawn)
    }
}

/// What the identity says about the person: shown, never asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityPrefill {
    pub family_name: String,
    pub given_name: String,
    pub fiscal_code: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A draft as its owner sees it in the wizard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeDraftView {
    pub draft_id: String,
    /// The definition at the draft's version (a newer one does not change a draft under way).
    pub procedure: PublishedProcedure,
    pub answers: super::answers::Answers,
    /// Steps the citizen may open: every step before this one was accepted.
    pub reached_step: usize,
    pub identity: IdentityPrefill,
    pub submitted_practice_id: Option<String>,
    pub attachments: Vec<AttachmentView>,
    /// A fee paid before filing, once its notice is open.
    pub fee_payment: Option<crate::payments::model::PaymentView>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeEventView {
    /// RFC 3339 in Rome's time.
    pub occurred_at: String,
    pub kind: String,
    pub status_after: PracticeStatus,
    pub note: String,
    /// citizen, clerk or system.
    pub actor: String,
    /// ISO date: an integration request's deadline.
    pub deadline: Option<String>,
    /// False for the office's internal notes (never sent to the citizen).
    pub visible_to_citizen: bool,
}

/// A file exchanged after filing: an answer to an integration request or an outcome document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeDocumentView {
    pub id: String,
    pub file_name: String,
    pub sniffed_type: String,
    pub size_bytes: u64,
    /// citizen or clerk.
    pub added_by: String,
    /// RFC 3339 in Rome's time.
    pub added_at: String,
    pub sha256: String,
}

/// The office's open question to the citizen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenIntegrationRequest {
    pub message: String,
    /// ISO date.
    pub deadline: String,
    /// RFC 3339 in Rome's time.
    pub requested_at: String,
}

/// A filed practice as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeView {
    pub id: String,
    pub procedure_slug: String,
    pub procedure_title: String,
    pub protocol_number: String,
    pub check_code: String,
    pub status: PracticeStatus,
    /// RFC 3339.
    pub submitted_at: String,
    /// ISO date; None while the time limit is suspended.
    pub expected_completion: Option<String>,
    pub office_name: String,
    pub officer: String,
    /// For the citizen: the events they may see; for the office: all of them.
    pub events: Vec<PracticeEventView>,
    pub documents: Vec<PracticeDocumentView>,
    pub integration_request: Option<OpenIntegrationRequest>,
    /// The procedure's fee, once its payment notice is open.
    pub fee: Option<crate::payments::model::PaymentView>,
}

/// What the inbox filters on (from the page's query string).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkInboxFilter {
    /// A status code, or empty for "still open".
    pub status: String,
    /// A procedure slug, or empty for all.
    pub procedure: String,
    /// Filed from / until (ISO or gg/mm/aaaa), inclusive.
    pub filed_from: String,
    pub filed_until: String,
    pub overdue_only: bool,
    /// 1-based.
    pub page: u32,
}

/// The inbox's pseudo-status for "every practice not yet concluded".
pub const OPEN_PRACTICES: &str = "aperte";
/// The inbox's pseudo-status for "every practice, open or concluded".
pub const ALL_PRACTICES: &str = "tutte";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkInboxItem {
    pub id: String,
    pub protocol_number: String,
    pub procedure_title: String,
    pub applicant: String,
    pub status: PracticeStatus,
    /// RFC 3339 in Rome's time.
    pub submitted_at: String,
    /// ISO date; None while suspended or concluded.
    pub due_on: Option<String>,
    pub overdue: bool,
    /// Waiting for an integration whose deadline has passed.
    pub integration_expired: bool,
    pub assigned_to: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkInbox {
    /// (code, name) of the clerk's offices.
    pub offices: Vec<(String, String)>,
    /// (slug, title) of the procedures those offices answer for.
    pub procedures: Vec<(String, String)>,
    pub items: Vec<ClerkInboxItem>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

/// A practice as the office works on it: everything the citizen filed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkPracticeView {
    pub practice: PracticeView,
    pub procedure: PublishedProcedure,
    pub answers: super::answers::Answers,
    pub applicant: IdentityPrefill,
    pub attachments: Vec<AttachmentView>,
    pub assigned_to: Option<String>,
    pub due_on: Option<String>,
}

/// A draft in "Le mie pratiche".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub draft_id: String,
    pub procedure_title: String,
    /// RFC 3339.
    pub updated_at: String,
    /// Where to resume: the first step not yet accepted, or the summary.
    pub resume_step: String,
}

/// A filed practice in "Le mie pratiche".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeSummary {
    pub id: String,
    pub procedure_title: String,
    pub protocol_number: String,
    pub status: PracticeStatus,
    /// RFC 3339.
    pub submitted_at: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyPractices {
    pub drafts: Vec<DraftSummary>,
    pub practices: Vec<PracticeSummary>,
}

/// What the public lookup shows: status and dates, nothing about the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPracticeStatus {
    pub procedure_title: String,
    pub protocol_number: String,
    pub status: PracticeStatus,
    /// ISO date.
    pub submitted_on: String,
    pub expected_completion: Option<String>,
    /// (RFC 3339 instant, status after) of each event.
    pub events: Vec<(String, PracticeStatus)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicLookup {
    Found(PublicPracticeStatus),
    /// Unknown protocol number, wrong check code or malformed input: one answer for all.
    NotFound,
    TooManyRequests,
}

/// The check code as typed back: letters and digits only, upper case.
pub fn normalise_check_code(input: &str) -> String {
    input.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_uppercase()
}

/// An uploaded file as the wizard lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: String,
    pub field: String,
    pub file_name: String,
    /// pdf, pdf_a, signed_p7m, jpeg, png: what the bytes are.
    pub sniffed_type: String,
    pub sha256: String,
    pub size_bytes: u64,
}

/// Sizes as people read them: `850 KB`, `2,4 MB`.
pub fn format_size(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    } else {
        let tenths = (bytes * 10).div_ceil(1024 * 1024);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

/// What the citizen's archive of concluded practices filters on (from the page's query string).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveFilter {
    /// A protocol year, or empty for all.
    pub year: String,
    /// A theme (guide topic) slug, or empty for all.
    pub theme: String,
    /// accepted, rejected, withdrawn, or empty for all.
    pub outcome: String,
    /// 1-based.
    pub page: u32,
}

/// The citizen's concluded practices, one page of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeArchive {
    /// Years with concluded practices, newest first.
    pub years: Vec<i64>,
    /// (slug, name) of the themes with concluded practices.
    pub themes: Vec<(String, String)>,
    pub items: Vec<PracticeSummary>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}
