//! Configuration from the environment, with defaults that make
//! `./sportello run` work with no set-up (SQLite under `data/`).

use anyhow::Context;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    /// `sqlite://…` (default, embedded) or `postgres://…`.
    pub database_url: String,
    pub bind_address: SocketAddr,
    /// Where cargo-leptos put the site (CSS, WASM, public assets).
    pub site_root: PathBuf,
    /// The guide's content files (topics, service sheets, pages).
    pub content_dir: PathBuf,
    /// The public base URL, used in the sitemap and to decide on HSTS.
    pub public_url: String,
    /// Load demonstration data (sample ratings) into an empty database.
    pub demo_data: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed (comma-separated IPs).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// PEM bundle of the CNS/CRS certifiers whose smart cards are accepted.
    pub smart_card_ca_bundle: Option<PathBuf>,
    /// The TLS listener that asks for the smart card's certificate.
    pub smart_card_tls: Option<SmartCardTls>,
    /// The public address of the smart-card login (`…/accedi/cns`).
    pub smart_card_login_url: Option<String>,
    /// SPID, when identity providers (or the test one) are configured.
    pub spid: Option<crate::auth::spid::SpidSettings>,
    /// Outgoing mail (SMTP) and the development outbox page.
    pub mail: crate::mail::MailSettings,
    /// pagoPA: the creditor body, its notice numbers, the node and Checkout.
    pub payments: crate::payments::settings::PaymentSettings,
    /// The App IO channel (`SPORTELLO_APP_IO_*`; without a key it is off).
    pub app_io: crate::messages::app_io::AppIoSettings,
    /// `SPORTELLO_PRODUCTION=1`, or an https public URL: the development
    /// helpers (test identity provider, outbox page, pagoPA simulator, demo
    /// data) refuse to start, and address allow-lists have no default.
    pub production: bool,
    /// Who may read `/metrics` (`SPORTELLO_METRICS_ADDRESSES`); by default
    /// loopback, unless a proxy may be in front (then nobody until set).
    pub metrics_addresses: Vec<IpAddr>,
    /// The system clock; tests share one and move it forward.
    pub clock: crate::clock::Clock,
    /// `SPORTELLO_TEST_CLOCK=1`: the development clock's form
    /// (`/sviluppo/orologio`) may move the clock (end-to-end tests enter a
    /// maintenance window with it). Refused in production.
    pub test_clock: bool,
    /// Anonymous guide pages rendered once and kept (`http::page_cache`);
    /// `SPORTELLO_PAGE_CACHE=0` renders every page for every request (the
    /// tests compare both, the bench measures both).
    pub page_cache: bool,
    /// The accessibility statement published on AgID's form site
    /// (`SPORTELLO_ACCESSIBILITY_STATEMENT_URL`, https://form.agid.gov.it/…),
    /// where the footer's link points once the Comune has published it; the
    /// local page keeps the same content and is the link until then.
    pub accessibility_statement_url: Option<String>,
    /// How to reach the Comune's data protection officer
    /// (`SPORTELLO_DPO_CONTACT`, e.g. an email address): the privacy notice
    /// must name it (GDPR art. 13), and only the Comune can say what it is,
    /// so a production server refuses to start without it.
    pub data_protection_officer: Option<String>,
    /// The Comune's sealing key for certificates (`SPORTELLO_SEAL_KEY_FILE`:
    /// an Ed25519 private key, PKCS#8 PEM, as `openssl genpkey -algorithm
    /// ed25519` writes it). Without it a development server makes one and
    /// keeps it in its database; a production server refuses to start.
    pub seal_key_file: Option<PathBuf>,
    /// The reports' maps: the tile server (`SPORTELLO_MAP_TILES`, a Leaflet
    /// URL template, https; OpenStreetMap's by default), its attribution
    /// (`SPORTELLO_MAP_ATTRIBUTION`, `SPORTELLO_MAP_ATTRIBUTION_URL`). The
    /// pages' CSP allows images from exactly that origin.
    pub map: app::reports::model::MapSettings,
    /// Family units of the demo registry (Rho's size; tests that need only
    /// the demo citizens' families take a few).
    pub demo_registry_families: usize,
}

#[derive(Clone, Debug)]
pub struct SmartCardTls {
    pub bind_address: SocketAddr,
    pub certificate_pem: PathBuf,
    pub private_key_pem: PathBuf,
}

impl Config {
    pub fn from_environment() -> anyhow::Result<Config> {
        Config::from_variables(|name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty()))
    }

    pub fn from_variables(var: impl Fn(&str) -> Option<String> + Copy) -> anyhow::Result<Config> {
        let bind_address = var("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".to_string())
            .parse()
            .context("LEPTOS_SITE_ADDR is not a socket address such as 127.0.0.1:3000")?;
        let public_url = var("SPORTELLO_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind_address}"));
        let production = var("SPORTELLO_PRODUCTION").is_some_and(|value| value == "1" || value == "true") || public_url.starts_with("https://");
        let trusted_proxies: Vec<IpAddr> = ip_list(var("SPORTELLO_TRUSTED_PROXIES"), "SPORTELLO_TRUSTED_PROXIES")?;
        let metrics_addresses = match var("SPORTELLO_METRICS_ADDRESSES") {
            Some(list) => ip_list(Some(list), "SPORTELLO_METRICS_ADDRESSES")?,
            None if production || !trusted_proxies.is_empty() => Vec::new(),
            None => loopback_addresses(),
        };
        Ok(Config {
            production,
            metrics_addresses,
            clock: crate::clock::Clock::default(),
            test_clock: var("SPORTELLO_TEST_CLOCK").is_some_and(|value| value == "1" || value == "true"),
            page_cache: !var("SPORTELLO_PAGE_CACHE").is_some_and(|value| value == "0" || value == "false"),
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/sportello.sqlite".to_string()),
            bind_address,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_string()).into(),
            content_dir: var("SPORTELLO_CONTENT_DIR").unwrap_or_else(|| "content".to_string()).into(),
            public_url,
            demo_data: var("SPORTELLO_DEMO_DATA").is_some_and(|value| value == "1" || value == "true"),
            trusted_proxies,
            smart_card_ca_bundle: var("SPORTELLO_SMARTCARD_CA_BUNDLE").map(PathBuf::from),
            smart_card_tls: match var("SPORTELLO_SMARTCARD_TLS_ADDR") {
                None => None,
                Some(address) => Some(SmartCardTls {
                    bind_address: address.parse().context("SPORTELLO_SMARTCARD_TLS_ADDR is not a socket address")?,
                    certificate_pem: var("SPORTELLO_TLS_CERTIFICATE")
                        .context("SPORTELLO_SMARTCARD_TLS_ADDR needs SPORTELLO_TLS_CERTIFICATE (PEM chain)")?
                        .into(),
                    private_key_pem: var("SPORTELLO_TLS_PRIVATE_KEY").context("SPORTELLO_SMARTCARD_TLS_ADDR needs SPORTELLO_TLS_PRIVATE_KEY (PEM)")?.into(),
                }),
            },
            smart_card_login_url: var("SPORTELLO_SMARTCARD_URL"),
            spid: crate::auth::spid::SpidSettings::from_environment(var),
            mail: crate::mail::MailSettings::from_environment(var),
            payments: crate::payments::settings::PaymentSettings::from_environment(var)?,
            app_io: crate::messages::app_io::AppIoSettings::from_environment(var),
            accessibility_statement_url: accessibility_statement_url(var("SPORTELLO_ACCESSIBILITY_STATEMENT_URL"))?,
            data_protection_officer: var("SPORTELLO_DPO_CONTACT").map(|contact| contact.trim().to_string()).filter(|contact| !contact.is_empty()),
            seal_key_file: var("SPORTELLO_SEAL_KEY_FILE").map(PathBuf::from),
            map: map_settings(var("SPORTELLO_MAP_TILES"), var("SPORTELLO_MAP_ATTRIBUTION"), var("SPORTELLO_MAP_ATTRIBUTION_URL"))?,
            demo_registry_families: crate::certificates::demo_registry::DEMO_REGISTRY_FAMILIES,
        })
    }

    /// A server on a free loopback port with nothing optional configured
    /// (no SPID, no smart card, mail only queued, the development creditor),
    /// reading its files from `workspace`: for tests and benchmarks.
    pub fn local(database_url: String, workspace: &std::path::Path) -> Config {
        Config {
            database_url,
            bind_address: SocketAddr::from(([127, 0, 0, 1], 0)),
            site_root: workspace.join("target/site"),
            content_dir: workspace.join("content"),
            public_url: "http://portale.test".into(),
            demo_data: false,
            trusted_proxies: Vec::new(),
            smart_card_ca_bundle: None,
            smart_card_tls: None,
            smart_card_login_url: None,
            spid: None,
            mail: crate::mail::MailSettings::queue_only(),
            payments: crate::payments::settings::PaymentSettings {
                schema_dir: workspace.join("server/pagopa-schemas"),
                ..crate::payments::settings::PaymentSettings::development()
            },
            app_io: crate::messages::app_io::AppIoSettings::default(),
            production: false,
            metrics_addresses: loopback_addresses(),
            clock: crate::clock::Clock::default(),
            test_clock: false,
            page_cache: true,
            accessibility_statement_url: None,
            data_protection_officer: None,
            seal_key_file: None,
            map: app::reports::model::MapSettings::default(),
            demo_registry_families: crate::certificates::demo_registry::DEMO_REGISTRY_FAMILIES,
        }
    }

    /// The origins the maps' tiles come from (`https://tile.openstreetmap.org`;
    /// with Leaflet's `{s}`, its three subdomains), for the CSP.
    pub fn map_tile_origins(&self) -> Vec<String> {
        let subdomains: &[&str] = if self.map.tiles.contains("{s}") { &["a", "b", "c"] } else { &["a"] };
        subdomains.iter().filter_map(|subdomain| tile_origin(&self.map.tiles.replace("{s}", subdomain))).collect()
    }

    /// A production server must not start with what exists only for
    /// development: each says what to change.
    pub fn refuse_development_defaults_in_production(&self) -> anyhow::Result<()> {
        let mut problems = Vec::new();
        if self.production {
            if self.spid.as_ref().is_some_and(|spid| spid.test_identity_provider) {
                problems.push("SPORTELLO_SPID_TEST_IDP is set: the test identity provider logs anyone in as anyone (unset it)");
            }
            if self.mail.development_outbox {
                problems.push("SPORTELLO_DEVELOPMENT_OUTBOX is set: the outbox page shows every mail, reset links included (unset it)");
            }
            if self.app_io.simulator {
                problems.push("SPORTELLO_APP_IO_SIMULATOR is set: messages for App IO would go to the simulator (unset it)");
            }
            if self.payments.simulator {
                problems.push("SPORTELLO_PAGOPA_SIMULATOR is set: the simulator marks notices paid without money (unset it)");
            }
            if self.test_clock {
                problems.push("SPORTELLO_TEST_CLOCK is set: anyone could move the server's clock (unset it)");
            }
            if self.demo_data {
                problems.push("SPORTELLO_DEMO_DATA is set: demo accounts have published passwords (unset it)");
            }
            if self.data_protection_officer.is_none() {
                problems.push("SPORTELLO_DPO_CONTACT is not set: the privacy notice must say how to reach the Comune's data protection officer (GDPR art. 13)");
            }
            if self.seal_key_file.is_none() {
                problems.push(
                    "SPORTELLO_SEAL_KEY_FILE is not set: certificates must be sealed with the Comune's key (an Ed25519 PKCS#8 PEM file), not a generated one",
                );
            }
        }
        // A proxy on the same host makes every visitor look like loopback.
        if (self.production || !self.trusted_proxies.is_empty()) && !self.payments.node_addresses_configured {
            problems.push("SPORTELLO_PAGOPA_NODE_ADDRESSES is not set: name the addresses of pagoPA's node (the default, loopback, is every visitor behind a proxy on this host)");
        }
        anyhow::ensure!(problems.is_empty(), "refusing to start in production:\n- {}", problems.join("\n- "));
        Ok(())
    }

    pub fn served_over_tls(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

fn loopback_addresses() -> Vec<IpAddr> {
    vec![IpAddr::from([127, 0, 0, 1]), IpAddr::from(std::net::Ipv6Addr::LOCALHOST)]
}

/// A comma-separated list of IP addresses, each checked.
pub(crate) fn ip_list(list: Option<String>, name: &str) -> anyhow::Result<Vec<IpAddr>> {
    list.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| entry.parse().with_context(|| format!("{name}: {entry} is not an IP address")))
        .collect()
}

/// The template's origin, with Leaflet's placeholders filled in to parse it.
fn tile_origin(template: &str) -> Option<String> {
    let sample = ["{s}", "{z}", "{x}", "{y}", "{r}"].iter().fold(template.to_string(), |text, placeholder| text.replace(placeholder, "a"));
    let url = url::Url::parse(&sample).ok()?;
    let origin = url.origin().ascii_serialization();
    (matches!(url.scheme(), "https" | "http") && origin != "null").then_some(origin)
}

/// The tile server must be a web address with the tile's coordinates in it;
/// plain http only on this machine (a local tile server).
fn map_settings(tiles: Option<String>, attribution: Option<String>, attribution_url: Option<String>) -> anyhow::Result<app::reports::model::MapSettings> {
    let default = app::reports::model::MapSettings::default();
    let tiles = tiles.map(|tiles| tiles.trim().to_string()).unwrap_or(default.tiles);
    let origin = tile_origin(&tiles);
    let local = origin.as_deref().is_some_and(|origin| origin.starts_with("http://127.0.0.1") || origin.starts_with("http://localhost"));
    let secure = origin.as_deref().is_some_and(|origin| origin.starts_with("https://"));
    if !(secure || local) || !["{z}", "{x}", "{y}"].iter().all(|placeholder| tiles.contains(placeholder)) {
        anyhow::bail!("SPORTELLO_MAP_TILES must be an https address with {{z}}, {{x}} and {{y}} in it, like https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png, not {tiles:?}");
    }
    Ok(app::reports::model::MapSettings {
        tiles,
        attribution: attribution.unwrap_or(default.attribution),
        attribution_url: attribution_url.unwrap_or(default.attribution_url),
    })
}

/// The statement must be the one AgID publishes: the national model's
/// criterion C.SI.3.2 reads it there.
fn accessibility_statement_url(raw: Option<String>) -> anyhow::Result<Option<String>> {
    match raw {
        Some(url) if url.starts_with("https://form.agid.gov.it/") && url.len() > "https://form.agid.gov.it/".len() => Ok(Some(url)),
        Some(url) => {
            anyhow::bail!("SPORTELLO_ACCESSIBILITY_STATEMENT_URL must be the statement's address on AgID's form site (https://form.agid.gov.it/…), not {url:?}")
        }
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accessibility_statement_is_the_one_on_agids_form_site() {
        let published = "https://form.agid.gov.it/view/0b7f3c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f".to_string();
        assert_eq!(accessibility_statement_url(Some(published.clone())).unwrap(), Some(published));
        assert_eq!(accessibility_statement_url(None).unwrap(), None);
        for wrong in ["http://form.agid.gov.it/view/x", "https://example.org/dichiarazione", "https://form.agid.gov.it/"] {
            let error = accessibility_statement_url(Some(wrong.into())).unwrap_err().to_string();
            assert!(error.contains("SPORTELLO_ACCESSIBILITY_STATEMENT_URL"), "{error}");
        }
    }

    fn production_with(adjust: impl FnOnce(&mut Config)) -> anyhow::Result<()> {
        let mut config = Config::local("sqlite::memory:".into(), std::path::Path::new("."));
        config.production = true;
        config.payments.node_addresses_configured = true;
        config.metrics_addresses = Vec::new();
        config.data_protection_officer = Some("rpd@comune.example.it".into());
        config.seal_key_file = Some("/etc/sportello/sigillo.pem".into());
        adjust(&mut config);
        config.refuse_development_defaults_in_production()
    }

    #[test]
    fn development_helpers_refuse_to_start_in_production() {
        assert!(production_with(|_| {}).is_ok());
        let refused = |adjust: fn(&mut Config), needle: &str| {
            let error = production_with(adjust).expect_err(needle).to_string();
            assert!(error.contains(needle), "{error}");
        };
        refused(|config| config.mail.development_outbox = true, "SPORTELLO_DEVELOPMENT_OUTBOX");
        refused(|config| config.payments.simulator = true, "SPORTELLO_PAGOPA_SIMULATOR");
        refused(|config| config.app_io.simulator = true, "SPORTELLO_APP_IO_SIMULATOR");
        refused(|config| config.demo_data = true, "SPORTELLO_DEMO_DATA");
        refused(|config| config.data_protection_officer = None, "SPORTELLO_DPO_CONTACT");
        refused(|config| config.seal_key_file = None, "SPORTELLO_SEAL_KEY_FILE");
        refused(|config| config.payments.node_addresses_configured = false, "SPORTELLO_PAGOPA_NODE_ADDRESSES");
        // Behind a proxy, even outside production, the node has no default.
        let mut development = Config::local("sqlite::memory:".into(), std::path::Path::new("."));
        development.trusted_proxies = vec![IpAddr::from([127, 0, 0, 1])];
        assert!(development.refuse_development_defaults_in_production().is_err());
        development.trusted_proxies.clear();
        assert!(development.refuse_development_defaults_in_production().is_ok());
    }

    #[test]
    fn an_https_address_means_production_and_metrics_have_no_default_there() {
        let with = |pairs: &'static [(&'static str, &'static str)]| {
            Config::from_variables(move |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string())).unwrap()
        };
        let development = with(&[]);
        assert!(!development.production);
        assert_eq!(development.metrics_addresses, loopback_addresses());
        let public = with(&[("SPORTELLO_PUBLIC_URL", "https://sportello.comune.rho.mi.it")]);
        assert!(public.production);
        assert!(public.metrics_addresses.is_empty());
        assert!(public.refuse_development_defaults_in_production().is_err(), "the node's addresses must be named");
        let flagged = with(&[
            ("SPORTELLO_PRODUCTION", "1"),
            ("SPORTELLO_PAGOPA_NODE_ADDRESSES", "10.1.2.3"),
            ("SPORTELLO_METRICS_ADDRESSES", "10.0.0.9"),
            ("SPORTELLO_DPO_CONTACT", " rpd@comune.rho.mi.it "),
            ("SPORTELLO_SEAL_KEY_FILE", "/etc/sportello/sigillo.pem"),
        ]);
        assert!(flagged.production);
        assert_eq!(flagged.data_protection_officer.as_deref(), Some("rpd@comune.rho.mi.it"));
        assert_eq!(flagged.metrics_addresses, vec![IpAddr::from([10, 0, 0, 9])]);
        assert!(flagged.refuse_development_defaults_in_production().is_ok());
        let behind_proxy = with(&[("SPORTELLO_TRUSTED_PROXIES", "127.0.0.1")]);
        assert!(behind_proxy.metrics_addresses.is_empty(), "a same-host proxy makes everyone loopback");
    }
}
