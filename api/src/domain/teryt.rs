//! TERYT TERC code of a gmina (municipality).

use std::fmt;

use super::error::{ParseError, bounded};

/// Gmina type digits (`R`) used by the TERC register: 1 urban, 2 rural, 3 urban-rural,
/// 4 town and 5 rural area of an urban-rural gmina, 8 Warsaw district, 9 city delegation.
const KIND_DIGITS: &[u8] = b"1234589";

/// A TERYT TERC gmina code `WWPPGGR`, e.g. `1465011` (Warszawa).
///
/// `WW` is the voivodeship (even, 02–32), `PP` the county (01–99), `GG` the gmina within
/// the county (01–99) and `R` the gmina type digit (1–5, 8 or 9).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Teryt(String);

impl Teryt {
    /// Parses a 7-digit TERC gmina code, ignoring surrounding whitespace.
    ///
    /// # Errors
    ///
    /// [`ParseError::Teryt`] when the input is not 7 ASCII digits or a part is out of range.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let code = input.trim();
        let b = code.as_bytes();
        let valid = b.len() == 7
            && b.iter().all(u8::is_ascii_digit)
            && matches!(number(&b[0..2]), ww if ww.is_multiple_of(2) && (2..=32).contains(&ww))
            && number(&b[2..4]) != 0
            && number(&b[4..6]) != 0
            && KIND_DIGITS.contains(&b[6]);
        if valid {
            Ok(Self(code.to_owned()))
        } else {
            Err(ParseError::Teryt(bounded(input)))
        }
    }

    /// The code as 7 digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Voivodeship number `WW` (2, 4, …, 32).
    #[must_use]
    pub fn voivodeship(&self) -> u8 {
        number(&self.0.as_bytes()[0..2])
    }

    /// County number `PP` within the voivodeship (1–99).
    #[must_use]
    pub fn county(&self) -> u8 {
        number(&self.0.as_bytes()[2..4])
    }

    /// Gmina number `GG` within the county (1–99).
    #[must_use]
    pub fn gmina(&self) -> u8 {
        number(&self.0.as_bytes()[4..6])
    }

    /// Gmina type digit `R` (1–5, 8 or 9).
    #[must_use]
    pub fn kind_digit(&self) -> u8 {
        number(&self.0.as_bytes()[6..7])
    }
}

/// The value of a short run of ASCII digits.
fn number(digits: &[u8]) -> u8 {
    digits.iter().fold(0, |acc, d| acc * 10 + (d - b'0'))
}

impl AsRef<str> for Teryt {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Teryt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes() {
        for code in [
            "1465011", "1261011", "0264011", "3262011", "1432065", "1465108", "0201012", "3299099",
        ] {
            assert_eq!(
                Teryt::parse(code).map(|t| t.to_string()),
                Ok(code.to_owned()),
                "{code}"
            );
        }
    }

    #[test]
    fn trims_surrounding_whitespace() {
        let t = Teryt::parse(" \t1465011\n").expect("valid");
        assert_eq!(t.as_str(), "1465011");
        assert_eq!(t.as_ref(), "1465011");
    }

    #[test]
    fn exposes_parts() {
        let t = Teryt::parse("1465108").expect("valid");
        assert_eq!(
            (t.voivodeship(), t.county(), t.gmina(), t.kind_digit()),
            (14, 65, 10, 8)
        );
        let t = Teryt::parse("0201012").expect("valid");
        assert_eq!(
            (t.voivodeship(), t.county(), t.gmina(), t.kind_digit()),
            (2, 1, 1, 2)
        );
    }

    #[test]
    fn length_boundaries() {
        assert!(Teryt::parse("146501").is_err());
        assert!(Teryt::parse("1465011").is_ok());
        assert!(Teryt::parse("14650111").is_err());
    }

    #[test]
    fn voivodeship_boundaries() {
        for (ww, ok) in [
            ("00", false),
            ("01", false),
            ("02", true),
            ("03", false),
            ("30", true),
            ("32", true),
            ("33", false),
            ("34", false),
            ("99", false),
        ] {
            assert_eq!(Teryt::parse(&format!("{ww}01011")).is_ok(), ok, "WW={ww}");
        }
    }

    #[test]
    fn county_gmina_and_kind_boundaries() {
        let cases = [
            ("1400011", false),
            ("1401011", true),
            ("1499011", true),
            ("1465001", false),
            ("1465012", true),
            ("1465991", true),
            ("1465010", false),
            ("1465016", false),
            ("1465017", false),
            ("1465013", true),
            ("1465014", true),
            ("1465015", true),
            ("1465019", true),
        ];
        for (code, ok) in cases {
            assert_eq!(Teryt::parse(code).is_ok(), ok, "{code}");
        }
    }

    #[test]
    fn rejects_non_digits() {
        for input in [
            "",
            "       ",
            "14650l1",
            "14 65011",
            "146501a",
            "+146501",
            "１４６５０１１",
            "1465-011",
        ] {
            assert_eq!(
                Teryt::parse(input),
                Err(ParseError::Teryt(input.to_owned())),
                "{input:?}"
            );
        }
    }
}
