//! Telephone number.

use std::fmt;

use super::error::{ParseError, bounded};

/// Poland's country calling code.
const POLAND: &str = "48";
/// Shortest and longest international number, in digits after `+` (E.164 allows at most 15).
const INTERNATIONAL_DIGITS: std::ops::RangeInclusive<usize> = 8..=15;
/// Leading digits of Polish numbers grouped 3+3+3 (see [`Phone::national`]).
const THREE_GROUP_PREFIXES: [&str; 15] = [
    "45", "50", "51", "53", "57", "60", "66", "69", "70", "72", "73", "78", "79", "80", "88",
];

/// A telephone number in E.164 form, e.g. `+48225550101`.
///
/// Polish numbers have exactly 9 national digits; other numbers have 8–15 digits in all.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Parses a number as commonly written, ignoring surrounding whitespace.
    ///
    /// Digits may be separated by whitespace, `-`, `.`, `/`, `(` and `)`. A leading `+` or
    /// `00` starts an international number; otherwise the number is Polish: 9 digits, or 10
    /// with the old trunk prefix `0` (`022 555 01 01`). So `+48 22 555 01 01`, `0048225550101`,
    /// `22 555 01 01`, `(22) 555 01 01` all give `+48225550101`.
    ///
    /// # Errors
    ///
    /// [`ParseError::Phone`] for letters or other characters, or a wrong number of digits.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        to_e164(input.trim())
            .map(Self)
            .ok_or_else(|| ParseError::Phone(bounded(input)))
    }

    /// The number in E.164 form.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the number is Polish (`+48`).
    #[must_use]
    pub fn is_polish(&self) -> bool {
        self.0.starts_with("+48")
    }

    /// The number grouped for display.
    ///
    /// Polish numbers starting with a mobile prefix (45, 50, 51, 53, 57, 60, 66, 69, 72, 73,
    /// 78, 79, 88) or a non-geographic one (70, 80) are grouped 3+3+3: `+48 500 555 123`.
    /// All others start with a geographic area code (12–95) and are grouped 2+3+2+2:
    /// `+48 22 555 01 01`. Other countries' numbers are returned in E.164 form.
    #[must_use]
    pub fn national(&self) -> String {
        match self.0.strip_prefix("+48") {
            Some(n) if n.len() == 9 && THREE_GROUP_PREFIXES.contains(&&n[..2]) => {
                format!("+48 {} {} {}", &n[..3], &n[3..6], &n[6..])
            }
            Some(n) if n.len() == 9 => {
                format!("+48 {} {} {} {}", &n[..2], &n[2..5], &n[5..7], &n[7..])
            }
            _ => self.0.clone(),
        }
    }
}

/// The E.164 form of a trimmed written number, if it is valid.
fn to_e164(written: &str) -> Option<String> {
    let (plus, rest) = written
        .strip_prefix('+')
        .map_or((false, written), |rest| (true, rest));
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_whitespace() || "-./()".contains(c))
    {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    match international {
        Some(number) => match number.strip_prefix(POLAND) {
            Some(national) => polish(national),
            None => (INTERNATIONAL_DIGITS.contains(&number.len()) && !number.starts_with('0'))
                .then(|| format!("+{number}")),
        },
        // Ten digits may be a national number after the old trunk prefix 0.
        None if digits.len() == 10 => polish(digits.strip_prefix('0')?),
        None => polish(&digits),
    }
}

/// `+48` and the national number, when it is 9 digits not starting with 0.
fn polish(national: &str) -> Option<String> {
    (national.len() == 9 && !national.starts_with('0')).then(|| format!("+{POLAND}{national}"))
}

impl AsRef<str> for Phone {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_written_forms() {
        const PL_LANDLINE: Option<&str> = Some("+48225550101");
        let cases = [
            ("+48 22 555 01 01", PL_LANDLINE),
            ("0048225550101", PL_LANDLINE),
            ("22 555 01 01", PL_LANDLINE),
            ("(22) 555 01 01", PL_LANDLINE),
            ("+48 (22) 555-01-01", PL_LANDLINE),
            ("022 555 01 01", PL_LANDLINE),
            ("(0-22) 555.01.01", PL_LANDLINE),
            ("22\u{a0}555\u{a0}01\u{a0}01", PL_LANDLINE),
            ("  500-555-123 ", Some("+48500555123")),
            ("+380 44 123 45 67", Some("+380441234567")),
            ("00380441234567", Some("+380441234567")),
            ("+1 (202) 555-0143", Some("+12025550143")),
            ("+49 30/1234567", Some("+49301234567")),
            // Length boundaries: 9 Polish digits, 8-15 international ones.
            ("22 555 01 0", None),
            ("22 555 01 011", None),
            ("+48 22 555 01 0", None),
            ("+48 22 555 01 011", None),
            ("0048 22 555 01 011", None),
            ("+1234567", None),
            ("+12345678", Some("+12345678")),
            ("+123456789012345", Some("+123456789012345")),
            ("+1234567890123456", None),
            ("0012345678", Some("+12345678")),
            ("001234567890123456", None),
            // Letters, stray characters, misplaced `+` and leading zeros.
            ("", None),
            ("+", None),
            ("00", None),
            ("22 555 O1 01", None),
            ("+48 22 555 01 01 wew. 12", None),
            ("22_555_01_01", None),
            ("22,555,01,01", None),
            ("２２５５５０１０１", None),
            ("++48225550101", None),
            ("48+225550101", None),
            ("012 345 678", None),
            ("+48 012 345 678", None),
            ("+0441234567", None),
            ("000441234567", None),
        ];
        for (input, expected) in cases {
            match (Phone::parse(input), expected) {
                (Ok(phone), Some(e164)) => {
                    assert_eq!((phone.as_str(), phone.as_ref()), (e164, e164));
                }
                (Err(error), None) => assert_eq!(error, ParseError::Phone(input.to_owned())),
                (result, _) => panic!("{input:?} gave {result:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn groups_for_display() {
        let cases = [
            ("22 555 01 01", "+48 22 555 01 01"),
            ("58 555 01 01", "+48 58 555 01 01"),
            ("95 123 45 67", "+48 95 123 45 67"),
            ("500 555 123", "+48 500 555 123"),
            ("451 234 567", "+48 451 234 567"),
            ("880 123 456", "+48 880 123 456"),
            ("800 123 456", "+48 800 123 456"),
            ("+380 44 123 45 67", "+380441234567"),
        ];
        for (input, expected) in cases {
            let phone = Phone::parse(input).expect(input);
            assert_eq!(phone.to_string(), phone.as_str());
            assert_eq!(
                (phone.national().as_str(), phone.is_polish()),
                (expected, expected.starts_with("+48 "))
            );
        }
    }
}
