//! Typed server functions of the reports pages.

use super::model::{
    CategoryAdministration, NewReportOptions, OfficeReport, OfficeReportPage, PublicReport, ReportFilter, ReportList, ReportPage, ReportStatus,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn reports_port() -> Result<super::ssr::SharedReportsPort, ServerFnError> {
    use_context::<super::ssr::SharedReportsPort>().ok_or_else(|| ServerFnError::new("reports port missing from context"))
}

#[cfg(feature = "ssr")]
fn hidden(operation: &'static str) -> impl FnOnce(String) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "reports operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

#[cfg(feature = "ssr")]
fn signed_in() -> Result<crate::auth::model::CurrentUser, ServerFnError> {
    crate::http_context::current_user().ok_or_else(|| ServerFnError::new("login required"))
}

#[cfg(feature = "ssr")]
fn locale() -> crate::i18n::Locale {
    crate::http_context::request_locale()
}

#[server(prefix = "/api", endpoint = "reports/list")]
pub async fn get_public_reports(filter: ReportFilter) -> Result<ReportList, ServerFnError> {
    reports_port()?.public_list(&filter, locale()).await.map_err(hidden("public_list"))
}

#[server(prefix = "/api", endpoint = "reports/one")]
pub async fn get_report(number: String) -> Result<Option<ReportPage>, ServerFnError> {
    let reader = crate::http_context::current_user();
    reports_port()?.report_page(&number, reader.as_ref(), locale()).await.map_err(hidden("report_page"))
}

#[server(prefix = "/api", endpoint = "reports/options")]
pub async fn get_new_report_options() -> Result<NewReportOptions, ServerFnError> {
    reports_port()?.new_report_options(locale()).await.map_err(hidden("new_report_options"))
}

#[server(prefix = "/api", endpoint = "reports/nearby")]
pub async fn get_nearby_reports(category: String, latitude: String, longitude: String, street: String) -> Result<Vec<PublicReport>, ServerFnError> {
    reports_port()?.nearby(&category, &latitude, &longitude, &street, locale()).await.map_err(hidden("nearby"))
}

#[server(prefix = "/api", endpoint = "reports/mine")]
pub async fn get_my_reports() -> Result<Vec<(PublicReport, bool)>, ServerFnError> {
    let user = signed_in()?;
    reports_port()?.my_reports(&user, locale()).await.map_err(hidden("my_reports"))
}

#[server(prefix = "/api", endpoint = "reports/office")]
pub async fn get_office_reports(status: Option<ReportStatus>) -> Result<Vec<OfficeReport>, ServerFnError> {
    let user = crate::http_context::staff_caller()?;
    reports_port()?.office_inbox(&user, status, locale()).await.map_err(hidden("office_inbox"))
}

/// Audited: the office reads who filed the report.
#[server(prefix = "/api", endpoint = "reports/office-one")]
pub async fn get_office_report(number: String) -> Result<Option<OfficeReportPage>, ServerFnError> {
    let user = crate::http_context::staff_caller()?;
    reports_port()?.office_report(&user, &number, locale()).await.map_err(hidden("office_report"))
}

/// The categories as administrators edit them.
#[server(prefix = "/api", endpoint = "reports/categories")]
pub async fn get_category_administration() -> Result<CategoryAdministration, ServerFnError> {
    crate::http_context::administrator_caller()?;
    reports_port()?.category_administration().await.map_err(hidden("category_administration"))
}
