//! Email address.

use std::fmt;

use super::error::{ParseError, bounded};

/// Longest address accepted (RFC 5321 path limit less the angle brackets).
const MAX_LEN: usize = 254;
/// Longest local part (RFC 5321).
const MAX_LOCAL_LEN: usize = 64;
/// Longest domain label (RFC 1035).
const MAX_LABEL_LEN: usize = 63;
/// Punctuation allowed in an unquoted local part besides `.` (RFC 5322 `atext`).
const LOCAL_PUNCTUATION: &[u8] = b"!#$%&'*+-/=?^_`{|}~";

/// An email address with a lowercase domain, e.g. `Jan.Kowalski@mops.example.pl`.
///
/// Pragmatic syntax only: one `@`; a local part of 1–64 ASCII letters, digits and RFC 5322
/// `atext` punctuation, in dot-separated non-empty runs; a domain of two or more labels of
/// 1–63 `[A-Za-z0-9-]` not starting or ending with `-`, whose last label is not all digits;
/// at most 254 characters. Quoted local parts, IP literals and non-ASCII are not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses an address, ignoring surrounding whitespace and lowercasing the domain.
    ///
    /// # Errors
    ///
    /// [`ParseError::Email`] when the input breaks any of the rules above.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let address = input.trim();
        match address.split_once('@') {
            Some((local, domain))
                if address.len() <= MAX_LEN && is_local(local) && is_domain(domain) =>
            {
                Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
            }
            _ => Err(ParseError::Email(bounded(input))),
        }
    }

    /// The whole address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before `@`, case preserved.
    #[must_use]
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or(&self.0, |(local, _)| local)
    }

    /// The part after `@`, lowercase.
    #[must_use]
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }
}

fn is_local(local: &str) -> bool {
    local.len() <= MAX_LOCAL_LEN
        && local.split('.').all(|run| {
            !run.is_empty()
                && run
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || LOCAL_PUNCTUATION.contains(&b))
        })
}

fn is_domain(domain: &str) -> bool {
    let is_label = |label: &str| {
        (1..=MAX_LABEL_LEN).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    domain.contains('.')
        && domain.split('.').all(is_label)
        && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()))
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalizes() {
        let cases = [
            ("uslugi@przystan.example", Some("uslugi@przystan.example")),
            (
                "Jan.Kowalski@MOPS.Krakow.PL",
                Some("Jan.Kowalski@mops.krakow.pl"),
            ),
            ("  biuro@cus-gmina.pl\n", Some("biuro@cus-gmina.pl")),
            (
                "o'brien+{x}~!#$%&*/=?^`|@e.co",
                Some("o'brien+{x}~!#$%&*/=?^`|@e.co"),
            ),
            ("x@a1.b-2.c3", Some("x@a1.b-2.c3")),
            ("", None),
            ("plain", None),
            ("@gmina.pl", None),
            ("jan@", None),
            ("jan@gmina", None),
            ("jan@@gmina.pl", None),
            ("jan@x@gmina.pl", None),
            ("jan kowalski@gmina.pl", None),
            ("jan@gmi na.pl", None),
            (".jan@gmina.pl", None),
            ("jan.@gmina.pl", None),
            ("ja..n@gmina.pl", None),
            ("jan@.gmina.pl", None),
            ("jan@gmina.pl.", None),
            ("jan@gmina..pl", None),
            ("jan@-gmina.pl", None),
            ("jan@gmina-.pl", None),
            ("jan@gmina_x.pl", None),
            ("jan@127.0.0.1", None),
            ("jan@[127.0.0.1]", None),
            ("\"jan\"@gmina.pl", None),
            ("jan(x),a@gmina.pl", None),
            ("józef@gmina.pl", None),
            ("jan@gmińa.pl", None),
            ("<jan@gmina.pl>", None),
        ];
        for (input, expected) in cases {
            match (Email::parse(input), expected) {
                (Ok(email), Some(text)) => {
                    assert_eq!((email.as_str(), email.as_ref()), (text, text));
                }
                (Err(error), None) => assert_eq!(error, ParseError::Email(input.to_owned())),
                (result, _) => panic!("{input:?} gave {result:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn exposes_parts() {
        let email = Email::parse("Ala.Nowak@Gmina.PL").expect("valid");
        assert_eq!(
            (email.local_part(), email.domain()),
            ("Ala.Nowak", "gmina.pl")
        );
        assert_eq!(email.to_string(), "Ala.Nowak@gmina.pl");
    }

    #[test]
    fn length_boundaries() {
        let local = |n: usize| format!("{}@gmina.pl", "j".repeat(n));
        let label = |n: usize| format!("jan@{}.pl", "g".repeat(n));
        // A 64-character local part and labels of 63, 63, n - 196 and 2: n characters in all.
        let (l, a, b) = ("l".repeat(64), "a".repeat(63), "b".repeat(63));
        let total = |n: usize| format!("{l}@{a}.{b}.{}.pl", "c".repeat(n - 196));
        let cases = [
            (local(1), true),
            (local(64), true),
            (local(65), false),
            (label(63), true),
            (label(64), false),
            (total(253), true),
            (total(254), true),
            (total(255), false),
        ];
        for (address, ok) in cases {
            assert_eq!(
                Email::parse(&address).is_ok(),
                ok,
                "{} characters: {address}",
                address.len()
            );
        }
        assert_eq!(total(255).len(), 255);
    }
}
