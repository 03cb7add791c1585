//! Why signing in, refreshing or changing a password was refused. The HTTP layer maps each
//! variant to a problem; the staff panel to a message on its form.

/// A refused or failed session step.
#[derive(Debug, thiserror::Error)]
pub enum AccessError {
    /// Unknown, disabled or locked account, or a wrong password: told apart to nobody.
    #[error("wrong e-mail or password")]
    WrongCredentials,
    /// The current password given with a change is wrong.
    #[error("the current password is wrong")]
    WrongCurrentPassword,
    /// A new password shorter than the minimum.
    #[error("a password needs at least {min} characters")]
    PasswordTooShort {
        /// The minimum number of characters.
        min: usize,
    },
    /// A refresh token unknown, spent, revoked or expired.
    #[error("the refresh token is invalid, used or expired")]
    InvalidRefreshToken,
    /// A password-reset link altered, expired or already used.
    #[error("the password reset link is invalid, used or expired")]
    InvalidResetLink,
    /// The database refused or is away.
    #[error(transparent)]
    Storage(#[from] sea_orm::DbErr),
    /// A bug or an inconsistency; details go to the logs.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}
