//! The survey form's one-time token: a day, a random nonce and their HMAC
//! for one survey, signed with a key only the servers know. The form
//! carries it; a response spends it (`store::record_response`), so a form
//! is answered once, and nothing of it is stored with the answers.

use crate::auth::tokens::{constant_time_equal, hex, random_token};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::{Date, Duration};

fn signature(key: &str, slug: &str, day: &str, nonce: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{slug}|{day}|{nonce}").as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// A fresh token for `slug`'s form, issued on `day`.
pub fn issue(key: &str, slug: &str, day: Date) -> String {
    let nonce = random_token();
    let day = day.to_string();
    let signature = signature(key, slug, &day, &nonce);
    format!("{day}.{nonce}.{signature}")
}

/// The token's nonce, if `key` signed it for `slug` today or yesterday (a
/// form left open over midnight still counts).
pub fn verify(key: &str, slug: &str, token: &str, today: Date) -> Option<String> {
    let mut parts = token.trim().split('.');
    let (Some(day), Some(nonce), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let issued = app::practices::validation::parse_date(day)?;
    let fresh = issued == today || issued == today - Duration::days(1);
    (fresh && nonce.len() == 64 && constant_time_equal(signature, &self::signature(key, slug, day, nonce))).then(|| nonce.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_token_opens_its_survey_today_and_tomorrow_only() {
        let today = date!(2027 - 05 - 10);
        let token = issue("chiave", "soddisfazione", today);
        assert!(verify("chiave", "soddisfazione", &token, today).is_some());
        assert!(verify("chiave", "soddisfazione", &token, date!(2027 - 05 - 11)).is_some());
        assert_eq!(verify("chiave", "soddisfazione", &token, date!(2027 - 05 - 12)), None, "two days later");
        assert_eq!(verify("chiave", "altro", &token, today), None, "another survey");
        assert_eq!(verify("altra-chiave", "soddisfazione", &token, today), None, "another key");
        let forged = token.replacen("2027-05-10", "2027-05-12", 1);
        assert_eq!(verify("chiave", "soddisfazione", &forged, date!(2027 - 05 - 12)), None, "the day is signed");
        assert_eq!(verify("chiave", "soddisfazione", "x.y.z", today), None);
        assert_ne!(issue("chiave", "soddisfazione", today), token, "every form has its own");
    }
}
