//! Polish postal code.

use std::fmt;

use super::error::{ParseError, bounded};

/// A Polish postal code in the canonical form `NN-NNN`, e.g. `00-950`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PostalCode(String);

impl PostalCode {
    /// Parses `NN-NNN` or the compact `NNNNN` (normalized to `NN-NNN`), ignoring surrounding
    /// whitespace.
    ///
    /// # Errors
    ///
    /// [`ParseError::PostalCode`] for any other shape or a non-digit.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let code = input.trim();
        let compact = match (code.len(), code.as_bytes().get(2)) {
            (6, Some(b'-')) => code.replacen('-', "", 1),
            (5, _) => code.to_owned(),
            _ => String::new(),
        };
        if compact.len() == 5 && compact.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(format!("{}-{}", &compact[..2], &compact[2..])))
        } else {
            Err(ParseError::PostalCode(bounded(input)))
        }
    }

    /// The code as `NN-NNN`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for PostalCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PostalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_normalizes() {
        let cases = [
            ("00-950", "00-950"),
            ("05-901", "05-901"),
            ("99-999", "99-999"),
            ("00950", "00-950"),
            ("31548", "31-548"),
            ("  31-548 ", "31-548"),
            ("\t31548\n", "31-548"),
        ];
        for (input, expected) in cases {
            let code = PostalCode::parse(input).expect(input);
            assert_eq!(code.as_str(), expected);
            assert_eq!(code.as_ref(), expected);
            assert_eq!(code.to_string(), expected);
        }
    }

    #[test]
    fn length_boundaries() {
        for (input, ok) in [
            ("1234", false),
            ("12345", true),
            ("123456", false),
            ("12-34", false),
            ("12-345", true),
            ("12-3456", false),
        ] {
            assert_eq!(PostalCode::parse(input).is_ok(), ok, "{input}");
        }
    }

    #[test]
    fn rejects_other_shapes() {
        let cases = [
            "",
            "-",
            "123-45",
            "1-2345",
            "12 345",
            "12--345",
            "12-34-",
            "12-34a",
            "ab-cde",
            "12_345",
            "12–345",
            "+2-345",
            "１２-３４５",
            "12-345-",
        ];
        for input in cases {
            assert_eq!(
                PostalCode::parse(input),
                Err(ParseError::PostalCode(input.to_owned())),
                "{input:?}"
            );
        }
    }
}
