//! A fixed-window request limit per client address, in memory (per instance).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `limit` requests per `window` from one address.
#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

/// Addresses tracked before old windows are swept.
const SWEEP_AT: usize = 10_000;

impl RateLimiter {
    /// A limiter of `limit` requests per `window`.
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a request at `now`; `Err(wait)` when over the limit.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        self.check_n(client, 1, now)
    }

    /// Counts `n` units (e.g. the referrals one request makes) at `now`; `Err(wait)`, and
    /// nothing counted, when they would go over the limit.
    pub fn check_n(&self, client: IpAddr, n: u32, now: Instant) -> Result<(), Duration> {
        let Ok(mut windows) = self.windows.lock() else {
            return Ok(());
        };
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = windows.entry(client).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1.saturating_add(n) > self.limit {
            return Err(self.window.saturating_sub(now.duration_since(entry.0)));
        }
        entry.1 += n;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_holds_per_address_and_window() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let a: IpAddr = "10.0.0.1".parse().expect("ip");
        let b: IpAddr = "10.0.0.2".parse().expect("ip");
        let t = Instant::now();
        assert!(limiter.check(a, t).is_ok());
        assert!(limiter.check(a, t).is_ok());
        let wait = limiter.check(a, t + Duration::from_secs(10));
        assert_eq!(wait, Err(Duration::from_secs(50)));
        assert!(limiter.check(b, t).is_ok());
        assert!(limiter.check(a, t + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn several_units_count_at_once() {
        let limiter = RateLimiter::new(10, Duration::from_secs(60));
        let a: IpAddr = "10.0.0.1".parse().expect("ip");
        let t = Instant::now();
        assert!(limiter.check_n(a, 8, t).is_ok());
        assert!(limiter.check_n(a, 3, t).is_err(), "8 + 3 > 10");
        assert!(limiter.check_n(a, 2, t).is_ok());
        assert!(limiter.check(a, t).is_err());
    }
}
