//! The demo data's bookings (`SPORTELLO_DEMO_DATA=1`): a morning at the
//! registry office today, so that the counter's agenda has a day to work.

use super::store::{change_state, hold_slot, Applicant, AppointmentStep, HoldOutcome, NewHold};
use crate::auth::tokens::sha256_hex;
use anyhow::Context;
use app::appointments::model::Slot;
use app::i18n::Locale;
use sqlx::AnyPool;
use time::macros::time;
use time::Date;

/// The demo morning: the time, who, and the service.
const DEMO_MORNING: [(time::Time, &str, &str); 4] = [
    (time!(9:00), "Luca Verdi", "carta-identita-elettronica"),
    (time!(9:20), "Anna Ferrari", "carta-identita-elettronica"),
    (time!(9:40), "Sara Conti", "cambio-di-indirizzo"),
    (time!(10:00), "Paolo Greco", "carta-identita-elettronica"),
];

/// Books the demo morning on `today`, once.
pub async fn load_demo_appointments(pool: &AnyPool, today: Date, now: i64) -> anyhow::Result<()> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments WHERE day = $1")
        .bind(today.to_string())
        .fetch_one(pool)
        .await
        .context("cannot count the demo bookings")?;
    if existing > 0 {
        return Ok(());
    }
    for (index, (start, name, service)) in DEMO_MORNING.into_iter().enumerate() {
        let key = sha256_hex(format!("demo-{today}-{index}").as_bytes());
        let hold = NewHold {
            office: "anagrafe",
            service,
            slot: Slot { date: today, start },
            minutes: 20,
            counters: 3,
            locale: Locale::Italian,
            account_id: None,
            key_hash: &key,
            expires_at: now + 600,
            now,
        };
        let HoldOutcome::Held { id, .. } = hold_slot(pool, &hold).await? else {
            continue;
        };
        let applicant = Applicant { account_id: None, name, email: "", phone: "02 9333 2700", details: "" };
        change_state(pool, &id, AppointmentStep::Book(applicant), now).await?;
    }
    Ok(())
}
