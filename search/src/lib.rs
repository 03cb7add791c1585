//! okienko's search engine: a tantivy index of services with Polish analysis. Knows nothing of
//! HTTP or SQL; the database stays the source of truth and this index is a rebuildable cache.

mod ages;
mod all_words;
pub mod analyzer;
mod correction;
mod docbits;
mod document;
mod engine;
mod error;
mod explain;
mod facet_counts;
mod field_query;
mod hits;
mod index;
pub mod need_query;
mod need_rank;
pub mod needs;
mod phrase_scores;
pub mod phrases;
mod query;
mod schema;
mod snippet;
mod suggest;
pub mod synonyms;
mod vocabulary;
pub mod wordlist;

pub use document::{Contact, Display, Hours, Place, ServiceDoc};
pub use engine::{GeoFilter, LocalMoment, SearchRequest, SearchResults, distance_km};
pub use error::SearchError;
pub use explain::{MatchReason, Via, edit_distance};
pub use hits::Hit;
pub use index::{OpenState, SearchIndex};
pub use snippet::escape_into as escape_html_into;
pub use suggest::Suggestion;
pub use synonyms::{Dictionary, DictionaryError, Expansion};
