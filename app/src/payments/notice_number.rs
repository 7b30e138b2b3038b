//! The payment notice number (numero avviso) of pagoPA, auxiliary digit 3:
//! `3` + segregation code (2 digits, one per creditor's payment system) +
//! IUV base (13 digits) + check digits (2). The check digits are the number
//! formed by the first 16 digits, modulo 93, zero-padded. The IUV, which the
//! node's messages carry, is the notice number without its auxiliary digit.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The only auxiliary digit this creditor issues.
pub const AUXILIARY_DIGIT: u8 = 3;

/// Two digits the creditor is given for the system that issues its notices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SegregationCode(u8);

/// The 13-digit part of the IUV the creditor chooses (here a sequence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IuvBase(u64);

/// An 18-digit notice number whose check digits are right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NoticeNumber {
    segregation: SegregationCode,
    base: IuvBase,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum NoticeNumberError {
    #[error("the notice number is empty")]
    Empty,
    #[error("a notice number has 18 digits")]
    WrongLength,
    #[error("a notice number has only digits")]
    NotDigits,
    #[error("this creditor's notice numbers start with 3")]
    WrongAuxiliaryDigit,
    #[error("the check digits do not match: a digit is mistyped")]
    WrongCheckDigits,
    #[error("a segregation code has two digits")]
    BadSegregationCode,
    #[error("an IUV base has at most 13 digits")]
    BadIuvBase,
}

impl NoticeNumberError {
    /// What to tell the person who typed a notice number.
    pub fn message(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::Text;
        match self {
            NoticeNumberError::Empty => Text::NoticeNumberEmpty,
            NoticeNumberError::WrongLength => Text::NoticeNumberWrongLength,
            NoticeNumberError::NotDigits => Text::NoticeNumberNotDigits,
            NoticeNumberError::WrongAuxiliaryDigit => Text::NoticeNumberWrongAuxiliaryDigit,
            // The parts are never typed on their own: a wrong part is a wrong number.
            NoticeNumberError::WrongCheckDigits | NoticeNumberError::BadSegregationCode | NoticeNumberError::BadIuvBase => Text::NoticeNumberWrongCheckDigits,
        }
        .in_locale(locale)
    }
}

impl SegregationCode {
    pub fn new(code: u8) -> Result<SegregationCode, NoticeNumberError> {
        if code > 99 {
            return Err(NoticeNumberError::BadSegregationCode);
        }
        Ok(SegregationCode(code))
    }

    /// `"01"`, as configured.
    pub fn parse(text: &str) -> Result<SegregationCode, NoticeNumberError> {
        let text = text.trim();
        if text.len() != 2 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(NoticeNumberError::BadSegregationCode);
        }
        SegregationCode::new(text.parse().map_err(|_| NoticeNumberError::BadSegregationCode)?)
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

impl IuvBase {
    pub const LARGEST: u64 = 9_999_999_999_999;

    pub fn new(value: u64) -> Result<IuvBase, NoticeNumberError> {
        if value > Self::LARGEST {
            return Err(NoticeNumberError::BadIuvBase);
        }
        Ok(IuvBase(value))
    }

    pub fn value(self) -> u64 {
        self.0
    }
}

impl NoticeNumber {
    pub fn new(segregation: SegregationCode, base: IuvBase) -> NoticeNumber {
        NoticeNumber { segregation, base }
    }

    /// What people type or paste: spaces and dashes between groups are fine.
    pub fn parse(input: &str) -> Result<NoticeNumber, NoticeNumberError> {
        let digits: String = input.chars().filter(|character| !character.is_whitespace() && *character != '-').collect();
        if digits.is_empty() {
            return Err(NoticeNumberError::Empty);
        }
        if !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(NoticeNumberError::NotDigits);
        }
        if digits.len() != 18 {
            return Err(NoticeNumberError::WrongLength);
        }
        if digits.as_bytes()[0] - b'0' != AUXILIARY_DIGIT {
            return Err(NoticeNumberError::WrongAuxiliaryDigit);
        }
        let segregation = SegregationCode::new(digits[1..3].parse().map_err(|_| NoticeNumberError::NotDigits)?)?;
        let base = IuvBase::new(digits[3..16].parse().map_err(|_| NoticeNumberError::NotDigits)?)?;
        let check: u8 = digits[16..18].parse().map_err(|_| NoticeNumberError::NotDigits)?;
        let notice = NoticeNumber::new(segregation, base);
        if notice.check_digits() != check {
            return Err(NoticeNumberError::WrongCheckDigits);
        }
        Ok(notice)
    }

    pub fn segregation_code(self) -> SegregationCode {
        self.segregation
    }

    pub fn base(self) -> IuvBase {
        self.base
    }

    /// The first 16 digits (auxiliary digit, segregation code, base) modulo 93.
    pub fn check_digits(self) -> u8 {
        let number = u64::from(AUXILIARY_DIGIT) * 1_000_000_000_000_000 + u64::from(self.segregation.0) * 10_000_000_000_000 + self.base.0;
        (number % 93) as u8
    }

    /// The IUV: segregation code, base and check digits (17 digits).
    pub fn iuv(self) -> String {
        format!("{:02}{:013}{:02}", self.segregation.0, self.base.0, self.check_digits())
    }

    /// `3010 0000 0000 0001 44`: in groups of four, as printed on the notice.
    pub fn grouped(self) -> String {
        let digits = self.to_string();
        digits.as_bytes().chunks(4).map(|chunk| String::from_utf8_lossy(chunk).into_owned()).collect::<Vec<_>>().join(" ")
    }
}

impl std::fmt::Display for NoticeNumber {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{AUXILIARY_DIGIT}{}", self.iuv())
    }
}

#[cfg(test)]
mod tests {
    use super::{IuvBase, NoticeNumber, NoticeNumberError, SegregationCode};
    use proptest::prelude::*;

    #[test]
    fn the_worked_example() {
        let notice = NoticeNumber::new(SegregationCode::parse("01").unwrap(), IuvBase::new(1).unwrap());
        assert_eq!(notice.to_string(), "301000000000000144");
        assert_eq!(notice.check_digits(), 44);
        assert_eq!(notice.iuv(), "01000000000000144");
        assert_eq!(notice.grouped(), "3010 0000 0000 0001 44");
        assert_eq!(NoticeNumber::parse("3010 0000 0000 0001 44"), Ok(notice));
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(NoticeNumber::parse(" "), Err(NoticeNumberError::Empty));
        assert_eq!(NoticeNumber::parse("30100000000000014"), Err(NoticeNumberError::WrongLength));
        assert_eq!(NoticeNumber::parse("30100000000000014A"), Err(NoticeNumberError::NotDigits));
        assert_eq!(NoticeNumber::parse("001000000000000144"), Err(NoticeNumberError::WrongAuxiliaryDigit));
        assert_eq!(NoticeNumber::parse("301000000000000145"), Err(NoticeNumberError::WrongCheckDigits));
        assert_eq!(SegregationCode::parse("1"), Err(NoticeNumberError::BadSegregationCode));
        assert_eq!(IuvBase::new(10_000_000_000_000), Err(NoticeNumberError::BadIuvBase));
        let italian = |text: &str| NoticeNumber::parse(text).unwrap_err().message(crate::i18n::Locale::Italian);
        assert!(italian("30100000000000014").contains("18 cifre"));
        assert!(italian("301000000000000145").contains("una cifra è sbagliata"));
        assert!(italian("001000000000000144").contains("iniziano con 3"));
    }

    fn any_notice() -> impl Strategy<Value = NoticeNumber> {
        (0u8..=99, 0u64..=IuvBase::LARGEST).prop_map(|(code, base)| NoticeNumber::new(SegregationCode::new(code).unwrap(), IuvBase::new(base).unwrap()))
    }

    proptest! {
        /// Generated notice numbers read back, plain and grouped, and follow the rule.
        #[test]
        fn generated_numbers_read_back(notice in any_notice()) {
            let text = notice.to_string();
            prop_assert_eq!(text.len(), 18);
            prop_assert!(text.starts_with('3'));
            let first_sixteen: u64 = text[..16].parse().unwrap();
            prop_assert_eq!(format!("{:02}", first_sixteen % 93), &text[16..]);
            prop_assert_eq!(&notice.iuv(), &text[1..]);
            prop_assert_eq!(NoticeNumber::parse(&text), Ok(notice));
            prop_assert_eq!(NoticeNumber::parse(&notice.grouped()), Ok(notice));
        }

        /// One mistyped digit among the first sixteen is always caught (93 = 3 × 31,
        /// and no single-digit change is a multiple of 31).
        #[test]
        fn one_mistyped_digit_is_caught(notice in any_notice(), position in 1usize..16, change in 1u8..=9) {
            let mut digits = notice.to_string().into_bytes();
            digits[position] = b'0' + (digits[position] - b'0' + change) % 10;
            let mistyped = String::from_utf8(digits).unwrap();
            prop_assert_eq!(NoticeNumber::parse(&mistyped), Err(NoticeNumberError::WrongCheckDigits));
        }

        /// Whatever is typed, what is accepted is a well-formed notice number.
        #[test]
        fn any_text_parses_to_a_valid_number(text in "[0-9 -]{0,24}") {
            if let Ok(notice) = NoticeNumber::parse(&text) {
                let digits: String = text.chars().filter(char::is_ascii_digit).collect();
                prop_assert_eq!(notice.to_string(), digits);
            }
        }
    }
}
