//! Issuing a certificate: the registry is asked about the requester and the
//! person, `app::certificates::model::decide` says whether it may be
//! issued, the content is written from the registry, sealed, rendered as
//! PDF/A and recorded. With stamp duty, the stamp's position is opened
//! bound to the PDF's SHA-256, and the certificate is issued once it is paid:
//! the bytes never change after the payment.

use super::document::{render_certificate_pdf, seal_url, CertificateContent};
use super::registry::RegistrySource;
use super::seal::{base64url, digest_of, signed_message, SealKey};
use super::store::{insert_certificate, NewCertificate};
use anyhow::Context;
use app::auth::model::CurrentUser;
use app::certificates::model::{
    decide, valid_until, Attestation, CertificateKind, ExemptionCode, Refusal, StampDuty, SubjectFacts, VerificationCode, CIVIL_STATUS_EXEMPTION_LAW,
    STAMP_DUTY_CENTS, VERIFICATION_CODE_LENGTH,
};
use app::certificates::registry::{ActKind, CivilStatus, LifeStatus, RegistryAct, RegistryPerson, Relationship};
use app::i18n::Locale;
use app::practices::calendar::{italian_date, rome_offset_hours, rome_time_of_unix_seconds};
use app::practices::validation::parse_date;
use sqlx::AnyPool;

/// What issuing needs from the server.
pub struct Issuing<'a> {
    pub pool: &'a AnyPool,
    pub registry: &'a dyn RegistrySource,
    pub seal: &'a SealKey,
    pub payments: &'a crate::payments::settings::PaymentSettings,
    /// The verification page's public address, printed and in the QR code.
    pub verification_url: String,
    pub now: i64,
}

/// What the registry says about a person a certificate would be about.
pub async fn subject_facts(registry: &dyn RegistrySource, fiscal_code: &str) -> anyhow::Result<(SubjectFacts, Vec<RegistryAct>)> {
    let acts = registry.acts_of(fiscal_code).await?;
    let has = |kind: ActKind| acts.iter().any(|act| act.kind == kind);
    let facts = SubjectFacts {
        procedure_in_progress: registry.procedure_in_progress(fiscal_code).await?,
        has_birth_act: has(ActKind::Birth),
        has_marriage_act: has(ActKind::Marriage),
        has_death_act: has(ActKind::Death),
    };
    Ok((facts, acts))
}

/// The certificate made: issued at once, or waiting for its stamp duty.
pub struct Made {
    pub id: String,
    pub awaiting_stamp: bool,
}

fn name_of(person: &RegistryPerson) -> String {
    format!("{} {}", person.family_name.to_uppercase(), person.given_name)
}

/// An ISO date as the certificate and the pages print it (dd/mm/yyyy).
pub fn iso_to_italian(iso: &str) -> String {
    parse_date(iso).map(italian_date).unwrap_or_else(|| iso.to_string())
}

fn civil_status_word(status: CivilStatus, female: bool) -> &'static str {
    match (status, female) {
        (CivilStatus::Unmarried, false) => "celibe",
        (CivilStatus::Unmarried, true) => "nubile",
        (CivilStatus::Married, false) => "coniugato",
        (CivilStatus::Married, true) => "coniugata",
        (CivilStatus::CivilUnion, false) => "unito civilmente",
        (CivilStatus::CivilUnion, true) => "unita civilmente",
        (CivilStatus::Separated, false) => "separato",
        (CivilStatus::Separated, true) => "separata",
        (CivilStatus::Divorced, false) => "divorziato",
        (CivilStatus::Divorced, true) => "divorziata",
        (CivilStatus::Widowed, false) => "vedovo",
        (CivilStatus::Widowed, true) => "vedova",
    }
}

fn relationship_word(relationship: Relationship, female: bool) -> &'static str {
    match (relationship, female) {
        (Relationship::Head, _) => "intestatario della scheda",
        (Relationship::Spouse, false) => "marito",
        (Relationship::Spouse, true) => "moglie",
        (Relationship::CivilPartner, _) => "unito civilmente",
        (Relationship::Cohabitant, false) => "convivente",
        (Relationship::Cohabitant, true) => "convivente",
        (Relationship::Child, false) => "figlio",
        (Relationship::Child, true) => "figlia",
        (Relationship::Parent, false) => "padre",
        (Relationship::Parent, true) => "madre",
        (Relationship::Grandchild, _) => "nipote",
        (Relationship::Other, _) => "altro componente",
    }
}

fn act_reference(act: &RegistryAct) -> String {
    format!("anno {}, parte {}, serie {}, numero {}", act.year, act.part, act.series, act.number)
}

/// The certificate's facts, from the registry, in the order printed.
async fn facts_of(
    registry: &dyn RegistrySource,
    kind: CertificateKind,
    subject: &RegistryPerson,
    acts: &[RegistryAct],
) -> anyhow::Result<Vec<(String, String)>> {
    let born = if subject.female { "Nata a" } else { "Nato a" };
    let mut facts = vec![
        ("Cognome e nome".to_string(), name_of(subject)),
        ("Codice fiscale".to_string(), subject.fiscal_code.clone()),
        (born.to_string(), format!("{} il {}", subject.birth_place, iso_to_italian(&subject.birth_date))),
    ];
    let act = |kind: ActKind| acts.iter().rev().find(|act| act.kind == kind).context("the act decide() found");
    for attestation in kind.attestations() {
        match attestation {
            Attestation::Residence => {
                let address = registry.address_of(&subject.fiscal_code).await?.context("a resident's address")?;
                facts.push(("Residenza".into(), format!("Rho (MI), {}", address.printed())));
            }
            Attestation::FamilyUnit => {
                let family = registry.family_of(&subject.fiscal_code).await?;
                let living: Vec<&RegistryPerson> = family.iter().filter(|member| member.life_status == LifeStatus::Resident).collect();
                facts.push(("Famiglia anagrafica".into(), format!("composta da {} {}", living.len(), if living.len() == 1 { "persona" } else { "persone" })));
                for (index, member) in living.iter().enumerate() {
                    let born = if member.female { "nata" } else { "nato" };
                    facts.push((
                        format!("Componente {}", index + 1),
                        format!(
                            "{}, {born} a {} il {}, {}",
                            name_of(member),
                            member.birth_place,
                            iso_to_italian(&member.birth_date),
                            relationship_word(member.relationship, member.female)
                        ),
                    ));
                }
            }
            Attestation::ItalianCitizenship => facts.push(("Cittadinanza".into(), "italiana".into())),
            Attestation::Existence => facts.push(("Esistenza in vita".into(), "in vita alla data del rilascio".into())),
            Attestation::CivilStatus => facts.push(("Stato civile".into(), civil_status_word(subject.civil_status, subject.female).into())),
            Attestation::PoliticalRights => facts.push(("Diritti politici".into(), "gode dei diritti politici".into())),
            Attestation::BirthAct => facts.push(("Atto di nascita".into(), act_reference(act(ActKind::Birth)?))),
            Attestation::DeathAct => {
                let death = act(ActKind::Death)?;
                facts.push(("Deceduto il".into(), format!("{} in Rho (MI)", iso_to_italian(&death.date))));
                facts.push(("Atto di morte".into(), act_reference(death)));
            }
            Attestation::MarriageAct => {
                let marriage = act(ActKind::Marriage)?;
                facts.push(("Matrimonio celebrato il".into(), format!("{} in Rho (MI)", iso_to_italian(&marriage.date))));
                facts.push(("Atto di matrimonio".into(), act_reference(marriage)));
            }
        }
    }
    Ok(facts)
}

/// How the stamp duty is printed: the stamp, or the exemption with its law (and the use it allows).
pub fn stamp_duty_text(stamp: &StampDuty) -> String {
    match stamp {
        StampDuty::Paid => {
            "assolta con marca da bollo digitale di 16,00 € (pagoPA), legata all'impronta SHA-256 di questo documento; uso consentito dalla legge".into()
        }
        StampDuty::Exempt { code: ExemptionCode::Other, reason } => {
            format!("esente (codice 99): {}; uso limitato a questo motivo", reason.as_deref().unwrap_or_default())
        }
        StampDuty::Exempt { code, .. } => format!("esente ai sensi dell'{} (codice {}); uso limitato a quello che la legge esenta", code.law(), code.code()),
        StampDuty::ExemptByLaw => format!("esente ai sensi dell'{CIVIL_STATUS_EXEMPTION_LAW} (estratti di stato civile)"),
    }
}

/// The office that certifies a kind, as the certificate and its check name it.
pub fn issuer_of(kind: CertificateKind) -> &'static str {
    if kind.exempt_by_law() {
        "Ufficio di Stato civile"
    } else {
        "Ufficio Anagrafe"
    }
}

fn random_code() -> anyhow::Result<VerificationCode> {
    let mut bytes = [0u8; VERIFICATION_CODE_LENGTH];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("no randomness for a verification code: {error}"))?;
    Ok(VerificationCode::from_random(bytes))
}

/// Makes, seals and records a certificate the rules allow (checked again
/// here: the page's choices are only a convenience). `Err(refusal)` when
/// they do not.
#[tracing::instrument(skip_all)]
pub async fn make_certificate(
    issuing: &Issuing<'_>,
    requester: &CurrentUser,
    kind: CertificateKind,
    subject_fiscal_code: &str,
    stamp: StampDuty,
) -> anyhow::Result<Result<Made, Refusal>> {
    let registry = issuing.registry;
    let me = registry.person(requester.fiscal_code.as_str()).await?;
    let subject = registry.person(subject_fiscal_code).await?;
    let (facts, acts) = subject_facts(registry, subject_fiscal_code).await?;
    if let Err(refusal) = decide(me.as_ref(), subject.as_ref(), kind, facts) {
        return Ok(Err(refusal));
    }
    let subject = subject.context("decide() found the subject")?;
    let id = uuid::Uuid::new_v4().to_string();
    let code = random_code()?;
    let local = rome_time_of_unix_seconds(issuing.now);
    let issued_on = local.date();
    let until = valid_until(kind, issued_on);
    let title = app::certificates::pages::kind_title(kind).in_locale(Locale::Italian).to_string();
    let content = CertificateContent {
        id: id.clone(),
        code: code.grouped(),
        title,
        issuer: format!("Comune di Rho — {}", issuer_of(kind)),
        opening: if kind.exempt_by_law() {
            "L'Ufficiale dello stato civile, visti i registri di stato civile, certifica che:".to_string()
        } else {
            "L'Ufficiale d'anagrafe, visti gli atti d'ufficio, certifica che:".to_string()
        },
        issued_on: italian_date(issued_on),
        valid_until: until.map(italian_date),
        facts: facts_of(registry, kind, &subject, &acts).await?,
        stamp_duty: stamp_duty_text(&stamp),
        verification_url: issuing.verification_url.clone(),
    };
    let content_digest = digest_of(content.canonical().as_bytes());
    let signature = base64url(&issuing.seal.sign(signed_message(&id, &content_digest).as_bytes()));
    let seal = seal_url(&issuing.verification_url, code.as_str(), &id, &content_digest, &signature);
    let instant = time::OffsetDateTime::from_unix_timestamp(issuing.now).context("now")?;
    let offset = time::UtcOffset::from_hms(rome_offset_hours(instant) as i8, 0, 0).context("Rome's offset")?;
    let document = render_certificate_pdf(&content, &seal, instant.to_offset(offset))?;
    let document_digest = digest_of(&document);
    let subject_name = format!("{} {}", subject.given_name, subject.family_name);
    let position = match &stamp {
        StampDuty::Paid => {
            let province = app::payments::transfers::ProvinceCode::parse("MI").map_err(|error| anyhow::anyhow!("province: {error:?}"))?;
            let description = format!("{} — {}", content.title, subject_name);
            let position = crate::payments::transfer_plans::open_stamp_duty(
                issuing.pool,
                issuing.payments,
                &crate::payments::transfer_plans::NewStampDuty {
                    reference: &id,
                    account_id: Some(requester.account_id.as_str()),
                    payer_fiscal_code: requester.fiscal_code.as_str(),
                    payer_name: &requester.full_name(),
                    payer_province: &province,
                    document: &document,
                    description: &description,
                    amount: app::payments::amount::AmountInCents::from_cents(STAMP_DUTY_CENTS).context("16 euros")?,
                },
            )
            .await?;
            Some(position.id)
        }
        _ => None,
    };
    let (stamp_code, exemption_code, exemption_reason) = match &stamp {
        StampDuty::Paid => ("bollo", None, None),
        StampDuty::Exempt { code, reason } => ("esenzione", Some(i64::from(code.code())), reason.as_deref()),
        StampDuty::ExemptByLaw => ("esente_per_legge", None, None),
    };
    let until_iso = until.map(|day| day.to_string());
    insert_certificate(
        issuing.pool,
        &NewCertificate {
            id: &id,
            verification_code: code.as_str(),
            account_id: requester.account_id.as_str(),
            requester_fiscal_code: requester.fiscal_code.as_str(),
            subject_fiscal_code: &subject.fiscal_code,
            subject_name: &subject_name,
            kind,
            created_at: issuing.now,
            issued_on: &issued_on.to_string(),
            valid_until: until_iso.as_deref(),
            stamp_duty: stamp_code,
            stamp_duty_text: &content.stamp_duty,
            exemption_code,
            exemption_reason,
            stamp_position_id: position.as_deref(),
            content_digest: &content_digest,
            seal_key_id: issuing.seal.key_id(),
            signature: &signature,
            document_digest: &document_digest,
            document: &document,
        },
    )
    .await?;
    tracing::info!(kind = kind.slug(), stamp = stamp_code, "certificate made");
    Ok(Ok(Made { id, awaiting_stamp: position.is_some() }))
}
