//! Typed server functions of the appointments' pages.

use super::booking::{BookingDayView, BookingPage, BookingStartView, MyAppointment};
use super::model::{AgendaView, CalendarView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn appointments_port() -> Result<super::ssr::SharedAppointmentsPort, ServerFnError> {
    use_context::<super::ssr::SharedAppointmentsPort>().ok_or_else(|| ServerFnError::new("appointments port missing from context"))
}

#[cfg(feature = "ssr")]
fn hidden(operation: &'static str) -> impl FnOnce(String) -> ServerFnError {
    move |error| {
        tracing::error!(operation, %error, "appointments operation failed");
        ServerFnError::new("service temporarily unavailable")
    }
}

#[server(prefix = "/api", endpoint = "appointments/calendars")]
pub async fn get_calendars() -> Result<Vec<CalendarView>, ServerFnError> {
    crate::http_context::administrator_caller()?;
    appointments_port()?.calendars().await.map_err(hidden("calendars"))
}

#[server(prefix = "/api", endpoint = "appointments/calendar")]
pub async fn get_calendar(office: String) -> Result<Option<CalendarView>, ServerFnError> {
    crate::http_context::administrator_caller()?;
    appointments_port()?.calendar(&office).await.map_err(hidden("calendar"))
}

/// Audited: the agenda names citizens.
#[server(prefix = "/api", endpoint = "appointments/agenda")]
pub async fn get_agenda(day: Option<String>) -> Result<AgendaView, ServerFnError> {
    let user = crate::http_context::staff_caller()?;
    appointments_port()?.agenda(&user, day, crate::http_context::request_locale()).await.map_err(hidden("agenda"))
}

/// Public: anyone books, signed in or not.
#[server(prefix = "/api", endpoint = "appointments/booking-start")]
pub async fn get_booking_start(service: Option<String>, office: Option<String>) -> Result<BookingStartView, ServerFnError> {
    appointments_port()?.booking_start(service, office, crate::http_context::request_locale()).await.map_err(hidden("booking_start"))
}

#[server(prefix = "/api", endpoint = "appointments/booking-day")]
pub async fn get_booking_day(office: String, service: String, month: Option<String>, day: Option<String>) -> Result<Option<BookingDayView>, ServerFnError> {
    appointments_port()?.booking_day(&office, &service, month, day, crate::http_context::request_locale()).await.map_err(hidden("booking_day"))
}

/// Whoever holds the key sees the booking (the key is the mail's link).
#[server(prefix = "/api", endpoint = "appointments/booking")]
pub async fn get_booking(key: String, moving: bool, month: Option<String>, day: Option<String>) -> Result<Option<BookingPage>, ServerFnError> {
    appointments_port()?
        .booking(&key, crate::http_context::current_user(), moving.then_some((month, day)), crate::http_context::request_locale())
        .await
        .map_err(hidden("booking"))
}

#[server(prefix = "/api", endpoint = "appointments/mine")]
pub async fn get_my_appointments() -> Result<Vec<MyAppointment>, ServerFnError> {
    let user = crate::http_context::signed_in_caller()?;
    appointments_port()?.my_appointments(&user, crate::http_context::request_locale()).await.map_err(hidden("my_appointments"))
}

/// The citizen's own booking; nothing for anyone else's.
#[server(prefix = "/api", endpoint = "appointments/my-booking")]
pub async fn get_my_booking(id: String, moving: bool, month: Option<String>, day: Option<String>) -> Result<Option<BookingPage>, ServerFnError> {
    let user = crate::http_context::signed_in_caller()?;
    appointments_port()?.my_booking(&user, &id, moving.then_some((month, day)), crate::http_context::request_locale()).await.map_err(hidden("my_booking"))
}
