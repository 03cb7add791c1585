//! Referrals: a resident's (or the front desk's) request becomes a case with one referral per
//! service, each routed to a named liaison with a deadline in working days; liaisons answer
//! by API, panel or signed e-mail links; residents follow with a tracking code; every change
//! is an event, every notification goes through the outbox.
//!
//! The pure rules (lifecycle, routing, calendar, codes, links) are in their own modules; the
//! use cases are methods of [`Referrals`]: typed commands in, views or a [`ReferralError`]
//! out, no HTTP.

pub mod calendar;
mod create;
mod email_links;
mod error;
pub mod jobs;
mod lifecycle;
pub mod links;
pub mod mail;
mod notes;
mod notices;
mod reading;
pub mod refusals;
pub mod request;
pub mod routing;
mod settings;
mod slip;
pub mod status;
pub mod tracking;
pub mod views;

#[cfg(test)]
mod tests;

pub use email_links::{LinkRefusal, LinkState};
pub use error::ReferralError;
pub use lifecycle::Actor;
pub use notes::{NoteView, StaffNotice};
pub use reading::{Queue, ReferralListFilter};
pub use settings::{Absence, SettingsRequest, SettingsView, settings_of, settings_view};
pub use slip::Slip;
pub use status::{DeclineReason, Status};

use crate::clock::SharedClock;
use crate::persistence::writer::Writer;
use links::LinkSigner;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Working days to acknowledge when neither the service nor the organization says.
pub const DEFAULT_ACKNOWLEDGE_DAYS: u32 = 2;
/// Days after which a referral nobody acknowledged expires.
pub const EXPIRE_AFTER_DAYS: i64 = 30;

/// The referral use cases and what they work with: the database (and its group-commit
/// writers for new referrals and for the audit log of reads), the time, the signer of e-mail links and the public address
/// links point to.
#[derive(Clone)]
pub struct Referrals {
    db: DatabaseConnection,
    writer: Writer<create::NewCase>,
    audit_log: Writer<crate::persistence::audit_log::AuditRow>,
    clock: SharedClock,
    links: Arc<LinkSigner>,
    public_url: Arc<str>,
}

impl Referrals {
    /// The use cases over `db`; starts the writer task (on the current tokio runtime).
    pub fn new(
        db: DatabaseConnection,
        clock: SharedClock,
        links: Arc<LinkSigner>,
        public_url: Arc<str>,
    ) -> Self {
        Self {
            writer: Writer::spawn(db.clone()),
            audit_log: Writer::spawn(db.clone()),
            db,
            clock,
            links,
            public_url,
        }
    }

    /// The public address of the service, the base of links in e-mail.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }
}
