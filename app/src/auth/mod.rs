//! Accounts and access: the citizen's identity (fiscal code), roles, levels,
//! sessions' rules and the login, activation and personal-area pages.

pub mod fiscal_code;
pub mod model;
