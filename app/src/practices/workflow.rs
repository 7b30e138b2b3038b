//! The life of a filed practice (SPEC 4, issue 4 "Back office"): which
//! actions the office and the citizen may take in which status, and what each
//! one needs (a message, a reason, a deadline). Pure: the server applies it
//! inside the transaction that records the event, the pages use it to offer
//! only the actions that make sense.

use super::model::PracticeStatus;
use crate::i18n::{Locale, Text};
use time::Date;

/// Who acts on a practice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Citizen,
    Clerk,
}

/// Where a practice stands, as far as the actions allowed depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PracticeSituation {
    pub status: PracticeStatus,
    /// A request for integration went unanswered past its deadline: the
    /// office may then conclude on what it has (L. 241/1990, art. 2 and 10-bis).
    pub integration_expired: bool,
}

impl PracticeSituation {
    /// The situation on `today`, given the open request's deadline (if any).
    pub fn on(status: PracticeStatus, integration_deadline: Option<Date>, today: Date) -> PracticeSituation {
        PracticeSituation {
            status,
            integration_expired: status == PracticeStatus::IntegrationRequested && integration_deadline.is_some_and(|deadline| deadline < today),
        }
    }
}

impl From<PracticeStatus> for PracticeSituation {
    fn from(status: PracticeStatus) -> Self {
        PracticeSituation { status, integration_expired: false }
    }
}

/// Everything that can happen to a filed practice after protocol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PracticeAction {
    /// A clerk of the office starts (or takes over) the review.
    TakeCharge,
    /// A note for the office only; the citizen never sees it.
    AddInternalNote,
    /// The office asks the citizen for more information or documents, by a deadline.
    RequestIntegration,
    /// The citizen answers a request for integration.
    AnswerIntegration,
    Accept,
    Reject,
    /// The citizen withdraws the application from the personal area.
    Withdraw,
    /// The office records a withdrawal the citizen sent another way (PEC, letter, counter).
    ArchiveWithdrawal,
}

impl PracticeAction {
    pub const ALL: [PracticeAction; 8] = [
        PracticeAction::TakeCharge,
        PracticeAction::AddInternalNote,
        PracticeAction::RequestIntegration,
        PracticeAction::AnswerIntegration,
        PracticeAction::Accept,
        PracticeAction::Reject,
        PracticeAction::Withdraw,
        PracticeAction::ArchiveWithdrawal,
    ];

    /// The name in forms and in the stored events.
    pub fn code(self) -> &'static str {
        match self {
            PracticeAction::TakeCharge => "take_charge",
            PracticeAction::AddInternalNote => "internal_note",
            PracticeAction::RequestIntegration => "integration_requested",
            PracticeAction::AnswerIntegration => "integration_answered",
            PracticeAction::Accept => "accepted",
            PracticeAction::Reject => "rejected",
            PracticeAction::Withdraw => "withdrawn",
            PracticeAction::ArchiveWithdrawal => "withdrawal_archived",
        }
    }

    pub fn from_code(code: &str) -> Option<PracticeAction> {
        PracticeAction::ALL.into_iter().find(|action| action.code() == code)
    }

    pub fn actor(self) -> Actor {
        match self {
            PracticeAction::AnswerIntegration | PracticeAction::Withdraw => Actor::Citizen,
            _ => Actor::Clerk,
        }
    }

    /// Whether the citizen sees the event (and its note) in the timeline.
    pub fn visible_to_citizen(self) -> bool {
        !matches!(self, PracticeAction::AddInternalNote)
    }

    /// What the action is called in a refusal: "take charge of", "conclude"…
    fn text(self) -> Text {
        match self {
            PracticeAction::TakeCharge => Text::ActionTakeCharge,
            PracticeAction::AddInternalNote => Text::ActionInternalNote,
            PracticeAction::RequestIntegration => Text::ActionRequestIntegration,
            PracticeAction::AnswerIntegration => Text::ActionAnswerIntegration,
            PracticeAction::Accept => Text::ActionAccept,
            PracticeAction::Reject => Text::ActionReject,
            PracticeAction::Withdraw => Text::ActionWithdraw,
            PracticeAction::ArchiveWithdrawal => Text::ActionArchiveWithdrawal,
        }
    }

    /// The status after the action, or why it cannot be taken now.
    pub fn status_after(self, situation: impl Into<PracticeSituation>) -> Result<PracticeStatus, TransitionRefused> {
        use PracticeStatus::*;
        let PracticeSituation { status: before, integration_expired } = situation.into();
        let refused = Err(TransitionRefused { action: self, status: before });
        if before.is_concluded() && self != PracticeAction::AddInternalNote {
            return refused;
        }
        match (self, before) {
            (PracticeAction::AddInternalNote, status) => Ok(status),
            (PracticeAction::TakeCharge, Submitted | Protocolled | Integrated) => Ok(UnderReview),
            (PracticeAction::TakeCharge, status @ (UnderReview | IntegrationRequested)) => Ok(status),
            (PracticeAction::RequestIntegration, UnderReview | Integrated) => Ok(IntegrationRequested),
            (PracticeAction::AnswerIntegration, IntegrationRequested) => Ok(Integrated),
            (PracticeAction::Accept, UnderReview | Integrated) => Ok(Accepted),
            (PracticeAction::Reject, UnderReview | Integrated) => Ok(Rejected),
            (PracticeAction::Accept, IntegrationRequested) if integration_expired => Ok(Accepted),
            (PracticeAction::Reject, IntegrationRequested) if integration_expired => Ok(Rejected),
            (PracticeAction::Withdraw | PracticeAction::ArchiveWithdrawal, _) => Ok(Withdrawn),
            _ => refused,
        }
    }

    /// The actions this actor may take on a practice in this status (what
    /// the page offers).
    pub fn available(actor: Actor, situation: impl Into<PracticeSituation>) -> Vec<PracticeAction> {
        let situation = situation.into();
        PracticeAction::ALL.into_iter().filter(|action| action.actor() == actor && action.status_after(situation).is_ok()).collect()
    }
}

/// An action that the practice's status does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransitionRefused {
    pub action: PracticeAction,
    pub status: PracticeStatus,
}

impl TransitionRefused {
    pub fn message(&self, locale: Locale) -> String {
        if matches!(self.action, PracticeAction::Accept | PracticeAction::Reject) && self.status == PracticeStatus::IntegrationRequested {
            return Text::ConcludeWhileAwaitingIntegration.in_locale(locale).to_string();
        }
        Text::TransitionRefused
            .in_locale(locale)
            .replace("{action}", self.action.text().in_locale(locale))
            .replace("{status}", super::wizard_pages::status_text(self.status).in_locale(locale))
    }
}

/// Longest message, reason or note.
pub const MAXIMUM_NOTE_CHARACTERS: usize = 4000;
/// The longest deadline an integration request may give.
pub const MAXIMUM_INTEGRATION_DAYS: i64 = 90;

/// What a posted action carries once checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionRequest {
    pub action: PracticeAction,
    pub note: String,
    /// Only for integration requests.
    pub deadline: Option<Date>,
}

/// A problem with a posted action: the form field and what to tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionProblem {
    pub field: &'static str,
    pub text: Text,
}

/// Form field names.
pub const ACTION_FIELD: &str = "azione";
pub const NOTE_FIELD: &str = "nota";
pub const DEADLINE_FIELD: &str = "scadenza";
/// Form field of the files sent with an action.
pub const DOCUMENT_FIELD: &str = "documento";
/// Form field a citizen ticks to confirm a withdrawal.
pub const CONFIRM_FIELD: &str = "conferma";

/// A posted action as a typed struct (the files come apart, under
/// `DOCUMENT_FIELD`): the pages name the fields with the constants above.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PracticeActionForm {
    #[serde(default, rename = "azione")]
    pub action: String,
    #[serde(default, rename = "nota")]
    pub note: String,
    #[serde(default, rename = "scadenza")]
    pub deadline: String,
    #[serde(default, rename = "conferma")]
    pub confirmation: String,
}

impl PracticeActionForm {
    /// The action, if it is one `actor` may post.
    pub fn action_of(&self, actor: Actor) -> Option<PracticeAction> {
        PracticeAction::from_code(&self.action).filter(|action| action.actor() == actor)
    }

    /// Whether the withdrawal's confirmation is ticked.
    pub fn confirmed(&self) -> bool {
        self.confirmation == super::answers::TICKED
    }
}

/// Checks a posted action's note and deadline. `has_files` tells whether
/// files came with it (an answer to an integration request may be files only).
pub fn parse_action_request(action: PracticeAction, note: &str, deadline: &str, has_files: bool, today: Date) -> Result<ActionRequest, Vec<ActionProblem>> {
    let note = note.trim().replace("\r\n", "\n");
    let mut problems = Vec::new();
    let note_required = match action {
        PracticeAction::TakeCharge | PracticeAction::Withdraw => false,
        PracticeAction::AnswerIntegration => !has_files,
        _ => true,
    };
    if note_required && note.is_empty() {
        problems.push(ActionProblem {
            field: NOTE_FIELD,
            text: match action {
                PracticeAction::RequestIntegration => Text::ActionProblemMessageMissing,
                PracticeAction::AnswerIntegration => Text::ActionProblemAnswerMissing,
                PracticeAction::Accept | PracticeAction::Reject => Text::ActionProblemReasonMissing,
                _ => Text::ActionProblemNoteMissing,
            },
        });
    }
    if note.chars().count() > MAXIMUM_NOTE_CHARACTERS {
        problems.push(ActionProblem { field: NOTE_FIELD, text: Text::ActionProblemNoteTooLong });
    }
    let mut parsed_deadline = None;
    if action == PracticeAction::RequestIntegration {
        match super::validation::parse_date(deadline.trim()) {
            None if deadline.trim().is_empty() => problems.push(ActionProblem { field: DEADLINE_FIELD, text: Text::ActionProblemDeadlineMissing }),
            None => problems.push(ActionProblem { field: DEADLINE_FIELD, text: Text::ActionProblemDeadlineUnreadable }),
            Some(date) if date <= today || date > today + time::Duration::days(MAXIMUM_INTEGRATION_DAYS) => {
                problems.push(ActionProblem { field: DEADLINE_FIELD, text: Text::ActionProblemDeadlineOutOfRange })
            }
            Some(date) => parsed_deadline = Some(date),
        }
    }
    if problems.is_empty() {
        Ok(ActionRequest { action, note, deadline: parsed_deadline })
    } else {
        Err(problems)
    }
}

/// The periods in which a practice waited for the citizen, from its events
/// in order (status after each, and the day in Rome it happened): from an
/// integration request to the answer; still open while waiting.
pub fn integration_suspensions(events: &[(PracticeStatus, Date)]) -> Vec<super::calendar::Suspension> {
    let mut suspensions: Vec<super::calendar::Suspension> = Vec::new();
    let mut waiting_since: Option<Date> = None;
    for (status, day) in events {
        match (status, waiting_since) {
            (PracticeStatus::IntegrationRequested, None) => waiting_since = Some(*day),
            (PracticeStatus::IntegrationRequested, Some(_)) => {}
            (_, Some(from)) => {
                suspensions.push(super::calendar::Suspension { from, until: Some(*day) });
                waiting_since = None;
            }
            (_, None) => {}
        }
    }
    if let Some(from) = waiting_since {
        suspensions.push(super::calendar::Suspension { from, until: None });
    }
    suspensions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_action_form_reads_the_fields_the_pages_render() {
        use crate::test_support::{form_field_names, sorted_names};
        assert_eq!(form_field_names(PracticeActionForm::default()), sorted_names(&[ACTION_FIELD, CONFIRM_FIELD, DEADLINE_FIELD, NOTE_FIELD]));
        let form = PracticeActionForm { action: PracticeAction::Withdraw.code().to_string(), confirmation: "si".into(), ..Default::default() };
        assert_eq!(form.action_of(Actor::Citizen), Some(PracticeAction::Withdraw));
        assert_eq!(form.action_of(Actor::Clerk), None, "a citizen's action is not a clerk's");
        assert!(form.confirmed());
    }
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn the_usual_life_of_a_practice() {
        let mut status = PracticeStatus::Protocolled;
        for (action, expected) in [
            (PracticeAction::TakeCharge, PracticeStatus::UnderReview),
            (PracticeAction::AddInternalNote, PracticeStatus::UnderReview),
            (PracticeAction::RequestIntegration, PracticeStatus::IntegrationRequested),
            (PracticeAction::AnswerIntegration, PracticeStatus::Integrated),
            (PracticeAction::Accept, PracticeStatus::Accepted),
        ] {
            status = action.status_after(status).unwrap();
            assert_eq!(status, expected, "{action:?}");
        }
    }

    #[test]
    fn a_clerk_cannot_conclude_before_taking_charge_and_the_citizen_cannot_answer_unasked() {
        let refused = PracticeAction::Accept.status_after(PracticeStatus::Protocolled).unwrap_err();
        assert_eq!(refused.message(Locale::Italian), "Non si può accogliere una pratica nello stato «Protocollata».");
        assert!(PracticeAction::AnswerIntegration.status_after(PracticeStatus::UnderReview).is_err());
        assert!(PracticeAction::RequestIntegration.status_after(PracticeStatus::IntegrationRequested).is_err());
        assert_eq!(
            PracticeAction::available(Actor::Clerk, PracticeStatus::Protocolled),
            vec![PracticeAction::TakeCharge, PracticeAction::AddInternalNote, PracticeAction::ArchiveWithdrawal]
        );
        assert_eq!(
            PracticeAction::available(Actor::Citizen, PracticeStatus::IntegrationRequested),
            vec![PracticeAction::AnswerIntegration, PracticeAction::Withdraw]
        );
        assert!(PracticeAction::available(Actor::Citizen, PracticeStatus::Rejected).is_empty());
    }

    #[test]
    fn an_unanswered_integration_can_be_concluded_only_after_its_deadline() {
        let deadline = Some(date!(2026 - 12 - 10));
        let waiting = PracticeSituation::on(PracticeStatus::IntegrationRequested, deadline, date!(2026 - 12 - 10));
        let refused = PracticeAction::Reject.status_after(waiting).unwrap_err();
        assert!(refused.message(Locale::Italian).contains("attende l'integrazione"), "{}", refused.message(Locale::Italian));
        assert!(!PracticeAction::available(Actor::Clerk, waiting).contains(&PracticeAction::Accept));
        let expired = PracticeSituation::on(PracticeStatus::IntegrationRequested, deadline, date!(2026 - 12 - 11));
        assert!(expired.integration_expired);
        assert_eq!(PracticeAction::Reject.status_after(expired), Ok(PracticeStatus::Rejected));
        assert_eq!(PracticeAction::Accept.status_after(expired), Ok(PracticeStatus::Accepted));
        assert_eq!(PracticeAction::AnswerIntegration.status_after(expired), Ok(PracticeStatus::Integrated), "a late answer is still taken");
        assert!(!PracticeSituation::on(PracticeStatus::UnderReview, deadline, date!(2027 - 01 - 01)).integration_expired);
        assert!(!PracticeSituation::on(PracticeStatus::IntegrationRequested, None, date!(2027 - 01 - 01)).integration_expired);
    }

    fn any_status() -> impl Strategy<Value = PracticeStatus> {
        proptest::sample::select(PracticeStatus::ALL.to_vec())
    }

    fn any_action() -> impl Strategy<Value = PracticeAction> {
        proptest::sample::select(PracticeAction::ALL.to_vec())
    }

    proptest! {
        /// A concluded practice stays concluded whatever anyone does: only
        /// internal notes are still accepted, and they change nothing.
        #[test]
        fn concluded_practices_never_move(start in any_status(), actions in proptest::collection::vec(any_action(), 0..40)) {
            let mut status = start;
            let mut concluded_as = start.is_concluded().then_some(start);
            for action in actions {
                if let Ok(after) = action.status_after(status) {
                    if let Some(final_status) = concluded_as {
                        prop_assert_eq!(after, final_status);
                        prop_assert_eq!(action, PracticeAction::AddInternalNote);
                    }
                    status = after;
                    if status.is_concluded() { concluded_as.get_or_insert(status); }
                }
            }
        }

        /// The citizen may withdraw whenever the practice is still open,
        /// and nothing but a protocolled practice's first review skips taking charge.
        #[test]
        fn withdrawal_is_always_possible_while_open(status in any_status()) {
            prop_assert_eq!(PracticeAction::Withdraw.status_after(status).is_ok(), !status.is_concluded());
            if PracticeAction::Accept.status_after(status).is_ok() {
                prop_assert!(matches!(status, PracticeStatus::UnderReview | PracticeStatus::Integrated));
            }
            let expired = PracticeSituation { status, integration_expired: true };
            if PracticeAction::Reject.status_after(expired).is_ok() {
                prop_assert!(matches!(status, PracticeStatus::UnderReview | PracticeStatus::Integrated | PracticeStatus::IntegrationRequested));
            }
        }

        /// A closed suspension delays the expected date; an open one hides it.
        #[test]
        fn suspensions_follow_the_integration_events(request_day in 0i64..200, answer_after in 0i64..60) {
            let requested = date!(2026-01-05) + time::Duration::days(request_day);
            let answered = requested + time::Duration::days(answer_after);
            let events = [
                (PracticeStatus::Protocolled, date!(2026-01-05)),
                (PracticeStatus::UnderReview, date!(2026-01-05)),
                (PracticeStatus::IntegrationRequested, requested),
                (PracticeStatus::Integrated, answered),
            ];
            prop_assert_eq!(
                integration_suspensions(&events),
                vec![super::super::calendar::Suspension { from: requested, until: Some(answered) }]
            );
            prop_assert_eq!(
                integration_suspensions(&events[..3]),
                vec![super::super::calendar::Suspension { from: requested, until: None }]
            );
        }
    }

    #[test]
    fn actions_need_their_message_reason_or_deadline() {
        let today = date!(2026 - 11 - 27);
        let problems = parse_action_request(PracticeAction::RequestIntegration, "  ", "", false, today).unwrap_err();
        assert_eq!(
            problems.iter().map(|problem| problem.text).collect::<Vec<_>>(),
            vec![Text::ActionProblemMessageMissing, Text::ActionProblemDeadlineMissing]
        );
        let problems = parse_action_request(PracticeAction::RequestIntegration, "Serve la planimetria", "27/11/2026", false, today).unwrap_err();
        assert_eq!(problems[0].text, Text::ActionProblemDeadlineOutOfRange);
        let problems = parse_action_request(PracticeAction::RequestIntegration, "Serve la planimetria", "31/02/2027", false, today).unwrap_err();
        assert_eq!(problems[0].text, Text::ActionProblemDeadlineUnreadable);
        let request = parse_action_request(PracticeAction::RequestIntegration, " Serve la planimetria\r\n", "11/12/2026", false, today).unwrap();
        assert_eq!((request.note.as_str(), request.deadline), ("Serve la planimetria", Some(date!(2026 - 12 - 11))));
        assert!(parse_action_request(PracticeAction::Reject, "", "", false, today).is_err());
        assert!(parse_action_request(PracticeAction::TakeCharge, "", "", false, today).is_ok());
        assert!(parse_action_request(PracticeAction::AnswerIntegration, "", "", true, today).is_ok());
        assert!(parse_action_request(PracticeAction::AnswerIntegration, "", "", false, today).is_err());
        assert!(parse_action_request(PracticeAction::AddInternalNote, &"x".repeat(MAXIMUM_NOTE_CHARACTERS + 1), "", false, today).is_err());
    }
}
