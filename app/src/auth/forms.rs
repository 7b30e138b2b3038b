//! The access forms as typed structs: the pages name their fields with the
//! constants below, the server reads a post into the struct (serde) and
//! names a problem's field with the same constant. Every field defaults to
//! empty: a missing field is a problem the handler explains, like a blank one.

use serde::{Deserialize, Serialize};

pub const FISCAL_CODE_FIELD: &str = "codice_fiscale";
pub const PASSWORD_FIELD: &str = "password";
pub const PASSWORD_CONFIRMATION_FIELD: &str = "conferma_password";
pub const RETURN_FIELD: &str = "ritorno";
/// A code of the authenticator app (the new app's, when enrolling).
pub const TOTP_CODE_FIELD: &str = "codice";
/// A code of the app already enrolled, when replacing it.
pub const CURRENT_TOTP_CODE_FIELD: &str = "codice_attuale";
pub const ACTIVATION_CODE_FIELD: &str = "codice_attivazione";
pub const EMAIL_FIELD: &str = "email";
pub const PHONE_FIELD: &str = "telefono";
pub const GIVEN_NAME_FIELD: &str = "nome";
pub const FAMILY_NAME_FIELD: &str = "cognome";
pub const OFFICE_FIELD: &str = "ufficio";
/// The account a member of staff acts on (hidden field).
pub const ACCOUNT_FIELD: &str = "account";
/// The activation code just issued, on the letter's form (hidden field).
pub const ISSUED_CODE_FIELD: &str = "codice";
pub const RESET_TOKEN_FIELD: &str = "token";
pub const EMAIL_VERIFICATION_CODE_FIELD: &str = "codice_verifica";

/// POST /accedi/credenziali
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CounterLoginForm {
    #[serde(default, rename = "codice_fiscale")]
    pub fiscal_code: String,
    #[serde(default)]
    pub password: String,
    #[serde(default, rename = "ritorno")]
    pub return_to: String,
}

/// POST /accedi/codice and /accedi/livello-2: the app's code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpForm {
    #[serde(default, rename = "codice")]
    pub code: String,
    #[serde(default, rename = "ritorno")]
    pub return_to: String,
}

/// POST /attiva
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivationForm {
    #[serde(default, rename = "codice_fiscale")]
    pub fiscal_code: String,
    #[serde(default, rename = "codice_attivazione")]
    pub activation_code: String,
    #[serde(default)]
    pub password: String,
    #[serde(default, rename = "conferma_password")]
    pub password_confirmation: String,
}

/// POST /area-personale: email and phone, both optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactsForm {
    #[serde(default)]
    pub email: String,
    #[serde(default, rename = "telefono")]
    pub phone: String,
}

/// POST /area-personale/sicurezza: the new app's first code, the password
/// again and, when replacing an app, a code of the old one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpEnrolmentForm {
    #[serde(default, rename = "codice")]
    pub new_code: String,
    #[serde(default)]
    pub password: String,
    #[serde(default, rename = "codice_attuale")]
    pub current_code: String,
}

/// A form that names one account (reset at the counter, new code, staff
/// app, revocation).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    pub account: String,
}

/// POST /amministrazione/app-autenticazione: the staff member's first code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffTotpForm {
    #[serde(default, rename = "codice")]
    pub code: String,
}

/// POST /operatore: a citizen registered at the counter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitizenRegistrationForm {
    #[serde(default, rename = "codice_fiscale")]
    pub fiscal_code: String,
    #[serde(default, rename = "nome")]
    pub given_name: String,
    #[serde(default, rename = "cognome")]
    pub family_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default, rename = "telefono")]
    pub phone: String,
}

/// POST /operatore/lettera-attivazione: the letter of a code just issued.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivationLetterForm {
    #[serde(default)]
    pub account: String,
    #[serde(default, rename = "codice")]
    pub code: String,
}

/// POST /amministrazione: a clerk added to an office.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewClerkForm {
    #[serde(default, rename = "codice_fiscale")]
    pub fiscal_code: String,
    #[serde(default, rename = "nome")]
    pub given_name: String,
    #[serde(default, rename = "cognome")]
    pub family_name: String,
    #[serde(default, rename = "ufficio")]
    pub office: String,
}

/// POST /accedi/password-dimenticata
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordResetRequestForm {
    #[serde(default, rename = "codice_fiscale")]
    pub fiscal_code: String,
    #[serde(default)]
    pub email: String,
}

/// POST /accedi/nuova-password
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPasswordForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub password: String,
    #[serde(default, rename = "conferma_password")]
    pub password_confirmation: String,
}

/// POST /area-personale/email: the code sent to the address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailVerificationForm {
    #[serde(default, rename = "codice_verifica")]
    pub code: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{form_field_names as names_of, sorted_names as sorted};

    #[test]
    fn the_structs_read_the_fields_the_pages_render() {
        assert_eq!(names_of(CounterLoginForm::default()), sorted(&[FISCAL_CODE_FIELD, PASSWORD_FIELD, RETURN_FIELD]));
        assert_eq!(names_of(TotpForm::default()), sorted(&[TOTP_CODE_FIELD, RETURN_FIELD]));
        assert_eq!(names_of(ActivationForm::default()), sorted(&[FISCAL_CODE_FIELD, ACTIVATION_CODE_FIELD, PASSWORD_FIELD, PASSWORD_CONFIRMATION_FIELD]));
        assert_eq!(names_of(ContactsForm::default()), sorted(&[EMAIL_FIELD, PHONE_FIELD]));
        assert_eq!(names_of(TotpEnrolmentForm::default()), sorted(&[TOTP_CODE_FIELD, PASSWORD_FIELD, CURRENT_TOTP_CODE_FIELD]));
        assert_eq!(names_of(AccountForm::default()), sorted(&[ACCOUNT_FIELD]));
        assert_eq!(names_of(StaffTotpForm::default()), sorted(&[TOTP_CODE_FIELD]));
        assert_eq!(names_of(CitizenRegistrationForm::default()), sorted(&[FISCAL_CODE_FIELD, GIVEN_NAME_FIELD, FAMILY_NAME_FIELD, EMAIL_FIELD, PHONE_FIELD]));
        assert_eq!(names_of(ActivationLetterForm::default()), sorted(&[ACCOUNT_FIELD, ISSUED_CODE_FIELD]));
        assert_eq!(names_of(NewClerkForm::default()), sorted(&[FISCAL_CODE_FIELD, GIVEN_NAME_FIELD, FAMILY_NAME_FIELD, OFFICE_FIELD]));
        assert_eq!(names_of(PasswordResetRequestForm::default()), sorted(&[FISCAL_CODE_FIELD, EMAIL_FIELD]));
        assert_eq!(names_of(NewPasswordForm::default()), sorted(&[RESET_TOKEN_FIELD, PASSWORD_FIELD, PASSWORD_CONFIRMATION_FIELD]));
        assert_eq!(names_of(EmailVerificationForm::default()), sorted(&[EMAIL_VERIFICATION_CODE_FIELD]));
    }
}
