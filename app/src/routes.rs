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
pub const CERTIFICATES_PATH: &str = "/certificati";
/// The public check of a certificate (a GET with the code; a POST with the PDF).
pub const CERTIFICATE_VERIFICATION_PATH: &str = "/certificati/verifica";
pub const MY_CERTIFICATES_PATH: &str = "/area-personale/certificati";
pub const NEW_CERTIFICATE_PATH: &str = "/area-personale/certificati/nuovo/:kind";
pub const MY_CERTIFICATE_PATH: &str = "/area-personale/certificati/:id";
pub const CLERK_CERTIFICATES_PATH: &str = "/operatore/certificati";
pub const REPORTS_PATH: &str = "/segnalazioni";
pub const REPORT_PATH: &str = "/segnalazioni/:number";
pub const MY_REPORTS_PATH: &str = "/area-personale/segnalazioni";
pub const NEW_REPORT_PATH: &str = "/area-personale/segnalazioni/nuova";
pub const MY_REPORT_PATH: &str = "/area-personale/segnalazioni/:number";
pub const CLERK_REPORTS_PATH: &str = "/operatore/segnalazioni";
pub const CLERK_NEW_REPORT_PATH: &str = "/operatore/segnalazioni/nuova";
pub const CLERK_REPORT_PATH: &str = "/operatore/segnalazioni/:number";
/// The administrators' categories of reports (a GET shows, a POST saves one).
pub const REPORT_CATEGORIES_PATH: &str = "/amministrazione/segnalazioni";
/// The administrators' maintenance windows (a GET shows, a POST schedules or cancels one).
pub const MAINTENANCE_PATH: &str = "/amministrazione/manutenzione";
/// Anyone asks the Comune for information (a GET shows the form, a POST sends it).
pub const INFORMATION_REQUEST_PATH: &str = "/ascolto/richiesta-informazioni";
pub const MY_INFORMATION_REQUESTS_PATH: &str = "/area-personale/richieste-informazioni";
/// Booking an appointment: the office and the reason (`?servizio=` from a sheet, `?ufficio=`).
pub const BOOKING_PATH: &str = "/prenota-appuntamento";
/// The free days of a month (`?mese=`) and slots of a day (`?giorno=`); a POST holds one.
pub const BOOKING_DAY_PATH: &str = "/prenota-appuntamento/giorno";
/// A held slot's next steps (`dettagli`, `richiedente`, `riepilogo`), by its key.
pub const BOOKING_STEP_PATH: &str = "/prenota-appuntamento/:key/:step";
/// A booking, by the key its mail's link carries: see it, move it, cancel it.
pub const APPOINTMENT_PATH: &str = "/appuntamenti/:key";
/// The booking's calendar file (RFC 5545).
pub const APPOINTMENT_CALENDAR_FILE_PATH: &str = "/appuntamenti/:key/appuntamento.ics";
/// "I miei appuntamenti": a citizen's bookings.
pub const MY_APPOINTMENTS_PATH: &str = "/area-personale/appuntamenti";
/// One of them: see it, move it, cancel it (POST), as from the mail's link.
pub const MY_APPOINTMENT_PATH: &str = "/area-personale/appuntamenti/:id";
pub const MY_APPOINTMENT_CALENDAR_FILE_PATH: &str = "/area-personale/appuntamenti/:id/appuntamento.ics";
/// The counter's agenda of a day (`?giorno=`), and what it records (POST).
pub const CLERK_AGENDA_PATH: &str = "/operatore/appuntamenti";
/// The offices' calendars for appointments (administrators).
pub const APPOINTMENT_CALENDARS_PATH: &str = "/amministrazione/appuntamenti";
/// One office's calendar (GET the form, POST it).
pub const APPOINTMENT_CALENDAR_PATH: &str = "/amministrazione/appuntamenti/:office";
/// "I miei messaggi": every message the Comune sent the citizen.
pub const MY_MESSAGES_PATH: &str = "/area-personale/messaggi";
/// One message (opening it marks it read; POST marks it unread again).
pub const MY_MESSAGE_PATH: &str = "/area-personale/messaggi/:id";
/// The channels per kind of message and the language (GET the form, POST it).
pub const MESSAGE_PREFERENCES_PATH: &str = "/area-personale/preferenze-messaggi";
pub const CLERK_INFORMATION_REQUESTS_PATH: &str = "/operatore/richieste-informazioni";
/// A clerk registers a request received by email, phone, letter or at the desk.
pub const CLERK_NEW_INFORMATION_REQUEST_PATH: &str = "/operatore/richieste-informazioni/nuova";
/// One request for the office (a POST answers it).
pub const CLERK_INFORMATION_REQUEST_PATH: &str = "/operatore/richieste-informazioni/:number";
/// The charter's quality standards, measured live.
pub const STANDARDS_PATH: &str = "/carta-dei-servizi";
/// The same figures as open data (CC BY 4.0), at stable addresses.
pub const STANDARDS_CSV_PATH: &str = "/carta-dei-servizi/standard.csv";
pub const STANDARDS_JSON_PATH: &str = "/carta-dei-servizi/standard.json";
/// The counter log of CNS/CRS PINs handed over (a GET shows, a POST notes one).
pub const PIN_LOG_PATH: &str = "/operatore/pin";
/// Anyone makes a complaint or a suggestion (a GET shows the form, a POST sends it).
pub const COMPLAINT_PATH: &str = "/ascolto/reclami";
/// The citizen chooses a founded complaint's compensation (`?codice=`, the mailed link).
pub const COMPENSATION_CHOICE_PATH: &str = "/ascolto/indennizzo";
pub const CLERK_COMPLAINTS_PATH: &str = "/operatore/reclami";
/// A clerk registers one received by email, phone, letter or in person.
pub const CLERK_NEW_COMPLAINT_PATH: &str = "/operatore/reclami/nuovo";
/// One complaint for the office (a POST answers it, or notes the compensation's handover).
pub const CLERK_COMPLAINT_PATH: &str = "/operatore/reclami/:number";
/// The administrators' inventory of compensations (a GET shows, a POST adds or updates an item).
pub const COMPENSATION_INVENTORY_PATH: &str = "/amministrazione/indennizzi";
/// The satisfaction surveys: the open ones to answer, the closed ones' results.
pub const SURVEYS_PATH: &str = "/ascolto/questionari";
/// A survey's form (a POST answers it).
pub const SURVEY_PATH: &str = "/ascolto/questionari/:slug";
/// A survey's results, published once it is closed.
pub const SURVEY_RESULTS_PATH: &str = "/ascolto/questionari/:slug/risultati";
pub const SURVEY_RESULTS_CSV_PATH: &str = "/ascolto/questionari/:slug/risultati.csv";
/// The administrators' surveys (a POST opens or closes one).
pub const SURVEY_ADMINISTRATION_PATH: &str = "/amministrazione/questionari";
/// Development only (`SPORTELLO_TEST_CLOCK=1`): the server's clock, moved by a form.
pub const DEVELOPMENT_CLOCK_PATH: &str = "/sviluppo/orologio";

// The handler routes: forms, downloads and endpoints the server answers
// itself (some share their path with a page, which the GET shows). The
// server builds its router from these constants and its tests check that
// the routes are exactly `HANDLER_PATHS`; the pages post to the same ones.
pub const HEALTH_PATH: &str = "/health";
pub const METRICS_PATH: &str = "/metrics";
pub const SITEMAP_PATH: &str = "/sitemap.xml";
pub const LANGUAGE_PATH: &str = "/lingua";
pub const RATINGS_OPEN_DATA_PATH: &str = "/valutazioni.json";
pub const FORM_DOWNLOAD_PATH: &str = "/moduli/:sheet/:form";
pub const COUNTER_LOGIN_PATH: &str = "/accedi/credenziali";
pub const SECOND_FACTOR_PATH: &str = "/accedi/codice";
pub const STEP_UP_PATH: &str = "/accedi/livello-2";
pub const ACTIVATION_PATH: &str = "/attiva";
pub const PASSWORD_RESET_PATH: &str = "/accedi/password-dimenticata";
pub const NEW_PASSWORD_PATH: &str = "/accedi/nuova-password";
pub const EMAIL_CODE_PATH: &str = "/area-personale/email/codice";
pub const EMAIL_VERIFICATION_PATH: &str = "/area-personale/email";
pub const SMART_CARD_LOGIN_PATH: &str = "/accedi/cns";
pub const LOG_OUT_PATH: &str = "/esci";
pub const SPID_METADATA_PATH: &str = "/spid/metadata";
pub const SPID_LOGIN_PATH: &str = "/spid/accedi";
pub const SPID_ASSERTION_CONSUMER_PATH: &str = "/spid/acs";
pub const SPID_LOGOUT_PATH: &str = "/spid/esci";
pub const SPID_TEST_IDP_LOGOUT_PATH: &str = "/spid-test-idp/slo";
pub const SPID_TEST_IDP_START_LOGOUT_PATH: &str = "/spid-test-idp/esci";
pub const SPID_TEST_IDP_METADATA_PATH: &str = "/spid-test-idp/metadata";
pub const SPID_TEST_IDP_LOGIN_PATH: &str = "/spid-test-idp/sso";
pub const NEW_PRACTICE_PATH: &str = "/area-personale/pratiche/nuova/:slug";
pub const ATTACHMENT_PATH: &str = "/area-personale/allegati/:attachment";
pub const PRACTICE_RECEIPT_PATH: &str = "/area-personale/pratiche/:id/ricevuta.pdf";
pub const MY_PRACTICE_PATH: &str = "/area-personale/pratiche/:id";
pub const MY_PRACTICE_DOCUMENT_PATH: &str = "/area-personale/pratiche/:id/documenti/:document";
pub const CLERK_PRACTICE_PATH: &str = "/operatore/pratiche/:id";
pub const CLERK_PRACTICE_DOCUMENT_PATH: &str = "/operatore/pratiche/:id/documenti/:document";
pub const CLERK_FILED_ATTACHMENT_PATH: &str = "/operatore/pratiche/:id/allegati/:attachment";
pub const LOG_OUT_EVERYWHERE_PATH: &str = "/area-personale/esci-ovunque";
pub const PERSONAL_AREA_PATH: &str = "/area-personale";
pub const TOTP_ENROLMENT_START_PATH: &str = "/area-personale/sicurezza/avvia";
pub const SECURITY_PATH: &str = "/area-personale/sicurezza";
pub const DATA_EXPORT_PATH: &str = "/area-personale/esporta.json";
/// The same data as a page to read.
pub const DATA_EXPORT_PAGE_PATH: &str = "/area-personale/esporta";
pub const COUNTER_PATH: &str = "/operatore";
pub const REISSUE_ACTIVATION_CODE_PATH: &str = "/operatore/codice-attivazione";
pub const ACTIVATION_LETTER_PATH: &str = "/operatore/lettera-attivazione";
pub const ADMINISTRATION_PATH: &str = "/amministrazione";
pub const REVOKE_STAFF_PATH: &str = "/amministrazione/revoca";
pub const STAFF_TOTP_ENROLMENT_START_PATH: &str = "/amministrazione/app-autenticazione/avvia";
pub const STAFF_TOTP_ENROLMENT_PATH: &str = "/amministrazione/app-autenticazione";
pub const COUNTER_TOTP_RESET_PATH: &str = "/operatore/app-autenticazione/azzera";
/// pagoPA's node calls the portal here (SOAP).
pub const PA_FOR_NODE_PATH: &str = "/pagopa/paForNode";
pub const PAY_ONLINE_PATH: &str = "/area-personale/pagamenti/paga";
pub const CANCEL_NOTICE_PATH: &str = "/area-personale/pagamenti/annulla";
pub const NEW_SPONTANEOUS_PAYMENT_KIND_PATH: &str = "/area-personale/pagamenti/nuovo/:code";
pub const PAYMENT_NOTICE_PDF_PATH: &str = "/area-personale/pagamenti/:id/avviso.pdf";
pub const PAYMENT_RECEIPT_PDF_PATH: &str = "/area-personale/pagamenti/:id/ricevuta.pdf";
pub const SIMULATOR_CARTS_PATH: &str = "/simulatore-pagopa/checkout/ec/v1/carts";
pub const SIMULATOR_CART_PATH: &str = "/simulatore-pagopa/carrello/:id";
/// The App IO simulator's services API (development and tests only).
pub const APP_IO_SIMULATOR_PROFILES_PATH: &str = "/simulatore-io/api/v1/profiles";
pub const APP_IO_SIMULATOR_MESSAGES_PATH: &str = "/simulatore-io/api/v1/messages";
pub const CERTIFICATE_PDF_PATH: &str = "/area-personale/certificati/:id/certificato.pdf";
/// The seal's public key, for anyone to check a seal with their own tools.
pub const CERTIFICATE_PUBLIC_KEY_PATH: &str = "/certificati/chiave-pubblica.pem";
/// A report's photo: anyone once published, before that its author and office.
pub const REPORT_PHOTO_PATH: &str = "/segnalazioni/:number/foto/:photo";
/// A clerk publishes a report's photo, or withdraws it.
pub const CLERK_REPORT_PHOTO_PATH: &str = "/operatore/segnalazioni/:number/foto/:photo";
/// The Atom feed of the newest reports.
pub const REPORTS_FEED_PATH: &str = "/segnalazioni.atom";
/// Follow a report instead of filing the same problem again.
pub const REPORT_FOLLOW_PATH: &str = "/area-personale/segnalazioni/:number/segui";

/// Open311 GeoReport v2: `services.{json,xml}` and `requests.{json,xml}`
/// (GET, and POST to file one) ...
pub const OPEN311_COLLECTION_PATH: &str = "/open311/v2/:resource";
/// ... `services/{code}.{json,xml}`, a service's definition ...
pub const OPEN311_SERVICE_PATH: &str = "/open311/v2/services/:resource";
/// ... `requests/{id}.{json,xml}` ...
pub const OPEN311_REQUEST_PATH: &str = "/open311/v2/requests/:resource";
/// ... and `tokens/{token}.{json,xml}`.
pub const OPEN311_TOKEN_PATH: &str = "/open311/v2/tokens/:resource";
/// An administrator issues an Open311 key to a named application, or revokes one.
pub const OPEN311_CLIENTS_PATH: &str = "/amministrazione/segnalazioni/open311";

/// Every handler route's path (a path may take a GET and a POST).
pub const HANDLER_PATHS: &[&str] = &[
    HEALTH_PATH,
    METRICS_PATH,
    SITEMAP_PATH,
    LANGUAGE_PATH,
    RATINGS_OPEN_DATA_PATH,
    FORM_DOWNLOAD_PATH,
    COUNTER_LOGIN_PATH,
    SECOND_FACTOR_PATH,
    STEP_UP_PATH,
    ACTIVATION_PATH,
    PASSWORD_RESET_PATH,
    NEW_PASSWORD_PATH,
    EMAIL_CODE_PATH,
    EMAIL_VERIFICATION_PATH,
    SMART_CARD_LOGIN_PATH,
    LOG_OUT_PATH,
    SPID_METADATA_PATH,
    SPID_LOGIN_PATH,
    SPID_ASSERTION_CONSUMER_PATH,
    SPID_LOGOUT_PATH,
    SPID_TEST_IDP_LOGOUT_PATH,
    SPID_TEST_IDP_START_LOGOUT_PATH,
    SPID_TEST_IDP_METADATA_PATH,
    SPID_TEST_IDP_LOGIN_PATH,
    NEW_PRACTICE_PATH,
    DRAFT_STEP_PATH,
    ATTACHMENT_PATH,
    PRACTICE_RECEIPT_PATH,
    MY_PRACTICE_PATH,
    MY_PRACTICE_DOCUMENT_PATH,
    CLERK_PRACTICE_PATH,
    CLERK_PRACTICE_DOCUMENT_PATH,
    CLERK_FILED_ATTACHMENT_PATH,
    LOG_OUT_EVERYWHERE_PATH,
    PERSONAL_AREA_PATH,
    TOTP_ENROLMENT_START_PATH,
    SECURITY_PATH,
    DATA_EXPORT_PATH,
    COUNTER_PATH,
    REISSUE_ACTIVATION_CODE_PATH,
    ACTIVATION_LETTER_PATH,
    ADMINISTRATION_PATH,
    REVOKE_STAFF_PATH,
    STAFF_TOTP_ENROLMENT_START_PATH,
    STAFF_TOTP_ENROLMENT_PATH,
    COUNTER_TOTP_RESET_PATH,
    PA_FOR_NODE_PATH,
    PAY_ONLINE_PATH,
    CANCEL_NOTICE_PATH,
    NEW_SPONTANEOUS_PAYMENT_KIND_PATH,
    PAYMENT_NOTICE_PDF_PATH,
    PAYMENT_RECEIPT_PDF_PATH,
    SIMULATOR_CARTS_PATH,
    SIMULATOR_CART_PATH,
    APP_IO_SIMULATOR_PROFILES_PATH,
    APP_IO_SIMULATOR_MESSAGES_PATH,
    NEW_CERTIFICATE_PATH,
    CERTIFICATE_PDF_PATH,
    CERTIFICATE_VERIFICATION_PATH,
    CERTIFICATE_PUBLIC_KEY_PATH,
    CLERK_CERTIFICATES_PATH,
    NEW_REPORT_PATH,
    MY_REPORT_PATH,
    REPORT_FOLLOW_PATH,
    CLERK_NEW_REPORT_PATH,
    CLERK_REPORT_PATH,
    REPORT_CATEGORIES_PATH,
    REPORTS_FEED_PATH,
    REPORT_PHOTO_PATH,
    CLERK_REPORT_PHOTO_PATH,
    OPEN311_COLLECTION_PATH,
    OPEN311_SERVICE_PATH,
    OPEN311_REQUEST_PATH,
    OPEN311_TOKEN_PATH,
    OPEN311_CLIENTS_PATH,
    MAINTENANCE_PATH,
    DEVELOPMENT_CLOCK_PATH,
    INFORMATION_REQUEST_PATH,
    CLERK_NEW_INFORMATION_REQUEST_PATH,
    CLERK_INFORMATION_REQUEST_PATH,
    STANDARDS_CSV_PATH,
    STANDARDS_JSON_PATH,
    PIN_LOG_PATH,
    COMPLAINT_PATH,
    COMPENSATION_CHOICE_PATH,
    CLERK_NEW_COMPLAINT_PATH,
    CLERK_COMPLAINT_PATH,
    COMPENSATION_INVENTORY_PATH,
    SURVEY_PATH,
    SURVEY_RESULTS_CSV_PATH,
    SURVEY_ADMINISTRATION_PATH,
    MY_MESSAGE_PATH,
    MESSAGE_PREFERENCES_PATH,
    APPOINTMENT_CALENDAR_PATH,
    CLERK_AGENDA_PATH,
    BOOKING_DAY_PATH,
    BOOKING_STEP_PATH,
    APPOINTMENT_PATH,
    APPOINTMENT_CALENDAR_FILE_PATH,
    MY_APPOINTMENT_PATH,
    MY_APPOINTMENT_CALENDAR_FILE_PATH,
];

/// A path pattern with its variable segments filled in, in order.
pub fn path_with(pattern: &str, values: &[&str]) -> String {
    let mut values = values.iter();
    pattern
        .split('/')
        .map(|segment| if segment.starts_with(':') { values.next().map(|value| value.to_string()).unwrap_or_default() } else { segment.to_string() })
        .collect::<Vec<_>>()
        .join("/")
}

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
    plain(COUNTER_LOGIN_PATH),
    plain(SECOND_FACTOR_PATH),
    plain(STEP_UP_PATH),
    plain(ACTIVATION_PATH),
    plain(PASSWORD_RESET_PATH),
    plain(NEW_PASSWORD_PATH),
    plain("/pratiche"),
    plain("/pratiche/verifica"),
    plain("/pratiche/:slug"),
    plain(NEW_PRACTICE_PATH),
    plain("/area-personale/pratiche"),
    plain(PAYMENTS_PATH),
    plain(PAYMENT_LOOKUP_PATH),
    plain(MY_PAYMENTS_PATH),
    plain(NEW_SPONTANEOUS_PAYMENT_KIND_PATH),
    Page { path: PAYMENT_OUTCOME_PATH, islands: Islands::Always },
    plain(PRACTICE_ARCHIVE_PATH),
    plain(MY_PRACTICE_PATH),
    // The step pages carry the checks-in-the-browser island; "check your answers" has none.
    Page { path: DRAFT_STEP_PATH, islands: Islands::UnlessLastSegmentIs(crate::practices::wizard_pages::CHECK_ANSWERS_SEGMENT) },
    plain("/sviluppo/posta"),
    plain("/accedi/carta"),
    plain("/accedi/spid"),
    plain(PERSONAL_AREA_PATH),
    plain(SECURITY_PATH),
    plain(DATA_EXPORT_PAGE_PATH),
    plain(EMAIL_VERIFICATION_PATH),
    plain(COUNTER_PATH),
    plain(ADMINISTRATION_PATH),
    plain(STAFF_TOTP_ENROLMENT_PATH),
    plain("/operatore/cittadino"),
    plain(CLERK_INBOX_PATH),
    plain(CLERK_PRACTICE_PATH),
    plain(CERTIFICATES_PATH),
    plain(CERTIFICATE_VERIFICATION_PATH),
    plain(MY_CERTIFICATES_PATH),
    plain(NEW_CERTIFICATE_PATH),
    plain(MY_CERTIFICATE_PATH),
    plain(CLERK_CERTIFICATES_PATH),
    plain(REPORTS_PATH),
    plain(REPORT_PATH),
    plain(MY_REPORTS_PATH),
    plain(NEW_REPORT_PATH),
    plain(MY_REPORT_PATH),
    plain(CLERK_REPORTS_PATH),
    plain(CLERK_NEW_REPORT_PATH),
    plain(CLERK_REPORT_PATH),
    plain(REPORT_CATEGORIES_PATH),
    plain(MAINTENANCE_PATH),
    plain(DEVELOPMENT_CLOCK_PATH),
    plain(INFORMATION_REQUEST_PATH),
    plain(MY_INFORMATION_REQUESTS_PATH),
    plain(CLERK_INFORMATION_REQUESTS_PATH),
    plain(CLERK_NEW_INFORMATION_REQUEST_PATH),
    plain(CLERK_INFORMATION_REQUEST_PATH),
    plain(STANDARDS_PATH),
    plain(PIN_LOG_PATH),
    plain(COMPLAINT_PATH),
    plain(COMPENSATION_CHOICE_PATH),
    plain(CLERK_COMPLAINTS_PATH),
    plain(CLERK_NEW_COMPLAINT_PATH),
    plain(CLERK_COMPLAINT_PATH),
    plain(COMPENSATION_INVENTORY_PATH),
    plain(SURVEYS_PATH),
    plain(SURVEY_PATH),
    plain(SURVEY_RESULTS_PATH),
    plain(SURVEY_ADMINISTRATION_PATH),
    plain(MY_MESSAGES_PATH),
    plain(MY_MESSAGE_PATH),
    plain(MESSAGE_PREFERENCES_PATH),
    plain(APPOINTMENT_CALENDARS_PATH),
    plain(APPOINTMENT_CALENDAR_PATH),
    plain(CLERK_AGENDA_PATH),
    plain(BOOKING_PATH),
    plain(BOOKING_DAY_PATH),
    plain(BOOKING_STEP_PATH),
    plain(APPOINTMENT_PATH),
    plain(MY_APPOINTMENTS_PATH),
    plain(MY_APPOINTMENT_PATH),
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

/// The pages nothing personal changes: the server renders each once per
/// content version and language and hands every anonymous visitor that
/// rendering (its `http::page_cache`). A page here must hold no visitor's
/// token: one that does is still answered, never kept.
pub const ANONYMOUS_PAGES: &[&str] = &[
    HOME_PATH,
    "/servizi",
    "/servizi/:slug",
    "/argomenti",
    "/argomenti/:slug",
    SEARCH_PATH,
    "/valutazioni",
    "/info/:slug",
    "/offline",
    "/pratiche",
    "/pratiche/:slug",
];

/// The pattern of `ANONYMOUS_PAGES` this request path shows, if any (a
/// query makes it a search or a form's answer: not one of them).
pub fn anonymous_page(path_and_query: &str) -> Option<&'static str> {
    if path_and_query.contains('?') {
        return None;
    }
    page_of(path_and_query).map(|page| page.path).filter(|pattern| ANONYMOUS_PAGES.contains(pattern))
}

/// Posts that carry no CSRF token because the pages holding their forms are
/// the same for every visitor (`ANONYMOUS_PAGES`): the language switch, whose
/// only effect is the preference, and a guide page's rating. The server
/// accepts them from its own origin (`Origin`, else `Referer`) instead.
pub const TOKEN_FREE_POSTS: &[&str] = &[LANGUAGE_PATH, PAGE_FEEDBACK_PATH];

/// The rating form's server function (`guide::server_functions::SubmitPageFeedback`).
pub const PAGE_FEEDBACK_PATH: &str = "/api/guide/page-feedback";

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
    fn anonymous_pages_are_the_listed_ones_without_a_query() {
        assert_eq!(anonymous_page("/servizi/cambio-di-residenza"), Some("/servizi/:slug"));
        assert_eq!(anonymous_page("/"), Some(HOME_PATH));
        assert_eq!(anonymous_page("/pratiche/verifica"), None, "a literal page wins over /pratiche/:slug");
        assert_eq!(anonymous_page("/cerca?q=residenza"), None);
        assert_eq!(anonymous_page("/area-personale/pratiche"), None);
        assert_eq!(anonymous_page("/non-esiste/affatto"), None);
        for pattern in ANONYMOUS_PAGES {
            assert!(PAGES.iter().any(|page| page.path == *pattern), "{pattern} is a page");
        }
    }

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
        assert_eq!(page_of("/certificati/verifica").unwrap().path, CERTIFICATE_VERIFICATION_PATH);
        assert_eq!(page_of("/area-personale/certificati/nuovo/residenza").unwrap().path, NEW_CERTIFICATE_PATH);
        assert_eq!(page_of("/area-personale/segnalazioni/nuova").unwrap().path, NEW_REPORT_PATH);
        assert_eq!(page_of("/area-personale/segnalazioni/2026-000001").unwrap().path, MY_REPORT_PATH);
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
        let mut handlers = HANDLER_PATHS.to_vec();
        handlers.sort();
        handlers.dedup();
        assert_eq!(handlers.len(), HANDLER_PATHS.len());
    }

    #[test]
    fn a_pattern_takes_its_values_in_order() {
        assert_eq!(path_with(CLERK_PRACTICE_DOCUMENT_PATH, &["p1", "d2"]), "/operatore/pratiche/p1/documenti/d2");
        assert_eq!(path_with(PAY_ONLINE_PATH, &[]), PAY_ONLINE_PATH);
    }
}
