//! Liveness and readiness.

use crate::error::{ApiError, ErrorCode, Problem};
use crate::persistence;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(health).service(ready);
}

/// Liveness answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always "ok".
    pub status: &'static str,
}

/// Readiness answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// "ready".
    pub status: &'static str,
    /// "ok" when the database answers.
    pub database: &'static str,
    /// "ok" when the search index can be read.
    pub index: &'static str,
    /// Documents in the search index.
    pub indexed_services: u64,
}

/// Liveness: the process answers HTTP.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "Alive", body = Health)))]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Readiness: 200 only when the database and the search index are reachable.
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "Database or index unavailable", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let database = persistence::ping(&state.db).await;
    let writable = database && persistence::storage::is_writable(&state.db).await;
    let index = state.search.index.is_healthy();
    if !(writable && index) {
        return Err(ApiError::new(
            ErrorCode::NotReady,
            format!(
                "Baza danych: {}, zapis: {}, indeks: {}.",
                ok_or_down(database),
                ok_or_down(writable),
                ok_or_down(index)
            ),
            format!(
                "Database: {}, writes: {}, index: {}.",
                ok_or_down(database),
                ok_or_down(writable),
                ok_or_down(index)
            ),
        )
        .retry_after(1));
    }
    Ok(HttpResponse::Ok().json(Readiness {
        status: "ready",
        database: "ok",
        index: "ok",
        indexed_services: state.search.index.num_docs(),
    }))
}

fn ok_or_down(up: bool) -> &'static str {
    if up { "ok" } else { "down" }
}
