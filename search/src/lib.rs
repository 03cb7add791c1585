//! okienko's search engine: a tantivy index of services. Knows nothing of HTTP or SQL; the
//! database stays the source of truth and this index is a rebuildable cache of it.

mod error;
mod index;
mod schema;

pub use error::SearchError;
pub use index::{OpenState, SearchIndex, ServiceDoc};
