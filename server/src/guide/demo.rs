//! Demonstration data for `./sportello run`: a few anonymous ratings, so that
//! the public ratings page shows what auditors will see. Only loaded into an
//! empty feedback table, and only when SPORTELLO_DEMO_DATA is set.

use anyhow::Context;
use sqlx::AnyPool;

const DEMO_RATINGS: &[(&str, i64, &str)] = &[
    ("cambio-di-residenza", 5, "chiare"),
    ("cambio-di-residenza", 4, "utili"),
    ("cambio-di-residenza", 2, "non-complete"),
    ("carta-identita-elettronica", 5, "complete"),
    ("carta-identita-elettronica", 5, "chiare"),
    ("tari-iscrizione", 3, "non-chiare"),
    ("tari-iscrizione", 4, "chiare"),
    ("mensa-scolastica", 5, "utili"),
];

pub async fn load_demo_ratings(pool: &AnyPool) -> anyhow::Result<()> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM guide_page_feedback").fetch_one(pool).await.context("cannot count ratings")?;
    if existing > 0 {
        return Ok(());
    }
    for (index, (sheet, rating, reason)) in DEMO_RATINGS.iter().enumerate() {
        sqlx::query(
            "INSERT INTO guide_page_feedback (id, sheet_slug, rating, reason, comment, created_at) \
             SELECT $1, slug, $2, $3, NULL, $4 FROM guide_service_sheets WHERE slug = $5",
        )
        .bind(format!("demo-{index}"))
        .bind(rating)
        .bind(reason.to_string())
        .bind("2026-11-01T09:00:00Z")
        .bind(sheet.to_string())
        .execute(pool)
        .await
        .context("cannot store a demo rating")?;
    }
    Ok(())
}
