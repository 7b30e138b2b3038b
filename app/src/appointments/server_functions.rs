//! Typed server functions of the appointments' pages.

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
