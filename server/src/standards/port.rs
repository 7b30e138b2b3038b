//! The standards page's port: every standard measured for a year with its
//! chart, and this month's counter log.

use crate::clock::Clock;
use app::i18n::Locale;
use app::practices::calendar::{rome_date_of_unix_seconds, rome_unix_seconds};
use app::standards::model::{measure_standards, PinLogEntry, StandardsReport};
use sqlx::AnyPool;

pub struct SqlStandardsPort {
    pub pool: AnyPool,
    pub clock: Clock,
}

fn failed(error: anyhow::Error) -> String {
    format!("{error:#}")
}

impl SqlStandardsPort {
    /// The figures of `year` (None, or a year to come: this one), without
    /// charts: the open data has none, the page adds them (`report`).
    pub async fn measure(&self, year: Option<i32>) -> anyhow::Result<StandardsReport> {
        let today = rome_date_of_unix_seconds(self.clock.now_unix_seconds());
        let first = super::store::first_year(&self.pool).await?.unwrap_or(today.year()).min(today.year());
        let year = year.filter(|year| (first..=today.year()).contains(year)).unwrap_or(today.year());
        let data = super::store::standards_data(&self.pool, year).await?;
        let standards = measure_standards(&data, year, today);
        Ok(StandardsReport { year, as_of: today.to_string(), standards, charts: Vec::new(), years: (first..=today.year()).rev().collect() })
    }
}

#[async_trait::async_trait]
impl app::standards::ssr::StandardsPort for SqlStandardsPort {
    async fn report(&self, year: Option<i32>, locale: Locale) -> Result<StandardsReport, String> {
        let mut report = self.measure(year).await.map_err(failed)?;
        report.charts = report.standards.iter().map(|figures| super::charts::chart_svg(figures, locale)).collect();
        Ok(report)
    }

    async fn pin_log(&self) -> Result<Vec<PinLogEntry>, String> {
        let today = rome_date_of_unix_seconds(self.clock.now_unix_seconds());
        let month_start = today.replace_day(1).ok().and_then(|first| rome_unix_seconds(first, time::Time::MIDNIGHT)).unwrap_or_default();
        super::store::pin_log_since(&self.pool, month_start).await.map_err(failed)
    }
}
