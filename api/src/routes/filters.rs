//! Validating filter values from the query string; each bad value is `invalid_filter`.

use super::extract::truncate;
use crate::domain::Teryt;
use crate::error::{ApiError, ErrorCode};
use uuid::Uuid;

fn invalid(name: &str, raw: &str) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidFilter,
        format!("Nieznana wartość „{}” filtra {name}.", truncate(raw)),
        format!("Unknown value \"{}\" for filter {name}.", truncate(raw)),
    )
}

/// A vocabulary code accepted by `valid`.
pub fn code(
    raw: Option<&str>,
    name: &str,
    valid: impl Fn(&str) -> bool,
) -> Result<Option<String>, ApiError> {
    raw.map(|r| {
        let c = r.trim();
        if valid(c) {
            Ok(c.to_owned())
        } else {
            Err(invalid(name, r))
        }
    })
    .transpose()
}

/// A closed-set value parsed by `parse`.
pub fn parse_enum<T>(
    raw: Option<&str>,
    name: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, ApiError> {
    raw.map(|r| parse(r.trim()).ok_or_else(|| invalid(name, r)))
        .transpose()
}

/// A TERYT TERC code.
pub fn teryt(raw: Option<&str>, name: &str) -> Result<Option<String>, ApiError> {
    raw.map(|r| {
        Teryt::parse(r)
            .map(|t| t.as_str().to_owned())
            .map_err(|_| invalid(name, r))
    })
    .transpose()
}

/// A UUID.
pub fn uuid_filter(raw: Option<&str>, name: &str) -> Result<Option<Uuid>, ApiError> {
    raw.map(|r| Uuid::parse_str(r.trim()).map_err(|_| invalid(name, r)))
        .transpose()
}

/// Midnight (UTC) of a `YYYY-MM-DD` day, `days_later` days on (1 makes an inclusive end).
pub fn day(
    raw: Option<&str>,
    name: &str,
    days_later: u64,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, ApiError> {
    raw.map(|r| {
        chrono::NaiveDate::parse_from_str(r.trim(), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.checked_add_days(chrono::Days::new(days_later)))
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
            .ok_or_else(|| invalid(name, r))
    })
    .transpose()
}

/// A report's period: `from` and `to` as YYYY-MM-DD, by default the last 90 days to `today`;
/// `to` may not come before `from`.
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<(chrono::NaiveDate, chrono::NaiveDate), ApiError> {
    let date = |raw: Option<&str>, default: chrono::NaiveDate, name: &str| match raw {
        None => Ok(default),
        Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            ApiError::new(
                ErrorCode::InvalidQueryParameter,
                format!("{name}: data w formacie RRRR-MM-DD."),
                format!("{name}: a date as YYYY-MM-DD."),
            )
        }),
    };
    let from = date(from, today - chrono::Duration::days(90), "from")?;
    let to = date(to, today, "to")?;
    if to < from {
        return Err(ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "Data „to” jest wcześniejsza niż „from”.",
            "\"to\" is before \"from\".",
        ));
    }
    Ok((from, to))
}
