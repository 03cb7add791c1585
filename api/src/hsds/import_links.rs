//! Import of what links a service to places and people: its contacts, its
//! `service_at_locations` (with their locations, contacts and schedules) and weekly hours.

use super::import_parts::push_unique;
use super::import_places::Places;
use super::lenient::{Report, child, map_id, text, unmapped, value_text};
use super::types::{HsdsSchedule, HsdsService};
use super::vocab::WEEKDAYS;
use crate::directory::OpeningHours;
use crate::domain::{ClockTime, Weekday};
use crate::error::ErrorCode;
use serde_json::Value;
use uuid::Uuid;

/// A schedule with its JSON pointer and raw JSON.
pub(super) type ScheduleAt<'a> = (&'a HsdsSchedule, String, Option<&'a Value>);

/// The service's links found in a record.
#[derive(Debug, Default)]
pub(super) struct Links<'a> {
    /// The first service-level contact.
    pub(super) liaison_id: Option<Uuid>,
    /// Locations of `service_at_locations`, in order.
    pub(super) location_ids: Vec<Uuid>,
    /// The service's schedules, then those of its `service_at_locations`.
    pub(super) schedules: Vec<ScheduleAt<'a>>,
    /// Unmapped data of `service_at_locations` (with their `location_id`).
    pub(super) kept: Vec<Value>,
}

/// Reads the service-level contacts and `service_at_locations` of service `id` into `places`.
pub(super) fn read_links<'a>(
    hsds: &'a HsdsService,
    raw: &'a Value,
    id: Uuid,
    places: &mut Places,
    report: &mut Report,
) -> Links<'a> {
    let mut links = Links::default();
    for (i, contact) in hsds.contacts.iter().flatten().enumerate() {
        let added = places.add_liaison(contact, id, &child("/contacts", i), report);
        links.liaison_id = links.liaison_id.or(Some(added));
    }
    let raw_schedules = raw.get("schedules");
    for (j, schedule) in hsds.schedules.iter().flatten().enumerate() {
        let raw_schedule = raw_schedules.and_then(|s| s.get(j));
        links
            .schedules
            .push((schedule, child("/schedules", j), raw_schedule));
    }
    let raw_sals = raw.get("service_at_locations");
    for (i, sal) in hsds.service_at_locations.iter().flatten().enumerate() {
        let ptr = child("/service_at_locations", i);
        let raw_sal = raw_sals.and_then(|s| s.get(i));
        for (j, contact) in sal.contacts.iter().flatten().enumerate() {
            let contact_ptr = child(&child(&ptr, "contacts"), j);
            let added = places.add_liaison(contact, id, &contact_ptr, report);
            links.liaison_id = links.liaison_id.or(Some(added));
        }
        let location_id = match &sal.location {
            Some(location) => {
                let raw_location = raw_sal.and_then(|s| s.get("location"));
                let loc_ptr = child(&ptr, "location");
                let hint = &sal.location_id;
                Some(places.add_location(location, raw_location, hint, id, &loc_ptr, report))
            }
            None => {
                let id_ptr = child(&ptr, "location_id");
                map_id(&sal.location_id, "location", &id_ptr, report).map(|m| m.id)
            }
        };
        if let Some(location_id) = location_id {
            push_unique(&mut links.location_ids, location_id);
        }
        let raw_schedules = raw_sal.and_then(|s| s.get("schedules"));
        for (j, schedule) in sal.schedules.iter().flatten().enumerate() {
            let sched_ptr = child(&child(&ptr, "schedules"), j);
            let raw_schedule = raw_schedules.and_then(|s| s.get(j));
            links.schedules.push((schedule, sched_ptr, raw_schedule));
        }
        let mapped = [
            "id",
            "service_id",
            "location_id",
            "location",
            "contacts",
            "schedules",
        ];
        let mut rest = unmapped(raw_sal, &mapped);
        if !rest.is_empty() {
            let location_id = location_id.map(|l| l.to_string());
            rest.insert("location_id".into(), location_id.into());
            links.kept.push(Value::Object(rest));
        }
    }
    links
}

/// Keys of an HSDS schedule that, when set, make it more than plain weekly hours.
const RECURRENCE_KEYS: &[&str] = &[
    "valid_from",
    "valid_to",
    "until",
    "count",
    "byweekno",
    "bymonthday",
    "byyearday",
];

/// `HH:MM` from `H:MM`, `HH:MM` or `HH:MM:00`.
fn clock(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let raw = match raw.len() {
        7 | 8 if raw.matches(':').count() == 2 => raw.strip_suffix(":00")?,
        _ => raw,
    };
    ClockTime::parse(raw).ok().map(|t| t.as_str().to_owned())
}

/// Weekly opening hours from schedules (given with their pointers and raw JSON); schedules
/// okienko cannot represent are returned as they came.
pub(super) fn read_schedules(
    schedules: &[(&HsdsSchedule, String, Option<&Value>)],
    report: &mut Report,
) -> (Vec<OpeningHours>, Vec<Value>) {
    let mut hours = Vec::new();
    let mut kept = Vec::new();
    for (schedule, pointer, raw) in schedules {
        let weekly = text(&schedule.freq).is_none_or(|f| f.eq_ignore_ascii_case("weekly"));
        let interval = value_text(&schedule.interval);
        let plain = weekly
            && interval.as_deref().is_none_or(|i| i == "1")
            && unmapped(*raw, &[])
                .keys()
                .all(|k| !RECURRENCE_KEYS.contains(&k.as_str()));
        let byday = text(&schedule.byday).unwrap_or_default().to_uppercase();
        let days: Vec<&str> = byday
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .collect();
        let (Some(opens_raw), Some(closes_raw)) =
            (text(&schedule.opens_at), text(&schedule.closes_at))
        else {
            kept.push(raw.cloned().unwrap_or_default());
            continue;
        };
        if !plain
            || days.is_empty()
            || days
                .iter()
                .any(|d| d.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+'))
        {
            kept.push(raw.cloned().unwrap_or_default());
            continue;
        }
        let opens = clock(&opens_raw);
        let closes = clock(&closes_raw);
        let invalid = |report: &mut Report, key: &str, detail: String| {
            report.push(&child(pointer, key), ErrorCode::InvalidOpeningHours, detail);
        };
        match (&opens, &closes) {
            (None, _) => invalid(
                report,
                "opens_at",
                format!("'{opens_raw}' is not a time of day."),
            ),
            (_, None) => invalid(
                report,
                "closes_at",
                format!("'{closes_raw}' is not a time of day."),
            ),
            (Some(o), Some(c)) if o >= c => {
                invalid(
                    report,
                    "closes_at",
                    format!("Closes at {c}, not after it opens at {o}."),
                );
            }
            _ => {}
        }
        for day in days {
            let number = WEEKDAYS
                .iter()
                .position(|d| *d == day)
                .and_then(|i| u8::try_from(i + 1).ok());
            let Some(weekday) = number.filter(|n| Weekday::parse(*n).is_ok()) else {
                invalid(
                    report,
                    "byday",
                    format!("'{day}' is not a weekday (MO … SU)."),
                );
                continue;
            };
            if let (Some(opens), Some(closes)) = (&opens, &closes) {
                let entry = OpeningHours {
                    weekday,
                    opens: opens.clone(),
                    closes: closes.clone(),
                };
                push_unique(&mut hours, entry);
            }
        }
    }
    (hours, kept)
}
