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
pub struct ReminderNames {
    pub offices: std::sync::Arc<BTreeMap<String, ResponsibleOffice>>,
    pub services: std::sync::Arc<BTreeMap<String, (String, String)>>,
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
    let office = names.offices.get(&appointment.office);
    let office_name = office.map(|office| office.name.clone()).unwrap_or_else(|| appointment.office.clone());
    let address = office.map(|office| office.address.to_string()).unwrap_or_default();
    let date = app::practices::validation::parse_date(&appointment.day).map(italian_date).unwrap_or_else(|| appointment.day.clone());
    let name = appointment.name.clone().unwrap_or_default();
    let write = |locale: Locale| {
        let service = names
            .services
            .get(&appointment.service)
            .map(|(italian, english)| if locale == Locale::English { english.clone() } else { italian.clone() })
            .unwrap_or_else(|| appointment.service.clone());
        let values = [
            ("name", name.as_str()),
            ("date", date.as_str()),
            ("time", appointment.starts.as_str()),
            ("service", service.as_str()),
            ("office", office_name.as_str()),
            ("address", address.as_str()),
        ];
        (Text::MailAppointmentReminderSubject.fill(locale, &values), Text::MailAppointmentReminderBody.fill(locale, &values))
    };
    match (&appointment.account_id, &appointment.email) {
        (Some(account_id), email) => {
            let to = Addressee { account_id, email: email.as_deref(), locale: Some(appointment.locale) };
            let letter = Letter {
                kind: MessageKind::Appointments,
                write: Box::new(write),
                link: None,
                due_on: None,
                notice: None,
                once_key: Some(format!("promemoria:{}", appointment.id)),
            };
            centre.send(&to, &letter).await?;
        }
        (None, Some(email)) => {
            let (subject, body) = write(appointment.locale);
            outbox.enqueue(&OutgoingMessage { account_id: None, recipient: email, subject: &subject, body: &body }).await?;
        }
        // Registered by a clerk for someone without an email: the office phones.
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
