//! The one table of error codes, and the error every HTTP answer is built from: a code with a
//! localized detail, rendered as RFC 9457 problem+json at the edge (`routes::problems`).

mod code;
mod problem;

pub use code::ErrorCode;
pub use problem::{AccessRefusals, FieldError, Problem};

use crate::i18n::{Lang, Localized};
use std::fmt;

/// Every error an HTTP handler may answer with.
#[derive(thiserror::Error)]
pub enum ApiError {
    /// The caller's mistake, or a state they can act on: a code from the table and a detail.
    #[error("{code:?}: {}", detail.as_ref().map_or("", |d| d.en.as_str()))]
    Client {
        /// The stable code.
        code: ErrorCode,
        /// What exactly went wrong.
        detail: Option<Localized>,
        /// Per-field problems, for validation errors.
        errors: Vec<FieldError>,
        /// Seconds after which a refused request may be retried (`Retry-After`).
        retry_after: Option<u64>,
    },
    /// Our fault; the cause goes to the logs, never to the client.
    #[error(transparent)]
    Unexpected(anyhow::Error),
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Client { code, detail, .. } => {
                write!(f, "{}: {:?}", code.as_str(), detail.as_ref().map(|d| &d.en))
            }
            ApiError::Unexpected(e) => write!(f, "{e:?}"),
        }
    }
}

impl ApiError {
    /// An error with a code and a localized detail.
    pub fn new(code: ErrorCode, pl: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::Client {
            code,
            detail: Some(Localized::new(pl, en)),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// The same error, telling the client when to retry.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        if let ApiError::Client { retry_after, .. } = &mut self {
            *retry_after = Some(seconds.max(1));
        }
        self
    }

    /// An error with just a code; the title says it all.
    pub fn bare(code: ErrorCode) -> Self {
        ApiError::Client {
            code,
            detail: None,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// A 422 carrying one entry per invalid field.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let n = errors.len();
        ApiError::Client {
            code: ErrorCode::ValidationFailed,
            detail: Some(Localized::new(
                format!("Liczba nieprawidłowych pól: {n}."),
                format!("{n} field(s) are invalid."),
            )),
            errors,
            retry_after: None,
        }
    }

    /// The same error answered with another (more specific) code.
    pub fn with_code(self, code: ErrorCode) -> Self {
        match self {
            ApiError::Client {
                detail,
                errors,
                retry_after,
                ..
            } => ApiError::Client {
                code,
                detail,
                errors,
                retry_after,
            },
            other => other,
        }
    }

    /// The code this error is answered with.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Client { code, .. } => *code,
            ApiError::Unexpected(_) => ErrorCode::InternalError,
        }
    }

    /// The problem document in `lang` (Polish unless English, see [`Lang::API`]).
    pub fn problem(&self, lang: Lang) -> Problem {
        let code = self.code();
        let (detail, errors) = match self {
            ApiError::Client { detail, errors, .. } => (
                detail.as_ref().map(|d| d.get(lang).to_owned()),
                errors.clone(),
            ),
            ApiError::Unexpected(_) => (None, Vec::new()),
        };
        Problem::new(code, lang, detail, errors)
    }
}

/// A JSON parser error told without the submitted values it may quote (a name, a phone):
/// the field it names when it names one, else the kind of error and where.
pub fn describe_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let named = ["missing field", "unknown field", "duplicate field"]
        .iter()
        .find(|prefix| text.starts_with(**prefix));
    let what = match (named, e.classify()) {
        (Some(prefix), _) => {
            let field = text
                .split('`')
                .nth(1)
                .map(|f| f.chars().take(64).collect::<String>())
                .unwrap_or_default();
            format!("{prefix} `{field}`")
        }
        (None, serde_json::error::Category::Data) => "a value of the wrong type or form".into(),
        (None, serde_json::error::Category::Syntax) => "not valid JSON".into(),
        (None, serde_json::error::Category::Eof) => "the JSON ends too early".into(),
        (None, serde_json::error::Category::Io) => "the body could not be read".into(),
    };
    if e.line() == 0 {
        what
    } else {
        format!("{what} at line {}, column {}", e.line(), e.column())
    }
}

#[cfg(test)]
mod tests {
    use super::describe_json_error;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Contact {
        name: String,
        age: u32,
    }

    #[test]
    fn json_errors_name_fields_never_values() {
        let e = serde_json::from_str::<Contact>(r#"{"name": "Anna", "age": "+48 600 100 200"}"#)
            .expect_err("wrong type");
        let text = describe_json_error(&e);
        assert!(!text.contains("600"), "{text}");
        assert!(text.starts_with("a value of the wrong type"), "{text}");
        let e = serde_json::from_str::<Contact>(r#"{"name": "Anna"}"#).expect_err("missing");
        assert!(describe_json_error(&e).starts_with("missing field `age`"));
        let e = serde_json::from_str::<Contact>(r#"{"name": "Anna", "age": 3, "pesel": "x"}"#)
            .expect_err("unknown");
        assert!(describe_json_error(&e).starts_with("unknown field `pesel`"));
        let e = serde_json::from_value::<Contact>(serde_json::json!({"name": 5, "age": 1}))
            .expect_err("value");
        assert_eq!(describe_json_error(&e), "a value of the wrong type or form");
    }
}
