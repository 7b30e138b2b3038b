//! The guide's plain HTTP endpoints (outside Leptos): downloadable forms and
//! the ratings as open data.

use super::forms_pdf::render_form_pdf;
use crate::http::errors::{AppError, OrInternal};
use crate::http::extract::Path;
use crate::AppState;
use app::guide::model::is_valid_slug;
use app::guide::ssr::GuideStore;
use app::i18n::Locale;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// GET `/moduli/<sheet>/<form>.pdf`: a service sheet's form as PDF.
#[tracing::instrument(skip_all)]
pub async fn download_form(State(state): State<AppState>, Path((sheet_slug, form_file)): Path<(String, String)>) -> Result<Response, AppError> {
    let form_slug = form_file.strip_suffix(".pdf").filter(|slug| is_valid_slug(slug)).ok_or(AppError::NotFound)?;
    if !is_valid_slug(&sheet_slug) {
        return Err(AppError::NotFound);
    }
    let (title, body) =
        state.guide_store.sheet_body(&sheet_slug).await.map_err(|error| anyhow::anyhow!("{error}")).or_internal("render_form")?.ok_or(AppError::NotFound)?;
    let form = body.forms.iter().find(|form| form.slug == form_slug).ok_or(AppError::NotFound)?;
    let pdf = render_form_pdf(&title, &body.office, form);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{form_slug}.pdf\"")),
            (header::CACHE_CONTROL, "public, max-age=3600".to_string()),
        ],
        pdf,
    )
        .into_response())
}

/// Page ratings as open data (JSON), the same figures as /valutazioni.
#[tracing::instrument(skip_all)]
pub async fn page_ratings_open_data(State(state): State<AppState>) -> Result<Response, AppError> {
    let summaries = state.guide_store.page_feedback_summaries(Locale::Italian).await.map_err(|error| anyhow::anyhow!("{error}")).or_internal("read_ratings")?;
    Ok(Json(serde_json::json!({
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
    .into_response())
}
