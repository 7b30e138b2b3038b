//! The reports port: what the reports pages' server functions need from the
//! records. The server crate implements it.

use super::model::{
    CategoryAdministration, NewReportOptions, OfficeReport, OfficeReportPage, PublicReport, ReportFilter, ReportList, ReportPage, ReportStatus,
};
use crate::auth::model::CurrentUser;
use crate::i18n::Locale;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait ReportsPort: Send + Sync + 'static {
    /// The public list: anyone, no personal data.
    async fn public_list(&self, filter: &ReportFilter, locale: Locale) -> Result<ReportList, String>;
    /// One report with its public history (None: no such report). With a
    /// reader, whether they wrote or follow it.
    async fn report_page(&self, number: &str, reader: Option<&CurrentUser>, locale: Locale) -> Result<Option<ReportPage>, String>;
    /// The categories and the street list, for the form.
    async fn new_report_options(&self, locale: Locale) -> Result<NewReportOptions, String>;
    /// Open reports of the category near the place the form names.
    async fn nearby(&self, category: &str, latitude: &str, longitude: &str, street: &str, locale: Locale) -> Result<Vec<PublicReport>, String>;
    /// The reports a person filed (true) or follows (false), newest first.
    async fn my_reports(&self, person: &CurrentUser, locale: Locale) -> Result<Vec<(PublicReport, bool)>, String>;
    /// The inbox of the clerk's offices' categories.
    async fn office_inbox(&self, clerk: &CurrentUser, status: Option<ReportStatus>, locale: Locale) -> Result<Vec<OfficeReport>, String>;
    /// One report of the clerk's offices, with who filed it: audited; None
    /// for another office's or an unknown one.
    async fn office_report(&self, clerk: &CurrentUser, number: &str, locale: Locale) -> Result<Option<OfficeReportPage>, String>;
    /// Every category in both languages and the offices, for administrators.
    async fn category_administration(&self) -> Result<CategoryAdministration, String>;
}

pub type SharedReportsPort = Arc<dyn ReportsPort>;
