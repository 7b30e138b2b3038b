//! The protocol number a practice gets when filed: a yearly sequence written
//! `YYYY/NNNNNNN` (e.g. 2026/0001234), as on the receipt.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Seven digits: the municipality registers far fewer items a year.
pub const SEQUENCE_DIGITS: usize = 7;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProtocolNumber {
    year: u16,
    sequence: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum ProtocolNumberError {
    #[error("the protocol number is empty")]
    Empty,
    #[error("the protocol number is written year/number, e.g. 2026/0001234")]
    WrongShape,
    #[error("the year is outside the portal's years")]
    YearOutOfRange,
    #[error("the number part is zero or too long")]
    SequenceOutOfRange,
}

impl ProtocolNumber {
    /// The first year the portal files practices, and a generous last one.
    pub const FIRST_YEAR: u16 = 2000;
    pub const LAST_YEAR: u16 = 2999;
    pub const LARGEST_SEQUENCE: u32 = 9_999_999;

    pub fn new(year: u16, sequence: u32) -> Result<ProtocolNumber, ProtocolNumberError> {
        if !(Self::FIRST_YEAR..=Self::LAST_YEAR).contains(&year) {
            return Err(ProtocolNumberError::YearOutOfRange);
        }
        if sequence == 0 || sequence > Self::LARGEST_SEQUENCE {
            return Err(ProtocolNumberError::SequenceOutOfRange);
        }
        Ok(ProtocolNumber { year, sequence })
    }

    /// From the two stored columns (which are signed 64-bit integers).
    pub fn from_stored(year: i64, sequence: i64) -> Result<ProtocolNumber, ProtocolNumberError> {
        let year = u16::try_from(year).map_err(|_| ProtocolNumberError::YearOutOfRange)?;
        let sequence = u32::try_from(sequence).map_err(|_| ProtocolNumberError::SequenceOutOfRange)?;
        ProtocolNumber::new(year, sequence)
    }

    /// Accepts what citizens type: spaces around, `-` or `/` between, the
    /// number with or without its leading zeros.
    pub fn parse(input: &str) -> Result<ProtocolNumber, ProtocolNumberError> {
        let text: String = input.chars().filter(|character| !character.is_whitespace()).collect();
        if text.is_empty() {
            return Err(ProtocolNumberError::Empty);
        }
        let (year, sequence) = text.split_once(['/', '-']).ok_or(ProtocolNumberError::WrongShape)?;
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
        if year.len() != 4 || !all_digits(year) || !all_digits(sequence) {
            return Err(ProtocolNumberError::WrongShape);
        }
        let significant = sequence.trim_start_matches('0');
        if significant.len() > SEQUENCE_DIGITS {
            return Err(ProtocolNumberError::SequenceOutOfRange);
        }
        let year: u16 = year.parse().map_err(|_| ProtocolNumberError::WrongShape)?;
        let sequence: u32 = if significant.is_empty() { 0 } else { significant.parse().map_err(|_| ProtocolNumberError::WrongShape)? };
        ProtocolNumber::new(year, sequence)
    }

    pub fn year(&self) -> u16 {
        self.year
    }

    pub fn sequence(&self) -> u32 {
        self.sequence
    }
}

impl std::fmt::Display for ProtocolNumber {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}/{:0width$}", self.year, self.sequence, width = SEQUENCE_DIGITS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_what_citizens_type() {
        let expected = ProtocolNumber::new(2026, 1234).unwrap();
        for typed in ["2026/0001234", " 2026 / 1234 ", "2026-0001234", "2026/1234"] {
            assert_eq!(ProtocolNumber::parse(typed), Ok(expected), "{typed}");
        }
        assert_eq!(expected.to_string(), "2026/0001234");
    }

    #[test]
    fn each_mistake_has_its_error() {
        assert_eq!(ProtocolNumber::parse("  "), Err(ProtocolNumberError::Empty));
        assert_eq!(ProtocolNumber::parse("20261234"), Err(ProtocolNumberError::WrongShape));
        assert_eq!(ProtocolNumber::parse("26/1234"), Err(ProtocolNumberError::WrongShape));
        assert_eq!(ProtocolNumber::parse("2026/12a4"), Err(ProtocolNumberError::WrongShape));
        assert_eq!(ProtocolNumber::parse("2026/"), Err(ProtocolNumberError::WrongShape));
        assert_eq!(ProtocolNumber::parse("1999/1"), Err(ProtocolNumberError::YearOutOfRange));
        assert_eq!(ProtocolNumber::parse("2026/0000000"), Err(ProtocolNumberError::SequenceOutOfRange));
        assert_eq!(ProtocolNumber::parse("2026/12345678"), Err(ProtocolNumberError::SequenceOutOfRange));
        assert_eq!(ProtocolNumber::parse("2026/99999999999999999999"), Err(ProtocolNumberError::SequenceOutOfRange));
    }

    #[test]
    fn order_is_year_then_sequence() {
        let late_last_year = ProtocolNumber::new(2025, 9_000).unwrap();
        let early_this_year = ProtocolNumber::new(2026, 1).unwrap();
        assert!(late_last_year < early_this_year);
    }

    proptest! {
        #[test]
        fn printed_numbers_parse_back(year in ProtocolNumber::FIRST_YEAR..=ProtocolNumber::LAST_YEAR, sequence in 1u32..=ProtocolNumber::LARGEST_SEQUENCE) {
            let number = ProtocolNumber::new(year, sequence).unwrap();
            prop_assert_eq!(ProtocolNumber::parse(&number.to_string()), Ok(number));
            prop_assert_eq!(number.to_string().len(), 4 + 1 + SEQUENCE_DIGITS);
        }

        #[test]
        fn anything_accepted_prints_in_the_official_shape(input in "\\PC{0,20}") {
            if let Ok(number) = ProtocolNumber::parse(&input) {
                let printed = number.to_string();
                prop_assert_eq!(printed.len(), 12);
                prop_assert_eq!(&printed[4..5], "/");
                prop_assert_eq!(ProtocolNumber::parse(&printed), Ok(number));
            }
        }
    }
}
