//! The use cases' errors as problem documents (RFC 9457): one code from the table and a
//! message in Polish and English per variant.

use crate::directory::ownership::Violation;
use crate::editing::EditingError;
use crate::error::{ApiError, ErrorCode};
use crate::referral::ReferralError;

impl From<ReferralError> for ApiError {
    fn from(e: ReferralError) -> Self {
        use ReferralError as E;
        let (code, pl, en) = match e {
            E::Invalid(errors) => return ApiError::validation(errors),
            E::Storage(e) => return e.into(),
            E::Unexpected(e) => return e.into(),
            E::InvalidIdempotencyKey => (
                ErrorCode::InvalidIdempotencyKey,
                "Nagłówek Idempotency-Key musi mieć od 1 do 200 znaków.".to_owned(),
                "The Idempotency-Key header must have 1 to 200 characters.".to_owned(),
            ),
            E::IdempotencyKeyReused => (
                ErrorCode::IdempotencyKeyReused,
                "Ten Idempotency-Key był już użyty z inną treścią żądania.".to_owned(),
                "This Idempotency-Key was already used with a different request body.".to_owned(),
            ),
            E::NotFound(id) => (
                ErrorCode::ReferralNotFound,
                format!("Nie ma skierowania {id}."),
                format!("There is no referral {id}."),
            ),
            E::CaseNotFound(id) => (
                ErrorCode::CaseNotFound,
                format!("Nie ma sprawy {id}."),
                format!("There is no case {id}."),
            ),
            E::UnknownTrackingCode => (
                ErrorCode::TrackingCodeNotFound,
                "Nie znaleziono sprawy o tym kodzie. Sprawdź, czy kod jest przepisany dokładnie."
                    .to_owned(),
                "No case has this code. Check that it is copied exactly.".to_owned(),
            ),
            E::VersionMismatch { current } => (
                ErrorCode::VersionMismatch,
                format!(
                    "Skierowanie zmieniło się (wersja {current}); odśwież je i spróbuj ponownie."
                ),
                format!("The referral has changed (version {current}); reload it and retry."),
            ),
            E::InvalidTransition { from, to } => (
                ErrorCode::InvalidTransition,
                format!(
                    "Skierowania w stanie „{}” nie można zmienić na „{}”.",
                    from.as_str(),
                    to.as_str()
                ),
                format!(
                    "A referral in status \"{}\" cannot become \"{}\".",
                    from.as_str(),
                    to.as_str()
                ),
            ),
            E::SystemStatus => (
                ErrorCode::InvalidTransition,
                "Ten stan ustawia tylko okienko.".to_owned(),
                "Only okienko sets this status.".to_owned(),
            ),
            E::NotDeclined => (
                ErrorCode::InvalidTransition,
                "Przekierować można tylko odrzucone skierowanie.".to_owned(),
                "Only a declined referral can be re-routed.".to_owned(),
            ),
            E::Erased => (
                ErrorCode::InvalidTransition,
                "Dane osoby zostały usunięte; nie można skierować jej dalej.".to_owned(),
                "The person's data was erased; the case cannot be re-routed.".to_owned(),
            ),
            E::Conflict => (
                ErrorCode::EditConflict,
                "Ktoś inny zmienił to skierowanie w tej samej chwili; odśwież je.".to_owned(),
                "Someone else changed this referral at the same moment; reload it.".to_owned(),
            ),
            E::FrontDeskMayOnlyCancel => (
                ErrorCode::Forbidden,
                "Pracownik punktu informacyjnego może tylko anulować skierowanie.".to_owned(),
                "Front-desk staff may only cancel a referral.".to_owned(),
            ),
            E::NoAccess => (
                ErrorCode::Forbidden,
                "To konto nie ma dostępu do danych tej organizacji.".to_owned(),
                "This account has no access to this organization's records.".to_owned(),
            ),
            E::OtherTenant => (
                ErrorCode::Forbidden,
                "Ta sprawa należy do innego Centrum Usług Społecznych.".to_owned(),
                "This case belongs to another Centrum Usług Społecznych.".to_owned(),
            ),
        };
        ApiError::new(code, pl, en)
    }
}

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
            E::ServiceNotFound(id) => (
                ErrorCode::ServiceNotFound,
                format!("Nie ma usługi o identyfikatorze {id}."),
                format!("There is no service with id {id}."),
            ),
            E::OrganizationNotFound(id) => (
                ErrorCode::OrganizationNotFound,
                format!("Nie ma organizacji o identyfikatorze {id}."),
                format!("There is no organization with id {id}."),
            ),
            E::ServiceDraftNotFound(id) => (
                ErrorCode::DraftNotFound,
                format!("Usługa {id} nie ma propozycji zmian czekającej na zatwierdzenie."),
                format!("Service {id} has no change waiting for approval."),
            ),
            E::NoAccess => (
                ErrorCode::Forbidden,
                "To konto nie ma dostępu do danych tej organizacji.".to_owned(),
                "This account has no access to this organization's records.".to_owned(),
            ),
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
