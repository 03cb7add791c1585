//! Errors of the search engine.

/// What can go wrong in the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed (I/O, corrupt segment, lock held by another writer…).
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index directory could not be prepared.
    #[error("search index directory {path}: {source}")]
    Directory {
        /// The directory.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Another process holds the index writer (e.g. a running server on the same data directory).
    #[error("the search index is in use by another process")]
    Locked,
    /// Reading index files failed.
    #[error("search index I/O: {0}")]
    Io(#[from] std::io::Error),
    /// The index writer lock was poisoned by a panic in another thread.
    #[error("search index writer is unavailable")]
    WriterPoisoned,
}
