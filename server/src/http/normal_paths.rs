//! One form of every path, checked before anything else looks at it.
//!
//! The access rules compare path prefixes; a router or a page matcher that
//! resolves `.`/`..`, collapses `//` or decodes `%2e`/`%2f`/`%61` would see
//! another path than the check did (`/./operatore` once rendered the staff
//! shell). A path that is not already normal is refused with 400 rather
//! than normalised, so no two spellings of one page exist.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Why a path is not in its one normal form, if it is not.
pub fn path_problem(path: &str) -> Option<&'static str> {
    if !path.starts_with('/') {
        return Some("not absolute");
    }
    if path.contains('\\') {
        return Some("backslash");
    }
    let bytes = path.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let decoded = path.get(index + 1..index + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok());
            match decoded {
                None => return Some("broken percent-encoding"),
                // These never need encoding: an encoded one is a second spelling.
                Some(byte) if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') => return Some("needlessly encoded character"),
                Some(b'/' | b'\\') => return Some("encoded separator"),
                Some(_) => {}
            }
            index += 3;
        } else {
            index += 1;
        }
    }
    // The root is "/"; elsewhere every segment is non-empty and not a dot segment.
    if path != "/" {
        let segments: Vec<&str> = path[1..].split('/').collect();
        let last = segments.len() - 1;
        for (position, segment) in segments.iter().enumerate() {
            match *segment {
                "." | ".." => return Some("dot segment"),
                // A trailing slash is a distinct, harmless spelling the router refuses by itself.
                "" if position != last => return Some("empty segment"),
                _ => {}
            }
        }
    }
    None
}

pub async fn refuse_paths_not_in_normal_form(request: Request, next: Next) -> Response {
    if let Some(problem) = path_problem(request.uri().path()) {
        tracing::info!(problem, "request refused: path not in normal form");
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
            "Indirizzo non valido. / Invalid address.",
        )
            .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::path_problem;

    #[test]
    fn only_normal_paths_pass() {
        for normal in ["/", "/operatore", "/area-personale/", "/cerca", "/servizi/carta-d-identit%C3%A0", "/moduli/a/b.pdf", "/a%20b"] {
            assert_eq!(path_problem(normal), None, "{normal}");
        }
        for other in [
            "/./operatore",
            "/x/../amministrazione",
            "/area-personale/.",
            "/area-personale/..",
            "//area-personale",
            "/area-personale//x",
            "/%2e/operatore",
            "/%2E%2E/operatore",
            "/%61rea-personale",
            "/area-personale%2fx",
            "/area-personale%5Cx",
            "/a\\b",
            "/%zz",
            "/%2",
        ] {
            assert!(path_problem(other).is_some(), "{other}");
        }
    }
}
