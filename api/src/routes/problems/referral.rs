//! Referral use cases' refusals as problems.

use super::no_access_to_organization;
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
                "Przekierować można tylko odrzucone lub wygasłe skierowanie.".to_owned(),
                "Only a declined or expired referral can be re-routed.".to_owned(),
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
            E::NoAccess => return no_access_to_organization(),
            E::OtherTenant => (
                ErrorCode::Forbidden,
                "Ta sprawa należy do innego Centrum Usług Społecznych.".to_owned(),
                "This case belongs to another Centrum Usług Społecznych.".to_owned(),
            ),
        };
        ApiError::new(code, pl, en)
    }
}
