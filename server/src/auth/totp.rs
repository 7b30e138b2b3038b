//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30 s), the
//! QR code an authenticator app scans, and replay protection: a code's time
//! step must be later than the last one accepted for the account.

use anyhow::Context;
use totp_rs::{Algorithm, Secret, TOTP};

pub const ISSUER: &str = "Comune di Rho";
const STEP_SECONDS: u64 = 30;

/// A new random secret (160 bits), base32-encoded for storage and display.
pub fn generate_totp_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

fn totp_for(secret_base32: &str, account_label: &str) -> anyhow::Result<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_string()).to_bytes().map_err(|error| anyhow::anyhow!("stored TOTP secret is not base32: {error:?}"))?;
    TOTP::new(Algorithm::SHA1, 6, 1, STEP_SECONDS, bytes, Some(ISSUER.to_string()), account_label.to_string()).context("invalid TOTP parameters")
}

/// The code for a given instant (used by tests and the demo).
pub fn totp_code_at(secret_base32: &str, unix_seconds: u64) -> anyhow::Result<String> {
    Ok(totp_for(secret_base32, "x")?.generate(unix_seconds))
}

/// Accepts the code of the current step or of one step either side (clock
/// drift), but only a step later than `last_accepted_step`. Returns the step
/// the code belongs to, to be stored as the new last accepted step.
pub fn accept_totp_code(secret_base32: &str, code: &str, last_accepted_step: i64, now_unix_seconds: u64) -> Option<i64> {
    let totp = totp_for(secret_base32, "x").ok()?;
    let current_step = now_unix_seconds / STEP_SECONDS;
    [current_step.saturating_sub(1), current_step, current_step + 1]
        .into_iter()
        .filter(|step| (*step as i64) > last_accepted_step)
        .find(|step| super::tokens::constant_time_equal(&totp.generate(step * STEP_SECONDS), code))
        .map(|step| step as i64)
}

/// The `otpauth://` address and its QR code as an SVG image (no scripts, no
/// external resources), labelled with the fiscal code so the app lists it.
pub fn enrolment_qr_svg(secret_base32: &str, account_label: &str) -> anyhow::Result<(String, String)> {
    let url = totp_for(secret_base32, account_label)?.get_url();
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).context("cannot encode the enrolment QR code")?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    Ok((url, svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 secret "12345678901234567890", truncated to 6 digits.
    #[test]
    fn rfc_6238_test_vector() {
        let secret = Secret::Raw(b"12345678901234567890".to_vec()).to_encoded().to_string();
        assert_eq!(totp_code_at(&secret, 59).unwrap(), "287082");
        assert_eq!(totp_code_at(&secret, 1111111109).unwrap(), "081804");
    }

    #[test]
    fn codes_are_accepted_once_and_within_one_step() {
        let secret = generate_totp_secret();
        let now = 1_800_000_000;
        let code = totp_code_at(&secret, now).unwrap();
        let step = accept_totp_code(&secret, &code, 0, now).expect("current code accepted");
        assert_eq!(accept_totp_code(&secret, &code, step, now), None, "replay refused");
        let previous = totp_code_at(&secret, now - 30).unwrap();
        assert!(accept_totp_code(&secret, &previous, 0, now).is_some());
        let old = totp_code_at(&secret, now - 120).unwrap();
        assert_eq!(accept_totp_code(&secret, &old, 0, now), None);
    }

    #[test]
    fn enrolment_qr_is_an_svg_of_an_otpauth_url() {
        let secret = generate_totp_secret();
        let (url, svg) = enrolment_qr_svg(&secret, "RSSMRA80A01F205X").unwrap();
        assert!(url.starts_with("otpauth://totp/Comune%20di%20Rho:RSSMRA80A01F205X?"), "{url}");
        assert!(svg.contains("<svg") && !svg.contains("<script"));
    }
}
