//! The appointments port: what the appointments' pages need from the
//! records. The server crate implements it.

use super::booking::{BookingDayView, BookingPage, BookingStartView, MyAppointment};
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
    /// The booking's first step: the offices (only the sheet's when there
    /// is one) and the reasons at the chosen office.
    async fn booking_start(&self, service: Option<String>, office: Option<String>, locale: crate::i18n::Locale) -> Result<BookingStartView, String>;
    /// A month's free days and a day's free slots; None for an office or
    /// a reason the flow does not offer.
    async fn booking_day(
        &self,
        office: &str,
        service: &str,
        month: Option<String>,
        day: Option<String>,
        locale: crate::i18n::Locale,
    ) -> Result<Option<BookingDayView>, String>;
    /// A hold or a booking by its key, with the days to move it to when
    /// asked (`moving`: the month and day chosen).
    async fn booking(
        &self,
        key: &str,
        user: Option<CurrentUser>,
        moving: Option<(Option<String>, Option<String>)>,
        locale: crate::i18n::Locale,
    ) -> Result<Option<BookingPage>, String>;
    /// The citizen's bookings, the latest first.
    async fn my_appointments(&self, user: &CurrentUser, locale: crate::i18n::Locale) -> Result<Vec<MyAppointment>, String>;
    /// One of the citizen's bookings by its id; None when it is not theirs.
    async fn my_booking(
        &self,
        user: &CurrentUser,
        id: &str,
        moving: Option<(Option<String>, Option<String>)>,
        locale: crate::i18n::Locale,
    ) -> Result<Option<BookingPage>, String>;
}

pub type SharedAppointmentsPort = Arc<dyn AppointmentsPort>;
