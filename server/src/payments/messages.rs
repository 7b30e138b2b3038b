//! What the message centre tells a citizen about their payments: a new
//! notice to pay (with the notice, so App IO shows "paga"), and the receipt
//! once pagoPA's arrives. Each goes once per notice.

use super::positions::DebtPosition;
use crate::messages::centre::Letter;
use app::i18n::{Locale, Text};
use app::messages::model::{IoPayment, MessageKind};
use app::routes::MY_PAYMENTS_PATH;

fn values(position: &DebtPosition) -> [(&'static str, String); 3] {
    [("description", position.description.clone()), ("amount", position.amount.italian()), ("notice", position.notice_number.to_string())]
}

fn write_with(subject: Text, body: Text, values: [(&'static str, String); 3]) -> impl Fn(Locale) -> (String, String) + Send + Sync + 'static {
    move |locale| {
        let pairs: Vec<(&str, &str)> = values.iter().map(|(name, value)| (*name, value.as_str())).collect();
        (subject.fill(locale, &pairs), body.fill(locale, &pairs))
    }
}

/// A new notice the citizen is to pay.
pub fn new_notice_letter(position: &DebtPosition) -> Letter<'static> {
    Letter {
        kind: MessageKind::Payments,
        write: Box::new(write_with(Text::MailNewNoticeSubject, Text::MailNewNoticeBody, values(position))),
        link: Some(MY_PAYMENTS_PATH.to_string()),
        due_on: position.due_on.as_deref().and_then(app::practices::validation::parse_date),
        notice: Some(IoPayment { notice_number: position.notice_number, amount: position.amount }),
        once_key: Some(format!("avviso:{}", position.id)),
    }
}

/// The notice is paid: pagoPA's receipt arrived.
pub fn receipt_letter(position: &DebtPosition) -> Letter<'static> {
    Letter {
        kind: MessageKind::Payments,
        write: Box::new(write_with(Text::MailPaymentReceivedSubject, Text::MailPaymentReceivedBody, values(position))),
        link: Some(MY_PAYMENTS_PATH.to_string()),
        due_on: None,
        notice: None,
        once_key: Some(format!("ricevuta:{}", position.id)),
    }
}
