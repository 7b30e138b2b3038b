//! The appointments' pages' port: the offices' calendars for the administrators.

use super::calendars::{calendar_of_office, calendar_offices, OfficeCalendar};
use super::store::agenda_of;
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::clock::Clock;
use app::appointments::model::{hours_lines, AgendaEntry, AgendaView, CalendarView, CounterAction};
use app::auth::model::{CurrentUser, Role};
use app::guide::model::ResponsibleOffice;
use app::i18n::Locale;
use app::practices::calendar::italian_date;
use sqlx::AnyPool;
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct SqlAppointmentsPort {
    pub pool: AnyPool,
    /// The offices of `offices.toml`, for their names.
    pub offices: Arc<BTreeMap<String, ResponsibleOffice>>,
    /// The services' titles (Italian, English).
    pub service_titles: Arc<BTreeMap<String, (String, String)>>,
    pub clock: Clock,
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

    async fn agenda(&self, clerk: &CurrentUser, day: Option<String>, locale: Locale) -> Result<AgendaView, String> {
        let today = app::practices::calendar::rome_date_of_unix_seconds(self.clock.now_unix_seconds());
        let day = day.as_deref().and_then(app::practices::validation::parse_date).unwrap_or(today);
        let offices = if clerk.role == Role::Administrator {
            None
        } else {
            Some(crate::auth::accounts::clerk_offices(&self.pool, clerk.account_id.as_str()).await.map_err(failed)?)
        };
        let records = agenda_of(&self.pool, offices.as_deref(), day).await.map_err(failed)?;
        append_audit_event(
            &self.pool,
            &AuditEvent::new(clerk.account_id.as_str(), "appointment_agenda_opened", String::new())
                .with_details(serde_json::json!({ "day": day.to_string(), "appointments": records.len() })),
        )
        .await
        .map_err(failed)?;
        let entries = records
            .into_iter()
            .map(|record| AgendaEntry {
                office_name: self.offices.get(&record.office).map(|office| office.name.clone()).unwrap_or_else(|| record.office.clone()),
                service_title: self
                    .service_titles
                    .get(&record.service)
                    .map(|(italian, english)| if locale == Locale::English { english.clone() } else { italian.clone() })
                    .unwrap_or_else(|| record.service.clone()),
                actions: CounterAction::from_state(&record.state),
                id: record.id,
                starts: record.starts,
                minutes: u32::try_from(record.minutes).unwrap_or_default(),
                counter: u32::try_from(record.counter).unwrap_or_default(),
                name: record.name.unwrap_or_default(),
                phone: record.phone.unwrap_or_default(),
                email: record.email.unwrap_or_default(),
                state: record.state,
            })
            .collect();
        let previous = day.previous_day().unwrap_or(day);
        let next = day.next_day().unwrap_or(day);
        Ok(AgendaView { day: day.to_string(), previous_day: previous.to_string(), next_day: next.to_string(), entries })
    }
}
