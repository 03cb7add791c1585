//! Parse-once domain value types: once constructed, a value is known to be valid and canonical.

mod clock_time;
mod coordinates;
mod email;
mod error;
mod krs;
pub mod local_time;
pub mod network;
mod nip;
pub mod personal_data;
mod phone;
mod postal_code;
mod regon;
mod role;
mod teryt;

pub use clock_time::{ClockTime, Weekday};
pub use coordinates::Coordinates;
pub use email::Email;
pub use error::ParseError;
pub use krs::Krs;
pub use nip::Nip;
pub use phone::Phone;
pub use postal_code::PostalCode;
pub use regon::Regon;
pub use role::{DEFAULT_TENANT, Role};
pub use teryt::Teryt;
