//! Import of one HSDS 3.0 service record (fully nested) into okienko's directory model.

use super::import_links::{read_links, read_schedules};
use super::import_org::read_organization;
use super::import_parts::{
    read_attributes, read_cost, read_languages, read_service_areas, read_wait_time,
};
use super::import_places::{Places, email, first_phone, phones_lossless};
use super::lenient::{
    Report, deserialize_lenient, map_id, text, unmapped, value_text, web_url, whole,
};
use super::types::HsdsService;
use crate::directory::{Liaison, Location, Organization, Service, ServiceStatus};
use crate::error::{ErrorCode, FieldError};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

/// One HSDS service record mapped to okienko.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedService {
    /// The organization, when the record nests one; `None` when it only gives
    /// `organization_id` (the caller checks that organization exists).
    pub organization: Option<Organization>,
    /// The organization delivering the service.
    pub organization_id: Uuid,
    /// The service.
    pub service: Service,
    /// Locations the record brings when `organization` is `None` (to merge into the existing
    /// organization); empty otherwise, as they are in `organization.locations`.
    pub locations: Vec<Location>,
    /// Liaisons the record brings when `organization` is `None`; empty otherwise.
    pub liaisons: Vec<Liaison>,
}

/// Why one HSDS record cannot be imported: every invalid field found.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, thiserror::Error,
)]
#[error("HSDS record {} has {} invalid field(s)", id.as_deref().unwrap_or("without id"), errors.len())]
pub struct RecordError {
    /// The record's `id` as given, when it has one.
    pub id: Option<String>,
    /// The invalid fields, with JSON pointers into the record.
    pub errors: Vec<FieldError>,
}

/// HSDS service keys okienko maps; every other key is kept in `Service::extra`.
const SERVICE_KEYS: &[&str] = &[
    "id",
    "organization_id",
    "organization",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "application_process",
    "fees_description",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "wait_time",
    "schedules",
    "service_areas",
    "service_at_locations",
    "languages",
    "contacts",
    "attributes",
];

/// Maps one HSDS 3.0 service (fully nested, as in `service_full.json`) to okienko.
///
/// Ids are kept (UUIDs) or derived deterministically from non-UUID ids (the original is kept
/// in `extra["hsds_id"]`). Everything okienko has no field for is kept in `extra`. All invalid
/// fields of the record are reported together.
pub fn service_from_hsds(mut value: Value) -> Result<ImportedService, RecordError> {
    let record_id = value.get("id").and_then(|id| value_text(&Some(id.clone())));
    let mut report = Report::default();
    if !value.is_object() {
        report.push(
            "",
            ErrorCode::InvalidValue,
            "An HSDS service must be a JSON object.",
        );
        return Err(RecordError {
            id: None,
            errors: report.errors,
        });
    }
    let parsed = deserialize_lenient::<HsdsService>(&mut value, &mut report);
    let imported = parsed.map(|hsds| read_service(&hsds, &value, &mut report));
    match imported {
        Some(imported) if report.errors.is_empty() => Ok(imported),
        _ => Err(RecordError {
            id: record_id,
            errors: report.errors,
        }),
    }
}

/// Maps a parsed record; `raw` is the same record as JSON (for keys kept in `extra`).
fn read_service(hsds: &HsdsService, raw: &Value, report: &mut Report) -> ImportedService {
    let mut extra = Map::new();
    let mapped_id = map_id(&hsds.id, "service", "/id", report);
    if hsds.id.is_none() {
        report.push("/id", ErrorCode::MissingField, "The service needs an id.");
    }
    let name = text(&hsds.name);
    if name.is_none() {
        report.push(
            "/name",
            ErrorCode::MissingField,
            "The service needs a name.",
        );
    }
    let id = mapped_id.as_ref().map_or_else(Uuid::nil, |m| m.id);
    if let Some(original) = mapped_id.and_then(|m| m.original) {
        extra.insert("hsds_id".into(), original.into());
    }

    // The organization: nested, or referenced by organization_id.
    let org_ref = map_id(
        &hsds.organization_id,
        "organization",
        "/organization_id",
        report,
    );
    let mut places = Places::default();
    let organization = hsds.organization.as_ref().map(|org| {
        let fallback = org_ref.as_ref().map(|m| m.id);
        read_organization(
            org,
            raw.get("organization"),
            fallback,
            "/organization",
            &mut places,
            report,
        )
    });
    let organization_id = match (&organization, &org_ref) {
        (Some(org), Some(reference)) if org.id != reference.id => {
            let detail = "organization_id differs from the nested organization's id.";
            report.push("/organization_id", ErrorCode::InvalidId, detail);
            org.id
        }
        (Some(org), _) => org.id,
        (None, Some(reference)) => reference.id,
        (None, None) => {
            report.push(
                "/organization",
                ErrorCode::MissingField,
                "The service needs an organization or organization_id.",
            );
            Uuid::nil()
        }
    };

    let links = read_links(hsds, raw, id, &mut places, report);
    let location_ids = links.location_ids;
    let liaison_id = links.liaison_id;
    keep(&mut extra, "hsds_service_at_locations", links.kept);
    let (schedule, kept) = read_schedules(&links.schedules, report);
    keep(&mut extra, "hsds_schedules", kept);

    let attributes = read_attributes(
        hsds.attributes.as_deref().unwrap_or_default(),
        raw.get("attributes"),
        "/attributes",
        report,
    );
    keep(&mut extra, "hsds_attributes", attributes.unmapped.clone());
    let (languages, kept) = read_languages(
        hsds.languages.as_deref().unwrap_or_default(),
        raw.get("languages"),
    );
    keep(&mut extra, "hsds_languages", kept);
    let cost_texts = [
        text(&hsds.fees_description),
        raw.get("fees").and_then(|f| f.as_str()).map(str::to_owned),
    ];
    let cost_options = hsds.cost_options.as_deref().unwrap_or_default();
    let (cost, lossy) = read_cost(cost_options, raw.get("cost_options"), &cost_texts);
    let cost = attributes.cost.unwrap_or(cost);
    if lossy {
        extra.insert(
            "cost_options".into(),
            raw.get("cost_options").cloned().unwrap_or_default(),
        );
    }
    let (mut municipalities, kept) = read_service_areas(
        hsds.service_areas.as_deref().unwrap_or_default(),
        raw.get("service_areas"),
        "/service_areas",
        report,
    );
    keep(&mut extra, "hsds_service_areas", kept);
    if municipalities.is_empty() {
        for location in places
            .locations
            .iter()
            .filter(|l| location_ids.contains(&l.id))
        {
            if let Some(code) = location
                .municipality
                .clone()
                .filter(|c| !municipalities.contains(c))
            {
                municipalities.push(code);
            }
        }
    }
    if municipalities.is_empty() {
        municipalities.extend(organization.as_ref().and_then(|o| o.municipality.clone()));
    }

    let status = match text(&hsds.status).map(|s| s.to_lowercase().replace(' ', "_")) {
        None => ServiceStatus::Active,
        Some(s) => ServiceStatus::parse(&s).unwrap_or_else(|| {
            let detail = "Status must be active, inactive, defunct or temporarily closed.";
            report.push("/status", ErrorCode::InvalidValue, detail);
            ServiceStatus::Active
        }),
    };
    let min_age = whole(&hsds.minimum_age, 150, "/minimum_age", report);
    let max_age = whole(&hsds.maximum_age, 150, "/maximum_age", report);
    if let (Some(min), Some(max)) = (min_age, max_age)
        && min > max
    {
        report.push(
            "/maximum_age",
            ErrorCode::InvalidValue,
            "maximum_age is below minimum_age.",
        );
    }
    let waiting_days = read_wait_time(&hsds.wait_time, &mut extra);
    let waiting_days = attributes.waiting_days.or(waiting_days);
    let last_verified_at = text(&hsds.assured_date).and_then(|d| {
        let parsed = d
            .get(..10)
            .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok());
        if parsed.is_none() {
            report.push(
                "/assured_date",
                ErrorCode::InvalidValue,
                format!("'{d}' is not a date (YYYY-MM-DD)."),
            );
        }
        parsed
    });
    let mut mapped: Vec<&str> = SERVICE_KEYS.to_vec();
    if !lossy {
        mapped.push("cost_options");
    }
    if phones_lossless(raw.get("phones")) {
        mapped.push("phones");
    }
    if hsds.organization.is_none() && !places.stash.is_empty() {
        // No organization to keep them with: the service keeps them.
        let stash = std::mem::take(&mut places.stash);
        extra.insert("hsds_locations".into(), Value::Object(stash));
    }
    let mut rest = unmapped(Some(raw), &mapped);
    rest.extend(extra);

    let service = Service {
        id,
        organization_id,
        name: name.unwrap_or_default(),
        alternate_name: text(&hsds.alternate_name),
        description: text(&hsds.description),
        areas: attributes.areas,
        categories: attributes.categories,
        target_groups: attributes.target_groups,
        eligibility: text(&hsds.eligibility_description),
        min_age,
        max_age,
        cost,
        cost_note: text(&hsds.fees_description),
        means_tested: attributes.means_tested,
        languages,
        delivery_modes: attributes.delivery_modes,
        capacity: attributes.capacity,
        status,
        valid_from: attributes.valid_from,
        valid_to: attributes.valid_to,
        last_verified_at,
        application: text(&hsds.application_process),
        waiting_days,
        url: text(&hsds.url).map(|u| web_url(&u)),
        email: email(&hsds.email, "/email", report),
        phone: first_phone(&hsds.phones, "", report),
        municipalities,
        location_ids,
        liaison_id,
        schedule,
        schedule_exceptions: attributes.schedule_exceptions,
        extra: rest,
    };
    let (organization, locations, liaisons) = match organization {
        Some(mut org) => {
            org.locations = places.locations;
            org.liaisons = places.liaisons;
            if !places.stash.is_empty() {
                org.extra
                    .insert("hsds_locations".into(), Value::Object(places.stash));
            }
            (Some(org), Vec::new(), Vec::new())
        }
        None => (None, places.locations, places.liaisons),
    };
    ImportedService {
        organization,
        organization_id,
        service,
        locations,
        liaisons,
    }
}

/// Inserts a non-empty list into `extra`.
fn keep(extra: &mut Map<String, Value>, key: &str, values: Vec<Value>) {
    if !values.is_empty() {
        extra.insert(key.into(), Value::Array(values));
    }
}
