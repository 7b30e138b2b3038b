//! The portal's pages in one table: each page's path as the router writes it
//! (`:name` for a segment that varies) and whether it holds an island, and
//! so loads the WASM bundle. The shell asks this table which pages load the
//! script; the server's tests check that the router's pages are exactly
//! these, and the authorization suite renders every page and fails when a
//! page holding an island loads no script, or a page without one loads it.

/// Whether a page holds an island.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Islands {
    /// Plain HTML and CSS: no WASM is downloaded.
    None,
    Always,
    /// Every page of the pattern but the one whose last segment is this.
    UnlessLastSegmentIs(&'static str),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub path: &'static str,
    pub islands: Islands,
}

pub const HOME_PATH: &str = "/";
pub const SEARCH_PATH: &str = "/cerca";
pub const COMPONENT_EXAMPLES_PATH: &str = "/esempi/componenti";
pub const DRAFT_STEP_PATH: &str = "/area-personale/bozze/:draft/:step";
pub const PAYMENTS_PATH: &str = "/pagamenti";
pub const PAYMENT_LOOKUP_PATH: &str = "/pagamenti/verifica";
pub const MY_PAYMENTS_PATH: &str = "/area-personale/pagamenti";
pub const NEW_SPONTANEOUS_PAYMENT_PATH: &str = "/area-personale/pagamenti/nuovo";
/// The page pagoPA Checkout sends the payer back to.
pub const PAYMENT_OUTCOME_PATH: &str = "/area-personale/pagamenti/esito/:cart";
pub const PRACTICE_ARCHIVE_PATH: &str = "/area-personale/pratiche/archivio";
pub const CLERK_INBOX_PATH: &str = "/operatore/pratiche";

const fn plain(path: &'static str) -> Page {
    Page { path, islands: Islands::None }
}

/// Every Leptos page, in the router's order.
pub const PAGES: &[Page] = &[
    plain(HOME_PATH),
    plain("/servizi"),
    plain("/servizi/:slug"),
    plain("/argomenti"),
    plain("/argomenti/:slug"),
    Page { path: SEARCH_PATH, islands: Islands::Always },
    plain("/valutazioni"),
    plain("/info/:slug"),
    plain("/offline"),
    Page { path: COMPONENT_EXAMPLES_PATH, islands: Islands::Always },
    plain("/accedi"),
    plain("/accedi/credenziali"),
    plain("/accedi/codice"),
    plain("/accedi/livello-2"),
    plain("/attiva"),
    plain("/accedi/password-dimenticata"),
    plain("/accedi/nuova-password"),
    plain("/pratiche"),
    plain("/pratiche/verifica"),
    plain("/pratiche/:slug"),
    plain("/area-personale/pratiche/nuova/:slug"),
    plain("/area-personale/pratiche"),
    plain(PAYMENTS_PATH),
    plain(PAYMENT_LOOKUP_PATH),
    plain(MY_PAYMENTS_PATH),
    plain("/area-personale/pagamenti/nuovo/:code"),
    Page { path: PAYMENT_OUTCOME_PATH, islands: Islands::Always },
    plain(PRACTICE_ARCHIVE_PATH),
    plain("/area-personale/pratiche/:id"),
    // The step pages carry the checks-in-the-browser island; "check your answers" has none.
    Page { path: DRAFT_STEP_PATH, islands: Islands::UnlessLastSegmentIs(crate::practices::wizard_pages::CHECK_ANSWERS_SEGMENT) },
    plain("/sviluppo/posta"),
    plain("/accedi/carta"),
    plain("/accedi/spid"),
    plain("/area-personale"),
    plain("/area-personale/sicurezza"),
    plain("/area-personale/email"),
    plain("/operatore"),
    plain("/amministrazione"),
    plain("/amministrazione/app-autenticazione"),
    plain("/operatore/cittadino"),
    plain(CLERK_INBOX_PATH),
    plain("/operatore/pratiche/:id"),
];

/// The outcome page of one cart.
pub fn payment_outcome_path(cart_id: &str) -> String {
    PAYMENT_OUTCOME_PATH.replace(":cart", cart_id)
}

/// How many segments of `path` the pattern names literally, if it matches.
fn literal_segments(pattern: &str, path: &str) -> Option<usize> {
    let (mut patterns, mut segments) = (pattern.split('/').filter(|s| !s.is_empty()), path.split('/').filter(|s| !s.is_empty()));
    let mut literal = 0;
    loop {
        match (patterns.next(), segments.next()) {
            (None, None) => return Some(literal),
            (Some(expected), Some(_)) if expected.starts_with(':') => {}
            (Some(expected), Some(segment)) if expected == segment => literal += 1,
            _ => return None,
        }
    }
}

/// A request path without its query and fragment.
fn without_query(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or_default()
}

/// The page a request path shows (a literal segment wins over a variable
/// one, as in the router), if any.
pub fn page_of(path: &str) -> Option<&'static Page> {
    let path = without_query(path);
    PAGES.iter().filter_map(|page| literal_segments(page.path, path).map(|literal| (literal, page))).max_by_key(|(literal, _)| *literal).map(|(_, page)| page)
}

/// Whether the page at this request path holds an island, and so loads the
/// WASM bundle. Every other page is plain HTML and CSS.
pub fn page_has_islands(path: &str) -> bool {
    let path = without_query(path);
    let last_segment = path.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
    match page_of(path).map(|page| page.islands) {
        Some(Islands::Always) => true,
        Some(Islands::UnlessLastSegmentIs(segment)) => last_segment != segment,
        Some(Islands::None) | None => false,
    }
}

/// A page pattern in axum's spelling (`{name}`), as the server's route list writes it.
pub fn axum_path(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|segment| segment.strip_prefix(':').map(|name| format!("{{{name}}}")).unwrap_or_else(|| segment.to_string()))
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_with_islands_load_the_bundle() {
        assert!(page_has_islands("/cerca"));
        assert!(page_has_islands("/cerca?q=residenza"));
        assert!(page_has_islands("/area-personale/bozze/abc/richiedente"));
        assert!(!page_has_islands("/area-personale/bozze/abc/riepilogo"));
        assert!(page_has_islands("/area-personale/pagamenti/esito/0123abcd?esito=ok"), "the page Checkout returns to");
        assert!(!page_has_islands("/servizi/cambio-di-residenza"));
        assert!(!page_has_islands("/area-personale/pratiche/abc"));
        assert!(!page_has_islands("/non-esiste"));
    }

    #[test]
    fn a_literal_segment_wins_over_a_variable_one() {
        assert_eq!(page_of("/pratiche/verifica").unwrap().path, "/pratiche/verifica");
        assert_eq!(page_of("/pratiche/accesso-civico").unwrap().path, "/pratiche/:slug");
        assert_eq!(page_of("/area-personale/pratiche/archivio").unwrap().path, PRACTICE_ARCHIVE_PATH);
        assert_eq!(page_of("/").unwrap().path, HOME_PATH);
        assert_eq!(page_of("/servizi/a/b"), None);
    }

    #[test]
    fn each_path_is_listed_once_and_spelled_for_axum() {
        let mut paths: Vec<&str> = PAGES.iter().map(|page| page.path).collect();
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), PAGES.len());
        assert_eq!(axum_path(DRAFT_STEP_PATH), "/area-personale/bozze/{draft}/{step}");
        assert_eq!(axum_path(HOME_PATH), "/");
    }
}
