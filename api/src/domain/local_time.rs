//! Local time in Poland (CET, CEST from the last Sunday of March to the last Sunday of
//! October, switching at 01:00 UTC), for "open now" and working-day deadlines. Pure: the
//! instant comes from the caller's clock (`warsaw(clock.now())`).

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use okienko_search::LocalMoment;

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .unwrap_or_default();
    let mut day = first_of_next - Duration::days(1);
    while day.weekday() != Weekday::Sun {
        day -= Duration::days(1);
    }
    day
}

/// Offset of Polish local time from UTC at `at`, in hours.
pub fn offset_hours(at: DateTime<Utc>) -> i64 {
    let year = at.year();
    let start = Utc.from_utc_datetime(
        &last_sunday(year, 3)
            .and_hms_opt(1, 0, 0)
            .unwrap_or_default(),
    );
    let end = Utc.from_utc_datetime(
        &last_sunday(year, 10)
            .and_hms_opt(1, 0, 0)
            .unwrap_or_default(),
    );
    if at >= start && at < end { 2 } else { 1 }
}

/// The Polish local moment of `at`.
pub fn warsaw(at: DateTime<Utc>) -> LocalMoment {
    let local = at.naive_utc() + Duration::hours(offset_hours(at));
    LocalMoment {
        weekday: u8::try_from(local.weekday().number_from_monday()).unwrap_or(1),
        minute: u16::try_from(local.hour() * 60 + local.minute()).unwrap_or(0),
        date: local.date().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("timestamp")
            .with_timezone(&Utc)
    }

    #[test]
    fn summer_and_winter_time_switch_on_the_last_sundays() {
        assert_eq!(offset_hours(utc("2026-03-29T00:59:59Z")), 1);
        assert_eq!(offset_hours(utc("2026-03-29T01:00:00Z")), 2);
        assert_eq!(offset_hours(utc("2026-10-25T00:59:59Z")), 2);
        assert_eq!(offset_hours(utc("2026-10-25T01:00:00Z")), 1);
    }

    #[test]
    fn local_moment_crosses_midnight() {
        let m = warsaw(utc("2026-11-23T23:30:00Z"));
        assert_eq!(
            (m.weekday, m.minute, m.date.as_str()),
            (2, 30, "2026-11-24")
        );
        let m = warsaw(utc("2026-07-01T06:00:00Z"));
        assert_eq!((m.weekday, m.minute), (3, 8 * 60));
    }
}
