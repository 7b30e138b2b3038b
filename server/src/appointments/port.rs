//! The appointments' pages' port: the offices' calendars for the
//! administrators, the counter's agenda, and the citizens' booking flow.

use super::availability::{offer, services_at, BookableServices, Offer};
use super::calendars::{calendar_of_office, calendar_offices, OfficeCalendar};
use super::reminders::ReminderNames;
use super::store::{agenda_of, appointment_by_key, appointment_of_account, appointments_of_account, AppointmentRecord, AppointmentState};
use crate::auth::audit::{append_audit_event, AuditEvent};
use crate::auth::tokens::sha256_hex;
use crate::clock::Clock;
use app::appointments::booking::{
    bookable_months, month_code, parse_month, BookingDayView, BookingKey, BookingPage, BookingStartView, BookingView, MyAppointment, OfficeChoice,
    ServiceChoice,
};
use app::appointments::model::hhmm;
use app::appointments::model::{hours_lines, AgendaEntry, AgendaView, CalendarView, CounterAction};
use app::auth::model::{CurrentUser, Role};
use app::guide::model::ResponsibleOffice;
use app::i18n::Locale;
use app::practices::calendar::italian_date;
use sqlx::AnyPool;
use std::collections::BTreeMap;

pub struct SqlAppointmentsPort {
    pub pool: AnyPool,
    /// The offices of `offices.toml` and the services' titles (Italian,
    /// English), as the appointments' letters name them.
    pub names: ReminderNames,
    /// The service sheets booked at the counter.
    pub bookable: BookableServices,
    pub clock: Clock,
}

impl SqlAppointmentsPort {
    fn office_choice(&self, office: &str) -> OfficeChoice {
        match self.names.offices.get(office) {
            Some(known) => OfficeChoice { office: office.to_string(), name: known.name.clone(), address: known.address.to_string() },
            None => OfficeChoice { office: office.to_string(), name: office.to_string(), address: String::new() },
        }
    }

    fn service_choice(&self, service: &str, minutes: u32, locale: Locale) -> ServiceChoice {
        ServiceChoice { service: service.to_string(), title: self.names.service_title(service, locale), minutes }
    }

    async fn day_view(&self, offer: &Offer, month: Option<String>, day: Option<String>, locale: Locale) -> anyhow::Result<BookingDayView> {
        let now = self.clock.now_unix_seconds();
        let months = bookable_months(app::practices::calendar::rome_date_of_unix_seconds(now));
        let asked = month.as_deref().and_then(parse_month).filter(|month| months.contains(month));
        let day = day.as_deref().and_then(app::practices::validation::parse_date);
        // The month asked, the chosen day's, or the first with a free day.
        let mut chosen = asked.or_else(|| day.map(|day| (day.year(), day.month())).filter(|month| months.contains(month)));
        let mut free = Vec::new();
        match chosen {
            Some((year, month)) => free = offer.free_days(&self.pool, year, month, now).await?,
            None => {
                for (year, month) in &months {
                    free = offer.free_days(&self.pool, *year, *month, now).await?;
                    chosen = Some((*year, *month));
                    if !free.is_empty() {
                        break;
                    }
                }
            }
        }
        let (year, month) = chosen.unwrap_or(months[0]);
        let position = months.iter().position(|candidate| *candidate == (year, month)).unwrap_or(0);
        let day = day.filter(|day| free.contains(day));
        let slots = match day {
            Some(day) => offer.free_slots(&self.pool, day, now).await?.into_iter().map(|slot| hhmm(slot.start)).collect(),
            None => Vec::new(),
        };
        Ok(BookingDayView {
            office: self.office_choice(&offer.calendar.office),
            service: self.service_choice(&offer.service, offer.minutes, locale),
            month: month_code(year, month),
            previous_month: position.checked_sub(1).map(|index| month_code(months[index].0, months[index].1)),
            next_month: months.get(position + 1).map(|(year, month)| month_code(*year, *month)),
            free_days: free.iter().map(|day| day.to_string()).collect(),
            day: day.map(|day| day.to_string()),
            slots,
        })
    }

    async fn booking_view(&self, record: &AppointmentRecord, user: Option<&CurrentUser>, locale: Locale) -> anyhow::Result<BookingView> {
        let now = self.clock.now_unix_seconds();
        let hold_open = record.state == AppointmentState::Held && record.hold_expires_at.is_some_and(|until| until > now);
        let hold_until = record.hold_expires_at.map(|until| hhmm(app::practices::calendar::rome_time_of_unix_seconds(until).time())).unwrap_or_default();
        let mut name = record.name.clone().unwrap_or_default();
        let mut email = record.email.clone().unwrap_or_default();
        let citizen = user.filter(|user| user.role == Role::Citizen);
        if let (Some(user), true) = (citizen, record.state == AppointmentState::Held && name.is_empty()) {
            // Taken from the profile until the citizen writes otherwise.
            name = user.full_name();
            let account = crate::auth::accounts::find_account_by_id(&self.pool, user.account_id.as_str()).await?;
            email = account.and_then(|account| account.email).unwrap_or_default();
        }
        Ok(BookingView {
            office: self.office_choice(&record.office),
            service: self.service_choice(&record.service, record.minutes, locale),
            day: record.slot.date.to_string(),
            starts: hhmm(record.slot.start),
            state: record.state.code().to_string(),
            hold_open,
            hold_until,
            details: record.details.clone().unwrap_or_default(),
            name,
            email,
            phone: record.phone.clone().unwrap_or_default(),
            needed: self.bookable.get(&record.service).map(|service| service.needed.clone()).unwrap_or_default(),
            signed_in: citizen.is_some(),
            for_a_caller: user.is_some_and(|user| user.role != Role::Citizen),
        })
    }
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
                views.push(calendar_view(&calendar, &self.names.offices));
            }
        }
        views.sort_by(|a, b| a.office_name.cmp(&b.office_name));
        Ok(views)
    }

    async fn calendar(&self, office: &str) -> Result<Option<CalendarView>, String> {
        Ok(calendar_of_office(&self.pool, office).await.map_err(failed)?.map(|calendar| calendar_view(&calendar, &self.names.offices)))
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
                office_name: self.names.offices.get(&record.office).map(|office| office.name.clone()).unwrap_or_else(|| record.office.clone()),
                service_title: self
                    .names
                    .services
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

    async fn booking_start(&self, service: Option<String>, office: Option<String>, locale: Locale) -> Result<BookingStartView, String> {
        let with_calendar = calendar_offices(&self.pool).await.map_err(failed)?;
        let sheet_office = service.as_deref().and_then(|service| self.bookable.get(service)).map(|service| service.office.clone());
        // From a service sheet: its competent office only (when it takes appointments).
        let offered: Vec<String> = match sheet_office.filter(|office| with_calendar.contains(office)) {
            Some(office) => vec![office],
            None => with_calendar,
        };
        let mut offices: Vec<OfficeChoice> = offered.iter().map(|office| self.office_choice(office)).collect();
        offices.sort_by(|a, b| a.name.cmp(&b.name));
        let chosen = office.filter(|office| offered.contains(office)).or_else(|| (offered.len() == 1).then(|| offered[0].clone()));
        let mut services = Vec::new();
        if let Some(office) = &chosen {
            let calendar = calendar_of_office(&self.pool, office).await.map_err(failed)?;
            if let Some(calendar) = calendar {
                services = services_at(&self.bookable, office)
                    .iter()
                    .map(|service| self.service_choice(service, calendar.minutes_for(service), locale))
                    .collect::<Vec<_>>();
                // The sheets by title; the general reason last.
                services.sort_by_key(|choice| (choice.service == app::appointments::booking::OTHER_SERVICE, choice.title.clone()));
            }
        }
        let service = service.filter(|service| services.iter().any(|choice| choice.service == *service));
        Ok(BookingStartView { offices, office: chosen, services, service })
    }

    async fn booking_day(
        &self,
        office: &str,
        service: &str,
        month: Option<String>,
        day: Option<String>,
        locale: Locale,
    ) -> Result<Option<BookingDayView>, String> {
        let Some(offer) = offer(&self.pool, &self.bookable, office, service).await.map_err(failed)? else {
            return Ok(None);
        };
        self.day_view(&offer, month, day, locale).await.map(Some).map_err(failed)
    }

    async fn booking(
        &self,
        key: &str,
        user: Option<CurrentUser>,
        moving: Option<(Option<String>, Option<String>)>,
        locale: Locale,
    ) -> Result<Option<BookingPage>, String> {
        let Some(key) = BookingKey::parse(key) else {
            return Ok(None);
        };
        let Some(record) = appointment_by_key(&self.pool, &sha256_hex(key.as_str().as_bytes())).await.map_err(failed)? else {
            return Ok(None);
        };
        self.booking_page(&record, user.as_ref(), moving, locale).await.map(Some).map_err(failed)
    }

    async fn my_appointments(&self, user: &CurrentUser, locale: Locale) -> Result<Vec<MyAppointment>, String> {
        let records = appointments_of_account(&self.pool, user.account_id.as_str()).await.map_err(failed)?;
        Ok(records
            .into_iter()
            .map(|record| MyAppointment {
                service_title: self.names.service_title(&record.service, locale),
                office_name: self.office_choice(&record.office).name,
                day: record.slot.date.to_string(),
                starts: hhmm(record.slot.start),
                state: record.state.code().to_string(),
                id: record.id,
            })
            .collect())
    }

    async fn my_booking(
        &self,
        user: &CurrentUser,
        id: &str,
        moving: Option<(Option<String>, Option<String>)>,
        locale: Locale,
    ) -> Result<Option<BookingPage>, String> {
        let Some(record) = appointment_of_account(&self.pool, user.account_id.as_str(), id).await.map_err(failed)? else {
            return Ok(None);
        };
        self.booking_page(&record, Some(user), moving, locale).await.map(Some).map_err(failed)
    }
}

impl SqlAppointmentsPort {
    async fn booking_page(
        &self,
        record: &AppointmentRecord,
        user: Option<&CurrentUser>,
        moving: Option<(Option<String>, Option<String>)>,
        locale: Locale,
    ) -> anyhow::Result<BookingPage> {
        let booking = self.booking_view(record, user, locale).await?;
        let moving = match moving.filter(|_| record.state == AppointmentState::Booked) {
            Some((month, day)) => match offer(&self.pool, &self.bookable, &record.office, &record.service).await? {
                Some(offer) => Some(self.day_view(&offer, month, day, locale).await?),
                None => None,
            },
            None => None,
        };
        Ok(BookingPage { booking, moving })
    }
}
