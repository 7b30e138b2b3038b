//! The Italian fiscal code (codice fiscale) of a natural person: how citizens
//! are identified by every access route (counter credentials, SPID, CNS).
//!
//! Layout (16 characters): surname (3 letters), name (3 letters), year (2
//! digits), month (letter), day (2 digits, +40 for women), place of birth
//! (cadastral code: letter + 3 digits, `Z` + 3 digits abroad), check letter.
//! When two people would get the same code (omocodia), the Agenzia delle
//! Entrate replaces digits from the right with the letters `LMNPQRSTUV`
//! (standing for 0–9); such codes are valid and must be accepted.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// A fiscal code that has passed every check. Always upper case, no spaces.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FiscalCode(String);

/// What is wrong with a fiscal code, precisely enough to tell the citizen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum FiscalCodeError {
    #[error("the fiscal code is empty")]
    Empty,
    #[error("a fiscal code has 16 characters, this one has {found}")]
    WrongLength { found: usize },
    #[error("character {position} is not a letter or a digit")]
    NotAlphanumeric { position: usize },
    #[error("the first six characters (surname and name) must be letters")]
    SurnameOrNameNotLetters,
    #[error("characters 7 and 8 (year of birth) must be digits")]
    YearNotDigits,
    #[error("character 9 is not a valid month letter")]
    InvalidMonthLetter,
    #[error("characters 10 and 11 are not a valid day of birth")]
    InvalidDay,
    #[error("characters 12 to 15 are not a valid place of birth code")]
    InvalidPlaceOfBirth,
    #[error("the last character does not match the others")]
    WrongCheckCharacter,
}

/// The letters that stand for digits 0–9 in omocodia substitutions.
const OMOCODIA_LETTERS: &[u8; 10] = b"LMNPQRSTUV";
/// Month letters, January to December.
const MONTH_LETTERS: &[u8; 12] = b"ABCDEHLMPRST";
/// Positions (0-based) that hold digits, possibly replaced by omocodia
/// letters (the Agenzia replaces them from the right).
const DIGIT_POSITIONS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];
/// Values of characters in odd (1st, 3rd, …) positions for the check letter,
/// indexed by digit value or by letter A–Z (the same table serves both).
const ODD_POSITION_VALUES: [u32; 26] = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

impl FiscalCode {
    /// Accepts lower case and spaces (as people type it) and checks everything.
    pub fn parse(input: &str) -> Result<FiscalCode, FiscalCodeError> {
        let normalised: String = input.chars().filter(|character| !character.is_whitespace()).map(|character| character.to_ascii_uppercase()).collect();
        if normalised.is_empty() {
            return Err(FiscalCodeError::Empty);
        }
        let length = normalised.chars().count();
        if length != 16 {
            return Err(FiscalCodeError::WrongLength { found: length });
        }
        if let Some(position) = normalised.chars().position(|character| !character.is_ascii_alphanumeric()) {
            return Err(FiscalCodeError::NotAlphanumeric { position: position + 1 });
        }
        let bytes = normalised.as_bytes();
        if !bytes[..6].iter().all(u8::is_ascii_uppercase) {
            return Err(FiscalCodeError::SurnameOrNameNotLetters);
        }
        let digit = |position: usize| digit_value(bytes[position]);
        let (Some(year_tens), Some(year_units)) = (digit(6), digit(7)) else {
            return Err(FiscalCodeError::YearNotDigits);
        };
        let Some(month_index) = MONTH_LETTERS.iter().position(|&letter| letter == bytes[8]) else {
            return Err(FiscalCodeError::InvalidMonthLetter);
        };
        let (Some(day_tens), Some(day_units)) = (digit(9), digit(10)) else {
            return Err(FiscalCodeError::InvalidDay);
        };
        let encoded_day = day_tens * 10 + day_units;
        let day = if encoded_day > 40 { encoded_day - 40 } else { encoded_day };
        let year = year_tens * 10 + year_units;
        if day == 0 || day > days_in_month(month_index as u32 + 1, year) || (31..=40).contains(&encoded_day) && encoded_day != 31 {
            return Err(FiscalCodeError::InvalidDay);
        }
        if !bytes[11].is_ascii_uppercase() || !(12..15).all(|position| digit(position).is_some()) {
            return Err(FiscalCodeError::InvalidPlaceOfBirth);
        }
        if check_character(&bytes[..15]) != bytes[15] {
            return Err(FiscalCodeError::WrongCheckCharacter);
        }
        Ok(FiscalCode(normalised))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Women's codes add 40 to the day of birth.
    pub fn is_female(&self) -> bool {
        let bytes = self.0.as_bytes();
        digit_value(bytes[9]).unwrap_or(0) >= 4
    }

    /// Day of birth (1–31), decoded from omocodia letters if needed.
    pub fn day_of_birth(&self) -> u32 {
        let bytes = self.0.as_bytes();
        let encoded = digit_value(bytes[9]).unwrap_or(0) * 10 + digit_value(bytes[10]).unwrap_or(0);
        if encoded > 40 {
            encoded - 40
        } else {
            encoded
        }
    }

    /// Month of birth (1–12).
    pub fn month_of_birth(&self) -> u32 {
        MONTH_LETTERS.iter().position(|&letter| letter == self.0.as_bytes()[8]).unwrap_or(0) as u32 + 1
    }

    /// The code the Agenzia delle Entrate gives a person (before any
    /// omocodia substitution): surname and name letters, birth date (the day
    /// plus 40 for women), the birth place's cadastral code (`Z…` abroad),
    /// the check letter. Accented letters count as their base letter; other
    /// characters (spaces, apostrophes) are left out. Used to build the
    /// registry's people, whose codes must be the ones the rules give.
    pub fn compute(family_name: &str, given_name: &str, female: bool, birth: time::Date, place_code: &str) -> Result<FiscalCode, FiscalCodeError> {
        let mut code = String::with_capacity(16);
        code.push_str(&name_letters(family_name, false));
        code.push_str(&name_letters(given_name, true));
        code.push_str(&format!("{:02}", birth.year().rem_euclid(100)));
        code.push(char::from(MONTH_LETTERS[usize::from(u8::from(birth.month())) - 1]));
        code.push_str(&format!("{:02}", u32::from(birth.day()) + if female { 40 } else { 0 }));
        code.push_str(&place_code.to_ascii_uppercase());
        if code.len() != 15 {
            return Err(FiscalCodeError::InvalidPlaceOfBirth);
        }
        code.push(char::from(check_character(code.as_bytes())));
        FiscalCode::parse(&code)
    }

    /// The code with its last `substitutions` digits (from the right:
    /// positions 15, 14, 13, 11, 10, 8, 7) written as omocodia letters, as the
    /// Agenzia does when two people would share a code; at most 7.
    pub fn with_omocodia(&self, substitutions: usize) -> FiscalCode {
        let mut bytes = self.0.as_bytes()[..15].to_vec();
        for &position in DIGIT_POSITIONS.iter().rev().take(substitutions) {
            if let Some(value) = digit_value(bytes[position]) {
                bytes[position] = OMOCODIA_LETTERS[value as usize];
            }
        }
        bytes.push(check_character(&bytes));
        FiscalCode(String::from_utf8(bytes).expect("ASCII"))
    }

    /// A form safe to show in lists and logs for people who already know the
    /// citizen (first 6 and last character): `RSSMRA*********X`.
    pub fn masked(&self) -> String {
        format!("{}*********{}", &self.0[..6], &self.0[15..])
    }
}

impl fmt::Display for FiscalCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl TryFrom<String> for FiscalCode {
    type Error = FiscalCodeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        FiscalCode::parse(&value)
    }
}

impl From<FiscalCode> for String {
    fn from(value: FiscalCode) -> String {
        value.0
    }
}

/// The three letters of a surname (consonants, then vowels, then X) or of a
/// given name (with four consonants or more: the first, third and fourth).
fn name_letters(name: &str, given_name: bool) -> String {
    let letters: Vec<char> = name
        .chars()
        .map(|character| match character.to_ascii_uppercase() {
            'À' | 'Á' | 'à' | 'á' => 'A',
            'È' | 'É' | 'è' | 'é' => 'E',
            'Ì' | 'Í' | 'ì' | 'í' => 'I',
            'Ò' | 'Ó' | 'ò' | 'ó' => 'O',
            'Ù' | 'Ú' | 'ù' | 'ú' => 'U',
            other => other,
        })
        .filter(char::is_ascii_uppercase)
        .collect();
    let is_vowel = |letter: &char| "AEIOU".contains(*letter);
    let consonants: Vec<char> = letters.iter().copied().filter(|letter| !is_vowel(letter)).collect();
    let vowels = letters.iter().copied().filter(is_vowel);
    if given_name && consonants.len() >= 4 {
        return [consonants[0], consonants[2], consonants[3]].iter().collect();
    }
    consonants.iter().copied().chain(vowels).chain(std::iter::repeat('X')).take(3).collect()
}

/// A digit, or an omocodia letter standing for one.
fn digit_value(byte: u8) -> Option<u32> {
    if byte.is_ascii_digit() {
        Some(u32::from(byte - b'0'))
    } else {
        OMOCODIA_LETTERS.iter().position(|&letter| letter == byte).map(|value| value as u32)
    }
}

/// The year has only two digits, so the century is unknown: 29 February is
/// accepted whenever the two digits make a leap year in either century.
fn days_in_month(month: u32, two_digit_year: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if two_digit_year.is_multiple_of(4) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The check letter of the first 15 characters (upper-case ASCII alphanumerics).
pub(crate) fn check_character(first_fifteen: &[u8]) -> u8 {
    let total: u32 = first_fifteen
        .iter()
        .enumerate()
        .map(|(index, &byte)| {
            let ordinal = if byte.is_ascii_digit() { u32::from(byte - b'0') } else { u32::from(byte - b'A') };
            // Positions are counted from 1: index 0 is the first, an odd position.
            if index % 2 == 0 {
                ODD_POSITION_VALUES[ordinal as usize]
            } else {
                ordinal
            }
        })
        .sum();
    b'A' + (total % 26) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn computed_codes_follow_the_agenzias_rules() {
        let date = |year, month: u8, day| time::Date::from_calendar_date(year, time::Month::try_from(month).unwrap(), day).unwrap();
        let cases = [
            ("Rossi", "Mario", false, date(1980, 1, 1), "F205", "RSSMRA80A01F205X"),
            ("Ferrari", "Anna", true, date(1990, 5, 5), "F704", "FRRNNA90E45F704T"),
            ("Bianchi", "Giulia", true, date(1985, 8, 12), "F205", "BNCGLI85M52F205H"),
            ("Verdi", "Luca", false, date(1975, 3, 15), "F205", "VRDLCU75C15F205E"),
            ("Galli", "Marco", false, date(1978, 3, 10), "F205", "GLLMRC78C10F205D"),
            // Short names are padded with X; accents and apostrophes do not count.
            ("Fo", "Bo", false, date(2001, 12, 31), "Z100", ""),
            ("D'Amico", "Nicolò", false, date(1999, 2, 28), "H264", ""),
        ];
        for (family, given, female, birth, place, expected) in cases {
            let code = FiscalCode::compute(family, given, female, birth, place).unwrap();
            if !expected.is_empty() {
                assert_eq!(code.as_str(), expected, "{family} {given}");
            }
            assert_eq!((code.is_female(), code.day_of_birth(), code.month_of_birth()), (female, u32::from(birth.day()), u32::from(u8::from(birth.month()))));
        }
        assert!(FiscalCode::compute("Fo", "Bo", false, date(2001, 12, 31), "Z100").unwrap().as_str().starts_with("FOXBOX01T31Z100"));
        // Four consonants or more in a given name: the first, third and fourth.
        assert!(FiscalCode::compute("Rossi", "Gianfranco", false, date(1960, 6, 2), "H264").unwrap().as_str().starts_with("RSSGFR60H02H264"));
        assert!(FiscalCode::compute("D'Amico", "Nicolò", false, date(1999, 2, 28), "H264").unwrap().as_str().starts_with("DMCNCL99B28H264"));
        assert_eq!(FiscalCode::compute("Rossi", "Mario", false, date(1980, 1, 1), "F20"), Err(FiscalCodeError::InvalidPlaceOfBirth));
        // Omocodia: the same person told apart, still valid, still born on the same day.
        let mario = FiscalCode::compute("Rossi", "Mario", false, date(1980, 1, 1), "F205").unwrap();
        for substitutions in 1..=7 {
            let other = mario.with_omocodia(substitutions);
            assert_ne!(other, mario);
            assert_eq!(FiscalCode::parse(other.as_str()), Ok(other.clone()));
            assert_eq!((other.day_of_birth(), other.month_of_birth(), other.is_female()), (1, 1, false));
        }
        assert_eq!(mario.with_omocodia(1).as_str(), "RSSMRA80A01F20RX".replace("RX", &format!("R{}", char::from(check_character(b"RSSMRA80A01F20R")))));
    }

    /// Real-shaped codes and the traps people fall into.
    #[test]
    fn table_of_tricky_cases() {
        let cases: &[(&str, Result<&str, FiscalCodeError>)] = &[
            ("RSSMRA80A01F205X", Ok("RSSMRA80A01F205X")),
            // Lower case and spaces, as typed.
            ("rssmra80a01f205x", Ok("RSSMRA80A01F205X")),
            ("RSS MRA 80A01 F205X", Ok("RSSMRA80A01F205X")),
            // A woman: day 41 = 1st of the month.
            ("RSSMRA80A41F205B", Ok("RSSMRA80A41F205B")),
            // Born abroad (Z + country code).
            ("BNCLRA85M52Z404C", Ok("BNCLRA85M52Z404C")),
            // Omocodia: last digit of the place replaced by V (= 9)…
            ("RSSMRA80A01F20RS", Ok("RSSMRA80A01F20RS")),
            // …and every digit replaced.
            ("RSSMRAULALMFNLRD", Ok("RSSMRAULALMFNLRD")),
            // 29 February in a leap year, 30 June.
            ("VRDGPP84B29H501U", Ok("VRDGPP84B29H501U")),
            ("", Err(FiscalCodeError::Empty)),
            ("   ", Err(FiscalCodeError::Empty)),
            ("RSSMRA80A01F205", Err(FiscalCodeError::WrongLength { found: 15 })),
            ("RSSMRA80A01F205XX", Err(FiscalCodeError::WrongLength { found: 17 })),
            // Temporary numeric codes are not codes of natural persons.
            ("12345678901", Err(FiscalCodeError::WrongLength { found: 11 })),
            ("RSSMRA80A01F205-", Err(FiscalCodeError::NotAlphanumeric { position: 16 })),
            ("RSSMRÀ80A01F205X", Err(FiscalCodeError::NotAlphanumeric { position: 6 })),
            ("R5SMRA80A01F205X", Err(FiscalCodeError::SurnameOrNameNotLetters)),
            ("RSSMRA8AA01F205X", Err(FiscalCodeError::YearNotDigits)),
            ("RSSMRA80F01F205X", Err(FiscalCodeError::InvalidMonthLetter)),
            ("RSSMRA80A00F205X", Err(FiscalCodeError::InvalidDay)),
            ("RSSMRA80A32F205X", Err(FiscalCodeError::InvalidDay)),
            ("RSSMRA80A35F205X", Err(FiscalCodeError::InvalidDay)),
            ("RSSMRA80A72F205X", Err(FiscalCodeError::InvalidDay)),
            // 31 April, 29 February in a common year.
            ("RSSMRA80D31F205X", Err(FiscalCodeError::InvalidDay)),
            ("RSSMRA81B29F205X", Err(FiscalCodeError::InvalidDay)),
            ("RSSMRA80A011205X", Err(FiscalCodeError::InvalidPlaceOfBirth)),
            ("RSSMRA80A01FA05X", Err(FiscalCodeError::InvalidPlaceOfBirth)),
            // One wrong character anywhere changes the check letter.
            ("RSSMRA80A01F205Y", Err(FiscalCodeError::WrongCheckCharacter)),
            ("RSSMRB80A01F205X", Err(FiscalCodeError::WrongCheckCharacter)),
        ];
        for (input, expected) in cases {
            let result = FiscalCode::parse(input);
            match expected {
                Ok(normalised) => assert_eq!(result.as_ref().map(FiscalCode::as_str), Ok(*normalised), "{input}"),
                Err(error) => assert_eq!(result, Err(*error), "{input}"),
            }
        }
    }

    #[test]
    fn decodes_sex_and_birth_day_even_with_omocodia() {
        let man = FiscalCode::parse("RSSMRA80A01F205X").unwrap();
        assert!(!man.is_female());
        assert_eq!((man.day_of_birth(), man.month_of_birth()), (1, 1));
        let woman = FiscalCode::parse("BNCLRA85M52Z404C").unwrap();
        assert!(woman.is_female());
        assert_eq!((woman.day_of_birth(), woman.month_of_birth()), (12, 8));
        let omocode = FiscalCode::parse("RSSMRAULALMFNLRD").unwrap();
        assert_eq!((omocode.day_of_birth(), omocode.month_of_birth()), (1, 1));
        assert_eq!(man.masked(), "RSSMRA*********X");
    }

    /// Builds a valid code from its parts, with the check letter computed.
    fn assemble(letters: &str, year: u32, month: usize, day: u32, place: (u8, u32), omocodia: usize) -> String {
        let mut body = format!("{letters}{year:02}{}{day:02}{}{:03}", MONTH_LETTERS[month] as char, place.0 as char, place.1).into_bytes();
        // Omocodia replaces digits starting from the rightmost.
        for &position in DIGIT_POSITIONS.iter().rev().take(omocodia) {
            body[position] = OMOCODIA_LETTERS[usize::from(body[position] - b'0')];
        }
        let check = check_character(&body);
        body.push(check);
        String::from_utf8(body).unwrap()
    }

    fn valid_code() -> impl Strategy<Value = String> {
        ("[A-Z]{6}", 0u32..100, 0usize..12, 1u32..=28, any::<bool>(), (b'A'..=b'Z', 0u32..1000), 0usize..=7).prop_map(
            |(letters, year, month, day, female, place, omocodia)| assemble(&letters, year, month, if female { day + 40 } else { day }, place, omocodia),
        )
    }

    proptest! {
        /// Whatever the names and the date, the computed code is valid and says the birth date and sex.
        #[test]
        fn every_computed_code_parses_and_keeps_birth_and_sex(
            family in "[A-Za-z' ]{0,20}",
            given in "[A-Za-zèéàòùì ]{0,20}",
            female: bool,
            day_of_year in 1u16..=365,
            year in 1900i32..2030,
            place in 0u16..1000,
        ) {
            let birth = time::Date::from_ordinal_date(year, day_of_year).unwrap();
            let code = FiscalCode::compute(&family, &given, female, birth, &format!("H{place:03}")).unwrap();
            prop_assert_eq!(code.is_female(), female);
            prop_assert_eq!(code.day_of_birth(), u32::from(birth.day()));
            prop_assert_eq!(code.month_of_birth(), u32::from(u8::from(birth.month())));
            prop_assert_eq!(FiscalCode::parse(code.as_str()), Ok(code.clone()));
        }

        #[test]
        fn every_well_formed_code_parses_and_round_trips(code in valid_code()) {
            let parsed = FiscalCode::parse(&code).unwrap();
            prop_assert_eq!(parsed.as_str(), code.as_str());
            let lower = code.to_lowercase();
            prop_assert_eq!(FiscalCode::parse(&lower).unwrap(), parsed.clone());
            let json = serde_json::to_string(&parsed).unwrap();
            prop_assert_eq!(serde_json::from_str::<FiscalCode>(&json).unwrap(), parsed);
        }

        #[test]
        fn changing_any_single_character_is_caught(code in valid_code(), position in 0usize..16, replacement in "[A-Z0-9]") {
            let mut bytes = code.into_bytes();
            let replacement = replacement.as_bytes()[0];
            prop_assume!(bytes[position] != replacement);
            // An omocodia letter standing for the same digit is the same code, not an error.
            prop_assume!(digit_value(bytes[position]).is_none() || digit_value(bytes[position]) != digit_value(replacement) || !DIGIT_POSITIONS.contains(&position));
            bytes[position] = replacement;
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert!(FiscalCode::parse(&changed).is_err(), "{} was accepted", changed);
        }

        #[test]
        fn arbitrary_input_never_panics(input in "\\PC{0,40}") {
            let _ = FiscalCode::parse(&input);
        }
    }
}
