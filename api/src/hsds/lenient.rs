//! Lenient reading of messy HSDS feeds: typed parsing that reports (instead of failing on)
//! wrongly typed fields, coercion of numbers sent as strings, ids and error collection.

use crate::error::{ErrorCode, FieldError};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use uuid::Uuid;

/// Namespace of every id okienko derives for HSDS data (UUID v5), so that importing or
/// exporting the same data twice gives the same ids.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6f6b_6965_6e6b_4f00_8000_6873_6473_3330);

/// A deterministic id derived from `name` in [`NAMESPACE`].
pub(super) fn derived_id(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// The field errors of one record; at most one error per pointer.
#[derive(Debug, Default)]
pub(super) struct Report {
    pub(super) errors: Vec<FieldError>,
}

impl Report {
    /// Records an error unless the same field already has one.
    pub(super) fn push(&mut self, pointer: &str, code: ErrorCode, detail: impl Into<String>) {
        if self.errors.iter().all(|e| e.pointer != pointer) {
            self.errors.push(FieldError::new(pointer, code, detail));
        }
    }
}

/// `pointer` extended by one key or index, escaped per RFC 6901.
pub(super) fn child(pointer: &str, key: impl std::fmt::Display) -> String {
    let key = key.to_string().replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{key}")
}

type Fits<'a> = dyn Fn(Value) -> Result<(), String> + 'a;

/// Deserializes `value` as `T`. Fields of the wrong type are reported as `invalid_value`
/// (with their pointer) and dropped, so that the rest of the record can still be checked.
pub(super) fn deserialize_lenient<T: DeserializeOwned>(
    value: &mut Value,
    report: &mut Report,
) -> Option<T> {
    let first_error = match T::deserialize(&*value) {
        Ok(parsed) => return Some(parsed),
        Err(e) => e.to_string(),
    };
    let fits = |v: Value| T::deserialize(v).map(|_| ()).map_err(|e| e.to_string());
    let mut bad = Vec::new();
    locate(&fits, value, "", &mut bad);
    if bad.is_empty() {
        report.push("", ErrorCode::InvalidValue, first_error);
        return None;
    }
    for (pointer, detail) in &bad {
        report.push(
            pointer,
            ErrorCode::InvalidValue,
            format!("Wrong type: {detail}."),
        );
        if let Some((parent, key)) = pointer.rsplit_once('/') {
            let key = key.replace("~1", "/").replace("~0", "~");
            match value.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&key);
                }
                Some(Value::Array(items)) => {
                    if let Some(item) = key.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                        *item = Value::Object(Map::new());
                    }
                }
                _ => {}
            }
        }
    }
    T::deserialize(&*value).ok()
}

/// Finds the smallest parts of `value` that make `fits` fail.
fn locate(fits: &Fits<'_>, value: &Value, pointer: &str, bad: &mut Vec<(String, String)>) {
    let Err(detail) = fits(value.clone()) else {
        return;
    };
    let before = bad.len();
    match value {
        Value::Object(map) if fits(Value::Object(Map::new())).is_ok() => {
            for (key, inner) in map {
                let wrap = |x: Value| fits(Value::Object(Map::from_iter([(key.clone(), x)])));
                locate(&wrap, inner, &child(pointer, key), bad);
            }
        }
        Value::Array(items) if fits(Value::Array(Vec::new())).is_ok() => {
            for (index, inner) in items.iter().enumerate() {
                let wrap = |x: Value| fits(Value::Array(vec![x]));
                locate(&wrap, inner, &child(pointer, index), bad);
            }
        }
        _ => {}
    }
    if bad.len() == before {
        bad.push((pointer.to_owned(), detail));
    }
}

/// A trimmed, non-empty string.
pub(super) fn text(raw: &Option<String>) -> Option<String> {
    raw.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A string or a number as trimmed, non-empty text (other types give `None`).
pub(super) fn value_text(raw: &Option<Value>) -> Option<String> {
    match raw {
        Some(Value::String(s)) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// A number sent as a number or as a numeric string (`"52,23"` too); `invalid_value` otherwise.
pub(super) fn number(raw: &Option<Value>, pointer: &str, report: &mut Report) -> Option<f64> {
    let parsed = match raw {
        None | Some(Value::Null) => return None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) if s.trim().is_empty() => return None,
        Some(Value::String(s)) => s.trim().replace(',', ".").parse::<f64>().ok(),
        Some(_) => None,
    };
    let parsed = parsed.filter(|n| n.is_finite());
    if parsed.is_none() {
        report.push(pointer, ErrorCode::InvalidValue, "Expected a number.");
    }
    parsed
}

/// A whole number in `0..=max`; `invalid_value` otherwise.
pub(super) fn whole(
    raw: &Option<Value>,
    max: u32,
    pointer: &str,
    report: &mut Report,
) -> Option<u32> {
    let n = number(raw, pointer, report)?;
    if n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n) {
        // Exact: a whole number within u32 range.
        Some(n as u32)
    } else {
        report.push(
            pointer,
            ErrorCode::InvalidValue,
            format!("Expected a whole number from 0 to {max}."),
        );
        None
    }
}

/// An HSDS id mapped to a UUID.
#[derive(Debug, Clone)]
pub(super) struct MappedId {
    /// The UUID okienko uses.
    pub(super) id: Uuid,
    /// The feed's id when it was not a UUID (kept as `hsds_id`).
    pub(super) original: Option<String>,
}

/// Maps the id of an `entity` (`"service"`, `"location"`, …): a UUID is kept, any other
/// string or number becomes `v5(NAMESPACE, "{entity}:{id}")`. `None` when absent; an id of
/// another type or a blank one is reported as `invalid_id`.
pub(super) fn map_id(
    raw: &Option<Value>,
    entity: &str,
    pointer: &str,
    report: &mut Report,
) -> Option<MappedId> {
    match raw {
        None | Some(Value::Null) => return None,
        Some(Value::String(_) | Value::Number(_)) => {}
        Some(_) => {
            report.push(
                pointer,
                ErrorCode::InvalidId,
                "An id must be a string (a UUID).",
            );
            return None;
        }
    }
    let Some(original) = value_text(raw) else {
        report.push(pointer, ErrorCode::InvalidId, "The id is blank.");
        return None;
    };
    Some(match Uuid::parse_str(&original) {
        Ok(id) => MappedId { id, original: None },
        Err(_) => MappedId {
            id: derived_id(&format!("{entity}:{original}")),
            original: Some(original),
        },
    })
}

/// A nested object's id, or one derived from its parent and position when it has none.
pub(super) fn nested_id(
    raw: &Option<Value>,
    entity: &str,
    parent: Uuid,
    pointer: &str,
    report: &mut Report,
) -> MappedId {
    map_id(raw, entity, pointer, report).unwrap_or_else(|| MappedId {
        id: derived_id(&format!("{parent}{pointer}")),
        original: None,
    })
}

/// The keys of the raw object `raw` that are neither in `mapped` nor empty (`null`, `""`, `[]`).
pub(super) fn unmapped(raw: Option<&Value>, mapped: &[&str]) -> Map<String, Value> {
    let Some(Value::Object(map)) = raw else {
        return Map::new();
    };
    map.iter()
        .filter(|(k, v)| !mapped.contains(&k.as_str()) && !is_empty(v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// `null`, a blank string, an empty array or an empty object.
pub(super) fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// A web address with a scheme (`https://` is added to bare host names).
pub(super) fn web_url(raw: &str) -> String {
    let raw = raw.trim();
    if raw.contains("://") || raw.starts_with("mailto:") {
        raw.to_owned()
    } else {
        format!("https://{raw}")
    }
}
