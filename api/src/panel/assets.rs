//! The panel's one stylesheet, compiled into the binary.

use actix_web::{HttpResponse, get, http::header, web};

const STYLESHEET: &str = include_str!("assets/panel.css");

/// `GET /panel/assets/{file}`: the stylesheet; anything else is 404.
#[get("/panel/assets/{file}")]
pub async fn asset(file: web::Path<String>) -> HttpResponse {
    if file.as_str() != "panel.css" {
        return HttpResponse::NotFound().finish();
    }
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLESHEET)
}
