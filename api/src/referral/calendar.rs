//! Polish working days: weekends and statutory public holidays (ustawa o dniach wolnych od pracy), including the movable feasts.
//!
//! Referral service levels are counted in working days in Europe/Warsaw civil
//! time. To avoid a time-zone database dependency, the Warsaw UTC offset is
//! derived from the EU summer-time rule (see [`add_working_days`]).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};

/// Central European Time (winter), UTC+1, in hours.
const CET_HOURS: i64 = 1;
/// Central European Summer Time, UTC+2, in hours.
const CEST_HOURS: i64 = 2;

/// First year in which 6 January (Trzech Króli) is a public holiday again (2010 amendment).
const EPIPHANY_FROM_YEAR: i32 = 2011;
/// First year in which 24 December (Wigilia) is a public holiday (2024 amendment).
const WIGILIA_FROM_YEAR: i32 = 2025;

/// Whether `day` is a statutory public holiday in Poland.
///
/// Covers 1 Jan, 6 Jan (from 2011), Easter Sunday and Monday, 1 May, 3 May,
/// Pentecost Sunday, Corpus Christi, 15 Aug, 1 Nov, 11 Nov, 24 Dec (from 2025),
/// 25 Dec and 26 Dec. Other historical changes (before 1990) are not modelled.
pub fn is_public_holiday(day: NaiveDate) -> bool {
    let year = day.year();
    let fixed = match (day.month(), day.day()) {
        (1, 1) | (5, 1) | (5, 3) | (8, 15) | (11, 1) | (11, 11) | (12, 25) | (12, 26) => true,
        (1, 6) => year >= EPIPHANY_FROM_YEAR,
        (12, 24) => year >= WIGILIA_FROM_YEAR,
        _ => false,
    };
    // Easter Sunday, Easter Monday, Pentecost (+49) and Corpus Christi (+60).
    fixed || matches!((day - easter_sunday(year)).num_days(), 0 | 1 | 49 | 60)
}

/// Whether `day` is a working day (Monday–Friday and not a public holiday).
pub fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(day)
}

/// Easter Sunday of `year` (Gregorian computus, anonymous Gregorian /
/// Meeus–Jones–Butcher algorithm, proleptic for years before 1583).
///
/// For years outside chrono's representable range the result is clamped to
/// `NaiveDate::MIN` / `NaiveDate::MAX`.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    // Days after 22 March, always in 0..=35 (22 March ..= 25 April).
    let offset = h + l - 7 * m;
    NaiveDate::from_ymd_opt(year, 3, 22)
        .and_then(|base| base.checked_add_signed(Duration::days(offset)))
        .unwrap_or(if year < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// The moment `days` working days after `start`, counted in Europe/Warsaw civil time.
///
/// `start` is converted to Warsaw local time; from its local date the calendar
/// is stepped forward one day at a time, counting only working days, until
/// `days` have been counted. The result is that date at the same local
/// time of day as `start`, converted back to UTC. If `start` falls on a
/// non-working day, the first working day after it counts as day 1. For
/// `days == 0`, `start` is returned unchanged. Saturates at
/// `DateTime::<Utc>::MAX_UTC` if the date range overflows.
///
/// Warsaw time follows the EU rule without a tz database: CEST (UTC+2) from the
/// last Sunday of March 01:00 UTC until the last Sunday of October 01:00 UTC,
/// CET (UTC+1) otherwise. Local times are mapped back to UTC as follows:
/// an ambiguous local time (the repeated hour in October) resolves to the
/// earlier instant (CEST); a nonexistent local time (the skipped hour in March)
/// is read with the pre-transition offset (CET), i.e. it lands one hour later
/// in CEST. Transitions always fall on Sundays, so a deadline (always a working
/// day) is never affected by this choice.
pub fn add_working_days(start: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    if days == 0 {
        return start;
    }
    shift_working_days(start, days).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Implementation of [`add_working_days`]; `None` on date overflow.
fn shift_working_days(start: DateTime<Utc>, days: u32) -> Option<DateTime<Utc>> {
    let local = utc_to_warsaw(start)?;
    let mut date = local.date();
    let mut counted = 0;
    while counted < days {
        date = date.succ_opt()?;
        if is_working_day(date) {
            counted += 1;
        }
    }
    warsaw_to_utc(date.and_time(local.time()))
}

/// Warsaw UTC offset in hours at the UTC instant `utc` (the EU summer-time rule of
/// [`crate::domain::local_time`]).
fn warsaw_offset_hours(utc: NaiveDateTime) -> i64 {
    crate::domain::local_time::offset_hours(utc.and_utc())
}

/// Converts a UTC instant to Warsaw local time; `None` on overflow.
fn utc_to_warsaw(utc: DateTime<Utc>) -> Option<NaiveDateTime> {
    let naive = utc.naive_utc();
    naive.checked_add_signed(Duration::hours(warsaw_offset_hours(naive)))
}

/// Converts Warsaw local time to UTC; ambiguous times resolve to CEST (the
/// earlier instant), nonexistent times are read as CET. `None` on overflow.
fn warsaw_to_utc(local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let candidate = |hours: i64| {
        local
            .checked_sub_signed(Duration::hours(hours))
            .filter(|utc| warsaw_offset_hours(*utc) == hours)
    };
    candidate(CEST_HOURS)
        .or_else(|| candidate(CET_HOURS))
        .or_else(|| local.checked_sub_signed(Duration::hours(CET_HOURS)))
        .map(|utc| utc.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        date(y, m, d).and_hms_opt(h, min, 0).unwrap().and_utc()
    }

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        date(y, m, d).and_hms_opt(h, min, 0).unwrap()
    }

    #[test]
    fn easter_known_dates() {
        assert_eq!(easter_sunday(2019), date(2019, 4, 21));
        assert_eq!(easter_sunday(2024), date(2024, 3, 31));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25)); // latest possible
        assert_eq!(easter_sunday(2285), date(2285, 3, 22)); // earliest possible
        for year in 1583..=4099 {
            let easter = easter_sunday(year);
            assert_eq!(easter.weekday(), Weekday::Sun, "{year}");
            assert!(easter >= date(year, 3, 22) && easter <= date(year, 4, 25));
        }
    }

    #[test]
    fn easter_out_of_range_years_do_not_panic() {
        assert_eq!(easter_sunday(i32::MAX), NaiveDate::MAX);
        assert_eq!(easter_sunday(i32::MIN), NaiveDate::MIN);
    }

    #[test]
    fn movable_feasts_2026() {
        assert!(is_public_holiday(date(2026, 4, 5))); // Easter Sunday
        assert!(is_public_holiday(date(2026, 4, 6))); // Easter Monday
        assert!(!is_public_holiday(date(2026, 4, 3))); // Good Friday is not a holiday
        assert!(is_public_holiday(date(2026, 5, 24))); // Pentecost
        assert!(is_public_holiday(date(2026, 6, 4))); // Corpus Christi
        assert!(!is_public_holiday(date(2026, 6, 5)));
    }

    #[test]
    fn fixed_holidays() {
        for (m, d) in [
            (1, 1),
            (1, 6),
            (5, 1),
            (5, 3),
            (8, 15),
            (11, 1),
            (11, 11),
            (12, 25),
            (12, 26),
        ] {
            assert!(is_public_holiday(date(2026, m, d)), "{m}-{d}");
        }
        assert!(is_public_holiday(date(2026, 11, 11)));
        assert!(!is_public_holiday(date(2026, 5, 2)));
        assert!(!is_public_holiday(date(2026, 12, 31)));
    }

    #[test]
    fn wigilia_from_2025() {
        assert!(!is_public_holiday(date(2024, 12, 24)));
        assert!(is_public_holiday(date(2025, 12, 24)));
        assert!(is_public_holiday(date(2026, 12, 24)));
    }

    #[test]
    fn epiphany_from_2011() {
        assert!(!is_public_holiday(date(2010, 1, 6)));
        assert!(is_public_holiday(date(2011, 1, 6)));
    }

    #[test]
    fn year_2026_counts() {
        let days: Vec<NaiveDate> = date(2026, 1, 1).iter_days().take(365).collect();
        assert_eq!(days.iter().filter(|d| is_public_holiday(**d)).count(), 14);
        assert_eq!(days.iter().filter(|d| is_working_day(**d)).count(), 253);
    }

    #[test]
    fn weekends_are_not_working_days() {
        assert!(!is_working_day(date(2026, 3, 7))); // Saturday
        assert!(!is_working_day(date(2026, 3, 8))); // Sunday
        assert!(is_working_day(date(2026, 3, 9))); // Monday
        assert!(!is_working_day(date(2026, 11, 11))); // Wednesday, holiday
    }

    #[test]
    fn warsaw_offsets_follow_eu_rule() {
        // 2026: summer time from Sun 29 March, winter time from Sun 25 October.
        assert_eq!(warsaw_offset_hours(local(2026, 3, 29, 0, 59)), 1);
        assert_eq!(warsaw_offset_hours(local(2026, 3, 29, 1, 0)), 2);
        assert_eq!(warsaw_offset_hours(local(2026, 10, 25, 0, 59)), 2);
        assert_eq!(warsaw_offset_hours(local(2026, 10, 25, 1, 0)), 1);
        assert_eq!(warsaw_offset_hours(local(2026, 1, 15, 12, 0)), 1);
        assert_eq!(warsaw_offset_hours(local(2026, 7, 15, 12, 0)), 2);
    }

    #[test]
    fn local_to_utc_at_transitions() {
        // Nonexistent 02:30 in March is read as CET.
        assert_eq!(
            warsaw_to_utc(local(2026, 3, 29, 2, 30)),
            Some(utc(2026, 3, 29, 1, 30))
        );
        // Ambiguous 02:30 in October resolves to CEST (earlier instant).
        assert_eq!(
            warsaw_to_utc(local(2026, 10, 25, 2, 30)),
            Some(utc(2026, 10, 25, 0, 30))
        );
        assert_eq!(
            warsaw_to_utc(local(2026, 10, 25, 3, 30)),
            Some(utc(2026, 10, 25, 2, 30))
        );
        assert_eq!(
            warsaw_to_utc(local(2026, 1, 15, 12, 0)),
            Some(utc(2026, 1, 15, 11, 0))
        );
    }

    #[test]
    fn zero_days_is_identity() {
        let start = utc(2026, 3, 7, 11, 17); // Saturday
        assert_eq!(add_working_days(start, 0), start);
    }

    #[test]
    fn friday_plus_two_is_tuesday() {
        // Friday 2026-03-13 15:00 CET -> Tuesday 2026-03-17 15:00 CET.
        assert_eq!(
            add_working_days(utc(2026, 3, 13, 14, 0), 2),
            utc(2026, 3, 17, 14, 0)
        );
    }

    #[test]
    fn easter_monday_is_skipped() {
        // Thursday 2026-04-02 10:00 CEST: Fri 04-03 is day 1, Mon 04-06 is Easter Monday.
        assert_eq!(
            add_working_days(utc(2026, 4, 2, 8, 0), 2),
            utc(2026, 4, 7, 8, 0)
        );
    }

    #[test]
    fn christmas_is_skipped() {
        // Wed 2026-12-23 10:00 CET: 24-27 skipped, Mon 28 is day 1, Tue 29 is day 2.
        assert_eq!(
            add_working_days(utc(2026, 12, 23, 9, 0), 1),
            utc(2026, 12, 28, 9, 0)
        );
        assert_eq!(
            add_working_days(utc(2026, 12, 23, 9, 0), 2),
            utc(2026, 12, 29, 9, 0)
        );
    }

    #[test]
    fn start_on_saturday() {
        // Saturday 2026-03-07 12:00 CET: Monday is day 1, Tuesday day 2.
        assert_eq!(
            add_working_days(utc(2026, 3, 7, 11, 0), 1),
            utc(2026, 3, 9, 11, 0)
        );
        assert_eq!(
            add_working_days(utc(2026, 3, 7, 11, 0), 2),
            utc(2026, 3, 10, 11, 0)
        );
    }

    #[test]
    fn local_date_decides_the_start_day() {
        // Friday 2026-03-13 23:30 UTC is already Saturday 00:30 in Warsaw.
        assert_eq!(
            add_working_days(utc(2026, 3, 13, 23, 30), 1),
            utc(2026, 3, 15, 23, 30)
        );
    }

    #[test]
    fn dst_start_keeps_local_time() {
        // Friday 2026-03-27 09:00 CET (08:00 UTC) -> Monday 2026-03-30 09:00 CEST (07:00 UTC).
        assert_eq!(
            add_working_days(utc(2026, 3, 27, 8, 0), 1),
            utc(2026, 3, 30, 7, 0)
        );
    }

    #[test]
    fn dst_end_keeps_local_time() {
        // Friday 2026-10-23 09:00 CEST (07:00 UTC) -> Monday 2026-10-26 09:00 CET (08:00 UTC).
        assert_eq!(
            add_working_days(utc(2026, 10, 23, 7, 0), 1),
            utc(2026, 10, 26, 8, 0)
        );
    }

    #[test]
    fn overflow_saturates() {
        assert_eq!(
            add_working_days(DateTime::<Utc>::MAX_UTC, 1),
            DateTime::<Utc>::MAX_UTC
        );
    }
}
