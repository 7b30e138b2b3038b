//! The reports port of the pages: the public list and pages (never a name
//! or a contact), the form's choices and the nearby open reports, the
//! person's own reports, and an office's inbox and report (audited when it
//! shows who reported).

use super::store::{categories, find_report, history, is_follower, nearby_open_reports, office_inbox, public_reports, reports_of_account, ReportRecord};
use crate::auth::audit::{append_audit_event, AuditEvent};
use app::auth::model::CurrentUser;
use app::i18n::Locale;
use app::practices::calendar::rome_date_of_unix_seconds;
use app::reports::model::{
    office_actions, CategoryAdministration, CategoryDefinition, NewReportOptions, OfficeReport, OfficeReportPage, PhotoView, PublicReport, ReportFilter,
    ReportList, ReportNumber, ReportPage, ReportPlace, ReportStatus, PUBLIC_PAGE_SIZE, REOPEN_DAYS,
};
use sqlx::AnyPool;
use std::sync::Arc;

pub struct SqlReportsPort {
    pub pool: AnyPool,
    pub streets: Arc<app::reports::streets::StreetList>,
    /// The content's offices, which categories name.
    pub offices: Arc<std::collections::BTreeMap<String, app::guide::model::ResponsibleOffice>>,
    pub clock: crate::clock::Clock,
}

fn failure(error: anyhow::Error) -> String {
    format!("{error:#}")
}

/// The last day the author may reopen a resolved report, if still ahead.
pub fn reopen_until(record: &ReportRecord, now: i64) -> Option<String> {
    let resolved_at = record.resolved_at.filter(|_| record.status == ReportStatus::Resolved)?;
    let last = resolved_at + REOPEN_DAYS * 86_400;
    (now <= last).then(|| rome_date_of_unix_seconds(last).to_string())
}

async fn photo_views(pool: &AnyPool, number: &ReportNumber) -> Result<Vec<PhotoView>, String> {
    let photos = super::photos::photos_of_report(pool, number).await.map_err(failure)?;
    Ok(photos.into_iter().map(|photo| PhotoView { id: photo.id, width: photo.width, height: photo.height, published: photo.published }).collect())
}

#[async_trait::async_trait]
impl app::reports::ssr::ReportsPort for SqlReportsPort {
    async fn public_list(&self, filter: &ReportFilter, locale: Locale) -> Result<ReportList, String> {
        let (records, total) = public_reports(&self.pool, filter, PUBLIC_PAGE_SIZE).await.map_err(failure)?;
        let categories = categories(&self.pool).await.map_err(failure)?;
        Ok(ReportList {
            reports: records.iter().map(|record| record.public(locale)).collect(),
            total,
            categories: categories.iter().map(|category| category.view(locale)).collect(),
            streets: self.streets.names().to_vec(),
            areas: self.streets.hamlet_names(),
        })
    }

    async fn report_page(&self, number: &str, reader: Option<&CurrentUser>, locale: Locale) -> Result<Option<ReportPage>, String> {
        let Some(number) = ReportNumber::parse(number) else { return Ok(None) };
        let Some(record) = find_report(&self.pool, &number).await.map_err(failure)? else { return Ok(None) };
        let history = history(&self.pool, &number).await.map_err(failure)?;
        let is_author = reader.is_some_and(|reader| record.account_id.as_deref() == Some(reader.account_id.as_str()));
        let is_follower = match reader {
            Some(reader) => is_follower(&self.pool, &number, reader.account_id.as_str()).await.map_err(failure)?,
            None => false,
        };
        let may_reopen_until = if is_author { reopen_until(&record, self.clock.now_unix_seconds()) } else { None };
        let photos = photo_views(&self.pool, &number).await?;
        let mut report = record.public(locale);
        report.photos = photos.iter().filter(|photo| photo.published).cloned().collect();
        let own_photos = if is_author { photos } else { Vec::new() };
        Ok(Some(ReportPage { report, history, is_author, is_follower, may_reopen_until, own_photos }))
    }

    async fn new_report_options(&self, locale: Locale) -> Result<NewReportOptions, String> {
        let categories = categories(&self.pool).await.map_err(failure)?;
        Ok(NewReportOptions {
            categories: categories.iter().map(|category| category.view(locale)).collect(),
            streets: self.streets.names().to_vec(),
            questions: super::store::category_questions(&self.pool).await.map_err(failure)?,
        })
    }

    async fn nearby(&self, category: &str, latitude: &str, longitude: &str, street: &str, locale: Locale) -> Result<Vec<PublicReport>, String> {
        let point = app::reports::model::Coordinates::parse(latitude, longitude).ok();
        let street = self.streets.names().iter().find(|known| known.eq_ignore_ascii_case(street.trim())).cloned();
        if point.is_none() && street.is_none() {
            return Ok(Vec::new());
        }
        let place = ReportPlace { point, street, house_number: None, landmark: None };
        let records = nearby_open_reports(&self.pool, category, &place).await.map_err(failure)?;
        Ok(records.iter().map(|record| record.public(locale)).collect())
    }

    async fn my_reports(&self, person: &CurrentUser, locale: Locale) -> Result<Vec<(PublicReport, bool)>, String> {
        let records = reports_of_account(&self.pool, person.account_id.as_str()).await.map_err(failure)?;
        Ok(records.into_iter().map(|(record, authored)| (record.public(locale), authored)).collect())
    }

    async fn office_inbox(&self, clerk: &CurrentUser, status: Option<ReportStatus>, locale: Locale) -> Result<Vec<OfficeReport>, String> {
        let offices = crate::auth::accounts::clerk_offices(&self.pool, clerk.account_id.as_str()).await.map_err(failure)?;
        let today = rome_date_of_unix_seconds(self.clock.now_unix_seconds());
        let records = office_inbox(&self.pool, &offices, status, 500).await.map_err(failure)?;
        Ok(records.iter().map(|record| OfficeReport { report: record.public(locale), channel: record.channel, overdue: record.is_overdue(today) }).collect())
    }

    async fn office_report(&self, clerk: &CurrentUser, number: &str, locale: Locale) -> Result<Option<OfficeReportPage>, String> {
        let Some(number) = ReportNumber::parse(number) else { return Ok(None) };
        let offices = crate::auth::accounts::clerk_offices(&self.pool, clerk.account_id.as_str()).await.map_err(failure)?;
        let Some(record) = find_report(&self.pool, &number).await.map_err(failure)? else { return Ok(None) };
        if !offices.contains(&record.office_code) {
            return Ok(None);
        }
        let author = match record.account_id.as_deref() {
            Some(account_id) => crate::auth::accounts::find_account_by_id(&self.pool, account_id).await.map_err(failure)?,
            None => None,
        };
        // Who reported is personal data: the opening is audited before it is shown.
        append_audit_event(
            &self.pool,
            &AuditEvent::new(clerk.account_id.as_str(), "report_opened", record.account_id.clone().unwrap_or_default())
                .with_details(serde_json::json!({ "report": number.to_string() })),
        )
        .await
        .map_err(failure)?;
        let reporter_name = author.as_ref().map(|author| author.full_name()).or_else(|| record.reporter_name.clone()).unwrap_or_default();
        let reporter_contact = record.reporter_contact.clone().or_else(|| author.as_ref().and_then(|author| author.email.clone())).unwrap_or_default();
        let today = rome_date_of_unix_seconds(self.clock.now_unix_seconds());
        let questions = super::store::category_questions(&self.pool).await.map_err(failure)?.remove(&record.category_code).unwrap_or_default();
        let answers = super::store::answers_of(&self.pool, &number)
            .await
            .map_err(failure)?
            .into_iter()
            .map(|(code, value)| match questions.iter().find(|question| question.code == code) {
                Some(question) => {
                    let answer = question.choices.iter().find(|choice| choice.key == value).map(|choice| choice.name(locale).to_string()).unwrap_or(value);
                    (question.question(locale).to_string(), answer)
                }
                None => (code, value),
            })
            .collect();
        Ok(Some(OfficeReportPage {
            answers,
            media_url: super::store::media_url_of(&self.pool, &number).await.map_err(failure)?,
            open311_client: super::open311::client_of_report(&self.pool, &number).await.map_err(failure)?,
            history: history(&self.pool, &number).await.map_err(failure)?,
            channel: record.channel,
            reporter_name,
            reporter_contact,
            overdue: record.is_overdue(today),
            actions: office_actions(record.status),
            photos: photo_views(&self.pool, &number).await?,
            report: record.public(locale),
        }))
    }

    async fn category_administration(&self) -> Result<CategoryAdministration, String> {
        let categories = categories(&self.pool).await.map_err(failure)?;
        Ok(CategoryAdministration {
            categories: categories
                .into_iter()
                .map(|category| CategoryDefinition {
                    code: category.code,
                    name_it: category.name_it,
                    name_en: category.name_en,
                    description_it: category.description_it,
                    description_en: category.description_en,
                    office: category.office_code,
                    position: category.position,
                    active: category.active,
                })
                .collect(),
            offices: self.offices.iter().map(|(code, office)| (code.clone(), office.name.clone())).collect(),
            open311_clients: super::open311::clients(&self.pool).await.map_err(failure)?.iter().map(super::open311::Open311Client::view).collect(),
        })
    }
}
