//! Checks a record in canonical form before it is stored, whatever path it came by
//! (seed, HSDS import, and later partner self-service).

use super::limits::{MAX_AGE, organization_limits, service_limits};
use super::{Organization, Service, vocabulary};
use crate::domain::{
    ClockTime, Coordinates, Email, Krs, Nip, Phone, PostalCode, Regon, Teryt, Weekday,
};
use crate::error::{ErrorCode, FieldError};

/// Checks that `value`, when present, is already in the canonical form `parse` produces.
fn canonical<T: AsRef<str>, E>(
    errors: &mut Vec<FieldError>,
    pointer: String,
    code: ErrorCode,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, E>,
) {
    if let Some(v) = value {
        match parse(v) {
            Ok(parsed) if parsed.as_ref() == v => {}
            Ok(_) => errors.push(FieldError::new(
                pointer,
                code,
                "not written in the canonical form",
            )),
            Err(_) => errors.push(FieldError::new(pointer, code, "not valid")),
        }
    }
}

fn blank(errors: &mut Vec<FieldError>, pointer: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(
            pointer,
            ErrorCode::MissingField,
            "must not be blank",
        ));
    }
}
/// Problems with an organization, its locations and liaisons; empty when valid.
pub fn organization(o: &Organization) -> Vec<FieldError> {
    let mut e = Vec::new();
    blank(&mut e, "/name", &o.name);
    e.extend(organization_limits(o));
    canonical(
        &mut e,
        "/municipality".into(),
        ErrorCode::InvalidTeryt,
        o.municipality.as_deref(),
        Teryt::parse,
    );
    canonical(
        &mut e,
        "/email".into(),
        ErrorCode::InvalidEmail,
        o.email.as_deref(),
        Email::parse,
    );
    canonical(
        &mut e,
        "/phone".into(),
        ErrorCode::InvalidPhone,
        o.phone.as_deref(),
        Phone::parse,
    );
    canonical(
        &mut e,
        "/krs".into(),
        ErrorCode::InvalidKrs,
        o.krs.as_deref(),
        Krs::parse,
    );
    canonical(
        &mut e,
        "/nip".into(),
        ErrorCode::InvalidNip,
        o.nip.as_deref(),
        Nip::parse,
    );
    canonical(
        &mut e,
        "/regon".into(),
        ErrorCode::InvalidRegon,
        o.regon.as_deref(),
        Regon::parse,
    );
    for (i, l) in o.locations.iter().enumerate() {
        canonical(
            &mut e,
            format!("/locations/{i}/postal_code"),
            ErrorCode::InvalidPostalCode,
            l.postal_code.as_deref(),
            PostalCode::parse,
        );
        canonical(
            &mut e,
            format!("/locations/{i}/municipality"),
            ErrorCode::InvalidTeryt,
            l.municipality.as_deref(),
            Teryt::parse,
        );
        match (l.latitude, l.longitude) {
            (None, None) => {}
            (Some(lat), Some(lon)) if Coordinates::parse(lat, lon).is_ok() => {}
            _ => e.push(FieldError::new(
                format!("/locations/{i}/latitude"),
                ErrorCode::InvalidCoordinates,
                "latitude and longitude must both be valid WGS84 degrees",
            )),
        }
    }
    for (i, l) in o.liaisons.iter().enumerate() {
        blank(&mut e, &format!("/liaisons/{i}/last_name"), &l.last_name);
        canonical(
            &mut e,
            format!("/liaisons/{i}/email"),
            ErrorCode::InvalidEmail,
            l.email.as_deref(),
            Email::parse,
        );
        canonical(
            &mut e,
            format!("/liaisons/{i}/phone"),
            ErrorCode::InvalidPhone,
            l.phone.as_deref(),
            Phone::parse,
        );
        if let Some(deputy) = l.deputy_id
            && (deputy == l.id || !o.liaisons.iter().any(|d| d.id == deputy))
        {
            e.push(FieldError::new(
                format!("/liaisons/{i}/deputy_id"),
                ErrorCode::InvalidValue,
                "the deputy must be another liaison of the same organization",
            ));
        }
    }
    e
}

/// Problems with a service; empty when valid.
pub fn service(s: &Service) -> Vec<FieldError> {
    let mut e = Vec::new();
    let v = vocabulary();
    blank(&mut e, "/name", &s.name);
    e.extend(service_limits(s));
    for (field, codes) in [
        ("areas", &s.areas),
        ("categories", &s.categories),
        ("target_groups", &s.target_groups),
    ] {
        for (i, code) in codes.iter().enumerate() {
            let known = match field {
                "areas" => v.is_area(code),
                "categories" => v.is_category(code),
                _ => v.is_target_group(code),
            };
            if !known {
                e.push(FieldError::new(
                    format!("/{field}/{i}"),
                    ErrorCode::InvalidValue,
                    format!("unknown code {code:?}"),
                ));
            }
        }
    }
    for (i, lang) in s.languages.iter().enumerate() {
        if lang.len() != 2 || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
            e.push(FieldError::new(
                format!("/languages/{i}"),
                ErrorCode::InvalidValue,
                "languages are ISO 639-1 codes such as \"pl\"",
            ));
        }
    }
    for (field, age) in [("min_age", s.min_age), ("max_age", s.max_age)] {
        if age.is_some_and(|a| a > MAX_AGE) {
            e.push(FieldError::new(
                format!("/{field}"),
                ErrorCode::InvalidValue,
                format!("age must be at most {MAX_AGE}"),
            ));
        }
    }
    if let (Some(min), Some(max)) = (s.min_age, s.max_age)
        && min > max
    {
        e.push(FieldError::new(
            "/min_age",
            ErrorCode::InvalidValue,
            "min_age is greater than max_age",
        ));
    }
    if let (Some(from), Some(to)) = (s.valid_from, s.valid_to)
        && from > to
    {
        e.push(FieldError::new(
            "/valid_from",
            ErrorCode::InvalidValue,
            "valid_from is after valid_to",
        ));
    }
    canonical(
        &mut e,
        "/email".into(),
        ErrorCode::InvalidEmail,
        s.email.as_deref(),
        Email::parse,
    );
    canonical(
        &mut e,
        "/phone".into(),
        ErrorCode::InvalidPhone,
        s.phone.as_deref(),
        Phone::parse,
    );
    for (i, m) in s.municipalities.iter().enumerate() {
        canonical(
            &mut e,
            format!("/municipalities/{i}"),
            ErrorCode::InvalidTeryt,
            Some(m),
            Teryt::parse,
        );
    }
    for (i, h) in s.schedule.iter().enumerate() {
        if !hours_valid(h.weekday, &h.opens, &h.closes) {
            e.push(FieldError::new(
                format!("/schedule/{i}"),
                ErrorCode::InvalidOpeningHours,
                "weekday 1-7 and HH:MM times with opens before closes",
            ));
        }
    }
    for (i, x) in s.schedule_exceptions.iter().enumerate() {
        let ok = match (&x.opens, &x.closes) {
            (None, None) => x.closed,
            (Some(o), Some(c)) => !x.closed && hours_valid(1, o, c),
            _ => false,
        };
        if !ok {
            e.push(FieldError::new(
                format!("/schedule_exceptions/{i}"),
                ErrorCode::InvalidOpeningHours,
                "either closed, or open with both times",
            ));
        }
    }
    e
}

fn hours_valid(weekday: u8, opens: &str, closes: &str) -> bool {
    let (Ok(o), Ok(c)) = (ClockTime::parse(opens), ClockTime::parse(closes)) else {
        return false;
    };
    Weekday::parse(weekday).is_ok() && o.as_ref() == opens && c.as_ref() == closes && o < c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::limits::{MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS};
    use crate::services::seed::demo;

    #[test]
    fn rejects_non_canonical_and_invalid_values() {
        let d = demo().expect("demo");
        let mut o = d.organizations[0].clone();
        o.nip = Some("1234567890".into());
        o.locations[0].postal_code = Some("05900".into());
        let codes: Vec<ErrorCode> = organization(&o).into_iter().map(|e| e.code).collect();
        assert!(codes.contains(&ErrorCode::InvalidNip), "{codes:?}");
        assert!(codes.contains(&ErrorCode::InvalidPostalCode), "{codes:?}");

        let mut s = d.services[0].clone();
        s.categories.push("nonsense".into());
        s.min_age = Some(30);
        s.max_age = Some(20);
        s.schedule.push(crate::directory::OpeningHours {
            weekday: 8,
            opens: "10:00".into(),
            closes: "09:00".into(),
        });
        let errors = service(&s);
        assert_eq!(errors.len(), 3, "{errors:?}");
    }

    #[test]
    fn texts_and_lists_have_maximum_sizes() {
        let d = demo().expect("demo");
        let mut s = d.services[0].clone();
        s.description = Some("x".repeat(MAX_DESCRIPTION_CHARS + 1));
        s.name = "n".repeat(MAX_NAME_CHARS + 1);
        s.url = Some("javascript:alert(1)".into());
        let codes: Vec<ErrorCode> = service(&s).into_iter().map(|e| e.code).collect();
        assert_eq!(
            codes,
            [
                ErrorCode::TextTooLong,
                ErrorCode::TextTooLong,
                ErrorCode::InvalidUrl
            ]
        );
        let mut o = d.organizations[0].clone();
        o.website = Some("data:text/html,x".into());
        assert_eq!(organization(&o)[0].code, ErrorCode::InvalidUrl);
    }
}
