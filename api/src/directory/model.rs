//! The directory's records, as stored and as served.

use super::{Cost, DeliveryMode, OrganizationKind, ServiceStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

/// A gmina served by the CUS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Municipality {
    /// TERYT TERC code (7 digits).
    #[schema(example = "1499011")]
    pub teryt: String,
    /// Name of the gmina.
    pub name: String,
    /// Kind of gmina, e.g. "gmina miejska".
    pub kind: Option<String>,
    /// Powiat.
    pub county: Option<String>,
    /// Województwo.
    pub voivodeship: Option<String>,
}

/// A provider: the CUS, a municipal unit, an NGO, a social enterprise, a church charity, …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Organization {
    /// Identifier (the HSDS organization id).
    pub id: Uuid,
    /// Full official name.
    pub name: String,
    /// Short or everyday name.
    pub short_name: Option<String>,
    /// Kind of organization.
    pub kind: OrganizationKind,
    /// Mission, resources and audiences.
    pub description: Option<String>,
    /// TERYT code of the gmina of its seat.
    pub municipality: Option<String>,
    /// General e-mail.
    pub email: Option<String>,
    /// General phone, E.164.
    pub phone: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// KRS number (10 digits).
    pub krs: Option<String>,
    /// NIP (10 digits).
    pub nip: Option<String>,
    /// REGON (9 or 14 digits).
    pub regon: Option<String>,
    /// Places where it works.
    pub locations: Vec<Location>,
    /// Named contact persons; the first is the organization's default liaison.
    pub liaisons: Vec<Liaison>,
    /// Imported data okienko has no field for, kept as it came.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// A place where services are delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Location {
    /// Identifier (the HSDS location id).
    pub id: Uuid,
    /// Name of the place.
    pub name: Option<String>,
    /// Street and number.
    pub street: Option<String>,
    /// Postal code, NN-NNN.
    #[schema(example = "05-901")]
    pub postal_code: Option<String>,
    /// Town or village.
    pub city: Option<String>,
    /// TERYT code of its gmina.
    pub municipality: Option<String>,
    /// WGS84 latitude.
    pub latitude: Option<f64>,
    /// WGS84 longitude.
    pub longitude: Option<f64>,
    /// Accessibility notes (entrance, lift, toilet, induction loop…).
    pub accessibility: Option<String>,
}

/// A named person at an organization who answers for its services (osoba do kontaktu).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Liaison {
    /// Identifier.
    pub id: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Role at the organization.
    pub role: Option<String>,
    /// Work e-mail.
    pub email: Option<String>,
    /// Work phone, E.164.
    pub phone: Option<String>,
    /// The liaison standing in during absences.
    pub deputy_id: Option<Uuid>,
}

impl Liaison {
    /// "First Last".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

/// Regular opening hours on one weekday.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OpeningHours {
    /// 1 = Monday … 7 = Sunday.
    #[schema(minimum = 1, maximum = 7)]
    pub weekday: u8,
    /// Opening time, HH:MM.
    #[schema(example = "08:00")]
    pub opens: String,
    /// Closing time, HH:MM (24:00 = end of day).
    #[schema(example = "16:00")]
    pub closes: String,
}

/// A day with other hours than usual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ScheduleException {
    /// The day.
    pub date: NaiveDate,
    /// Closed all day.
    pub closed: bool,
    /// Opening time that day, when open.
    pub opens: Option<String>,
    /// Closing time that day, when open.
    pub closes: Option<String>,
    /// Why.
    pub note: Option<String>,
}

/// An offer (usługa) of one organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Service {
    /// Identifier (the HSDS service id).
    pub id: Uuid,
    /// The organization delivering it.
    pub organization_id: Uuid,
    /// Name.
    pub name: String,
    /// Other name residents may know it by.
    pub alternate_name: Option<String>,
    /// What the resident gets.
    pub description: Option<String>,
    /// Statutory areas (art. 2 ust. 1), codes from `/api/v1/categories`.
    pub areas: Vec<String>,
    /// Service categories, codes from `/api/v1/categories`.
    pub categories: Vec<String>,
    /// Target groups, codes from `/api/v1/categories`.
    pub target_groups: Vec<String>,
    /// Who may use it.
    pub eligibility: Option<String>,
    /// Minimum age in years.
    pub min_age: Option<u32>,
    /// Maximum age in years.
    pub max_age: Option<u32>,
    /// Cost to the resident.
    pub cost: Option<Cost>,
    /// Details of the cost.
    pub cost_note: Option<String>,
    /// Depends on income (kryterium dochodowe).
    pub means_tested: bool,
    /// Languages, ISO 639-1.
    pub languages: Vec<String>,
    /// How it is delivered.
    pub delivery_modes: Vec<DeliveryMode>,
    /// Places or people per month.
    pub capacity: Option<u32>,
    /// Whether it runs now.
    pub status: ServiceStatus,
    /// First day it is offered.
    pub valid_from: Option<NaiveDate>,
    /// Last day it is offered.
    pub valid_to: Option<NaiveDate>,
    /// When the partner last confirmed the offer is current.
    pub last_verified_at: Option<NaiveDate>,
    /// How to apply.
    pub application: Option<String>,
    /// Typical days from request to service.
    pub waiting_days: Option<u32>,
    /// Web page of the offer.
    pub url: Option<String>,
    /// E-mail for the offer.
    pub email: Option<String>,
    /// Phone for the offer, E.164.
    pub phone: Option<String>,
    /// TERYT codes of the gminy it serves.
    pub municipalities: Vec<String>,
    /// Where it is delivered.
    pub location_ids: Vec<Uuid>,
    /// Service-level liaison, overriding the organization's default.
    pub liaison_id: Option<Uuid>,
    /// Weekly opening hours.
    pub schedule: Vec<OpeningHours>,
    /// Days with other hours.
    pub schedule_exceptions: Vec<ScheduleException>,
    /// Imported data okienko has no field for, kept as it came.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
}

/// The organization as shown inside a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OrganizationSummary {
    /// Identifier.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: OrganizationKind,
    /// General phone.
    pub phone: Option<String>,
    /// General e-mail.
    pub email: Option<String>,
    /// Website.
    pub website: Option<String>,
}

/// The liaison as shown to the public: name, role and work contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LiaisonContact {
    /// Identifier.
    pub id: Uuid,
    /// Full name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Work e-mail.
    pub email: Option<String>,
    /// Work phone.
    pub phone: Option<String>,
}

impl From<&Liaison> for LiaisonContact {
    fn from(l: &Liaison) -> Self {
        Self {
            id: l.id,
            name: l.full_name(),
            role: l.role.clone(),
            email: l.email.clone(),
            phone: l.phone.clone(),
        }
    }
}

/// A service with everything a reader needs: organization, places, hours, liaison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ServiceView {
    /// The service itself.
    #[serde(flatten)]
    pub service: Service,
    /// Who delivers it.
    pub organization: OrganizationSummary,
    /// Where.
    pub locations: Vec<Location>,
    /// Who answers for it.
    pub liaison: Option<LiaisonContact>,
}

/// A curated set of services for a life situation (pakiet usług).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Bundle {
    /// Identifier.
    pub id: Uuid,
    /// Short code, e.g. "RODZINA+".
    pub code: String,
    /// Name.
    pub name: String,
    /// For whom and what.
    pub description: Option<String>,
    /// Services in the bundle, in order.
    pub service_ids: Vec<Uuid>,
}
