//! The enquiry log's refusals as problems.

use crate::enquiry::EnquiryError;
use crate::error::{ApiError, ErrorCode};

impl From<EnquiryError> for ApiError {
    fn from(e: EnquiryError) -> Self {
        match e {
            EnquiryError::Invalid(errors) => ApiError::validation(errors),
            EnquiryError::PersonalData => ApiError::new(
                ErrorCode::PersonalDataInEnquiry,
                "Notatka wygląda na dane osobowe (telefon, e-mail, PESEL albo adres). Rejestr kontaktów nie zapisuje, kto przyszedł: opisz tylko potrzebę.",
                "The note looks like personal data (a phone, e-mail, PESEL or address). The enquiry log records nobody: describe only the need.",
            ),
            EnquiryError::Storage(e) => e.into(),
        }
    }
}
