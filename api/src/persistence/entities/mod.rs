//! sea-orm models, one per table. Lists of codes and schedules are JSON text columns, so the
//! same schema runs on SQLite and PostgreSQL.

pub mod audit_entry;
pub mod bundle;
pub mod bundle_service;
pub mod case;
pub mod change_log_horizon;
pub mod change_log_reader;
pub mod enquiry;
pub mod freshness_notice;
pub mod idempotency_key;
pub mod liaison;
pub mod liaison_absence;
pub mod location;
pub mod municipality;
pub mod need_table;
pub mod organization;
pub mod organization_draft;
pub mod outbox;
pub mod referral;
pub mod referral_event;
pub mod referral_note;
pub mod referral_setting;
pub mod refresh_token;
pub mod revision;
pub mod service;
pub mod service_change;
pub mod service_draft;
pub mod service_location;
pub mod staff_notice;
pub mod tenant;
pub mod used_link;
pub mod user;
