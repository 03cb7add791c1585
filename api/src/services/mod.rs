//! Use cases: transactions over the database and the search index. They take typed input
//! and return views or their own error enums (mapped to problems in `routes::problems`).

mod closest;
pub mod demo_accounts;
pub mod dictionary;
pub mod directory;
pub mod freshness;
pub mod gen_data;
pub mod hsds_export;
pub mod hsds_import;
mod hsds_stream;
pub mod indexing;
pub mod needs;
pub mod referral_reports;
pub mod search;
pub mod search_cache;
mod search_error;
pub mod search_fallback;
pub mod search_gate;
pub mod search_labels;
mod search_needs;
mod search_views;
pub mod seed;
pub mod sync;
