//! The assertion consumer's first steps on arbitrary posts: base64 decoding,
//! reading the XML as a SAML Response (samael's parser), the form rules and
//! the NameQualifier reader. Never panics; whatever is accepted names the
//! request it answers. Inputs are fed both raw (as if the browser posted
//! them) and base64-encoded (so the XML parser sees the fuzzed bytes).
#![no_main]

use base64::Engine;
use libfuzzer_sys::fuzz_target;
use server::auth::spid::responses::{name_id_name_qualifier, read_unverified_response};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = read_unverified_response(text);
        let _ = name_id_name_qualifier(text);
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    if let Ok(read) = read_unverified_response(&encoded) {
        assert!(!read.request_id.trim().is_empty());
        assert_eq!(read.response.version, "2.0");
        let _ = name_id_name_qualifier(&read.xml);
    }
});
