//! SPID rules that hold on both sides: the assurance levels and their SAML
//! class references, the `TINIT-` fiscal number, and what the login and
//! failure pages need to know. No XML here: the server does SAML.

use super::fiscal_code::FiscalCode;
use serde::{Deserialize, Serialize};

/// The SPID assurance levels this portal asks for. Level 3 is never asked
/// for, but an identity provider may answer with it (it satisfies both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SpidLevel {
    Level1,
    Level2,
    Level3,
}

impl SpidLevel {
    pub const fn authn_context_class(self) -> &'static str {
        match self {
            SpidLevel::Level1 => "https://www.spid.gov.it/SpidL1",
            SpidLevel::Level2 => "https://www.spid.gov.it/SpidL2",
            SpidLevel::Level3 => "https://www.spid.gov.it/SpidL3",
        }
    }

    pub fn from_authn_context_class(class: &str) -> Option<SpidLevel> {
        [SpidLevel::Level1, SpidLevel::Level2, SpidLevel::Level3].into_iter().find(|level| level.authn_context_class() == class.trim())
    }

    /// `?livello=` of the login link: 1 or 2.
    pub fn parse_requested(value: &str) -> Option<SpidLevel> {
        match value.trim() {
            "1" => Some(SpidLevel::Level1),
            "2" => Some(SpidLevel::Level2),
            _ => None,
        }
    }

    pub const fn number(self) -> i64 {
        match self {
            SpidLevel::Level1 => 1,
            SpidLevel::Level2 => 2,
            SpidLevel::Level3 => 3,
        }
    }

    /// The portal's own session level: 2 is the highest it distinguishes.
    pub const fn session_level(self) -> i64 {
        match self {
            SpidLevel::Level1 => 1,
            SpidLevel::Level2 | SpidLevel::Level3 => 2,
        }
    }

    /// Whether an identity asserted at `self` satisfies a request for `requested`.
    pub fn satisfies(self, requested: SpidLevel) -> bool {
        self >= requested
    }

    pub fn from_number(number: i64) -> Option<SpidLevel> {
        match number {
            1 => Some(SpidLevel::Level1),
            2 => Some(SpidLevel::Level2),
            3 => Some(SpidLevel::Level3),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpidFiscalNumberError {
    #[error("the fiscal number does not start with TINIT-")]
    NotItalian,
    #[error("the fiscal number is not a valid codice fiscale")]
    Invalid,
}

/// SPID sends the codice fiscale as `TINIT-<codice fiscale>` (ETSI natural
/// person semantics identifier); anything else is refused.
pub fn fiscal_code_from_spid_fiscal_number(value: &str) -> Result<FiscalCode, SpidFiscalNumberError> {
    let code = value.trim().strip_prefix("TINIT-").ok_or(SpidFiscalNumberError::NotItalian)?;
    FiscalCode::parse(code).map_err(|_| SpidFiscalNumberError::Invalid)
}

/// An identity provider as the login page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpidIdentityProviderChoice {
    /// Short code used in the portal's own login link (`/spid/accedi?idp=…`).
    pub code: String,
    pub name: String,
}

/// The identity providers offered on the login page (empty: SPID is off).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpidIdentityProviders(pub Vec<SpidIdentityProviderChoice>);

/// Why a SPID login did not happen, as the citizen is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpidFailure {
    /// The citizen cancelled at the identity provider, or gave up there.
    Cancelled,
    /// The identity provider authenticated at a lower level than asked.
    LevelTooLow,
    /// The answer was not valid (signature, times, audience, …).
    InvalidResponse,
    /// The answer was used already, or its request expired or is unknown.
    ExpiredOrReused,
    /// The identity provider sent no valid codice fiscale.
    NoFiscalCode,
    /// The identity provider chosen is not among those configured.
    UnknownIdentityProvider,
    NotConfigured,
}

impl SpidFailure {
    pub fn code(self) -> &'static str {
        match self {
            SpidFailure::Cancelled => "annullato",
            SpidFailure::LevelTooLow => "livello",
            SpidFailure::InvalidResponse => "risposta",
            SpidFailure::ExpiredOrReused => "scaduto",
            SpidFailure::NoFiscalCode => "codice-fiscale",
            SpidFailure::UnknownIdentityProvider => "gestore",
            SpidFailure::NotConfigured => "non-disponibile",
        }
    }

    pub fn from_code(code: &str) -> Option<SpidFailure> {
        [
            SpidFailure::Cancelled,
            SpidFailure::LevelTooLow,
            SpidFailure::InvalidResponse,
            SpidFailure::ExpiredOrReused,
            SpidFailure::NoFiscalCode,
            SpidFailure::UnknownIdentityProvider,
            SpidFailure::NotConfigured,
        ]
        .into_iter()
        .find(|failure| failure.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn levels_map_to_the_spid_class_references_and_order() {
        for level in [SpidLevel::Level1, SpidLevel::Level2, SpidLevel::Level3] {
            assert_eq!(SpidLevel::from_authn_context_class(level.authn_context_class()), Some(level));
            assert_eq!(SpidLevel::from_number(level.number()), Some(level));
        }
        assert_eq!(SpidLevel::from_authn_context_class("https://www.spid.gov.it/SpidL4"), None);
        assert_eq!(SpidLevel::from_authn_context_class("urn:oasis:names:tc:SAML:2.0:ac:classes:Password"), None);
        assert!(SpidLevel::Level2.satisfies(SpidLevel::Level1));
        assert!(SpidLevel::Level3.satisfies(SpidLevel::Level2));
        assert!(!SpidLevel::Level1.satisfies(SpidLevel::Level2));
        assert_eq!(SpidLevel::Level3.session_level(), 2);
        assert_eq!(SpidLevel::parse_requested("2"), Some(SpidLevel::Level2));
        assert_eq!(SpidLevel::parse_requested("3"), None, "level 3 is never asked for");
    }

    #[test]
    fn fiscal_numbers_must_be_tinit_and_valid() {
        assert_eq!(fiscal_code_from_spid_fiscal_number("TINIT-RSSMRA80A01F205X").unwrap().as_str(), "RSSMRA80A01F205X");
        assert_eq!(fiscal_code_from_spid_fiscal_number("RSSMRA80A01F205X"), Err(SpidFiscalNumberError::NotItalian));
        assert_eq!(fiscal_code_from_spid_fiscal_number("TINIT-RSSMRA80A01F205Y"), Err(SpidFiscalNumberError::Invalid));
        assert_eq!(fiscal_code_from_spid_fiscal_number("TIFR-RSSMRA80A01F205X"), Err(SpidFiscalNumberError::NotItalian));
    }

    #[test]
    fn failure_codes_round_trip() {
        for code in ["annullato", "livello", "risposta", "scaduto", "codice-fiscale", "gestore", "non-disponibile"] {
            assert_eq!(SpidFailure::from_code(code).unwrap().code(), code);
        }
        assert_eq!(SpidFailure::from_code("altro"), None);
    }

    proptest! {
        #[test]
        fn arbitrary_fiscal_numbers_never_panic(value in ".{0,40}") {
            let _ = fiscal_code_from_spid_fiscal_number(&value);
        }
    }
}
