//! Per-request context (language for error messages, request id header, access log),
//! CORS for the configured embedding origins, and security headers.

mod authorize;
mod client;
mod route_rules;

pub use authorize::authorize;
pub use client::{ClientAddr, client_addr};

use crate::i18n::{Lang, with_lang};
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
    let lang = req
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or_default();
    let request_id = req.extensions().get::<RequestId>().copied();
    let trusted = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|s| std::sync::Arc::clone(&s.trusted_proxies))
        .unwrap_or_default();
    let client = client::resolve(req.peer_addr().map(|a| a.ip()), req.headers(), &trusted);
    if let Some(ip) = client {
        req.extensions_mut().insert(ClientAddr(ip));
    }
    let started = std::time::Instant::now();
    let query = crate::telemetry::redact_query(req.query_string());
    let mut response = with_lang(lang, next.call(req)).await?;
    tracing::info!(
        client = client.map(|ip| ip.to_string()).unwrap_or_default(),
        query,
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

/// CORS: browsers on the configured origins (a municipality's website) may call the API;
/// no origin is allowed unless configured.
pub fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PATCH", "DELETE"])
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::ACCEPT,
            actix_web::http::header::ACCEPT_LANGUAGE,
            actix_web::http::header::IF_MATCH,
            HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([
            actix_web::http::header::LOCATION,
            actix_web::http::header::RETRY_AFTER,
            actix_web::http::header::ETAG,
            HeaderName::from_static("x-request-id"),
        ])
        .max_age(3600);
    for origin in origins.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        cors = cors.allowed_origin(origin.trim_end_matches('/'));
    }
    cors
}

/// Security headers, by kind of answer: the API and the documentation are never framed; the
/// embeddable pages may be framed by the configured origins (any when none is configured).
/// A handler's own headers win.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let path = req.path().to_owned();
    let ancestors = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map(|s| s.frame_ancestors.to_string())
        .unwrap_or_else(|| "'none'".into());
    let mut response = next.call(req).await?;
    let csp = if path == "/embed" || path.starts_with("/embed/") {
        format!(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
             script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
             frame-ancestors {ancestors}"
        )
    } else if path == "/panel" || path.starts_with("/panel/") {
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
         base-uri 'none'; frame-ancestors 'none'"
            .to_owned()
    } else if path.starts_with("/docs") {
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
            .to_owned()
    } else {
        "default-src 'none'; frame-ancestors 'none'".to_owned()
    };
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: &str| {
        let name = HeaderName::from_static(name);
        if !headers.contains_key(&name)
            && let Ok(v) = HeaderValue::from_str(value)
        {
            headers.insert(name, v);
        }
    };
    set("x-content-type-options", "nosniff");
    // The embeddable pages send their own origin on their own form posts (which the resident
    // form requires) and nothing to other sites; everything else sends no referrer at all.
    let embed = path == "/embed" || path.starts_with("/embed/");
    set(
        "referrer-policy",
        if embed { "same-origin" } else { "no-referrer" },
    );
    set("content-security-policy", &csp);
    if !path.starts_with("/embed") {
        set("x-frame-options", "DENY");
    }
    Ok(response)
}

/// How long a client may take to send a whole request body.
pub const BODY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A request body that trickles in is cut at [`BODY_TIMEOUT`] (answered 408
/// `request_timeout`), so that slow clients cannot hold workers and memory for as long as they
/// like; the header timeout is actix's own.
pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    use actix_web::dev::Payload;
    use actix_web::error::PayloadError;
    use futures_util::StreamExt;
    if req.method() != actix_web::http::Method::GET && req.method() != actix_web::http::Method::HEAD
    {
        let deadline = tokio::time::Instant::now() + BODY_TIMEOUT;
        let payload = req.take_payload();
        let timed = futures_util::stream::unfold(Some(payload), move |state| async move {
            let mut payload = state?;
            match tokio::time::timeout_at(deadline, payload.next()).await {
                Ok(Some(chunk)) => Some((chunk, Some(payload))),
                Ok(None) => None,
                Err(_) => {
                    let late = std::io::Error::new(std::io::ErrorKind::TimedOut, "body timeout");
                    Some((Err(PayloadError::Io(late)), None))
                }
            }
        });
        let timed: std::pin::Pin<
            Box<dyn futures_util::Stream<Item = Result<actix_web::web::Bytes, PayloadError>>>,
        > = Box::pin(timed);
        req.set_payload(Payload::from(timed));
    }
    next.call(req).await
}

/// Whether a body error is [`body_deadline`] cutting a slow body.
pub fn is_body_timeout(e: &actix_web::error::PayloadError) -> bool {
    matches!(e, actix_web::error::PayloadError::Io(io) if io.kind() == std::io::ErrorKind::TimedOut)
}
