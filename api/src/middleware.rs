//! Per-request context: language for error messages, request id header, access log.

use crate::error::{Language, with_language};
use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{ACCEPT_LANGUAGE, HeaderName, HeaderValue},
    middleware::Next,
};
use tracing_actix_web::RequestId;

/// Middleware that makes the request's language available to error rendering, echoes the
/// request id (from the tracing middleware) as `X-Request-Id`, and writes one access-log line.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let language = req
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Language::from_accept_language)
        .unwrap_or_default();
    let request_id = req.extensions().get::<RequestId>().copied();
    let started = std::time::Instant::now();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let mut response = with_language(language, next.call(req)).await?;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    if let Some(id) = request_id
        && let Ok(value) = HeaderValue::from_str(&id.to_string())
    {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    Ok(response)
}
