//! `GET /api/v1/search` and `GET /api/v1/suggest`; their query parameters are parsed in
//! `params.rs`.

mod params;

pub use params::{SearchQuery, query_text};

use crate::access::{Principal, Role};
use crate::error::{ApiError, ErrorCode, Problem};
use crate::services::search::{self, SearchParams, SearchResponse, Suggestions};
use crate::state::AppState;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

pub use crate::services::search::MAX_QUERY_CHARS;
/// Largest search radius, km.
pub const MAX_RADIUS_KM: f64 = 500.0;
/// Oldest age accepted in the `age` filter.
pub const MAX_AGE: u32 = 150;
/// Suggestions returned.
pub const SUGGESTIONS: usize = 8;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(search_services).service(suggest);
}

/// Search offers in Polish (and Ukrainian, Russian, English need words), with filters,
/// facets, distance and a fallback that never leaves the resident without an answer.
#[utoipa::path(
    get, path = "/api/v1/search", tag = "search",
    params(SearchQuery),
    responses(
        (status = 200, description = "Ranked offers, facets, corrections and fallback", body = SearchResponse),
        (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/search")]
#[tracing::instrument(skip_all)]
pub async fn search_services(
    state: web::Data<AppState>,
    query: web::Query<SearchQuery>,
    request: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let params = SearchParams::try_from(&*query)?;
    if params.explain {
        let role = request.extensions().get::<Principal>().map(|p| p.role);
        match role {
            Some(Role::Admin | Role::Coordinator | Role::FrontDesk) => {}
            Some(Role::Liaison) => {
                return Err(ApiError::new(
                    ErrorCode::Forbidden,
                    "Wyjaśnienie wyników jest dostępne dla pracowników CUS.",
                    "Explained results are for CUS staff.",
                ));
            }
            None => {
                return Err(ApiError::new(
                    ErrorCode::Unauthorized,
                    "Wyjaśnienie wyników wymaga zalogowania pracownika CUS.",
                    "Explained results need a CUS staff account.",
                ));
            }
        }
    }
    let body = search::search_json(&state.search, params).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}

/// Suggest parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SuggestQuery {
    /// What has been typed so far.
    q: Option<String>,
}

/// As-you-type completions: services and categories.
#[utoipa::path(
    get, path = "/api/v1/suggest", tag = "search",
    params(SuggestQuery),
    responses(
        (status = 200, description = "Completions", body = Suggestions),
        (status = 400, description = "Bad parameter", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api/v1/suggest")]
#[tracing::instrument(skip_all)]
pub async fn suggest(
    state: web::Data<AppState>,
    query: web::Query<SuggestQuery>,
) -> Result<HttpResponse, ApiError> {
    let (q, _) = query_text(query.q.as_deref())?;
    let body = search::suggest_json(&state.search, q, SUGGESTIONS).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body))
}
