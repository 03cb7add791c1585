//! Errors as problem documents (RFC 9457): each use case's error enum mapped to one code of
//! the table with a message in Polish and English, and the rendering of every problem.

mod access;
mod editing;
mod enquiry;
mod reads;
mod referral;

use crate::error::{ApiError, ErrorCode};
use crate::i18n::{Lang, current_lang};
use crate::persistence::storage::is_unavailable;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use uuid::Uuid;

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Unexpected(e) = self {
            tracing::error!(error.cause_chain = ?e, "unexpected error");
        }
        let lang = current_lang();
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        let language = if lang == Lang::En { "en" } else { "pl" };
        response.insert_header((header::CONTENT_LANGUAGE, language));
        if self.status_code() == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let ApiError::Client {
            retry_after: Some(seconds),
            ..
        } = self
        {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        response.json(self.problem(lang))
    }
}

// Storage failures reach clients as 503 problems, whichever layer met them.

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        if is_unavailable(&e) {
            return storage_unavailable(&e);
        }
        ApiError::Unexpected(anyhow::Error::new(e).context("database error"))
    }
}

/// Errors of other layers: a database error anywhere in the chain that means the storage is
/// away or full answers 503 as it does directly.
impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        let unavailable = e
            .chain()
            .filter_map(|cause| cause.downcast_ref::<sea_orm::DbErr>())
            .any(is_unavailable);
        if unavailable {
            return storage_unavailable(&e);
        }
        ApiError::Unexpected(e)
    }
}

/// 503 `storage_unavailable` with `Retry-After: 1`.
fn storage_unavailable(cause: &dyn std::fmt::Display) -> ApiError {
    tracing::warn!(error = %cause, "storage unavailable");
    ApiError::new(
        ErrorCode::StorageUnavailable,
        "Nie można teraz zapisać ani odczytać danych; nic nie zostało zmienione. Spróbuj ponownie za chwilę.",
        "The data cannot be read or written right now; nothing was changed. Try again shortly.",
    )
    .retry_after(1)
}

/// 404 `service_not_found`.
fn service_not_found(id: Uuid) -> ApiError {
    ApiError::new(
        ErrorCode::ServiceNotFound,
        format!("Nie ma usługi o identyfikatorze {id}."),
        format!("There is no service with id {id}."),
    )
}

/// 404 `organization_not_found`.
fn organization_not_found(id: Uuid) -> ApiError {
    ApiError::new(
        ErrorCode::OrganizationNotFound,
        format!("Nie ma organizacji o identyfikatorze {id}."),
        format!("There is no organization with id {id}."),
    )
}

/// 403 `forbidden` for a record of an organization the account does not work for.
fn no_access_to_organization() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "To konto nie ma dostępu do danych tej organizacji.",
        "This account has no access to this organization's records.",
    )
}
