//! Sportello telematico's server: axum + Leptos SSR, sqlx (SQLite or
//! PostgreSQL), content loading, search, operations endpoints.

pub mod appointments;
pub mod auth;
pub mod certificates;
pub mod clock;
pub mod complaints;
pub mod config;
pub mod database;
pub mod guide;
pub mod http;
pub mod jobs;
pub mod listening;
pub mod mail;
pub mod maintenance;
pub mod messages;
pub mod payments;
pub mod pdf_text;
pub mod practices;
pub mod prepared;
pub mod reports;
pub mod retention;
pub mod standards;
pub mod surveys;
pub mod telemetry;

use anyhow::Context;
use axum::extract::FromRef;
use config::Config;
use guide::store::SqlGuideStore;
use leptos::config::LeptosOptions;
use prepared::PreparedFiles;
use sqlx::AnyPool;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// What every handler and middleware reaches, behind one `Arc`: axum clones
/// the state for each layer of each request, and cloning some thirty
/// reference counts there, on two cores at once, was most of what serving a
/// kept page cost (perf: 40 % of the CPU in `AppState`'s clone and drop).
#[derive(Clone)]
pub struct AppState(Arc<SharedState>);

impl std::ops::Deref for AppState {
    type Target = SharedState;
    fn deref(&self) -> &SharedState {
        &self.0
    }
}

pub struct SharedState {
    pub leptos_options: LeptosOptions,
    pub pool: AnyPool,
    pub guide_store: Arc<SqlGuideStore>,
    pub practices_port: Arc<practices::store::SqlPracticesPort>,
    pub accounts_port: Arc<auth::port::SqlAccountsPort>,
    /// The CNS/CRS certifiers, when smart-card login is configured.
    pub smart_card_certifiers: Option<auth::smart_card::TrustedCertifiers>,
    /// The SPID service provider, when SPID is configured.
    pub spid: Option<Arc<auth::spid::SpidServiceProvider>>,
    /// Where mail to citizens is queued for the delivery worker.
    pub outbox: mail::outbox::Outbox,
    /// Where every capability writes to a citizen (personal area, email, App IO).
    pub messages: messages::centre::MessageCentre,
    /// pagoPA's XSDs, compiled: every message of the creditor interface is checked against them.
    pub node_message_schema: payments::node_messages::NodeMessageSchema,
    /// pagoPA Checkout's base URL (configured, or the simulator's); None: no paying online.
    pub checkout_url: Option<String>,
    pub checkout_http: reqwest::Client,
    /// The pagoPA simulator, when `SPORTELLO_PAGOPA_SIMULATOR=1`.
    pub pagopa_simulator: Option<Arc<payments::simulator::PagoPaSimulator>>,
    /// The App IO simulator, when `SPORTELLO_APP_IO_SIMULATOR=1`.
    pub app_io_simulator: Option<Arc<messages::io_simulator::AppIoSimulator>>,
    /// Where certificates read the registry (the local one; ANPR to come).
    pub registry: Arc<dyn certificates::registry::RegistrySource>,
    /// The Comune's key that seals certificates.
    pub seal: Arc<certificates::seal::SealKey>,
    /// The Comune's street list, which reports' places name.
    pub streets: Arc<app::reports::streets::StreetList>,
    /// The service sheets booked at the counter, with their office.
    pub bookable: appointments::availability::BookableServices,
    /// What appointments name (offices, services, the portal's address): letters and pages.
    pub appointment_letters: appointments::reminders::ReminderNames,
    /// The maintenance windows every request consults.
    pub maintenance: maintenance::schedule::MaintenanceSchedule,
    /// The anonymous pages kept rendered, and what drops them.
    pub page_cache: http::page_cache::PageCache,
    pub config: Arc<Config>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// A started server: its address and a way to stop it (used by tests).
pub struct RunningServer {
    pub address: SocketAddr,
    /// The smart-card TLS listener's address, when configured.
    pub smart_card_address: Option<SocketAddr>,
    pub pool: AnyPool,
    /// The pagoPA simulator, when it runs (tests look at what it received).
    pub pagopa_simulator: Option<Arc<payments::simulator::PagoPaSimulator>>,
    /// The App IO simulator, when it runs (tests set its citizens and look at what it received).
    pub app_io_simulator: Option<Arc<messages::io_simulator::AppIoSimulator>>,
    /// The files it read (shared with other servers started with them).
    pub prepared: Arc<PreparedFiles>,
    /// Counts the App IO worker's rounds (tests wait for one after sending).
    pub io_rounds: tokio::sync::watch::Receiver<u64>,
    /// The message centre the server writes to citizens through.
    pub messages: messages::centre::MessageCentre,
    /// The kept anonymous pages (tests wait for a change another instance announced).
    pub page_cache: http::page_cache::PageCache,
    shutdown: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        let _ = self.task.await;
        self.pool.close().await;
    }
}

/// Loads the content, builds the search index, compiles the XSDs, then starts
/// as `start_prepared` does.
pub async fn start(config: Config) -> anyhow::Result<RunningServer> {
    config.refuse_development_defaults_in_production()?;
    let prepared = Arc::new(PreparedFiles::load(&config)?);
    start_prepared(config, prepared).await
}

/// Connects, migrates, writes the prepared content and procedures into the
/// database and starts serving on `config.bind_address` (port 0 picks a free
/// port). `prepared` must have been read from the folders `config` names.
pub async fn start_prepared(config: Config, prepared: Arc<PreparedFiles>) -> anyhow::Result<RunningServer> {
    config.refuse_development_defaults_in_production()?;
    anyhow::ensure!(prepared.are_of(&config), "the prepared files were read from other folders than the configuration names");
    let _ = telemetry::metrics_handle();
    let pool = database::connect_and_migrate(&config.database_url).await?;
    let content = &prepared.content;
    guide::content::store_content(&pool, content).await?;
    practices::definitions::publish_repository_procedures(&pool, &prepared.procedures).await?;
    surveys::store::store_definitions(&pool, &prepared.surveys).await?;
    appointments::calendars::store_missing_calendars(&pool, &prepared.appointment_calendars, config.clock.now_unix_seconds()).await?;
    // Practices filed before migration 0009 have no due day; give them one, once.
    database::run_data_fix_once(&pool, practices::processing::DUE_DAYS_DATA_FIX, || async {
        practices::processing::fill_missing_due_days(&pool).await.map(|_| ())
    })
    .await?;
    let practices_port = Arc::new(practices::store::SqlPracticesPort {
        pool: pool.clone(),
        offices: Arc::new(content.offices.clone()),
        trusted_proxies: config.trusted_proxies.clone(),
    });
    if config.demo_data {
        guide::demo::load_demo_ratings(&pool).await?;
        auth::demo::load_demo_accounts(&pool).await?;
        let today = app::practices::calendar::rome_time_of_unix_seconds(auth::tokens::now_unix_seconds()).date();
        payments::demo::load_demo_debts(&pool, &config.payments, today).await?;
        practices::demo::load_demo_practices(&pool, &prepared.procedures, today).await?;
        certificates::demo_registry::load_demo_registry(&pool, today, config.demo_registry_families).await?;
        appointments::demo::load_demo_appointments(&pool, today, auth::tokens::now_unix_seconds()).await?;
    }
    reports::store::check_category_offices(&pool, &content.offices).await?;
    reports::store::assign_missing_areas(&pool, &prepared.streets).await?;
    let seal = Arc::new(certificates::seal::SealKey::configured(&pool, config.seal_key_file.as_deref(), config.clock.now_unix_seconds()).await?);
    let registry: Arc<dyn certificates::registry::RegistrySource> = Arc::new(certificates::registry::LocalRegistry { pool: pool.clone() });
    let page_cache = http::page_cache::PageCache::new(pool.clone(), &config.database_url, config.clock.clone(), config.page_cache);
    let guide_store = Arc::new(SqlGuideStore::new(pool.clone(), prepared.search_index.clone(), page_cache.clone()));
    let listener = TcpListener::bind(config.bind_address).await.with_context(|| format!("cannot listen on {}", config.bind_address))?;
    let address = listener.local_addr()?;
    let leptos_options = LeptosOptions::builder()
        .output_name("sportello")
        .site_root(config.site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .hash_files(http::site_assets_are_hashed(&config.site_root, "sportello"))
        .site_addr(address)
        .build();
    let accounts_port = Arc::new(auth::port::SqlAccountsPort { pool: pool.clone() });
    let smart_card_certifiers = match &config.smart_card_ca_bundle {
        Some(path) => {
            let pem = std::fs::read(path).with_context(|| format!("cannot read the smart-card CA bundle {}", path.display()))?;
            Some(auth::smart_card::trusted_certifiers_from_pem(&pem)?)
        }
        None => None,
    };
    let smart_card_listener = match &config.smart_card_tls {
        Some(tls) => {
            let certifiers = smart_card_certifiers.clone().context("SPORTELLO_SMARTCARD_TLS_ADDR needs SPORTELLO_SMARTCARD_CA_BUNDLE")?;
            let acceptor = http::tls::smart_card_acceptor(tls, &certifiers)?;
            let listener = TcpListener::bind(tls.bind_address).await.with_context(|| format!("cannot listen on {}", tls.bind_address))?;
            Some((listener, acceptor))
        }
        None => None,
    };
    let spid = match &config.spid {
        Some(settings) => Some(Arc::new(auth::spid::SpidServiceProvider::start(settings, &config.public_url).context("SPID")?)),
        None => None,
    };
    let smart_card_address = smart_card_listener.as_ref().map(|(listener, _)| listener.local_addr()).transpose()?;
    let outbox = mail::outbox::Outbox::new(pool.clone());
    let mail_worker = mail::delivery::MailDeliveryWorker::from_settings(&config.mail)?;
    if mail_worker.is_none() {
        tracing::warn!("SPORTELLO_SMTP_URL is not set: outgoing mail stays queued in the outbox");
    }
    if config.payments.demo_values {
        tracing::warn!("SPORTELLO_PAGOPA_CREDITOR_FISCAL_CODE is not set: payment notices carry development values and say so");
    }
    let node_message_schema = prepared.node_message_schema.clone();
    let pagopa_simulator = config.payments.simulator.then(|| payments::simulator::PagoPaSimulator::new(address));
    let checkout_url =
        config.payments.checkout_url.clone().or_else(|| config.payments.simulator.then(|| payments::simulator::PagoPaSimulator::checkout_url(address)));
    let service_titles: Arc<std::collections::BTreeMap<String, (String, String)>> =
        Arc::new(content.sheets.iter().map(|sheet| (sheet.slug.clone(), (sheet.title.it.clone(), sheet.title.en.clone()))).collect());
    let bookable: appointments::availability::BookableServices = Arc::new(
        content
            .sheets
            .iter()
            .filter(|sheet| sheet.access.kind == app::guide::model::ServiceAccessKind::Booking)
            .map(|sheet| (sheet.slug.clone(), appointments::availability::BookableService { office: sheet.office.clone(), needed: sheet.needed.clone() }))
            .collect(),
    );
    let reminder_names =
        appointments::reminders::ReminderNames { offices: practices_port.offices.clone(), services: service_titles, public_url: config.public_url.clone() };
    let app_io = config.app_io.client(&format!("http://{address}"));
    let message_centre = messages::centre::MessageCentre::new(pool.clone(), outbox.clone(), config.clock.clone(), app_io.is_some());
    let maintenance = maintenance::schedule::MaintenanceSchedule::load(pool.clone(), prepared.maintenance_rules.clone(), config.clock.clone()).await?;
    let mut config = config;
    if config.smart_card_login_url.is_none() {
        config.smart_card_login_url = smart_card_address.map(|address| format!("https://{address}/accedi/cns"));
    }
    let state = AppState(Arc::new(SharedState {
        leptos_options,
        pool: pool.clone(),
        guide_store,
        practices_port,
        accounts_port,
        smart_card_certifiers,
        spid,
        outbox: outbox.clone(),
        messages: message_centre.clone(),
        node_message_schema,
        checkout_url,
        checkout_http: payments::checkout::checkout_http_client(),
        pagopa_simulator,
        app_io_simulator: config.app_io.simulator.then(|| Arc::new(messages::io_simulator::AppIoSimulator::default())),
        registry,
        seal,
        streets: prepared.streets.clone(),
        bookable,
        appointment_letters: reminder_names.clone(),
        maintenance: maintenance.clone(),
        page_cache: page_cache.clone(),
        config: Arc::new(config),
    }));
    let state_config = state.config.clone();
    let running_simulator = state.pagopa_simulator.clone();
    let running_io_simulator = state.app_io_simulator.clone();
    let portal = http::build_router(state);
    let (shutdown, shutdown_signal) = tokio::sync::watch::channel(false);
    if let Some((listener, acceptor)) = smart_card_listener {
        tokio::spawn(http::tls::serve_smart_card_listener(listener, acceptor, portal.router(), shutdown_signal.clone()));
    }
    if let Some(worker) = mail_worker {
        tokio::spawn(worker.run(pool.clone(), outbox.worker_wake_up(), shutdown_signal.clone()));
    }
    tokio::spawn(payments::reconciliation::run_reconciliation_job(
        pool.clone(),
        state_config.payments.payment_hold_seconds,
        state_config.payments.reconciliation_interval_seconds,
        shutdown_signal.clone(),
    ));
    tokio::spawn(retention::run_retention_job(pool.clone(), state_config.clock.clone(), retention::RETENTION_INTERVAL_SECONDS, shutdown_signal.clone()));
    tokio::spawn(maintenance::schedule::run_refresh_job(maintenance, shutdown_signal.clone()));
    tokio::spawn(page_cache.clone().listen(state_config.database_url.clone(), shutdown_signal.clone()));
    tokio::spawn(appointments::store::run_hold_release_job(pool.clone(), state_config.clock.clone(), shutdown_signal.clone()));
    tokio::spawn(appointments::reminders::run_reminder_job(
        pool.clone(),
        message_centre.clone(),
        outbox.clone(),
        reminder_names,
        state_config.clock.clone(),
        shutdown_signal.clone(),
    ));
    tokio::spawn(complaints::lapse::run_lapse_job(pool.clone(), outbox.clone(), state_config.clock.clone(), shutdown_signal.clone()));
    let (io_rounds_sender, io_rounds) = tokio::sync::watch::channel(0);
    if let Some(client) = app_io {
        let worker = messages::io_worker::IoWorker {
            pool: pool.clone(),
            client,
            pause: state_config.app_io.pause.clone(),
            public_url: state_config.public_url.clone(),
            clock: state_config.clock.clone(),
            wake_up: message_centre.io_worker_wake_up(),
            rounds: io_rounds_sender,
        };
        tokio::spawn(worker.run(shutdown_signal.clone()));
    }
    let mut main_shutdown = shutdown_signal;
    let task = tokio::spawn(async move {
        axum::serve(listener, portal)
            .with_graceful_shutdown(async move {
                let _ = main_shutdown.changed().await;
            })
            .await
    });
    Ok(RunningServer {
        address,
        smart_card_address,
        pool,
        pagopa_simulator: running_simulator,
        app_io_simulator: running_io_simulator,
        prepared,
        io_rounds,
        messages: message_centre,
        page_cache,
        shutdown,
        task,
    })
}
