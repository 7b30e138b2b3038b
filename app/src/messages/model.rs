//! The message centre's rules, shared by the pages and the server: the
//! kinds of message a citizen chooses channels for, the channels, the
//! preferences (the personal area always keeps a copy; email and App IO are
//! on unless turned off), a message as the personal area shows it, and a
//! message for App IO as its services API takes it: a subject of 10 to 120
//! characters, a markdown body of 80 to 10,000, optionally a due date and a
//! pagoPA notice (number and amount in cents). Only `IoMessage::new` makes
//! one, so every message sent keeps the limits.

use crate::i18n::Locale;
use crate::payments::amount::AmountInCents;
use crate::payments::notice_number::NoticeNumber;
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// What a message is about: the citizen chooses channels per kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MessageKind {
    /// Filed, integration requested, accepted, rejected, archived.
    Practices,
    /// A new notice to pay, a receipt.
    Payments,
    /// Confirmation, reminder, change, cancellation.
    Appointments,
}

impl MessageKind {
    pub const ALL: [MessageKind; 3] = [MessageKind::Practices, MessageKind::Payments, MessageKind::Appointments];

    pub fn code(self) -> &'static str {
        match self {
            MessageKind::Practices => "pratiche",
            MessageKind::Payments => "pagamenti",
            MessageKind::Appointments => "appuntamenti",
        }
    }

    pub fn parse(code: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// Where a message goes besides the personal area, which always keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    Email,
    AppIo,
}

impl Channel {
    pub const ALL: [Channel; 2] = [Channel::Email, Channel::AppIo];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::AppIo => "app_io",
        }
    }

    pub fn parse(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|channel| channel.code() == code)
    }

    /// The name of the preferences form's checkbox for this channel and kind.
    pub fn field(self, kind: MessageKind) -> String {
        format!("{}-{}", self.code(), kind.code())
    }
}

/// The channels chosen for one kind of message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelChoice {
    pub kind: MessageKind,
    pub email: bool,
    pub app_io: bool,
}

impl ChannelChoice {
    /// The choice for `kind` among those made, every channel when none was.
    pub fn among(choices: &[ChannelChoice], kind: MessageKind) -> ChannelChoice {
        choices.iter().copied().find(|choice| choice.kind == kind).unwrap_or(ChannelChoice::default_for(kind))
    }

    /// Until the citizen says otherwise, every channel: a message they did
    /// not ask to miss is one they would want.
    pub fn default_for(kind: MessageKind) -> ChannelChoice {
        ChannelChoice { kind, email: true, app_io: true }
    }

    pub fn allows(&self, channel: Channel) -> bool {
        match channel {
            Channel::Email => self.email,
            Channel::AppIo => self.app_io,
        }
    }
}

/// A citizen's preferences: the channels per kind and the language messages
/// are written in when the Comune writes first (a clerk's step, a reminder).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagePreferences {
    pub choices: Vec<ChannelChoice>,
    pub locale: Locale,
    /// Whether the account has a verified email address (email goes only there).
    pub email_verified: bool,
    /// Whether the App IO channel is configured on this portal.
    pub app_io_available: bool,
}

impl MessagePreferences {
    pub fn choice(&self, kind: MessageKind) -> ChannelChoice {
        ChannelChoice::among(&self.choices, kind)
    }
}

/// The preferences form's channels as posted (field → value): a checkbox
/// is sent only when ticked.
pub fn choices_from_form(fields: &std::collections::BTreeMap<String, String>) -> Vec<ChannelChoice> {
    let ticked = |channel: Channel, kind| fields.get(&channel.field(kind)).is_some_and(|value| !value.is_empty());
    MessageKind::ALL.into_iter().map(|kind| ChannelChoice { kind, email: ticked(Channel::Email, kind), app_io: ticked(Channel::AppIo, kind) }).collect()
}

/// A message as "I miei messaggi" shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: String,
    pub kind: MessageKind,
    pub subject: String,
    pub body: String,
    /// Where to go on the portal (a practice, a notice, an appointment).
    pub link: Option<String>,
    /// ISO date.
    pub due_on: Option<String>,
    pub notice_number: Option<String>,
    pub amount_cents: Option<u64>,
    /// Unix seconds.
    pub created_at: i64,
    pub read: bool,
}

pub const IO_SUBJECT_CHARS: RangeInclusive<usize> = 10..=120;
pub const IO_MARKDOWN_CHARS: RangeInclusive<usize> = 80..=10_000;

/// A pagoPA notice carried by the message ("paga" in the app).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IoPayment {
    pub notice_number: NoticeNumber,
    pub amount: AmountInCents,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoMessageProblem {
    SubjectLength,
    MarkdownLength,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IoMessage {
    subject: String,
    markdown: String,
    /// Unix seconds.
    due_at: Option<i64>,
    payment: Option<IoPayment>,
}

impl IoMessage {
    /// The subject and body trimmed, checked against IO's limits; every problem at once.
    pub fn new(subject: &str, markdown: &str, due_at: Option<i64>, payment: Option<IoPayment>) -> Result<IoMessage, Vec<IoMessageProblem>> {
        let (subject, markdown) = (subject.trim(), markdown.trim());
        let mut problems = Vec::new();
        if !IO_SUBJECT_CHARS.contains(&subject.chars().count()) {
            problems.push(IoMessageProblem::SubjectLength);
        }
        if !IO_MARKDOWN_CHARS.contains(&markdown.chars().count()) {
            problems.push(IoMessageProblem::MarkdownLength);
        }
        if problems.is_empty() {
            Ok(IoMessage { subject: subject.to_string(), markdown: markdown.to_string(), due_at, payment })
        } else {
            Err(problems)
        }
    }

    /// A citizen's message as IO takes it: a subject longer than IO allows
    /// is cut with an ellipsis, the body too (the link back to the portal,
    /// in markdown, always closes it, so the whole message is one tap away).
    pub fn for_citizen(
        subject: &str,
        body: &str,
        link: Option<(&str, &str)>,
        due_at: Option<i64>,
        payment: Option<IoPayment>,
    ) -> Result<IoMessage, Vec<IoMessageProblem>> {
        let subject = cut(subject.trim(), *IO_SUBJECT_CHARS.end());
        let link = link.map(|(label, url)| format!("\n\n[{label}]({url})")).unwrap_or_default();
        let room = IO_MARKDOWN_CHARS.end().saturating_sub(link.chars().count());
        let markdown = format!("{}{link}", cut(body.trim(), room));
        IoMessage::new(&subject, &markdown, due_at, payment)
    }

    pub fn subject(&self) -> &str {
        &self.subject
    }

    pub fn markdown(&self) -> &str {
        &self.markdown
    }

    pub fn due_at(&self) -> Option<i64> {
        self.due_at
    }

    pub fn payment(&self) -> Option<IoPayment> {
        self.payment
    }
}

/// The text as it is, or its first characters and an ellipsis, `limit` characters in all.
fn cut(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let mut shorter: String = text.chars().take(limit.saturating_sub(1)).collect();
    shorter.push('…');
    shorter
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn notice() -> IoPayment {
        IoPayment { notice_number: NoticeNumber::parse("301000000000000144").unwrap(), amount: AmountInCents::from_cents(12_050).unwrap() }
    }

    #[test]
    fn the_limits_are_ios() {
        let body = "b".repeat(80);
        assert!(IoMessage::new("Pratica 2027/00001 protocollata", &body, None, Some(notice())).is_ok());
        assert_eq!(IoMessage::new("Breve", "corto", None, None), Err(vec![IoMessageProblem::SubjectLength, IoMessageProblem::MarkdownLength]));
        assert!(IoMessage::new(&"s".repeat(120), &"m".repeat(10_000), None, None).is_ok());
        assert!(IoMessage::new(&"s".repeat(121), &body, None, None).is_err());
        assert!(IoMessage::new(&"s".repeat(10), &"m".repeat(10_001), None, None).is_err());
        // A notice of zero euros cannot be made at all (IO wants an amount of a cent at least).
        assert!(AmountInCents::from_cents(0).is_err());
    }

    /// Every message the centre writes, in both languages, with its values
    /// as short as they can be: App IO takes it as it is.
    #[test]
    fn every_message_the_centre_writes_fits_app_io() {
        use crate::i18n::Text;
        let templates = [
            (Text::MailFiledSubject, Text::MailFiledBody),
            (Text::MailPracticeUpdateSubject, Text::MailPracticeUpdateBody),
            (Text::MailNewNoticeSubject, Text::MailNewNoticeBody),
            (Text::MailPaymentReceivedSubject, Text::MailPaymentReceivedBody),
            (Text::MailAppointmentReminderSubject, Text::MailAppointmentReminderBody),
        ];
        let names = [
            "name",
            "procedure",
            "protocol",
            "check_code",
            "expected",
            "office",
            "status",
            "what",
            "description",
            "amount",
            "notice",
            "date",
            "time",
            "service",
            "address",
        ];
        for locale in Locale::ALL {
            for (subject, body) in templates {
                for value in ["", "x"] {
                    let values: Vec<(&str, &str)> = names.iter().map(|name| (*name, value)).collect();
                    let message = IoMessage::for_citizen(
                        &subject.fill(locale, &values),
                        &body.fill(locale, &values),
                        Some(("Apri", "https://rho.example/a")),
                        None,
                        Some(notice()),
                    );
                    assert!(message.is_ok(), "{subject:?} in {locale:?}: {message:?}");
                }
            }
        }
    }

    #[test]
    fn the_preferences_form_gives_every_kind_its_ticked_channels() {
        let fields: std::collections::BTreeMap<String, String> = [("email-pratiche", "si"), ("app_io-pagamenti", "si"), ("lingua_messaggi", "en")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(
            choices_from_form(&fields),
            vec![
                ChannelChoice { kind: MessageKind::Practices, email: true, app_io: false },
                ChannelChoice { kind: MessageKind::Payments, email: false, app_io: true },
                ChannelChoice { kind: MessageKind::Appointments, email: false, app_io: false },
            ]
        );
        assert_eq!(MessageKind::ALL.map(|kind| MessageKind::parse(kind.code())), MessageKind::ALL.map(Some));
        assert_eq!(Channel::ALL.map(|channel| Channel::parse(channel.code())), Channel::ALL.map(Some));
    }

    #[test]
    fn a_citizens_message_is_cut_to_fit_and_ends_with_its_link() {
        let message = IoMessage::for_citizen(&"Oggetto ".repeat(30), &"testo ".repeat(3000), Some(("Apri", "https://rho.example/x")), None, None).unwrap();
        assert_eq!(message.subject().chars().count(), 120);
        assert!(message.subject().ends_with('…'));
        assert_eq!(message.markdown().chars().count(), 10_000);
        assert!(message.markdown().ends_with("…\n\n[Apri](https://rho.example/x)"));
        let short = IoMessage::for_citizen("Pratica protocollata", "Gentile Mario", Some(("Apri", "https://rho.example/x")), None, None);
        assert_eq!(short, Err(vec![IoMessageProblem::MarkdownLength]), "too short a body is not padded");
    }

    proptest! {
        #[test]
        fn every_citizens_message_keeps_the_limits(subject in ".{10,300}", body in ".{80,400}", repeat in 1usize..40) {
            let body = body.repeat(repeat);
            if let Ok(message) = IoMessage::for_citizen(&subject, &body, Some(("Apri", "https://rho.example/a")), None, None) {
                prop_assert!(IO_SUBJECT_CHARS.contains(&message.subject().chars().count()));
                prop_assert!(IO_MARKDOWN_CHARS.contains(&message.markdown().chars().count()));
            }
        }

        #[test]
        fn every_message_made_keeps_the_limits(subject in ".{0,130}", markdown in ".{0,200}") {
            if let Ok(message) = IoMessage::new(&subject, &markdown, None, None) {
                prop_assert!(IO_SUBJECT_CHARS.contains(&message.subject().chars().count()));
                prop_assert!(IO_MARKDOWN_CHARS.contains(&message.markdown().chars().count()));
            }
        }
    }
}
