//! End-to-end tests: the real `okienko` binary, started on a random port, driven over HTTP.
//! SQLite by default; set `OKIENKO_TEST_DATABASE_URL=postgres://…/postgres` to run every test
//! against a fresh PostgreSQL database.

mod access;
mod cli;
mod crash;
mod directory;
mod embed;
mod enquiries;
mod faults;
mod freshness;
mod helpers;
mod hsds;
mod instances;
mod mailbox;
mod needs;
mod panel;
mod panel_desk;
mod problems;
mod receiver;
mod referrals;
mod relevance;
mod search;
mod security;
mod security_notifications;
mod security_sessions;
mod self_service;
mod track;

/// HTML-escapes like the embeddable pages do (for comparing names).
pub fn embed_escape(text: &str) -> String {
    okienko::html::escape(text)
}
