//! HTTP routes: thin handlers that parse input, call a use case and answer JSON.

pub(crate) mod auth;
pub(crate) mod catalog;
pub(crate) mod editing;
pub(crate) mod embed;
mod extract;
mod filters;
pub(crate) mod health;
pub(crate) mod hsds;
pub(crate) mod links;
pub mod needs;
pub(crate) mod organizations;
mod problems;
pub(crate) mod referrals;
pub(crate) mod search;
pub(crate) mod services;

pub use extract::{
    form_error_handler, json_error_handler, not_found, path_error_handler, query_error_handler,
};

use actix_web::web;

/// Registers every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    health::configure(cfg);
    auth::configure(cfg);
    services::configure(cfg);
    editing::configure(cfg);
    organizations::configure(cfg);
    search::configure(cfg);
    needs::configure(cfg);
    catalog::configure(cfg);
    referrals::configure(cfg);
    links::configure(cfg);
    embed::configure(cfg);
    hsds::configure(cfg);
    cfg.route("/docs", web::get().to(docs));
}

/// `/docs` → the interactive documentation at `/docs/` (served offline from the binary).
async fn docs() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}
