//! Parts of the HSDS export shared by the service and its organization: attributes, the
//! organization, locations, contacts, phones.

use super::lenient::{derived_id, web_url};
use super::types::{
    HsdsAccessibility, HsdsAddress, HsdsAttribute, HsdsContact, HsdsLocation, HsdsOrganization,
    HsdsOrganizationIdentifier, HsdsPhone, HsdsTaxonomyTerm,
};
use super::vocab::{
    TAXONOMY_FIELD, TAXONOMY_MUNICIPALITY, TAXONOMY_ORGANIZATION_KIND, field_names, kind_names,
    voivodeship,
};
use crate::directory::{Liaison, LiaisonContact, Location, Organization};
use serde_json::{Map, Value};
use uuid::Uuid;

/// Organization fields kept in `extra` on import, written back on export.
const ORGANIZATION_TEXTS: &[&str] = &["tax_status", "legal_status", "logo"];

/// An attribute of `owner` linking to okienko's term `code` of `taxonomy`.
pub(super) fn attribute(
    owner: Uuid,
    taxonomy: &str,
    code: &str,
    (pl, en): (&str, &str),
    value: Option<String>,
) -> HsdsAttribute {
    let term_id = derived_id(&format!("{taxonomy}:{code}"));
    HsdsAttribute {
        id: Some(uuid(derived_id(&format!(
            "{owner}/attribute/{taxonomy}:{code}"
        )))),
        taxonomy_term_id: Some(uuid(term_id)),
        value: value.map(Value::String),
        taxonomy_term: Some(HsdsTaxonomyTerm {
            id: Some(uuid(term_id)),
            code: Some(code.into()),
            name: Some(pl.into()),
            description: Some(en.into()),
            taxonomy: Some(taxonomy.into()),
            language: Some("pl".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The organization with its identifiers, kind, gmina, contacts and all its locations.
pub(super) fn organization_to_hsds(org: &Organization) -> HsdsOrganization {
    let identifiers = [("KRS", &org.krs), ("NIP", &org.nip), ("REGON", &org.regon)]
        .into_iter()
        .filter_map(|(kind, value)| {
            Some(HsdsOrganizationIdentifier {
                id: Some(uuid(derived_id(&format!("{}/identifier/{kind}", org.id)))),
                identifier_scheme: Some(format!("PL-{kind}")),
                identifier_type: Some(kind.into()),
                identifier: Some(value.clone()?.into()),
                ..Default::default()
            })
        });
    let mut attributes = vec![attribute(
        org.id,
        TAXONOMY_ORGANIZATION_KIND,
        org.kind.as_str(),
        kind_names(org.kind),
        None,
    )];
    if let Some(code) = &org.municipality {
        attributes.push(attribute(
            org.id,
            TAXONOMY_MUNICIPALITY,
            code,
            (code, "TERYT TERC"),
            None,
        ));
    }
    let mut other = texts_from(&org.extra, ORGANIZATION_TEXTS);
    if let Some(year) = org.extra.get("year_incorporated").filter(|y| y.is_number()) {
        other.insert("year_incorporated".into(), year.clone());
    }
    HsdsOrganization {
        id: Some(uuid(org.id)),
        name: Some(org.name.clone()),
        alternate_name: org.short_name.clone(),
        // Required by HSDS; empty when okienko has none.
        description: Some(org.description.clone().unwrap_or_default()),
        email: org.email.clone(),
        website: org.website.as_deref().map(web_url),
        phones: phones(org.id, org.phone.as_deref()),
        contacts: non_empty(org.liaisons.iter().map(contact).collect()),
        locations: non_empty(org.locations.iter().map(|l| location(l, org)).collect()),
        organization_identifiers: non_empty(identifiers.collect()),
        attributes: Some(attributes),
        other,
        ..Default::default()
    }
}

/// A location with its address (state_province = the voivodeship of its gmina when known).
pub(super) fn location(location: &Location, org: &Organization) -> HsdsLocation {
    let id = location.id;
    let stash = org
        .extra
        .get("hsds_locations")
        .and_then(|s| s.get(id.to_string()));
    let stashed = |key: &str| {
        stash
            .and_then(|s| s.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let has_address =
        location.street.is_some() || location.city.is_some() || location.postal_code.is_some();
    let gmina = location.municipality.as_ref().or(org.municipality.as_ref());
    let address = has_address.then(|| {
        vec![HsdsAddress {
            id: Some(uuid(derived_id(&format!("{id}/address")))),
            address_1: Some(location.street.clone().unwrap_or_default()),
            city: Some(location.city.clone().unwrap_or_default()),
            state_province: Some(
                gmina
                    .and_then(|g| voivodeship(g))
                    .unwrap_or_default()
                    .to_owned(),
            ),
            postal_code: Some(location.postal_code.clone().unwrap_or_default().into()),
            country: Some(stashed("hsds_country").unwrap_or_else(|| "PL".into())),
            address_type: Some("physical".into()),
            ..Default::default()
        }]
    });
    let (latitude, longitude) = match (location.latitude, location.longitude) {
        (Some(lat), Some(lon)) => (Some(Value::from(lat)), Some(Value::from(lon))),
        _ => (None, None),
    };
    HsdsLocation {
        id: Some(uuid(id)),
        location_type: Some(stashed("location_type").unwrap_or_else(|| "physical".into())),
        name: location.name.clone(),
        latitude,
        longitude,
        external_identifier: location.municipality.clone().map(Value::String),
        external_identifier_type: location.municipality.as_ref().map(|_| "TERYT".into()),
        addresses: address,
        accessibility: location.accessibility.clone().map(|text| {
            vec![HsdsAccessibility {
                id: Some(uuid(derived_id(&format!("{id}/accessibility")))),
                description: Some(text),
                ..Default::default()
            }]
        }),
        ..Default::default()
    }
}

/// A liaison as an HSDS contact (its deputy as an `okienko:field` attribute).
pub(super) fn contact(liaison: &Liaison) -> HsdsContact {
    let name = liaison.full_name();
    let deputy = liaison.deputy_id.map(|deputy| {
        vec![attribute(
            liaison.id,
            TAXONOMY_FIELD,
            "deputy_id",
            field_names("deputy_id"),
            Some(deputy.to_string()),
        )]
    });
    HsdsContact {
        id: Some(uuid(liaison.id)),
        name: (!name.is_empty()).then_some(name),
        title: liaison.role.clone(),
        email: liaison.email.clone(),
        phones: phones(liaison.id, liaison.phone.as_deref()),
        attributes: deputy,
        ..Default::default()
    }
}

/// A liaison from its public contact (the full organization record did not list it).
pub(super) fn split_name(contact: &LiaisonContact) -> Liaison {
    let mut words: Vec<&str> = contact.name.split_whitespace().collect();
    let last_name = words.pop().unwrap_or_default().to_owned();
    Liaison {
        id: contact.id,
        first_name: words.join(" "),
        last_name,
        role: contact.role.clone(),
        email: contact.email.clone(),
        phone: contact.phone.clone(),
        deputy_id: None,
    }
}

/// A one-phone list for `owner`.
pub(super) fn phones(owner: Uuid, number: Option<&str>) -> Option<Vec<HsdsPhone>> {
    number.map(|number| {
        vec![HsdsPhone {
            id: Some(uuid(derived_id(&format!("{owner}/phone")))),
            number: Some(number.into()),
            ..Default::default()
        }]
    })
}

/// The text values of `keys` in `extra`.
pub(super) fn texts_from(extra: &Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    keys.iter()
        .filter_map(|k| {
            extra
                .get(*k)
                .filter(|v| v.is_string())
                .map(|v| ((*k).to_owned(), v.clone()))
        })
        .collect()
}

/// An id as a JSON string.
pub(super) fn uuid(id: Uuid) -> Value {
    Value::String(id.to_string())
}

/// `None` for an empty list (HSDS has no `null`; absent is cleaner than `[]`).
pub(super) fn non_empty<T>(items: Vec<T>) -> Option<Vec<T>> {
    (!items.is_empty()).then_some(items)
}
