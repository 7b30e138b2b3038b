//! What the QR code of a pagoPA payment notice says (version 002):
//! `PAGOPA|002|<18-digit notice number>|<11-digit creditor fiscal code>|<amount in cents>`.
//! Any payment provider's app reads it to pay the notice.

use super::amount::{AmountError, AmountInCents};
use super::creditor::{CreditorFiscalCode, CreditorFiscalCodeError};
use super::notice_number::{NoticeNumber, NoticeNumberError};
use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentQrPayload {
    pub notice_number: NoticeNumber,
    pub creditor: CreditorFiscalCode,
    pub amount: AmountInCents,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum QrPayloadError {
    #[error("not a pagoPA 002 payload")]
    NotPagoPa,
    #[error("the notice number is wrong: {0}")]
    NoticeNumber(NoticeNumberError),
    #[error("the creditor's fiscal code is wrong: {0}")]
    Creditor(CreditorFiscalCodeError),
    #[error("the amount is wrong: {0}")]
    Amount(AmountError),
}

impl PaymentQrPayload {
    pub fn parse(text: &str) -> Result<PaymentQrPayload, QrPayloadError> {
        let parts: Vec<&str> = text.split('|').collect();
        let [kind, version, notice, creditor, cents] = parts.as_slice() else { return Err(QrPayloadError::NotPagoPa) };
        if *kind != "PAGOPA" || *version != "002" {
            return Err(QrPayloadError::NotPagoPa);
        }
        // Exactly the digits the format prescribes: no spaces, no grouping.
        if notice.len() != 18 || !cents.bytes().all(|byte| byte.is_ascii_digit()) || cents.is_empty() || cents.starts_with('0') {
            return Err(QrPayloadError::NotPagoPa);
        }
        Ok(PaymentQrPayload {
            notice_number: NoticeNumber::parse(notice).map_err(QrPayloadError::NoticeNumber)?,
            creditor: CreditorFiscalCode::parse(creditor).map_err(QrPayloadError::Creditor)?,
            amount: AmountInCents::from_cents(cents.parse().map_err(|_| QrPayloadError::Amount(AmountError::TooLarge))?).map_err(QrPayloadError::Amount)?,
        })
    }
}

impl std::fmt::Display for PaymentQrPayload {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "PAGOPA|002|{}|{}|{}", self.notice_number, self.creditor, self.amount.cents())
    }
}

#[cfg(test)]
mod tests {
    use super::{PaymentQrPayload, QrPayloadError};
    use crate::payments::amount::AmountInCents;
    use crate::payments::creditor::{check_digit, CreditorFiscalCode};
    use crate::payments::notice_number::{IuvBase, NoticeNumber, SegregationCode};
    use proptest::prelude::*;

    #[test]
    fn the_format_to_the_letter() {
        let payload = PaymentQrPayload {
            notice_number: NoticeNumber::new(SegregationCode::new(1).unwrap(), IuvBase::new(1).unwrap()),
            creditor: CreditorFiscalCode::parse("80015010723").unwrap(),
            amount: AmountInCents::from_cents(12_050).unwrap(),
        };
        assert_eq!(payload.to_string(), "PAGOPA|002|301000000000000144|80015010723|12050");
        assert_eq!(PaymentQrPayload::parse("PAGOPA|002|301000000000000144|80015010723|12050"), Ok(payload));
        assert_eq!(PaymentQrPayload::parse("PAGOPA|001|301000000000000144|80015010723|12050"), Err(QrPayloadError::NotPagoPa));
        assert_eq!(PaymentQrPayload::parse("PAGOPA|002|3010 0000 0000 0001 44|80015010723|12050"), Err(QrPayloadError::NotPagoPa));
        assert_eq!(PaymentQrPayload::parse("PAGOPA|002|301000000000000144|80015010723|0"), Err(QrPayloadError::NotPagoPa));
        assert!(matches!(PaymentQrPayload::parse("PAGOPA|002|301000000000000145|80015010723|1"), Err(QrPayloadError::NoticeNumber(_))));
    }

    proptest! {
        /// Every payload written reads back the same, and has five fields of digits.
        #[test]
        fn payloads_read_back(code in 0u8..=99, base in 0u64..=IuvBase::LARGEST, first_ten in proptest::collection::vec(0u8..=9, 10), cents in 1u64..=AmountInCents::MAXIMUM_CENTS) {
            let mut digits = first_ten.clone();
            digits.push(check_digit(&first_ten));
            let creditor: String = digits.iter().map(|digit| char::from(b'0' + digit)).collect();
            let payload = PaymentQrPayload {
                notice_number: NoticeNumber::new(SegregationCode::new(code).unwrap(), IuvBase::new(base).unwrap()),
                creditor: CreditorFiscalCode::parse(&creditor).unwrap(),
                amount: AmountInCents::from_cents(cents as i64).unwrap(),
            };
            let text = payload.to_string();
            let fields: Vec<&str> = text.split('|').collect();
            prop_assert_eq!(fields.len(), 5);
            prop_assert_eq!(fields[2].len(), 18);
            prop_assert_eq!(fields[3].len(), 11);
            prop_assert_eq!(fields[4], cents.to_string());
            prop_assert_eq!(PaymentQrPayload::parse(&text), Ok(payload));
        }
    }
}
