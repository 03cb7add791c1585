//! The directory: organizations, their locations and liaisons, services and bundles.

pub mod hours;
mod kinds;
mod model;
pub mod ownership;
mod taxonomy;

pub use kinds::{Cost, DeliveryMode, OrganizationKind, ServiceStatus};
pub use model::{
    Bundle, Liaison, LiaisonContact, Location, Municipality, OpeningHours, Organization,
    OrganizationSummary, ScheduleException, Service, ServiceView,
};
pub use taxonomy::{Term, Vocabulary, vocabulary};
pub mod limits;
pub mod validate;
