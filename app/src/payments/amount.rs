//! Money owed to the municipality, in integer euro cents end to end: never a
//! float. pagoPA accepts from 0.01 to 999,999,999.99 euros (`stAmountNotZero`
//! in paForNode.xsd); anything else is refused where it enters.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A positive amount within pagoPA's bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AmountInCents(u64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum AmountError {
    #[error("the amount is empty")]
    Empty,
    #[error("the amount is not a number of euros")]
    NotAnAmount,
    #[error("the amount has more than two decimals")]
    TooManyDecimals,
    #[error("the amount is zero")]
    Zero,
    #[error("the amount is negative")]
    Negative,
    #[error("the amount is over pagoPA's limit")]
    TooLarge,
}

impl AmountError {
    /// What to tell the person who typed it.
    pub fn message(self, locale: crate::i18n::Locale) -> &'static str {
        use crate::i18n::Text;
        match self {
            AmountError::Empty => Text::AmountEmpty,
            AmountError::NotAnAmount => Text::AmountNotANumber,
            AmountError::TooManyDecimals => Text::AmountTooManyDecimals,
            AmountError::Zero => Text::AmountZero,
            AmountError::Negative => Text::AmountNegative,
            AmountError::TooLarge => Text::AmountTooLarge,
        }
        .in_locale(locale)
    }
}

impl AmountInCents {
    /// 999,999,999.99 euros.
    pub const MAXIMUM_CENTS: u64 = 99_999_999_999;

    pub fn from_cents(cents: i64) -> Result<AmountInCents, AmountError> {
        match cents {
            0 => Err(AmountError::Zero),
            negative if negative < 0 => Err(AmountError::Negative),
            positive if positive as u64 > Self::MAXIMUM_CENTS => Err(AmountError::TooLarge),
            positive => Ok(AmountInCents(positive as u64)),
        }
    }

    /// What people type: `12`, `12,5`, `12,50`, `1.234,50`, `€ 12,50`, and
    /// the machine form `12.50`. A comma is the decimal separator and dots
    /// group thousands; without a comma, a dot followed by one or two digits
    /// at the end is the decimal point.
    pub fn parse(input: &str) -> Result<AmountInCents, AmountError> {
        let text: String = input.trim().trim_start_matches('€').trim_end_matches('€').chars().filter(|character| !character.is_whitespace()).collect();
        if text.is_empty() {
            return Err(AmountError::Empty);
        }
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, text),
        };
        let (whole, decimals) = match (text.rfind(','), text.rfind('.')) {
            (Some(comma), _) => (&text[..comma], &text[comma + 1..]),
            (None, Some(dot)) if text.len() - dot - 1 <= 2 && text.matches('.').count() == 1 => (&text[..dot], &text[dot + 1..]),
            _ => (text.as_str(), ""),
        };
        if text.ends_with([',', '.']) {
            return Err(AmountError::NotAnAmount);
        }
        let whole = ungrouped(whole).ok_or(AmountError::NotAnAmount)?;
        if !decimals.bytes().all(|byte| byte.is_ascii_digit()) || decimals.contains('.') {
            return Err(AmountError::NotAnAmount);
        }
        if decimals.len() > 2 {
            return Err(AmountError::TooManyDecimals);
        }
        if whole.is_empty() && decimals.is_empty() {
            return Err(AmountError::NotAnAmount);
        }
        let significant = whole.trim_start_matches('0');
        if significant.len() > 9 {
            return if negative { Err(AmountError::Negative) } else { Err(AmountError::TooLarge) };
        }
        let euros: u64 = if significant.is_empty() { 0 } else { significant.parse().map_err(|_| AmountError::NotAnAmount)? };
        let cents: u64 = match decimals.len() {
            0 => 0,
            1 => u64::from(decimals.as_bytes()[0] - b'0') * 10,
            _ => decimals.parse().map_err(|_| AmountError::NotAnAmount)?,
        };
        let total = euros * 100 + cents;
        if negative && total > 0 {
            return Err(AmountError::Negative);
        }
        AmountInCents::from_cents(total as i64)
    }

    pub fn cents(self) -> u64 {
        self.0
    }

    /// `1234.50`: the decimal pagoPA's messages carry.
    pub fn to_decimal(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// `1.234,50 €`: as Italian readers write it.
    pub fn italian(self) -> String {
        let euros = (self.0 / 100).to_string();
        let mut grouped = String::new();
        for (index, digit) in euros.chars().enumerate() {
            if index > 0 && (euros.len() - index).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(digit);
        }
        format!("{grouped},{:02} €", self.0 % 100)
    }
}

/// The whole part without its thousands dots, if they group by three.
fn ungrouped(whole: &str) -> Option<String> {
    if !whole.contains('.') {
        return whole.bytes().all(|byte| byte.is_ascii_digit()).then(|| whole.to_string());
    }
    let groups: Vec<&str> = whole.split('.').collect();
    let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
    let rest_ok = groups[1..].iter().all(|group| group.len() == 3);
    let digits_ok = groups.iter().all(|group| group.bytes().all(|byte| byte.is_ascii_digit()));
    (first_ok && rest_ok && digits_ok).then(|| groups.concat())
}

#[cfg(test)]
mod tests {
    use super::{AmountError, AmountInCents};
    use proptest::prelude::*;

    #[test]
    fn what_people_type() {
        let cents = |text: &str| AmountInCents::parse(text).map(AmountInCents::cents);
        assert_eq!(cents("12"), Ok(1200));
        assert_eq!(cents("12,5"), Ok(1250));
        assert_eq!(cents("12,50"), Ok(1250));
        assert_eq!(cents(" € 1.234,56 "), Ok(123_456));
        assert_eq!(cents("1234.56"), Ok(123_456));
        assert_eq!(cents("0,01"), Ok(1));
        assert_eq!(cents("1.234"), Ok(123_400), "a dot before three digits groups thousands");
        assert_eq!(cents("999.999.999,99"), Ok(AmountInCents::MAXIMUM_CENTS));
        assert_eq!(cents(""), Err(AmountError::Empty));
        assert_eq!(cents("dodici"), Err(AmountError::NotAnAmount));
        assert_eq!(cents("12,"), Err(AmountError::NotAnAmount));
        assert_eq!(cents("1.23.4,00"), Err(AmountError::NotAnAmount));
        assert_eq!(cents("12,345"), Err(AmountError::TooManyDecimals));
        assert_eq!(cents("0"), Err(AmountError::Zero));
        assert_eq!(cents("0,00"), Err(AmountError::Zero));
        assert_eq!(cents("-5"), Err(AmountError::Negative));
        assert_eq!(cents("1.000.000.000,00"), Err(AmountError::TooLarge));
        assert_eq!(AmountInCents::from_cents(-1), Err(AmountError::Negative));
        assert_eq!(AmountInCents::from_cents(0), Err(AmountError::Zero));
        assert_eq!(AmountInCents::from_cents(100_000_000_000), Err(AmountError::TooLarge));
    }

    #[test]
    fn each_mistake_has_its_own_message() {
        use crate::i18n::Locale;
        let errors =
            [AmountError::Empty, AmountError::NotAnAmount, AmountError::TooManyDecimals, AmountError::Zero, AmountError::Negative, AmountError::TooLarge];
        let messages: std::collections::BTreeSet<&str> = errors.iter().map(|error| error.message(Locale::Italian)).collect();
        assert_eq!(messages.len(), errors.len());
        assert_eq!(AmountError::TooManyDecimals.message(Locale::English), "The amount can have at most two digits after the decimal point (the cents).");
    }

    #[test]
    fn written_for_pagopa_and_for_people() {
        let amount = AmountInCents::from_cents(123_456).unwrap();
        assert_eq!(amount.to_decimal(), "1234.56");
        assert_eq!(amount.italian(), "1.234,56 €");
        assert_eq!(AmountInCents::from_cents(5).unwrap().to_decimal(), "0.05");
        assert_eq!(AmountInCents::from_cents(5).unwrap().italian(), "0,05 €");
    }

    proptest! {
        /// Every amount pagoPA accepts comes back unchanged from both of its written forms.
        #[test]
        fn both_written_forms_read_back(cents in 1u64..=AmountInCents::MAXIMUM_CENTS) {
            let amount = AmountInCents::from_cents(cents as i64).unwrap();
            prop_assert_eq!(AmountInCents::parse(&amount.to_decimal()), Ok(amount));
            prop_assert_eq!(AmountInCents::parse(&amount.italian()), Ok(amount));
            let decimal = amount.to_decimal();
            let (whole, fraction) = decimal.split_once('.').unwrap();
            prop_assert_eq!(fraction.len(), 2);
            prop_assert!(whole.bytes().all(|byte| byte.is_ascii_digit()));
        }

        /// Zero, negative and over-limit amounts never become an amount.
        #[test]
        fn out_of_bounds_is_refused(cents in any::<i64>()) {
            let accepted = AmountInCents::from_cents(cents).is_ok();
            prop_assert_eq!(accepted, cents > 0 && cents as u64 <= AmountInCents::MAXIMUM_CENTS);
        }

        /// Whatever text is typed, an accepted amount is within bounds.
        #[test]
        fn any_text_parses_within_bounds(text in "[-€ 0-9.,]{0,20}") {
            if let Ok(amount) = AmountInCents::parse(&text) {
                prop_assert!(amount.cents() >= 1 && amount.cents() <= AmountInCents::MAXIMUM_CENTS);
            }
        }
    }
}
