//! Export of an okienko service as an HSDS 3.0 service, fully nested, valid against
//! `compiled/service.json`. Every nested id is an existing id or derived deterministically
//! (UUID v5), so exporting the same data twice gives the same document.

use super::export_parts::{
    attribute, contact, location, non_empty, organization_to_hsds, phones, split_name, texts_from,
    uuid,
};
use super::lenient::{derived_id, web_url};
use super::types::{
    HsdsAttribute, HsdsCostOption, HsdsLanguage, HsdsSchedule, HsdsService, HsdsServiceArea,
    HsdsServiceAtLocation,
};
use super::vocab::{
    TAXONOMY_AREA, TAXONOMY_CATEGORY, TAXONOMY_DELIVERY_MODE, TAXONOMY_FIELD,
    TAXONOMY_TARGET_GROUP, WEEKDAYS, delivery_mode_names, field_names, language_name,
};
use crate::directory::{Cost, Organization, ServiceStatus, ServiceView, Term, vocabulary};
use serde_json::Value;
use uuid::Uuid;

/// Text HSDS fields kept in `extra` on import, written back on export.
const SERVICE_TEXTS: &[&str] = &[
    "interpretation_services",
    "fees",
    "accreditations",
    "licenses",
    "alert",
];

/// The service `view` of `organization` as an HSDS 3.0 service with its organization,
/// locations, contacts, schedules and okienko's vocabularies as attributes.
pub fn service_to_hsds(view: &ServiceView, organization: &Organization) -> Value {
    let service = &view.service;
    let sid = service.id;
    let status = match service.status {
        ServiceStatus::TemporarilyClosed => "temporarily closed",
        other => other.as_str(),
    };
    let liaison = service.liaison_id.and_then(|id| {
        let found = organization.liaisons.iter().find(|l| l.id == id).cloned();
        found.or_else(|| view.liaison.as_ref().filter(|l| l.id == id).map(split_name))
    });
    let location_of = |id: &Uuid| {
        view.locations
            .iter()
            .chain(&organization.locations)
            .find(|l| l.id == *id)
    };
    let service_at_locations = service.location_ids.iter().map(|id| HsdsServiceAtLocation {
        id: Some(uuid(derived_id(&format!("{sid}/service_at_location/{id}")))),
        location_id: Some(uuid(*id)),
        location: location_of(id).map(|l| location(l, organization)),
        ..Default::default()
    });
    let schedules = service
        .schedule
        .iter()
        .enumerate()
        .filter_map(|(i, hours)| {
            let day = WEEKDAYS.get(usize::from(hours.weekday).checked_sub(1)?)?;
            Some(HsdsSchedule {
                id: Some(uuid(derived_id(&format!("{sid}/schedule/{i}")))),
                freq: Some("WEEKLY".into()),
                wkst: Some("MO".into()),
                byday: Some((*day).into()),
                opens_at: Some(hours.opens.clone()),
                closes_at: Some(hours.closes.clone()),
                ..Default::default()
            })
        });
    let service_areas = service.municipalities.iter().map(|code| HsdsServiceArea {
        id: Some(uuid(derived_id(&format!("{sid}/service_area/{code}")))),
        name: Some(code.clone()),
        extent: Some(code.clone().into()),
        extent_type: Some("teryt".into()),
        ..Default::default()
    });
    let languages = service.languages.iter().map(|code| HsdsLanguage {
        id: Some(uuid(derived_id(&format!("{sid}/language/{code}")))),
        code: Some(code.clone()),
        name: language_name(code).map(str::to_owned),
        ..Default::default()
    });
    let cost_options = service.cost.map(|cost| {
        let (option, currency) = match cost {
            Cost::Free => ("free", None),
            Cost::PartlyPaid => ("partly paid", Some("PLN".to_owned())),
            Cost::Paid => ("paid", Some("PLN".to_owned())),
        };
        vec![HsdsCostOption {
            id: Some(uuid(derived_id(&format!("{sid}/cost_option")))),
            option: Some(option.into()),
            currency,
            ..Default::default()
        }]
    });
    let hsds = HsdsService {
        id: Some(uuid(sid)),
        organization_id: Some(uuid(organization.id)),
        name: Some(service.name.clone()),
        alternate_name: service.alternate_name.clone(),
        description: service.description.clone(),
        url: service.url.as_deref().map(web_url),
        email: service.email.clone(),
        status: Some(status.into()),
        application_process: service.application.clone(),
        fees_description: service.cost_note.clone(),
        wait_time: service.waiting_days.map(|d| {
            Value::from(if d == 1 {
                "1 dzień".into()
            } else {
                format!("{d} dni")
            })
        }),
        eligibility_description: service.eligibility.clone(),
        minimum_age: service.min_age.map(Value::from),
        maximum_age: service.max_age.map(Value::from),
        assured_date: service
            .last_verified_at
            .map(|d| d.format("%Y-%m-%d").to_string()),
        organization: Some(organization_to_hsds(organization)),
        phones: phones(sid, service.phone.as_deref()),
        schedules: non_empty(schedules.collect()),
        service_areas: non_empty(service_areas.collect()),
        service_at_locations: non_empty(service_at_locations.collect()),
        languages: non_empty(languages.collect()),
        cost_options,
        contacts: liaison.map(|l| vec![contact(&l)]),
        attributes: non_empty(service_attributes(view)),
        other: texts_from(&service.extra, SERVICE_TEXTS),
    };
    serde_json::to_value(hsds).unwrap_or_default()
}

/// The okienko vocabularies and fields of a service as HSDS attributes.
fn service_attributes(view: &ServiceView) -> Vec<HsdsAttribute> {
    let service = &view.service;
    let vocabulary = vocabulary();
    let sid = service.id;
    let mut out = Vec::new();
    let lists = [
        (
            TAXONOMY_CATEGORY,
            &service.categories,
            &vocabulary.categories,
        ),
        (TAXONOMY_AREA, &service.areas, &vocabulary.areas),
        (
            TAXONOMY_TARGET_GROUP,
            &service.target_groups,
            &vocabulary.target_groups,
        ),
    ];
    for (taxonomy, codes, terms) in lists {
        for code in codes {
            let term: Option<&Term> = terms.iter().find(|t| &t.code == code);
            let (pl, en) = term.map_or((code.as_str(), ""), |t| (t.pl.as_str(), t.en.as_str()));
            out.push(attribute(sid, taxonomy, code, (pl, en), None));
        }
    }
    for mode in &service.delivery_modes {
        out.push(attribute(
            sid,
            TAXONOMY_DELIVERY_MODE,
            mode.as_str(),
            delivery_mode_names(*mode),
            None,
        ));
    }
    let exceptions = (!service.schedule_exceptions.is_empty())
        .then(|| serde_json::to_string(&service.schedule_exceptions).ok())
        .flatten();
    let fields = [
        (
            "means_tested",
            service.means_tested.then(|| "true".to_owned()),
        ),
        ("capacity", service.capacity.map(|n| n.to_string())),
        ("waiting_days", service.waiting_days.map(|n| n.to_string())),
        (
            "valid_from",
            service.valid_from.map(|d| d.format("%Y-%m-%d").to_string()),
        ),
        (
            "valid_to",
            service.valid_to.map(|d| d.format("%Y-%m-%d").to_string()),
        ),
        ("schedule_exceptions", exceptions),
        // Says "cost not known" where the import would otherwise guess it from the note.
        (
            "cost",
            (service.cost.is_none() && service.cost_note.is_some()).then(|| "unknown".to_owned()),
        ),
    ];
    for (code, value) in fields {
        if let Some(value) = value {
            out.push(attribute(
                sid,
                TAXONOMY_FIELD,
                code,
                field_names(code),
                Some(value),
            ));
        }
    }
    out
}
