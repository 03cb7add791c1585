//! HTTP routes: thin handlers that parse input, call a use case and answer JSON.

pub(crate) mod auth;
pub(crate) mod catalog;
pub(crate) mod editing;
pub(crate) mod embed;
pub(crate) mod enquiries;
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
    enquiries::configure(cfg);
    cfg.route("/docs", web::get().to(docs));
}

/// A report as JSON, or with `format=csv` as a CSV download named `{name}-{from}-{to}.csv`.
fn report_answer<T: serde::Serialize>(
    format: Option<&str>,
    report: &T,
    csv: impl FnOnce(&T) -> String,
    file: &str,
) -> Result<actix_web::HttpResponse, crate::error::ApiError> {
    use actix_web::http::header;
    match format {
        None | Some("json") => Ok(actix_web::HttpResponse::Ok().json(report)),
        Some("csv") => Ok(actix_web::HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}.csv\""),
            ))
            .body(csv(report))),
        Some(other) => Err(crate::error::ApiError::new(
            crate::error::ErrorCode::InvalidQueryParameter,
            format!(
                "Nieznany format „{}”: json albo csv.",
                extract::truncate(other)
            ),
            format!(
                "Unknown format \"{}\": json or csv.",
                extract::truncate(other)
            ),
        )),
    }
}

/// `/docs` → the interactive documentation at `/docs/` (served offline from the binary).
async fn docs() -> actix_web::HttpResponse {
    actix_web::HttpResponse::PermanentRedirect()
        .insert_header((actix_web::http::header::LOCATION, "/docs/"))
        .finish()
}
