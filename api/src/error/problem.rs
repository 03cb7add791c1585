//! The RFC 9457 problem document.

use super::ErrorCode;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// One invalid field of a request or an imported record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FieldError {
    /// JSON Pointer (RFC 6901) to the field, e.g. `/organization/nip`.
    pub pointer: String,
    /// Stable code, from the same table as the top-level `code`.
    #[schema(value_type = String)]
    pub code: ErrorCode,
    /// Human explanation.
    pub detail: String,
}

impl FieldError {
    /// The problem `code` of the field at `pointer`, explained by `detail`.
    pub fn new(pointer: impl Into<String>, code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            code,
            detail: detail.into(),
        }
    }
}

/// An `application/problem+json` body (RFC 9457) with okienko's `code` extension.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Problem {
    /// URI identifying the problem type: `urn:okienko:problem:<code>`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary of the problem type, localized.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// Explanation of this occurrence, localized.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine-readable code.
    pub code: String,
    /// Per-field problems (validation errors only).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// The problem document for `code` in `lang`.
    pub fn new(
        code: ErrorCode,
        lang: Lang,
        detail: Option<String>,
        errors: Vec<FieldError>,
    ) -> Self {
        Self {
            problem_type: format!("urn:okienko:problem:{}", code.as_str()),
            title: code.title(lang).to_owned(),
            status: code.status(),
            detail,
            code: code.as_str().to_owned(),
            errors,
        }
    }
}

/// The refusals of the authorization layer, listed on every endpoint that needs an account.
#[derive(utoipa::IntoResponses)]
pub enum AccessRefusals {
    /// No, expired, invalid or ended token (`unauthorized`, `token_expired`, `invalid_token`,
    /// `session_ended`); too many failed attempts answer 429 `rate_limited`.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthenticated(Problem),
    /// The role, tenant or organization may not (`forbidden`; writes naming another
    /// organization's records: `forbidden_reference`, `tenant_move_not_allowed`).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}
