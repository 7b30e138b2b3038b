//! Typed server functions of the guide. On the server they run the body; in
//! the WASM client they become HTTP calls with the same signature.

use super::model::*;
use crate::i18n::Locale;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn guide_store() -> Result<super::ssr::SharedGuideStore, ServerFnError> {
    use_context::<super::ssr::SharedGuideStore>().ok_or_else(|| ServerFnError::new("guide store missing from context"))
}

/// Logs the internal failure and gives the client a message without internals.
#[cfg(feature = "ssr")]
fn hide_internal_failure(operation: &'static str) -> impl FnOnce(super::ssr::GuideStoreError) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "guide operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

#[server(prefix = "/api", endpoint = "guide/topics")]
pub async fn list_guide_topics(locale: Locale) -> Result<Vec<TopicSummary>, ServerFnError> {
    guide_store()?.list_topics(locale).await.map_err(hide_internal_failure("list_topics"))
}

#[server(prefix = "/api", endpoint = "guide/topic")]
pub async fn get_guide_topic(slug: String, locale: Locale) -> Result<Option<TopicWithServiceSheets>, ServerFnError> {
    if !is_valid_slug(&slug) {
        return Ok(None);
    }
    guide_store()?.topic_with_service_sheets(&slug, locale).await.map_err(hide_internal_failure("topic_with_service_sheets"))
}

#[server(prefix = "/api", endpoint = "guide/service-sheets")]
pub async fn list_service_sheets(locale: Locale) -> Result<Vec<ServiceSheetSummary>, ServerFnError> {
    guide_store()?.list_service_sheets(locale).await.map_err(hide_internal_failure("list_service_sheets"))
}

#[server(prefix = "/api", endpoint = "guide/service-sheet")]
pub async fn get_service_sheet(slug: String, locale: Locale) -> Result<Option<ServiceSheet>, ServerFnError> {
    if !is_valid_slug(&slug) {
        return Ok(None);
    }
    guide_store()?.service_sheet(&slug, locale).await.map_err(hide_internal_failure("service_sheet"))
}

#[server(prefix = "/api", endpoint = "guide/page")]
pub async fn get_editorial_page(slug: String, locale: Locale) -> Result<Option<EditorialPage>, ServerFnError> {
    if !is_valid_slug(&slug) {
        return Ok(None);
    }
    guide_store()?.editorial_page(&slug, locale).await.map_err(hide_internal_failure("editorial_page"))
}

/// Full-text search. A query that does not parse yields no hits: the page
/// explains why from the same [`SearchQuery::parse`] rule.
#[server(prefix = "/api", endpoint = "guide/search")]
pub async fn search_service_sheets(query: String, locale: Locale) -> Result<Vec<SearchHit>, ServerFnError> {
    let Ok(query) = SearchQuery::parse(&query) else {
        return Ok(Vec::new());
    };
    guide_store()?.search_service_sheets(&query, locale, 50).await.map_err(hide_internal_failure("search_service_sheets"))
}

/// Suggestions while typing (used by the search island): few hits, same ranking.
// GET: read-only, cacheable, and free of the CSRF token that state-changing posts need.
#[server(prefix = "/api", endpoint = "guide/suggest", input = leptos::server_fn::codec::GetUrl)]
pub async fn suggest_service_sheets(query: String, locale: Locale) -> Result<Vec<SearchHit>, ServerFnError> {
    let Ok(query) = SearchQuery::parse(&query) else {
        return Ok(Vec::new());
    };
    guide_store()?.search_service_sheets(&query, locale, 5).await.map_err(hide_internal_failure("suggest_service_sheets"))
}

#[server(prefix = "/api", endpoint = "guide/page-feedback-summaries")]
pub async fn list_page_feedback_summaries(locale: Locale) -> Result<Vec<PageFeedbackSummary>, ServerFnError> {
    guide_store()?.page_feedback_summaries(locale).await.map_err(hide_internal_failure("page_feedback_summaries"))
}

/// Stores a rating from the feedback widget (a plain HTML form post).
///
/// It always answers with a redirect back to the sheet's widget: to the thank
/// you message, or to the form again with every value typed and the errors.
#[server(prefix = "/api", endpoint = "guide/page-feedback")]
pub async fn submit_page_feedback(
    // Every field defaults, so a malformed form still reaches `PageFeedback::parse`
    // and gets a clear answer instead of a deserialisation error.
    #[server(default)] page: String,
    #[server(default)] rating: String,
    #[server(default)] reason: String,
    #[server(default)] reason_positive: String,
    #[server(default)] reason_negative: String,
    #[server(default)] comment: String,
) -> Result<(), ServerFnError> {
    // The widget asks both follow-up questions in one form (the stars pick
    // which one shows): the answer that counts is the one of the stars' polarity.
    let chosen = match StarRating::parse(&rating) {
        Some(stars) if stars.is_positive() => reason_positive,
        Some(_) => reason_negative,
        None => String::new(),
    };
    let reason = if chosen.trim().is_empty() { reason } else { chosen };
    let form = PageFeedbackForm { page, rating, reason, comment };
    match PageFeedback::parse(&form) {
        Ok(feedback) => {
            guide_store()?.record_page_feedback(&feedback).await.map_err(hide_internal_failure("record_page_feedback"))?;
            leptos_axum::redirect(&format!("{}?valutazione=grazie", service_sheet_path(feedback.sheet_slug())));
            Ok(())
        }
        Err(errors) if errors.contains(&PageFeedbackError::UnknownPage) => {
            // Only a tampered form gets here: never redirect to an arbitrary path.
            leptos_axum::redirect("/servizi");
            Ok(())
        }
        Err(errors) => {
            leptos_axum::redirect(&feedback_form_again_url(&form, &errors));
            Ok(())
        }
    }
}

/// The sheet URL that shows the feedback form again with what was typed.
pub fn feedback_form_again_url(form: &PageFeedbackForm, errors: &[PageFeedbackError]) -> String {
    let codes = errors.iter().map(|error| error.code()).collect::<Vec<_>>().join(",");
    format!(
        "{}?valutazione={}&motivo={}&commento={}&errore={}",
        form.page,
        percent_encode(&form.rating),
        percent_encode(&form.reason),
        percent_encode(&form.comment),
        codes
    )
}

use crate::http_context::percent_encode;
