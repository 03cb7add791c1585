//! Refusals of signing in, refreshing and changing a password.

use crate::access::AccessError;
use crate::error::{ApiError, ErrorCode, FieldError};

impl From<AccessError> for ApiError {
    fn from(e: AccessError) -> Self {
        match e {
            AccessError::WrongCredentials => ApiError::new(
                ErrorCode::InvalidCredentials,
                "Nieprawidłowy e-mail lub hasło (po kilku nieudanych próbach konto jest na chwilę blokowane).",
                "Wrong e-mail or password (after several failed attempts the account is locked for a while).",
            ),
            AccessError::WrongCurrentPassword => ApiError::new(
                ErrorCode::InvalidCredentials,
                "Obecne hasło jest nieprawidłowe.",
                "The current password is wrong.",
            ),
            AccessError::PasswordTooShort { min } => ApiError::validation(vec![FieldError::new(
                "/new_password",
                ErrorCode::InvalidValue,
                format!("at least {min} characters"),
            )]),
            AccessError::InvalidRefreshToken => ApiError::new(
                ErrorCode::InvalidRefreshToken,
                "Token odświeżania jest nieważny, wykorzystany lub wygasł; zaloguj się ponownie.",
                "The refresh token is invalid, used or expired; log in again.",
            ),
            AccessError::InvalidResetLink => ApiError::new(
                ErrorCode::InvalidToken,
                "Link do ustawienia hasła jest nieważny, wykorzystany lub wygasł.",
                "The password reset link is invalid, used or expired.",
            ),
            AccessError::Storage(e) => e.into(),
            AccessError::Unexpected(e) => e.into(),
        }
    }
}
