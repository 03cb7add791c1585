//! The embeddable search pages (`/embed…`) and their assets; the contact form in `contact.rs`.

pub mod contact;
pub mod track;

use super::extract::parse_id;
use crate::embed::{self, Context, FILTERS, RequestForm};
use crate::error::{ApiError, ErrorCode};
use crate::i18n::Lang;
use crate::services::{directory, indexing::STALE_AFTER_DAYS, search};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, http::header, web};
use uuid::Uuid;

const CSS: &str = include_str!("../../embed/assets/okienko.css");
const PAGE_JS: &str = include_str!("../../embed/assets/page.js");
const HOST_JS: &str = include_str!("../../embed/assets/okienko.js");
/// Results per page.
const PER_PAGE: u64 = 10;
/// Deepest page offered.
const MAX_PAGE: u64 = 1000;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(search_page)
        .service(detail_page)
        .service(contact::request_contact)
        .service(track::track_page)
        .service(track::track_case)
        .service(host_script)
        .service(asset);
}

type Params = web::Query<Vec<(String, String)>>;

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn context(req: &HttpRequest, params: &[(String, String)]) -> Context {
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Context::new(
        Lang::pick(param(params, "lang"), accept),
        param(params, "municipality"),
        param(params, "accent"),
    )
}

fn html(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// The search page of the embeddable search: works without JavaScript.
#[utoipa::path(get, path = "/embed", tag = "embed",
    params(
        ("q" = Option<String>, Query, description = "What the resident typed"),
        ("lang" = Option<String>, Query, description = "pl (default), uk or en; else Accept-Language"),
        ("municipality" = Option<String>, Query, description = "TERYT code the page is scoped to"),
        ("accent" = Option<String>, Query, description = "Accent colour #rrggbb (ignored when below 4.5:1 contrast on white)"),
        ("category" = Option<String>, Query, description = "Filter, as in the search API (also target_group, cost, delivery, language, organization_kind)"),
        ("page" = Option<u64>, Query, description = "Result page, from 1"),
        ("as_typed" = Option<String>, Query, description = "1: search the words as typed, without corrections"),
    ),
    responses((status = 200, description = "The page", content_type = "text/html", body = String)))]
#[get("/embed")]
pub async fn search_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    params: Params,
) -> Result<HttpResponse, ApiError> {
    let ctx = context(&req, &params);
    // Query syntax means nothing to residents here: quotes and brackets are dropped.
    let q: String = param(&params, "q")
        .unwrap_or("")
        .chars()
        .filter(|c| !matches!(c, '"' | '(' | ')' | '[' | ']' | '{' | '}'))
        .take(super::search::MAX_QUERY_CHARS)
        .collect::<String>()
        .trim()
        .to_owned();
    let selected: Vec<(String, String)> = FILTERS
        .iter()
        .filter_map(|d| param(&params, d).map(|c| ((*d).to_owned(), c.trim().to_owned())))
        .filter(|(d, c)| known_filter(d, c))
        .collect();
    let page = param(&params, "page")
        .and_then(|p| p.parse::<u64>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_PAGE);
    let mut filters = selected.clone();
    if let Some(m) = &ctx.municipality {
        filters.push(("municipality".into(), m.clone()));
    }
    let as_typed = param(&params, "as_typed") == Some("1");
    let params = search::SearchParams {
        q: q.clone(),
        filters,
        age: None,
        open_now: false,
        geo: None,
        page,
        per_page: PER_PAGE,
        as_typed,
        truncated: false,
        explain: false,
        brief: false,
        labels: ctx.lang,
    };
    let dictionary = state.search.dictionary.get();
    let results = search::search(&state.search, params, &dictionary).await?;
    Ok(html(embed::search_page(
        &ctx,
        &q,
        &selected,
        page,
        &results,
        &state.search.needs.get(),
    )))
}

fn known_filter(dimension: &str, code: &str) -> bool {
    use crate::directory::{Cost, DeliveryMode, OrganizationKind, vocabulary};
    let v = vocabulary();
    match dimension {
        "category" => v.is_category(code),
        "target_group" => v.is_target_group(code),
        "cost" => Cost::parse(code).is_some(),
        "delivery" => DeliveryMode::parse(code).is_some(),
        "organization_kind" => OrganizationKind::parse(code).is_some(),
        "language" => code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()),
        _ => false,
    }
}

/// One offer of the embeddable search, with the "Poproś o kontakt" form.
#[utoipa::path(get, path = "/embed/services/{id}", tag = "embed",
    params(
        ("id" = uuid::Uuid, Path, description = "Service id"),
        ("lang" = Option<String>, Query, description = "pl, uk or en"),
        ("municipality" = Option<String>, Query, description = "TERYT code the page is scoped to"),
    ),
    responses(
        (status = 200, description = "The page", content_type = "text/html", body = String),
        (status = 404, description = "No such offer", content_type = "text/html", body = String),
    ))]
#[get("/embed/services/{id}")]
pub async fn detail_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    params: Params,
) -> Result<HttpResponse, ApiError> {
    let ctx = context(&req, &params);
    let form = RequestForm {
        preferred: "phone".into(),
        key: Uuid::new_v4().to_string(),
        ..RequestForm::default()
    };
    let back = param(&params, "back").unwrap_or("").to_owned();
    detail(
        &state,
        &ctx,
        &id,
        &back,
        &form,
        actix_web::http::StatusCode::OK,
    )
    .await
}

async fn detail(
    state: &AppState,
    ctx: &Context,
    id: &str,
    back: &str,
    form: &RequestForm,
    status: actix_web::http::StatusCode,
) -> Result<HttpResponse, ApiError> {
    let view = match parse_id(id) {
        Ok(id) => directory::service(&state.db, id).await.ok(),
        Err(_) => None,
    };
    let Some(view) = view else {
        let body = embed::search_page(
            ctx,
            "",
            &[],
            1,
            &search::search(
                &state.search,
                empty_search(ctx),
                &state.search.dictionary.get(),
            )
            .await?,
            &state.search.needs.get(),
        );
        return Ok(HttpResponse::NotFound()
            .content_type("text/html; charset=utf-8")
            .body(body));
    };
    let today = state.clock.now().date_naive();
    let stale = view
        .service
        .last_verified_at
        .is_some_and(|d| (today - d).num_days() > STALE_AFTER_DAYS);
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(embed::detail_page(ctx, &view, back, form, stale)))
}

fn empty_search(ctx: &Context) -> search::SearchParams {
    search::SearchParams {
        q: String::new(),
        filters: ctx
            .municipality
            .iter()
            .map(|m| ("municipality".to_owned(), m.clone()))
            .collect(),
        age: None,
        open_now: false,
        geo: None,
        page: 1,
        per_page: PER_PAGE,
        as_typed: false,
        truncated: false,
        explain: false,
        brief: false,
        labels: ctx.lang,
    }
}

/// The script a municipal page includes: defines `<okienko-search>` and resizes okienko
/// iframes.
#[get("/embed/okienko.js")]
pub async fn host_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(HOST_JS)
}

/// The page's own style and script.
#[get("/embed/assets/{file}")]
pub async fn asset(file: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (content_type, body) = match file.as_str() {
        "okienko.css" => ("text/css; charset=utf-8", CSS),
        "page.js" => ("text/javascript; charset=utf-8", PAGE_JS),
        _ => {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                "Nie ma takiego pliku.",
                "No such file.",
            ));
        }
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body))
}
