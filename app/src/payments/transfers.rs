//! Where a payment's money goes: a debt position is paid in one go but may
//! be shared among up to five transfers (pagoPA's `transferList`), each to
//! a public body's bank account, or as the digital stamp duty (marca da
//! bollo digitale) bound to one document's SHA-256. The TARI instalment is
//! the everyday case: the Comune's tax and the province's environmental
//! surcharge (TEFA) in one notice, two beneficiaries.

use super::amount::AmountInCents;
use super::creditor::CreditorFiscalCode;
use crate::practices::iban::Iban;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// pagoPA's limit of transfers in one position.
pub const MAXIMUM_TRANSFERS: usize = 5;

/// A document's SHA-256, as the stamp duty is bound to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocumentDigest([u8; 32]);

impl DocumentDigest {
    pub fn from_sha256(bytes: [u8; 32]) -> DocumentDigest {
        DocumentDigest(bytes)
    }

    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// The province of residence the stamp duty names (`provinciaResidenza`):
/// two capital letters, as the Agenzia delle Entrate writes it (MI, RM…).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProvinceCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[error("a province is written with its two letters (MI, RM…)")]
pub struct ProvinceCodeError;

impl ProvinceCode {
    pub fn parse(input: &str) -> Result<ProvinceCode, ProvinceCodeError> {
        let text = input.trim().to_ascii_uppercase();
        if text.len() == 2 && text.bytes().all(|byte| byte.is_ascii_uppercase()) {
            Ok(ProvinceCode(text))
        } else {
            Err(ProvinceCodeError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransferDestination {
    /// A bank account of the beneficiary body.
    BankAccount(Iban),
    /// The digital stamp duty: the payment provider issues a stamp bound to
    /// the document (`richiestaMarcaDaBollo`), which comes back with the receipt.
    StampDuty { document: DocumentDigest, province: ProvinceCode },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    pub amount: AmountInCents,
    pub beneficiary: CreditorFiscalCode,
    pub destination: TransferDestination,
    /// What the beneficiary's treasury reads (`remittanceInformation`, 140 characters).
    pub remittance: String,
    /// The revenue's code in pagoPA's taxonomy (`transferCategory`).
    pub category: String,
}

/// The transfers of one position: one to five, together exactly its amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferPlan {
    transfers: Vec<Transfer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum TransferPlanError {
    #[error("a position has at least one transfer")]
    Empty,
    #[error("pagoPA takes at most five transfers in a position, not {0}")]
    TooMany(usize),
    #[error("the transfers add up to {sum} cents, the position is {total} cents")]
    SumDiffers { total: u64, sum: u64 },
    #[error("a remittance text is empty or longer than 140 characters")]
    RemittanceLength,
}

impl TransferPlan {
    pub fn parse(total: AmountInCents, transfers: Vec<Transfer>) -> Result<TransferPlan, TransferPlanError> {
        if transfers.is_empty() {
            return Err(TransferPlanError::Empty);
        }
        if transfers.len() > MAXIMUM_TRANSFERS {
            return Err(TransferPlanError::TooMany(transfers.len()));
        }
        if transfers.iter().any(|transfer| transfer.remittance.trim().is_empty() || transfer.remittance.chars().count() > 140) {
            return Err(TransferPlanError::RemittanceLength);
        }
        // Each amount is at most pagoPA's maximum, so five of them cannot overflow.
        let sum: u64 = transfers.iter().map(|transfer| transfer.amount.cents()).sum();
        if sum != total.cents() {
            return Err(TransferPlanError::SumDiffers { total: total.cents(), sum });
        }
        Ok(TransferPlan { transfers })
    }

    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }

    pub fn total(&self) -> u64 {
        self.transfers.iter().map(|transfer| transfer.amount.cents()).sum()
    }
}

/// Splits an amount that includes a surcharge proportional to the main
/// share (TEFA: 5 % of the TARI, `surcharge_per_ten_thousand` = 500) into
/// (main, surcharge), rounding the main share to the nearest cent. The two
/// always add up to `total`; the surcharge is `None` when it would be zero.
pub fn split_with_surcharge(total: AmountInCents, surcharge_per_ten_thousand: u64) -> (AmountInCents, Option<AmountInCents>) {
    let cents = total.cents();
    let main = (cents * 10_000 * 2 + (10_000 + surcharge_per_ten_thousand)) / ((10_000 + surcharge_per_ten_thousand) * 2);
    let main = main.clamp(1, cents);
    let surcharge = cents - main;
    let amount = |value: u64| AmountInCents::from_cents(i64::try_from(value).expect("within pagoPA's bounds")).expect("positive and within bounds");
    if surcharge == 0 {
        (total, None)
    } else {
        (amount(main), Some(amount(surcharge)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn creditor() -> CreditorFiscalCode {
        CreditorFiscalCode::parse("00000000000").unwrap()
    }

    fn to_bank(cents: u64) -> Transfer {
        Transfer {
            amount: AmountInCents::from_cents(cents as i64).unwrap(),
            beneficiary: creditor(),
            destination: TransferDestination::BankAccount(Iban::parse("IT60X0542811101000000123456").unwrap()),
            remittance: "TARI".into(),
            category: "9/0101100IM/".into(),
        }
    }

    #[test]
    fn a_plan_has_one_to_five_transfers_adding_up_to_the_amount() {
        let total = AmountInCents::from_cents(14_650).unwrap();
        assert!(TransferPlan::parse(total, vec![to_bank(13_952), to_bank(698)]).is_ok());
        assert_eq!(TransferPlan::parse(total, vec![]), Err(TransferPlanError::Empty));
        assert_eq!(TransferPlan::parse(total, vec![to_bank(14_000)]), Err(TransferPlanError::SumDiffers { total: 14_650, sum: 14_000 }));
        assert_eq!(TransferPlan::parse(AmountInCents::from_cents(600).unwrap(), (0..6).map(|_| to_bank(100)).collect()), Err(TransferPlanError::TooMany(6)));
        let mut unnamed = to_bank(14_650);
        unnamed.remittance = " ".into();
        assert_eq!(TransferPlan::parse(total, vec![unnamed]), Err(TransferPlanError::RemittanceLength));
    }

    #[test]
    fn the_tari_instalment_of_the_demo_splits_into_tari_and_tefa() {
        let (tari, tefa) = split_with_surcharge(AmountInCents::from_cents(14_650).unwrap(), 500);
        assert_eq!(tari.cents(), 13_952);
        assert_eq!(tefa.map(AmountInCents::cents), Some(698));
        // A cent cannot be split: it all goes to the main share.
        assert_eq!(split_with_surcharge(AmountInCents::from_cents(1).unwrap(), 500), (AmountInCents::from_cents(1).unwrap(), None));
    }

    #[test]
    fn provinces_are_two_letters() {
        assert_eq!(ProvinceCode::parse(" mi ").unwrap().as_str(), "MI");
        for wrong in ["", "M", "MIL", "M1", "È1"] {
            assert_eq!(ProvinceCode::parse(wrong), Err(ProvinceCodeError), "{wrong}");
        }
    }

    proptest! {
        #[test]
        fn a_split_always_adds_up_and_the_surcharge_is_its_share(cents in 1u64..=AmountInCents::MAXIMUM_CENTS, rate in 1u64..=2_000) {
            let total = AmountInCents::from_cents(cents as i64).unwrap();
            let (main, surcharge) = split_with_surcharge(total, rate);
            let surcharge_cents = surcharge.map_or(0, AmountInCents::cents);
            prop_assert_eq!(main.cents() + surcharge_cents, cents);
            // The surcharge is the rate of the main share, to within a cent.
            let exact = main.cents() as f64 * rate as f64 / 10_000.0;
            prop_assert!((surcharge_cents as f64 - exact).abs() <= 1.0, "{} vs {}", surcharge_cents, exact);
            let plan: Vec<Transfer> = std::iter::once(main).chain(surcharge).map(|amount| to_bank(amount.cents())).collect();
            prop_assert!(TransferPlan::parse(total, plan).is_ok());
        }

        #[test]
        fn a_plan_is_accepted_exactly_when_its_transfers_add_up(parts in proptest::collection::vec(1u64..=1_000_000, 1..=7), extra in 0u64..=2) {
            let sum: u64 = parts.iter().sum();
            let total = AmountInCents::from_cents((sum + extra) as i64).unwrap();
            let verdict = TransferPlan::parse(total, parts.iter().map(|cents| to_bank(*cents)).collect());
            prop_assert_eq!(verdict.is_ok(), parts.len() <= MAXIMUM_TRANSFERS && extra == 0);
        }
    }
}
