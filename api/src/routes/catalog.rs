//! Reference lists: categories (with areas and target groups), municipalities, bundles.

use crate::directory::{Bundle, Municipality, Term};
use crate::error::ApiError;
use crate::services::directory;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(categories)
        .service(municipalities)
        .service(bundles);
}

/// A vocabulary term with the number of active services carrying it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountedTerm {
    /// The term.
    #[serde(flatten)]
    pub term: Term,
    /// Active services with this term.
    pub services: u64,
}

/// The three vocabularies with counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct Categories {
    /// Service categories (KPRES catalogue and more).
    pub categories: Vec<CountedTerm>,
    /// Statutory areas (art. 2 ust. 1).
    pub areas: Vec<CountedTerm>,
    /// Target groups.
    pub target_groups: Vec<CountedTerm>,
}

/// Service categories, statutory areas and target groups, with counts of active services.
#[utoipa::path(get, path = "/api/v1/categories", tag = "directory",
    responses((status = 200, description = "The vocabularies", body = Categories)))]
#[get("/api/v1/categories")]
#[tracing::instrument(skip_all)]
pub async fn categories(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let (vocabulary, counts) = directory::categories(&state.db).await?;
    let counted = |prefix: &str, terms: &[Term]| -> Vec<CountedTerm> {
        terms
            .iter()
            .map(|t| CountedTerm {
                services: counts
                    .get(&format!("{prefix}:{}", t.code))
                    .copied()
                    .unwrap_or(0),
                term: t.clone(),
            })
            .collect()
    };
    Ok(HttpResponse::Ok().json(Categories {
        categories: counted("category", &vocabulary.categories),
        areas: counted("area", &vocabulary.areas),
        target_groups: counted("target_group", &vocabulary.target_groups),
    }))
}

/// The gminy served.
#[utoipa::path(get, path = "/api/v1/municipalities", tag = "directory",
    responses((status = 200, description = "Municipalities by name", body = Vec<Municipality>)))]
#[get("/api/v1/municipalities")]
#[tracing::instrument(skip_all)]
pub async fn municipalities(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(directory::municipalities(&state.db).await?))
}

/// Service bundles (pakiety usług) for life situations.
#[utoipa::path(get, path = "/api/v1/bundles", tag = "directory",
    responses((status = 200, description = "Bundles by code", body = Vec<Bundle>)))]
#[get("/api/v1/bundles")]
#[tracing::instrument(skip_all)]
pub async fn bundles(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(directory::bundles(&state.db).await?))
}
