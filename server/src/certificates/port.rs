//! The certificates port of the pages: the request page's choices, the
//! requester's certificates (only ever their own), the public verification
//! (rate-limited, never more than the certificate itself says) and the
//! registry clerk's audited look-up.

use super::issuing::{iso_to_italian as italian, issuer_of, subject_facts};
use super::registry::RegistrySource;
use super::seal::{from_base64url, public_key_of, signed_message, verify};
use super::store::{certificates_of, find_certificate, CertificateKey, CertificateRecord};
use crate::auth::audit::{append_audit_event, AuditEvent};
use app::auth::model::CurrentUser;
use app::certificates::model::{
    decide, CertificateKind, CertificateState, CertificateView, ClerkCertificateView, PersonChoice, Refusal, RequestOptions, VerificationCode,
    VerificationOutcome, VerifiedCertificate,
};
use app::certificates::registry::LifeStatus;
use app::practices::calendar::rome_date_of_unix_seconds;
use sqlx::AnyPool;
use std::sync::Arc;

/// The offices whose clerks look certificates up and revoke them.
pub const REGISTRY_OFFICES: &[&str] = &["anagrafe", "stato-civile"];

pub struct SqlCertificatesPort {
    pub pool: AnyPool,
    pub registry: Arc<dyn RegistrySource>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub clock: crate::clock::Clock,
}

pub fn today_iso(clock: &crate::clock::Clock) -> String {
    rome_date_of_unix_seconds(clock.now_unix_seconds()).to_string()
}

pub fn view_of(record: &CertificateRecord, today: &str) -> CertificateView {
    let state = record.state(today);
    CertificateView {
        id: record.id.clone(),
        kind: record.kind,
        holder: record.subject_name.clone(),
        code: VerificationCode::parse(&record.verification_code).map(|code| code.grouped()).unwrap_or_else(|_| record.verification_code.clone()),
        issued_on: italian(&record.issued_on),
        valid_until: record.valid_until.as_deref().map(italian),
        state,
        stamp_duty: record.stamp_duty_text.clone(),
        stamp_position_id: (state == CertificateState::AwaitingStamp).then(|| record.stamp_position_id.clone()).flatten(),
    }
}

fn verified(record: &CertificateRecord) -> VerifiedCertificate {
    VerifiedCertificate {
        kind: record.kind,
        holder: record.subject_name.clone(),
        issued_on: italian(&record.issued_on),
        valid_until: record.valid_until.as_deref().map(italian),
        issuer: format!("Comune di Rho — {}", issuer_of(record.kind)),
        code: VerificationCode::parse(&record.verification_code).map(|code| code.grouped()).unwrap_or_default(),
    }
}

/// What the public check says of a record: a certificate still waiting for
/// its stamp was never issued, so it is unknown.
pub fn outcome_of(record: Option<CertificateRecord>, today: &str, seal_valid: Option<bool>) -> VerificationOutcome {
    match record {
        Some(record) => match record.state(today) {
            CertificateState::AwaitingStamp => VerificationOutcome::Unknown,
            state => VerificationOutcome::Found { certificate: verified(&record), state, seal_valid },
        },
        None => VerificationOutcome::Unknown,
    }
}

/// Whether the QR code's seal (`<id>.<digest>.<signature>`) is the one of this record, signed by a key of ours.
pub async fn seal_matches(pool: &AnyPool, record: &CertificateRecord, seal: &str) -> anyhow::Result<bool> {
    let mut parts = seal.split('.');
    let (Some(id), Some(digest), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else { return Ok(false) };
    if id != record.id || digest != record.content_digest {
        return Ok(false);
    }
    let Some(signature) = from_base64url(signature) else { return Ok(false) };
    let Some(public_key) = public_key_of(pool, &record.seal_key_id).await? else { return Ok(false) };
    Ok(verify(&public_key, signed_message(id, digest).as_bytes(), &signature))
}

/// Counts a public check against the client's allowance; true when it is spent.
pub async fn verification_throttled(pool: &AnyPool, client: std::net::IpAddr) -> anyhow::Result<bool> {
    use crate::auth::throttle;
    let key = format!("certificate-check:{client}");
    if throttle::locked_for_seconds(pool, &key).await?.is_some() {
        return Ok(true);
    }
    throttle::record_failure(pool, &key, throttle::PUBLIC_LOOKUPS_PER_ADDRESS).await?;
    Ok(false)
}

#[async_trait::async_trait]
impl app::certificates::ssr::CertificatesPort for SqlCertificatesPort {
    async fn request_options(&self, requester: &CurrentUser, kind: CertificateKind) -> Result<RequestOptions, String> {
        let failure = |error: anyhow::Error| format!("{error:#}");
        let registry = self.registry.as_ref();
        let me = registry.person(requester.fiscal_code.as_str()).await.map_err(failure)?;
        if me.as_ref().is_none_or(|me| me.life_status != LifeStatus::Resident) {
            return Ok(RequestOptions { requester_refusal: Some(Refusal::RequesterNotResident), people: Vec::new() });
        }
        let family = registry.family_of(requester.fiscal_code.as_str()).await.map_err(failure)?;
        let mut people = Vec::new();
        for member in family {
            // The deceased appear only where their death certificate is asked
            // for; those who left, only as not available.
            if member.life_status == LifeStatus::Deceased && kind != CertificateKind::Death {
                continue;
            }
            // The requester and the member are read already: only the member's acts and procedures remain to ask.
            let (facts, _) = subject_facts(registry, &member.fiscal_code).await.map_err(failure)?;
            let refusal = decide(me.as_ref(), Some(&member), kind, facts).err();
            people.push(PersonChoice {
                is_requester: member.fiscal_code == requester.fiscal_code.as_str(),
                name: format!("{} {}", member.given_name, member.family_name),
                fiscal_code: member.fiscal_code,
                refusal,
            });
        }
        Ok(RequestOptions { requester_refusal: None, people })
    }

    async fn my_certificates(&self, requester: &CurrentUser) -> Result<Vec<CertificateView>, String> {
        let today = today_iso(&self.clock);
        let records = certificates_of(&self.pool, &requester.account_id).await.map_err(|error| format!("{error:#}"))?;
        Ok(records.iter().map(|record| view_of(record, &today)).collect())
    }

    async fn my_certificate(&self, requester: &CurrentUser, id: &str) -> Result<Option<CertificateView>, String> {
        let Ok(id) = app::ids::CertificateId::parse(id) else { return Ok(None) };
        let today = today_iso(&self.clock);
        let record = find_certificate(&self.pool, CertificateKey::Owned { id: id.as_str(), account_id: &requester.account_id })
            .await
            .map_err(|error| format!("{error:#}"))?;
        Ok(record.map(|record| view_of(&record, &today)))
    }

    async fn verify_code(&self, code: &str, seal: Option<&str>, request: &axum::http::request::Parts) -> Result<VerificationOutcome, String> {
        let failure = |error: anyhow::Error| format!("{error:#}");
        let client = crate::http::client_address::client_address_of(request, &self.trusted_proxies);
        if verification_throttled(&self.pool, client).await.map_err(failure)? {
            return Ok(VerificationOutcome::TooManyRequests);
        }
        let Ok(code) = VerificationCode::parse(code) else { return Ok(VerificationOutcome::NotACode) };
        let record = find_certificate(&self.pool, CertificateKey::Code(code.as_str())).await.map_err(failure)?;
        let seal_valid = match (&record, seal) {
            (Some(record), Some(seal)) => Some(seal_matches(&self.pool, record, seal).await.map_err(failure)?),
            _ => None,
        };
        Ok(outcome_of(record, &today_iso(&self.clock), seal_valid))
    }

    async fn clerk_lookup(&self, clerk: &CurrentUser, code: &str) -> Result<Option<ClerkCertificateView>, String> {
        let failure = |error: anyhow::Error| format!("{error:#}");
        let offices = crate::auth::accounts::clerk_offices(&self.pool, &clerk.account_id).await.map_err(failure)?;
        if !offices.iter().any(|office| REGISTRY_OFFICES.contains(&office.as_str())) {
            return Ok(None);
        }
        let Ok(code) = VerificationCode::parse(code) else { return Ok(None) };
        let Some(record) = find_certificate(&self.pool, CertificateKey::Code(code.as_str())).await.map_err(failure)? else { return Ok(None) };
        append_audit_event(
            &self.pool,
            &AuditEvent::new(&clerk.account_id, "certificate_looked_up", &record.account_id)
                .with_details(serde_json::json!({ "certificate": record.id, "kind": record.kind.slug() })),
        )
        .await
        .map_err(failure)?;
        let today = today_iso(&self.clock);
        Ok(Some(ClerkCertificateView {
            certificate: view_of(&record, &today),
            subject_fiscal_code: record.subject_fiscal_code.clone(),
            requester_fiscal_code: record.requester_fiscal_code.clone(),
            revocation_reason: record.revocation_reason.clone(),
        }))
    }
}
