//! The identifier of a paper revenue stamp (marca da bollo): the 14 digits
//! printed under its bar code. An application that owes the 16 euro stamp
//! duty and is filed online carries the identifier of the stamp the citizen
//! bought, with the declaration that it is used for this application only
//! and kept for checks (D.P.R. 642/1972; the Agenzia delle Entrate's form).

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const STAMP_IDENTIFIER_DIGITS: usize = 14;

/// Fourteen digits, without the spaces people type between groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StampIdentifier(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum StampIdentifierError {
    #[error("the stamp's identifier is empty")]
    Empty,
    #[error("the stamp's identifier has characters other than digits")]
    NotDigits,
    #[error("the stamp's identifier has 14 digits, found {found}")]
    WrongLength { found: usize },
}

impl StampIdentifier {
    pub fn parse(input: &str) -> Result<StampIdentifier, StampIdentifierError> {
        let compact: String = input.chars().filter(|character| !character.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(StampIdentifierError::Empty);
        }
        if !compact.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(StampIdentifierError::NotDigits);
        }
        if compact.len() != STAMP_IDENTIFIER_DIGITS {
            return Err(StampIdentifierError::WrongLength { found: compact.len() });
        }
        Ok(StampIdentifier(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_printed_digits_are_the_identifier() {
        assert_eq!(StampIdentifier::parse(" 0123 4567 8901 23 ").unwrap().as_str(), "01234567890123");
        assert_eq!(StampIdentifier::parse(""), Err(StampIdentifierError::Empty));
        assert_eq!(StampIdentifier::parse("0123456789012A"), Err(StampIdentifierError::NotDigits));
        assert_eq!(StampIdentifier::parse("0123456789012"), Err(StampIdentifierError::WrongLength { found: 13 }));
        assert_eq!(StampIdentifier::parse("０１２３４５６７８９０１２３"), Err(StampIdentifierError::NotDigits), "only ASCII digits");
    }

    proptest! {
        #[test]
        fn fourteen_digits_with_any_spacing_read_back(digits in "[0-9]{14}", cuts in proptest::collection::vec(0usize..14, 0..4)) {
            let mut typed = digits.clone();
            for cut in cuts.iter().rev() {
                typed.insert(*cut, ' ');
            }
            let parsed = StampIdentifier::parse(&typed).unwrap();
            prop_assert_eq!(parsed.as_str(), digits.as_str());
        }

        #[test]
        fn any_other_number_of_digits_is_refused(digits in "[0-9]{1,30}") {
            prop_assume!(digits.len() != STAMP_IDENTIFIER_DIGITS);
            prop_assert_eq!(StampIdentifier::parse(&digits), Err(StampIdentifierError::WrongLength { found: digits.len() }));
        }
    }
}
