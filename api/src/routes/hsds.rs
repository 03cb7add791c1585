//! HSDS 3.0 interface: `GET /hsds/services`, `GET /hsds/services/{id}`, and the staff
//! operation `POST /api/v1/import/hsds`.

use super::extract::{parse_id, read_body};
use crate::access::Role;
use crate::error::{AccessRefusals, ApiError, ErrorCode, Problem};
use crate::paging::Paging;
use crate::progress::Progress;
use crate::routes::extract::Caller;
use crate::services::hsds_import::{self, ImportError, ImportReport, ImportScope};
use crate::services::{directory, hsds_export};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, http::header, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Largest import body over HTTP; larger files go through `okienko import hsds FILE`.
pub const IMPORT_MAX_BYTES: usize = 32 * 1024 * 1024;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_hsds_services)
        .service(get_hsds_service)
        .service(import_hsds);
}

/// HSDS paging.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HsdsPageQuery {
    /// Page number, from 1.
    #[param(value_type = Option<u64>, minimum = 1)]
    page: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 100)]
    per_page: Option<String>,
}

/// The HSDS API list envelope.
#[derive(Debug, Serialize, ToSchema)]
pub struct HsdsPage {
    /// Items in total.
    pub total_items: u64,
    /// Pages in total.
    pub total_pages: u64,
    /// This page's number, from 1.
    pub page_number: u64,
    /// Items on this page.
    pub size: u64,
    /// Whether this is the first page.
    pub first_page: bool,
    /// Whether this is the last page.
    pub last_page: bool,
    /// Whether this page has no items.
    pub empty: bool,
    /// HSDS 3.0 service objects, fully nested.
    #[schema(value_type = Vec<Object>)]
    pub contents: Vec<serde_json::Value>,
}

/// Services as HSDS 3.0 objects, paged with the HSDS envelope.
#[utoipa::path(get, path = "/hsds/services", tag = "hsds", params(HsdsPageQuery),
    responses(
        (status = 200, description = "A page of HSDS services", body = HsdsPage),
        (status = 400, description = "Bad paging", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/hsds/services")]
#[tracing::instrument(skip_all)]
pub async fn list_hsds_services(
    state: web::Data<AppState>,
    query: web::Query<HsdsPageQuery>,
) -> Result<HttpResponse, ApiError> {
    let paging = Paging::parse(query.page.as_deref(), query.per_page.as_deref())?;
    let (views, total) = directory::list_services(&state.db, &Default::default(), paging).await?;
    let contents = hsds_export::to_hsds(&state.db, &views).await?;
    let total_pages = total.div_ceil(paging.per_page).max(1);
    Ok(HttpResponse::Ok().json(HsdsPage {
        total_items: total,
        total_pages,
        page_number: paging.page,
        size: contents.len() as u64,
        first_page: paging.page == 1,
        last_page: paging.page >= total_pages,
        empty: contents.is_empty(),
        contents,
    }))
}

/// One service as an HSDS 3.0 object.
#[utoipa::path(get, path = "/hsds/services/{id}", tag = "hsds",
    params(("id" = uuid::Uuid, Path, description = "Service id")),
    responses(
        (status = 200, description = "The HSDS service", body = Object),
        (status = 400, description = "Malformed id", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/hsds/services/{id}")]
#[tracing::instrument(skip_all, fields(service_id = %id))]
pub async fn get_hsds_service(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_id(&id)?;
    let view = directory::service(&state.db, id).await?;
    let mut contents = hsds_export::to_hsds(&state.db, std::slice::from_ref(&view)).await?;
    Ok(HttpResponse::Ok().json(contents.pop()))
}

/// Import HSDS 3.0 services (a JSON array or JSON Lines of fully nested service objects).
/// Records are upserted by their HSDS ids; invalid records are reported and skipped.
#[utoipa::path(post, path = "/api/v1/import/hsds", tag = "hsds",
    request_body(content = Vec<Object>, description = "HSDS service objects", content_type = "application/json"),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "Import report", body = ImportReport),
        (status = 400, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 32 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/import/hsds")]
#[tracing::instrument(skip_all)]
pub async fn import_hsds(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    // Coordinators import into their own tenant; only admins across tenants.
    let scope = if caller.0.role == Role::Admin {
        ImportScope::All
    } else {
        ImportScope::Tenant(caller.0.tenant_id)
    };
    require_json(&req)?;
    let bytes = read_body(&req, body, IMPORT_MAX_BYTES).await?;
    if let Err(e) = hsds_import::check_syntax(&bytes) {
        return Err(ApiError::new(
            ErrorCode::MalformedBody,
            format!(
                "Treść nie jest prawidłowym JSON (wiersz {}, kolumna {}).",
                e.line(),
                e.column()
            ),
            format!(
                "The body is not valid JSON (line {}, column {}).",
                e.line(),
                e.column()
            ),
        ));
    }
    let reader = std::io::Cursor::new(bytes);
    match hsds_import::import(
        &state.db,
        &state.search.index,
        reader,
        scope,
        false,
        Progress::hidden("import"),
        state.clock.as_ref(),
    )
    .await
    {
        Ok(report) => {
            tracing::info!(
                received = report.received,
                created = report.created,
                updated = report.updated,
                invalid = report.invalid,
                "HSDS import"
            );
            Ok(HttpResponse::Ok().json(report))
        }
        Err(ImportError::Syntax { source, .. }) => Err(ApiError::new(
            ErrorCode::MalformedBody,
            "Treść nie jest prawidłowym JSON.",
            format!(
                "The body is not valid JSON ({}).",
                crate::error::describe_json_error(&source)
            ),
        )),
        Err(ImportError::Unexpected(e)) => Err(ApiError::Unexpected(e)),
    }
}

/// The body must be JSON or JSON Lines (any `…json` media type), or carry no content type.
fn require_json(req: &HttpRequest) -> Result<(), ApiError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("?").to_ascii_lowercase());
    match content_type {
        None => Ok(()),
        Some(t)
            if t.split(';')
                .next()
                .is_some_and(|m| m.trim().ends_with("json")) =>
        {
            Ok(())
        }
        Some(t) => Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!(
                "Import przyjmuje JSON (application/json lub application/x-ndjson), nie {}.",
                super::extract::truncate(&t)
            ),
            format!(
                "Import takes JSON (application/json or application/x-ndjson), not {}.",
                super::extract::truncate(&t)
            ),
        )),
    }
}
