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
