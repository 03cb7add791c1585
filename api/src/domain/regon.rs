//! REGON (Polish statistical business number).

use std::fmt;

use super::error::{ParseError, bounded};

/// Weights of the first eight digits of a 9-digit REGON.
const WEIGHTS_9: [u32; 8] = [8, 9, 2, 3, 4, 5, 6, 7];
/// Weights of the first thirteen digits of a 14-digit REGON.
const WEIGHTS_14: [u32; 13] = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8];

/// A REGON of 9 digits (an entity) or 14 digits (its local unit), e.g. `123456785`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Regon(String);

impl Regon {
    /// Parses a REGON, ignoring surrounding whitespace.
    ///
    /// A 9-digit REGON's weighted sum modulo 11 (10 counting as 0) must equal its last digit.
    /// A 14-digit REGON must start with a valid 9-digit one and pass its own 14-digit checksum.
    /// A REGON whose first nine digits are all zero is rejected.
    ///
    /// # Errors
    ///
    /// [`ParseError::Regon`] for another length, a non-digit or a failed checksum.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let regon = input.trim();
        let d = regon.as_bytes();
        let valid = d.iter().all(u8::is_ascii_digit)
            && match d.len() {
                9 => is_valid_9(d),
                14 => is_valid_9(&d[..9]) && checksum_matches(d, &WEIGHTS_14),
                _ => false,
            };
        if valid {
            Ok(Self(regon.to_owned()))
        } else {
            Err(ParseError::Regon(bounded(input)))
        }
    }

    /// The REGON as 9 or 14 digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 9-digit REGON of the entity (the whole number, or the start of a local unit's).
    #[must_use]
    pub fn base(&self) -> &str {
        &self.0[..9]
    }

    /// Whether this is a 14-digit REGON of a local unit.
    #[must_use]
    pub const fn is_local_unit(&self) -> bool {
        self.0.len() == 14
    }
}

fn is_valid_9(digits: &[u8]) -> bool {
    digits.iter().any(|&d| d != b'0') && checksum_matches(digits, &WEIGHTS_9)
}

/// Whether the digit after the weighted ones equals their weighted sum modulo 11, 10 counting as 0.
fn checksum_matches(digits: &[u8], weights: &[u32]) -> bool {
    let sum: u32 = weights
        .iter()
        .zip(digits)
        .map(|(w, d)| w * u32::from(d - b'0'))
        .sum();
    sum % 11 % 10 == u32::from(digits[weights.len()] - b'0')
}

impl AsRef<str> for Regon {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Regon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID_9: [&str; 5] = [
        "123456785",
        "012345675",
        "140517482",
        "365214385",
        "000325660",
    ];
    const VALID_14: [&str; 5] = [
        "12345678500010",
        "12345678500027",
        "01234567500015",
        "01234567500030",
        "14051748200012",
    ];

    #[test]
    fn accepts_valid_checksums() {
        for regon in VALID_9.into_iter().chain(VALID_14) {
            let parsed = Regon::parse(regon).expect(regon);
            assert_eq!(
                (
                    parsed.as_str(),
                    parsed.as_ref(),
                    parsed.to_string().as_str()
                ),
                (regon, regon, regon)
            );
        }
    }

    #[test]
    fn exposes_base_and_unit_kind() {
        let entity = Regon::parse(" 123456785\n").expect("valid");
        assert_eq!(
            (entity.as_str(), entity.base(), entity.is_local_unit()),
            ("123456785", "123456785", false)
        );
        let unit = Regon::parse("12345678500027").expect("valid");
        assert_eq!((unit.base(), unit.is_local_unit()), ("123456785", true));
    }

    #[test]
    fn rejects_every_wrong_check_digit() {
        for regon in VALID_9.into_iter().chain(VALID_14) {
            let (body, check) = regon.split_at(regon.len() - 1);
            for digit in ('0'..='9').filter(|d| !check.starts_with(*d)) {
                assert!(
                    Regon::parse(&format!("{body}{digit}")).is_err(),
                    "{body}{digit}"
                );
            }
        }
    }

    #[test]
    fn fourteen_digits_need_a_valid_base() {
        // The 14-digit checksum of 12345678400014 holds, but 123456784 is not a valid REGON.
        assert!(Regon::parse("12345678400014").is_err());
        // Likewise for an all-zero base.
        assert!(Regon::parse("00000000000018").is_err());
    }

    #[test]
    fn length_boundaries() {
        let cases = [
            ("12345678", false),
            ("123456785", true),
            ("1234567850", false),
            ("1234567850001", false),
            ("12345678500010", true),
            ("123456785000100", false),
        ];
        for (input, ok) in cases {
            assert_eq!(Regon::parse(input).is_ok(), ok, "{input}");
        }
    }

    #[test]
    fn rejects_invalid() {
        let cases = [
            "",
            "000000000",
            "00000000000000",
            "12345678a",
            "123 456 785",
            "123-456-785",
            "+23456785",
            "１２３４５６７８５",
        ];
        for input in cases {
            assert_eq!(
                Regon::parse(input),
                Err(ParseError::Regon(input.to_owned())),
                "{input:?}"
            );
        }
    }
}
