//! The timer the server's periodic jobs run on (payment reconciliation,
//! retention): at start, then every interval, until shutdown. A failed run
//! is logged and the next tick tries again.

use std::future::Future;

pub async fn run_every<Work, Run, Output>(interval_seconds: u64, failure: &'static str, mut shutdown: tokio::sync::watch::Receiver<bool>, mut work: Work)
where
    Work: FnMut() -> Run,
    Run: Future<Output = anyhow::Result<Output>>,
{
    let mut ticker = tokio::time::interval(std::time::Duration::from_secs(interval_seconds));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = ticker.tick() => {
                if let Err(error) = work().await {
                    tracing::error!(error = %format!("{error:#}"), "{failure}");
                }
            }
            _ = shutdown.changed() => return,
        }
    }
}
