//! Import of the parts of an HSDS service that map to okienko vocabularies and values:
//! attributes, schedules, languages, cost options and service areas.

use super::import_org::term_in;
use super::lenient::{Report, child, text, unmapped, value_text};
use super::types::{HsdsAttribute, HsdsCostOption, HsdsLanguage, HsdsServiceArea};
use super::vocab::{
    TAXONOMY_AREA, TAXONOMY_CATEGORY, TAXONOMY_DELIVERY_MODE, TAXONOMY_FIELD,
    TAXONOMY_TARGET_GROUP, language_code,
};
use crate::directory::{Cost, DeliveryMode, ScheduleException, Vocabulary, vocabulary};
use crate::domain::Teryt;
use crate::error::ErrorCode;
use chrono::NaiveDate;
use serde_json::{Map, Value};

/// What a service's attributes say.
#[derive(Debug, Default)]
pub(super) struct AttributeValues {
    pub(super) areas: Vec<String>,
    pub(super) categories: Vec<String>,
    pub(super) target_groups: Vec<String>,
    pub(super) delivery_modes: Vec<DeliveryMode>,
    pub(super) means_tested: bool,
    pub(super) capacity: Option<u32>,
    pub(super) waiting_days: Option<u32>,
    pub(super) valid_from: Option<NaiveDate>,
    pub(super) valid_to: Option<NaiveDate>,
    pub(super) schedule_exceptions: Vec<ScheduleException>,
    /// The cost as okienko exported it (`Some(None)`: explicitly unknown).
    pub(super) cost: Option<Option<Cost>>,
    /// Attributes okienko could not map, as they came.
    pub(super) unmapped: Vec<Value>,
}

pub(super) fn push_unique<T: PartialEq>(list: &mut Vec<T>, item: T) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Reads the service attributes at `pointer` (`/attributes`); `raw` is the raw array.
pub(super) fn read_attributes(
    attributes: &[HsdsAttribute],
    raw: Option<&Value>,
    pointer: &str,
    report: &mut Report,
) -> AttributeValues {
    let vocabulary = vocabulary();
    let mut out = AttributeValues::default();
    for (i, attribute) in attributes.iter().enumerate() {
        let ptr = child(pointer, i);
        let code_ptr = child(&child(&ptr, "taxonomy_term"), "code");
        let value_ptr = child(&ptr, "value");
        let lists = [
            (
                TAXONOMY_CATEGORY,
                &vocabulary.categories,
                &mut out.categories,
            ),
            (
                TAXONOMY_TARGET_GROUP,
                &vocabulary.target_groups,
                &mut out.target_groups,
            ),
            (TAXONOMY_AREA, &vocabulary.areas, &mut out.areas),
        ];
        let mut handled = false;
        for (taxonomy, terms, list) in lists {
            if let Some(code) = term_in(attribute, taxonomy) {
                handled = true;
                if terms.iter().any(|t| t.code == code) {
                    push_unique(list, code);
                } else {
                    report.push(
                        &code_ptr,
                        ErrorCode::InvalidValue,
                        format!("'{code}' is not in {taxonomy}."),
                    );
                }
            }
        }
        if handled {
            continue;
        }
        if let Some(code) = term_in(attribute, TAXONOMY_DELIVERY_MODE) {
            match DeliveryMode::parse(&code) {
                Some(mode) => push_unique(&mut out.delivery_modes, mode),
                None => report.push(
                    &code_ptr,
                    ErrorCode::InvalidValue,
                    format!("'{code}' is not a delivery mode."),
                ),
            }
            continue;
        }
        if let Some(code) = term_in(attribute, TAXONOMY_FIELD) {
            if read_field(&code, &attribute.value, &value_ptr, &mut out, report) {
                continue;
            }
        } else if let Some(term) = &attribute.taxonomy_term {
            // A term of another taxonomy: map it when its name or code is one of ours.
            let keys = [text(&term.name), value_text(&term.code)];
            let found = [
                (&vocabulary.categories, &mut out.categories),
                (&vocabulary.target_groups, &mut out.target_groups),
                (&vocabulary.areas, &mut out.areas),
            ]
            .into_iter()
            .find_map(|(terms, list)| {
                keys.iter()
                    .flatten()
                    .find_map(|k| Vocabulary::find(terms, k))
                    .map(|t| (t, list))
            });
            if let Some((term, list)) = found {
                push_unique(list, term.code.clone());
                continue;
            }
        }
        out.unmapped
            .push(raw.and_then(|r| r.get(i)).cloned().unwrap_or_default());
    }
    out
}

/// Reads one `okienko:field` attribute; `false` when the field is unknown.
fn read_field(
    code: &str,
    value: &Option<Value>,
    pointer: &str,
    out: &mut AttributeValues,
    report: &mut Report,
) -> bool {
    let raw = value_text(value).unwrap_or_default();
    let invalid = |report: &mut Report, expected: &str| {
        report.push(
            pointer,
            ErrorCode::InvalidValue,
            format!("{code}: '{raw}' is not {expected}."),
        );
    };
    match code {
        "means_tested" => match raw.to_lowercase().as_str() {
            "true" | "1" | "yes" | "tak" => out.means_tested = true,
            "false" | "0" | "no" | "nie" => out.means_tested = false,
            _ => invalid(report, "true or false"),
        },
        "capacity" | "waiting_days" => match raw.parse::<u32>() {
            Ok(n) if code == "capacity" => out.capacity = Some(n),
            Ok(n) => out.waiting_days = Some(n),
            Err(_) => invalid(report, "a whole number"),
        },
        "valid_from" | "valid_to" => match NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
            Ok(date) if code == "valid_from" => out.valid_from = Some(date),
            Ok(date) => out.valid_to = Some(date),
            Err(_) => invalid(report, "a date (YYYY-MM-DD)"),
        },
        "cost" => match raw.as_str() {
            "unknown" => out.cost = Some(None),
            code => match Cost::parse(code) {
                Some(cost) => out.cost = Some(Some(cost)),
                None => invalid(report, "free, partly_paid, paid or unknown"),
            },
        },
        "schedule_exceptions" => {
            let parsed = match value {
                Some(Value::Array(_)) => value.clone().map(serde_json::from_value).transpose(),
                _ => serde_json::from_str(&raw).map(Some),
            };
            match parsed {
                Ok(list) => out.schedule_exceptions = list.unwrap_or_default(),
                Err(_) => invalid(report, "a JSON array of schedule exceptions"),
            }
        }
        _ => return false,
    }
    true
}

/// ISO 639-1 codes of the languages; those okienko cannot name are returned as they came.
pub(super) fn read_languages(
    languages: &[HsdsLanguage],
    raw: Option<&Value>,
) -> (Vec<String>, Vec<Value>) {
    let mut codes = Vec::new();
    let mut kept = Vec::new();
    for (i, language) in languages.iter().enumerate() {
        match language_code(
            text(&language.code).as_deref(),
            text(&language.name).as_deref(),
        ) {
            Some(code) => push_unique(&mut codes, code),
            None => kept.push(raw.and_then(|r| r.get(i)).cloned().unwrap_or_default()),
        }
    }
    (codes, kept)
}

/// The cost from cost options, then from the fee texts; and whether the options say more
/// than okienko keeps (then the caller keeps them as they came).
pub(super) fn read_cost(
    options: &[HsdsCostOption],
    raw: Option<&Value>,
    texts: &[Option<String>],
) -> (Option<Cost>, bool) {
    const PARTLY: &[&str] = &["częściow", "zależn", "partly", "partial", "sliding"];
    const FREE: &[&str] = &["free", "bezpłat", "nieodpłat", "gratis"];
    const PAID: &[&str] = &["paid", "płatn", "odpłatn"];
    let mentions = |text: &str, words: &[&str]| {
        let text = text.to_lowercase();
        words.iter().any(|w| text.contains(w))
    };
    let (mut free, mut paid, mut partly, mut lossy) = (false, false, false, false);
    for (i, option) in options.iter().enumerate() {
        let label = text(&option.option).unwrap_or_default();
        let amount =
            value_text(&option.amount).and_then(|a| a.replace(',', ".").parse::<f64>().ok());
        if mentions(&label, PARTLY) {
            partly = true;
        } else if amount == Some(0.0) || mentions(&label, FREE) {
            free = true;
        } else if amount.is_some_and(|a| a > 0.0) || mentions(&label, PAID) {
            paid = true;
        }
        let standard = ["free", "partly paid", "paid"].contains(&label.as_str())
            && text(&option.currency).is_none_or(|c| c.eq_ignore_ascii_case("PLN"))
            && unmapped(
                raw.and_then(|r| r.get(i)),
                &["id", "service_id", "option", "currency"],
            )
            .is_empty();
        lossy |= !standard;
    }
    let cost = if partly || (free && paid) {
        Some(Cost::PartlyPaid)
    } else if paid {
        Some(Cost::Paid)
    } else if free {
        Some(Cost::Free)
    } else {
        let texts: Vec<&str> = texts.iter().flatten().map(String::as_str).collect();
        if texts.iter().any(|t| mentions(t, PARTLY)) {
            Some(Cost::PartlyPaid)
        } else if texts
            .iter()
            .any(|t| mentions(t, &["bezpłat", "free", "nieodpłat"]))
        {
            Some(Cost::Free)
        } else {
            None
        }
    };
    (cost, lossy)
}

/// TERYT codes of the service areas at `pointer`; areas of other kinds are returned as they came.
pub(super) fn read_service_areas(
    areas: &[HsdsServiceArea],
    raw: Option<&Value>,
    pointer: &str,
    report: &mut Report,
) -> (Vec<String>, Vec<Value>) {
    let mut codes = Vec::new();
    let mut kept = Vec::new();
    for (i, area) in areas.iter().enumerate() {
        let ptr = child(pointer, i);
        let teryt_type = text(&area.extent_type)
            .is_some_and(|t| t.eq_ignore_ascii_case("teryt") || t.eq_ignore_ascii_case("terc"));
        let extent = value_text(&area.extent).filter(|_| teryt_type);
        let name =
            text(&area.name).filter(|n| n.len() == 7 && n.chars().all(|c| c.is_ascii_digit()));
        let (code, key) = match (extent, name) {
            (Some(code), _) => (code, "extent"),
            (None, Some(code)) => (code, "name"),
            (None, None) => {
                kept.push(raw.and_then(|r| r.get(i)).cloned().unwrap_or_default());
                continue;
            }
        };
        match Teryt::parse(&code) {
            Ok(teryt) => push_unique(&mut codes, teryt.as_str().to_owned()),
            Err(_) => report.push(
                &child(&ptr, key),
                ErrorCode::InvalidTeryt,
                format!("'{code}' is not a TERYT TERC code (7 digits)."),
            ),
        }
    }
    (codes, kept)
}

/// Days from a `wait_time` like `14`, `"14"` or `"14 dni"`; text saying more is kept in
/// `extra["wait_time"]`.
pub(super) fn read_wait_time(raw: &Option<Value>, extra: &mut Map<String, Value>) -> Option<u32> {
    let text = value_text(raw)?;
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let days = digits.parse::<u32>().ok();
    let unit = text[digits.len()..].trim().to_lowercase();
    let only_days = ["", "d", "dni", "dzień", "dzien", "day", "days"].contains(&unit.as_str());
    if days.is_none() || !only_days {
        extra.insert("wait_time".into(), text.into());
    }
    days
}
