//! The authorization suite: every route of the route table
//! (`server::http::route_table`: handlers, pages, server functions) asked by
//! six kinds of visitor, each answer compared with the table below; then
//! every route again with its path spelled in five other ways, which must
//! all be refused before any check. A route added without a row here fails
//! `the_table_names_every_route`.

use crate::support::*;
use app::auth::fiscal_code::FiscalCode;
use app::auth::model::{AuthenticationMethod, Role};
use app::payments::amount::AmountInCents;
use app::payments::model::DebtKind;
use app::practices::answers::Answers;
use app::practices::calendar::DayCount;
use app::practices::procedure::TimeLimit;
use server::auth::accounts::{add_clerk_office, insert_account, NewAccount};
use server::auth::sessions::start_session;

/// What a visitor gets, as far as access goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Answer {
    /// 200 (a server function: with something in it).
    Shown,
    /// 200 from a server function with nothing in it (`null`): asked for
    /// someone else's record, or nothing to show.
    Nothing,
    /// The request reached its handler and was answered there (a form's 422,
    /// a redirect elsewhere, a 429): not an access decision.
    Handled,
    /// Sent to log in (`/accedi`), or a server function's refusal (non-2xx).
    Login,
    /// Sent to step up to level 2.
    StepUp,
    Forbidden,
    NotFound,
    /// A server function refused the call (an error, never data).
    Refused,
    /// A SOAP fault (the node's endpoint, reading an empty message).
    Fault,
}
use Answer::*;

/// The visitors, in the order of each row's answers.
const VISITORS: [&str; 6] = [
    "anonymous",
    "the owner at level 1",
    "the owner at level 2",
    "another citizen (level 2)",
    "a clerk of another office (level 2)",
    "an administrator (level 2)",
];

const ALL_OK: [Answer; 6] = [Shown; 6];
const ALL_HANDLED: [Answer; 6] = [Handled; 6];
/// Logged in at level 1 or more, nothing else asked.
const SIGNED_IN_PAGE: [Answer; 6] = [Login, Shown, Shown, Shown, Shown, Shown];
const SIGNED_IN_POST: [Answer; 6] = [Login, Handled, Handled, Handled, Handled, Handled];
/// The owner's own record, by id: anyone else is told it does not exist.
const OWNERS_PAGE: [Answer; 6] = [Login, Shown, Shown, NotFound, NotFound, NotFound];
const OWNERS_POST: [Answer; 6] = [Login, Handled, Handled, NotFound, NotFound, NotFound];
const STAFF_PAGE: [Answer; 6] = [Login, Forbidden, Forbidden, Forbidden, Shown, Shown];
const STAFF_POST: [Answer; 6] = [Login, Forbidden, Forbidden, Forbidden, Handled, Handled];
/// Another office's practice: staff of that office only.
const OTHER_OFFICE: [Answer; 6] = [Login, Forbidden, Forbidden, Forbidden, NotFound, NotFound];
const ADMINISTRATORS_POST: [Answer; 6] = [Login, Forbidden, Forbidden, Forbidden, Forbidden, Handled];
const PUBLIC_FUNCTION: [Answer; 6] = [Shown; 6];
const SIGNED_IN_FUNCTION: [Answer; 6] = [Refused, Shown, Shown, Shown, Shown, Shown];
const OWNERS_FUNCTION: [Answer; 6] = [Refused, Shown, Shown, Nothing, Nothing, Nothing];
const STAFF_FUNCTION: [Answer; 6] = [Refused, Refused, Refused, Refused, Shown, Shown];

/// (method, route as the route table names it, the request made, expected
/// answers). In the request, `{draft}`, `{practice}`, `{attachment}` and
/// `{position}` stand for the owner's records; a server function's body
/// follows a `|`.
const EXPECTED: &[(&str, &str, &str, [Answer; 6])] = &[
    // Operations and public data.
    ("GET", "/health", "/health", ALL_OK),
    ("GET", "/metrics", "/metrics", ALL_OK),
    ("GET", "/sitemap.xml", "/sitemap.xml", ALL_OK),
    ("POST", "/lingua", "/lingua", ALL_HANDLED),
    ("GET", "/valutazioni.json", "/valutazioni.json", ALL_OK),
    ("GET", "/moduli/{sheet}/{form}", "/moduli/cambio-di-residenza/dichiarazione-di-residenza.pdf", ALL_OK),
    // Pages of the guide, the catalogue and the public checks.
    ("GET", "/", "/", ALL_OK),
    ("GET", "/servizi", "/servizi", ALL_OK),
    ("GET", "/servizi/{slug}", "/servizi/cambio-di-residenza", ALL_OK),
    ("GET", "/argomenti", "/argomenti", ALL_OK),
    ("GET", "/argomenti/{slug}", "/argomenti/tributi", ALL_OK),
    ("GET", "/cerca", "/cerca?q=residenza", ALL_OK),
    ("GET", "/valutazioni", "/valutazioni", ALL_OK),
    ("GET", "/info/{slug}", "/info/privacy", ALL_OK),
    ("GET", "/offline", "/offline", ALL_OK),
    ("GET", "/esempi/componenti", "/esempi/componenti", ALL_OK),
    ("GET", "/pratiche", "/pratiche", ALL_OK),
    ("GET", "/pratiche/verifica", "/pratiche/verifica", ALL_OK),
    ("GET", "/pratiche/{slug}", "/pratiche/accesso-civico-generalizzato", ALL_OK),
    ("GET", "/pagamenti", "/pagamenti", ALL_OK),
    ("GET", "/pagamenti/verifica", "/pagamenti/verifica", ALL_OK),
    // Development pages: off in this server, so nobody finds them.
    ("GET", "/sviluppo/posta", "/sviluppo/posta", [NotFound; 6]),
    // Only with SPORTELLO_TEST_CLOCK=1, which the tests' servers do not set.
    ("GET", "/sviluppo/orologio", "/sviluppo/orologio", [NotFound; 6]),
    ("POST", "/sviluppo/orologio", "/sviluppo/orologio", [NotFound; 6]),
    ("POST", "/simulatore-pagopa/checkout/ec/v1/carts", "/simulatore-pagopa/checkout/ec/v1/carts", [NotFound; 6]),
    ("GET", "/simulatore-pagopa/carrello/{id}", "/simulatore-pagopa/carrello/prova", [NotFound; 6]),
    ("POST", "/simulatore-pagopa/carrello/{id}", "/simulatore-pagopa/carrello/prova", [NotFound; 6]),
    ("POST", "/simulatore-io/api/v1/profiles", "/simulatore-io/api/v1/profiles", [NotFound; 6]),
    ("POST", "/simulatore-io/api/v1/messages", "/simulatore-io/api/v1/messages", [NotFound; 6]),
    // Logging in.
    ("GET", "/accedi", "/accedi", ALL_OK),
    ("GET", "/accedi/credenziali", "/accedi/credenziali", ALL_OK),
    ("POST", "/accedi/credenziali", "/accedi/credenziali", ALL_HANDLED),
    ("GET", "/accedi/codice", "/accedi/codice", ALL_OK),
    ("POST", "/accedi/codice", "/accedi/codice", ALL_HANDLED),
    ("GET", "/accedi/livello-2", "/accedi/livello-2", ALL_OK),
    ("POST", "/accedi/livello-2", "/accedi/livello-2", SIGNED_IN_POST),
    ("GET", "/attiva", "/attiva", ALL_OK),
    ("POST", "/attiva", "/attiva", ALL_HANDLED),
    ("GET", "/accedi/password-dimenticata", "/accedi/password-dimenticata", ALL_OK),
    ("POST", "/accedi/password-dimenticata", "/accedi/password-dimenticata", ALL_HANDLED),
    ("GET", "/accedi/nuova-password", "/accedi/nuova-password", ALL_OK),
    ("POST", "/accedi/nuova-password", "/accedi/nuova-password", ALL_HANDLED),
    ("GET", "/accedi/carta", "/accedi/carta", ALL_OK),
    // Smart card not configured here: the card page says so, with 403.
    ("GET", "/accedi/cns", "/accedi/cns", [Forbidden; 6]),
    // The SPID failure page is a refusal page: always 403.
    ("GET", "/accedi/spid", "/accedi/spid", [Forbidden; 6]),
    ("POST", "/esci", "/esci", ALL_HANDLED),
    // SPID (the test identity provider is on in this server).
    ("GET", "/spid/metadata", "/spid/metadata", ALL_OK),
    ("GET", "/spid/accedi", "/spid/accedi?idp=prova", ALL_HANDLED),
    ("POST", "/spid/acs", "/spid/acs", ALL_HANDLED),
    ("GET", "/spid/esci", "/spid/esci", ALL_HANDLED),
    ("GET", "/spid-test-idp/metadata", "/spid-test-idp/metadata", ALL_OK),
    // The test provider's pages explain a missing or unsigned request.
    ("GET", "/spid-test-idp/sso", "/spid-test-idp/sso", ALL_OK),
    ("POST", "/spid-test-idp/sso", "/spid-test-idp/sso", ALL_OK),
    ("GET", "/spid-test-idp/slo", "/spid-test-idp/slo", ALL_OK),
    ("GET", "/spid-test-idp/esci", "/spid-test-idp/esci", ALL_HANDLED),
    // The personal area.
    ("GET", "/area-personale", "/area-personale", SIGNED_IN_PAGE),
    ("POST", "/area-personale", "/area-personale", SIGNED_IN_POST),
    ("GET", "/area-personale/sicurezza", "/area-personale/sicurezza", SIGNED_IN_PAGE),
    // Staff never enrol their own app; citizens with counter credentials do.
    ("POST", "/area-personale/sicurezza/avvia", "/area-personale/sicurezza/avvia", [Login, Handled, Handled, Handled, Forbidden, Forbidden]),
    ("POST", "/area-personale/sicurezza", "/area-personale/sicurezza", [Login, Handled, Handled, Handled, Forbidden, Forbidden]),
    ("GET", "/area-personale/email", "/area-personale/email", SIGNED_IN_PAGE),
    ("POST", "/area-personale/email", "/area-personale/email", SIGNED_IN_POST),
    ("POST", "/area-personale/email/codice", "/area-personale/email/codice", SIGNED_IN_POST),
    ("POST", "/area-personale/esci-ovunque", "/area-personale/esci-ovunque", SIGNED_IN_POST),
    ("GET", "/area-personale/esporta.json", "/area-personale/esporta.json", [Login, StepUp, Shown, Shown, Shown, Shown]),
    ("GET", "/area-personale/esporta", "/area-personale/esporta", [Login, StepUp, Shown, Shown, Shown, Shown]),
    // Practices.
    ("GET", "/area-personale/pratiche", "/area-personale/pratiche", SIGNED_IN_PAGE),
    ("GET", "/area-personale/pratiche/archivio", "/area-personale/pratiche/archivio", SIGNED_IN_PAGE),
    ("GET", "/area-personale/pratiche/nuova/{slug}", "/area-personale/pratiche/nuova/accesso-civico-generalizzato", SIGNED_IN_PAGE),
    ("POST", "/area-personale/pratiche/nuova/{slug}", "/area-personale/pratiche/nuova/accesso-civico-generalizzato", SIGNED_IN_POST),
    ("GET", "/area-personale/bozze/{draft}/{step}", "/area-personale/bozze/{draft}/richiedente", OWNERS_PAGE),
    ("POST", "/area-personale/bozze/{draft}/{step}", "/area-personale/bozze/{draft}/richiedente", OWNERS_POST),
    ("GET", "/area-personale/allegati/{attachment}", "/area-personale/allegati/{attachment}", OWNERS_PAGE),
    ("GET", "/area-personale/pratiche/{id}", "/area-personale/pratiche/{practice}", OWNERS_PAGE),
    ("POST", "/area-personale/pratiche/{id}", "/area-personale/pratiche/{practice}", OWNERS_POST),
    ("GET", "/area-personale/pratiche/{id}/ricevuta.pdf", "/area-personale/pratiche/{practice}/ricevuta.pdf", OWNERS_PAGE),
    // No document was added to the practice: nobody finds one.
    (
        "GET",
        "/area-personale/pratiche/{id}/documenti/{document}",
        "/area-personale/pratiche/{practice}/documenti/{practice}",
        [Login, NotFound, NotFound, NotFound, NotFound, NotFound],
    ),
    // Payments.
    ("GET", "/area-personale/pagamenti", "/area-personale/pagamenti", SIGNED_IN_PAGE),
    ("POST", "/area-personale/pagamenti/paga", "/area-personale/pagamenti/paga", SIGNED_IN_POST),
    ("POST", "/area-personale/pagamenti/annulla", "/area-personale/pagamenti/annulla|avviso={position}", OWNERS_POST),
    ("GET", "/area-personale/pagamenti/nuovo/{code}", "/area-personale/pagamenti/nuovo/diritti-segreteria", SIGNED_IN_PAGE),
    ("POST", "/area-personale/pagamenti/nuovo/{code}", "/area-personale/pagamenti/nuovo/diritti-segreteria", SIGNED_IN_POST),
    // Anyone signed in sees the page; only the cart's payer sees its notices (and its island).
    ("GET", "/area-personale/pagamenti/esito/{cart}", "/area-personale/pagamenti/esito/{cart}?esito=ok", SIGNED_IN_PAGE),
    ("GET", "/area-personale/pagamenti/{id}/avviso.pdf", "/area-personale/pagamenti/{position}/avviso.pdf", OWNERS_PAGE),
    // Not paid: no receipt exists for anyone.
    (
        "GET",
        "/area-personale/pagamenti/{id}/ricevuta.pdf",
        "/area-personale/pagamenti/{position}/ricevuta.pdf",
        [Login, NotFound, NotFound, NotFound, NotFound, NotFound],
    ),
    ("POST", "/pagopa/paForNode", "/pagopa/paForNode", [Fault; 6]),
    // Certificates: the catalogue and the public check for anyone.
    ("GET", "/certificati", "/certificati", ALL_OK),
    ("GET", "/certificati/verifica", "/certificati/verifica", ALL_OK),
    // A check without its file: the form again (422).
    ("POST", "/certificati/verifica", "/certificati/verifica", ALL_HANDLED),
    ("GET", "/certificati/chiave-pubblica.pem", "/certificati/chiave-pubblica.pem", ALL_OK),
    ("GET", "/area-personale/certificati", "/area-personale/certificati", SIGNED_IN_PAGE),
    ("GET", "/area-personale/certificati/nuovo/{kind}", "/area-personale/certificati/nuovo/residenza", SIGNED_IN_PAGE),
    ("POST", "/area-personale/certificati/nuovo/{kind}", "/area-personale/certificati/nuovo/residenza", SIGNED_IN_POST),
    ("GET", "/area-personale/certificati/{id}", "/area-personale/certificati/{certificate}", OWNERS_PAGE),
    ("GET", "/area-personale/certificati/{id}/certificato.pdf", "/area-personale/certificati/{certificate}/certificato.pdf", OWNERS_PAGE),
    ("GET", "/operatore/certificati", "/operatore/certificati", STAFF_PAGE),
    // Only the registry's offices revoke: the clerk here works the taxes.
    ("POST", "/operatore/certificati", "/operatore/certificati", [Login, Forbidden, Forbidden, Forbidden, NotFound, NotFound]),
    // Reports: the list and each report for anyone; following and reopening signed in.
    ("GET", "/segnalazioni", "/segnalazioni", ALL_OK),
    ("GET", "/segnalazioni/{number}", "/segnalazioni/{report}", ALL_OK),
    ("GET", "/segnalazioni.atom", "/segnalazioni.atom", ALL_OK),
    // Open311: public reads; filing needs an application's key, not a session.
    ("GET", "/open311/v2/{resource}", "/open311/v2/services.json", ALL_OK),
    ("POST", "/open311/v2/{resource}", "/open311/v2/requests.json", [Forbidden; 6]),
    ("GET", "/open311/v2/services/{resource}", "/open311/v2/services/strade.xml", ALL_OK),
    ("GET", "/open311/v2/requests/{resource}", "/open311/v2/requests/{report}.json", ALL_OK),
    ("GET", "/open311/v2/tokens/{resource}", "/open311/v2/tokens/nessuno.json", [NotFound; 6]),
    ("POST", "/amministrazione/segnalazioni/open311", "/amministrazione/segnalazioni/open311", ADMINISTRATORS_POST),
    // A photo not yet published: its author and the report's office only.
    ("GET", "/segnalazioni/{number}/foto/{photo}", "/segnalazioni/{report}/foto/{photo}", [NotFound, Shown, Shown, NotFound, NotFound, NotFound]),
    ("POST", "/operatore/segnalazioni/{number}/foto/{photo}", "/operatore/segnalazioni/{report}/foto/{photo}|pubblica=si", OTHER_OFFICE),
    ("GET", "/area-personale/segnalazioni", "/area-personale/segnalazioni", SIGNED_IN_PAGE),
    ("GET", "/area-personale/segnalazioni/nuova", "/area-personale/segnalazioni/nuova", SIGNED_IN_PAGE),
    ("POST", "/area-personale/segnalazioni/nuova", "/area-personale/segnalazioni/nuova", SIGNED_IN_POST),
    ("GET", "/area-personale/segnalazioni/{number}", "/area-personale/segnalazioni/{report}", OWNERS_PAGE),
    // Reopening a report not yet resolved: refused (409) to its author only.
    ("POST", "/area-personale/segnalazioni/{number}", "/area-personale/segnalazioni/{report}|azione=riapri&nota=prova", OWNERS_POST),
    ("POST", "/area-personale/segnalazioni/{number}/segui", "/area-personale/segnalazioni/{report}/segui", SIGNED_IN_POST),
    ("GET", "/operatore/segnalazioni", "/operatore/segnalazioni", STAFF_PAGE),
    ("GET", "/operatore/segnalazioni/nuova", "/operatore/segnalazioni/nuova", STAFF_PAGE),
    ("POST", "/operatore/segnalazioni/nuova", "/operatore/segnalazioni/nuova", STAFF_POST),
    // The report is the public works' office's: the clerk here works the taxes.
    ("GET", "/operatore/segnalazioni/{number}", "/operatore/segnalazioni/{report}", OTHER_OFFICE),
    ("POST", "/operatore/segnalazioni/{number}", "/operatore/segnalazioni/{report}|azione=prendi-in-carico", OTHER_OFFICE),
    // The staff area.
    ("GET", "/operatore", "/operatore", STAFF_PAGE),
    ("POST", "/operatore", "/operatore", STAFF_POST),
    ("GET", "/operatore/cittadino", "/operatore/cittadino", STAFF_PAGE),
    ("POST", "/operatore/codice-attivazione", "/operatore/codice-attivazione", STAFF_POST),
    ("POST", "/operatore/lettera-attivazione", "/operatore/lettera-attivazione", STAFF_POST),
    ("POST", "/operatore/app-autenticazione/azzera", "/operatore/app-autenticazione/azzera", STAFF_POST),
    ("GET", "/operatore/pratiche", "/operatore/pratiche", STAFF_PAGE),
    ("GET", "/operatore/pratiche/{id}", "/operatore/pratiche/{practice}", OTHER_OFFICE),
    ("POST", "/operatore/pratiche/{id}", "/operatore/pratiche/{practice}", OTHER_OFFICE),
    ("GET", "/operatore/pratiche/{id}/documenti/{document}", "/operatore/pratiche/{practice}/documenti/{practice}", OTHER_OFFICE),
    ("GET", "/operatore/pratiche/{id}/allegati/{attachment}", "/operatore/pratiche/{practice}/allegati/{attachment}", OTHER_OFFICE),
    ("GET", "/amministrazione", "/amministrazione", [Login, Forbidden, Forbidden, Forbidden, Forbidden, Shown]),
    ("POST", "/amministrazione", "/amministrazione", ADMINISTRATORS_POST),
    ("POST", "/amministrazione/revoca", "/amministrazione/revoca", ADMINISTRATORS_POST),
    ("POST", "/amministrazione/app-autenticazione/avvia", "/amministrazione/app-autenticazione/avvia", ADMINISTRATORS_POST),
    ("GET", "/amministrazione/app-autenticazione", "/amministrazione/app-autenticazione", [Login, Forbidden, Forbidden, Forbidden, Forbidden, Shown]),
    ("POST", "/amministrazione/app-autenticazione", "/amministrazione/app-autenticazione", ADMINISTRATORS_POST),
    ("GET", "/amministrazione/segnalazioni", "/amministrazione/segnalazioni", [Login, Forbidden, Forbidden, Forbidden, Forbidden, Shown]),
    ("POST", "/amministrazione/segnalazioni", "/amministrazione/segnalazioni", ADMINISTRATORS_POST),
    ("GET", "/ascolto/richiesta-informazioni", "/ascolto/richiesta-informazioni", ALL_OK),
    ("POST", "/ascolto/richiesta-informazioni", "/ascolto/richiesta-informazioni", ALL_HANDLED),
    ("GET", "/area-personale/richieste-informazioni", "/area-personale/richieste-informazioni", SIGNED_IN_PAGE),
    ("GET", "/area-personale/messaggi", "/area-personale/messaggi", SIGNED_IN_PAGE),
    ("GET", "/area-personale/messaggi/{id}", "/area-personale/messaggi/{message}", OWNERS_PAGE),
    ("POST", "/area-personale/messaggi/{id}", "/area-personale/messaggi/{message}|azione=da-leggere", OWNERS_POST),
    ("GET", "/area-personale/preferenze-messaggi", "/area-personale/preferenze-messaggi", SIGNED_IN_PAGE),
    ("POST", "/area-personale/preferenze-messaggi", "/area-personale/preferenze-messaggi", SIGNED_IN_POST),
    ("POST", "/api/messages/mine", "/api/messages/mine|", SIGNED_IN_FUNCTION),
    ("POST", "/api/messages/open", "/api/messages/open|id={message}", OWNERS_FUNCTION),
    ("POST", "/api/messages/preferences", "/api/messages/preferences|", SIGNED_IN_FUNCTION),
    ("GET", "/amministrazione/appuntamenti", "/amministrazione/appuntamenti", [Login, Forbidden, Forbidden, Forbidden, Forbidden, Shown]),
    ("GET", "/amministrazione/appuntamenti/{office}", "/amministrazione/appuntamenti/anagrafe", [Login, Forbidden, Forbidden, Forbidden, Forbidden, Shown]),
    ("POST", "/amministrazione/appuntamenti/{office}", "/amministrazione/appuntamenti/anagrafe", ADMINISTRATORS_POST),
    ("POST", "/api/appointments/calendars", "/api/appointments/calendars|", [Refused, Refused, Refused, Refused, Refused, Shown]),
    ("GET", "/operatore/appuntamenti", "/operatore/appuntamenti", STAFF_PAGE),
    (
        "POST",
        "/operatore/appuntamenti",
        "/operatore/appuntamenti|appuntamento=nessuno&azione=arrivato",
        [Login, Forbidden, Forbidden, Forbidden, NotFound, NotFound],
    ),
    ("POST", "/api/appointments/agenda", "/api/appointments/agenda|", STAFF_FUNCTION),
    ("POST", "/api/appointments/calendar", "/api/appointments/calendar|office=anagrafe", [Refused, Refused, Refused, Refused, Refused, Shown]),
    // Booking: anyone, signed in or not; a booking's pages only with its key.
    ("GET", "/prenota-appuntamento", "/prenota-appuntamento?servizio=carta-identita-elettronica", ALL_OK),
    ("GET", "/prenota-appuntamento/giorno", "/prenota-appuntamento/giorno?ufficio=anagrafe&servizio=altro", ALL_OK),
    ("POST", "/prenota-appuntamento/giorno", "/prenota-appuntamento/giorno|ufficio=anagrafe&servizio=altro&giorno=2020-01-01&orario=09:00", ALL_HANDLED),
    ("GET", "/prenota-appuntamento/{key}/{step}", "/prenota-appuntamento/{booking}/dettagli", ALL_OK),
    ("POST", "/prenota-appuntamento/{key}/{step}", "/prenota-appuntamento/{booking}/dettagli|dettagli=", ALL_HANDLED),
    ("GET", "/appuntamenti/{key}", "/appuntamenti/{booking}", ALL_OK),
    ("POST", "/appuntamenti/{key}", "/appuntamenti/{booking}|azione=sposta&giorno=2020-01-01&orario=09:00", ALL_HANDLED),
    ("GET", "/appuntamenti/{key}/appuntamento.ics", "/appuntamenti/{booking}/appuntamento.ics", [NotFound; 6]),
    ("POST", "/api/appointments/booking-start", "/api/appointments/booking-start|", PUBLIC_FUNCTION),
    ("POST", "/api/appointments/booking-day", "/api/appointments/booking-day|office=anagrafe&service=altro", PUBLIC_FUNCTION),
    ("POST", "/api/appointments/booking", "/api/appointments/booking|key={booking}&moving=false", PUBLIC_FUNCTION),
    (
        "POST",
        "/api/appointments/booking",
        "/api/appointments/booking|key=0000000000000000000000000000000000000000000000000000000000000000&moving=false",
        [Nothing; 6],
    ),
    ("GET", "/area-personale/appuntamenti", "/area-personale/appuntamenti", SIGNED_IN_PAGE),
    ("GET", "/area-personale/appuntamenti/{id}", "/area-personale/appuntamenti/{appointment}", OWNERS_PAGE),
    ("POST", "/area-personale/appuntamenti/{id}", "/area-personale/appuntamenti/{appointment}|azione=sposta&giorno=2020-01-01&orario=09:00", OWNERS_POST),
    ("GET", "/area-personale/appuntamenti/{id}/appuntamento.ics", "/area-personale/appuntamenti/{appointment}/appuntamento.ics", OWNERS_PAGE),
    ("POST", "/api/appointments/mine", "/api/appointments/mine|", SIGNED_IN_FUNCTION),
    ("POST", "/api/appointments/my-booking", "/api/appointments/my-booking|id={appointment}&moving=false", OWNERS_FUNCTION),
    ("GET", "/operatore/richieste-informazioni", "/operatore/richieste-informazioni", STAFF_PAGE),
    ("GET", "/operatore/richieste-informazioni/nuova", "/operatore/richieste-informazioni/nuova", STAFF_PAGE),
    ("POST", "/operatore/richieste-informazioni/nuova", "/operatore/richieste-informazioni/nuova", STAFF_POST),
    (
        "GET",
        "/operatore/richieste-informazioni/{number}",
        "/operatore/richieste-informazioni/2026-000001",
        [Login, Forbidden, Forbidden, Forbidden, NotFound, NotFound],
    ),
    (
        "POST",
        "/operatore/richieste-informazioni/{number}",
        "/operatore/richieste-informazioni/2026-000001",
        [Login, Forbidden, Forbidden, Forbidden, NotFound, NotFound],
    ),
    ("POST", "/api/listening/topics", "/api/listening/topics|", PUBLIC_FUNCTION),
    ("POST", "/api/listening/mine", "/api/listening/mine|", SIGNED_IN_FUNCTION),
    ("POST", "/api/listening/office", "/api/listening/office|", STAFF_FUNCTION),
    ("POST", "/api/listening/office-one", "/api/listening/office-one|number=2026-000001", [Refused, Refused, Refused, Refused, Nothing, Nothing]),
    ("GET", "/carta-dei-servizi", "/carta-dei-servizi", ALL_OK),
    ("GET", "/carta-dei-servizi/standard.csv", "/carta-dei-servizi/standard.csv", ALL_OK),
    ("GET", "/carta-dei-servizi/standard.json", "/carta-dei-servizi/standard.json", ALL_OK),
    ("GET", "/operatore/pin", "/operatore/pin", STAFF_PAGE),
    ("POST", "/operatore/pin", "/operatore/pin", STAFF_POST),
    ("POST", "/api/standards/report", "/api/standards/report|", PUBLIC_FUNCTION),
    ("POST", "/api/standards/pin-log", "/api/standards/pin-log|", STAFF_FUNCTION),
    ("GET", "/ascolto/reclami", "/ascolto/reclami", ALL_OK),
    ("POST", "/ascolto/reclami", "/ascolto/reclami", ALL_HANDLED),
    ("GET", "/ascolto/indennizzo", "/ascolto/indennizzo?chiave=00", ALL_OK),
    ("POST", "/ascolto/indennizzo", "/ascolto/indennizzo", ALL_HANDLED),
    ("GET", "/operatore/reclami", "/operatore/reclami", STAFF_PAGE),
    ("GET", "/operatore/reclami/nuovo", "/operatore/reclami/nuovo", STAFF_PAGE),
    ("POST", "/operatore/reclami/nuovo", "/operatore/reclami/nuovo", STAFF_POST),
    ("GET", "/operatore/reclami/{number}", "/operatore/reclami/2026-000001", [Login, Forbidden, Forbidden, Forbidden, NotFound, NotFound]),
    ("POST", "/operatore/reclami/{number}", "/operatore/reclami/2026-000001", [Login, Forbidden, Forbidden, Forbidden, NotFound, NotFound]),
    ("GET", "/amministrazione/indennizzi", "/amministrazione/indennizzi", [Login, Forbidden, Forbidden, Forbidden, Forbidden, Shown]),
    ("POST", "/amministrazione/indennizzi", "/amministrazione/indennizzi", ADMINISTRATORS_POST),
    ("POST", "/api/complaints/office", "/api/complaints/office|", STAFF_FUNCTION),
    ("POST", "/api/complaints/office-one", "/api/complaints/office-one|number=2026-000001", [Refused, Refused, Refused, Refused, Nothing, Nothing]),
    ("POST", "/api/complaints/inventory", "/api/complaints/inventory|", [Refused, Refused, Refused, Refused, Refused, Shown]),
    ("POST", "/api/complaints/choice", "/api/complaints/choice|code=00", [Nothing; 6]),
    ("GET", "/ascolto/questionari", "/ascolto/questionari", ALL_OK),
    // The content's survey is a draft here: nobody's to answer; its results are an administrator's only.
    ("GET", "/ascolto/questionari/{slug}", "/ascolto/questionari/soddisfazione-sportello-telematico", [NotFound; 6]),
    ("POST", "/ascolto/questionari/{slug}", "/ascolto/questionari/soddisfazione-sportello-telematico", [NotFound; 6]),
    (
        "GET",
        "/ascolto/questionari/{slug}/risultati",
        "/ascolto/questionari/soddisfazione-sportello-telematico/risultati",
        [NotFound, NotFound, NotFound, NotFound, NotFound, Shown],
    ),
    (
        "GET",
        "/ascolto/questionari/{slug}/risultati.csv",
        "/ascolto/questionari/soddisfazione-sportello-telematico/risultati.csv",
        [NotFound, NotFound, NotFound, NotFound, NotFound, Shown],
    ),
    ("GET", "/amministrazione/questionari", "/amministrazione/questionari", [Login, Forbidden, Forbidden, Forbidden, Forbidden, Shown]),
    ("POST", "/amministrazione/questionari", "/amministrazione/questionari", ADMINISTRATORS_POST),
    ("POST", "/api/surveys/list", "/api/surveys/list|", PUBLIC_FUNCTION),
    ("POST", "/api/surveys/administration", "/api/surveys/administration|", [Refused, Refused, Refused, Refused, Refused, Shown]),
    ("POST", "/api/surveys/one", "/api/surveys/one|slug=soddisfazione-sportello-telematico", [Nothing; 6]),
    ("POST", "/api/surveys/results", "/api/surveys/results|slug=soddisfazione-sportello-telematico", [Nothing, Nothing, Nothing, Nothing, Nothing, Shown]),
    ("GET", "/amministrazione/manutenzione", "/amministrazione/manutenzione", [Login, Forbidden, Forbidden, Forbidden, Forbidden, Shown]),
    ("POST", "/amministrazione/manutenzione", "/amministrazione/manutenzione", ADMINISTRATORS_POST),
    ("POST", "/api/maintenance/administration", "/api/maintenance/administration|", [Refused, Refused, Refused, Refused, Refused, Shown]),
    // Server functions (the pages call them directly; islands over HTTP).
    ("POST", "/api/auth/my-profile", "/api/auth/my-profile|", SIGNED_IN_FUNCTION),
    ("POST", "/api/auth/my-data", "/api/auth/my-data|locale=Italian", [Refused, Refused, Shown, Shown, Shown, Shown]),
    ("POST", "/api/auth/totp-enrolment", "/api/auth/totp-enrolment|", [Refused, Nothing, Nothing, Nothing, Nothing, Nothing]),
    ("POST", "/api/auth/find-citizen", "/api/auth/find-citizen|fiscal_code=RSSMRA80A01F205X", STAFF_FUNCTION),
    ("POST", "/api/auth/staff", "/api/auth/staff|", [Refused, Refused, Refused, Refused, Refused, Shown]),
    ("POST", "/api/auth/password-reset-link", "/api/auth/password-reset-link|token=abc", PUBLIC_FUNCTION),
    ("POST", "/api/mail/development-outbox", "/api/mail/development-outbox|", [Nothing; 6]),
    ("POST", "/api/payments/mine", "/api/payments/mine|", SIGNED_IN_FUNCTION),
    ("GET", "/api/payments/cart", "/api/payments/cart?cart_id={position}|", [Refused, Nothing, Nothing, Nothing, Nothing, Nothing]),
    ("POST", "/api/payments/lookup", "/api/payments/lookup|creditor_fiscal_code=00000000000&notice_number=301000000000000000", PUBLIC_FUNCTION),
    ("POST", "/api/certificates/options", "/api/certificates/options|kind=Residence", SIGNED_IN_FUNCTION),
    ("POST", "/api/certificates/mine", "/api/certificates/mine|", SIGNED_IN_FUNCTION),
    ("POST", "/api/certificates/one", "/api/certificates/one|id={certificate}", OWNERS_FUNCTION),
    ("POST", "/api/certificates/verify", "/api/certificates/verify|code=AAAA-BBBB-CCCC", PUBLIC_FUNCTION),
    ("POST", "/api/certificates/clerk-lookup", "/api/certificates/clerk-lookup|code=AAAA-BBBB-CCCC", [Refused, Refused, Refused, Refused, Nothing, Nothing]),
    ("POST", "/api/reports/list", "/api/reports/list|filter[page]=1", PUBLIC_FUNCTION),
    ("POST", "/api/reports/one", "/api/reports/one|number={report}", PUBLIC_FUNCTION),
    ("POST", "/api/reports/options", "/api/reports/options|", PUBLIC_FUNCTION),
    ("POST", "/api/reports/nearby", "/api/reports/nearby|category=strade&latitude=&longitude=&street=via+Madonna", PUBLIC_FUNCTION),
    ("POST", "/api/reports/mine", "/api/reports/mine|", SIGNED_IN_FUNCTION),
    ("POST", "/api/reports/office", "/api/reports/office|", STAFF_FUNCTION),
    ("POST", "/api/reports/categories", "/api/reports/categories|", [Refused, Refused, Refused, Refused, Refused, Shown]),
    ("POST", "/api/reports/office-one", "/api/reports/office-one|number={report}", [Refused, Refused, Refused, Refused, Nothing, Nothing]),
    ("POST", "/api/guide/topics", "/api/guide/topics|locale=Italian", PUBLIC_FUNCTION),
    ("POST", "/api/guide/topic", "/api/guide/topic|slug=tributi&locale=Italian", PUBLIC_FUNCTION),
    ("POST", "/api/guide/service-sheets", "/api/guide/service-sheets|locale=Italian", PUBLIC_FUNCTION),
    ("POST", "/api/guide/service-sheet", "/api/guide/service-sheet|slug=cambio-di-residenza&locale=Italian", PUBLIC_FUNCTION),
    ("POST", "/api/guide/page", "/api/guide/page|slug=privacy&locale=Italian", PUBLIC_FUNCTION),
    ("POST", "/api/guide/search", "/api/guide/search|query=residenza&locale=Italian", PUBLIC_FUNCTION),
    ("GET", "/api/guide/suggest", "/api/guide/suggest?query=residenza&locale=Italian|", PUBLIC_FUNCTION),
    ("POST", "/api/guide/page-feedback-summaries", "/api/guide/page-feedback-summaries|locale=Italian", PUBLIC_FUNCTION),
    // Feedback is stored and answered with nothing.
    ("POST", "/api/guide/page-feedback", "/api/guide/page-feedback|page=/servizi/cambio-di-residenza&rating=5", [Nothing; 6]),
    ("POST", "/api/practices/catalogue", "/api/practices/catalogue|locale=Italian", PUBLIC_FUNCTION),
    ("POST", "/api/practices/procedure", "/api/practices/procedure|slug=accesso-civico-generalizzato&locale=Italian", PUBLIC_FUNCTION),
    ("POST", "/api/practices/draft", "/api/practices/draft|draft_id={draft}&locale=Italian", OWNERS_FUNCTION),
    ("POST", "/api/practices/mine", "/api/practices/mine|practice_id={practice}", OWNERS_FUNCTION),
    ("POST", "/api/practices/my-practices", "/api/practices/my-practices|", SIGNED_IN_FUNCTION),
    ("POST", "/api/practices/archive", "/api/practices/archive|filter[year]=&filter[theme]=&filter[outcome]=&filter[page]=1", SIGNED_IN_FUNCTION),
    ("POST", "/api/practices/lookup", "/api/practices/lookup|protocol_number=2026/0000001&check_code=ABCD", PUBLIC_FUNCTION),
    (
        "POST",
        "/api/practices/inbox",
        "/api/practices/inbox|filter[status]=&filter[procedure]=&filter[filed_from]=&filter[filed_until]=&filter[overdue_only]=false&filter[page]=1",
        STAFF_FUNCTION,
    ),
    ("POST", "/api/practices/office-practice", "/api/practices/office-practice|practice_id={practice}", [Refused, Refused, Refused, Refused, Nothing, Nothing]),
];

#[test]
fn the_table_names_every_route() {
    let mut routes: Vec<(String, String)> = server::http::route_table().into_iter().map(|(method, path)| (method.to_string(), path)).collect();
    routes.sort();
    let mut listed: Vec<(String, String)> = EXPECTED.iter().map(|(method, path, _, _)| (method.to_string(), path.to_string())).collect();
    listed.sort();
    let missing: Vec<_> = routes.iter().filter(|route| !listed.contains(route)).collect();
    let stale: Vec<_> = listed.iter().filter(|route| !routes.contains(route)).collect();
    assert!(missing.is_empty(), "routes without an expected answer in the authorization table: {missing:?}");
    assert!(stale.is_empty(), "rows for routes that no longer exist: {stale:?}");
}

struct Fixtures {
    owner: String,
    other_citizen: String,
    clerk: String,
    administrator: String,
    draft: String,
    practice: String,
    attachment: String,
    position: String,
    cart: String,
    certificate: String,
    report: String,
    photo: String,
    message: String,
    /// A held booking's key.
    booking: String,
    /// The owner's booked appointment.
    appointment: String,
}

async fn account(server: &TestServer, fiscal_code: &str, role: Role, offices: &[&str]) -> String {
    let fiscal_code = FiscalCode::parse(fiscal_code).unwrap();
    let new = NewAccount { fiscal_code: &fiscal_code, given_name: "Prova", family_name: "Persona", email: None, phone: None, role, identity_source: "counter" };
    let id = insert_account(server.pool(), &new).await.unwrap().unwrap();
    sqlx::query("UPDATE accounts SET password_hash = 'x' WHERE id = $1").bind(&id).execute(server.pool()).await.unwrap();
    for office in offices {
        add_clerk_office(server.pool(), &id, office).await.unwrap();
    }
    id
}

async fn fixtures(server: &TestServer) -> Fixtures {
    let owner = account(server, "RSSMRA80A01F205X", Role::Citizen, &[]).await;
    let other = account(server, "BNCLRA85M52Z404C", Role::Citizen, &[]).await;
    let clerk = account(server, "BNCGLI85M52F205H", Role::Clerk, &["tributi"]).await;
    let administrator = account(server, "VRDLCU75C15F205E", Role::Administrator, &[]).await;
    let pool = server.pool();
    let (filed_draft, _) = server::practices::drafts::create_draft(pool, &owner, "accesso-civico-generalizzato").await.unwrap().unwrap();
    let answers = Answers::from_pairs([("email", "mario.rossi@example.it"), ("oggetto", "Contratti di pulizia delle scuole 2025")]);
    let limit = TimeLimit { days: 30, count: DayCount::Calendar, suspended_by_integration: true };
    let practice = server::practices::submission::file_practice(pool, &owner, &filed_draft, "segreteria", &limit, &answers).await.unwrap().unwrap();
    let (draft, _) = server::practices::drafts::create_draft(pool, &owner, "accesso-civico-generalizzato").await.unwrap().unwrap();
    let pdf: &[u8] = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
    let sniffed = server::practices::attachments::sniff(pdf).unwrap();
    let attachment = server::practices::attachments::store_attachment(pool, &filed_draft, "documenti", "richiesta.pdf", sniffed, pdf).await.unwrap();
    let debt = server::payments::positions::NewDebtPosition {
        kind: DebtKind::Spontaneous,
        reference: "autorizzazione",
        account_id: Some(&owner),
        payer_fiscal_code: "RSSMRA80A01F205X",
        payer_name: "Mario Rossi",
        description: "Diritti di segreteria",
        amount: AmountInCents::from_cents(1_600).unwrap(),
        due_on: None,
        transfers: None,
    };
    let segregation = app::payments::notice_number::SegregationCode::parse("01").unwrap();
    let position = server::payments::positions::open_debt_position(pool, segregation, &debt).await.unwrap();
    // A cart sent to Checkout, whose outcome page the payer comes back to.
    let cart = uuid::Uuid::new_v4().simple().to_string();
    sqlx::query("INSERT INTO checkout_carts (id, account_id, location, created_at) VALUES ($1, $2, NULL, 0)")
        .bind(&cart)
        .bind(&owner)
        .execute(pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO cart_positions (cart_id, position_id) VALUES ($1, $2)").bind(&cart).bind(&position.id).execute(pool).await.unwrap();
    // A report of the owner's, for the public works' office.
    let report = crate::reports::file_test_report(server, Some(&owner), "strade", "via Madonna", "12").await;
    let photo = uuid::Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO report_photos (id, report_number, account_id, position, width, height, jpeg, created_at) VALUES ($1, $2, $3, 1, 1, 1, $4, 0)")
        .bind(&photo)
        .bind(&report)
        .bind(&owner)
        .bind(b"\xFF\xD8\xFF\xD9".to_vec())
        .execute(pool)
        .await
        .unwrap();
    // A certificate of the owner's, exempt and valid (its document is a stand-in).
    let certificate = uuid::Uuid::new_v4().to_string();
    let key_id: String = sqlx::query_scalar("SELECT key_id FROM seal_keys LIMIT 1").fetch_one(pool).await.unwrap();
    server::certificates::store::insert_certificate(
        pool,
        &server::certificates::store::NewCertificate {
            id: &certificate,
            verification_code: "ABCDEFGHJKMN",
            account_id: &owner,
            requester_fiscal_code: "RSSMRA80A01F205X",
            subject_fiscal_code: "RSSMRA80A01F205X",
            subject_name: "Mario Rossi",
            kind: app::certificates::model::CertificateKind::Residence,
            created_at: 0,
            issued_on: "2026-12-03",
            valid_until: None,
            stamp_duty: "esenzione",
            stamp_duty_text: "esente",
            exemption_code: Some(7),
            exemption_reason: None,
            stamp_position_id: None,
            content_digest: "digest",
            seal_key_id: &key_id,
            signature: "firma",
            document_digest: "documento",
            document: pdf,
        },
    )
    .await
    .unwrap();
    let message = server::messages::store::insert_message(
        pool,
        &server::messages::store::NewMessage {
            account_id: &owner,
            kind: app::messages::model::MessageKind::Practices,
            locale: app::i18n::Locale::Italian,
            subject: "Pratica accolta",
            body: "La domanda è stata accolta.",
            link: None,
            due_on: None,
            notice_number: None,
            amount_cents: None,
            created_at: 0,
            once_key: None,
        },
    )
    .await
    .unwrap()
    .unwrap();
    // A slot held for a day, opened by its key.
    let booking = "0123456789abcdef".repeat(4);
    let now = server.clock.now_unix_seconds();
    let hold = server::appointments::store::NewHold {
        office: "anagrafe",
        service: "altro",
        slot: app::appointments::model::Slot { date: time::macros::date!(2027 - 03 - 08), start: time::macros::time!(9:00) },
        minutes: 20,
        counters: 3,
        locale: app::i18n::Locale::Italian,
        account_id: None,
        key_hash: &server::auth::tokens::sha256_hex(booking.as_bytes()),
        expires_at: now + 86_400,
        now,
    };
    server::appointments::store::hold_slot(pool, &hold).await.unwrap();
    let own_hold = server::appointments::store::NewHold {
        slot: app::appointments::model::Slot { date: time::macros::date!(2027 - 03 - 08), start: time::macros::time!(10:00) },
        account_id: Some(&owner),
        key_hash: "chiave-della-prenotazione-del-titolare",
        ..hold
    };
    let server::appointments::store::HoldOutcome::Held { id: appointment, .. } = server::appointments::store::hold_slot(pool, &own_hold).await.unwrap() else {
        panic!("held")
    };
    let applicant = server::appointments::store::Applicant { account_id: Some(&owner), name: "Mario Rossi", email: "", phone: "", details: "" };
    server::appointments::store::change_state(pool, &appointment, server::appointments::store::AppointmentStep::Book(applicant), now).await.unwrap();
    Fixtures {
        appointment,
        booking,
        message,
        owner,
        other_citizen: other,
        clerk,
        administrator,
        draft: draft.to_string(),
        practice: practice.practice_id,
        attachment,
        position: position.id,
        cart,
        certificate,
        report,
        photo,
    }
}

/// The router's pages are exactly the pages of `app::routes::PAGES`, the
/// table the shell asks which pages load the WASM bundle.
#[tokio::test]
async fn the_router_shows_exactly_the_pages_of_the_table() {
    let mut router: Vec<String> = server::http::page_routes().iter().map(|listing| listing.path().to_string()).collect();
    router.sort();
    router.dedup();
    let mut table: Vec<String> = app::routes::PAGES.iter().map(|page| app::routes::axum_path(page.path)).collect();
    table.sort();
    assert_eq!(router, table);
}

/// The visitor, with a fresh session (a request may end its own, or all of
/// its account's).
async fn visitor(server: &TestServer, fixtures: &Fixtures, which: usize) -> Browser {
    let session = match which {
        0 => None,
        1 => Some((&fixtures.owner, 1, AuthenticationMethod::CounterPassword)),
        2 => Some((&fixtures.owner, 2, AuthenticationMethod::CounterPasswordAndTotp)),
        3 => Some((&fixtures.other_citizen, 2, AuthenticationMethod::Spid)),
        4 => Some((&fixtures.clerk, 2, AuthenticationMethod::CounterPasswordAndTotp)),
        _ => Some((&fixtures.administrator, 2, AuthenticationMethod::CounterPasswordAndTotp)),
    };
    let mut browser = Browser::new(server);
    browser.cookies.insert("sportello_csrf".into(), TEST_CSRF_TOKEN.into());
    if let Some((account, level, method)) = session {
        let token = start_session(server.pool(), None, account, level, method).await.unwrap();
        browser.cookies.insert("sportello_sessione".into(), token);
    }
    browser
}

/// What the raw answer means for access.
fn classify(answer: &str, server_function: bool) -> (Answer, u16, String) {
    let status: u16 = answer.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((answer, ""));
    let location = head.lines().find_map(|line| line.strip_prefix("location: ").or_else(|| line.strip_prefix("Location: "))).unwrap_or_default().to_string();
    let chunked = head.to_lowercase().contains("transfer-encoding: chunked");
    let body = if chunked { dechunk(body) } else { body.to_string() };
    let answer = match status {
        200 if server_function && body.trim() == "null" => Nothing,
        200 => Shown,
        _ if server_function && !(200..300).contains(&status) => Refused,
        302 | 303 if location == "/accedi" || location.starts_with("/accedi?ritorno=") => Login,
        303 if location.starts_with("/accedi/livello-2") => StepUp,
        403 => Forbidden,
        404 => NotFound,
        500 if body.contains("faultstring") => Fault,
        300..=499 => Handled,
        _ => panic!("an answer of no kind the table knows: {answer}"),
    };
    (answer, status, body)
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else { break };
        if size == 0 || after.len() < size {
            break;
        }
        out.push_str(&after[..size]);
        rest = after[size..].trim_start_matches("\r\n");
    }
    out
}

fn concrete(request: &str, fixtures: &Fixtures) -> String {
    request
        .replace("{draft}", &fixtures.draft)
        .replace("{practice}", &fixtures.practice)
        .replace("{attachment}", &fixtures.attachment)
        .replace("{position}", &fixtures.position)
        .replace("{cart}", &fixtures.cart)
        .replace("{certificate}", &fixtures.certificate)
        .replace("{report}", &fixtures.report)
        .replace("{photo}", &fixtures.photo)
        .replace("{message}", &fixtures.message)
        .replace("{booking}", &fixtures.booking)
        .replace("{appointment}", &fixtures.appointment)
}

async fn every_route_answers_each_visitor_as_the_table_says(server: &TestServer) {
    let fixtures = fixtures(server).await;
    let mut wrong = Vec::new();
    let mut pages_with_islands = std::collections::BTreeSet::new();
    for (method, route, request, expected) in EXPECTED {
        let request = concrete(request, &fixtures);
        let (path, body) = request.split_once('|').map(|(path, body)| (path.to_string(), body.to_string())).unwrap_or((request.clone(), String::new()));
        let server_function = route.starts_with("/api/");
        for (which, expected_answer) in expected.iter().enumerate() {
            let browser = visitor(server, &fixtures, which).await;
            let (_, raw) = browser.raw(method, &path, &body).await;
            let (answer, status, body) = classify(&raw, server_function);
            if answer != *expected_answer {
                wrong.push(format!("{method} {path} as {}: expected {expected_answer:?}, got {answer:?} ({status})", VISITORS[which]));
            }
            // A page holding an island loads the WASM bundle; a page the
            // table says has none never loads it.
            if answer == Shown && body.contains("<!DOCTYPE html>") {
                let (holds_island, loads_script) = (body.contains("<leptos-island"), body.contains("/pkg/sportello.js"));
                if holds_island && !loads_script {
                    wrong.push(format!("GET {path} as {}: holds an island but loads no script", VISITORS[which]));
                }
                if loads_script && !app::routes::page_has_islands(&path) {
                    wrong.push(format!("GET {path} as {}: loads the script, but the page table says it holds no island", VISITORS[which]));
                }
                if holds_island {
                    pages_with_islands.insert(route.to_string());
                }
                // Every page of the portal describes itself once, for search
                // results and link previews (the SPID test provider's pages
                // stand for the provider's own site).
                let descriptions: Vec<&str> =
                    body.split("<meta name=\"description\" content=\"").skip(1).map(|rest| rest.split('"').next().unwrap_or("")).collect();
                if !route.starts_with("/spid-test-idp/") && (descriptions.len() != 1 || descriptions[0].trim().is_empty()) {
                    wrong.push(format!("GET {path} as {}: {} meta descriptions ({descriptions:?}), one expected", VISITORS[which], descriptions.len()));
                }
            }
        }
        // The same route spelled another way is refused before any check.
        let (bare, query) = path.split_once('?').map(|(bare, query)| (bare.to_string(), format!("?{query}"))).unwrap_or((path.clone(), String::new()));
        let first_encoded = match bare.as_bytes().get(1) {
            Some(byte) => format!("/%{byte:02X}{}", &bare[2..]),
            None => "/%2F".to_string(),
        };
        for variant in [format!("/.{bare}"), format!("/x/..{bare}"), format!("/{bare}"), format!("{bare}/."), first_encoded] {
            let variant = format!("{variant}{query}");
            for which in [0, 2, 5] {
                let (status, _) = visitor(server, &fixtures, which).await.raw(method, &variant, &body).await;
                if status != 400 {
                    wrong.push(format!("{method} {variant} as {}: expected 400, got {status}", VISITORS[which]));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} answers differ from the table:\n{}", wrong.len(), wrong.join("\n"));
    // Every page the table says holds an island was shown with it here.
    let expected_islands: std::collections::BTreeSet<String> =
        app::routes::PAGES.iter().filter(|page| page.islands != app::routes::Islands::None).map(|page| app::routes::axum_path(page.path)).collect();
    assert_eq!(pages_with_islands, expected_islands);
}

on_both_databases!(
    configured_with crate::spid::with_test_identity_provider;
    every_route_answers_each_visitor_as_the_table_says,
);
