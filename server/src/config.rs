//! Configuration from the environment, with defaults that make
//! `./sportello run` work with no set-up (SQLite under `data/`).

use anyhow::Context;
use std::net::SocketAddr;
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
}

#[derive(Clone, Debug)]
pub struct SmartCardTls {
    pub bind_address: SocketAddr,
    pub certificate_pem: PathBuf,
    pub private_key_pem: PathBuf,
}

impl Config {
    pub fn from_environment() -> anyhow::Result<Config> {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
        let bind_address = var("LEPTOS_SITE_ADDR")
            .unwrap_or_else(|| "127.0.0.1:3000".to_string())
            .parse()
            .context("LEPTOS_SITE_ADDR is not a socket address such as 127.0.0.1:3000")?;
        Ok(Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/sportello.sqlite".to_string()),
            bind_address,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_string()).into(),
            content_dir: var("SPORTELLO_CONTENT_DIR").unwrap_or_else(|| "content".to_string()).into(),
            public_url: var("SPORTELLO_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind_address}")),
            demo_data: var("SPORTELLO_DEMO_DATA").is_some_and(|value| value == "1" || value == "true"),
            trusted_proxies: var("SPORTELLO_TRUSTED_PROXIES")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|entry| !entry.is_empty())
                .map(|entry| entry.parse().with_context(|| format!("SPORTELLO_TRUSTED_PROXIES: {entry} is not an IP address")))
                .collect::<anyhow::Result<_>>()?,
            smart_card_ca_bundle: var("SPORTELLO_SMARTCARD_CA_BUNDLE").map(PathBuf::from),
            smart_card_tls: match var("SPORTELLO_SMARTCARD_TLS_ADDR") {
                None => None,
                Some(address) => Some(SmartCardTls {
                    bind_address: address.parse().context("SPORTELLO_SMARTCARD_TLS_ADDR is not a socket address")?,
                    certificate_pem: var("SPORTELLO_TLS_CERTIFICATE")
                        .context("SPORTELLO_SMARTCARD_TLS_ADDR needs SPORTELLO_TLS_CERTIFICATE (PEM chain)")?
                        .into(),
                    private_key_pem: var("SPORTELLO_TLS_PRIVATE_KEY")
                        .context("SPORTELLO_SMARTCARD_TLS_ADDR needs SPORTELLO_TLS_PRIVATE_KEY (PEM)")?
                        .into(),
                }),
            },
            smart_card_login_url: var("SPORTELLO_SMARTCARD_URL"),
            spid: crate::auth::spid::SpidSettings::from_environment(var),
            mail: crate::mail::MailSettings::from_environment(var),
            payments: crate::payments::settings::PaymentSettings::from_environment(var)?,
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
        }
    }

    pub fn served_over_tls(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
