//! What every request handler shares.

use okienko_search::SearchIndex;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared application state: the database pool, the search index and staff credentials.
#[derive(Clone)]
pub struct AppState {
    /// Database pool.
    pub db: DatabaseConnection,
    /// Search index (a cache of the database).
    pub index: Arc<SearchIndex>,
    /// Bearer token for staff operations; `None` disables them.
    pub admin_token: Option<Arc<str>>,
}
