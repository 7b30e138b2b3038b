//! The maintenance page's port: the windows on record, this year's days
//! against the budget and the coming deadlines.

use super::schedule::MaintenanceSchedule;
use app::i18n::Locale;
use app::maintenance::model::{maintenance_days, MaintenanceAdministration, WindowView};
use app::practices::calendar::rome_date_of_unix_seconds;
use sqlx::AnyPool;

pub struct SqlMaintenancePort {
    pub pool: AnyPool,
    pub schedule: MaintenanceSchedule,
}

#[async_trait::async_trait]
impl app::maintenance::ssr::MaintenancePort for SqlMaintenancePort {
    async fn administration(&self, locale: Locale) -> Result<MaintenanceAdministration, String> {
        let records = super::store::all_windows(&self.pool).await.map_err(|error| format!("{error:#}"))?;
        let now = self.schedule.clock.now_unix_seconds();
        let today = rome_date_of_unix_seconds(now);
        let counting: Vec<_> = records.iter().filter(|record| !record.cancelled).map(|record| record.window.clone()).collect();
        let rules = &self.schedule.rules;
        Ok(MaintenanceAdministration {
            now,
            year: today.year(),
            days_this_year: maintenance_days(&counting, today.year()),
            notice_days: rules.notice_days,
            guard_days: rules.guard_days,
            windows: records
                .into_iter()
                .map(|record| WindowView { days: record.window.days().len() as u32, window: record.window, cancelled: record.cancelled })
                .collect(),
            deadlines: rules.upcoming_deadlines(today, locale == Locale::English),
        })
    }
}
