//! The time okienko works by, passed in rather than read from the system where it is needed:
//! the system clock, or, for tests and drills, the instant written in a file
//! (`OKIENKO_CLOCK_FILE`), so that tests that move time move all of it.
//!
//! This is the only module that reads the system clock; a test below keeps it so.

use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::Arc;

/// A source of the current instant.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now.
    fn now(&self) -> DateTime<Utc>;
}

/// A clock shared by the application's parts.
pub type SharedClock = Arc<dyn Clock>;

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The instant written in a file (RFC 3339), re-read on every call; the system clock while
/// the file is missing or holds no such instant.
#[derive(Debug, Clone)]
pub struct FileClock {
    file: PathBuf,
}

impl FileClock {
    /// A clock reading `file`.
    pub fn new(file: PathBuf) -> Self {
        Self { file }
    }
}

impl Clock for FileClock {
    fn now(&self) -> DateTime<Utc> {
        std::fs::read_to_string(&self.file)
            .ok()
            .and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok())
            .map_or_else(|| SystemClock.now(), |t| t.with_timezone(&Utc))
    }
}

/// The clock the settings name: the file's (`OKIENKO_CLOCK_FILE`) when one is given, else the
/// system clock.
pub fn from_settings(file: Option<PathBuf>) -> SharedClock {
    match file {
        Some(file) => Arc::new(FileClock::new(file)),
        None => Arc::new(SystemClock),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `t` is within a minute of the system clock.
    fn near_system_time(t: DateTime<Utc>) -> bool {
        (SystemClock.now() - t).num_seconds().abs() < 60
    }

    #[test]
    fn the_system_clock_tells_the_system_time() {
        let before = Utc::now();
        let now = SystemClock.now();
        assert!(before <= now && now <= Utc::now());
        assert!(near_system_time(from_settings(None).now()));
    }

    #[test]
    fn a_file_clock_reads_its_file_on_every_call_and_falls_back_to_the_system_time() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("clock");
        let clock = from_settings(Some(file.clone()));
        assert!(near_system_time(clock.now()), "no file yet");
        std::fs::write(&file, "2026-11-27T09:00:00Z\n").expect("write");
        assert_eq!(clock.now().to_rfc3339(), "2026-11-27T09:00:00+00:00");
        std::fs::write(&file, "2026-12-01T10:01:00+01:00").expect("write");
        assert_eq!(clock.now().to_rfc3339(), "2026-12-01T09:01:00+00:00");
        std::fs::write(&file, "next Tuesday").expect("write");
        assert!(near_system_time(clock.now()), "garbage");
    }

    /// Everything else takes the time from a clock it is given: a direct read of the system
    /// clock elsewhere would not move when a test moves time. The few places that must run on
    /// the system clock whatever the settings say use [`SystemClock`] by name, with the reason
    /// beside them: access tokens (jsonwebtoken checks `exp` against the system clock), the
    /// outbox's delivery schedule and leases, and the migration that dates the default tenant.
    /// Durations (rate limits, the storage failure memory) are measured with the monotonic
    /// `std::time::Instant`, which dates nothing and is allowed.
    #[test]
    fn only_this_module_reads_the_system_clock() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let this_module = root.join("clock.rs");
        let forbidden = ["Utc::now", "Local::now", "SystemTime::now"];
        let mut offenders = Vec::new();
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("source folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") || path == this_module {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("source file");
                for (n, line) in text.lines().enumerate() {
                    if forbidden.iter().any(|f| line.contains(f)) {
                        offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                    }
                }
            }
        }
        assert!(
            offenders.is_empty(),
            "take the time from a crate::clock::Clock instead:\n{}",
            offenders.join("\n")
        );
    }
}
