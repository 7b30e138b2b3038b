//! What a debt position is for and where it stands.

use serde::{Deserialize, Serialize};

/// The kinds of debt the portal issues notices for (SPEC 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DebtKind {
    /// A procedure's fee (its reference is the draft or the practice).
    PracticeFee,
    /// Stamp duty and fees of later capabilities.
    StampDuty,
    /// A local tax instalment (e.g. TARI).
    TaxInstalment,
    Fine,
    /// A payment the citizen starts from the catalogue of payment types.
    Spontaneous,
}

impl DebtKind {
    pub const ALL: [DebtKind; 5] = [DebtKind::PracticeFee, DebtKind::StampDuty, DebtKind::TaxInstalment, DebtKind::Fine, DebtKind::Spontaneous];

    pub fn code(self) -> &'static str {
        match self {
            DebtKind::PracticeFee => "practice_fee",
            DebtKind::StampDuty => "stamp_duty",
            DebtKind::TaxInstalment => "tax_instalment",
            DebtKind::Fine => "fine",
            DebtKind::Spontaneous => "spontaneous",
        }
    }

    pub fn from_code(code: &str) -> Option<DebtKind> {
        DebtKind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// Whether the payer may cancel the notice while nobody is paying it: a
    /// spontaneous payment is the citizen's own request (a wrong amount or
    /// reason is fixed by cancelling and creating another); every other
    /// debt is the Comune's to cancel.
    pub fn cancellable_by_payer(self) -> bool {
        matches!(self, DebtKind::Spontaneous)
    }

    /// Whether the due day is the last day the notice can be paid. A
    /// fine's notice carries the amount reduced for payment within the
    /// legal days; after them the office issues a new notice with the
    /// full amount, so the old one expires. Taxes, fees and the rest stay
    /// payable late (the office adds any interest with a new notice).
    pub fn payable_only_until_due(self) -> bool {
        matches!(self, DebtKind::Fine)
    }

    /// The transfer's category in pagoPA's taxonomy of revenues (what the
    /// treasury books it as). Placeholders of the right shape until the
    /// Comune's treasury office confirms its own codes.
    pub fn transfer_category(self) -> &'static str {
        match self {
            DebtKind::PracticeFee => "9/0201102IM/",
            DebtKind::StampDuty => "9/0201103IM/",
            DebtKind::TaxInstalment => "9/0101100IM/",
            DebtKind::Fine => "9/0301109AP/",
            DebtKind::Spontaneous => "9/0201100IM/",
        }
    }
}

/// Where a debt position stands ("I miei pagamenti").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PositionStatus {
    ToPay,
    /// A payment was started (the node asked for it); no receipt yet.
    InProgress,
    Paid,
    Expired,
    Cancelled,
}

impl PositionStatus {
    pub const ALL: [PositionStatus; 5] =
        [PositionStatus::ToPay, PositionStatus::InProgress, PositionStatus::Paid, PositionStatus::Expired, PositionStatus::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            PositionStatus::ToPay => "to_pay",
            PositionStatus::InProgress => "in_progress",
            PositionStatus::Paid => "paid",
            PositionStatus::Expired => "expired",
            PositionStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<PositionStatus> {
        PositionStatus::ALL.into_iter().find(|status| status.code() == code)
    }
}

/// A debt position as its owner sees it ("I miei pagamenti", the way back from pagoPA).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: String,
    pub description: String,
    /// "1.234,56 €".
    pub amount: String,
    /// In groups of four.
    pub notice_number: String,
    /// dd/mm/yyyy.
    pub due_on: Option<String>,
    pub status: PositionStatus,
    /// dd/mm/yyyy hh:mm (Rome), when paid.
    pub paid_at: Option<String>,
    pub provider: Option<String>,
    /// The owner may cancel it now (see `DebtKind::cancellable_by_payer`).
    pub cancellable: bool,
}

/// The way back from Checkout: the cart's positions, and what Checkout said
/// (only said: the receipt decides).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartOutcome {
    pub positions: Vec<PaymentView>,
    /// Where to go on from here when the cart paid a fee due before filing:
    /// the application's summary.
    pub return_to: Option<String>,
}

/// What "Verifica un pagamento" tells anyone holding a notice: its state,
/// nothing about who owes it or what for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentLookup {
    Found {
        /// In groups of four.
        notice_number: String,
        status: PositionStatus,
    },
    /// Unknown notice, another creditor, or malformed input: one answer for all.
    NotFound,
    TooManyRequests,
}

/// Why a position cannot take a payment now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotPayable {
    AlreadyPaid,
    Expired,
    Cancelled,
    /// Another payment started less than the hold time ago and has no receipt yet.
    PaymentInProgress,
}

/// Whether a position can take a payment at `now` (Unix seconds). A payment
/// started longer than `hold_seconds` ago without a receipt no longer holds it.
pub fn payability(status: PositionStatus, payment_started_at: Option<i64>, now: i64, hold_seconds: i64) -> Result<(), NotPayable> {
    match status {
        PositionStatus::ToPay => Ok(()),
        PositionStatus::Paid => Err(NotPayable::AlreadyPaid),
        PositionStatus::Expired => Err(NotPayable::Expired),
        PositionStatus::Cancelled => Err(NotPayable::Cancelled),
        PositionStatus::InProgress => match payment_started_at {
            Some(started) if now - started < hold_seconds => Err(NotPayable::PaymentInProgress),
            _ => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{payability, DebtKind, NotPayable, PositionStatus};

    #[test]
    fn a_started_payment_holds_the_position_only_for_the_hold_time() {
        assert_eq!(payability(PositionStatus::ToPay, None, 1_000, 1_800), Ok(()));
        assert_eq!(payability(PositionStatus::InProgress, Some(1_000), 2_799, 1_800), Err(NotPayable::PaymentInProgress));
        assert_eq!(payability(PositionStatus::InProgress, Some(1_000), 2_800, 1_800), Ok(()));
        assert_eq!(payability(PositionStatus::Paid, None, 0, 1_800), Err(NotPayable::AlreadyPaid));
        assert_eq!(payability(PositionStatus::Expired, None, 0, 1_800), Err(NotPayable::Expired));
        assert_eq!(payability(PositionStatus::Cancelled, None, 0, 1_800), Err(NotPayable::Cancelled));
    }

    #[test]
    fn stored_codes_read_back() {
        for kind in DebtKind::ALL {
            assert_eq!(DebtKind::from_code(kind.code()), Some(kind));
        }
        for status in PositionStatus::ALL {
            assert_eq!(PositionStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(DebtKind::from_code("gift"), None);
    }
}
