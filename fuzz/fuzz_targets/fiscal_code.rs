//! `FiscalCode::parse` on arbitrary input: never panics, and whatever it
//! accepts is normalised (16 upper-case ASCII alphanumerics) and parses
//! again to the same value.
#![no_main]

use app::auth::fiscal_code::FiscalCode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(code) = FiscalCode::parse(text) {
        let normalised = code.as_str();
        assert_eq!(normalised.len(), 16);
        assert!(normalised.bytes().all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit()));
        assert_eq!(FiscalCode::parse(normalised), Ok(code.clone()));
        let _ = (code.is_female(), code.day_of_birth(), code.month_of_birth(), code.masked());
    }
});
