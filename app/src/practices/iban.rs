//! IBAN (ISO 13616): where a refund is paid. Checked by its two check digits
//! (mod 97) and, for the SEPA countries citizens use most, by its length, so
//! a mistyped digit is caught before the office tries to pay.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// An IBAN in its electronic form: upper case, no spaces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Iban(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum IbanError {
    #[error("the IBAN is empty")]
    Empty,
    #[error("the IBAN contains characters other than letters and digits")]
    NotAlphanumeric,
    #[error("the IBAN must start with a country code and two check digits")]
    BadStart,
    #[error("an IBAN of this country has {expected} characters, found {found}")]
    WrongLengthForCountry { expected: usize, found: usize },
    #[error("the IBAN's length is not possible")]
    WrongLength,
    #[error("the IBAN's check digits do not match: a character is mistyped")]
    WrongCheckDigits,
}

/// Lengths of the countries whose accounts Rho's citizens most often give;
/// others are checked between 15 and 34 characters.
const COUNTRY_LENGTHS: &[(&str, usize)] = &[
    ("IT", 27),
    ("SM", 27),
    ("VA", 22),
    ("DE", 22),
    ("FR", 27),
    ("ES", 24),
    ("AT", 20),
    ("BE", 16),
    ("NL", 18),
    ("PT", 25),
    ("CH", 21),
    ("GB", 22),
    ("IE", 22),
    ("LU", 20),
    ("MC", 27),
    ("RO", 24),
    ("PL", 28),
    ("AL", 28),
];

/// The remainder mod 97 of the number the IBAN spells once its first four
/// characters move to the end and letters become 10..35.
fn remainder_mod_97(rearranged: impl Iterator<Item = u8>) -> u32 {
    rearranged.fold(0u32, |remainder, byte| {
        let value = if byte.is_ascii_digit() { u32::from(byte - b'0') } else { u32::from(byte - b'A') + 10 };
        if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        }
    })
}

impl Iban {
    pub fn parse(input: &str) -> Result<Iban, IbanError> {
        let compact: String = input.chars().filter(|character| !character.is_whitespace() && *character != '-').collect::<String>().to_uppercase();
        if compact.is_empty() {
            return Err(IbanError::Empty);
        }
        if !compact.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
            return Err(IbanError::NotAlphanumeric);
        }
        let bytes = compact.as_bytes();
        if bytes.len() < 4 || !bytes[..2].iter().all(u8::is_ascii_uppercase) || !bytes[2..4].iter().all(u8::is_ascii_digit) {
            return Err(IbanError::BadStart);
        }
        match COUNTRY_LENGTHS.iter().find(|(country, _)| country.as_bytes() == &bytes[..2]) {
            Some((_, expected)) if *expected != bytes.len() => return Err(IbanError::WrongLengthForCountry { expected: *expected, found: bytes.len() }),
            None if !(15..=34).contains(&bytes.len()) => return Err(IbanError::WrongLength),
            _ => {}
        }
        if remainder_mod_97(bytes[4..].iter().chain(&bytes[..4]).copied()) != 1 {
            return Err(IbanError::WrongCheckDigits);
        }
        Ok(Iban(compact))
    }

    /// Builds a valid IBAN from a country and an account part (tests, demo data).
    pub fn from_country_and_account(country: &str, account: &str) -> Result<Iban, IbanError> {
        let rearranged = format!("{account}{country}00");
        let check = 98 - remainder_mod_97(rearranged.bytes());
        Iban::parse(&format!("{country}{check:02}{account}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Groups of four, as printed on bank statements.
    pub fn printed(&self) -> String {
        self.0.as_bytes().chunks(4).map(|chunk| String::from_utf8_lossy(chunk).into_owned()).collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_ibans_parse_and_print_in_groups() {
        let iban = Iban::parse("it60 x054 2811 1010 0000 0123 456").unwrap();
        assert_eq!(iban.as_str(), "IT60X0542811101000000123456");
        assert_eq!(iban.printed(), "IT60 X054 2811 1010 0000 0123 456");
        assert!(Iban::parse("GB82 WEST 1234 5698 7654 32").is_ok());
        assert!(Iban::parse("DE89 3704 0044 0532 0130 00").is_ok());
    }

    #[test]
    fn each_mistake_has_its_own_error() {
        assert_eq!(Iban::parse("  "), Err(IbanError::Empty));
        assert_eq!(Iban::parse("IT60X05428111010000001234.6"), Err(IbanError::NotAlphanumeric));
        assert_eq!(Iban::parse("1T60X0542811101000000123456"), Err(IbanError::BadStart));
        assert_eq!(Iban::parse("IT60X054281110100000012345"), Err(IbanError::WrongLengthForCountry { expected: 27, found: 26 }));
        assert_eq!(Iban::parse("IT61X0542811101000000123456"), Err(IbanError::WrongCheckDigits));
        assert_eq!(Iban::parse("IT60X0542811101000000123465"), Err(IbanError::WrongCheckDigits));
    }

    proptest! {
        #[test]
        fn generated_italian_ibans_parse(account in "[A-Z][0-9]{10}[0-9A-Z]{12}") {
            let iban = Iban::from_country_and_account("IT", &account).unwrap();
            prop_assert_eq!(Iban::parse(&iban.printed()).unwrap(), iban);
        }

        #[test]
        fn a_single_changed_digit_is_always_caught(account in "[0-9]{23}", position in 4usize..27, delta in 1u8..10) {
            let iban = Iban::from_country_and_account("IT", &account).unwrap();
            let mut bytes = iban.as_str().as_bytes().to_vec();
            prop_assume!(bytes[position].is_ascii_digit());
            bytes[position] = b'0' + (bytes[position] - b'0' + delta) % 10;
            prop_assert!(Iban::parse(std::str::from_utf8(&bytes).unwrap()).is_err());
        }
    }
}
