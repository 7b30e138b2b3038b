//! The Comune's digital seal on certificates (contrassegno elettronico, CAD
//! art. 23-ter c. 5): an Ed25519 signature over the certificate's id and the
//! SHA-256 of its canonical content, carried by the QR code. The public key
//! is published (`/certificati/chiave-pubblica.pem`) so anyone can check a
//! seal with their own tools, `openssl pkeyutl -verify -rawin` for one.

use anyhow::Context;
use base64::Engine;
use ring::signature::{Ed25519KeyPair, KeyPair, UnparsedPublicKey, ED25519};
use sha2::{Digest, Sha256};
use sqlx::{AnyPool, Row};
use std::path::Path;

/// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the 32
/// key bytes follow it.
const ED25519_PUBLIC_KEY_INFO_PREFIX: [u8; 12] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

/// What the seal signs: a versioned line naming the certificate and its
/// content's digest, so a signature cannot be moved to another certificate.
pub fn signed_message(certificate_id: &str, content_digest: &str) -> String {
    format!("SPORTELLO-RHO-CERTIFICATO-1|{certificate_id}|{content_digest}")
}

pub fn base64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn from_base64url(text: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).ok()
}

/// The SHA-256 of `bytes`, base64url without padding (43 characters).
pub fn digest_of(bytes: &[u8]) -> String {
    base64url(&Sha256::digest(bytes))
}

pub struct SealKey {
    pair: Ed25519KeyPair,
    key_id: String,
}

impl SealKey {
    fn from_pkcs8(der: &[u8]) -> anyhow::Result<SealKey> {
        // openssl writes PKCS#8 v1 (no public key inside): ring derives it.
        let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(der).map_err(|error| anyhow::anyhow!("not an Ed25519 PKCS#8 private key: {error}"))?;
        let key_id = key_id_of(pair.public_key().as_ref());
        Ok(SealKey { pair, key_id })
    }

    /// The key in a PEM file (`-----BEGIN PRIVATE KEY-----`).
    pub fn from_pem_file(path: &Path) -> anyhow::Result<SealKey> {
        let pem = std::fs::read_to_string(path).with_context(|| format!("cannot read the seal key {}", path.display()))?;
        let der = der_of_pem(&pem, "PRIVATE KEY").with_context(|| format!("{} holds no PEM private key", path.display()))?;
        SealKey::from_pkcs8(&der).with_context(|| format!("the seal key {}", path.display()))
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn public_key(&self) -> &[u8] {
        self.pair.public_key().as_ref()
    }

    pub fn public_key_pem(&self) -> String {
        public_key_pem(self.public_key())
    }

    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.pair.sign(message).as_ref().to_vec()
    }

    /// The configured key, registered among the keys that sealed; without
    /// one (development only: production refuses to start), the key this
    /// database's development server generated, made the first time.
    pub async fn configured(pool: &AnyPool, file: Option<&Path>, now: i64) -> anyhow::Result<SealKey> {
        let key = match file {
            Some(path) => SealKey::from_pem_file(path)?,
            None => {
                let stored: Option<Vec<u8>> =
                    sqlx::query_scalar("SELECT development_pkcs8 FROM seal_keys WHERE development_pkcs8 IS NOT NULL ORDER BY created_at LIMIT 1")
                        .fetch_optional(pool)
                        .await
                        .context("cannot read the development seal key")?;
                match stored {
                    Some(der) => SealKey::from_pkcs8(&der)?,
                    None => {
                        let der =
                            Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).map_err(|_| anyhow::anyhow!("cannot generate a seal key"))?;
                        let key = SealKey::from_pkcs8(der.as_ref())?;
                        sqlx::query("INSERT INTO seal_keys (key_id, public_key, development_pkcs8, created_at) VALUES ($1, $2, $3, $4)")
                            .bind(key.key_id.clone())
                            .bind(key.public_key().to_vec())
                            .bind(der.as_ref().to_vec())
                            .bind(now)
                            .execute(pool)
                            .await
                            .context("cannot keep the development seal key")?;
                        tracing::warn!("SPORTELLO_SEAL_KEY_FILE is not set: certificates are sealed with a key generated for development");
                        return Ok(key);
                    }
                }
            }
        };
        let known: Option<String> = sqlx::query_scalar("SELECT key_id FROM seal_keys WHERE key_id = $1")
            .bind(key.key_id.clone())
            .fetch_optional(pool)
            .await
            .context("cannot read the seal keys")?;
        if known.is_none() {
            sqlx::query("INSERT INTO seal_keys (key_id, public_key, development_pkcs8, created_at) VALUES ($1, $2, NULL, $3)")
                .bind(key.key_id.clone())
                .bind(key.public_key().to_vec())
                .bind(now)
                .execute(pool)
                .await
                .context("cannot register the seal key")?;
        }
        Ok(key)
    }
}

/// A key's short name: the first 16 hexadecimal digits of its SHA-256.
pub fn key_id_of(public_key: &[u8]) -> String {
    Sha256::digest(public_key).iter().take(8).map(|byte| format!("{byte:02x}")).collect()
}

pub fn public_key_pem(public_key: &[u8]) -> String {
    let mut der = ED25519_PUBLIC_KEY_INFO_PREFIX.to_vec();
    der.extend_from_slice(public_key);
    let encoded = base64::engine::general_purpose::STANDARD.encode(der);
    format!("-----BEGIN PUBLIC KEY-----\n{encoded}\n-----END PUBLIC KEY-----\n")
}

/// Whether `signature` is the seal of `message` by the key `public_key`.
pub fn verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    UnparsedPublicKey::new(&ED25519, public_key).verify(message, signature).is_ok()
}

/// The public key a key id names, among those that ever sealed.
pub async fn public_key_of(pool: &AnyPool, key_id: &str) -> anyhow::Result<Option<Vec<u8>>> {
    let row = sqlx::query("SELECT public_key FROM seal_keys WHERE key_id = $1").bind(key_id).fetch_optional(pool).await.context("cannot read a seal key")?;
    row.map(|row| row.try_get::<Vec<u8>, _>("public_key").context("a seal key")).transpose()
}

fn der_of_pem(pem: &str, label: &str) -> Option<Vec<u8>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let body = pem.split(&begin).nth(1)?.split(&end).next()?;
    let text: String = body.chars().filter(|character| !character.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_verifies_and_one_changed_byte_does_not() {
        let der = Ed25519KeyPair::generate_pkcs8(&ring::rand::SystemRandom::new()).unwrap();
        let key = SealKey::from_pkcs8(der.as_ref()).unwrap();
        let message = signed_message("0f8e0000-0000-4000-8000-000000000001", &digest_of(b"contenuto"));
        let signature = key.sign(message.as_bytes());
        assert!(verify(key.public_key(), message.as_bytes(), &signature));
        let mut changed = message.clone().into_bytes();
        changed[40] ^= 1;
        assert!(!verify(key.public_key(), &changed, &signature));
        let pem = key.public_key_pem();
        let der = der_of_pem(&pem, "PUBLIC KEY").unwrap();
        assert_eq!(&der[12..], key.public_key());
        assert_eq!(key.key_id().len(), 16);
    }

    #[test]
    fn a_key_written_by_openssl_is_read() {
        // `openssl genpkey -algorithm ed25519` (PKCS#8 v1, RFC 8410's example key).
        let pem = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n-----END PRIVATE KEY-----\n";
        let der = der_of_pem(pem, "PRIVATE KEY").unwrap();
        let key = SealKey::from_pkcs8(&der).unwrap();
        assert_eq!(
            public_key_pem(key.public_key()),
            "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n"
        );
    }
}
