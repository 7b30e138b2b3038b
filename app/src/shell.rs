//! The HTML document, the route table and what every page shares.

use crate::auth::pages::*;
use crate::components::examples_page::ComponentExamplesPage;
use crate::components::SkipLinks;
use crate::guide::pages::*;
use crate::http_context::{provide_response_nonce, request_locale, request_path};
use crate::layout::{SiteFooter, SiteHeader};
use crate::mail::pages::DevelopmentOutboxPage;
use crate::practices::pages::{ProcedureCataloguePage, ProcedureStartPage};
use crate::practices::status_pages::{MyPracticesPage, PracticeLookupPage};
use crate::practices::wizard_pages::{DraftStepPage, MyPracticePage, NewPracticePage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_location,
    path, SsrMode,
};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = request_locale();
    provide_context(locale);
    provide_response_nonce();
    let load_islands = crate::routes::page_has_islands(&request_path());
    view! {
        <!DOCTYPE html>
        <html lang=locale.language_tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0066CC"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" type="image/png" href="/icons/icon-192.png"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                // Both weights every page uses, fetched beside the CSS: a
                // weight found late in the CSS arrived after the first paint
                // and moved the page as its text reflowed (Lighthouse's CLS
                // 0.20 on signed-in pages, whose header is set in bold).
                <link
                    rel="preload"
                    href="/fonts/titillium-web-latin-400-normal.woff2"
                    r#as="font"
                    r#type="font/woff2"
                    crossorigin=""
                />
                <link
                    rel="preload"
                    href="/fonts/titillium-web-latin-700-normal.woff2"
                    r#as="font"
                    r#type="font/woff2"
                    crossorigin=""
                />
                <link rel="stylesheet" href=asset_href(&options, "css")/>
                <script src="/pwa.js" defer=true></script>
                {load_islands.then(|| view! { <IslandScripts options/> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The build's content hashes from `hash.txt` beside the server binary
/// (written by `./sportello`'s `precompress_site_assets`; Leptos's own
/// readers of that file, `HydrationScripts` and `HashedStylesheet`, are not
/// used here): `css` names the stylesheet's copy, `islands` the folder
/// holding the islands' JS and WASM under their plain names; read once,
/// empty without the file. The server checks the named files exist before it turns
/// `hash_files` on.
#[cfg(feature = "ssr")]
pub fn built_asset_hashes() -> &'static [(String, String)] {
    static HASHES: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| {
        let hash_file = std::env::current_exe().ok().and_then(|binary| Some(binary.parent()?.join("hash.txt")));
        let text = hash_file.and_then(|file| std::fs::read_to_string(file).ok()).unwrap_or_default();
        text.lines().filter_map(|line| line.split_once(':')).map(|(kind, hash)| (kind.trim().to_string(), hash.trim().to_string())).collect()
    })
}

/// A built asset (`css`, `js` or `wasm`) under its content's name when the
/// build named the assets so: cached for a year, never paired with other
/// HTML. The JS and WASM sit in the islands' content-named folder: the split
/// loader and each island's chunk find one another there by relative names.
fn asset_href(options: &LeptosOptions, kind: &str) -> String {
    let (pkg, output) = (&options.site_pkg_dir, &options.output_name);
    #[cfg(feature = "ssr")]
    if options.hash_files {
        let hash_of = |named: &str| built_asset_hashes().iter().find(|(kind, _)| kind == named).map(|(_, hash)| hash);
        match (kind, hash_of(if kind == "css" { "css" } else { "islands" })) {
            ("css", Some(hash)) => return format!("/{pkg}/{output}.{hash}.css"),
            (_, Some(hash)) => return format!("/{pkg}/{hash}/{output}.{kind}"),
            _ => {}
        }
    }
    format!("/{pkg}/{output}.{kind}")
}

/// Loads the islands' code once the page has loaded and the browser is idle:
/// Leptos's `HydrationScripts` also preloads the WASM at high priority, which
/// on a phone's network shares the bandwidth with the CSS and the fonts and
/// held the island pages' largest paint back by about a second in
/// Lighthouse's mobile run (the islands only improve forms that work without
/// them). Then each `<leptos-island>` is hydrated in document order, as
/// Leptos's own island script does (no island here takes children), each in
/// a task of its own after the WASM's start: one long task would keep a
/// phone from answering a tap meanwhile (and counts as blocking time).
#[component]
fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    // As `HydrationScripts` in islands mode: outside islands, nothing is hydrated.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let script = format!(
        r#"((js, wasm) => {{
  const nextTask = () => new Promise((resolve) => setTimeout(resolve));
  const hydrate = async () => {{
    const islands = await import(js);
    await islands.default({{ module_or_path: wasm }});
    await nextTask();
    islands.hydrate();
    for (const island of document.querySelectorAll("leptos-island")) {{
      const run = islands[island.dataset.component];
      await nextTask();
      if (run) await run(island);
    }}
  }};
  const whenIdle = () => ("requestIdleCallback" in window ? requestIdleCallback(hydrate) : setTimeout(hydrate));
  if (document.readyState === "complete") whenIdle(); else addEventListener("load", whenIdle, {{ once: true }});
}})({js:?}, {wasm:?});"#,
        js = asset_href(&options, "js"),
        wasm = asset_href(&options, "wasm"),
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <SkipLinks/>
            <HeaderForCurrentPage/>
            <crate::maintenance::pages::MaintenanceBanner/>
            <main id="main-content" tabindex="-1" class="container grow py-6">
                <Routes fallback=|| view! { <NotFoundPage/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/servizi") view=ServiceSheetsPage ssr=SsrMode::Async/>
                    <Route path=path!("/servizi/:slug") view=ServiceSheetPage ssr=SsrMode::Async/>
                    <Route path=path!("/argomenti") view=TopicsPage ssr=SsrMode::Async/>
                    <Route path=path!("/argomenti/:slug") view=TopicPage ssr=SsrMode::Async/>
                    <Route path=path!("/cerca") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/valutazioni") view=RatingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/info/:slug") view=EditorialPageView ssr=SsrMode::Async/>
                    <Route path=path!("/offline") view=OfflinePage ssr=SsrMode::Async/>
                    <Route path=path!("/esempi/componenti") view=ComponentExamplesPage ssr=SsrMode::Async/>
                    <Route path=path!("/accedi") view=LoginChoicePage ssr=SsrMode::Async/>
                    <Route path=path!("/accedi/credenziali") view=CounterLoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/accedi/codice") view=SecondFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/accedi/livello-2") view=StepUpPage ssr=SsrMode::Async/>
                    <Route path=path!("/attiva") view=ActivationPage ssr=SsrMode::Async/>
                    <Route path=path!("/accedi/password-dimenticata") view=ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/accedi/nuova-password") view=NewPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/pratiche") view=ProcedureCataloguePage ssr=SsrMode::Async/>
                    <Route path=path!("/pratiche/verifica") view=PracticeLookupPage ssr=SsrMode::Async/>
                    <Route path=path!("/pratiche/:slug") view=ProcedureStartPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/pratiche/nuova/:slug") view=NewPracticePage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/pratiche") view=MyPracticesPage ssr=SsrMode::Async/>
                    <Route path=path!("/pagamenti") view=crate::payments::pages::PaymentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/pagamenti/verifica") view=crate::payments::pages::PaymentLookupPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/pagamenti") view=crate::payments::pages::MyPaymentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/pagamenti/nuovo/:code") view=crate::payments::pages::NewSpontaneousPaymentPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/pagamenti/esito/:cart") view=crate::payments::pages::PaymentOutcomePage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/pratiche/archivio") view=crate::practices::status_pages::PracticeArchivePage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/pratiche/:id") view=MyPracticePage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/bozze/:draft/:step") view=DraftStepPage ssr=SsrMode::Async/>
                    <Route path=path!("/sviluppo/posta") view=DevelopmentOutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/accedi/carta") view=SmartCardPage ssr=SsrMode::Async/>
                    <Route path=path!("/accedi/spid") view=SpidFailurePage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale") view=PersonalAreaPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/sicurezza") view=SecurityPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/esporta") view=MyDataPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/email") view=EmailVerificationPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore") view=ClerkHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/amministrazione") view=AdministrationPage ssr=SsrMode::Async/>
                    <Route path=path!("/amministrazione/app-autenticazione") view=StaffAuthenticatorPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/cittadino") view=CitizenRecordPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/pratiche") view=crate::practices::back_office_pages::ClerkInboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/pratiche/:id") view=crate::practices::back_office_pages::ClerkPracticePage ssr=SsrMode::Async/>
                    <Route path=path!("/certificati") view=crate::certificates::pages::CertificatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/certificati/verifica") view=crate::certificates::pages::CertificateVerificationPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/certificati") view=crate::certificates::pages::MyCertificatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/certificati/nuovo/:kind") view=crate::certificates::pages::NewCertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/certificati/:id") view=crate::certificates::pages::MyCertificatePage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/certificati") view=crate::certificates::pages::ClerkCertificatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/segnalazioni") view=crate::reports::pages::ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/segnalazioni/:number") view=crate::reports::pages::ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/segnalazioni") view=crate::reports::pages::MyReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/segnalazioni/nuova") view=crate::reports::pages::NewReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/segnalazioni/:number") view=crate::reports::pages::MyReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/segnalazioni") view=crate::reports::pages::ClerkReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/segnalazioni/nuova") view=crate::reports::pages::ClerkNewReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/segnalazioni/:number") view=crate::reports::pages::ClerkReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/amministrazione/segnalazioni") view=crate::reports::pages::ReportCategoriesPage ssr=SsrMode::Async/>
                    <Route path=path!("/amministrazione/manutenzione") view=crate::maintenance::pages::MaintenancePage ssr=SsrMode::Async/>
                    <Route path=path!("/sviluppo/orologio") view=crate::maintenance::pages::DevelopmentClockPage ssr=SsrMode::Async/>
                    <Route path=path!("/ascolto/richiesta-informazioni") view=crate::listening::pages::InformationRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/richieste-informazioni") view=crate::listening::pages::MyInformationRequestsPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/richieste-informazioni") view=crate::listening::pages::ClerkInformationRequestsPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/richieste-informazioni/nuova") view=crate::listening::pages::ClerkNewInformationRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/richieste-informazioni/:number") view=crate::listening::pages::ClerkInformationRequestPage ssr=SsrMode::Async/>
                    <Route path=path!("/carta-dei-servizi") view=crate::standards::pages::StandardsPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/pin") view=crate::standards::pages::PinLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/ascolto/reclami") view=crate::complaints::pages::ComplaintPage ssr=SsrMode::Async/>
                    <Route path=path!("/ascolto/indennizzo") view=crate::complaints::pages::CompensationChoicePage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/reclami") view=crate::complaints::pages::ClerkComplaintsPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/reclami/nuovo") view=crate::complaints::pages::ClerkNewComplaintPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/reclami/:number") view=crate::complaints::pages::ClerkComplaintPage ssr=SsrMode::Async/>
                    <Route path=path!("/amministrazione/indennizzi") view=crate::complaints::pages::CompensationInventoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/ascolto/questionari") view=crate::surveys::pages::SurveysPage ssr=SsrMode::Async/>
                    <Route path=path!("/ascolto/questionari/:slug") view=crate::surveys::pages::SurveyPage ssr=SsrMode::Async/>
                    <Route path=path!("/ascolto/questionari/:slug/risultati") view=crate::surveys::pages::SurveyResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/amministrazione/questionari") view=crate::surveys::pages::SurveyAdministrationPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/messaggi") view=crate::messages::pages::MyMessagesPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/messaggi/:id") view=crate::messages::pages::MyMessagePage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/preferenze-messaggi") view=crate::messages::pages::MessagePreferencesPage ssr=SsrMode::Async/>
                    <Route path=path!("/amministrazione/appuntamenti") view=crate::appointments::pages::CalendarsPage ssr=SsrMode::Async/>
                    <Route path=path!("/operatore/appuntamenti") view=crate::appointments::pages::AgendaPage ssr=SsrMode::Async/>
                    <Route path=path!("/amministrazione/appuntamenti/:office") view=crate::appointments::pages::CalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/prenota-appuntamento") view=crate::appointments::booking_pages::BookingStartPage ssr=SsrMode::Async/>
                    <Route path=path!("/prenota-appuntamento/giorno") view=crate::appointments::booking_pages::BookingDayPage ssr=SsrMode::Async/>
                    <Route path=path!("/prenota-appuntamento/:key/:step") view=crate::appointments::booking_pages::BookingStepPage ssr=SsrMode::Async/>
                    <Route path=path!("/appuntamenti/:key") view=crate::appointments::booking_pages::AppointmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/appuntamenti") view=crate::appointments::booking_pages::MyAppointmentsPage ssr=SsrMode::Async/>
                    <Route path=path!("/area-personale/appuntamenti/:id") view=crate::appointments::booking_pages::MyAppointmentPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

/// The header's language switch returns to the page (and query) being read.
#[component]
fn HeaderForCurrentPage() -> impl IntoView {
    let location = use_location();
    let search = location.search.get_untracked();
    let current =
        if search.is_empty() { location.pathname.get_untracked() } else { format!("{}?{}", location.pathname.get_untracked(), search.trim_start_matches('?')) };
    view! { <SiteHeader current_path=current/> }
}
