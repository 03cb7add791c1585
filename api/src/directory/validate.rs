//! Checks a record in canonical form before it is stored, whatever path it came by
//! (seed, HSDS import, and later partner self-service).

use super::{Organization, Service, vocabulary};
use crate::domain::{
    ClockTime, Coordinates, Email, Krs, Nip, Phone, PostalCode, Regon, Teryt, Weekday,
};
use crate::error::FieldError;

/// Oldest age a service may state.
pub const MAX_AGE: u32 = 150;

fn err(pointer: String, code: &str, detail: impl Into<String>) -> FieldError {
    FieldError {
        pointer,
        code: code.to_owned(),
        detail: detail.into(),
    }
}

/// Checks that `value`, when present, is already in the canonical form `parse` produces.
fn canonical<T: AsRef<str>, E>(
    errors: &mut Vec<FieldError>,
    pointer: String,
    code: &str,
    value: Option<&str>,
    parse: impl Fn(&str) -> Result<T, E>,
) {
    if let Some(v) = value {
        match parse(v) {
            Ok(parsed) if parsed.as_ref() == v => {}
            Ok(parsed) => errors.push(err(
                pointer,
                code,
                format!("{v:?} must be written as {:?}", parsed.as_ref()),
            )),
            Err(_) => errors.push(err(pointer, code, format!("{v:?} is not valid"))),
        }
    }
}

fn blank(errors: &mut Vec<FieldError>, pointer: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(err(
            pointer.to_owned(),
            "missing_field",
            "must not be blank",
        ));
    }
}

/// Problems with an organization, its locations and liaisons; empty when valid.
pub fn organization(o: &Organization) -> Vec<FieldError> {
    let mut e = Vec::new();
    blank(&mut e, "/name", &o.name);
    canonical(
        &mut e,
        "/municipality".into(),
        "invalid_teryt",
        o.municipality.as_deref(),
        Teryt::parse,
    );
    canonical(
        &mut e,
        "/email".into(),
        "invalid_email",
        o.email.as_deref(),
        Email::parse,
    );
    canonical(
        &mut e,
        "/phone".into(),
        "invalid_phone",
        o.phone.as_deref(),
        Phone::parse,
    );
    canonical(
        &mut e,
        "/krs".into(),
        "invalid_krs",
        o.krs.as_deref(),
        Krs::parse,
    );
    canonical(
        &mut e,
        "/nip".into(),
        "invalid_nip",
        o.nip.as_deref(),
        Nip::parse,
    );
    canonical(
        &mut e,
        "/regon".into(),
        "invalid_regon",
        o.regon.as_deref(),
        Regon::parse,
    );
    for (i, l) in o.locations.iter().enumerate() {
        canonical(
            &mut e,
            format!("/locations/{i}/postal_code"),
            "invalid_postal_code",
            l.postal_code.as_deref(),
            PostalCode::parse,
        );
        canonical(
            &mut e,
            format!("/locations/{i}/municipality"),
            "invalid_teryt",
            l.municipality.as_deref(),
            Teryt::parse,
        );
        match (l.latitude, l.longitude) {
            (None, None) => {}
            (Some(lat), Some(lon)) if Coordinates::parse(lat, lon).is_ok() => {}
            _ => e.push(err(
                format!("/locations/{i}/latitude"),
                "invalid_coordinates",
                "latitude and longitude must both be valid WGS84 degrees",
            )),
        }
    }
    for (i, l) in o.liaisons.iter().enumerate() {
        blank(&mut e, &format!("/liaisons/{i}/last_name"), &l.last_name);
        canonical(
            &mut e,
            format!("/liaisons/{i}/email"),
            "invalid_email",
            l.email.as_deref(),
            Email::parse,
        );
        canonical(
            &mut e,
            format!("/liaisons/{i}/phone"),
            "invalid_phone",
            l.phone.as_deref(),
            Phone::parse,
        );
        if let Some(deputy) = l.deputy_id
            && (deputy == l.id || !o.liaisons.iter().any(|d| d.id == deputy))
        {
            e.push(err(
                format!("/liaisons/{i}/deputy_id"),
                "invalid_value",
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
                e.push(err(
                    format!("/{field}/{i}"),
                    "invalid_value",
                    format!("unknown code {code:?}"),
                ));
            }
        }
    }
    for (i, lang) in s.languages.iter().enumerate() {
        if lang.len() != 2 || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
            e.push(err(
                format!("/languages/{i}"),
                "invalid_value",
                "languages are ISO 639-1 codes such as \"pl\"",
            ));
        }
    }
    for (field, age) in [("min_age", s.min_age), ("max_age", s.max_age)] {
        if age.is_some_and(|a| a > MAX_AGE) {
            e.push(err(
                format!("/{field}"),
                "invalid_value",
                format!("age must be at most {MAX_AGE}"),
            ));
        }
    }
    if let (Some(min), Some(max)) = (s.min_age, s.max_age)
        && min > max
    {
        e.push(err(
            "/min_age".into(),
            "invalid_value",
            "min_age is greater than max_age",
        ));
    }
    if let (Some(from), Some(to)) = (s.valid_from, s.valid_to)
        && from > to
    {
        e.push(err(
            "/valid_from".into(),
            "invalid_value",
            "valid_from is after valid_to",
        ));
    }
    canonical(
        &mut e,
        "/email".into(),
        "invalid_email",
        s.email.as_deref(),
        Email::parse,
    );
    canonical(
        &mut e,
        "/phone".into(),
        "invalid_phone",
        s.phone.as_deref(),
        Phone::parse,
    );
    for (i, m) in s.municipalities.iter().enumerate() {
        canonical(
            &mut e,
            format!("/municipalities/{i}"),
            "invalid_teryt",
            Some(m),
            Teryt::parse,
        );
    }
    for (i, h) in s.schedule.iter().enumerate() {
        if !hours_valid(h.weekday, &h.opens, &h.closes) {
            e.push(err(
                format!("/schedule/{i}"),
                "invalid_opening_hours",
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
            e.push(err(
                format!("/schedule_exceptions/{i}"),
                "invalid_opening_hours",
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
    use crate::services::seed::demo;

    #[test]
    fn rejects_non_canonical_and_invalid_values() {
        let d = demo().expect("demo");
        let mut o = d.organizations[0].clone();
        o.nip = Some("1234567890".into());
        o.locations[0].postal_code = Some("05900".into());
        let codes: Vec<String> = organization(&o).into_iter().map(|e| e.code).collect();
        assert!(codes.contains(&"invalid_nip".to_owned()), "{codes:?}");
        assert!(
            codes.contains(&"invalid_postal_code".to_owned()),
            "{codes:?}"
        );

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
}
