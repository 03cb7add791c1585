//! The caller of a request, path ids, and extractor failures as problem+json.

use crate::access::Principal;
use crate::error::{ApiError, ErrorCode, describe_json_error};
use actix_web::{
    FromRequest, HttpMessage, HttpRequest,
    dev::Payload,
    error::{JsonPayloadError, PathError, QueryPayloadError},
};
use std::future::{Ready, ready};
use uuid::Uuid;

/// Parses a path id; a malformed one is `invalid_id` (400).
pub fn parse_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw.trim()).map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidId,
            format!(
                "„{}” nie jest prawidłowym identyfikatorem UUID.",
                truncate(raw)
            ),
            format!("\"{}\" is not a valid UUID.", truncate(raw)),
        )
    })
}

/// At most 64 characters of user input, for echoing it back in messages.
pub fn truncate(raw: &str) -> String {
    raw.chars().take(64).collect()
}

/// Query-string errors: unknown parameters and malformed values.
pub fn query_error_handler(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let message = err.to_string();
    let e = if let Some(rest) = message.split("unknown field `").nth(1) {
        let name = rest.split('`').next().unwrap_or("");
        ApiError::new(
            ErrorCode::UnknownParameter,
            format!("Nieznany parametr zapytania „{}”.", truncate(name)),
            format!("Unknown query parameter \"{}\".", truncate(name)),
        )
    } else {
        ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "Nie udało się odczytać parametrów zapytania.",
            format!("Cannot read the query string: {}", truncate(&message)),
        )
    };
    e.into()
}

/// Path errors (only reachable for typed path segments).
pub fn path_error_handler(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::new(
        ErrorCode::InvalidId,
        "Nieprawidłowy parametr ścieżki.",
        format!("Invalid path parameter: {}", truncate(&err.to_string())),
    )
    .into()
}

/// JSON body errors: size, content type, syntax, unknown fields.
pub fn json_error_handler(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    body_error(&err).into()
}

fn body_error(err: &JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => too_large(*limit),
        JsonPayloadError::ContentType => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Treść musi mieć typ application/json.",
            "The body must be application/json.",
        ),
        JsonPayloadError::Payload(e) if crate::middleware::is_body_timeout(e) => body_timeout(),
        JsonPayloadError::Deserialize(e) if e.to_string().starts_with("unknown field") => {
            ApiError::new(
                ErrorCode::UnknownField,
                format!("Nieznane pole: {}", describe_json_error(e)),
                format!("Unknown field: {}", describe_json_error(e)),
            )
        }
        JsonPayloadError::Deserialize(e) => ApiError::new(
            ErrorCode::MalformedBody,
            format!(
                "Treść żądania nie pasuje do oczekiwanej postaci ({}).",
                describe_json_error(e)
            ),
            format!(
                "The body does not have the expected form ({}).",
                describe_json_error(e)
            ),
        ),
        other => ApiError::new(
            ErrorCode::MalformedBody,
            "Treść żądania nie jest prawidłowym dokumentem JSON.",
            format!(
                "The body is not valid JSON: {}",
                truncate(&other.to_string())
            ),
        ),
    }
}

/// Form body errors (the embeddable pages and e-mail links).
pub fn form_error_handler(
    err: actix_web::error::UrlencodedError,
    _req: &HttpRequest,
) -> actix_web::Error {
    use actix_web::error::UrlencodedError;
    let e = match err {
        UrlencodedError::Overflow { limit, .. } => too_large(limit),
        UrlencodedError::Payload(e) if crate::middleware::is_body_timeout(&e) => body_timeout(),
        UrlencodedError::ContentType => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Formularz musi mieć typ application/x-www-form-urlencoded.",
            "The form must be application/x-www-form-urlencoded.",
        ),
        other => ApiError::new(
            ErrorCode::MalformedBody,
            "Nie udało się odczytać formularza.",
            format!("Cannot read the form: {}", truncate(&other.to_string())),
        ),
    };
    e.into()
}

/// `request_timeout`: the body did not arrive in time.
fn body_timeout() -> ApiError {
    let secs = crate::middleware::BODY_TIMEOUT.as_secs();
    ApiError::new(
        ErrorCode::RequestTimeout,
        format!("Treść żądania nie dotarła w ciągu {secs} s."),
        format!("The request body did not arrive within {secs} s."),
    )
}

/// `payload_too_large` with the limit in the message.
pub fn too_large(limit: usize) -> ApiError {
    let size = if limit >= 1024 * 1024 {
        format!("{} MiB", limit / (1024 * 1024))
    } else {
        format!("{} KiB", limit / 1024)
    };
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("Treść żądania przekracza limit {size}."),
        format!("The request body exceeds the {size} limit."),
    )
}

/// Reads a whole request body of at most `limit` bytes (refusing early on a larger
/// `Content-Length`).
pub async fn read_body(
    req: &HttpRequest,
    mut body: actix_web::web::Payload,
    limit: usize,
) -> Result<actix_web::web::Bytes, ApiError> {
    use futures_util::StreamExt;
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    let mut bytes = actix_web::web::BytesMut::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            if crate::middleware::is_body_timeout(&e) {
                return body_timeout();
            }
            ApiError::new(
                ErrorCode::MalformedBody,
                "Nie udało się odczytać treści żądania.",
                format!("Cannot read the body: {e}"),
            )
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes.freeze())
}

/// Fallback for unknown routes.
pub async fn not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::new(
        ErrorCode::NotFound,
        format!("Nie ma zasobu {}.", truncate(req.path())),
        format!("There is no resource at {}.", truncate(req.path())),
    ))
}
/// The caller of a request on an endpoint that needs an account, as the authorization
/// middleware found it: that middleware has already refused anonymous calls, so a missing
/// principal is a bug in the table and answers 401.
#[derive(Debug, Clone)]
pub struct Caller(pub Principal);

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<Principal>()
                .cloned()
                .map(Caller)
                .ok_or_else(|| ApiError::bare(ErrorCode::Unauthorized)),
        )
    }
}
