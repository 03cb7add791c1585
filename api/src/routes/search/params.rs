//! The search's query parameters, parsed once into the use case's `SearchParams`: every
//! value checked, a clear problem for each bad one.

use super::{MAX_AGE, MAX_QUERY_CHARS, MAX_RADIUS_KM};
use crate::directory::{Cost, DeliveryMode, OrganizationKind, vocabulary};
use crate::error::{ApiError, ErrorCode};
use crate::paging::Paging;
use crate::routes::extract::truncate;
use crate::routes::filters::{code, parse_enum, teryt};
use crate::services::search::SearchParams;
use okienko_search::GeoFilter;
use serde::Deserialize;
use utoipa::IntoParams;

/// Search parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// What the resident typed, in any form (inflected, without Polish letters, with typos,
    /// Ukrainian, Russian or English need words). Up to 500 characters.
    q: Option<String>,
    /// TERYT code of a gmina.
    municipality: Option<String>,
    /// Category code.
    category: Option<String>,
    /// Statutory area code.
    area: Option<String>,
    /// Target-group code.
    target_group: Option<String>,
    /// Kind of organization.
    #[param(value_type = Option<OrganizationKind>)]
    organization_kind: Option<String>,
    /// Cost (`free` for free offers).
    #[param(value_type = Option<Cost>)]
    cost: Option<String>,
    /// Language of the service, ISO 639-1.
    language: Option<String>,
    /// How it is delivered.
    #[param(value_type = Option<DeliveryMode>)]
    delivery: Option<String>,
    /// Age of the person, years: only offers for that age.
    #[param(value_type = Option<u32>, maximum = 150)]
    age: Option<String>,
    /// Only offers open now (Polish time).
    #[param(value_type = Option<bool>)]
    open_now: Option<String>,
    /// Only offers with an accessibility description.
    #[param(value_type = Option<bool>)]
    accessible: Option<String>,
    /// Latitude of the resident (WGS84).
    #[param(value_type = Option<f64>, minimum = -90, maximum = 90)]
    lat: Option<String>,
    /// Longitude of the resident (WGS84).
    #[param(value_type = Option<f64>, minimum = -180, maximum = 180)]
    lon: Option<String>,
    /// Only offers with a place within this distance, km (needs lat and lon).
    #[param(value_type = Option<f64>, maximum = 500)]
    radius_km: Option<String>,
    /// `relevance` (default) or `distance` (needs lat and lon).
    sort: Option<String>,
    /// Page number, from 1.
    #[param(value_type = Option<u64>, minimum = 1)]
    page: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100)]
    per_page: Option<String>,
    /// Search the words exactly as typed, without replacing unknown words by known ones.
    #[param(value_type = Option<bool>)]
    as_typed: Option<String>,
    /// Explain each result: needs, corrections, dictionary phrases and fields that contributed
    /// (staff accounts only).
    #[param(value_type = Option<bool>)]
    explain: Option<String>,
}

fn bad(code: ErrorCode, pl: String, en: String) -> ApiError {
    ApiError::new(code, pl, en)
}

fn boolean(raw: Option<&str>, name: &str) -> Result<bool, ApiError> {
    match raw.map(|r| r.trim().to_ascii_lowercase()).as_deref() {
        None | Some("false" | "0" | "no" | "") => Ok(false),
        Some("true" | "1" | "yes") => Ok(true),
        Some(other) => Err(bad(
            ErrorCode::InvalidBoolean,
            format!(
                "Parametr {name} przyjmuje wartości true albo false, nie „{}”.",
                truncate(other)
            ),
            format!("{name} takes true or false, not \"{}\".", truncate(other)),
        )),
    }
}

fn number(
    raw: Option<&str>,
    name: &str,
    range: std::ops::RangeInclusive<f64>,
) -> Result<Option<f64>, ApiError> {
    raw.map(|r| match r.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && range.contains(&v) => Ok(v),
        _ => Err(bad(
            ErrorCode::InvalidGeo,
            format!(
                "Parametr {name} musi być liczbą od {} do {}.",
                range.start(),
                range.end()
            ),
            format!(
                "{name} must be a number from {} to {}.",
                range.start(),
                range.end()
            ),
        )),
    })
    .transpose()
}

/// The query text: cut to its first [`MAX_QUERY_CHARS`] characters (true when it was cut);
/// unbalanced quotes or brackets are refused.
pub fn query_text(raw: Option<&str>) -> Result<(String, bool), ApiError> {
    let q = raw.unwrap_or("").trim();
    let truncated = q.chars().count() > MAX_QUERY_CHARS;
    let q: String = if truncated {
        let cut: String = q.chars().take(MAX_QUERY_CHARS).collect();
        match cut.rfind(char::is_whitespace) {
            Some(space) if space > 0 => cut[..space].to_owned(),
            _ => cut,
        }
    } else {
        q.to_owned()
    };
    let quotes = q.chars().filter(|c| *c == '"').count();
    let mut depth: i32 = 0;
    for c in q.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            break;
        }
    }
    if !truncated && (quotes % 2 == 1 || depth != 0) {
        return Err(bad(
            ErrorCode::InvalidQuery,
            "Zapytanie ma niezamknięty cudzysłów lub nawias. Usuń go i spróbuj ponownie.".into(),
            "The query has an unbalanced quote or bracket. Remove it and try again.".into(),
        ));
    }
    Ok((q, truncated))
}

impl TryFrom<&SearchQuery> for SearchParams {
    type Error = ApiError;

    fn try_from(q: &SearchQuery) -> Result<Self, ApiError> {
        let paging = Paging::parse(q.page.as_deref(), q.per_page.as_deref())?;
        let v = vocabulary();
        let mut filters: Vec<(String, String)> = Vec::new();
        let mut push = |dimension: &str, value: Option<String>| {
            filters.extend(value.map(|c| (dimension.to_owned(), c)))
        };
        push(
            "municipality",
            teryt(q.municipality.as_deref(), "municipality")?,
        );
        push(
            "category",
            code(q.category.as_deref(), "category", |c| v.is_category(c))?,
        );
        push("area", code(q.area.as_deref(), "area", |c| v.is_area(c))?);
        push(
            "target_group",
            code(q.target_group.as_deref(), "target_group", |c| {
                v.is_target_group(c)
            })?,
        );
        push(
            "organization_kind",
            parse_enum(
                q.organization_kind.as_deref(),
                "organization_kind",
                OrganizationKind::parse,
            )?
            .map(|k| k.as_str().to_owned()),
        );
        push(
            "cost",
            parse_enum(q.cost.as_deref(), "cost", Cost::parse)?.map(|c| c.as_str().to_owned()),
        );
        push(
            "language",
            code(q.language.as_deref(), "language", |c| {
                c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase())
            })?,
        );
        push(
            "delivery",
            parse_enum(q.delivery.as_deref(), "delivery", DeliveryMode::parse)?
                .map(|d| d.as_str().to_owned()),
        );
        if boolean(q.accessible.as_deref(), "accessible")? {
            push("accessible", Some("yes".into()));
        }
        let age = q
            .age
            .as_deref()
            .map(|raw| match raw.trim().parse::<u32>() {
                Ok(a) if a <= MAX_AGE => Ok(a),
                _ => Err(bad(
                    ErrorCode::InvalidAge,
                    format!("Wiek musi być liczbą całkowitą od 0 do {MAX_AGE}."),
                    format!("age must be a whole number from 0 to {MAX_AGE}."),
                )),
            })
            .transpose()?;
        let lat = number(q.lat.as_deref(), "lat", -90.0..=90.0)?;
        let lon = number(q.lon.as_deref(), "lon", -180.0..=180.0)?;
        let radius_km = number(q.radius_km.as_deref(), "radius_km", 0.0..=MAX_RADIUS_KM)?;
        let by_distance = match q.sort.as_deref().map(str::trim) {
            None | Some("relevance") => false,
            Some("distance") => true,
            Some(other) => {
                return Err(bad(
                    ErrorCode::InvalidSort,
                    format!(
                        "Sortowanie „{}” nie istnieje; użyj relevance albo distance.",
                        truncate(other)
                    ),
                    format!(
                        "Unknown sort \"{}\"; use relevance or distance.",
                        truncate(other)
                    ),
                ));
            }
        };
        let geo = match (lat, lon) {
            (Some(lat), Some(lon)) => Some(GeoFilter {
                lat,
                lon,
                radius_km,
                by_distance,
            }),
            (None, None) if radius_km.is_none() && !by_distance => None,
            _ => {
                return Err(bad(
                    ErrorCode::InvalidGeo,
                    "Podaj oba parametry lat i lon (wymagane także przy radius_km i sort=distance).".into(),
                    "Give both lat and lon (radius_km and sort=distance need them too).".into(),
                ));
            }
        };
        let (text, truncated) = query_text(q.q.as_deref())?;
        Ok(SearchParams {
            q: text,
            truncated,
            as_typed: boolean(q.as_typed.as_deref(), "as_typed")?,
            explain: boolean(q.explain.as_deref(), "explain")?,
            brief: false,
            filters,
            age,
            open_now: boolean(q.open_now.as_deref(), "open_now")?,
            geo,
            page: paging.page,
            per_page: paging.per_page,
            // The API's facet labels are Polish, whatever the request's language.
            labels: crate::i18n::Lang::Pl,
        })
    }
}
