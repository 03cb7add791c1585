//! Editing use cases' refusals as problems, ownership violations included.

use super::{no_access_to_organization, organization_not_found, service_not_found};
use crate::directory::ownership::Violation;
use crate::editing::EditingError;
use crate::error::{ApiError, ErrorCode};

impl From<EditingError> for ApiError {
    fn from(e: EditingError) -> Self {
        use EditingError as E;
        let (code, pl, en) = match e {
            // A link that is not a web address names the whole answer (the field errors are
            // listed either way).
            E::Invalid(errors) if errors.iter().any(|e| e.code == ErrorCode::InvalidUrl) => {
                return ApiError::validation(errors).with_code(ErrorCode::InvalidUrl);
            }
            E::Invalid(errors) => return ApiError::validation(errors),
            E::References(violations) => return refused_references(&violations),
            E::Storage(e) => return e.into(),
            E::Unexpected(e) => return e.into(),
            E::OrganizationDraftNotFound => return ApiError::bare(ErrorCode::DraftNotFound),
            E::NotAnObject => (
                ErrorCode::MalformedBody,
                "Treść żądania musi być obiektem JSON.".to_owned(),
                "The request body must be a JSON object.".to_owned(),
            ),
            E::ServiceExists(id) => (
                ErrorCode::ServiceExists,
                format!("Usługa {id} już istnieje; zmień ją przez PATCH."),
                format!("Service {id} already exists; change it with PATCH."),
            ),
            E::ServiceNotFound(id) => return service_not_found(id),
            E::OrganizationNotFound(id) => return organization_not_found(id),
            E::ServiceDraftNotFound(id) => (
                ErrorCode::DraftNotFound,
                format!("Usługa {id} nie ma propozycji zmian czekającej na zatwierdzenie."),
                format!("Service {id} has no change waiting for approval."),
            ),
            E::NoAccess => return no_access_to_organization(),
            E::TenantMove => (
                ErrorCode::TenantMoveNotAllowed,
                "Ta gmina należy do innego centrum usług społecznych; przeniesienie organizacji do innego CUS wymaga decyzji administratora.".to_owned(),
                "This gmina belongs to another social services centre; moving the organization to another tenant needs an admin's decision.".to_owned(),
            ),
        };
        ApiError::new(code, pl, en)
    }
}

/// The answer to ownership violations: 403 for another organization's record, 409 for an
/// id of another kind, 422 for a record that does not exist.
fn refused_references(violations: &[Violation]) -> ApiError {
    let Some(first) = violations.first() else {
        return ApiError::bare(ErrorCode::UnknownReference);
    };
    let pointers = violations
        .iter()
        .map(Violation::pointer)
        .collect::<Vec<_>>()
        .join(", ");
    let (code, pl, en) = if violations
        .iter()
        .any(|v| matches!(v, Violation::Foreign { .. }))
    {
        (
            ErrorCode::ForbiddenReference,
            "Rekord o tym identyfikatorze należy do innej organizacji",
            "The record with this id belongs to another organization",
        )
    } else if matches!(first, Violation::KindClash { .. })
        || violations
            .iter()
            .any(|v| matches!(v, Violation::KindClash { .. }))
    {
        (
            ErrorCode::IdConflict,
            "Ten identyfikator należy już do rekordu innego rodzaju",
            "This id already belongs to a record of another kind",
        )
    } else {
        (
            ErrorCode::UnknownReference,
            "Nie ma rekordu o tym identyfikatorze",
            "There is no record with this id",
        )
    };
    ApiError::new(
        code,
        format!("{pl}: {pointers}."),
        format!("{en}: {pointers}."),
    )
}
