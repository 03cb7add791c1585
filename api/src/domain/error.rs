//! The error returned by every domain value parser.

use thiserror::Error;

/// Longest offending input, in characters, kept inside a [`ParseError`] so that logs stay bounded.
pub(super) const MAX_INPUT_CHARS: usize = 100;

/// A raw value rejected by one of the domain parsers.
///
/// Each variant carries the offending input, truncated to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// Not a TERYT TERC gmina code.
    #[error("invalid TERYT code {0:?}: expected 7 digits WWPPGGR")]
    Teryt(String),
    /// Not a Polish postal code.
    #[error("invalid postal code {0:?}: expected NN-NNN")]
    PostalCode(String),
    /// Not an email address.
    #[error("invalid email address {0:?}: expected local@domain.tld")]
    Email(String),
    /// Not a phone number.
    #[error("invalid phone number {0:?}: expected 9 Polish digits or + and 8-15 digits")]
    Phone(String),
    /// Not a NIP (tax identification number).
    #[error("invalid NIP {0:?}: expected 10 digits with a valid checksum")]
    Nip(String),
    /// Not a REGON (statistical business number).
    #[error("invalid REGON {0:?}: expected 9 or 14 digits with a valid checksum")]
    Regon(String),
    /// Not a KRS (National Court Register) number.
    #[error("invalid KRS number {0:?}: expected 1-10 digits, not all zero")]
    Krs(String),
    /// Not a WGS84 latitude.
    #[error("invalid latitude {0:?}: expected a finite number from -90 to 90")]
    Latitude(String),
    /// Not a WGS84 longitude.
    #[error("invalid longitude {0:?}: expected a finite number from -180 to 180")]
    Longitude(String),
    /// Not a time of day.
    #[error("invalid time {0:?}: expected HH:MM from 00:00 to 24:00")]
    ClockTime(String),
    /// Not an ISO weekday number.
    #[error("invalid weekday {0:?}: expected 1 (Monday) to 7 (Sunday)")]
    Weekday(String),
}

impl ParseError {
    /// Stable `snake_case` name of the kind of value that was rejected, e.g. `"postal_code"`.
    #[must_use]
    pub const fn field(&self) -> &'static str {
        match self {
            Self::Teryt(_) => "teryt",
            Self::PostalCode(_) => "postal_code",
            Self::Email(_) => "email",
            Self::Phone(_) => "phone",
            Self::Nip(_) => "nip",
            Self::Regon(_) => "regon",
            Self::Krs(_) => "krs",
            Self::Latitude(_) => "latitude",
            Self::Longitude(_) => "longitude",
            Self::ClockTime(_) => "clock_time",
            Self::Weekday(_) => "weekday",
        }
    }

    /// The offending input (at most 100 characters of it).
    #[must_use]
    pub fn input(&self) -> &str {
        match self {
            Self::Teryt(s)
            | Self::PostalCode(s)
            | Self::Email(s)
            | Self::Phone(s)
            | Self::Nip(s)
            | Self::Regon(s)
            | Self::Krs(s)
            | Self::Latitude(s)
            | Self::Longitude(s)
            | Self::ClockTime(s)
            | Self::Weekday(s) => s,
        }
    }
}

/// Copies at most [`MAX_INPUT_CHARS`] characters of `input` for an error payload.
pub(super) fn bounded(input: &str) -> String {
    input.chars().take(MAX_INPUT_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_stable() {
        let cases = [
            (ParseError::Teryt(String::new()), "teryt"),
            (ParseError::PostalCode(String::new()), "postal_code"),
            (ParseError::Email(String::new()), "email"),
            (ParseError::Phone(String::new()), "phone"),
            (ParseError::Nip(String::new()), "nip"),
            (ParseError::Regon(String::new()), "regon"),
            (ParseError::Krs(String::new()), "krs"),
            (ParseError::Latitude(String::new()), "latitude"),
            (ParseError::Longitude(String::new()), "longitude"),
            (ParseError::ClockTime(String::new()), "clock_time"),
            (ParseError::Weekday(String::new()), "weekday"),
        ];
        for (error, field) in cases {
            assert_eq!(error.field(), field);
        }
    }

    #[test]
    fn message_quotes_the_input() {
        let error = ParseError::PostalCode("1234".into());
        assert_eq!(
            error.to_string(),
            r#"invalid postal code "1234": expected NN-NNN"#
        );
        assert_eq!(error.input(), "1234");
    }

    #[test]
    fn bounded_keeps_at_most_100_characters() {
        for (len, kept) in [(0, 0), (99, 99), (100, 100), (101, 100), (1000, 100)] {
            assert_eq!(
                bounded(&"x".repeat(len)).chars().count(),
                kept,
                "length {len}"
            );
        }
        // Counts characters, not bytes, and never splits a multi-byte character.
        assert_eq!(bounded(&"ż".repeat(150)), "ż".repeat(100));
    }
}
