//! The citizen-facing message for each kind of mistake, in the page's
//! language. The server uses them when it answers a form with its errors.

use super::fiscal_code::FiscalCodeError;
use super::model::{ActivationCodeError, EmailVerificationCodeError, NewPasswordError, TotpCodeError};
use crate::i18n::{Locale, Text};

pub fn fiscal_code_error_message(error: FiscalCodeError, locale: Locale) -> String {
    let text = |entry: Text| entry.in_locale(locale).to_string();
    match error {
        FiscalCodeError::Empty => text(Text::FiscalCodeEmpty),
        FiscalCodeError::WrongLength { found } => text(Text::FiscalCodeWrongLength).replace("{found}", &found.to_string()),
        FiscalCodeError::NotAlphanumeric { position } => text(Text::FiscalCodeNotAlphanumeric).replace("{position}", &position.to_string()),
        FiscalCodeError::SurnameOrNameNotLetters => text(Text::FiscalCodeNameLetters),
        FiscalCodeError::YearNotDigits => text(Text::FiscalCodeYear),
        FiscalCodeError::InvalidMonthLetter => text(Text::FiscalCodeMonth),
        FiscalCodeError::InvalidDay => text(Text::FiscalCodeDay),
        FiscalCodeError::InvalidPlaceOfBirth => text(Text::FiscalCodePlace),
        FiscalCodeError::WrongCheckCharacter => text(Text::FiscalCodeCheck),
    }
}

pub fn new_password_error_message(error: NewPasswordError, locale: Locale) -> String {
    match error {
        NewPasswordError::TooShort => Text::PasswordTooShort,
        NewPasswordError::TooLong => Text::PasswordTooLong,
        NewPasswordError::IsTheFiscalCode => Text::PasswordIsFiscalCode,
        NewPasswordError::TooCommon => Text::PasswordTooCommon,
        NewPasswordError::ConfirmationDiffers => Text::PasswordConfirmationDiffers,
    }
    .in_locale(locale)
    .to_string()
}

pub fn totp_code_error_message(error: TotpCodeError, locale: Locale) -> String {
    match error {
        TotpCodeError::Empty => Text::TotpCodeEmpty,
        TotpCodeError::WrongShape => Text::TotpCodeWrongShape,
    }
    .in_locale(locale)
    .to_string()
}

pub fn activation_code_error_message(error: ActivationCodeError, locale: Locale) -> String {
    match error {
        ActivationCodeError::Empty => Text::ActivationCodeEmpty,
        ActivationCodeError::WrongShape => Text::ActivationCodeWrongShape,
    }
    .in_locale(locale)
    .to_string()
}

pub fn email_verification_code_error_message(error: EmailVerificationCodeError, locale: Locale) -> String {
    match error {
        EmailVerificationCodeError::Empty => Text::EmailVerificationCodeEmpty,
        EmailVerificationCodeError::WrongShape => Text::EmailVerificationCodeWrongShape,
    }
    .in_locale(locale)
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_mistake() {
        let message = fiscal_code_error_message(FiscalCodeError::WrongLength { found: 15 }, Locale::Italian);
        assert!(message.contains("15"), "{message}");
        let message = fiscal_code_error_message(FiscalCodeError::NotAlphanumeric { position: 4 }, Locale::English);
        assert!(message.contains("number 4"), "{message}");
    }
}
