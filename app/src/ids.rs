//! The records' ids as types: a draft's id cannot be passed where a
//! practice's is expected, and an id from a URL is parsed once, at the
//! edge (a malformed one is simply not found). Every id is a UUID the
//! server generated: hyphenated (`0f8e…-…`) or, for carts, the 32-digit
//! simple form; lowercase either way.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a text is not an id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotAnId;

impl fmt::Display for NotAnId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("not an id")
    }
}

impl std::error::Error for NotAnId {}

/// A UUID as the server writes it: 36 characters with hyphens at 8, 13, 18
/// and 23, or 32 without; lowercase hexadecimal digits otherwise.
fn is_uuid_text(text: &str) -> bool {
    let digit = |byte: u8| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte);
    match text.len() {
        32 => text.bytes().all(digit),
        36 => text.bytes().enumerate().all(|(index, byte)| if matches!(index, 8 | 13 | 18 | 23) { byte == b'-' } else { digit(byte) }),
        _ => false,
    }
}

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(text: &str) -> Result<$name, NotAnId> {
                if is_uuid_text(text) {
                    Ok($name(text.to_string()))
                } else {
                    Err(NotAnId)
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = NotAnId;

            fn try_from(text: String) -> Result<$name, NotAnId> {
                $name::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&$name> for String {
            fn from(id: &$name) -> String {
                id.0.clone()
            }
        }

        // An id reads as the text the database stores and the URLs carry,
        // wherever text is taken; the type still keeps one kind of id
        // from standing in for another where the id's type is asked for.
        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self == &other.0
            }
        }
    };
}

id_type!(
    /// A person's account.
    AccountId
);
id_type!(
    /// A registry certificate made for a citizen.
    CertificateId
);
id_type!(
    /// A photo of a report.
    ReportPhotoId
);
id_type!(
    /// A practice being written (a draft), before it is filed.
    DraftId
);
id_type!(
    /// A filed practice.
    PracticeId
);
id_type!(
    /// A debt position (what a payment notice asks for).
    PositionId
);
id_type!(
    /// A cart sent to pagoPA Checkout.
    CartId
);
id_type!(
    /// A file attached to a draft.
    AttachmentId
);
id_type!(
    /// A document exchanged on a filed practice.
    DocumentId
);
id_type!(
    /// A message to a citizen in the message centre.
    MessageId
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_servers_uuids_are_ids() {
        assert_eq!(DraftId::parse("0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b").unwrap().as_str(), "0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
        assert!(CartId::parse("0f8e2c1a3b4d4e5f8a9b0c1d2e3f4a5b").is_ok());
    }

    #[test]
    fn anything_else_is_not() {
        for text in [
            "",
            "1",
            "../etc/passwd",
            "0F8E2C1A-3B4D-4E5F-8A9B-0C1D2E3F4A5B",
            "0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5",
            "0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5bb",
            "0f8e2c1a_3b4d_4e5f_8a9b_0c1d2e3f4a5b",
            "0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5g",
        ] {
            assert_eq!(PracticeId::parse(text), Err(NotAnId), "{text}");
        }
    }

    #[test]
    fn an_id_reads_back_from_json_only_when_valid() {
        let id = PositionId::parse("0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<PositionId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<PositionId>("\"x\"").is_err());
    }

    proptest! {
        #[test]
        fn every_uuid_parses_and_prints_back(bytes in any::<[u8; 16]>(), simple in any::<bool>()) {
            let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
            let text = if simple {
                hex
            } else {
                format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
            };
            prop_assert_eq!(AccountId::parse(&text).unwrap().to_string(), text);
        }

        #[test]
        fn no_text_of_another_length_parses(text in "[0-9a-f-]{0,31}|[0-9a-f-]{37,40}") {
            prop_assert!(DraftId::parse(&text).is_err());
        }
    }
}
