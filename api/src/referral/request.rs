//! A referral request parsed once: limits, the resident's contact in canonical form, and
//! the idempotency key that makes a retried request safe.

use super::ReferralError;
use super::views::{Preferred, ReferralRequest};
use crate::domain::{Email, Phone};
use crate::error::{ErrorCode, FieldError};
use crate::i18n::Lang;
use serde::Deserialize;

/// Services one request may name.
pub const MAX_SERVICES: usize = 10;
/// Longest description of the need.
pub const MAX_NEED_CHARS: usize = 2000;
/// Longest name.
const MAX_NAME_CHARS: usize = 200;
/// Longest idempotency key.
const MAX_KEY_CHARS: usize = 200;

/// A client's key for one creation: a retry with the same key and request gets the first
/// answer and creates nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// 1 to 200 characters.
    pub fn parse(key: &str) -> Result<Self, ReferralError> {
        if key.is_empty() || key.len() > MAX_KEY_CHARS {
            return Err(ReferralError::InvalidIdempotencyKey);
        }
        Ok(Self(key.to_owned()))
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The resident's contact in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Name, trimmed, one line.
    pub name: String,
    /// E-mail, checked.
    pub email: Option<String>,
    /// Phone, E.164.
    pub phone: Option<String>,
    /// `email` or `phone`; `None` when staff registered a name alone (the slip only).
    pub preferred: Option<&'static str>,
    /// The language the resident reads.
    pub language: Lang,
}

/// How many referrals a creation body asks for (1 when it cannot tell), for the rate limit.
pub fn requested_count(raw_body: &[u8]) -> u32 {
    #[derive(Deserialize)]
    struct Count {
        service_ids: Vec<serde::de::IgnoredAny>,
    }
    serde_json::from_slice::<Count>(raw_body)
        .map(|c| c.service_ids.len().clamp(1, MAX_SERVICES))
        .map_or(1, |n| u32::try_from(n).unwrap_or(1))
}

/// Checks a request and gives the resident's contact in canonical form. `by_staff`: the
/// request comes from staff at the counter, who may register a name alone (no e-mail or
/// phone: the resident takes the printed slip).
pub fn validate(r: &ReferralRequest, by_staff: bool) -> Result<Contact, ReferralError> {
    let mut errors = Vec::new();
    if r.service_ids.is_empty() || r.service_ids.len() > MAX_SERVICES {
        errors.push(FieldError::new(
            "/service_ids",
            ErrorCode::InvalidValue,
            format!("name 1 to {MAX_SERVICES} services"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, id) in r.service_ids.iter().enumerate() {
        if !seen.insert(id) {
            errors.push(FieldError::new(
                format!("/service_ids/{i}"),
                ErrorCode::InvalidValue,
                "named twice",
            ));
        }
    }
    if r.need.chars().count() > MAX_NEED_CHARS {
        errors.push(FieldError::new(
            "/need",
            ErrorCode::InvalidValue,
            format!("at most {MAX_NEED_CHARS} characters"),
        ));
    }
    let name = r.contact.name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        errors.push(FieldError::new(
            "/contact/name",
            ErrorCode::MissingField,
            format!("1 to {MAX_NAME_CHARS} characters"),
        ));
    } else if !is_single_line(name) {
        errors.push(FieldError::new(
            "/contact/name",
            ErrorCode::InvalidValue,
            "a name is one line, without control characters",
        ));
    }
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let email = match given(&r.contact.email).map(Email::parse) {
        Some(Ok(e)) => Some(e.as_str().to_owned()),
        Some(Err(_)) => {
            errors.push(FieldError::new(
                "/contact/email",
                ErrorCode::InvalidEmail,
                "not a valid e-mail address",
            ));
            None
        }
        None => None,
    };
    let phone = match given(&r.contact.phone).map(Phone::parse) {
        Some(Ok(p)) => Some(p.as_str().to_owned()),
        Some(Err(_)) => {
            errors.push(FieldError::new(
                "/contact/phone",
                ErrorCode::InvalidPhone,
                "not a valid Polish phone number",
            ));
            None
        }
        None => None,
    };
    let no_contact = given(&r.contact.email).is_none() && given(&r.contact.phone).is_none();
    if no_contact && !by_staff {
        errors.push(FieldError::new(
            "/contact",
            ErrorCode::MissingField,
            "give an e-mail or a phone",
        ));
    }
    let preferred = match (r.contact.preferred, &email, &phone) {
        (Some(Preferred::Email), None, _) if given(&r.contact.email).is_none() => {
            errors.push(FieldError::new(
                "/contact/preferred",
                ErrorCode::InvalidValue,
                "e-mail preferred but not given",
            ));
            "email"
        }
        (Some(Preferred::Phone), _, None) if given(&r.contact.phone).is_none() => {
            errors.push(FieldError::new(
                "/contact/preferred",
                ErrorCode::InvalidValue,
                "phone preferred but not given",
            ));
            "phone"
        }
        (Some(Preferred::Email), ..) => "email",
        (Some(Preferred::Phone), ..) => "phone",
        (None, Some(_), _) => "email",
        (None, None, _) => "phone",
    };
    let preferred = (!no_contact).then_some(preferred);
    let language = match r.language.as_deref().map(str::trim) {
        None | Some("") => Lang::Pl,
        Some(code) => Lang::ALL
            .into_iter()
            .find(|l| l.code() == code)
            .unwrap_or_else(|| {
                errors.push(FieldError::new(
                    "/language",
                    ErrorCode::InvalidValue,
                    "pl, uk or en",
                ));
                Lang::Pl
            }),
    };
    if !r.consent.given {
        errors.push(FieldError::new(
            "/consent/given",
            ErrorCode::ConsentRequired,
            "consent is required",
        ));
    }
    if r.consent.text_version.trim().is_empty() || r.consent.text_version.len() > 100 {
        errors.push(FieldError::new(
            "/consent/text_version",
            ErrorCode::MissingField,
            "the version of the consent text shown",
        ));
    }
    if let Some(m) = &r.municipality
        && crate::domain::Teryt::parse(m).is_err()
    {
        errors.push(FieldError::new(
            "/municipality",
            ErrorCode::InvalidTeryt,
            "not a TERYT code",
        ));
    }
    if errors.is_empty() {
        Ok(Contact {
            name: name.to_owned(),
            email,
            phone,
            preferred,
            language,
        })
    } else {
        Err(ReferralError::Invalid(errors))
    }
}

/// Whether a short text is one line without control characters (names reach e-mail headers
/// and bodies).
fn is_single_line(text: &str) -> bool {
    !text
        .chars()
        .any(|c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_limit_counts_the_services_asked_for() {
        let body = br#"{"service_ids": ["a", "b", "c"], "need": ""}"#;
        assert_eq!(requested_count(body), 3);
        assert_eq!(requested_count(b"not json"), 1);
        let many = format!(r#"{{"service_ids": [{}]}}"#, vec!["1"; 40].join(","));
        assert_eq!(requested_count(many.as_bytes()), MAX_SERVICES as u32);
    }

    #[test]
    fn names_with_line_breaks_are_refused() {
        assert!(is_single_line("Anna Nowak"));
        assert!(!is_single_line("Anna\nBcc: x@example.pl"));
        assert!(!is_single_line("Anna\r"));
        assert!(!is_single_line("Anna\u{2028}"));
    }
}
