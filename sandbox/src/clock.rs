//! The sandbox clock: real time, shifted or frozen through the control API, so tests can cross
//! a ttl or a token expiry without waiting.

use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

/// A clock that can be advanced and frozen.
#[derive(Debug, Default)]
pub struct Clock {
    inner: Mutex<ClockState>,
}

#[derive(Debug, Default)]
struct ClockState {
    offset: Duration,
    frozen_at: Option<DateTime<Utc>>,
}

impl Clock {
    /// The sandbox's current time.
    pub fn now(&self) -> DateTime<Utc> {
        let s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        s.frozen_at.unwrap_or_else(Utc::now) + s.offset
    }

    /// Moves the clock forward (or back, with a negative value).
    pub fn advance(&self, seconds: i64) {
        let mut s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        s.offset += Duration::seconds(seconds);
    }

    /// Stops the clock at the current time, or lets it run again.
    pub fn freeze(&self, frozen: bool) {
        let mut s = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        s.frozen_at = if frozen {
            Some(s.frozen_at.unwrap_or_else(Utc::now))
        } else {
            None
        };
    }

    /// Back to real time.
    pub fn reset(&self) {
        *self.inner.lock().unwrap_or_else(|e| e.into_inner()) = ClockState::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_and_freezes() {
        let clock = Clock::default();
        clock.freeze(true);
        let t0 = clock.now();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert_eq!(clock.now(), t0);
        clock.advance(3600);
        assert_eq!(clock.now(), t0 + Duration::hours(1));
        clock.reset();
        assert!(clock.now() < t0 + Duration::minutes(1));
    }
}
