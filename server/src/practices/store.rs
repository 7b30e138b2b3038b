//! The practices port over sqlx: the catalogue and published procedures.

use super::events::EventRow;
use app::auth::model::CurrentUser;
use app::guide::model::ResponsibleOffice;
use app::i18n::Locale;
use app::practices::calendar::rome_rfc3339_of_unix_seconds as rfc3339;
use app::practices::model::{
    normalise_check_code, DraftSummary, IdentityPrefill, MyPractices, PracticeDraftView, PracticeEventView, PracticeStatus, PracticeSummary, PracticeView,
    ProcedureSummary, ProcedureTheme, PublicLookup, PublicPracticeStatus, PublishedProcedure,
};
use app::practices::procedure::ProcedureDefinition;
use app::practices::protocol_number::ProtocolNumber;
use app::practices::ssr::{PracticesPort, PracticesPortError};
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct SqlPracticesPort {
    pub pool: AnyPool,
    /// The offices of `content/offices.toml`, which definitions name by key.
    pub offices: Arc<BTreeMap<String, ResponsibleOffice>>,
    /// Proxies whose `X-Forwarded-For` is believed (the public lookup is limited per client).
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// A storage failure, described for the log (never shown to the user).
pub(crate) fn storage(error: impl std::fmt::Display) -> PracticesPortError {
    PracticesPortError::Storage(error.to_string())
}

fn parse_definition(json: &str, slug: &str) -> Result<ProcedureDefinition, PracticesPortError> {
    serde_json::from_str(json).map_err(|error| PracticesPortError::Corrupt(format!("{slug}: {error}")))
}

pub(crate) const CURRENT_VERSIONS: &str = "SELECT p.slug, p.current_version, v.definition_json, t.slug AS theme_slug, t.name_it, t.name_en \
     FROM procedures p \
     JOIN procedure_versions v ON v.slug = p.slug AND v.version = p.current_version \
     JOIN guide_topics t ON t.slug = p.theme \
     WHERE p.active = 1";

/// Slugs of the procedures in the catalogue (for the sitemap).
#[tracing::instrument(skip_all)]
pub async fn active_procedure_slugs(pool: &AnyPool) -> anyhow::Result<Vec<String>> {
    use anyhow::Context;
    sqlx::query_scalar("SELECT slug FROM procedures WHERE active = 1 ORDER BY slug").fetch_all(pool).await.context("cannot list the active procedures")
}

/// A definition at a given version with its theme's name and office.
#[tracing::instrument(skip_all)]
pub async fn procedure_at_version(
    pool: &AnyPool,
    offices: &BTreeMap<String, ResponsibleOffice>,
    slug: &str,
    version: i64,
    locale: Locale,
) -> Result<Option<PublishedProcedure>, PracticesPortError> {
    let Some(row) = sqlx::query(
        "SELECT v.definition_json, t.name_it, t.name_en FROM procedure_versions v \
         JOIN procedures p ON p.slug = v.slug JOIN guide_topics t ON t.slug = p.theme WHERE v.slug = $1 AND v.version = $2",
    )
    .bind(slug)
    .bind(version)
    .fetch_optional(pool)
    .await
    .map_err(storage)?
    else {
        return Ok(None);
    };
    let definition = parse_definition(&row.try_get::<String, _>("definition_json").map_err(storage)?, slug)?;
    let office =
        offices.get(&definition.office).cloned().ok_or_else(|| PracticesPortError::Corrupt(format!("{slug} names unknown office {}", definition.office)))?;
    Ok(Some(PublishedProcedure { version, theme_name: theme_name(&row, locale).map_err(storage)?, office, definition }))
}

fn stored_protocol_number(year: i64, sequence: i64) -> Result<ProtocolNumber, PracticesPortError> {
    ProtocolNumber::from_stored(year, sequence).map_err(|error| PracticesPortError::Corrupt(format!("protocol number {year}/{sequence}: {error}")))
}

fn theme_name(row: &sqlx::any::AnyRow, locale: Locale) -> Result<String, sqlx::Error> {
    row.try_get(match locale {
        Locale::Italian => "name_it",
        Locale::English => "name_en",
    })
}

/// Who is looking at a practice: its owner, or a clerk of these offices.
pub enum Audience {
    Owner(String),
    Offices(Vec<String>),
}

/// A practice as its audience may see it, and what the office view also needs.
pub struct LoadedPractice {
    pub view: PracticeView,
    pub procedure: PublishedProcedure,
    pub account_id: String,
    pub answers_json: String,
    pub draft_id: String,
    pub office: String,
    pub assigned_clerk_id: Option<String>,
    pub due_on: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn load_practice(
    pool: &AnyPool,
    offices: &BTreeMap<String, ResponsibleOffice>,
    practice_id: &str,
    audience: &Audience,
) -> Result<Option<LoadedPractice>, PracticesPortError> {
    let Some(row) = sqlx::query(
        "SELECT id, draft_id, account_id, office, procedure_slug, procedure_version, protocol_year, protocol_sequence, check_code, status, \
         submitted_at, due_on, assigned_clerk_id, integration_deadline, answers_json FROM practices WHERE id = $1",
    )
    .bind(practice_id)
    .fetch_optional(pool)
    .await
    .map_err(storage)?
    else {
        return Ok(None);
    };
    let account_id: String = row.try_get("account_id").map_err(storage)?;
    let office: String = row.try_get("office").map_err(storage)?;
    let allowed = match audience {
        Audience::Owner(owner) => *owner == account_id,
        Audience::Offices(codes) => codes.contains(&office),
    };
    if !allowed {
        return Ok(None);
    }
    let for_citizen = matches!(audience, Audience::Owner(_));
    let slug: String = row.try_get("procedure_slug").map_err(storage)?;
    let version: i64 = row.try_get("procedure_version").map_err(storage)?;
    let procedure = procedure_at_version(pool, offices, &slug, version, Locale::Italian)
        .await?
        .ok_or_else(|| PracticesPortError::Corrupt(format!("practice {practice_id} names a missing procedure version")))?;
    let status_code: String = row.try_get("status").map_err(storage)?;
    let status = PracticeStatus::from_code(&status_code).ok_or_else(|| PracticesPortError::Corrupt(format!("unknown status {status_code}")))?;
    let protocol_number = stored_protocol_number(row.try_get("protocol_year").map_err(storage)?, row.try_get("protocol_sequence").map_err(storage)?)?;
    let due_on: Option<String> = row.try_get("due_on").map_err(storage)?;
    // The open request's deadline as the workflow applies it (the practice's own column).
    let open_deadline: Option<String> = row.try_get("integration_deadline").map_err(storage)?;
    let events = sqlx::query(
        "SELECT occurred_at, kind, status_after, note, actor_kind, deadline, visible_to_citizen FROM practice_events \
         WHERE practice_id = $1 ORDER BY sequence",
    )
    .bind(practice_id)
    .fetch_all(pool)
    .await
    .map_err(storage)?
    .into_iter()
    .map(|event| -> Result<PracticeEventView, PracticesPortError> {
        let status_code: String = event.try_get("status_after").map_err(storage)?;
        Ok(PracticeEventView {
            occurred_at: rfc3339(event.try_get("occurred_at").map_err(storage)?),
            kind: event.try_get("kind").map_err(storage)?,
            status_after: PracticeStatus::from_code(&status_code).ok_or_else(|| PracticesPortError::Corrupt(format!("unknown status {status_code}")))?,
            note: event.try_get("note").map_err(storage)?,
            actor: event.try_get("actor_kind").map_err(storage)?,
            deadline: event.try_get("deadline").map_err(storage)?,
            visible_to_citizen: event.try_get::<i64, _>("visible_to_citizen").map_err(storage)? == 1,
        })
    })
    .filter(|event| !for_citizen || event.as_ref().map_or(true, |event| event.visible_to_citizen))
    .collect::<Result<Vec<_>, _>>()?;
    let integration_request = if status == PracticeStatus::IntegrationRequested {
        events.iter().rev().find(|event| event.status_after == PracticeStatus::IntegrationRequested && event.kind == "integration_requested").map(|event| {
            app::practices::model::OpenIntegrationRequest {
                message: event.note.clone(),
                deadline: open_deadline.clone().or_else(|| event.deadline.clone()).unwrap_or_default(),
                requested_at: event.occurred_at.clone(),
            }
        })
    } else {
        None
    };
    let documents = super::processing::documents_of_practice(pool, practice_id).await.map_err(|error| PracticesPortError::Storage(format!("{error:#}")))?;
    let view = PracticeView {
        id: row.try_get("id").map_err(storage)?,
        procedure_slug: slug,
        procedure_title: procedure.definition.title.clone(),
        protocol_number: protocol_number.to_string(),
        check_code: row.try_get("check_code").map_err(storage)?,
        status,
        submitted_at: rfc3339(row.try_get("submitted_at").map_err(storage)?),
        expected_completion: due_on.clone(),
        office_name: procedure.office.name.clone(),
        officer: procedure.definition.officer.clone(),
        events,
        documents,
        integration_request,
        fee: {
            let draft_id: String = row.try_get("draft_id").map_err(storage)?;
            let paid_before = crate::payments::practice_fees::draft_fee_reference(&draft_id);
            crate::payments::port::practice_fee_view(pool, &[practice_id, &paid_before])
                .await
                .map_err(|error| PracticesPortError::Storage(format!("{error:#}")))?
        },
    };
    Ok(Some(LoadedPractice {
        view,
        procedure,
        account_id,
        answers_json: row.try_get("answers_json").map_err(storage)?,
        draft_id: row.try_get("draft_id").map_err(storage)?,
        office,
        assigned_clerk_id: row.try_get("assigned_clerk_id").map_err(storage)?,
        due_on,
    }))
}

#[async_trait::async_trait]
impl PracticesPort for SqlPracticesPort {
    async fn procedure_catalogue(&self, locale: Locale) -> Result<Vec<ProcedureTheme>, PracticesPortError> {
        let rows = sqlx::query(&format!("{CURRENT_VERSIONS} ORDER BY t.position, p.slug")).fetch_all(&self.pool).await.map_err(storage)?;
        let mut themes: Vec<ProcedureTheme> = Vec::new();
        for row in rows {
            let slug: String = row.try_get("slug").map_err(storage)?;
            let theme_slug: String = row.try_get("theme_slug").map_err(storage)?;
            let definition = parse_definition(&row.try_get::<String, _>("definition_json").map_err(storage)?, &slug)?;
            let summary = ProcedureSummary { slug, title: definition.title, summary: definition.summary };
            match themes.last_mut() {
                Some(theme) if theme.slug == theme_slug => theme.procedures.push(summary),
                _ => themes.push(ProcedureTheme { slug: theme_slug, name: theme_name(&row, locale).map_err(storage)?, procedures: vec![summary] }),
            }
        }
        for theme in &mut themes {
            theme.procedures.sort_by(|a, b| a.title.cmp(&b.title));
        }
        Ok(themes)
    }

    async fn draft_for_owner(&self, owner: &CurrentUser, draft_id: &str, locale: Locale) -> Result<Option<PracticeDraftView>, PracticesPortError> {
        let Ok(draft_id) = app::ids::DraftId::parse(draft_id) else { return Ok(None) };
        let draft_id = &draft_id;
        let draft =
            super::drafts::draft_of_owner(&self.pool, &owner.account_id, draft_id).await.map_err(|error| PracticesPortError::Storage(format!("{error:#}")))?;
        let Some(draft) = draft else { return Ok(None) };
        let Some(procedure) = procedure_at_version(&self.pool, &self.offices, &draft.procedure_slug, draft.procedure_version, locale).await? else {
            return Err(PracticesPortError::Corrupt(format!("draft {draft_id} names a missing procedure version")));
        };
        let contacts: Option<(Option<String>, Option<String>)> = sqlx::query_as("SELECT email, phone FROM accounts WHERE id = $1")
            .bind(owner.account_id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(storage)?;
        let (email, phone) = contacts.unwrap_or_default();
        Ok(Some(PracticeDraftView {
            draft_id: draft.id.to_string(),
            procedure,
            answers: draft.answers,
            reached_step: draft.reached_step,
            identity: IdentityPrefill {
                family_name: owner.family_name.clone(),
                given_name: owner.given_name.clone(),
                fiscal_code: owner.fiscal_code.as_str().to_string(),
                email,
                phone,
            },
            submitted_practice_id: draft.submitted_practice_id,
            attachments: super::attachments::attachments_of_draft(&self.pool, draft_id)
                .await
                .map_err(|error| PracticesPortError::Storage(format!("{error:#}")))?,
            fee_payment: crate::payments::port::practice_fee_view(&self.pool, &[&crate::payments::practice_fees::draft_fee_reference(draft_id)])
                .await
                .map_err(|error| PracticesPortError::Storage(format!("{error:#}")))?,
        }))
    }

    async fn practice_for_owner(&self, owner: &CurrentUser, practice_id: &str) -> Result<Option<PracticeView>, PracticesPortError> {
        Ok(load_practice(&self.pool, &self.offices, practice_id, &Audience::Owner(owner.account_id.to_string())).await?.map(|loaded| loaded.view))
    }

    async fn my_practices(&self, owner: &CurrentUser) -> Result<MyPractices, PracticesPortError> {
        let mut titles: BTreeMap<(String, i64), (String, Vec<String>)> = BTreeMap::new();
        let mut title_of = async |slug: &str, version: i64| -> Result<(String, Vec<String>), PracticesPortError> {
            if let Some(known) = titles.get(&(slug.to_string(), version)) {
                return Ok(known.clone());
            }
            let procedure = procedure_at_version(&self.pool, &self.offices, slug, version, Locale::Italian)
                .await?
                .ok_or_else(|| PracticesPortError::Corrupt(format!("{slug} version {version} is missing")))?;
            let entry = (procedure.definition.title.clone(), procedure.definition.steps.iter().map(|step| step.id.clone()).collect());
            titles.insert((slug.to_string(), version), entry.clone());
            Ok(entry)
        };
        let mut mine = MyPractices::default();
        let drafts = sqlx::query(
            "SELECT id, procedure_slug, procedure_version, reached_step, updated_at FROM practice_drafts \
             WHERE account_id = $1 AND submitted_practice_id IS NULL ORDER BY updated_at DESC LIMIT 50",
        )
        .bind(owner.account_id.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(storage)?;
        for row in drafts {
            let slug: String = row.try_get("procedure_slug").map_err(storage)?;
            let (title, steps) = title_of(&slug, row.try_get("procedure_version").map_err(storage)?).await?;
            let reached = usize::try_from(row.try_get::<i64, _>("reached_step").map_err(storage)?).unwrap_or(0);
            mine.drafts.push(DraftSummary {
                draft_id: row.try_get("id").map_err(storage)?,
                procedure_title: title,
                updated_at: rfc3339(row.try_get("updated_at").map_err(storage)?),
                resume_step: steps.get(reached).cloned().unwrap_or_else(|| "riepilogo".to_string()),
            });
        }
        let practices = sqlx::query(
            "SELECT id, procedure_slug, procedure_version, protocol_year, protocol_sequence, status, submitted_at FROM practices \
             WHERE account_id = $1 AND status NOT IN ('accepted', 'rejected', 'withdrawn') ORDER BY submitted_at DESC, protocol_sequence DESC LIMIT 200",
        )
        .bind(owner.account_id.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(storage)?;
        for row in practices {
            let slug: String = row.try_get("procedure_slug").map_err(storage)?;
            let (title, _) = title_of(&slug, row.try_get("procedure_version").map_err(storage)?).await?;
            let status_code: String = row.try_get("status").map_err(storage)?;
            mine.practices.push(PracticeSummary {
                id: row.try_get("id").map_err(storage)?,
                procedure_title: title,
                protocol_number: stored_protocol_number(row.try_get("protocol_year").map_err(storage)?, row.try_get("protocol_sequence").map_err(storage)?)?
                    .to_string(),
                status: PracticeStatus::from_code(&status_code).ok_or_else(|| PracticesPortError::Corrupt(format!("unknown status {status_code}")))?,
                submitted_at: rfc3339(row.try_get("submitted_at").map_err(storage)?),
            });
        }
        Ok(mine)
    }

    async fn public_lookup(&self, protocol_number: &str, check_code: &str, request: &axum::http::request::Parts) -> Result<PublicLookup, PracticesPortError> {
        use crate::auth::throttle;
        let client = crate::http::client_address::client_address_of(request, &self.trusted_proxies);
        let key = format!("practice-lookup:{client}");
        let failure = |error: anyhow::Error| PracticesPortError::Storage(format!("{error:#}"));
        if throttle::locked_for_seconds(&self.pool, &key).await.map_err(failure)?.is_some() {
            return Ok(PublicLookup::TooManyRequests);
        }
        // Every lookup counts, found or not: guessing codes is slow whatever the answer.
        throttle::record_failure(&self.pool, &key, throttle::PUBLIC_LOOKUPS_PER_ADDRESS).await.map_err(failure)?;
        let Ok(protocol) = ProtocolNumber::parse(protocol_number) else { return Ok(PublicLookup::NotFound) };
        let typed_code = normalise_check_code(check_code);
        let Some(row) = sqlx::query(
            "SELECT id, procedure_slug, procedure_version, check_code, status, submitted_on, due_on FROM practices \
             WHERE protocol_year = $1 AND protocol_sequence = $2",
        )
        .bind(i64::from(protocol.year()))
        .bind(i64::from(protocol.sequence()))
        .fetch_optional(&self.pool)
        .await
        .map_err(storage)?
        else {
            return Ok(PublicLookup::NotFound);
        };
        let stored_code: String = row.try_get("check_code").map_err(storage)?;
        if typed_code.is_empty() || !crate::auth::tokens::constant_time_equal(&normalise_check_code(&stored_code), &typed_code) {
            return Ok(PublicLookup::NotFound);
        }
        let practice_id: String = row.try_get("id").map_err(storage)?;
        let slug: String = row.try_get("procedure_slug").map_err(storage)?;
        let procedure = procedure_at_version(&self.pool, &self.offices, &slug, row.try_get("procedure_version").map_err(storage)?, Locale::Italian)
            .await?
            .ok_or_else(|| PracticesPortError::Corrupt(format!("{slug} version is missing")))?;
        let status_code: String = row.try_get("status").map_err(storage)?;
        let status = PracticeStatus::from_code(&status_code).ok_or_else(|| PracticesPortError::Corrupt(format!("unknown status {status_code}")))?;
        let submitted_on: String = row.try_get("submitted_on").map_err(storage)?;
        let expected_completion: Option<String> = row.try_get("due_on").map_err(storage)?;
        let events = sqlx::query_as::<_, EventRow>(
            "SELECT occurred_at, status_after FROM practice_events WHERE practice_id = $1 AND visible_to_citizen = 1 ORDER BY sequence",
        )
        .bind(&practice_id)
        .fetch_all(&self.pool)
        .await
        .map_err(storage)?
        .into_iter()
        .filter_map(|event| PracticeStatus::from_code(&event.status_after).map(|status| (rfc3339(event.occurred_at), status)))
        .collect();
        Ok(PublicLookup::Found(PublicPracticeStatus {
            procedure_title: procedure.definition.title,
            protocol_number: protocol.to_string(),
            status,
            submitted_on,
            expected_completion,
            events,
        }))
    }

    async fn practice_archive(
        &self,
        owner: &CurrentUser,
        filter: &app::practices::model::ArchiveFilter,
    ) -> Result<app::practices::model::PracticeArchive, PracticesPortError> {
        super::archive::practice_archive(self, owner, filter).await
    }

    async fn clerk_inbox(
        &self,
        clerk: &CurrentUser,
        filter: &app::practices::model::ClerkInboxFilter,
    ) -> Result<app::practices::model::ClerkInbox, PracticesPortError> {
        super::back_office::clerk_inbox(self, clerk, filter).await
    }

    async fn practice_for_clerk(&self, clerk: &CurrentUser, practice_id: &str) -> Result<Option<app::practices::model::ClerkPracticeView>, PracticesPortError> {
        super::back_office::practice_for_clerk(self, clerk, practice_id).await
    }

    async fn published_procedure(&self, slug: &str, locale: Locale) -> Result<Option<PublishedProcedure>, PracticesPortError> {
        let Some(row) = sqlx::query(&format!("{CURRENT_VERSIONS} AND p.slug = $1")).bind(slug).fetch_optional(&self.pool).await.map_err(storage)? else {
            return Ok(None);
        };
        let definition = parse_definition(&row.try_get::<String, _>("definition_json").map_err(storage)?, slug)?;
        let office = self
            .offices
            .get(&definition.office)
            .cloned()
            .ok_or_else(|| PracticesPortError::Corrupt(format!("{slug} names unknown office {}", definition.office)))?;
        Ok(Some(PublishedProcedure {
            version: row.try_get("current_version").map_err(storage)?,
            theme_name: theme_name(&row, locale).map_err(storage)?,
            office,
            definition,
        }))
    }
}

/// A filed practice as its receipt needs it.
pub struct FiledPracticeForReceipt {
    pub draft_id: String,
    pub procedure_slug: String,
    pub procedure_version: i64,
    pub protocol_year: i64,
    pub protocol_sequence: i64,
    pub check_code: String,
    pub answers_json: String,
    pub submitted_at: i64,
    /// ISO date.
    pub submitted_on: String,
    pub status: String,
}

/// One of the account's filed practices (`None`: not theirs, or none).
#[tracing::instrument(skip_all)]
pub async fn owned_practice_for_receipt(
    pool: &AnyPool,
    practice_id: &app::ids::PracticeId,
    account_id: &str,
) -> anyhow::Result<Option<FiledPracticeForReceipt>> {
    let practice_id = practice_id.as_str();
    let row = sqlx::query(
        "SELECT draft_id, procedure_slug, procedure_version, protocol_year, protocol_sequence, check_code, answers_json, submitted_at, submitted_on, status \
         FROM practices WHERE id = $1 AND account_id = $2",
    )
    .bind(practice_id)
    .bind(account_id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(FiledPracticeForReceipt {
        draft_id: row.try_get("draft_id")?,
        procedure_slug: row.try_get("procedure_slug")?,
        procedure_version: row.try_get("procedure_version")?,
        protocol_year: row.try_get("protocol_year")?,
        protocol_sequence: row.try_get("protocol_sequence")?,
        check_code: row.try_get("check_code")?,
        answers_json: row.try_get("answers_json")?,
        submitted_at: row.try_get("submitted_at")?,
        submitted_on: row.try_get("submitted_on")?,
        status: row.try_get("status")?,
    }))
}
