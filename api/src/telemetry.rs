//! Logging: human-readable on a terminal, JSON lines otherwise; always on stderr so that
//! commands like `export hsds` keep stdout for their data.

use std::io::IsTerminal;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Noisy dependencies kept at `warn` unless the filter names them.
const QUIET: &[&str] = &[
    "sqlx",
    "sea_orm",
    "sea_orm_migration",
    "tantivy",
    "actix_server",
];

/// Installs the global subscriber with `filter` (tracing `EnvFilter` syntax).
pub fn init(filter: &str) {
    let mut directives = filter.to_owned();
    for module in QUIET {
        if !filter.contains(module) {
            directives.push_str(&format!(",{module}=warn"));
        }
    }
    let env_filter = EnvFilter::try_new(&directives).unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(env_filter);
    if std::io::stderr().is_terminal() {
        registry
            .with(fmt::layer().with_writer(std::io::stderr))
            .init();
    } else {
        registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_span_list(false)
                    .with_writer(std::io::stderr),
            )
            .init();
    }
}
