//! `/sitemap.xml`: every public page, with absolute URLs.

use crate::AppState;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[tracing::instrument(skip_all)]
pub async fn sitemap(State(state): State<AppState>) -> Response {
    let (sheets, topics, pages) = match state.guide_store.public_slugs().await {
        Ok(slugs) => slugs,
        Err(error) => {
            tracing::error!(error = %format!("{error:#}"), "cannot build the sitemap");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let procedures = match crate::practices::store::active_procedure_slugs(&state.pool).await {
        Ok(slugs) => slugs,
        Err(error) => {
            tracing::error!(error = %format!("{error:#}"), "cannot list procedures for the sitemap");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let base = state.config.public_url.trim_end_matches('/');
    let paths = [
        "/",
        "/servizi",
        "/argomenti",
        "/pratiche",
        "/pratiche/verifica",
        "/pagamenti",
        "/pagamenti/verifica",
        app::routes::CERTIFICATES_PATH,
        app::routes::CERTIFICATE_VERIFICATION_PATH,
        app::routes::REPORTS_PATH,
        app::routes::INFORMATION_REQUEST_PATH,
        app::routes::STANDARDS_PATH,
        app::routes::COMPLAINT_PATH,
        app::routes::SURVEYS_PATH,
        app::routes::BOOKING_PATH,
        "/cerca",
        "/valutazioni",
        "/esempi/componenti",
    ]
    .into_iter()
    .map(str::to_string)
    .chain(topics.iter().map(|slug| format!("/argomenti/{slug}")))
    .chain(sheets.iter().map(|slug| format!("/servizi/{slug}")))
    .chain(pages.iter().map(|slug| format!("/info/{slug}")))
    .chain(procedures.iter().map(|slug| format!("/pratiche/{slug}")));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in paths {
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_xml(&format!("{base}{path}"))));
    }
    xml.push_str("</urlset>\n");
    ([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response()
}
