//! What the panel answers when a page cannot be shown: an HTML page in Polish, never a JSON
//! problem, and a redirect to sign-in when the session is gone.

use super::layout::page;
use crate::error::ApiError;
use crate::i18n::Lang;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use maud::html;

/// A panel page that could not be served.
#[derive(Debug, thiserror::Error)]
pub enum PanelError {
    /// No session (or it ended): sign in again.
    #[error("not signed in")]
    SignedOut,
    /// A form without this session's CSRF token.
    #[error("the form's CSRF token is missing or not this session's")]
    StaleForm,
    /// A form body that cannot be read.
    #[error("the form cannot be read")]
    BadForm,
    /// No such record (or a malformed id).
    #[error("no such page")]
    NotFound,
    /// The role may not use this page.
    #[error("the role may not use this page")]
    Forbidden,
    /// A use case refused or failed.
    #[error(transparent)]
    Failed(#[from] ApiError),
}

/// Use-case errors a panel page shows through their problem mapping.
macro_rules! shown_as_problem {
    ($($error:ty),+) => {
        $(impl From<$error> for PanelError {
            fn from(e: $error) -> Self {
                PanelError::Failed(e.into())
            }
        })+
    };
}

shown_as_problem!(
    crate::services::search::SearchError,
    crate::services::directory::DirectoryError,
    crate::access::AccessError,
    crate::referral::ReferralError,
    anyhow::Error,
    sea_orm::DbErr
);

impl ResponseError for PanelError {
    fn status_code(&self) -> StatusCode {
        match self {
            PanelError::SignedOut => StatusCode::SEE_OTHER,
            PanelError::StaleForm | PanelError::Forbidden => StatusCode::FORBIDDEN,
            PanelError::NotFound => StatusCode::NOT_FOUND,
            PanelError::BadForm => StatusCode::BAD_REQUEST,
            PanelError::Failed(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let (title, text) = match self {
            PanelError::SignedOut => {
                return HttpResponse::SeeOther()
                    .insert_header((header::LOCATION, "/panel/login"))
                    .finish();
            }
            PanelError::StaleForm => (
                "Formularz wygasł",
                "Ten formularz wygasł albo nie pochodzi z panelu, więc nic nie zostało zmienione. \
                 Wróć, odśwież stronę i wyślij go jeszcze raz."
                    .to_owned(),
            ),
            PanelError::Forbidden => return forbidden_page(),
            PanelError::BadForm => (
                "Nie udało się odczytać formularza",
                "Formularz dotarł niekompletny albo w złej postaci, więc nic nie zostało zmienione. \
                 Wróć, odśwież stronę i wyślij go jeszcze raz."
                    .to_owned(),
            ),
            PanelError::NotFound => (
                "Nie ma takiej strony",
                "Ta usługa lub to skierowanie nie istnieje albo zostało usunięte.".to_owned(),
            ),
            PanelError::Failed(e) => {
                if let ApiError::Unexpected(cause) = e {
                    tracing::error!(error.cause_chain = ?cause, "panel page failed");
                }
                let detail = e.problem(Lang::Pl);
                ("Nie udało się", detail.detail.unwrap_or(detail.title))
            }
        };
        message_page(self.status_code(), title, &text)
    }
}

/// The id in a panel address; a malformed one is a page that does not exist.
pub(super) fn parse_id(raw: &str) -> Result<uuid::Uuid, PanelError> {
    uuid::Uuid::parse_str(raw.trim()).map_err(|_| PanelError::NotFound)
}

/// 403 for a role the authorization table does not let onto a page.
pub fn forbidden_page() -> HttpResponse {
    message_page(
        StatusCode::FORBIDDEN,
        "Brak dostępu",
        "Twoja rola nie ma dostępu do tej strony. Jeśli potrzebujesz go w pracy, poproś koordynatora CUS.",
    )
}

fn message_page(status: StatusCode, title: &str, text: &str) -> HttpResponse {
    let body = page(
        title,
        None,
        html! {
            h1 { (title) }
            p { (text) }
            p { a href="/panel" { "Wróć do panelu" } }
        },
    );
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body.into_string())
}
