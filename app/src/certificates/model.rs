//! The registry certificates' rules, pure so that the pages and the server
//! agree: the ten kinds of the charter and what each attests, who may have
//! one for whom, the stamp duty or its legal exemption, and how long a
//! certificate is valid.

use super::registry::{LifeStatus, RegistryPerson};
use serde::{Deserialize, Serialize};

/// What a certificate attests, one part each; a cumulative certificate
/// attests several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attestation {
    Residence,
    FamilyUnit,
    ItalianCitizenship,
    Existence,
    CivilStatus,
    PoliticalRights,
    BirthAct,
    DeathAct,
    MarriageAct,
}

macro_rules! kinds {
    ($($variant:ident => $slug:literal, [$($part:ident),+];)+) => {
        /// The ten certificates of the charter (section 2.3).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum CertificateKind { $($variant),+ }

        impl CertificateKind {
            pub const ALL: &'static [CertificateKind] = &[$(CertificateKind::$variant),+];

            /// The kind's segment in addresses and its stored code.
            pub fn slug(self) -> &'static str {
                match self { $(CertificateKind::$variant => $slug),+ }
            }

            pub fn attestations(self) -> &'static [Attestation] {
                match self { $(CertificateKind::$variant => &[$(Attestation::$part),+]),+ }
            }
        }
    };
}

kinds! {
    Residence => "residenza", [Residence];
    FamilyStatus => "stato-di-famiglia", [FamilyUnit];
    Citizenship => "cittadinanza-italiana", [ItalianCitizenship];
    Existence => "esistenza-in-vita", [Existence];
    ResidenceAndFamily => "residenza-e-stato-di-famiglia", [Residence, FamilyUnit];
    ResidenceCitizenshipCivilStatus => "residenza-cittadinanza-stato-civile", [Residence, ItalianCitizenship, CivilStatus];
    ResidenceCitizenshipPoliticalRights => "residenza-cittadinanza-diritti-politici", [Residence, ItalianCitizenship, PoliticalRights];
    Birth => "nascita", [BirthAct];
    Death => "morte", [DeathAct];
    Marriage => "matrimonio", [MarriageAct];
}

/// How long a certificate is valid (art. 41 DPR 445/2000).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Validity {
    /// Six months from the day of issue.
    SixMonths,
    /// Facts that cannot change (a birth, a death): no limit.
    Unlimited,
}

impl CertificateKind {
    pub fn from_slug(slug: &str) -> Option<CertificateKind> {
        Self::ALL.iter().copied().find(|kind| kind.slug() == slug)
    }

    /// Extracts of the civil status registers (birth, death, marriage) are
    /// exempt from stamp duty by law (art. 7 L. 405/1990): no stamp, no choice.
    pub fn exempt_by_law(self) -> bool {
        matches!(self, CertificateKind::Birth | CertificateKind::Death | CertificateKind::Marriage)
    }

    pub fn validity(self) -> Validity {
        match self {
            // A birth and a death do not change; a marriage may be annotated
            // (separation, divorce), so its extract is valid six months.
            CertificateKind::Birth | CertificateKind::Death => Validity::Unlimited,
            _ => Validity::SixMonths,
        }
    }

    pub fn attests(self, attestation: Attestation) -> bool {
        self.attestations().contains(&attestation)
    }
}

/// The day a certificate issued on `issued_on` stops being valid (the same
/// day six months later, or the month's last day when it has no such day),
/// or None when it is valid without limit.
pub fn valid_until(kind: CertificateKind, issued_on: time::Date) -> Option<time::Date> {
    match kind.validity() {
        Validity::Unlimited => None,
        Validity::SixMonths => {
            let months = issued_on.month() as i32 - 1 + 6;
            let year = issued_on.year() + months / 12;
            let month = time::Month::try_from((months % 12 + 1) as u8).ok()?;
            let day = issued_on.day().min(time::util::days_in_month(month, year));
            time::Date::from_calendar_date(year, month, day).ok()
        }
    }
}

/// The stamp duty of a certificate subject to it, in cents (16,00 €).
pub const STAMP_DUTY_CENTS: i64 = 1600;

/// The legal exemptions from stamp duty a citizen may claim, with the codes
/// of ANPR's certificate service (0 is "not exempt", 99 "another reason").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ExemptionCode {
    Onlus,
    Sport,
    Proceedings,
    CourtExpert,
    Guardianship,
    Adoption,
    SeparationOrDivorce,
    StreetRenaming,
    ForeignPension,
    PublicAdministrations,
    Other,
}

impl ExemptionCode {
    pub const ALL: &'static [ExemptionCode] = &[
        ExemptionCode::Onlus,
        ExemptionCode::Sport,
        ExemptionCode::Proceedings,
        ExemptionCode::CourtExpert,
        ExemptionCode::Guardianship,
        ExemptionCode::Adoption,
        ExemptionCode::SeparationOrDivorce,
        ExemptionCode::StreetRenaming,
        ExemptionCode::ForeignPension,
        ExemptionCode::PublicAdministrations,
        ExemptionCode::Other,
    ];

    /// ANPR's code.
    pub fn code(self) -> u8 {
        match self {
            ExemptionCode::Onlus => 1,
            ExemptionCode::Sport => 2,
            ExemptionCode::Proceedings => 3,
            ExemptionCode::CourtExpert => 4,
            ExemptionCode::Guardianship => 5,
            ExemptionCode::Adoption => 6,
            ExemptionCode::SeparationOrDivorce => 7,
            ExemptionCode::StreetRenaming => 8,
            ExemptionCode::ForeignPension => 9,
            ExemptionCode::PublicAdministrations => 10,
            ExemptionCode::Other => 99,
        }
    }

    pub fn from_code(code: u8) -> Option<ExemptionCode> {
        Self::ALL.iter().copied().find(|exemption| exemption.code() == code)
    }

    /// The law the exemption rests on, printed on the certificate (Italian:
    /// a legal reference is not translated).
    pub fn law(self) -> &'static str {
        match self {
            ExemptionCode::Onlus => "art. 27-bis, Tabella B, DPR 642/1972 (ONLUS)",
            ExemptionCode::Sport => "art. 8-bis, Tabella B, DPR 642/1972 (federazioni e associazioni sportive)",
            ExemptionCode::Proceedings => "art. 18 DPR 115/2002 (uso processuale)",
            ExemptionCode::CourtExpert => "art. 16, Tabella B, DPR 642/1972 (consulenza tecnica d'ufficio)",
            ExemptionCode::Guardianship => "art. 13, Tabella B, DPR 642/1972 (interdizione, inabilitazione, amministrazione di sostegno)",
            ExemptionCode::Adoption => "art. 13, Tabella B, DPR 642/1972 e L. 184/1983 (adozione, affidamento)",
            ExemptionCode::SeparationOrDivorce => "art. 19 L. 74/1987 (separazione, divorzio)",
            ExemptionCode::StreetRenaming => "art. 16, comma 8, L. 537/1993 (variazione toponomastica)",
            ExemptionCode::ForeignPension => "art. 9, Tabella B, DPR 642/1972 (pensione estera)",
            ExemptionCode::PublicAdministrations => "art. 16, Tabella B, DPR 642/1972 (scambio tra pubbliche amministrazioni)",
            ExemptionCode::Other => "altro motivo di esenzione previsto dalla legge",
        }
    }
}

/// The law that exempts civil-status extracts.
pub const CIVIL_STATUS_EXEMPTION_LAW: &str = "art. 7 L. 405/1990";

/// The longest reason a citizen may give for exemption 99 (ANPR's limit).
pub const EXEMPTION_REASON_MAXIMUM_CHARACTERS: usize = 256;

/// How the stamp duty of one certificate is settled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StampDuty {
    /// 16 € through pagoPA, a digital stamp bound to the document.
    Paid,
    /// A legal exemption the citizen declares (99 with its reason).
    Exempt { code: ExemptionCode, reason: Option<String> },
    /// A civil-status extract: exempt by law.
    ExemptByLaw,
}

/// What is wrong with a stamp-duty choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StampDutyProblem {
    /// Neither paying nor an exemption was chosen.
    NoChoice,
    /// The exemption is not one of the list.
    UnknownExemption,
    /// "Altro" needs its reason.
    ReasonMissing,
    ReasonTooLong,
}

/// The form's values: `choice` is "bollo" or "esenzione", `exemption` the
/// code, `reason` the text for 99.
pub fn parse_stamp_duty(kind: CertificateKind, choice: &str, exemption: &str, reason: &str) -> Result<StampDuty, StampDutyProblem> {
    if kind.exempt_by_law() {
        return Ok(StampDuty::ExemptByLaw);
    }
    match choice {
        STAMP_CHOICE_PAY => Ok(StampDuty::Paid),
        STAMP_CHOICE_EXEMPT => {
            let code = exemption.trim().parse::<u8>().ok().and_then(ExemptionCode::from_code).ok_or(StampDutyProblem::UnknownExemption)?;
            let reason = reason.trim();
            match code {
                ExemptionCode::Other if reason.is_empty() => Err(StampDutyProblem::ReasonMissing),
                ExemptionCode::Other if reason.chars().count() > EXEMPTION_REASON_MAXIMUM_CHARACTERS => Err(StampDutyProblem::ReasonTooLong),
                ExemptionCode::Other => Ok(StampDuty::Exempt { code, reason: Some(reason.to_string()) }),
                _ => Ok(StampDuty::Exempt { code, reason: None }),
            }
        }
        _ => Err(StampDutyProblem::NoChoice),
    }
}

pub const STAMP_CHOICE_PAY: &str = "bollo";
pub const STAMP_CHOICE_EXEMPT: &str = "esenzione";

/// What the registry says about the person a certificate would be for,
/// beyond the person record itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SubjectFacts {
    pub procedure_in_progress: bool,
    pub has_birth_act: bool,
    pub has_marriage_act: bool,
    pub has_death_act: bool,
}

/// Why a certificate cannot be issued. `NotFound` is answered as 404: the
/// person is nobody the requester may ask about, and the answer must not
/// tell whether they exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    NotFound,
    /// The requester is not a resident of Rho's registry.
    RequesterNotResident,
    Deceased,
    Emigrated,
    ProcedureInProgress,
    UnderGuardianship,
    /// A death certificate of someone living.
    NotDeceased,
    NotItalian,
    NoPoliticalRights,
    /// The act is not in Rho's civil status registers.
    NoBirthAct,
    NoMarriageAct,
    NoDeathAct,
}

/// Whether `requester` may have a certificate of `kind` about `subject`:
/// themselves or a member of their family unit, and, for a deceased member,
/// only the death certificate.
pub fn decide(requester: Option<&RegistryPerson>, subject: Option<&RegistryPerson>, kind: CertificateKind, facts: SubjectFacts) -> Result<(), Refusal> {
    let Some(requester) = requester else { return Err(Refusal::RequesterNotResident) };
    if requester.life_status != LifeStatus::Resident {
        return Err(Refusal::RequesterNotResident);
    }
    let subject = subject.filter(|subject| subject.family_id == requester.family_id).ok_or(Refusal::NotFound)?;
    if kind == CertificateKind::Death {
        return match (subject.life_status, facts.has_death_act) {
            (LifeStatus::Deceased, true) => Ok(()),
            (LifeStatus::Deceased, false) => Err(Refusal::NoDeathAct),
            _ => Err(Refusal::NotDeceased),
        };
    }
    match subject.life_status {
        LifeStatus::Deceased => return Err(Refusal::Deceased),
        LifeStatus::Emigrated => return Err(Refusal::Emigrated),
        LifeStatus::Resident => {}
    }
    if subject.under_guardianship {
        return Err(Refusal::UnderGuardianship);
    }
    if facts.procedure_in_progress && !kind.exempt_by_law() {
        return Err(Refusal::ProcedureInProgress);
    }
    if kind.attests(Attestation::ItalianCitizenship) && !subject.is_italian() {
        return Err(Refusal::NotItalian);
    }
    if kind.attests(Attestation::PoliticalRights) && !subject.political_rights {
        return Err(Refusal::NoPoliticalRights);
    }
    if kind.attests(Attestation::BirthAct) && !facts.has_birth_act {
        return Err(Refusal::NoBirthAct);
    }
    if kind.attests(Attestation::MarriageAct) && !facts.has_marriage_act {
        return Err(Refusal::NoMarriageAct);
    }
    Ok(())
}

/// The code printed beside the seal for typing: 12 characters of an
/// alphabet without look-alikes (no 0/O, 1/I/L), shown in groups of four.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VerificationCode(String);

pub const VERIFICATION_CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const VERIFICATION_CODE_LENGTH: usize = 12;

impl VerificationCode {
    /// What a person typed: case, spaces and hyphens do not matter.
    pub fn parse(text: &str) -> Result<VerificationCode, NotAVerificationCode> {
        let code: String =
            text.chars().filter(|character| !character.is_whitespace() && *character != '-').map(|character| character.to_ascii_uppercase()).collect();
        if code.len() == VERIFICATION_CODE_LENGTH && code.bytes().all(|byte| VERIFICATION_CODE_ALPHABET.contains(&byte)) {
            Ok(VerificationCode(code))
        } else {
            Err(NotAVerificationCode)
        }
    }

    /// A code from 12 random bytes (each picks a character).
    pub fn from_random(bytes: [u8; VERIFICATION_CODE_LENGTH]) -> VerificationCode {
        VerificationCode(bytes.iter().map(|byte| VERIFICATION_CODE_ALPHABET[*byte as usize % VERIFICATION_CODE_ALPHABET.len()] as char).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `ABCD-EFGH-JKMN`.
    pub fn grouped(&self) -> String {
        self.0.as_bytes().chunks(4).map(|chunk| String::from_utf8_lossy(chunk).into_owned()).collect::<Vec<_>>().join("-")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAVerificationCode;

/// What the public verification says about a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VerificationOutcome {
    /// A certificate of ours: its state (valid, expired, revoked) and, when
    /// the QR code's seal came with the question, whether it checks.
    Found {
        certificate: VerifiedCertificate,
        state: CertificateState,
        seal_valid: Option<bool>,
    },
    Unknown,
    /// What was typed cannot be a code.
    NotACode,
    TooManyRequests,
}

/// The identifying data verification shows: no more than the certificate holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedCertificate {
    pub kind: CertificateKind,
    pub holder: String,
    /// Italian date.
    pub issued_on: String,
    pub valid_until: Option<String>,
    pub issuer: String,
    pub code: String,
}

/// Where an issued certificate stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateState {
    /// Made, waiting for its stamp duty's receipt: not issued yet.
    AwaitingStamp,
    Valid,
    Expired,
    Revoked,
}

/// The state of a certificate from its record: revocation first, then the
/// stamp, then the validity (ISO dates compare as text).
pub fn certificate_state(revoked: bool, stamp_paid: bool, valid_until: Option<&str>, today: &str) -> CertificateState {
    if revoked {
        CertificateState::Revoked
    } else if !stamp_paid {
        CertificateState::AwaitingStamp
    } else if valid_until.is_some_and(|until| until < today) {
        CertificateState::Expired
    } else {
        CertificateState::Valid
    }
}

/// One person the requester may choose on the request page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonChoice {
    pub fiscal_code: String,
    pub name: String,
    pub is_requester: bool,
    /// Why this certificate cannot be issued online for them, if it cannot.
    pub refusal: Option<Refusal>,
}

/// The request page's choices for one kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestOptions {
    /// Set when the requester may have no certificate at all.
    pub requester_refusal: Option<Refusal>,
    pub people: Vec<PersonChoice>,
}

/// A certificate as its requester (and a registry clerk) sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    pub id: String,
    pub kind: CertificateKind,
    pub holder: String,
    /// Grouped (`ABCD-EFGH-JKMN`).
    pub code: String,
    /// Italian dates.
    pub issued_on: String,
    pub valid_until: Option<String>,
    pub state: CertificateState,
    /// The stamp duty or exemption, as printed.
    pub stamp_duty: String,
    /// The stamp duty's position while it is to be paid.
    pub stamp_position_id: Option<String>,
}

/// What a registry clerk sees of a certificate (the look-up is audited).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkCertificateView {
    pub certificate: CertificateView,
    pub subject_fiscal_code: String,
    pub requester_fiscal_code: String,
    pub revocation_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::registry::{CivilStatus, Relationship, ITALIAN};
    use proptest::prelude::*;
    use time::macros::date;

    fn person(fiscal_code: &str, family_id: i64) -> RegistryPerson {
        RegistryPerson {
            fiscal_code: fiscal_code.to_string(),
            family_name: "Rossi".to_string(),
            given_name: "Mario".to_string(),
            female: false,
            birth_date: "1980-01-01".to_string(),
            birth_place: "Milano (MI)".to_string(),
            citizenship: ITALIAN.to_string(),
            civil_status: CivilStatus::Married,
            political_rights: true,
            life_status: LifeStatus::Resident,
            under_guardianship: false,
            family_id,
            relationship: Relationship::Head,
        }
    }

    const ALL_ACTS: SubjectFacts = SubjectFacts { procedure_in_progress: false, has_birth_act: true, has_marriage_act: true, has_death_act: false };

    #[test]
    fn ten_kinds_each_with_its_own_slug() {
        assert_eq!(CertificateKind::ALL.len(), 10);
        for kind in CertificateKind::ALL {
            assert_eq!(CertificateKind::from_slug(kind.slug()), Some(*kind));
        }
        assert_eq!(CertificateKind::from_slug("passaporto"), None);
        let exempt: Vec<_> = CertificateKind::ALL.iter().filter(|kind| kind.exempt_by_law()).collect();
        assert_eq!(exempt, [&CertificateKind::Birth, &CertificateKind::Death, &CertificateKind::Marriage]);
    }

    #[test]
    fn oneself_and_the_family_unit_only() {
        let me = person("A", 1);
        let wife = person("B", 1);
        let neighbour = person("C", 2);
        assert_eq!(decide(Some(&me), Some(&me), CertificateKind::Residence, ALL_ACTS), Ok(()));
        assert_eq!(decide(Some(&me), Some(&wife), CertificateKind::ResidenceAndFamily, ALL_ACTS), Ok(()));
        assert_eq!(decide(Some(&me), Some(&neighbour), CertificateKind::Residence, ALL_ACTS), Err(Refusal::NotFound));
        assert_eq!(decide(Some(&me), None, CertificateKind::Residence, ALL_ACTS), Err(Refusal::NotFound));
        assert_eq!(decide(None, Some(&me), CertificateKind::Residence, ALL_ACTS), Err(Refusal::RequesterNotResident));
    }

    #[test]
    fn each_refusal_has_its_reason() {
        let me = person("A", 1);
        let mut other = person("B", 1);
        other.life_status = LifeStatus::Deceased;
        assert_eq!(decide(Some(&me), Some(&other), CertificateKind::Residence, ALL_ACTS), Err(Refusal::Deceased));
        let died = SubjectFacts { has_death_act: true, ..ALL_ACTS };
        assert_eq!(decide(Some(&me), Some(&other), CertificateKind::Death, died), Ok(()), "the death certificate of a deceased member");
        assert_eq!(decide(Some(&me), Some(&me), CertificateKind::Death, died), Err(Refusal::NotDeceased));
        other.life_status = LifeStatus::Emigrated;
        assert_eq!(decide(Some(&me), Some(&other), CertificateKind::Existence, ALL_ACTS), Err(Refusal::Emigrated));
        let mut ward = person("B", 1);
        ward.under_guardianship = true;
        assert_eq!(decide(Some(&me), Some(&ward), CertificateKind::Residence, ALL_ACTS), Err(Refusal::UnderGuardianship));
        let moving = SubjectFacts { procedure_in_progress: true, ..ALL_ACTS };
        assert_eq!(decide(Some(&me), Some(&me), CertificateKind::Residence, moving), Err(Refusal::ProcedureInProgress));
        assert_eq!(decide(Some(&me), Some(&me), CertificateKind::Birth, moving), Ok(()), "a birth does not change with an address");
        let mut foreigner = person("B", 1);
        foreigner.citizenship = "marocchina".to_string();
        foreigner.political_rights = false;
        assert_eq!(decide(Some(&me), Some(&foreigner), CertificateKind::Citizenship, ALL_ACTS), Err(Refusal::NotItalian));
        assert_eq!(decide(Some(&me), Some(&foreigner), CertificateKind::Residence, ALL_ACTS), Ok(()));
        let mut minor = person("B", 1);
        minor.political_rights = false;
        assert_eq!(decide(Some(&me), Some(&minor), CertificateKind::ResidenceCitizenshipPoliticalRights, ALL_ACTS), Err(Refusal::NoPoliticalRights));
        let no_acts = SubjectFacts::default();
        assert_eq!(decide(Some(&me), Some(&me), CertificateKind::Birth, no_acts), Err(Refusal::NoBirthAct));
        assert_eq!(decide(Some(&me), Some(&me), CertificateKind::Marriage, no_acts), Err(Refusal::NoMarriageAct));
        let mut gone = person("A", 1);
        gone.life_status = LifeStatus::Emigrated;
        assert_eq!(decide(Some(&gone), Some(&me), CertificateKind::Residence, ALL_ACTS), Err(Refusal::RequesterNotResident));
    }

    #[test]
    fn six_months_or_no_limit() {
        assert_eq!(valid_until(CertificateKind::Residence, date!(2026 - 12 - 03)), Some(date!(2027 - 06 - 03)));
        assert_eq!(valid_until(CertificateKind::FamilyStatus, date!(2026 - 08 - 31)), Some(date!(2027 - 02 - 28)));
        assert_eq!(valid_until(CertificateKind::Marriage, date!(2026 - 03 - 31)), Some(date!(2026 - 09 - 30)));
        assert_eq!(valid_until(CertificateKind::Birth, date!(2026 - 12 - 03)), None);
        assert_eq!(valid_until(CertificateKind::Death, date!(2026 - 12 - 03)), None);
    }

    #[test]
    fn stamp_duty_is_paid_or_a_listed_exemption() {
        use StampDutyProblem::*;
        let kind = CertificateKind::Residence;
        assert_eq!(parse_stamp_duty(kind, "bollo", "", ""), Ok(StampDuty::Paid));
        assert_eq!(parse_stamp_duty(kind, "esenzione", "7", ""), Ok(StampDuty::Exempt { code: ExemptionCode::SeparationOrDivorce, reason: None }));
        assert_eq!(parse_stamp_duty(kind, "esenzione", "99", "  "), Err(ReasonMissing));
        assert_eq!(parse_stamp_duty(kind, "esenzione", "99", &"a".repeat(257)), Err(ReasonTooLong));
        assert_eq!(
            parse_stamp_duty(kind, "esenzione", "99", &"à".repeat(256)),
            Ok(StampDuty::Exempt { code: ExemptionCode::Other, reason: Some("à".repeat(256)) })
        );
        assert_eq!(parse_stamp_duty(kind, "esenzione", "0", ""), Err(UnknownExemption));
        assert_eq!(parse_stamp_duty(kind, "esenzione", "11", ""), Err(UnknownExemption));
        assert_eq!(parse_stamp_duty(kind, "", "", ""), Err(NoChoice));
        assert_eq!(parse_stamp_duty(CertificateKind::Birth, "", "", ""), Ok(StampDuty::ExemptByLaw));
        let codes: Vec<u8> = ExemptionCode::ALL.iter().map(|code| code.code()).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99]);
    }

    proptest! {
        #[test]
        fn a_code_reads_back_however_it_is_typed(bytes in proptest::array::uniform12(any::<u8>())) {
            let code = VerificationCode::from_random(bytes);
            prop_assert_eq!(VerificationCode::parse(&code.grouped()), Ok(code.clone()));
            prop_assert_eq!(VerificationCode::parse(&code.as_str().to_lowercase()), Ok(code.clone()));
            prop_assert_eq!(code.grouped().len(), 14);
        }

        #[test]
        fn anything_else_is_not_a_code(text in "\\PC{0,20}") {
            if let Ok(code) = VerificationCode::parse(&text) {
                prop_assert!(code.as_str().bytes().all(|byte| VERIFICATION_CODE_ALPHABET.contains(&byte)));
                prop_assert_eq!(code.as_str().len(), 12);
            }
        }
    }

    #[test]
    fn revoked_before_unpaid_before_expired() {
        assert_eq!(certificate_state(true, false, None, "2026-12-03"), CertificateState::Revoked);
        assert_eq!(certificate_state(false, false, Some("2027-06-03"), "2026-12-03"), CertificateState::AwaitingStamp);
        assert_eq!(certificate_state(false, true, Some("2027-06-03"), "2027-06-03"), CertificateState::Valid, "valid on its last day");
        assert_eq!(certificate_state(false, true, Some("2027-06-03"), "2027-06-04"), CertificateState::Expired);
        assert_eq!(certificate_state(false, true, None, "2099-01-01"), CertificateState::Valid);
    }

    #[test]
    fn look_alike_characters_are_not_codes() {
        assert!(VerificationCode::parse("ABCD-EFGH-JKM0").is_err());
        assert!(VerificationCode::parse("ABCD-EFGH-JKMI").is_err());
        assert!(VerificationCode::parse("ABCD-EFGH-JK").is_err());
        assert!(VerificationCode::parse("abcd efgh jkmn").is_ok());
    }
}
