//! What the editing use cases share: revisions and their views, and reading a JSON body.

use super::EditingError;
use super::views::RevisionView;
use crate::access::Principal;
use crate::error::{ErrorCode, FieldError};
use crate::persistence::editing::{NewRevision, RecordKind, Revision};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use uuid::Uuid;

pub(super) fn revision<'a>(
    p: &'a Principal,
    kind: RecordKind,
    record_id: Uuid,
    action: &'a str,
    previous: Option<String>,
    current: Option<String>,
) -> NewRevision<'a> {
    NewRevision {
        kind,
        record_id,
        action,
        actor_id: (!p.user_id.is_nil()).then_some(p.user_id),
        actor: &p.email,
        previous,
        current,
    }
}

pub(super) fn revision_view(r: Revision) -> RevisionView {
    let json = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    RevisionView {
        seq: r.seq,
        action: r.action,
        actor: r.actor,
        at: r.at,
        previous: json(r.previous),
        current: json(r.current),
    }
}

/// The organization named by the newest revision that has a record.
pub(super) fn organization_in(revisions: &[Revision]) -> Option<Uuid> {
    revisions.iter().find_map(|r| {
        let text = r.previous.as_deref().or(r.current.as_deref())?;
        let value: Value = serde_json::from_str(text).ok()?;
        value.get("organization_id")?.as_str()?.parse().ok()
    })
}

pub(super) fn require_object(body: &Value) -> Result<(), EditingError> {
    if body.is_object() {
        Ok(())
    } else {
        Err(EditingError::NotAnObject)
    }
}

pub(super) fn parse<T: DeserializeOwned>(value: Value) -> Result<T, EditingError> {
    serde_json::from_value(value).map_err(|e| {
        EditingError::Invalid(vec![FieldError::new(
            "",
            ErrorCode::InvalidValue,
            crate::error::describe_json_error(&e),
        )])
    })
}

pub(super) fn parse_str<T: DeserializeOwned>(text: &str) -> Result<T, EditingError> {
    serde_json::from_str(text).map_err(|e| EditingError::Unexpected(e.into()))
}

pub(super) fn to_json<T: Serialize>(value: &T) -> Result<String, EditingError> {
    serde_json::to_string(value).map_err(|e| EditingError::Unexpected(e.into()))
}

/// Invalid fields, if any.
pub(super) fn check(errors: Vec<FieldError>) -> Result<(), EditingError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(EditingError::Invalid(errors))
    }
}
