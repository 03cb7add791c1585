//! Time of day and day of week, for opening hours.

use std::fmt;

use super::error::{ParseError, bounded};

/// English day names, Monday first.
const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A time of day `HH:MM` from `00:00` to `24:00`, where `24:00` means the end of the day.
///
/// Ordering is chronological (the canonical text is fixed-width, so text order is time order).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClockTime(String);

impl ClockTime {
    /// Parses `HH:MM` or `H:MM` (normalized to `HH:MM`), ignoring surrounding whitespace.
    ///
    /// # Errors
    ///
    /// [`ParseError::ClockTime`] for another shape, minutes over 59, or a time after `24:00`.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let error = || ParseError::ClockTime(bounded(input));
        let (h, m) = input.trim().split_once(':').ok_or_else(error)?;
        let digits = h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit());
        if !digits || !(1..=2).contains(&h.len()) || m.len() != 2 {
            return Err(error());
        }
        let (h, m) = (number(h), number(m));
        if m < 60 && (h < 24 || (h, m) == (24, 0)) {
            Ok(Self(format!("{h:02}:{m:02}")))
        } else {
            Err(error())
        }
    }

    /// The time as `HH:MM`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Minutes since midnight, 0–1440.
    #[must_use]
    pub fn minutes(&self) -> u16 {
        number(&self.0[..2]) * 60 + number(&self.0[3..])
    }
}

/// The value of a short run of ASCII digits.
fn number(digits: &str) -> u16 {
    digits
        .bytes()
        .fold(0, |acc, b| acc * 10 + u16::from(b - b'0'))
}

impl AsRef<str> for ClockTime {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A day of the week, numbered as in ISO 8601: 1 = Monday … 7 = Sunday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Weekday(u8);

impl Weekday {
    /// Checks an ISO weekday number.
    ///
    /// # Errors
    ///
    /// [`ParseError::Weekday`] unless `number` is 1–7.
    pub fn parse(number: u8) -> Result<Self, ParseError> {
        if (1..=7).contains(&number) {
            Ok(Self(number))
        } else {
            Err(ParseError::Weekday(number.to_string()))
        }
    }

    /// The ISO number, 1 = Monday … 7 = Sunday.
    #[must_use]
    pub const fn number(self) -> u8 {
        self.0
    }
}

/// Formats as the English day name, e.g. `Monday`.
impl fmt::Display for Weekday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(DAY_NAMES[usize::from(self.0 - 1)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalizes_times() {
        let cases = [
            ("00:00", Some(("00:00", 0))),
            ("0:00", Some(("00:00", 0))),
            ("8:00", Some(("08:00", 480))),
            (" 7:05\n", Some(("07:05", 425))),
            ("12:30", Some(("12:30", 750))),
            ("23:59", Some(("23:59", 1439))),
            ("24:00", Some(("24:00", 1440))),
            ("24:01", None),
            ("23:60", None),
            ("25:00", None),
            ("99:99", None),
            ("", None),
            (":", None),
            ("8", None),
            ("0800", None),
            ("08:0", None),
            ("08:000", None),
            ("008:00", None),
            (":00", None),
            ("-1:00", None),
            ("+8:00", None),
            ("8:+5", None),
            ("08.00", None),
            ("08:00:00", None),
            ("8 :00", None),
            ("８:００", None),
            ("08:00 am", None),
        ];
        for (input, expected) in cases {
            match (ClockTime::parse(input), expected) {
                (Ok(time), Some((text, minutes))) => {
                    assert_eq!(
                        (time.as_str(), time.as_ref(), time.minutes()),
                        (text, text, minutes)
                    );
                    assert_eq!(time.to_string(), text);
                }
                (Err(error), None) => assert_eq!(error, ParseError::ClockTime(input.to_owned())),
                (result, _) => panic!("{input:?} gave {result:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn orders_chronologically() {
        let inputs = ["24:00", "8:00", "00:00", "23:59", "12:00", "9:30", "08:59"];
        let mut times: Vec<ClockTime> = inputs
            .iter()
            .filter_map(|t| ClockTime::parse(t).ok())
            .collect();
        times.sort();
        let texts: Vec<&str> = times.iter().map(ClockTime::as_str).collect();
        assert_eq!(
            texts,
            [
                "00:00", "08:00", "08:59", "09:30", "12:00", "23:59", "24:00"
            ]
        );
        assert!(times.windows(2).all(|w| w[0].minutes() < w[1].minutes()));
    }

    #[test]
    fn weekdays() {
        for (number, ok) in [
            (0, false),
            (1, true),
            (7, true),
            (8, false),
            (u8::MAX, false),
        ] {
            assert_eq!(Weekday::parse(number).is_ok(), ok, "{number}");
        }
        assert_eq!(Weekday::parse(0), Err(ParseError::Weekday("0".into())));
        let days: Vec<Weekday> = (1..=7).filter_map(|n| Weekday::parse(n).ok()).collect();
        assert_eq!(
            days.iter().map(|d| d.number()).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6, 7]
        );
        assert_eq!(
            days.iter().map(ToString::to_string).collect::<Vec<_>>(),
            DAY_NAMES
        );
        assert!(days.windows(2).all(|w| w[0] < w[1]));
    }
}
