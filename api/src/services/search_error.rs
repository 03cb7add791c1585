//! Why a search or a suggestion did not answer. The HTTP layer maps each variant to a problem.

/// A search that did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// More searches are running and waiting than this machine answers in time.
    #[error("search is overloaded")]
    Overloaded,
    /// The index failed a query; it is being rebuilt from the database.
    #[error("the index failed a query and is being rebuilt")]
    IndexUnavailable,
    /// The database refused or is away.
    #[error(transparent)]
    Storage(#[from] sea_orm::DbErr),
    /// A bug or an inconsistency; details go to the logs.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}
