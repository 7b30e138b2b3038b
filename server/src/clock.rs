//! The server's clock. Time-dependent rules (TOTP steps) read it from the
//! configuration, so tests move time forward instead of sleeping.
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// The system clock, shifted by an offset that only tests change.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    pub fn now_unix_seconds(&self) -> i64 {
        crate::auth::tokens::now_unix_seconds() + self.offset_seconds.load(Ordering::Relaxed)
    }

    /// Sets this clock (and every server sharing it) to an instant: the
    /// development clock's form (`SPORTELLO_TEST_CLOCK=1`) only.
    pub fn set_now(&self, unix_seconds: i64) {
        self.offset_seconds.store(unix_seconds - crate::auth::tokens::now_unix_seconds(), Ordering::Relaxed);
    }

    /// Moves this clock (and every server sharing it) forward.
    pub fn advance(&self, seconds: i64) {
        self.offset_seconds.fetch_add(seconds, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn an_advanced_clock_is_ahead_of_the_system_clock_and_its_clones_follow() {
        let clock = Clock::default();
        let shared = clock.clone();
        let before = crate::auth::tokens::now_unix_seconds();
        clock.advance(31);
        assert!(shared.now_unix_seconds() >= before + 31);
        assert!(shared.now_unix_seconds() <= crate::auth::tokens::now_unix_seconds() + 31);
    }
}
