//! Rows to directory records and back.

use super::entities::{liaison, location, organization, service};
use crate::directory::{
    Cost, DeliveryMode, Liaison, Location, OpeningHours, Organization, OrganizationKind,
    ScheduleException, Service, ServiceStatus,
};
use anyhow::{Context, anyhow};
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use serde::{Serialize, de::DeserializeOwned};
use uuid::Uuid;

pub(super) fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

fn from_json<T: DeserializeOwned>(text: &str, what: &str) -> anyhow::Result<T> {
    serde_json::from_str(text).with_context(|| format!("corrupt JSON column {what}"))
}

fn to_i32(v: Option<u32>) -> Option<i32> {
    v.map(|n| i32::try_from(n).unwrap_or(i32::MAX))
}

fn to_u32(v: Option<i32>) -> Option<u32> {
    v.and_then(|n| u32::try_from(n).ok())
}

pub(super) fn organization_row(o: &Organization, now: DateTime<Utc>) -> organization::ActiveModel {
    organization::ActiveModel {
        id: Set(o.id),
        name: Set(o.name.clone()),
        short_name: Set(o.short_name.clone()),
        kind: Set(o.kind.as_str().to_owned()),
        description: Set(o.description.clone()),
        municipality: Set(o.municipality.clone()),
        email: Set(o.email.clone()),
        phone: Set(o.phone.clone()),
        website: Set(o.website.clone()),
        krs: Set(o.krs.clone()),
        nip: Set(o.nip.clone()),
        regon: Set(o.regon.clone()),
        extra: Set(to_json(&o.extra)),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

pub(super) fn location_row(l: &Location, organization_id: Uuid) -> location::ActiveModel {
    location::ActiveModel {
        id: Set(l.id),
        organization_id: Set(organization_id),
        name: Set(l.name.clone()),
        street: Set(l.street.clone()),
        postal_code: Set(l.postal_code.clone()),
        city: Set(l.city.clone()),
        municipality: Set(l.municipality.clone()),
        latitude: Set(l.latitude),
        longitude: Set(l.longitude),
        accessibility: Set(l.accessibility.clone()),
    }
}

pub(super) fn liaison_row(
    l: &Liaison,
    organization_id: Uuid,
    position: i32,
) -> liaison::ActiveModel {
    liaison::ActiveModel {
        id: Set(l.id),
        organization_id: Set(organization_id),
        position: Set(position),
        first_name: Set(l.first_name.clone()),
        last_name: Set(l.last_name.clone()),
        role: Set(l.role.clone()),
        email: Set(l.email.clone()),
        phone: Set(l.phone.clone()),
        deputy_id: Set(l.deputy_id),
    }
}

pub(super) fn service_row(s: &Service, now: DateTime<Utc>) -> service::ActiveModel {
    service::ActiveModel {
        id: Set(s.id),
        organization_id: Set(s.organization_id),
        name: Set(s.name.clone()),
        alternate_name: Set(s.alternate_name.clone()),
        description: Set(s.description.clone()),
        areas: Set(to_json(&s.areas)),
        categories: Set(to_json(&s.categories)),
        target_groups: Set(to_json(&s.target_groups)),
        eligibility: Set(s.eligibility.clone()),
        min_age: Set(to_i32(s.min_age)),
        max_age: Set(to_i32(s.max_age)),
        cost: Set(s.cost.map(|c| c.as_str().to_owned())),
        cost_note: Set(s.cost_note.clone()),
        means_tested: Set(s.means_tested),
        languages: Set(to_json(&s.languages)),
        delivery_modes: Set(to_json(&s.delivery_modes)),
        capacity: Set(to_i32(s.capacity)),
        status: Set(s.status.as_str().to_owned()),
        valid_from: Set(s.valid_from),
        valid_to: Set(s.valid_to),
        last_verified_at: Set(s.last_verified_at),
        application: Set(s.application.clone()),
        waiting_days: Set(to_i32(s.waiting_days)),
        url: Set(s.url.clone()),
        email: Set(s.email.clone()),
        phone: Set(s.phone.clone()),
        municipalities: Set(to_json(&s.municipalities)),
        liaison_id: Set(s.liaison_id),
        schedule: Set(to_json(&s.schedule)),
        schedule_exceptions: Set(to_json(&s.schedule_exceptions)),
        extra: Set(to_json(&s.extra)),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

pub(super) fn location_from_row(r: location::Model) -> Location {
    Location {
        id: r.id,
        name: r.name,
        street: r.street,
        postal_code: r.postal_code,
        city: r.city,
        municipality: r.municipality,
        latitude: r.latitude,
        longitude: r.longitude,
        accessibility: r.accessibility,
    }
}

pub(super) fn liaison_from_row(r: liaison::Model) -> Liaison {
    Liaison {
        id: r.id,
        first_name: r.first_name,
        last_name: r.last_name,
        role: r.role,
        email: r.email,
        phone: r.phone,
        deputy_id: r.deputy_id,
    }
}

pub(super) fn organization_from_row(
    r: organization::Model,
    locations: Vec<Location>,
    liaisons: Vec<Liaison>,
) -> anyhow::Result<Organization> {
    Ok(Organization {
        kind: OrganizationKind::parse(&r.kind).ok_or_else(|| anyhow!("unknown kind {}", r.kind))?,
        extra: from_json(&r.extra, "organizations.extra")?,
        id: r.id,
        name: r.name,
        short_name: r.short_name,
        description: r.description,
        municipality: r.municipality,
        email: r.email,
        phone: r.phone,
        website: r.website,
        krs: r.krs,
        nip: r.nip,
        regon: r.regon,
        locations,
        liaisons,
    })
}

pub(super) fn service_from_row(
    r: service::Model,
    location_ids: Vec<Uuid>,
) -> anyhow::Result<Service> {
    let cost = match r.cost.as_deref() {
        Some(c) => Some(Cost::parse(c).ok_or_else(|| anyhow!("unknown cost {c}"))?),
        None => None,
    };
    let delivery_modes: Vec<DeliveryMode> =
        from_json(&r.delivery_modes, "services.delivery_modes")?;
    let schedule: Vec<OpeningHours> = from_json(&r.schedule, "services.schedule")?;
    let schedule_exceptions: Vec<ScheduleException> =
        from_json(&r.schedule_exceptions, "services.schedule_exceptions")?;
    Ok(Service {
        status: ServiceStatus::parse(&r.status)
            .ok_or_else(|| anyhow!("unknown status {}", r.status))?,
        areas: from_json(&r.areas, "services.areas")?,
        categories: from_json(&r.categories, "services.categories")?,
        target_groups: from_json(&r.target_groups, "services.target_groups")?,
        languages: from_json(&r.languages, "services.languages")?,
        municipalities: from_json(&r.municipalities, "services.municipalities")?,
        extra: from_json(&r.extra, "services.extra")?,
        min_age: to_u32(r.min_age),
        max_age: to_u32(r.max_age),
        capacity: to_u32(r.capacity),
        waiting_days: to_u32(r.waiting_days),
        id: r.id,
        organization_id: r.organization_id,
        name: r.name,
        alternate_name: r.alternate_name,
        description: r.description,
        eligibility: r.eligibility,
        cost,
        cost_note: r.cost_note,
        means_tested: r.means_tested,
        delivery_modes,
        valid_from: r.valid_from,
        valid_to: r.valid_to,
        last_verified_at: r.last_verified_at,
        application: r.application,
        url: r.url,
        email: r.email,
        phone: r.phone,
        location_ids,
        liaison_id: r.liaison_id,
        schedule,
        schedule_exceptions,
    })
}
