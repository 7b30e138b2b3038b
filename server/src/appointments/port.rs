//! The appointments' pages' port: the offices' calendars for the administrators.

use super::calendars::{calendar_of_office, calendar_offices, OfficeCalendar};
use app::appointments::model::{hours_lines, CalendarView};
use app::guide::model::ResponsibleOffice;
use app::practices::calendar::italian_date;
use sqlx::AnyPool;
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct SqlAppointmentsPort {
    pub pool: AnyPool,
    /// The offices of `offices.toml`, for their names.
    pub offices: Arc<BTreeMap<String, ResponsibleOffice>>,
}

fn failed(error: anyhow::Error) -> String {
    format!("{error:#}")
}

/// A calendar as the administrators' form shows it.
pub fn calendar_view(calendar: &OfficeCalendar, offices: &BTreeMap<String, ResponsibleOffice>) -> CalendarView {
    CalendarView {
        office: calendar.office.clone(),
        office_name: offices.get(&calendar.office).map(|office| office.name.clone()).unwrap_or_else(|| calendar.office.clone()),
        counters: calendar.schedule.counters,
        slot_minutes: calendar.slot_minutes,
        notice_minutes: calendar.notice_minutes,
        hours: hours_lines(&calendar.schedule.spans),
        closures: calendar.schedule.closures.iter().map(|day| italian_date(*day)).collect::<Vec<_>>().join("\n"),
        services: calendar.services.iter().map(|(service, minutes)| format!("{service} = {minutes}")).collect::<Vec<_>>().join("\n"),
    }
}

#[async_trait::async_trait]
impl app::appointments::ssr::AppointmentsPort for SqlAppointmentsPort {
    async fn calendars(&self) -> Result<Vec<CalendarView>, String> {
        let mut views = Vec::new();
        for office in calendar_offices(&self.pool).await.map_err(failed)? {
            if let Some(calendar) = calendar_of_office(&self.pool, &office).await.map_err(failed)? {
                views.push(calendar_view(&calendar, &self.offices));
            }
        }
        views.sort_by(|a, b| a.office_name.cmp(&b.office_name));
        Ok(views)
    }

    async fn calendar(&self, office: &str) -> Result<Option<CalendarView>, String> {
        Ok(calendar_of_office(&self.pool, office).await.map_err(failed)?.map(|calendar| calendar_view(&calendar, &self.offices)))
    }
}
