//! The HTTP surface: Leptos pages and server functions, plus operations
//! endpoints, the sitemap, the language switch and static assets, wrapped in
//! security headers, compression, metrics and request logging.

pub mod client_address;
pub mod downloads;
pub mod errors;
pub mod extract;
mod fast_path;
pub mod form_pages;
mod language;
pub mod normal_paths;
mod operations;
pub mod page_cache;
mod security_headers;
pub mod server_function_errors;
pub mod site_assets;
mod sitemap;
pub mod tls;

use crate::auth::routes as auth_routes;
use crate::auth::spid::routes as spid_routes;
use crate::guide::routes::{download_form, page_ratings_open_data};
use crate::AppState;
use app::auth::ssr::SharedAccountsPort;
use app::guide::ssr::SharedGuideStore;
use app::routes::*;
use app::shell::{shell, App};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

/// Forms on this site are small; anything larger is refused before parsing.
const MAXIMUM_REQUEST_BODY_BYTES: usize = 64 * 1024;

/// The wizard's step forms carry attachments (at most 10 MB a file, 30 MB a
/// practice); every other form is small.
const MAXIMUM_WIZARD_BODY_BYTES: usize = 32 * 1024 * 1024;

/// A new report (a citizen's, or one a clerk registers) carries up to three
/// photos of at most 10 MB each.
const MAXIMUM_REPORT_BODY_BYTES: usize = 32 * 1024 * 1024;

/// A certificate's PDF to check (about 60 KB, with its fonts' subsets).
const MAXIMUM_CERTIFICATE_UPLOAD_BYTES: usize = 2 * 1024 * 1024;

/// pagoPA's receipts carry up to five transfers with metadata, and V2 may
/// carry a stamp duty's attachment.
const MAXIMUM_NODE_MESSAGE_BYTES: usize = 1024 * 1024;

pub fn body_limit_for(path: &str) -> usize {
    // Step forms, answers to integration requests and outcome documents carry files.
    if path.starts_with("/area-personale/bozze/") || path.starts_with("/area-personale/pratiche/") || path.starts_with("/operatore/pratiche/") {
        MAXIMUM_WIZARD_BODY_BYTES
    } else if path == NEW_REPORT_PATH || path == CLERK_NEW_REPORT_PATH {
        MAXIMUM_REPORT_BODY_BYTES
    } else if path == CERTIFICATE_VERIFICATION_PATH {
        MAXIMUM_CERTIFICATE_UPLOAD_BYTES
    } else if path == crate::payments::node_interface::PA_FOR_NODE_PATH {
        MAXIMUM_NODE_MESSAGE_BYTES
    } else {
        MAXIMUM_REQUEST_BODY_BYTES
    }
}

/// Refuses a body larger than its path allows before anything reads it.
async fn limit_request_bodies(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let limit = body_limit_for(request.uri().path());
    let declared =
        request.headers().get(axum::http::header::CONTENT_LENGTH).and_then(|value| value.to_str().ok()).and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return errors::too_large(request.headers());
    }
    let (parts, body) = request.into_parts();
    next.run(axum::extract::Request::from_parts(parts, axum::body::Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// Whether the build named the CSS and the islands' folder by their content
/// (`hash.txt` beside this binary, written by `./sportello`'s
/// `precompress_site_assets`, read by `app::shell::built_asset_hashes`) and
/// those files are in the site:
/// then pages link the hashed names. A hash file left by an earlier build
/// (a later one made without that step) is ignored rather than linking
/// files that are not there.
pub fn site_assets_are_hashed(site_root: &std::path::Path, output_name: &str) -> bool {
    let hashes = app::shell::built_asset_hashes();
    let pkg = site_root.join("pkg");
    !hashes.is_empty()
        && hashes.iter().all(|(kind, hash)| match kind.as_str() {
            "islands" => pkg.join(hash).join(format!("{output_name}.wasm")).is_file(),
            _ => pkg.join(format!("{output_name}.{hash}.{kind}")).is_file(),
        })
}

/// Puts the ports the server functions use into each render's context.
pub fn context_provider(state: &AppState) -> impl Fn() + Clone + Send + Sync + 'static {
    let guide_store: SharedGuideStore = state.guide_store.clone();
    let accounts_port: SharedAccountsPort = state.accounts_port.clone();
    let practices_port: app::practices::ssr::SharedPracticesPort = state.practices_port.clone();
    let payments_port: app::payments::ssr::SharedPaymentsPort = std::sync::Arc::new(crate::payments::port::SqlPaymentsPort {
        pool: state.pool.clone(),
        settings: state.config.payments.clone(),
        trusted_proxies: state.config.trusted_proxies.clone(),
    });
    let smart_card_login_url = app::auth::model::SmartCardLoginUrl(state.config.smart_card_login_url.clone());
    let accessibility_statement = app::layout::AccessibilityStatementUrl(state.config.accessibility_statement_url.clone());
    let data_protection_officer = app::layout::DataProtectionOfficer(state.config.data_protection_officer.clone());
    let map_settings = state.config.map.clone();
    let spid_identity_providers = state.spid.as_ref().map(|spid| spid.choices()).unwrap_or_default();
    let certificates_port: app::certificates::ssr::SharedCertificatesPort = std::sync::Arc::new(crate::certificates::port::SqlCertificatesPort {
        pool: state.pool.clone(),
        registry: state.registry.clone(),
        trusted_proxies: state.config.trusted_proxies.clone(),
        clock: state.config.clock.clone(),
    });
    let reports_port: app::reports::ssr::SharedReportsPort = std::sync::Arc::new(crate::reports::port::SqlReportsPort {
        pool: state.pool.clone(),
        streets: state.streets.clone(),
        offices: state.practices_port.offices.clone(),
        clock: state.config.clock.clone(),
    });
    let maintenance_port: app::maintenance::ssr::SharedMaintenancePort =
        std::sync::Arc::new(crate::maintenance::port::SqlMaintenancePort { pool: state.pool.clone(), schedule: state.maintenance.clone() });
    let development_clock = app::maintenance::model::DevelopmentClockEnabled(state.config.test_clock);
    let standards_port: app::standards::ssr::SharedStandardsPort =
        std::sync::Arc::new(crate::standards::port::SqlStandardsPort { pool: state.pool.clone(), clock: state.config.clock.clone() });
    let listening_port: app::listening::ssr::SharedListeningPort =
        std::sync::Arc::new(crate::listening::port::SqlListeningPort { pool: state.pool.clone(), clock: state.config.clock.clone() });
    let complaints_port: app::complaints::ssr::SharedComplaintsPort =
        std::sync::Arc::new(crate::complaints::port::SqlComplaintsPort { pool: state.pool.clone(), clock: state.config.clock.clone() });
    let surveys_port: app::surveys::ssr::SharedSurveysPort =
        std::sync::Arc::new(crate::surveys::port::SqlSurveysPort { pool: state.pool.clone(), clock: state.config.clock.clone() });
    let messages_port: app::messages::ssr::SharedMessagesPort = std::sync::Arc::new(crate::messages::port::SqlMessagesPort {
        pool: state.pool.clone(),
        clock: state.config.clock.clone(),
        app_io_on: state.messages.app_io_on(),
    });
    let appointments_port: app::appointments::ssr::SharedAppointmentsPort = std::sync::Arc::new(crate::appointments::port::SqlAppointmentsPort {
        pool: state.pool.clone(),
        names: state.appointment_letters.clone(),
        bookable: state.bookable.clone(),
        clock: state.config.clock.clone(),
    });
    let development_outbox: app::mail::ssr::SharedDevelopmentOutboxPort =
        std::sync::Arc::new(crate::mail::port::SqlDevelopmentOutbox { pool: state.pool.clone(), enabled: state.config.mail.development_outbox });
    let provide = move || {
        provide_context(development_outbox.clone());
        provide_context(guide_store.clone());
        provide_context(practices_port.clone());
        provide_context(payments_port.clone());
        provide_context(certificates_port.clone());
        provide_context(reports_port.clone());
        provide_context(maintenance_port.clone());
        provide_context(development_clock);
        provide_context(listening_port.clone());
        provide_context(standards_port.clone());
        provide_context(complaints_port.clone());
        provide_context(surveys_port.clone());
        provide_context(messages_port.clone());
        provide_context(appointments_port.clone());
        provide_context(accounts_port.clone());
        provide_context(smart_card_login_url.clone());
        provide_context(accessibility_statement.clone());
        provide_context(data_protection_officer.clone());
        provide_context(map_settings.clone());
        provide_context(spid_identity_providers.clone());
    };
    // axum clones a route's service, this closure with it, for every
    // request, also one answered from the kept pages: one reference count
    // instead of twenty.
    let provide = std::sync::Arc::new(provide);
    move || provide()
}

/// The application's page routes, computed once per process.
///
/// Computing them renders the route tree with Leptos's reactive system; doing
/// that while another server in the same process renders pages (several test
/// servers, each in its own runtime) occasionally left one of those renders
/// waiting forever for its resources. A process serves one route table, so it
/// is generated once, before any server of the process answers.
pub fn page_routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// A form handler, download or endpoint of our own (not a Leptos page, a
/// server function or a static file): one method at one path.
pub struct HandlerRoute {
    pub method: axum::http::Method,
    /// The path in `app::routes`'s spelling (`:name`).
    pub pattern: &'static str,
    handler: axum::routing::MethodRouter<AppState>,
}

impl HandlerRoute {
    fn get(pattern: &'static str, handler: axum::routing::MethodRouter<AppState>) -> HandlerRoute {
        HandlerRoute { method: axum::http::Method::GET, pattern, handler }
    }
    fn post(pattern: &'static str, handler: axum::routing::MethodRouter<AppState>) -> HandlerRoute {
        HandlerRoute { method: axum::http::Method::POST, pattern, handler }
    }

    /// The path as axum routes it (`{name}`).
    pub fn path(&self) -> String {
        axum_path(self.pattern)
    }
}

/// Every handler route, in one list: the router is built from it, and the
/// authorization suite walks it (a new route without an expected answer
/// there fails the suite).
pub fn handler_routes() -> Vec<HandlerRoute> {
    vec![
        HandlerRoute::get(HEALTH_PATH, get(operations::health)),
        HandlerRoute::get(METRICS_PATH, get(operations::metrics)),
        HandlerRoute::get(SITEMAP_PATH, get(sitemap::sitemap)),
        HandlerRoute::post(LANGUAGE_PATH, post(language::switch_language)),
        HandlerRoute::get(RATINGS_OPEN_DATA_PATH, get(page_ratings_open_data)),
        HandlerRoute::get(FORM_DOWNLOAD_PATH, get(download_form)),
        HandlerRoute::post(COUNTER_LOGIN_PATH, post(auth_routes::log_in_with_counter_credentials)),
        HandlerRoute::post(SECOND_FACTOR_PATH, post(auth_routes::log_in_second_factor)),
        HandlerRoute::post(STEP_UP_PATH, post(auth_routes::step_up_with_totp)),
        HandlerRoute::post(ACTIVATION_PATH, post(auth_routes::activate_counter_credentials)),
        HandlerRoute::post(PASSWORD_RESET_PATH, post(crate::auth::password_reset::request_password_reset)),
        HandlerRoute::post(NEW_PASSWORD_PATH, post(crate::auth::password_reset::choose_new_password)),
        HandlerRoute::post(EMAIL_CODE_PATH, post(crate::auth::email_verification::send_email_verification_code)),
        HandlerRoute::post(EMAIL_VERIFICATION_PATH, post(crate::auth::email_verification::confirm_email_verification_code)),
        HandlerRoute::get(SMART_CARD_LOGIN_PATH, get(crate::auth::smart_card::log_in_with_smart_card)),
        HandlerRoute::post(LOG_OUT_PATH, post(auth_routes::log_out)),
        HandlerRoute::get(SPID_METADATA_PATH, get(spid_routes::service_provider_metadata)),
        HandlerRoute::get(SPID_LOGIN_PATH, get(spid_routes::start_spid_login)),
        HandlerRoute::post(SPID_ASSERTION_CONSUMER_PATH, post(spid_routes::assertion_consumer_service)),
        HandlerRoute::get(SPID_LOGOUT_PATH, get(spid_routes::single_logout_service)),
        HandlerRoute::get(SPID_TEST_IDP_LOGOUT_PATH, get(spid_routes::test_identity_provider_single_logout)),
        HandlerRoute::get(SPID_TEST_IDP_START_LOGOUT_PATH, get(spid_routes::test_identity_provider_start_logout)),
        HandlerRoute::get(SPID_TEST_IDP_METADATA_PATH, get(spid_routes::test_identity_provider_metadata)),
        HandlerRoute::get(SPID_TEST_IDP_LOGIN_PATH, get(spid_routes::test_identity_provider_login_page)),
        HandlerRoute::post(SPID_TEST_IDP_LOGIN_PATH, post(spid_routes::test_identity_provider_answer)),
        HandlerRoute::post(NEW_PRACTICE_PATH, post(crate::practices::routes::start_practice)),
        HandlerRoute::post(DRAFT_STEP_PATH, post(crate::practices::routes::save_step)),
        HandlerRoute::get(ATTACHMENT_PATH, get(crate::practices::routes::download_attachment)),
        HandlerRoute::get(PRACTICE_RECEIPT_PATH, get(crate::practices::routes::download_receipt)),
        HandlerRoute::post(MY_PRACTICE_PATH, post(crate::practices::processing_routes::citizen_action)),
        HandlerRoute::get(MY_PRACTICE_DOCUMENT_PATH, get(crate::practices::processing_routes::citizen_document)),
        HandlerRoute::post(CLERK_PRACTICE_PATH, post(crate::practices::processing_routes::clerk_action)),
        HandlerRoute::get(CLERK_PRACTICE_DOCUMENT_PATH, get(crate::practices::processing_routes::clerk_document)),
        HandlerRoute::get(CLERK_FILED_ATTACHMENT_PATH, get(crate::practices::processing_routes::clerk_filed_attachment)),
        HandlerRoute::post(LOG_OUT_EVERYWHERE_PATH, post(auth_routes::log_out_everywhere)),
        HandlerRoute::post(PERSONAL_AREA_PATH, post(auth_routes::update_own_contacts)),
        HandlerRoute::post(TOTP_ENROLMENT_START_PATH, post(auth_routes::start_totp_enrolment)),
        HandlerRoute::post(SECURITY_PATH, post(auth_routes::confirm_totp_enrolment)),
        HandlerRoute::get(DATA_EXPORT_PATH, get(auth_routes::export_own_data)),
        HandlerRoute::post(COUNTER_PATH, post(auth_routes::register_citizen_at_the_counter)),
        HandlerRoute::post(REISSUE_ACTIVATION_CODE_PATH, post(auth_routes::reissue_activation_code)),
        HandlerRoute::post(ACTIVATION_LETTER_PATH, post(auth_routes::download_activation_letter)),
        HandlerRoute::post(ADMINISTRATION_PATH, post(auth_routes::add_clerk)),
        HandlerRoute::post(REVOKE_STAFF_PATH, post(auth_routes::revoke_staff)),
        HandlerRoute::post(STAFF_TOTP_ENROLMENT_START_PATH, post(auth_routes::start_staff_totp_enrolment)),
        HandlerRoute::post(STAFF_TOTP_ENROLMENT_PATH, post(auth_routes::confirm_staff_totp_enrolment)),
        HandlerRoute::post(COUNTER_TOTP_RESET_PATH, post(auth_routes::reset_authenticator_at_the_counter)),
        HandlerRoute::post(PA_FOR_NODE_PATH, post(crate::payments::node_interface::pa_for_node)),
        HandlerRoute::post(PAY_ONLINE_PATH, post(crate::payments::routes::pay_online)),
        HandlerRoute::post(CANCEL_NOTICE_PATH, post(crate::payments::routes::cancel_notice)),
        HandlerRoute::post(NEW_SPONTANEOUS_PAYMENT_KIND_PATH, post(crate::payments::routes::create_spontaneous_payment)),
        HandlerRoute::get(PAYMENT_NOTICE_PDF_PATH, get(crate::payments::routes::download_payment_notice)),
        HandlerRoute::get(PAYMENT_RECEIPT_PDF_PATH, get(crate::payments::routes::download_payment_receipt)),
        HandlerRoute::post(SIMULATOR_CARTS_PATH, post(crate::payments::simulator::simulated_post_carts)),
        HandlerRoute::get(SIMULATOR_CART_PATH, get(crate::payments::simulator::simulated_cart_page)),
        HandlerRoute::post(SIMULATOR_CART_PATH, post(crate::payments::simulator::simulated_cart_confirmed)),
        HandlerRoute::post(APP_IO_SIMULATOR_PROFILES_PATH, post(crate::messages::io_simulator::simulated_io_profile)),
        HandlerRoute::post(APP_IO_SIMULATOR_MESSAGES_PATH, post(crate::messages::io_simulator::simulated_io_message)),
        HandlerRoute::post(NEW_CERTIFICATE_PATH, post(crate::certificates::routes::request_certificate)),
        HandlerRoute::get(CERTIFICATE_PDF_PATH, get(crate::certificates::routes::download_certificate)),
        HandlerRoute::post(CERTIFICATE_VERIFICATION_PATH, post(crate::certificates::routes::verify_uploaded_certificate)),
        HandlerRoute::get(CERTIFICATE_PUBLIC_KEY_PATH, get(crate::certificates::routes::seal_public_key)),
        HandlerRoute::post(CLERK_CERTIFICATES_PATH, post(crate::certificates::routes::revoke)),
        HandlerRoute::post(NEW_REPORT_PATH, post(crate::reports::routes::file_citizen_report)),
        HandlerRoute::post(REPORT_FOLLOW_PATH, post(crate::reports::routes::follow_report)),
        HandlerRoute::post(MY_REPORT_PATH, post(crate::reports::routes::reopen_report)),
        HandlerRoute::post(CLERK_NEW_REPORT_PATH, post(crate::reports::routes::register_report)),
        HandlerRoute::post(CLERK_REPORT_PATH, post(crate::reports::routes::office_move)),
        HandlerRoute::post(REPORT_CATEGORIES_PATH, post(crate::reports::routes::save_category)),
        HandlerRoute::get(REPORTS_FEED_PATH, get(crate::reports::routes::reports_feed)),
        HandlerRoute::get(REPORT_PHOTO_PATH, get(crate::reports::routes::report_photo)),
        HandlerRoute::post(CLERK_REPORT_PHOTO_PATH, post(crate::reports::routes::publish_photo)),
        HandlerRoute::get(OPEN311_COLLECTION_PATH, get(crate::reports::open311_routes::open311_list)),
        HandlerRoute::post(OPEN311_COLLECTION_PATH, post(crate::reports::open311_routes::open311_file_request)),
        HandlerRoute::get(OPEN311_SERVICE_PATH, get(crate::reports::open311_routes::open311_service)),
        HandlerRoute::get(OPEN311_REQUEST_PATH, get(crate::reports::open311_routes::open311_request)),
        HandlerRoute::get(OPEN311_TOKEN_PATH, get(crate::reports::open311_routes::open311_token)),
        HandlerRoute::post(OPEN311_CLIENTS_PATH, post(crate::reports::open311_routes::manage_open311_clients)),
        HandlerRoute::post(MAINTENANCE_PATH, post(crate::maintenance::routes::manage_maintenance)),
        HandlerRoute::post(DEVELOPMENT_CLOCK_PATH, post(crate::maintenance::routes::move_development_clock)),
        HandlerRoute::post(INFORMATION_REQUEST_PATH, post(crate::listening::routes::send_information_request)),
        HandlerRoute::post(CLERK_NEW_INFORMATION_REQUEST_PATH, post(crate::listening::routes::register_information_request)),
        HandlerRoute::post(CLERK_INFORMATION_REQUEST_PATH, post(crate::listening::routes::answer_information_request)),
        HandlerRoute::get(STANDARDS_CSV_PATH, get(crate::standards::routes::standards_csv_data)),
        HandlerRoute::get(STANDARDS_JSON_PATH, get(crate::standards::routes::standards_json_data)),
        HandlerRoute::post(PIN_LOG_PATH, post(crate::standards::routes::note_pin)),
        HandlerRoute::post(COMPLAINT_PATH, post(crate::complaints::routes::send_complaint)),
        HandlerRoute::post(COMPENSATION_CHOICE_PATH, post(crate::complaints::routes::choose_compensation)),
        HandlerRoute::post(CLERK_NEW_COMPLAINT_PATH, post(crate::complaints::routes::register_complaint)),
        HandlerRoute::post(CLERK_COMPLAINT_PATH, post(crate::complaints::routes::work_complaint)),
        HandlerRoute::post(COMPENSATION_INVENTORY_PATH, post(crate::complaints::routes::manage_inventory)),
        HandlerRoute::post(SURVEY_PATH, post(crate::surveys::routes::answer_survey)),
        HandlerRoute::get(SURVEY_RESULTS_CSV_PATH, get(crate::surveys::routes::survey_results_csv)),
        HandlerRoute::post(SURVEY_ADMINISTRATION_PATH, post(crate::surveys::routes::manage_surveys)),
        HandlerRoute::post(MY_MESSAGE_PATH, post(crate::messages::routes::message_action)),
        HandlerRoute::post(MESSAGE_PREFERENCES_PATH, post(crate::messages::routes::save_message_preferences)),
        HandlerRoute::post(APPOINTMENT_CALENDAR_PATH, post(crate::appointments::routes::save_office_calendar)),
        HandlerRoute::post(CLERK_AGENDA_PATH, post(crate::appointments::routes::record_at_the_counter)),
        HandlerRoute::post(BOOKING_DAY_PATH, post(crate::appointments::routes::hold_a_slot)),
        HandlerRoute::post(BOOKING_STEP_PATH, post(crate::appointments::routes::booking_step)),
        HandlerRoute::post(APPOINTMENT_PATH, post(crate::appointments::routes::manage_appointment)),
        HandlerRoute::get(APPOINTMENT_CALENDAR_FILE_PATH, get(crate::appointments::routes::appointment_calendar_file)),
        HandlerRoute::post(MY_APPOINTMENT_PATH, post(crate::appointments::routes::manage_my_appointment)),
        HandlerRoute::get(MY_APPOINTMENT_CALENDAR_FILE_PATH, get(crate::appointments::routes::my_appointment_calendar_file)),
    ]
}

/// Every route the portal answers, as (method, axum path): handler routes,
/// Leptos pages (GET) and server functions. Static files are not listed.
pub fn route_table() -> Vec<(axum::http::Method, String)> {
    let mut table: Vec<(axum::http::Method, String)> = handler_routes().into_iter().map(|route| (route.method.clone(), route.path())).collect();
    table.extend(page_routes().into_iter().map(|listing| (axum::http::Method::GET, listing.path().to_string())));
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        let method = axum::http::Method::from_bytes(method.as_str().as_bytes()).unwrap_or(axum::http::Method::POST);
        table.push((method, path.to_string()));
    }
    table.sort_by(|a, b| (a.1.as_str(), a.0.as_str()).cmp(&(b.1.as_str(), b.0.as_str())));
    table.dedup();
    table
}

/// The router with its whole stack, behind the fast path.
pub fn build_router(state: AppState) -> fast_path::Portal {
    let provide_stores = context_provider(&state);
    let routes = page_routes();
    // Cloned with the route's service for each request, like `provide_stores`.
    let leptos_options = std::sync::Arc::new(state.leptos_options.clone());
    // Static assets are served directly; only unknown paths reach Leptos's
    // fallback, which renders the "page not found" page.
    let site_root = std::path::PathBuf::from(leptos_options.site_root.as_ref());
    // Forms whose answer redirects to another site: SPID logout, and "Paga
    // online" to pagoPA Checkout (form-action covers the redirect).
    let spid_logout_urls: Vec<String> = state
        .spid
        .iter()
        .flat_map(|spid| spid.identity_providers.iter().filter_map(|provider| provider.single_logout_redirect_url.clone()))
        .chain(state.checkout_url.clone())
        .collect();
    let security = security_headers::SecurityHeaders::new(state.config.served_over_tls())
        .allowing_form_redirects_to(spid_logout_urls.iter().map(String::as_str))
        .allowing_images_from(state.config.map_tile_origins());

    let compression = CompressionLayer::new().compress_when(
        SizeAbove::new(512).and(NotForContentType::IMAGES).and(NotForContentType::const_new("font/woff2")).and(NotForContentType::const_new("application/pdf")),
    );

    let assets = site_assets::SiteAssets::load(&site_root.join("pkg"));
    let fast = fast_path::FastPath {
        pages: state.page_cache.clone(),
        assets: assets.clone(),
        security: security.clone(),
        maintenance: state.maintenance.clone(),
        over_tls: state.config.served_over_tls(),
    };

    let mut router = Router::new();
    // Only handlers return `AppError`'s page markers: pages, server
    // functions and static files never pay for the request copy it keeps.
    for route in handler_routes() {
        router = router.route(&route.path(), route.handler.layer(axum::middleware::from_fn_with_state(state.clone(), errors::render_error_pages)));
    }
    let router = router
        // The build writes brotli and gzip files beside the CSS, JS and WASM
        // (`./sportello`'s `precompress_site_assets`): read once, served from
        // memory as they are, with their length, never compressed per request.
        .route_service("/pkg/{*asset}", get(site_assets::serve_site_asset).with_state(assets.clone()))
        .nest_service("/fonts", ServeDir::new(site_root.join("fonts")))
        .nest_service("/icons", ServeDir::new(site_root.join("icons")))
        .route_service("/sw.js", ServeFile::new(site_root.join("sw.js")))
        .route_service("/pwa.js", ServeFile::new(site_root.join("pwa.js")))
        .route_service("/map.js", ServeFile::new(site_root.join("map.js")))
        .nest_service("/vendor", ServeDir::new(site_root.join("vendor")))
        .route_service("/favicon.png", ServeFile::new(site_root.join("favicon.png")))
        .route_service("/manifest.webmanifest", ServeFile::new(site_root.join("manifest.webmanifest")))
        .leptos_routes_with_context(&state, routes, provide_stores.clone(), move || shell(leptos_options.as_ref().clone()))
        .fallback(file_and_error_handler_with_context::<AppState, _>(provide_stores, shell))
        .layer(axum::middleware::from_fn(server_function_errors::hide_server_function_error_details))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth::csrf::protect_against_cross_site_requests))
        // Between the two: it knows whether the visitor has a session, and a
        // kept page never reaches the CSRF cookie's issuing.
        .layer(axum::middleware::from_fn_with_state(state.page_cache.clone(), page_cache::serve_anonymous_pages))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::auth::sessions::resolve_session_and_enforce_access))
        .layer(axum::middleware::from_fn(normal_paths::refuse_paths_not_in_normal_form))
        .layer(axum::middleware::from_fn(operations::record_request_metrics))
        .layer(axum::middleware::from_fn(operations::cache_static_assets))
        .layer(axum::middleware::from_fn_with_state(state.maintenance.clone(), crate::maintenance::schedule::stop_or_announce))
        .layer(axum::middleware::from_fn_with_state(security, security_headers::add_security_headers))
        .layer(compression)
        .layer(axum::middleware::from_fn(limit_request_bodies))
        .layer(axum::middleware::from_fn(operations::log_requests_without_personal_data))
        .layer(axum::middleware::from_fn(errors::assign_request_id))
        .with_state(state);
    fast_path::Portal::new(fast, router)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_handler_routes_are_exactly_the_table_in_app_routes() {
        let mut routed: Vec<&str> = super::handler_routes().iter().map(|route| route.pattern).collect();
        routed.sort();
        routed.dedup();
        let mut table = app::routes::HANDLER_PATHS.to_vec();
        table.sort();
        assert_eq!(routed, table);
    }
}
