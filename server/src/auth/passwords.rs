//! Password hashing with Argon2id (the crate's defaults: 19 MiB, 2 passes),
//! on the blocking pool so a login never stalls other requests.

use anyhow::Context;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;

#[tracing::instrument(skip_all)]
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|error| anyhow::anyhow!("argon2 hashing failed: {error}"))
    })
    .await
    .context("the hashing task stopped")?
}

/// Checks a password against a stored hash. With no stored hash (unknown
/// account) a dummy hash is checked anyway, so the answer takes as long
/// either way and reveals nothing about which accounts exist.
#[tracing::instrument(skip_all)]
pub async fn verify_password(stored_hash: Option<String>, candidate: String) -> bool {
    let hash = stored_hash.unwrap_or_else(|| dummy_hash().to_string());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).map(|parsed| Argon2::default().verify_password(candidate.as_bytes(), &parsed).is_ok()).unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(b"not a real password, only for timing", &salt).map(|hash| hash.to_string()).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_are_argon2id() {
        let hash = hash_password("cavallo batteria graffetta".into()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password(Some(hash.clone()), "cavallo batteria graffetta".into()).await);
        assert!(!verify_password(Some(hash), "cavallo batteria graffett".into()).await);
        assert!(!verify_password(None, "anything".into()).await);
    }
}
