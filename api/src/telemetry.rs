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

/// The root span of every request: method, route pattern and request id, nothing from the
/// concrete path or query (tracking codes, e-mail link tokens and search text stay out of
/// the log), and no error details (parser messages echo submitted values).
pub struct RequestSpan;

impl tracing_actix_web::RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &actix_web::dev::ServiceRequest) -> tracing::Span {
        use actix_web::HttpMessage;
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %request.match_pattern().unwrap_or_else(|| "(unmatched)".into()),
            request_id,
        )
    }

    fn on_request_end<B: actix_web::body::MessageBody>(
        _span: tracing::Span,
        _outcome: &Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
    ) {
    }
}

/// Query parameters whose values may be logged: paging, filters and formats; every other
/// value (the search text `q`, anything a resident typed) is logged as `…`.
const LOGGED_PARAMETERS: &[&str] = &[
    "page",
    "per_page",
    "municipality",
    "organization",
    "category",
    "area",
    "target_group",
    "organization_kind",
    "kind",
    "cost",
    "status",
    "language",
    "lang",
    "delivery",
    "open_now",
    "accessible",
    "sort",
    "format",
    "escalated",
    "from",
    "to",
];

/// The query string with every value not in [`LOGGED_PARAMETERS`] replaced by `…`.
pub fn redact_query(query: &str) -> String {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) if LOGGED_PARAMETERS.contains(&key) && value.len() <= 64 => {
                pair.to_owned()
            }
            Some((key, _)) => format!("{key}=…"),
            None => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::redact_query;

    #[test]
    fn search_text_and_unknown_values_are_redacted() {
        assert_eq!(
            redact_query("q=przemoc+w+domu&page=2&municipality=1499011"),
            "q=…&page=2&municipality=1499011"
        );
        assert_eq!(
            redact_query("code=ABC&token=x&lang=uk"),
            "code=…&token=…&lang=uk"
        );
        assert_eq!(redact_query(""), "");
        assert_eq!(redact_query("flag"), "flag");
        let long = format!("category={}", "x".repeat(100));
        assert_eq!(redact_query(&long), "category=…");
    }
}
