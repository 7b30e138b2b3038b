//! Outgoing mail: an outbox table written in the request that causes a
//! message, and a background worker that delivers it over SMTP (lettre).
//! Without an SMTP server (development, tests) messages stay in the outbox,
//! where the development outbox page can show them.

pub mod delivery;
pub mod outbox;
pub mod port;

/// How mail leaves the portal, from the environment.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// lettre's connection URL: `smtp://host:25` (plain), `smtp://user:password@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:password@host:465`. None: messages stay queued.
    pub smtp_url: Option<String>,
    /// The From header, e.g. `Comune di Rho <noreply@comune.example>`.
    pub from: String,
    /// Shows queued messages at `/sviluppo/posta`. Development and tests only:
    /// it would show one-time links to anyone.
    pub development_outbox: bool,
}

impl MailSettings {
    pub fn from_environment(var: impl Fn(&str) -> Option<String>) -> MailSettings {
        MailSettings {
            smtp_url: var("SPORTELLO_SMTP_URL"),
            from: var("SPORTELLO_MAIL_FROM").unwrap_or_else(|| "Sportello telematico del Comune di Rho <sportello@localhost>".to_string()),
            development_outbox: var("SPORTELLO_DEVELOPMENT_OUTBOX").is_some_and(|value| value == "1" || value == "true"),
        }
    }

    /// Nothing is sent; used by tests and by default.
    pub fn queue_only() -> MailSettings {
        MailSettings { smtp_url: None, from: "Sportello telematico <sportello@localhost>".to_string(), development_outbox: false }
    }
}
