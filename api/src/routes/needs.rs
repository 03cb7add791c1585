//! `GET /api/v1/needs` (the needs table search classifies queries with) and
//! `PUT /api/v1/needs` (coordinators replace it; no reindexing).

use crate::error::AccessRefusals;
use crate::error::{ApiError, ErrorCode, FieldError, Problem};
use crate::routes::extract::Caller;
use crate::state::AppState;
use actix_web::{HttpResponse, get, put, web};
use okienko_search::needs::NeedsFile;
use serde_json::{Value, json};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(get_needs).service(put_needs);
}

fn answer(file: Option<&NeedsFile>, version: i64) -> HttpResponse {
    let mut body = serde_json::to_value(file).unwrap_or(Value::Null);
    if let Some(map) = body.as_object_mut() {
        map.insert("table_version".into(), json!(version));
    }
    HttpResponse::Ok().json(body)
}

/// The needs table: for each need its trigger phrases (pl, uk, ru, en), the categories that
/// answer it directly or adjoin it, and the helplines pinned for safety needs (with the source
/// each number was checked against). `table_version` is 0 for the built-in table.
#[utoipa::path(get, path = "/api/v1/needs", tag = "search",
    responses((status = 200, description = "The needs table", body = Object)))]
#[get("/api/v1/needs")]
#[tracing::instrument(skip_all)]
pub async fn get_needs(state: web::Data<AppState>) -> HttpResponse {
    answer(
        state.search.needs.get().file(),
        state.search.needs.version(),
    )
}

/// Replaces the needs table (coordinators): checked against the taxonomy, in force on every
/// instance within a second, without reindexing.
#[utoipa::path(put, path = "/api/v1/needs", tag = "search",
    request_body(content = Object, description = "The whole table, as GET returns it (`table_version` is ignored)"),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Stored and in force", body = Object),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown categories, groups or helplines, or a need without triggers", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/needs")]
#[tracing::instrument(skip_all)]
pub async fn put_needs(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let mut body = body.into_inner();
    if let Some(map) = body.as_object_mut() {
        map.remove("table_version");
    }
    let file: NeedsFile = serde_json::from_value(body).map_err(|e| {
        ApiError::validation(vec![FieldError::new(
            "",
            ErrorCode::InvalidValue,
            e.to_string(),
        )])
    })?;
    let version = state
        .search
        .needs
        .replace(&state.db, file, &caller.0.email, state.clock.now())
        .await?;
    Ok(answer(state.search.needs.get().file(), version))
}
