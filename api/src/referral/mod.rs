//! The referral domain: a resident's case, its referrals to named liaisons, their lifecycle,
//! tracking codes, signed e-mail links and the working-day calendar of deadlines.

pub mod calendar;
pub mod links;
pub mod routing;
pub mod status;
pub mod tracking;

pub use status::{DeclineReason, Status};
