//! Spontaneous payments: the catalogue of payment types a citizen can pay
//! on their own initiative, stating the reason and, within the type's
//! bounds, the amount; and the one check of such a request, the same in the
//! browser and on the server.

use super::amount::AmountInCents;
use crate::i18n::{Locale, Text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpontaneousAmount {
    /// The same for everyone (a tariff).
    Fixed(u64),
    /// The citizen writes it, within these bounds in cents.
    Between(u64, u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpontaneousPaymentType {
    pub code: &'static str,
    pub title_it: &'static str,
    pub title_en: &'static str,
    pub description_it: &'static str,
    pub description_en: &'static str,
    pub amount: SpontaneousAmount,
}

/// The Comune's spontaneous payment types. (Data kept with the code for now:
/// its amounts are pure rules the browser applies too.)
pub const SPONTANEOUS_PAYMENT_TYPES: [SpontaneousPaymentType; 5] = [
    SpontaneousPaymentType {
        code: "diritti-segreteria",
        title_it: "Diritti di segreteria",
        title_en: "Administrative fees",
        description_it: "Per certificati, autentiche e pratiche che l'ufficio ti ha indicato. Scrivi nella causale il documento richiesto.",
        description_en: "For certificates, authentications and procedures the office told you about. Write the requested document in the reason.",
        amount: SpontaneousAmount::Between(50, 50_000),
    },
    SpontaneousPaymentType {
        code: "occupazione-suolo-pubblico",
        title_it: "Canone per l'occupazione temporanea di suolo pubblico",
        title_en: "Fee for temporary occupation of public land",
        description_it: "L'importo indicato nella concessione. Scrivi nella causale il numero della concessione, la via e le date.",
        description_en: "The amount stated in the permit. Write the permit number, the street and the dates in the reason.",
        amount: SpontaneousAmount::Between(1_000, 1_000_000),
    },
    SpontaneousPaymentType {
        code: "mensa-scolastica",
        title_it: "Ricarica del borsellino della mensa scolastica",
        title_en: "School canteen top-up",
        description_it: "Ricarica prepagata dei pasti. Scrivi nella causale nome, cognome e scuola di chi mangia in mensa.",
        description_en: "Prepaid meals. Write the pupil's name, surname and school in the reason.",
        amount: SpontaneousAmount::Between(500, 50_000),
    },
    SpontaneousPaymentType {
        code: "copie-atti",
        title_it: "Costi di riproduzione di atti e documenti",
        title_en: "Copying costs of records and documents",
        description_it: "Per le copie richieste con l'accesso agli atti. Scrivi nella causale il numero di protocollo della richiesta.",
        description_en: "For copies requested with access to records. Write the request's protocol number in the reason.",
        amount: SpontaneousAmount::Between(10, 20_000),
    },
    SpontaneousPaymentType {
        code: "carta-identita-elettronica",
        title_it: "Carta d'identità elettronica (CIE)",
        title_en: "Electronic identity card (CIE)",
        description_it: "Corrispettivo e diritti fissi per il rilascio della carta d'identità elettronica. Scrivi nella causale la data dell'appuntamento.",
        description_en: "The fixed price and fees for issuing the electronic identity card. Write the appointment date in the reason.",
        amount: SpontaneousAmount::Fixed(2_221),
    },
];

pub fn spontaneous_payment_type(code: &str) -> Option<&'static SpontaneousPaymentType> {
    SPONTANEOUS_PAYMENT_TYPES.iter().find(|kind| kind.code == code)
}

impl SpontaneousPaymentType {
    pub fn title(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::Italian => self.title_it,
            Locale::English => self.title_en,
        }
    }

    pub fn description(&self, locale: Locale) -> &'static str {
        match locale {
            Locale::Italian => self.description_it,
            Locale::English => self.description_en,
        }
    }
}

pub const REASON_FIELD: &str = "causale";
pub const AMOUNT_FIELD: &str = "importo";
pub const REASON_MINIMUM_CHARACTERS: usize = 5;
/// The notice's object is "<type>: <reason>", at most 140 characters for pagoPA.
pub const REASON_MAXIMUM_CHARACTERS: usize = 80;

/// A checked request: what the notice will say and how much.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpontaneousPaymentRequest {
    pub description: String,
    pub amount: AmountInCents,
}

/// The one check of a spontaneous payment: field → message, in page order.
pub fn check_spontaneous_payment(
    kind: &SpontaneousPaymentType,
    reason: &str,
    amount: &str,
    locale: Locale,
) -> Result<SpontaneousPaymentRequest, Vec<(String, String)>> {
    let mut problems = Vec::new();
    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = reason.chars().count();
    if length == 0 {
        problems.push((REASON_FIELD.to_string(), Text::SpontaneousReasonMissing.in_locale(locale).to_string()));
    } else if length < REASON_MINIMUM_CHARACTERS {
        problems.push((REASON_FIELD.to_string(), Text::SpontaneousReasonTooShort.in_locale(locale).to_string()));
    } else if length > REASON_MAXIMUM_CHARACTERS {
        problems.push((REASON_FIELD.to_string(), Text::SpontaneousReasonTooLong.in_locale(locale).replace("{max}", &REASON_MAXIMUM_CHARACTERS.to_string())));
    }
    let amount = match kind.amount {
        SpontaneousAmount::Fixed(cents) => AmountInCents::from_cents(cents as i64).ok(),
        SpontaneousAmount::Between(minimum, maximum) => match AmountInCents::parse(amount) {
            Ok(parsed) if parsed.cents() < minimum || parsed.cents() > maximum => {
                let bounds = |cents: u64| AmountInCents::from_cents(cents as i64).map(AmountInCents::italian).unwrap_or_default();
                problems.push((
                    AMOUNT_FIELD.to_string(),
                    Text::SpontaneousAmountOutOfBounds.in_locale(locale).replace("{min}", &bounds(minimum)).replace("{max}", &bounds(maximum)),
                ));
                None
            }
            Ok(parsed) => Some(parsed),
            Err(error) => {
                problems.push((AMOUNT_FIELD.to_string(), error.message(locale).to_string()));
                None
            }
        },
    };
    match amount {
        Some(amount) if problems.is_empty() => Ok(SpontaneousPaymentRequest { description: format!("{}: {reason}", kind.title_it), amount }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_type_has_a_unique_code_and_a_notice_object_that_fits_pagopa() {
        for kind in SPONTANEOUS_PAYMENT_TYPES {
            assert_eq!(SPONTANEOUS_PAYMENT_TYPES.iter().filter(|other| other.code == kind.code).count(), 1);
            assert!(kind.title_it.chars().count() + 2 + REASON_MAXIMUM_CHARACTERS <= 140, "{}", kind.code);
        }
    }

    #[test]
    fn mistakes_get_their_own_message() {
        let canteen = spontaneous_payment_type("mensa-scolastica").unwrap();
        let problems = check_spontaneous_payment(canteen, "", "", Locale::Italian).unwrap_err();
        assert_eq!(problems.iter().map(|(field, _)| field.as_str()).collect::<Vec<_>>(), vec![REASON_FIELD, AMOUNT_FIELD]);
        let problems = check_spontaneous_payment(canteen, "Mario Rossi, scuola Manzoni", "1.000,00", Locale::Italian).unwrap_err();
        assert!(problems[0].1.contains("5,00 €") && problems[0].1.contains("500,00 €"), "{problems:?}");
        let accepted = check_spontaneous_payment(canteen, "  Mario   Rossi, scuola Manzoni ", "50", Locale::Italian).unwrap();
        assert_eq!(accepted.amount.cents(), 5_000);
        assert_eq!(accepted.description, "Ricarica del borsellino della mensa scolastica: Mario Rossi, scuola Manzoni");
        // A fixed tariff ignores whatever was typed as amount.
        let identity_card = spontaneous_payment_type("carta-identita-elettronica").unwrap();
        assert_eq!(check_spontaneous_payment(identity_card, "appuntamento del 3 dicembre", "1", Locale::English).unwrap().amount.cents(), 2_221);
    }

    proptest! {
        #[test]
        fn whatever_is_accepted_is_within_bounds_and_fits_the_notice(reason in "\\PC{0,120}", cents in 0u64..2_000_000, index in 0usize..5) {
            let kind = &SPONTANEOUS_PAYMENT_TYPES[index];
            let typed = AmountInCents::from_cents(cents as i64).map(|amount| amount.italian()).unwrap_or_else(|_| "0".to_string());
            if let Ok(request) = check_spontaneous_payment(kind, &reason, &typed, Locale::Italian) {
                prop_assert!(request.description.chars().count() <= 140);
                match kind.amount {
                    SpontaneousAmount::Fixed(fixed) => prop_assert_eq!(request.amount.cents(), fixed),
                    SpontaneousAmount::Between(minimum, maximum) => prop_assert!((minimum..=maximum).contains(&request.amount.cents())),
                }
            }
        }
    }
}
