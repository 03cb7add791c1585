//! KRS number (National Court Register).

use std::fmt;

use super::error::{ParseError, bounded};

/// A KRS number, always 10 digits with leading zeros, e.g. `0000123456`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Krs(String);

impl Krs {
    /// Parses 1–10 digits (whitespace anywhere is ignored) and zero-pads them to 10.
    ///
    /// # Errors
    ///
    /// [`ParseError::Krs`] for no digits, more than 10 digits, a non-digit or an all-zero number.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let valid = (1..=10).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.bytes().any(|b| b != b'0');
        if valid {
            Ok(Self(format!("{digits:0>10}")))
        } else {
            Err(ParseError::Krs(bounded(input)))
        }
    }

    /// The number as 10 digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Krs {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Krs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_to_ten_digits() {
        let cases = [
            ("1", "0000000001"),
            ("123456", "0000123456"),
            ("0000123456", "0000123456"),
            ("000123456", "0000123456"),
            ("1234567890", "1234567890"),
            (" 0000 123 456 ", "0000123456"),
            ("\t0000019193\n", "0000019193"),
        ];
        for (input, expected) in cases {
            let krs = Krs::parse(input).expect(input);
            assert_eq!(krs.as_str(), expected);
            assert_eq!(krs.as_ref(), expected);
            assert_eq!(krs.to_string(), expected);
        }
    }

    #[test]
    fn length_boundaries() {
        let cases = [
            ("", false),
            ("1", true),
            ("123456789", true),
            ("1234567890", true),
            ("12345678901", false),
        ];
        for (input, ok) in cases {
            assert_eq!(Krs::parse(input).is_ok(), ok, "{input:?}");
        }
        // Leading zeros count towards the 10-digit limit.
        assert!(Krs::parse("00000000001").is_err());
    }

    #[test]
    fn rejects_invalid() {
        for input in [
            "   ",
            "0",
            "0000000000",
            "12345a",
            "-123456",
            "+123456",
            "123-456",
            "１２３",
            "12.5",
        ] {
            assert_eq!(
                Krs::parse(input),
                Err(ParseError::Krs(input.to_owned())),
                "{input:?}"
            );
        }
    }
}
