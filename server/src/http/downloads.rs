//! How a person's own documents leave the server.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A PDF of the person's own, downloaded (same tab) and never cached.
pub fn private_pdf(pdf: Vec<u8>, file_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        pdf,
    )
        .into_response()
}
