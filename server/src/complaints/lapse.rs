//! The compensations not chosen in time: the right lapses the day after the
//! last day, and the citizen is told by mail. A run records each lapse
//! before queuing its mail, so two servers never tell one citizen twice.

use super::store::{lapsing, record_step, ComplaintStep, StepOutcome};
use crate::mail::outbox::{Outbox, OutgoingMessage};
use app::i18n::Text;
use app::practices::calendar::italian_date;
use sqlx::AnyPool;

/// How often the run looks for lapsed rights (a quarter of an hour: the
/// citizen hears within the morning after the last day).
pub const LAPSE_INTERVAL_SECONDS: u64 = 900;

/// Records every right that lapsed by `now` and queues the mail that says
/// so; returns how many.
#[tracing::instrument(skip_all)]
pub async fn lapse_unchosen_compensations(pool: &AnyPool, outbox: &Outbox, now: i64) -> anyhow::Result<usize> {
    let mut told = 0;
    for record in lapsing(pool, now).await? {
        let Some(number) = app::complaints::model::ComplaintNumber::parse(&record.view.number) else {
            continue;
        };
        if record_step(pool, &number, ComplaintStep::Lapsed, now).await? != StepOutcome::Done {
            continue;
        }
        let view = &record.view;
        let until = view.compensation_until.as_deref().and_then(app::practices::validation::parse_date).map(italian_date).unwrap_or_default();
        let subject = Text::MailCompensationLapsedSubject.fill(record.locale, &[("number", &view.number)]);
        let body = Text::MailCompensationLapsedBody.fill(record.locale, &[("name", &view.name), ("number", &view.number), ("until", &until)]);
        outbox.enqueue(&OutgoingMessage { account_id: record.account_id.as_deref(), recipient: &view.email, subject: &subject, body: &body }).await?;
        told += 1;
    }
    Ok(told)
}

pub async fn run_lapse_job(pool: AnyPool, outbox: Outbox, clock: crate::clock::Clock, shutdown: tokio::sync::watch::Receiver<bool>) {
    crate::jobs::run_every(LAPSE_INTERVAL_SECONDS, "the compensations' lapse run failed; it runs again at the next tick", shutdown, || {
        lapse_unchosen_compensations(&pool, &outbox, clock.now_unix_seconds())
    })
    .await
}
