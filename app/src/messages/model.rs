//! A message for App IO, the national citizens' app, as its services API
//! takes it: a subject of 10 to 120 characters, a markdown body of 80 to
//! 10,000, optionally a due date and a pagoPA notice (number and amount in
//! cents). Only `IoMessage::new` makes one, so every message sent keeps the
//! limits.

use crate::payments::amount::AmountInCents;
use crate::payments::notice_number::NoticeNumber;
use std::ops::RangeInclusive;

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

    proptest! {
        #[test]
        fn every_message_made_keeps_the_limits(subject in ".{0,130}", markdown in ".{0,200}") {
            if let Ok(message) = IoMessage::new(&subject, &markdown, None, None) {
                prop_assert!(IO_SUBJECT_CHARS.contains(&message.subject().chars().count()));
                prop_assert!(IO_MARKDOWN_CHARS.contains(&message.markdown().chars().count()));
            }
        }
    }
}
