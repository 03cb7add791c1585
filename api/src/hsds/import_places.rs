//! Import of HSDS locations and contacts (→ okienko locations and liaisons) and of the
//! contact data shared by several objects (e-mail, phone).

use super::lenient::{MappedId, Report, child, nested_id, number, text, unmapped, value_text};
use super::types::{HsdsContact, HsdsLocation, HsdsPhone};
use super::vocab::TAXONOMY_FIELD;
use crate::directory::{Liaison, Location};
use crate::domain::{Coordinates, Email, Phone, PostalCode, Teryt};
use crate::error::ErrorCode;
use serde_json::{Map, Value};
use uuid::Uuid;

/// Keys of an HSDS phone that okienko maps (everything else makes the phone list lossy).
const PHONE_KEYS: &[&str] = &[
    "id",
    "number",
    "type",
    "organization_id",
    "service_id",
    "location_id",
    "contact_id",
    "service_at_location_id",
];
/// Keys of an HSDS address that okienko maps.
const ADDRESS_KEYS: &[&str] = &[
    "id",
    "location_id",
    "address_1",
    "address_2",
    "city",
    "state_province",
    "postal_code",
    "country",
    "address_type",
];

/// A validated e-mail address; `invalid_email` otherwise.
pub(super) fn email(raw: &Option<String>, pointer: &str, report: &mut Report) -> Option<String> {
    let raw = text(raw)?;
    match Email::parse(&raw) {
        Ok(email) => Some(email.as_str().to_owned()),
        Err(_) => {
            report.push(
                pointer,
                ErrorCode::InvalidEmail,
                format!("'{raw}' is not a valid e-mail address."),
            );
            None
        }
    }
}

/// The first phone's number in E.164; `invalid_phone` when it is not a phone number.
pub(super) fn first_phone(
    phones: &Option<Vec<HsdsPhone>>,
    pointer: &str,
    report: &mut Report,
) -> Option<String> {
    let number = value_text(&phones.as_ref()?.first()?.number)?;
    // Some feeds quote the number inside the string.
    let cleaned = number.trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
    match Phone::parse(cleaned) {
        Ok(phone) => Some(phone.as_str().to_owned()),
        Err(_) => {
            let pointer = child(&child(&child(pointer, "phones"), 0), "number");
            report.push(
                &pointer,
                ErrorCode::InvalidPhone,
                format!("'{number}' is not a valid phone number."),
            );
            None
        }
    }
}

/// Whether okienko keeps everything of an HSDS phone list: at most one phone, number only.
pub(super) fn phones_lossless(raw: Option<&Value>) -> bool {
    match raw {
        Some(Value::Array(items)) => {
            items.len() <= 1
                && items
                    .iter()
                    .all(|p| unmapped(Some(p), PHONE_KEYS).is_empty())
        }
        _ => true,
    }
}

/// Whether an address country is Poland (or not given).
fn is_polish(country: Option<&str>) -> bool {
    country.is_none_or(|c| {
        ["pl", "pol", "poland", "polska"].contains(&c.trim().to_lowercase().as_str())
    })
}

/// Locations and liaisons found in a record, deduplicated by id (first wins), and the HSDS
/// location data okienko has no field for (kept in the organization's `extra`).
#[derive(Debug, Default)]
pub(super) struct Places {
    /// Locations, in order of appearance.
    pub(super) locations: Vec<Location>,
    /// Liaisons, in order of appearance.
    pub(super) liaisons: Vec<Liaison>,
    /// Unmapped location data by location id (`extra["hsds_locations"]`).
    pub(super) stash: Map<String, Value>,
}

impl Places {
    /// Reads an HSDS location at `pointer`; `id_hint` is the linking `location_id`.
    pub(super) fn add_location(
        &mut self,
        loc: &HsdsLocation,
        raw: Option<&Value>,
        id_hint: &Option<Value>,
        parent: Uuid,
        pointer: &str,
        report: &mut Report,
    ) -> Uuid {
        let id_raw = if loc.id.is_some() { &loc.id } else { id_hint };
        let MappedId { id, original } = nested_id(id_raw, "location", parent, pointer, report);
        let mut stash = Map::new();
        if let Some(original) = original {
            stash.insert("hsds_id".into(), original.into());
        }
        let mut location = Location {
            id,
            name: text(&loc.name),
            street: None,
            postal_code: None,
            city: None,
            municipality: None,
            latitude: None,
            longitude: None,
            accessibility: None,
        };
        let addresses = loc.addresses.as_deref().unwrap_or_default();
        let chosen = addresses
            .iter()
            .position(|a| {
                a.address_type
                    .as_deref()
                    .is_some_and(|t| t.eq_ignore_ascii_case("physical"))
            })
            .unwrap_or(0);
        let mut polish = true;
        if let Some(address) = addresses.get(chosen) {
            let ptr = child(&child(pointer, "addresses"), chosen);
            let street = [text(&address.address_1), text(&address.address_2)];
            let street: Vec<String> = street.into_iter().flatten().collect();
            location.street = Some(street.join(", ")).filter(|s| !s.is_empty());
            location.city = text(&address.city);
            let country = text(&address.country);
            polish = is_polish(country.as_deref());
            if let (false, Some(country)) = (polish, country) {
                stash.insert("hsds_country".into(), country.into());
            }
            location.postal_code = match value_text(&address.postal_code) {
                Some(code) if polish => match PostalCode::parse(&code) {
                    Ok(code) => Some(code.as_str().to_owned()),
                    Err(_) => {
                        let detail = format!("'{code}' is not a Polish postal code (NN-NNN).");
                        report.push(
                            &child(&ptr, "postal_code"),
                            ErrorCode::InvalidPostalCode,
                            detail,
                        );
                        None
                    }
                },
                other => other,
            };
            let raw_addresses = raw.and_then(|r| r.get("addresses"));
            let raw_chosen = raw_addresses.and_then(|a| a.get(chosen));
            if addresses.len() > 1 || !unmapped(raw_chosen, ADDRESS_KEYS).is_empty() {
                stash.insert(
                    "addresses".into(),
                    raw_addresses.cloned().unwrap_or_default(),
                );
            }
        }
        read_coordinates(loc, &mut location, polish, pointer, report, &mut stash);
        let mut mapped = vec![
            "id",
            "name",
            "location_type",
            "latitude",
            "longitude",
            "addresses",
            "accessibility",
            "organization_id",
        ];
        let teryt_type = loc
            .external_identifier_type
            .as_deref()
            .map(|t| t.trim().to_lowercase());
        if matches!(teryt_type.as_deref(), Some("teryt" | "terc")) {
            mapped.extend(["external_identifier", "external_identifier_type"]);
            if let Some(code) = value_text(&loc.external_identifier) {
                match Teryt::parse(&code) {
                    Ok(teryt) => location.municipality = Some(teryt.as_str().to_owned()),
                    Err(_) => report.push(
                        &child(pointer, "external_identifier"),
                        ErrorCode::InvalidTeryt,
                        format!("'{code}' is not a TERYT TERC code (7 digits)."),
                    ),
                }
            }
        }
        let notes: Vec<String> = loc
            .accessibility
            .iter()
            .flatten()
            .flat_map(|a| [text(&a.description), text(&a.details)])
            .flatten()
            .collect();
        location.accessibility = Some(notes.join(" ")).filter(|s| !s.is_empty());
        if let Some(kind) = text(&loc.location_type).filter(|t| t != "physical") {
            stash.insert("location_type".into(), kind.into());
        }
        stash.extend(unmapped(raw, &mapped));
        if !self.locations.iter().any(|l| l.id == id) {
            if !stash.is_empty() {
                self.stash.insert(id.to_string(), Value::Object(stash));
            }
            self.locations.push(location);
        }
        id
    }

    /// Reads an HSDS contact at `pointer` as a liaison.
    pub(super) fn add_liaison(
        &mut self,
        contact: &HsdsContact,
        parent: Uuid,
        pointer: &str,
        report: &mut Report,
    ) -> Uuid {
        let id = nested_id(&contact.id, "contact", parent, pointer, report).id;
        let name = text(&contact.name).unwrap_or_default();
        let mut words: Vec<&str> = name.split_whitespace().collect();
        let last_name = words.pop().unwrap_or_default().to_owned();
        let mut deputy_id = None;
        for (i, attribute) in contact.attributes.iter().flatten().enumerate() {
            let Some(term) = &attribute.taxonomy_term else {
                continue;
            };
            let is_field = text(&term.taxonomy).is_some_and(|t| t == TAXONOMY_FIELD);
            if is_field && value_text(&term.code).is_some_and(|c| c == "deputy_id") {
                let ptr = child(&child(&child(pointer, "attributes"), i), "value");
                deputy_id = nested_deputy(&attribute.value, &ptr, report);
            }
        }
        let liaison = Liaison {
            id,
            first_name: words.join(" "),
            last_name,
            role: text(&contact.title),
            email: email(&contact.email, &child(pointer, "email"), report),
            phone: first_phone(&contact.phones, pointer, report),
            deputy_id,
        };
        if !self.liaisons.iter().any(|l| l.id == id) {
            self.liaisons.push(liaison);
        }
        id
    }
}

/// The deputy's id from an attribute value; `invalid_id` when it is not an id.
fn nested_deputy(raw: &Option<Value>, pointer: &str, report: &mut Report) -> Option<Uuid> {
    let mapped = super::lenient::map_id(raw, "contact", pointer, report);
    if mapped.is_none() && raw.is_none() {
        report.push(
            pointer,
            ErrorCode::InvalidId,
            "deputy_id needs the deputy's contact id as value.",
        );
    }
    mapped.map(|m| m.id)
}

/// Validates latitude and longitude. Bad coordinates of a foreign location are kept in
/// `stash` instead of failing the record.
fn read_coordinates(
    loc: &HsdsLocation,
    location: &mut Location,
    polish: bool,
    pointer: &str,
    report: &mut Report,
    stash: &mut Map<String, Value>,
) {
    let lat_ptr = child(pointer, "latitude");
    let lat = number(&loc.latitude, &lat_ptr, report);
    let lon = number(&loc.longitude, &child(pointer, "longitude"), report);
    if lat.is_none() && lon.is_none() {
        return;
    }
    match (lat, lon) {
        (Some(lat), Some(lon)) if Coordinates::parse(lat, lon).is_ok() => {
            location.latitude = Some(lat);
            location.longitude = Some(lon);
        }
        _ if !polish => {
            for key in ["latitude", "longitude"] {
                let raw = if key == "latitude" {
                    &loc.latitude
                } else {
                    &loc.longitude
                };
                if let Some(raw) = raw {
                    stash.insert(key.into(), raw.clone());
                }
            }
        }
        _ => report.push(
            &lat_ptr,
            ErrorCode::InvalidCoordinates,
            "Latitude must be within -90..90 and longitude within -180..180, both given.",
        ),
    }
}
