//! The appointments port: what the appointments' pages need from the
//! records. The server crate implements it.

use super::model::{AgendaView, CalendarView};
use crate::auth::model::CurrentUser;
use std::sync::Arc;

#[async_trait::async_trait]
pub trait AppointmentsPort: Send + Sync + 'static {
    /// Every office's calendar, for the administrators.
    async fn calendars(&self) -> Result<Vec<CalendarView>, String>;
    /// One office's calendar; None for an office that takes no appointments.
    async fn calendar(&self, office: &str) -> Result<Option<CalendarView>, String>;
    /// The day's bookings at the clerk's offices (every office for an
    /// administrator), today when no day is given; audited: it names citizens.
    async fn agenda(&self, clerk: &CurrentUser, day: Option<String>, locale: crate::i18n::Locale) -> Result<AgendaView, String>;
}

pub type SharedAppointmentsPort = Arc<dyn AppointmentsPort>;
