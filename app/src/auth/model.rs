//! Accounts, sessions and the access rules, as pure types shared by the server
//! and the WASM client. No I/O here.

use super::fiscal_code::FiscalCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

/// What someone may do on the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Citizen,
    /// A municipal clerk (operatore), attached to one or more offices.
    Clerk,
    /// Manages clerks; can do everything a clerk can.
    Administrator,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Clerk => "clerk",
            Role::Administrator => "administrator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "citizen" => Some(Role::Citizen),
            "clerk" => Some(Role::Clerk),
            "administrator" => Some(Role::Administrator),
            _ => None,
        }
    }

    pub fn works_for_the_municipality(self) -> bool {
        matches!(self, Role::Clerk | Role::Administrator)
    }
}

/// Assurance of the authentication, as SPID names it: level 1 is a password,
/// level 2 adds a second factor (TOTP, SPID L2, a CNS smart card).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AuthenticationLevel {
    Level1 = 1,
    Level2 = 2,
}

impl AuthenticationLevel {
    pub fn number(self) -> i64 {
        self as i64
    }

    pub fn from_number(number: i64) -> Option<AuthenticationLevel> {
        match number {
            1 => Some(AuthenticationLevel::Level1),
            2 => Some(AuthenticationLevel::Level2),
            _ => None,
        }
    }
}

/// How the person proved who they are in this session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthenticationMethod {
    CounterPassword,
    CounterPasswordAndTotp,
    Spid,
    /// SPID at level 1, then a code of the authenticator app the person
    /// already had: two factors, but not the counter password's.
    SpidAndTotp,
    SmartCard,
}

impl AuthenticationMethod {
    pub fn code(self) -> &'static str {
        match self {
            AuthenticationMethod::CounterPassword => "counter_password",
            AuthenticationMethod::CounterPasswordAndTotp => "counter_password_totp",
            AuthenticationMethod::Spid => "spid",
            AuthenticationMethod::SpidAndTotp => "spid_totp",
            AuthenticationMethod::SmartCard => "smart_card",
        }
    }

    pub fn from_code(code: &str) -> Option<AuthenticationMethod> {
        match code {
            "counter_password" => Some(AuthenticationMethod::CounterPassword),
            "counter_password_totp" => Some(AuthenticationMethod::CounterPasswordAndTotp),
            "spid" => Some(AuthenticationMethod::Spid),
            "spid_totp" => Some(AuthenticationMethod::SpidAndTotp),
            "smart_card" => Some(AuthenticationMethod::SmartCard),
            _ => None,
        }
    }
}

impl AuthenticationMethod {
    /// How a level-1 session is recorded once a code of the person's own
    /// authenticator app raised it: the first factor stays the one really used.
    pub fn stepped_up_with_totp(self) -> AuthenticationMethod {
        match self {
            AuthenticationMethod::Spid | AuthenticationMethod::SpidAndTotp => AuthenticationMethod::SpidAndTotp,
            AuthenticationMethod::CounterPassword | AuthenticationMethod::CounterPasswordAndTotp => AuthenticationMethod::CounterPasswordAndTotp,
            AuthenticationMethod::SmartCard => AuthenticationMethod::SmartCard,
        }
    }
}

/// Why a person may not set up an authenticator app by themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelfEnrolmentRefusal {
    /// Staff get their app from an administrator, in person: a level-1
    /// session (a password, or SPID level 1) must never make a clerk.
    Staff,
    /// The app is the second factor of the counter credentials: without a
    /// password there is nothing to re-type, so nothing proves the person.
    NoCounterPassword,
}

impl SelfEnrolmentRefusal {
    /// What the security page says, and what a refused post answers.
    pub fn message(self) -> crate::i18n::Text {
        match self {
            SelfEnrolmentRefusal::Staff => crate::i18n::Text::TotpSelfEnrolmentStaff,
            SelfEnrolmentRefusal::NoCounterPassword => crate::i18n::Text::TotpSelfEnrolmentNoPassword,
        }
    }
}

/// Who may enrol or replace their own authenticator app: citizens with
/// counter credentials (they re-type the password, and a code of the
/// current app when one is enrolled, in the request that enrols).
pub fn self_enrolment_allowed(role: Role, has_password: bool) -> Result<(), SelfEnrolmentRefusal> {
    if role.works_for_the_municipality() {
        Err(SelfEnrolmentRefusal::Staff)
    } else if !has_password {
        Err(SelfEnrolmentRefusal::NoCounterPassword)
    } else {
        Ok(())
    }
}

/// The person behind the current request's session. The server puts it in
/// the request; pages and server functions read it from there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub account_id: crate::ids::AccountId,
    pub fiscal_code: FiscalCode,
    pub given_name: String,
    pub family_name: String,
    pub role: Role,
    pub level: AuthenticationLevel,
    pub method: AuthenticationMethod,
    /// Counter credentials with a TOTP app can step up to level 2 on the spot.
    pub has_totp: bool,
}

impl CurrentUser {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// The SHA-256 of the current request's session token (any level), put in
/// the request by the server's session middleware.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionTokenHash(pub String);

/// The personal data export as a page: the same records as the JSON
/// download, each value with a label in the reader's language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadableExport {
    pub controller: String,
    pub generated_at: String,
    pub sections: Vec<ReadableExportSection>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadableExportSection {
    pub title: String,
    /// Each record is a list of (label, value) lines.
    pub records: Vec<Vec<(String, String)>>,
}

/// What the personal area shows of an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountProfile {
    pub account_id: String,
    pub fiscal_code: String,
    pub given_name: String,
    pub family_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Role,
    pub has_totp: bool,
    pub credentials_active: bool,
    pub activation_pending: bool,
    /// The current email address was proven to reach its owner.
    pub email_verified: bool,
    /// A verification code was sent to the current address and still works.
    pub email_verification_pending: bool,
}

/// An authenticator app being set up: the key and its QR code (SVG markup
/// generated by the server from the key, nothing user-supplied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolment {
    pub secret: String,
    pub qr_svg: String,
    /// Set when an administrator enrols a member of staff in person: whose
    /// app this is. `None`: the session's own account.
    pub for_person: Option<String>,
}

/// Why a smart-card (CNS/CRS) login did not succeed, told to the citizen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmartCardFailure {
    NoCertificate,
    Expired,
    UntrustedIssuer,
    Unreadable,
    NoFiscalCode,
    NotConfigured,
}

/// A member of staff as the administrators' page lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub account_id: String,
    pub full_name: String,
    pub fiscal_code: String,
    pub role: Role,
    pub offices: Vec<String>,
    pub credentials_active: bool,
}

/// An office code: lower-case letters, digits and dashes (`sportello-del-cittadino`).
pub fn parse_office_code(input: &str) -> Option<String> {
    let code = input.trim().to_lowercase();
    let acceptable = (2..=60).contains(&code.len())
        && code.bytes().all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
        && !code.starts_with('-')
        && !code.ends_with('-');
    acceptable.then_some(code)
}

/// Where the smart-card login lives (its own TLS listener), if configured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmartCardLoginUrl(pub Option<String>);

/// The CSRF token of this browser, to put in every form as `csrf`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsrfToken(pub String);

/// Name of the hidden field every state-changing form carries.
pub const CSRF_FIELD_NAME: &str = "csrf";

/// What a page requires of the visitor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessRequirement {
    Anyone,
    LoggedIn(AuthenticationLevel),
    MunicipalStaff,
    Administrator,
}

/// The access rule of every protected path, in one table the server applies
/// before any page or server function runs. The most specific prefix wins.
pub const PROTECTED_PATHS: &[(&str, AccessRequirement)] = &[
    ("/area-personale", AccessRequirement::LoggedIn(AuthenticationLevel::Level1)),
    ("/area-personale/esporta", AccessRequirement::LoggedIn(AuthenticationLevel::Level2)),
    ("/operatore", AccessRequirement::MunicipalStaff),
    ("/amministrazione", AccessRequirement::Administrator),
];

pub fn access_requirement_for_path(path: &str) -> AccessRequirement {
    PROTECTED_PATHS
        .iter()
        .filter(|(prefix, _)| path == *prefix || path.starts_with(&format!("{prefix}/")) || path.starts_with(&format!("{prefix}.")))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, requirement)| *requirement)
        .unwrap_or(AccessRequirement::Anyone)
}

/// What a request may do, decided from the requirement and the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessDecision {
    Allow,
    /// Not logged in: go to the login page, then come back.
    LogIn,
    /// Logged in at level 1 where level 2 is needed: step up, then come back.
    StepUp,
    Forbidden,
}

pub fn decide_access(requirement: AccessRequirement, user: Option<&CurrentUser>) -> AccessDecision {
    match (requirement, user) {
        (AccessRequirement::Anyone, _) => AccessDecision::Allow,
        (_, None) => AccessDecision::LogIn,
        (AccessRequirement::LoggedIn(level), Some(user)) if user.level >= level => AccessDecision::Allow,
        (AccessRequirement::LoggedIn(_), Some(_)) => AccessDecision::StepUp,
        // The municipality's staff always work at level 2.
        (AccessRequirement::MunicipalStaff, Some(user)) if !user.role.works_for_the_municipality() => AccessDecision::Forbidden,
        (AccessRequirement::Administrator, Some(user)) if user.role != Role::Administrator => AccessDecision::Forbidden,
        (_, Some(user)) if user.level < AuthenticationLevel::Level2 => AccessDecision::StepUp,
        (_, Some(_)) => AccessDecision::Allow,
    }
}

/// Only same-site paths are ever followed after login: never an open redirect.
/// Accepted: a path of this site, printable ASCII only (what a browser sends
/// percent-encoded), never `//` or a backslash at any place: browsers drop
/// tabs and newlines from a `Location` and read `\\` as `/`, so `/\t/evil`
/// or `/\\evil` would lead to another host.
pub fn safe_return_path(candidate: &str) -> Option<String> {
    let candidate = candidate.trim_matches(' ');
    let acceptable = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.contains('\\')
        && candidate.chars().all(|character| character.is_ascii_graphic())
        && candidate.len() <= 1000;
    acceptable.then(|| candidate.to_string())
}

/// A password chosen by the citizen. Length is what makes a password strong:
/// no rules on character classes (NIST SP 800-63B), but not the fiscal code
/// and not one of the passwords everyone tries first.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

pub const MINIMUM_PASSWORD_CHARACTERS: usize = 10;
pub const MAXIMUM_PASSWORD_CHARACTERS: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum NewPasswordError {
    #[error("the password is too short")]
    TooShort,
    #[error("the password is too long")]
    TooLong,
    #[error("the password is the fiscal code")]
    IsTheFiscalCode,
    #[error("the password is too common")]
    TooCommon,
    #[error("the two passwords differ")]
    ConfirmationDiffers,
}

const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "0123456789",
    "qwertyuiop",
    "password123",
    "passwordpassword",
    "iloveyou12",
    "abcdefghij",
    "1111111111",
    "0000000000",
    "qwerty1234",
    "1q2w3e4r5t",
    "passw0rd123",
    "amoremio123",
    "forzainter",
    "forzamilan",
    "forzajuve1",
    "juventus12",
    "napoli1926",
    "ciaociao12",
    "password12",
    "comunedirho",
    "sportello1",
    "aaaaaaaaaa",
];

impl NewPassword {
    pub fn parse(password: &str, confirmation: &str, fiscal_code: &str) -> Result<NewPassword, NewPasswordError> {
        let characters = password.chars().count();
        if characters < MINIMUM_PASSWORD_CHARACTERS {
            return Err(NewPasswordError::TooShort);
        }
        if characters > MAXIMUM_PASSWORD_CHARACTERS {
            return Err(NewPasswordError::TooLong);
        }
        let folded = password.to_lowercase();
        if !fiscal_code.is_empty() && folded.contains(&fiscal_code.to_lowercase()) {
            return Err(NewPasswordError::IsTheFiscalCode);
        }
        let distinct_characters = folded.chars().collect::<std::collections::BTreeSet<_>>().len();
        if COMMON_PASSWORDS.contains(&folded.as_str()) || distinct_characters < 4 {
            return Err(NewPasswordError::TooCommon);
        }
        if password != confirmation {
            return Err(NewPasswordError::ConfirmationDiffers);
        }
        Ok(NewPassword(password.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("NewPassword(***)")
    }
}

/// The one-time code of the activation letter: 12 characters from an alphabet
/// without look-alikes (no 0/O, 1/I/L), printed as `ABCD-EFGH-JKMN`.
#[derive(Clone, PartialEq, Eq)]
pub struct ActivationCode(String);

pub const ACTIVATION_CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum ActivationCodeError {
    #[error("the activation code is empty")]
    Empty,
    #[error("the activation code has 12 letters and digits")]
    WrongShape,
}

impl ActivationCode {
    pub fn parse(input: &str) -> Result<ActivationCode, ActivationCodeError> {
        let characters: String =
            input.chars().filter(|character| !character.is_whitespace() && *character != '-').map(|character| character.to_ascii_uppercase()).collect();
        if characters.is_empty() {
            return Err(ActivationCodeError::Empty);
        }
        if characters.len() != 12 || !characters.bytes().all(|byte| ACTIVATION_CODE_ALPHABET.contains(&byte)) {
            return Err(ActivationCodeError::WrongShape);
        }
        Ok(ActivationCode(characters))
    }

    /// Builds a code from 12 random bytes (the server supplies them).
    pub fn from_random_bytes(bytes: [u8; 12]) -> ActivationCode {
        let characters = bytes.iter().map(|byte| ACTIVATION_CODE_ALPHABET[usize::from(*byte) % ACTIVATION_CODE_ALPHABET.len()] as char).collect();
        ActivationCode(characters)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn printable(&self) -> String {
        format!("{}-{}-{}", &self.0[..4], &self.0[4..8], &self.0[8..])
    }
}

impl std::fmt::Debug for ActivationCode {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("ActivationCode(***)")
    }
}

/// Six digits from the authenticator app.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum TotpCodeError {
    #[error("the code is empty")]
    Empty,
    #[error("the code has six digits")]
    WrongShape,
}

impl TotpCode {
    pub fn parse(input: &str) -> Result<TotpCode, TotpCodeError> {
        match six_digits(input) {
            SixDigits::Empty => Err(TotpCodeError::Empty),
            SixDigits::WrongShape => Err(TotpCodeError::WrongShape),
            SixDigits::Digits(digits) => Ok(TotpCode(digits)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address: one `@`, a dotted domain, no spaces. Deliverability is
/// proven by a confirmation message, not by a regular expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum EmailAddressError {
    #[error("the email address is not valid")]
    Invalid,
}

impl EmailAddress {
    pub fn parse(input: &str) -> Result<EmailAddress, EmailAddressError> {
        let address = input.trim();
        let Some((local, domain)) = address.rsplit_once('@') else {
            return Err(EmailAddressError::Invalid);
        };
        let valid = !local.is_empty()
            && local.len() <= 64
            && address.len() <= 254
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !address.chars().any(|character| character.is_whitespace() || character.is_control())
            && !local.contains('@')
            && domain.chars().all(|character| character.is_alphanumeric() || character == '.' || character == '-');
        if valid {
            Ok(EmailAddress(format!("{local}@{}", domain.to_lowercase())))
        } else {
            Err(EmailAddressError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number: digits, optionally an international prefix; spaces,
/// dots and dashes are dropped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneNumber(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum PhoneNumberError {
    #[error("the phone number is not valid")]
    Invalid,
}

impl PhoneNumber {
    pub fn parse(input: &str) -> Result<PhoneNumber, PhoneNumberError> {
        let compact: String = input.trim().chars().filter(|character| !matches!(character, ' ' | '.' | '-' | '/' | '(' | ')')).collect();
        let digits = compact.strip_prefix('+').unwrap_or(&compact);
        if (6..=15).contains(&digits.len()) && digits.bytes().all(|byte| byte.is_ascii_digit()) {
            Ok(PhoneNumber(compact))
        } else {
            Err(PhoneNumberError::Invalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a typed 6-digit code (an authenticator app's, a mailed one) reads
/// as, spaces ignored: one rule for both codes.
enum SixDigits {
    Empty,
    WrongShape,
    Digits(String),
}

fn six_digits(input: &str) -> SixDigits {
    let digits: String = input.chars().filter(|character| !character.is_whitespace()).collect();
    if digits.is_empty() {
        SixDigits::Empty
    } else if digits.len() != 6 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        SixDigits::WrongShape
    } else {
        SixDigits::Digits(digits)
    }
}

/// The 6-digit code mailed to prove an email address reaches its owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailVerificationCode(String);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum EmailVerificationCodeError {
    #[error("the code is empty")]
    Empty,
    #[error("the code has six digits")]
    WrongShape,
}

impl EmailVerificationCode {
    pub fn parse(input: &str) -> Result<EmailVerificationCode, EmailVerificationCodeError> {
        match six_digits(input) {
            SixDigits::Empty => Err(EmailVerificationCodeError::Empty),
            SixDigits::WrongShape => Err(EmailVerificationCodeError::WrongShape),
            SixDigits::Digits(digits) => Ok(EmailVerificationCode(digits)),
        }
    }

    /// A code from a random number (uniform enough: 2^32 is ~4300 times 10^6).
    pub fn from_random_number(number: u32) -> EmailVerificationCode {
        EmailVerificationCode(format!("{:06}", number % 1_000_000))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The secret of a password reset link: 32 random bytes as 64 lowercase hex
/// digits. Anything else in the link's `token` is refused before any lookup.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordResetToken(String);

impl std::fmt::Debug for PasswordResetToken {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("PasswordResetToken(…)")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum PasswordResetTokenError {
    #[error("the link is incomplete or altered")]
    Malformed,
}

impl PasswordResetToken {
    pub fn parse(input: &str) -> Result<PasswordResetToken, PasswordResetTokenError> {
        let token = input.trim();
        if token.len() == 64 && token.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(PasswordResetToken(token.to_string()))
        } else {
            Err(PasswordResetTokenError::Malformed)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person's name as registered at the counter: letters, spaces,
/// apostrophes, hyphens and dots, 1 to 80 characters.
pub fn parse_person_name(input: &str) -> Option<String> {
    let name = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let acceptable = !name.is_empty()
        && name.chars().count() <= 80
        && name.chars().all(|character| character.is_alphabetic() || matches!(character, ' ' | '\'' | '’' | '-' | '.'));
    acceptable.then_some(name)
}

/// A form posted without JavaScript and answered with the same page again:
/// what was typed (never passwords) and what was wrong, field by field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedForm {
    pub values: BTreeMap<String, String>,
    /// Field name → message, in the order the fields appear on the page.
    pub errors: Vec<(String, String)>,
}

impl SubmittedForm {
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    pub fn error(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|(name, _)| name == field).map(|(_, message)| message.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn user(role: Role, level: AuthenticationLevel) -> CurrentUser {
        CurrentUser {
            account_id: crate::ids::AccountId::parse("0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b").unwrap(),
            fiscal_code: FiscalCode::parse("RSSMRA80A01F205X").unwrap(),
            given_name: "Mario".into(),
            family_name: "Rossi".into(),
            role,
            level,
            method: AuthenticationMethod::CounterPassword,
            has_totp: false,
        }
    }

    #[test]
    fn protected_paths_use_the_most_specific_rule() {
        assert_eq!(access_requirement_for_path("/"), AccessRequirement::Anyone);
        assert_eq!(access_requirement_for_path("/servizi/x"), AccessRequirement::Anyone);
        assert_eq!(access_requirement_for_path("/area-personale"), AccessRequirement::LoggedIn(AuthenticationLevel::Level1));
        assert_eq!(access_requirement_for_path("/area-personale/esporta.json"), AccessRequirement::LoggedIn(AuthenticationLevel::Level2));
        assert_eq!(access_requirement_for_path("/area-personalex"), AccessRequirement::Anyone);
        assert_eq!(access_requirement_for_path("/operatore/cittadini"), AccessRequirement::MunicipalStaff);
    }

    #[test]
    fn access_decisions() {
        let level_one = user(Role::Citizen, AuthenticationLevel::Level1);
        let level_two = user(Role::Citizen, AuthenticationLevel::Level2);
        let clerk_one = user(Role::Clerk, AuthenticationLevel::Level1);
        let clerk_two = user(Role::Clerk, AuthenticationLevel::Level2);
        let level2 = AccessRequirement::LoggedIn(AuthenticationLevel::Level2);
        assert_eq!(decide_access(level2, None), AccessDecision::LogIn);
        assert_eq!(decide_access(level2, Some(&level_one)), AccessDecision::StepUp);
        assert_eq!(decide_access(level2, Some(&level_two)), AccessDecision::Allow);
        assert_eq!(decide_access(AccessRequirement::MunicipalStaff, Some(&level_two)), AccessDecision::Forbidden);
        assert_eq!(decide_access(AccessRequirement::MunicipalStaff, Some(&clerk_one)), AccessDecision::StepUp);
        assert_eq!(decide_access(AccessRequirement::MunicipalStaff, Some(&clerk_two)), AccessDecision::Allow);
        assert_eq!(decide_access(AccessRequirement::Administrator, Some(&clerk_two)), AccessDecision::Forbidden);
    }

    #[test]
    fn return_paths_stay_on_the_site() {
        assert_eq!(safe_return_path("/servizi/x?a=1"), Some("/servizi/x?a=1".into()));
        for hostile in ["//evil.example", "https://evil.example", "/\\evil", "", "/a\nb", "/\t/evil.example", "\t//evil.example", "/ /evil", "/\u{a0}/x"] {
            assert_eq!(safe_return_path(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn password_rules() {
        let cf = "RSSMRA80A01F205X";
        assert!(NewPassword::parse("cavallo batteria graffetta", "cavallo batteria graffetta", cf).is_ok());
        // Any characters at all, as long as it is long enough.
        assert!(NewPassword::parse("àèìòù€ ñ漢字x", "àèìòù€ ñ漢字x", cf).is_ok());
        assert_eq!(NewPassword::parse("corta", "corta", cf), Err(NewPasswordError::TooShort));
        assert_eq!(NewPassword::parse(&"x".repeat(129), &"x".repeat(129), cf), Err(NewPasswordError::TooLong));
        assert_eq!(NewPassword::parse("rssmra80a01f205x", "rssmra80a01f205x", cf), Err(NewPasswordError::IsTheFiscalCode));
        assert_eq!(NewPassword::parse("1234567890", "1234567890", cf), Err(NewPasswordError::TooCommon));
        assert_eq!(NewPassword::parse("abababababab", "abababababab", cf), Err(NewPasswordError::TooCommon));
        assert_eq!(NewPassword::parse("cavallo batteria", "cavallo batterie", cf), Err(NewPasswordError::ConfirmationDiffers));
        assert_eq!(format!("{:?}", NewPassword::parse("cavallo batteria", "cavallo batteria", cf).unwrap()), "NewPassword(***)");
    }

    #[test]
    fn activation_codes_forgive_dashes_and_case() {
        let code = ActivationCode::parse("abcd-efgh-jk2n").unwrap();
        assert_eq!(code.as_str(), "ABCDEFGHJK2N");
        assert_eq!(code.printable(), "ABCD-EFGH-JK2N");
        assert_eq!(ActivationCode::parse(""), Err(ActivationCodeError::Empty));
        assert_eq!(ActivationCode::parse("ABCD-EFGH"), Err(ActivationCodeError::WrongShape));
        // Look-alikes are not in the alphabet, so a misread code is refused, never mistaken for another.
        assert_eq!(ActivationCode::parse("ABCD-EFGH-JKMO"), Err(ActivationCodeError::WrongShape));
    }

    #[test]
    fn emails_and_phones() {
        assert_eq!(EmailAddress::parse(" Mario.Rossi@Example.IT ").unwrap().as_str(), "Mario.Rossi@example.it");
        for bad in ["", "mario", "mario@", "@example.it", "mario@example", "ma rio@example.it", "mario@exa..mple.it"] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(PhoneNumber::parse("+39 02 933 21").unwrap().as_str(), "+390293321");
        assert_eq!(PhoneNumber::parse("333-123.4567").unwrap().as_str(), "3331234567");
        assert!(PhoneNumber::parse("12ab").is_err());
        assert!(PhoneNumber::parse("123").is_err());
    }

    #[test]
    fn person_names() {
        assert_eq!(parse_person_name("  Maria   Grazia "), Some("Maria Grazia".into()));
        assert_eq!(parse_person_name("D'Annunzio-Bianchi"), Some("D'Annunzio-Bianchi".into()));
        assert_eq!(parse_person_name("R2D2"), None);
        assert_eq!(parse_person_name(""), None);
    }

    proptest! {
        #[test]
        fn generated_activation_codes_parse_back(bytes in any::<[u8; 12]>()) {
            let code = ActivationCode::from_random_bytes(bytes);
            prop_assert_eq!(ActivationCode::parse(&code.printable()).unwrap(), code.clone());
            prop_assert_eq!(ActivationCode::parse(&code.as_str().to_lowercase()).unwrap(), code);
        }

        #[test]
        fn totp_codes_are_exactly_six_digits(input in "\\PC{0,10}") {
            if let Ok(code) = TotpCode::parse(&input) {
                prop_assert_eq!(code.as_str().len(), 6);
                prop_assert!(code.as_str().bytes().all(|byte| byte.is_ascii_digit()));
            }
        }

        #[test]
        fn email_verification_codes_are_exactly_six_digits(input in "\\PC{0,10}", number in any::<u32>()) {
            if let Ok(code) = EmailVerificationCode::parse(&input) {
                prop_assert_eq!(code.as_str().len(), 6);
                prop_assert!(code.as_str().bytes().all(|byte| byte.is_ascii_digit()));
            }
            let generated = EmailVerificationCode::from_random_number(number);
            prop_assert_eq!(EmailVerificationCode::parse(generated.as_str()).unwrap(), generated);
        }

        #[test]
        fn reset_tokens_are_64_lowercase_hex_digits(valid in "[0-9a-f]{64}", input in "\\PC{0,70}") {
            let parsed = PasswordResetToken::parse(&valid).unwrap();
            prop_assert_eq!(parsed.as_str(), valid.as_str());
            prop_assert!(PasswordResetToken::parse(&valid.to_uppercase()).is_err() || valid.bytes().all(|byte| byte.is_ascii_digit()));
            if let Ok(token) = PasswordResetToken::parse(&input) {
                prop_assert!(token.as_str().len() == 64 && token.as_str().bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f')));
            }
        }

        #[test]
        fn return_paths_never_leave_the_site(input in "(/|\\\\|\t|\n| |[a-z.:])*") {
            if let Some(path) = safe_return_path(&input) {
                // What a browser would make of it as a Location: tabs and
                // newlines dropped, backslashes read as slashes.
                let as_read: String = path.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).map(|c| if c == '\\' { '/' } else { c }).collect();
                prop_assert!(as_read.starts_with('/') && !as_read.starts_with("//"), "{:?}", path);
                prop_assert!(path.chars().all(|c| c.is_ascii_graphic()));
            }
        }
    }
}
