//! Who is using the panel: the session of the panel's cookie (checked by the authorization
//! middleware before any handler runs), or an API bearer token. Forms of a cookie session
//! must carry its CSRF token; a bearer request cannot come from another site's form.

use super::PanelError;
use crate::access::Principal;
use crate::access::staff_sessions::StaffSession;
use actix_web::{FromRequest, HttpMessage, HttpRequest, dev::Payload};
use std::future::{Ready, ready};

/// The panel session cookie.
pub const SESSION_COOKIE: &str = "okienko_panel";

/// Whether a path is one of the panel's.
pub fn is_panel(path: &str) -> bool {
    path == "/panel" || path.starts_with("/panel/")
}

/// The signed-in member of staff of a panel request.
#[derive(Debug, Clone)]
pub struct Staff {
    /// Who.
    pub principal: Principal,
    /// The cookie session, `None` for a bearer token.
    pub session: Option<StaffSession>,
}

impl Staff {
    /// The CSRF token forms of this page carry (empty for a bearer token).
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf.as_str())
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check(&self, csrf: &str) -> Result<(), PanelError> {
        match &self.session {
            Some(session) if !session.accepts(csrf) => Err(PanelError::StaleForm),
            _ => Ok(()),
        }
    }
}

impl FromRequest for Staff {
    type Error = PanelError;
    type Future = Ready<Result<Self, PanelError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let extensions = req.extensions();
        let staff = match (
            extensions.get::<StaffSession>(),
            extensions.get::<Principal>(),
        ) {
            (Some(session), _) => Ok(Staff {
                principal: session.principal.clone(),
                session: Some(session.clone()),
            }),
            (None, Some(principal)) => Ok(Staff {
                principal: principal.clone(),
                session: None,
            }),
            (None, None) => Err(PanelError::SignedOut),
        };
        ready(staff)
    }
}
