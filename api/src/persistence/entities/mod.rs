//! sea-orm models, one per table. Lists of codes and schedules are JSON text columns, so the
//! same schema runs on SQLite and PostgreSQL.

pub mod bundle;
pub mod bundle_service;
pub mod liaison;
pub mod location;
pub mod municipality;
pub mod organization;
pub mod service;
pub mod service_change;
pub mod service_location;
