//! How big a directory record may be: names, texts, lists and kept import data have maximum
//! sizes, and links are web addresses. Every write path applies these, the lenient HSDS
//! import included.

use super::{Organization, Service};
use crate::error::{ErrorCode, FieldError};

/// Oldest age a service may state.
pub const MAX_AGE: u32 = 150;

/// Longest name (of a service, organization, place or person), in characters.
pub const MAX_NAME_CHARS: usize = 300;
/// Longest description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// Longest other text (eligibility, how to apply, costs, accessibility, notes).
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Longest web address.
pub const MAX_URL_CHARS: usize = 2_000;
/// Most entries in one list (codes, places, hours).
pub const MAX_LIST_ITEMS: usize = 200;
/// Largest size of the imported data kept as it came (`extra`), in bytes of JSON.
pub const MAX_EXTRA_BYTES: usize = 64 * 1024;

fn too_long(e: &mut Vec<FieldError>, pointer: String, value: Option<&str>, max: usize) {
    if value.is_some_and(|v| v.chars().count() > max) {
        e.push(FieldError::new(
            pointer,
            ErrorCode::TextTooLong,
            format!("at most {max} characters"),
        ));
    }
}

fn too_many(e: &mut Vec<FieldError>, pointer: &str, len: usize) {
    if len > MAX_LIST_ITEMS {
        e.push(FieldError::new(
            pointer,
            ErrorCode::TextTooLong,
            format!("at most {MAX_LIST_ITEMS} entries"),
        ));
    }
}

fn extra_too_large(e: &mut Vec<FieldError>, extra: &serde_json::Map<String, serde_json::Value>) {
    if !extra.is_empty() && serde_json::to_string(extra).map_or(0, |t| t.len()) > MAX_EXTRA_BYTES {
        e.push(FieldError::new(
            "/extra",
            ErrorCode::TextTooLong,
            format!("at most {MAX_EXTRA_BYTES} bytes of other data"),
        ));
    }
}

/// A web address: `http` or `https` with a host, nothing else (`javascript:`, `data:`,
/// `vbscript:`, `file:` in any case or encoding).
pub fn is_web_url(value: &str) -> bool {
    value.chars().count() <= MAX_URL_CHARS
        && !value.chars().any(char::is_control)
        && url::Url::parse(value).is_ok_and(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        })
}

pub(super) fn web_url(e: &mut Vec<FieldError>, pointer: &str, value: Option<&str>) {
    if let Some(v) = value
        && !is_web_url(v)
    {
        e.push(FieldError::new(
            pointer,
            ErrorCode::InvalidUrl,
            "an http:// or https:// address",
        ));
    }
}

/// Sizes and web addresses of an organization: the checks every write path applies, the
/// lenient HSDS import included.
pub fn organization_limits(o: &Organization) -> Vec<FieldError> {
    let mut e = Vec::new();
    too_long(&mut e, "/name".into(), Some(&o.name), MAX_NAME_CHARS);
    too_long(
        &mut e,
        "/short_name".into(),
        o.short_name.as_deref(),
        MAX_NAME_CHARS,
    );
    too_long(
        &mut e,
        "/description".into(),
        o.description.as_deref(),
        MAX_DESCRIPTION_CHARS,
    );
    web_url(&mut e, "/website", o.website.as_deref());
    too_many(&mut e, "/locations", o.locations.len());
    too_many(&mut e, "/liaisons", o.liaisons.len());
    extra_too_large(&mut e, &o.extra);
    for (i, l) in o.locations.iter().enumerate() {
        too_long(
            &mut e,
            format!("/locations/{i}/name"),
            l.name.as_deref(),
            MAX_NAME_CHARS,
        );
        too_long(
            &mut e,
            format!("/locations/{i}/street"),
            l.street.as_deref(),
            MAX_NAME_CHARS,
        );
        too_long(
            &mut e,
            format!("/locations/{i}/city"),
            l.city.as_deref(),
            MAX_NAME_CHARS,
        );
        let accessibility = l.accessibility.as_deref();
        too_long(
            &mut e,
            format!("/locations/{i}/accessibility"),
            accessibility,
            MAX_TEXT_CHARS,
        );
    }
    for (i, l) in o.liaisons.iter().enumerate() {
        for (field, value) in [
            ("first_name", Some(l.first_name.as_str())),
            ("last_name", Some(l.last_name.as_str())),
            ("role", l.role.as_deref()),
        ] {
            too_long(
                &mut e,
                format!("/liaisons/{i}/{field}"),
                value,
                MAX_NAME_CHARS,
            );
        }
    }
    e
}

/// Sizes and web addresses of a service (see [`organization_limits`]).
pub fn service_limits(s: &Service) -> Vec<FieldError> {
    let mut e = Vec::new();
    too_long(&mut e, "/name".into(), Some(&s.name), MAX_NAME_CHARS);
    too_long(
        &mut e,
        "/alternate_name".into(),
        s.alternate_name.as_deref(),
        MAX_NAME_CHARS,
    );
    too_long(
        &mut e,
        "/description".into(),
        s.description.as_deref(),
        MAX_DESCRIPTION_CHARS,
    );
    for (field, value) in [
        ("eligibility", &s.eligibility),
        ("cost_note", &s.cost_note),
        ("application", &s.application),
    ] {
        too_long(
            &mut e,
            format!("/{field}"),
            value.as_deref(),
            MAX_TEXT_CHARS,
        );
    }
    web_url(&mut e, "/url", s.url.as_deref());
    for (field, len) in [
        ("areas", s.areas.len()),
        ("categories", s.categories.len()),
        ("target_groups", s.target_groups.len()),
        ("languages", s.languages.len()),
        ("municipalities", s.municipalities.len()),
        ("location_ids", s.location_ids.len()),
        ("schedule", s.schedule.len()),
        ("schedule_exceptions", s.schedule_exceptions.len()),
    ] {
        too_many(&mut e, &format!("/{field}"), len);
    }
    for (i, x) in s.schedule_exceptions.iter().enumerate() {
        let pointer = format!("/schedule_exceptions/{i}/note");
        too_long(&mut e, pointer, x.note.as_deref(), MAX_TEXT_CHARS);
    }
    extra_too_large(&mut e, &s.extra);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_links() {
        for ok in [
            "https://cus.example.pl/",
            "http://fundacja.example.pl/oferta?x=1",
        ] {
            assert!(is_web_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\tjavascript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "https://",
            "cus.example.pl",
            "java%73cript:alert(1)",
        ] {
            assert!(!is_web_url(bad), "{bad:?}");
        }
    }
}
