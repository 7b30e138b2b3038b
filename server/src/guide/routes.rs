//! The guide's plain HTTP endpoints (outside Leptos): downloadable forms and
//! the ratings as open data.

use super::forms_pdf::render_form_pdf;
use crate::AppState;
use app::guide::model::is_valid_slug;
use app::guide::ssr::GuideStore;
use app::i18n::Locale;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

pub async fn download_form(State(state): State<AppState>, Path((sheet_slug, form_file)): Path<(String, String)>) -> Response {
    let Some(form_slug) = form_file.strip_suffix(".pdf").filter(|slug| is_valid_slug(slug)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !is_valid_slug(&sheet_slug) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match state.guide_store.sheet_body(&sheet_slug).await {
        Ok(Some((title, body))) => match body.forms.iter().find(|form| form.slug == form_slug) {
            Some(form) => {
                let pdf = render_form_pdf(&title, &body.office, form);
                (
                    [
                        (header::CONTENT_TYPE, "application/pdf".to_string()),
                        (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{form_slug}.pdf\"")),
                        (header::CACHE_CONTROL, "public, max-age=3600".to_string()),
                    ],
                    pdf,
                )
                    .into_response()
            }
            None => StatusCode::NOT_FOUND.into_response(),
        },
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(error = %format!("{error:#}"), "cannot render a form");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// Page ratings as open data (JSON), the same figures as /valutazioni.
pub async fn page_ratings_open_data(State(state): State<AppState>) -> Response {
    match state.guide_store.page_feedback_summaries(Locale::Italian).await {
        Ok(summaries) => Json(serde_json::json!({
            "description": "Valutazioni anonime della chiarezza delle schede dei servizi (1-5 stelle)",
            "publisher": "Comune di Rho",
            "license": "CC-BY-4.0",
            "pages": summaries.iter().map(|s| serde_json::json!({
                "page": s.page_path,
                "title": s.page_title,
                "responses": s.responses,
                "rating_sum": s.rating_sum,
                "average": if s.responses > 0 { s.rating_sum as f64 / s.responses as f64 } else { 0.0 },
                "positive": s.positive,
                "negative": s.negative,
            })).collect::<Vec<_>>(),
        }))
        .into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot read ratings");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
