//! The municipal registry (anagrafe) as certificates read it: people, their
//! family unit, civil status, citizenship and political rights, and whether
//! the registry can certify them at all. Each state is a closed set with the
//! code it is stored under.

use serde::{Deserialize, Serialize};

macro_rules! coded {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored name.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|value| value.code() == code)
            }
        }
    };
}

coded! {
    /// Stato civile, as the registry records it.
    CivilStatus {
        Unmarried => "celibe_nubile",
        Married => "coniugato",
        CivilUnion => "unito_civilmente",
        Separated => "separato",
        Divorced => "divorziato",
        Widowed => "vedovo",
    }
}

coded! {
    /// Whether the person is in the registry of the living residents.
    LifeStatus {
        Resident => "residente",
        Deceased => "deceduto",
        Emigrated => "emigrato",
    }
}

coded! {
    /// The relationship to the head of the family unit (rapporto con l'intestatario).
    Relationship {
        Head => "intestatario",
        Spouse => "coniuge",
        CivilPartner => "unito_civilmente",
        Cohabitant => "convivente",
        Child => "figlio",
        Parent => "genitore",
        Grandchild => "nipote",
        Other => "altro",
    }
}

coded! {
    /// The civil status acts the registry office keeps (atti di stato civile).
    ActKind {
        Birth => "nascita",
        Marriage => "matrimonio",
        Death => "morte",
    }
}

/// Italian citizenship as the registry writes it.
pub const ITALIAN: &str = "italiana";

/// Rho's cadastral code (codice catastale), the place of birth of those born here.
pub const RHO_CADASTRAL_CODE: &str = "H264";

/// A person as the registry holds them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryPerson {
    pub fiscal_code: String,
    pub family_name: String,
    pub given_name: String,
    pub female: bool,
    /// ISO date.
    pub birth_date: String,
    pub birth_place: String,
    pub citizenship: String,
    pub civil_status: CivilStatus,
    pub political_rights: bool,
    pub life_status: LifeStatus,
    pub under_guardianship: bool,
    pub family_id: i64,
    pub relationship: Relationship,
}

impl RegistryPerson {
    pub fn is_italian(&self) -> bool {
        self.citizenship == ITALIAN
    }
}

/// A family unit's address in Rho.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryAddress {
    pub street: String,
    pub house_number: String,
    pub hamlet: String,
}

impl RegistryAddress {
    /// `Via Roma 12, frazione Lucernate` (the hamlet only where there is one).
    pub fn printed(&self) -> String {
        let hamlet = self.hamlet.trim();
        if hamlet.is_empty() || hamlet.eq_ignore_ascii_case("Rho") {
            format!("{} {}", self.street, self.house_number)
        } else {
            format!("{} {}, frazione {hamlet}", self.street, self.house_number)
        }
    }
}

/// A civil status act as the registers identify it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryAct {
    pub kind: ActKind,
    pub year: i64,
    pub part: String,
    pub series: String,
    pub number: i64,
    /// ISO date.
    pub date: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_reads_back_from_its_code() {
        for status in CivilStatus::ALL {
            assert_eq!(CivilStatus::from_code(status.code()), Some(*status));
        }
        for status in LifeStatus::ALL {
            assert_eq!(LifeStatus::from_code(status.code()), Some(*status));
        }
        for relationship in Relationship::ALL {
            assert_eq!(Relationship::from_code(relationship.code()), Some(*relationship));
        }
        for kind in ActKind::ALL {
            assert_eq!(ActKind::from_code(kind.code()), Some(*kind));
        }
        assert_eq!(CivilStatus::from_code("sposato"), None);
    }
}
