//! The reminder the day before: from 9:00 in Rome, every booking of the
//! next day that has not had one is claimed (so two servers never remind
//! twice) and its citizen told, through the message centre when the booking
//! has an account (the personal area keeps it; email and App IO as chosen),
//! by email otherwise.

use super::store::AppointmentState;
use crate::mail::outbox::{Outbox, OutgoingMessage};
use crate::messages::centre::{Addressee, Letter, MessageCentre};
use anyhow::Context;
use app::guide::model::ResponsibleOffice;
use app::i18n::{Locale, Text};
use app::messages::model::MessageKind;
use app::practices::calendar::{italian_date, rome_time_of_unix_seconds};
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

/// The hour of the day before from which reminders go (Rome's time).
pub const REMINDERS_FROM_HOUR: u8 = 9;
/// How often the reminders' run looks.
pub const REMINDER_INTERVAL_SECONDS: u64 = 900;

/// What a reminder names besides the booking: offices and the services' titles (Italian, English).
#[derive(Clone)]
pub struct ReminderNames {
    pub offices: std::sync::Arc<BTreeMap<String, ResponsibleOffice>>,
    pub services: std::sync::Arc<BTreeMap<String, (String, String)>>,
    /// The portal's address, for the links in a mail.
    pub public_url: String,
}

impl ReminderNames {
    /// A service's title in a language; the general reason's when it is no sheet.
    pub fn service_title(&self, service: &str, locale: Locale) -> String {
        match self.services.get(service) {
            Some((italian, english)) => {
                if locale == Locale::English {
                    english.clone()
                } else {
                    italian.clone()
                }
            }
            None => app::appointments::booking::other_service_title(locale).to_string(),
        }
    }
}

struct Due {
    id: String,
    office: String,
    service: String,
    day: String,
    starts: String,
    account_id: Option<String>,
    name: Option<String>,
    email: Option<String>,
    locale: Locale,
}

/// Sends the reminders due at `now`; returns how many.
#[tracing::instrument(skip_all)]
pub async fn send_reminders(pool: &AnyPool, centre: &MessageCentre, outbox: &Outbox, names: &ReminderNames, now: i64) -> anyhow::Result<usize> {
    let local = rome_time_of_unix_seconds(now);
    if local.hour() < REMINDERS_FROM_HOUR {
        return Ok(0);
    }
    let Some(tomorrow) = local.date().next_day() else {
        return Ok(0);
    };
    let rows = sqlx::query(
        "SELECT id, office, service, day, starts, account_id, name, email, locale FROM appointments \
         WHERE state = $1 AND day = $2 AND reminded_at IS NULL ORDER BY starts, id",
    )
    .bind(AppointmentState::Booked.code())
    .bind(tomorrow.to_string())
    .fetch_all(pool)
    .await
    .context("cannot read tomorrow's appointments")?;
    let mut due = Vec::new();
    for row in &rows {
        let locale: String = row.try_get("locale")?;
        due.push(Due {
            id: row.try_get("id")?,
            office: row.try_get("office")?,
            service: row.try_get("service")?,
            day: row.try_get("day")?,
            starts: row.try_get("starts")?,
            account_id: row.try_get("account_id")?,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            locale: Locale::from_language_tag(&locale).unwrap_or_default(),
        });
    }
    let mut sent = 0;
    for appointment in due {
        let claimed = sqlx::query("UPDATE appointments SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND state = $3")
            .bind(now)
            .bind(&appointment.id)
            .bind(AppointmentState::Booked.code())
            .execute(pool)
            .await
            .context("cannot claim a reminder")?
            .rows_affected();
        if claimed == 0 {
            continue;
        }
        remind(centre, outbox, names, &appointment).await?;
        sent += 1;
    }
    Ok(sent)
}

async fn remind(centre: &MessageCentre, outbox: &Outbox, names: &ReminderNames, appointment: &Due) -> anyhow::Result<()> {
    let letter = AppointmentLetter {
        account_id: appointment.account_id.as_deref(),
        email: appointment.email.as_deref(),
        locale: appointment.locale,
        name: appointment.name.as_deref().unwrap_or_default(),
        office: &appointment.office,
        service: &appointment.service,
        day: &appointment.day,
        starts: &appointment.starts,
        subject: Text::MailAppointmentReminderSubject,
        body: Text::MailAppointmentReminderBody,
        link: None,
        once_key: Some(format!("promemoria:{}", appointment.id)),
    };
    send_appointment_letter(centre, outbox, names, &letter).await
}

/// A letter about one appointment.
pub struct AppointmentLetter<'a> {
    pub account_id: Option<&'a str>,
    pub email: Option<&'a str>,
    pub locale: Locale,
    pub name: &'a str,
    pub office: &'a str,
    pub service: &'a str,
    /// ISO day.
    pub day: &'a str,
    /// `HH:MM`.
    pub starts: &'a str,
    pub subject: Text,
    /// May use {name}, {date}, {time}, {service}, {office}, {address}, {link}.
    pub body: Text,
    /// A path of the portal: the personal area's copy links to it, the mail
    /// carries it as a full address.
    pub link: Option<String>,
    pub once_key: Option<String>,
}

/// Through the message centre when the booking has an account (the
/// personal area keeps it; email and App IO as chosen), by email otherwise;
/// a booking registered by a clerk for someone without an email: the office phones.
pub async fn send_appointment_letter(centre: &MessageCentre, outbox: &Outbox, names: &ReminderNames, letter: &AppointmentLetter<'_>) -> anyhow::Result<()> {
    let office = names.offices.get(letter.office);
    let office_name = office.map(|office| office.name.clone()).unwrap_or_else(|| letter.office.to_string());
    let address = office.map(|office| office.address.to_string()).unwrap_or_default();
    let date = app::practices::validation::parse_date(letter.day).map(italian_date).unwrap_or_else(|| letter.day.to_string());
    let link = letter.link.as_deref().map(|path| format!("{}{path}", names.public_url.trim_end_matches('/'))).unwrap_or_default();
    let (subject_text, body_text) = (letter.subject, letter.body);
    let (name, service_slug, starts) = (letter.name.to_string(), letter.service.to_string(), letter.starts.to_string());
    let names = names.clone();
    let write = move |locale: Locale| {
        let service = names.service_title(&service_slug, locale);
        let values = [
            ("name", name.as_str()),
            ("date", date.as_str()),
            ("time", starts.as_str()),
            ("service", service.as_str()),
            ("office", office_name.as_str()),
            ("address", address.as_str()),
            ("link", link.as_str()),
        ];
        (subject_text.fill(locale, &values), body_text.fill(locale, &values))
    };
    match (letter.account_id, letter.email) {
        (Some(account_id), email) => {
            let to = Addressee { account_id, email, locale: Some(letter.locale) };
            let letter = Letter {
                kind: MessageKind::Appointments,
                write: Box::new(write),
                link: letter.link.clone(),
                due_on: None,
                notice: None,
                once_key: letter.once_key.clone(),
            };
            centre.send(&to, &letter).await?;
        }
        (None, Some(email)) => {
            let (subject, body) = write(letter.locale);
            outbox.enqueue(&OutgoingMessage { account_id: None, recipient: email, subject: &subject, body: &body }).await?;
        }
        (None, None) => {}
    }
    Ok(())
}

pub async fn run_reminder_job(
    pool: AnyPool,
    centre: MessageCentre,
    outbox: Outbox,
    names: ReminderNames,
    clock: crate::clock::Clock,
    shutdown: tokio::sync::watch::Receiver<bool>,
) {
    crate::jobs::run_every(REMINDER_INTERVAL_SECONDS, "the appointments' reminders run failed; it runs again at the next tick", shutdown, || {
        send_reminders(&pool, &centre, &outbox, &names, clock.now_unix_seconds())
    })
    .await
}
