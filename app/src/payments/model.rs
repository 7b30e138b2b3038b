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
    pub const ALL: [PositionStatus; 5] = [PositionStatus::ToPay, PositionStatus::InProgress, PositionStatus::Paid, PositionStatus::Expired, PositionStatus::Cancelled];

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

#[cfg(test)]
mod tests {
    use super::{DebtKind, PositionStatus};

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
