//! Paging parameters and the page envelope.

use serde::Serialize;
use utoipa::ToSchema;

/// Items per page when not given.
pub const DEFAULT_PER_PAGE: u64 = 20;
/// Largest page size.
pub const MAX_PER_PAGE: u64 = 100;
/// Largest page number (bounds the offset).
pub const MAX_PAGE: u64 = 100_000;

/// One page of a list: `{"items", "total", "page", "per_page"}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// Items on this page.
    pub items: Vec<T>,
    /// Items matching in total.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u64,
    /// Page size.
    pub per_page: u64,
}

/// A paging value out of its bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PagingError {
    /// `page` is not a whole number from 1 to [`MAX_PAGE`].
    #[error("page must be a whole number from 1 to {MAX_PAGE}")]
    Page,
    /// `per_page` is not a whole number from 1 to [`MAX_PER_PAGE`].
    #[error("per_page must be a whole number from 1 to {MAX_PER_PAGE}")]
    PerPage,
}

/// Validated `page` and `per_page`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Page number, 1..=MAX_PAGE.
    pub page: u64,
    /// Page size, 1..=MAX_PER_PAGE.
    pub per_page: u64,
}

impl Paging {
    /// Parses the raw query values; absent values take the defaults.
    pub fn parse(page: Option<&str>, per_page: Option<&str>) -> Result<Self, PagingError> {
        let page = match page {
            None => 1,
            Some(raw) => match raw.trim().parse::<u64>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
                _ => return Err(PagingError::Page),
            },
        };
        let per_page = match per_page {
            None => DEFAULT_PER_PAGE,
            Some(raw) => match raw.trim().parse::<u64>() {
                Ok(n) if (1..=MAX_PER_PAGE).contains(&n) => n,
                _ => return Err(PagingError::PerPage),
            },
        };
        Ok(Self { page, per_page })
    }

    /// Wraps items into a page.
    pub fn page<T>(self, items: Vec<T>, total: u64) -> Page<T> {
        Page {
            items,
            total,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_inclusive() {
        assert_eq!(
            Paging::parse(None, None).ok(),
            Some(Paging {
                page: 1,
                per_page: DEFAULT_PER_PAGE
            })
        );
        assert_eq!(Paging::parse(Some("0"), None), Err(PagingError::Page));
        assert!(Paging::parse(Some("-1"), None).is_err());
        assert!(Paging::parse(Some("1"), Some("100")).is_ok());
        assert_eq!(
            Paging::parse(Some("1"), Some("101")),
            Err(PagingError::PerPage)
        );
        assert!(Paging::parse(Some("1"), Some("0")).is_err());
        assert!(Paging::parse(Some(&MAX_PAGE.to_string()), None).is_ok());
        assert!(Paging::parse(Some(&(MAX_PAGE + 1).to_string()), None).is_err());
        assert_eq!(Paging::parse(Some("x"), None), Err(PagingError::Page));
    }
}
