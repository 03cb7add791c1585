//! Refusals of reading: search, directory reads, the needs table and paging.

use super::{organization_not_found, service_not_found};
use crate::error::{ApiError, ErrorCode, FieldError};
use crate::paging::{MAX_PAGE, MAX_PER_PAGE, PagingError};
use crate::services::directory::DirectoryError;
use crate::services::needs::NeedsEditError;
use crate::services::search::SearchError;

impl From<SearchError> for ApiError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::Overloaded => ApiError::new(
                ErrorCode::Overloaded,
                "Wyszukiwarka jest w tej chwili przeciążona; spróbuj ponownie za chwilę.",
                "Search is overloaded right now; try again in a moment.",
            )
            .retry_after(1),
            SearchError::IndexUnavailable => ApiError::new(
                ErrorCode::IndexUnavailable,
                "Wyszukiwarka jest chwilowo niedostępna (indeks jest odbudowywany); spróbuj ponownie za chwilę.",
                "Search is briefly unavailable (the index is being rebuilt); try again shortly.",
            )
            .retry_after(5),
            SearchError::Storage(e) => e.into(),
            SearchError::Unexpected(e) => e.into(),
        }
    }
}

impl From<DirectoryError> for ApiError {
    fn from(e: DirectoryError) -> Self {
        match e {
            DirectoryError::ServiceNotFound(id) => service_not_found(id),
            DirectoryError::OrganizationNotFound(id) => organization_not_found(id),
            DirectoryError::Unreadable(e) => e.into(),
        }
    }
}

impl From<NeedsEditError> for ApiError {
    fn from(e: NeedsEditError) -> Self {
        match e {
            NeedsEditError::Invalid(e) => ApiError::validation(vec![FieldError::new(
                e.pointer,
                ErrorCode::InvalidValue,
                e.message,
            )]),
            NeedsEditError::Storage(e) => e.into(),
            NeedsEditError::Unexpected(e) => e.into(),
        }
    }
}

impl From<PagingError> for ApiError {
    fn from(e: PagingError) -> Self {
        match e {
            PagingError::Page => ApiError::new(
                ErrorCode::InvalidPage,
                format!("Parametr page musi być liczbą całkowitą od 1 do {MAX_PAGE}."),
                format!("page must be a whole number from 1 to {MAX_PAGE}."),
            ),
            PagingError::PerPage => ApiError::new(
                ErrorCode::InvalidPerPage,
                format!("Parametr per_page musi być liczbą całkowitą od 1 do {MAX_PER_PAGE}."),
                format!("per_page must be a whole number from 1 to {MAX_PER_PAGE}."),
            ),
        }
    }
}
