//! Opening hours as one line people read: following days with the same hours as one run
//! (`pon.–pt. 08:00–16:00, sob. 09:00–13:00`), in the reader's language.

use super::OpeningHours;
use crate::i18n::Lang;

/// Short Polish weekday names, 1 = Monday.
const POLISH_DAYS: [&str; 7] = ["pon.", "wt.", "śr.", "czw.", "pt.", "sob.", "niedz."];

/// The week's hours in one line; `None` when none are given.
pub fn opening_line(schedule: &[OpeningHours], lang: Lang) -> Option<String> {
    if schedule.is_empty() {
        return None;
    }
    let day = |d: u8| match lang {
        Lang::Pl => POLISH_DAYS[usize::from(d.clamp(1, 7) - 1)],
        _ => lang.weekday(d),
    };
    let mut runs: Vec<(u8, u8, &str, &str)> = Vec::new();
    for h in schedule {
        match runs.last_mut() {
            Some(run) if run.1 + 1 == h.weekday && run.2 == h.opens && run.3 == h.closes => {
                run.1 = h.weekday;
            }
            _ => runs.push((h.weekday, h.weekday, &h.opens, &h.closes)),
        }
    }
    let line = runs
        .iter()
        .map(|(first, last, opens, closes)| match last - first {
            0 => format!("{} {opens}–{closes}", day(*first)),
            1 => format!("{}, {} {opens}–{closes}", day(*first), day(*last)),
            _ => format!("{}–{} {opens}–{closes}", day(*first), day(*last)),
        })
        .collect::<Vec<_>>()
        .join(", ");
    Some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(weekday: u8, opens: &str, closes: &str) -> OpeningHours {
        OpeningHours {
            weekday,
            opens: opens.into(),
            closes: closes.into(),
        }
    }

    #[test]
    fn following_days_with_the_same_hours_read_as_one_run() {
        let week: Vec<OpeningHours> = (1..=5)
            .map(|d| open(d, "08:00", "16:00"))
            .chain([open(6, "09:00", "13:00")])
            .collect();
        assert_eq!(
            opening_line(&week, Lang::Pl).as_deref(),
            Some("pon.–pt. 08:00–16:00, sob. 09:00–13:00")
        );
        let split = [
            open(1, "08:00", "16:00"),
            open(2, "08:00", "16:00"),
            open(4, "08:00", "16:00"),
        ];
        assert_eq!(
            opening_line(&split, Lang::Pl).as_deref(),
            Some("pon., wt. 08:00–16:00, czw. 08:00–16:00")
        );
        assert_eq!(opening_line(&[], Lang::Pl), None);
    }

    #[test]
    fn other_languages_name_the_days_in_full() {
        let week: Vec<OpeningHours> = (1..=5).map(|d| open(d, "08:00", "16:00")).collect();
        assert_eq!(
            opening_line(&week, Lang::En).as_deref(),
            Some("Monday–Friday 08:00–16:00")
        );
    }
}
