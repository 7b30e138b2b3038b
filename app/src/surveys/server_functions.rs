//! Typed server functions of the surveys' pages.

use super::model::{SurveyPageView, SurveyResultsView, SurveySummary};
use leptos::prelude::*;

/// The cookie that says this browser answered a survey: the same value for
/// everyone, so it tells nothing about who (no tracking).
pub fn answered_cookie(slug: &str) -> String {
    format!("questionario-{slug}")
}

#[cfg(feature = "ssr")]
fn surveys_port() -> Result<super::ssr::SharedSurveysPort, ServerFnError> {
    use_context::<super::ssr::SharedSurveysPort>().ok_or_else(|| ServerFnError::new("surveys port missing from context"))
}

#[cfg(feature = "ssr")]
fn hidden(operation: &'static str) -> impl FnOnce(String) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "surveys operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

#[cfg(feature = "ssr")]
fn is_administrator() -> bool {
    crate::http_context::current_user().is_some_and(|user| user.role == crate::auth::model::Role::Administrator)
}

/// The surveys open and closed, for anyone.
#[server(prefix = "/api", endpoint = "surveys/list")]
pub async fn get_surveys() -> Result<Vec<SurveySummary>, ServerFnError> {
    surveys_port()?.surveys(false, crate::http_context::request_locale()).await.map_err(hidden("surveys"))
}

/// Every survey, drafts too, for administrators.
#[server(prefix = "/api", endpoint = "surveys/administration")]
pub async fn get_survey_administration() -> Result<Vec<SurveySummary>, ServerFnError> {
    if !is_administrator() {
        return Err(ServerFnError::new("forbidden"));
    }
    surveys_port()?.surveys(true, crate::http_context::request_locale()).await.map_err(hidden("survey_administration"))
}

/// A survey's form; `answered_here`: this browser answered it already.
#[server(prefix = "/api", endpoint = "surveys/one")]
pub async fn get_survey(slug: String) -> Result<Option<(SurveyPageView, bool)>, ServerFnError> {
    let answered_here = crate::http_context::request_cookie(&answered_cookie(&slug)).is_some();
    let survey = surveys_port()?.survey(&slug, crate::http_context::request_locale()).await.map_err(hidden("survey"))?;
    Ok(survey.map(|survey| (survey, answered_here)))
}

#[server(prefix = "/api", endpoint = "surveys/results")]
pub async fn get_survey_results(slug: String) -> Result<Option<SurveyResultsView>, ServerFnError> {
    surveys_port()?.results(&slug, is_administrator(), crate::http_context::request_locale()).await.map_err(hidden("survey_results"))
}
