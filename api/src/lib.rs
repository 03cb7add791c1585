//! okienko: the one-stop shop (jedno okienko) of a Polish Centrum Usług Społecznych.

pub mod access;
pub mod cli;
pub mod clock;
pub mod configuration;
pub mod csv;
pub mod digest;
pub mod directory;
pub mod domain;
pub mod editing;
pub mod embed;
pub mod enquiry;
pub mod error;
pub mod hsds;
pub mod html;
pub mod i18n;
#[cfg(test)]
mod layers;
pub mod middleware;
pub mod openapi;
pub mod outbox;
pub mod paging;
pub mod panel;
pub mod persistence;
pub mod progress;
pub mod referral;
pub mod routes;
pub mod schedule;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
