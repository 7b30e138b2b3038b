//! Accounts and access on the server: sessions, CSRF protection, passwords,
//! TOTP, login throttling, the audit log, activation letters, the accounts
//! port for server functions, and the form handlers of login and the
//! personal and staff areas.

pub mod accounts;
pub mod audit;
pub mod csrf;
pub mod demo;
pub mod email_verification;
pub mod export;
pub mod letters;
pub mod password_reset;
pub mod passwords;
pub mod port;
pub mod routes;
pub mod sessions;
pub mod smart_card;
pub mod spid;
pub mod throttle;
pub mod tokens;
pub mod totp;
