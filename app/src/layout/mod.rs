//! Header and footer of the national model for municipal websites.

use crate::i18n::{t, use_locale, Text};
use leptos::prelude::*;

#[component]
pub fn SiteHeader(current_path: String) -> impl IntoView {
    let locale = use_locale();
    let other = locale.other();
    view! {
        <header class="site-header">
            <div class="header-slim">
                <div class="container flex flex-wrap items-center justify-between gap-2">
                    <span class="font-semibold">{t(Text::RegionName)}</span>
                    <div class="flex flex-wrap items-center gap-2">
                        // No token: every anonymous visitor gets the same page (`TOKEN_FREE_POSTS`).
                        <form method="post" action=crate::routes::LANGUAGE_PATH class="inline">
                            <input type="hidden" name="lingua" value=other.language_tag()/>
                            <input type="hidden" name="ritorno" value=current_path.clone()/>
                            <button
                                class="slim-button"
                                type="submit"
                                lang=other.language_tag()
                                aria-label=Text::LanguageSwitchLabel.in_locale(locale)
                            >
                                {t(Text::LanguageSwitchButton)}
                            </button>
                        </form>
                        {match crate::http_context::current_user() {
                            Some(user) => view! {
                                <a class="slim-button slim-button-login" href="/area-personale">
                                    {t(Text::PersonalArea)}<span class="sr-only">{format!(" — {}", user.full_name())}</span>
                                </a>
                            }.into_any(),
                            // After login the citizen comes back to this page (C.SE.1.1).
                            None => view! {
                                <a
                                    class="slim-button slim-button-login"
                                    href=format!("/accedi?ritorno={}", crate::http_context::percent_encode(&current_path))
                                >
                                    {t(Text::LoginToPersonalArea)}
                                </a>
                            }.into_any(),
                        }}
                    </div>
                </div>
            </div>
            <div class="header-center">
                <div class="container flex flex-wrap items-center justify-between gap-4 py-4">
                    <a class="brand" href="/">
                        <span class="brand-mark" aria-hidden="true">"R"</span>
                        <span class="flex flex-col">
                            <span class="brand-name">{t(Text::MunicipalityName)}</span>
                            <span class="brand-tagline">{t(Text::PortalName)}</span>
                        </span>
                    </a>
                    <a class="header-search-link" href="/cerca">{t(Text::NavSearch)}</a>
                </div>
            </div>
            <nav class="header-nav" aria-label=t(Text::MainNavigationLabel)>
                <ul class="container flex flex-wrap gap-x-6">
                    <li><a class="nav-link" href="/servizi" data-element="all-services">{t(Text::NavServices)}</a></li>
                    <li><a class="nav-link" href="/argomenti">{t(Text::NavTopics)}</a></li>
                    <li><a class="nav-link" href="/pratiche">{t(Text::NavProcedures)}</a></li>
                    <li><a class="nav-link" href="/pagamenti">{t(Text::PaymentsTitle)}</a></li>
                    <li><a class="nav-link" href="/valutazioni">{t(Text::NavRatings)}</a></li>
                </ul>
            </nav>
        </header>
    }
}

/// The accessibility statement on AgID's form site, once the Comune has
/// published it there (a setting); until then the footer links the local page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessibilityStatementUrl(pub Option<String>);

/// How to reach the Comune's data protection officer (a setting: only the
/// Comune can say), named in the privacy notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataProtectionOfficer(pub Option<String>);

/// The local page with the accessibility statement's content.
pub const LOCAL_ACCESSIBILITY_STATEMENT: &str = "/info/dichiarazione-di-accessibilita";

#[component]
pub fn SiteFooter() -> impl IntoView {
    let accessibility_statement = use_context::<AccessibilityStatementUrl>().and_then(|url| url.0).unwrap_or_else(|| LOCAL_ACCESSIBILITY_STATEMENT.to_string());
    view! {
        <footer class="site-footer" id="footer">
            <div class="container grid gap-8 py-8 md:grid-cols-2">
                <section aria-labelledby="footer-contacts">
                    <h2 class="footer-title" id="footer-contacts">{t(Text::FooterContactsTitle)}</h2>
                    <p class="font-semibold">{t(Text::FooterCounterName)}</p>
                    <p>{t(Text::FooterAddress)}</p>
                    <p>
                        {t(Text::FooterPhoneLabel)}": "
                        <a class="footer-link" href="tel:+390293332700">"02.93.33.2.700"</a>
                    </p>
                    <p>
                        {t(Text::FooterEmailLabel)}": "
                        <a class="footer-link" href="mailto:sportello.delcittadino@comune.rho.mi.it">
                            "sportello.delcittadino@comune.rho.mi.it"
                        </a>
                    </p>
                </section>
                <section aria-labelledby="footer-links">
                    <h2 class="footer-title" id="footer-links">{t(Text::FooterUsefulLinks)}</h2>
                    <ul class="grid gap-1 sm:grid-cols-2">
                        <li><a class="footer-link" href="/info/faq" data-element="faq">{t(Text::FooterFaq)}</a></li>
                        <li><a class="footer-link" href="/info/segnalazione-disservizio" data-element="report-inefficiency">{t(Text::FooterReportDisservice)}</a></li>
                        <li><a class="footer-link" href=crate::routes::INFORMATION_REQUEST_PATH>{t(Text::InformationRequestTitle)}</a></li>
                        <li><a class="footer-link" href=crate::routes::COMPLAINT_PATH>{t(Text::ComplaintTitle)}</a></li>
                        <li><a class="footer-link" href=crate::routes::SURVEYS_PATH>{t(Text::SurveysTitle)}</a></li>
                        <li><a class="footer-link" href=crate::routes::STANDARDS_PATH>{t(Text::StandardsFooterLink)}</a></li>
                        <li><a class="footer-link" href="/info/privacy" data-element="privacy-policy-link">{t(Text::FooterPrivacy)}</a></li>
                        <li><a class="footer-link" href=accessibility_statement data-element="accessibility-link">{t(Text::FooterAccessibility)}</a></li>
                        <li><a class="footer-link" href=crate::routes::BOOKING_PATH data-element="appointment-booking">{t(Text::FooterBookAppointment)}</a></li>
                        <li><a class="footer-link" href="/info/condizioni-di-servizio">{t(Text::FooterTerms)}</a></li>
                        <li><a class="footer-link" href="/info/note-legali" data-element="legal-notes">{t(Text::FooterLegalNotes)}</a></li>
                        <li><a class="footer-link" href="/info/piano-di-miglioramento">{t(Text::FooterImprovementPlan)}</a></li>
                        <li><a class="footer-link" href="/sitemap.xml">{t(Text::FooterSitemap)}</a></li>
                        <li><a class="footer-link" href="/esempi/componenti">{t(Text::FooterComponents)}</a></li>
                    </ul>
                </section>
            </div>
            <div class="border-t border-white/30">
                <p class="container py-4 text-sm">{t(Text::FooterLegal)}</p>
            </div>
        </footer>
    }
}
