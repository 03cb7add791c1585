//! NIP (Polish tax identification number).

use std::fmt;

use super::error::{ParseError, bounded};

/// Weights of the first nine digits in the NIP checksum.
const WEIGHTS: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];

/// A NIP as 10 plain digits with a valid checksum, e.g. `5260250274`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nip(String);

impl Nip {
    /// Parses a NIP, dropping an optional `PL` prefix (any case) and all spaces and dashes.
    ///
    /// The weighted sum of the first nine digits modulo 11 must equal the tenth; a
    /// remainder of 10 never does. The all-zero number is rejected.
    ///
    /// # Errors
    ///
    /// [`ParseError::Nip`] when the rest is not 10 digits or the checksum fails.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let trimmed = input.trim();
        let unprefixed = match trimmed.get(..2) {
            Some(prefix) if prefix.eq_ignore_ascii_case("PL") => &trimmed[2..],
            _ => trimmed,
        };
        let digits: String = unprefixed
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        if is_valid(digits.as_bytes()) {
            Ok(Self(digits))
        } else {
            Err(ParseError::Nip(bounded(input)))
        }
    }

    /// The NIP as 10 digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_valid(digits: &[u8]) -> bool {
    if digits.len() != 10
        || !digits.iter().all(u8::is_ascii_digit)
        || digits.iter().all(|&d| d == b'0')
    {
        return false;
    }
    let sum: u32 = WEIGHTS
        .iter()
        .zip(digits)
        .map(|(w, d)| w * u32::from(d - b'0'))
        .sum();
    sum % 11 == u32::from(digits[9] - b'0')
}

impl AsRef<str> for Nip {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Nip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: [&str; 6] = [
        "5260250274",
        "1234563218",
        "7010000005",
        "6750000007",
        "1060000004",
        "1111111111",
    ];

    #[test]
    fn accepts_valid_checksums() {
        for nip in VALID {
            assert_eq!(Nip::parse(nip).map(|n| n.to_string()), Ok(nip.to_owned()));
        }
    }

    #[test]
    fn normalizes_written_forms() {
        let cases = [
            "526-025-02-74",
            "526-02-50-274",
            "526 025 02 74",
            "PL5260250274",
            "pl 526-025-02-74",
            "Pl5260250274",
            "  PL 526 025 02 74 ",
        ];
        for input in cases {
            let nip = Nip::parse(input).expect(input);
            assert_eq!((nip.as_str(), nip.as_ref()), ("5260250274", "5260250274"));
        }
    }

    #[test]
    fn rejects_every_wrong_check_digit() {
        for nip in VALID {
            let (body, check) = nip.split_at(9);
            for digit in ('0'..='9').filter(|d| !check.starts_with(*d)) {
                assert!(
                    Nip::parse(&format!("{body}{digit}")).is_err(),
                    "{body}{digit}"
                );
            }
        }
    }

    #[test]
    fn remainder_ten_is_always_invalid() {
        // 123456789 and 113000000 both have a weighted sum of 10 modulo 11.
        for body in ["123456789", "113000000"] {
            for digit in '0'..='9' {
                assert!(
                    Nip::parse(&format!("{body}{digit}")).is_err(),
                    "{body}{digit}"
                );
            }
        }
    }

    #[test]
    fn length_boundaries() {
        for (input, ok) in [
            ("526025027", false),
            ("5260250274", true),
            ("52602502740", false),
            ("05260250274", false),
        ] {
            assert_eq!(Nip::parse(input).is_ok(), ok, "{input}");
        }
    }

    #[test]
    fn rejects_invalid() {
        let cases = [
            "",
            "PL",
            "0000000000",
            "526025027a",
            "526.025.02.74",
            "526_025_02_74",
            "DE5260250274",
            "PL-PL5260250274",
            "5260250274PL",
            "+5260250274",
            "５２６０２５０２７４",
            "526\t025 02 74",
        ];
        for input in cases {
            assert_eq!(
                Nip::parse(input),
                Err(ParseError::Nip(input.to_owned())),
                "{input:?}"
            );
        }
    }
}
