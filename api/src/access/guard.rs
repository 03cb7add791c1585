//! The authorization middleware: authenticates the bearer token, looks the route up in the
//! table and refuses what the table does not allow, before any handler runs.

use super::policy;
use super::{Principal, TokenError};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{
    Error, HttpMessage,
    body::{EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::header::AUTHORIZATION,
    middleware::Next,
    web,
};

/// Authenticates and authorizes every request against [`policy::RULES`].
pub async fn authorize(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    match decide(&req) {
        Ok(principal) => {
            if let Some(p) = principal {
                req.extensions_mut().insert(p);
            }
            Ok(next.call(req).await?.map_into_left_body())
        }
        Err(e) => Ok(req.error_response(e).map_into_right_body()),
    }
}

fn decide(req: &ServiceRequest) -> Result<Option<Principal>, ApiError> {
    let principal = authenticate(req)?;
    let Some(pattern) = req.match_pattern() else {
        // No route: the default service answers 404.
        return Ok(principal);
    };
    let Some(rule) = policy::lookup(req.method().as_str(), &pattern) else {
        if policy::knows_path(&pattern) {
            // A method the route does not have: actix answers 405.
            return Ok(principal);
        }
        tracing::error!(
            pattern,
            "route missing from the authorization table; refused"
        );
        return Err(forbidden());
    };
    if principal.as_ref().is_some_and(|p| p.must_change_password)
        && !ONE_TIME_PASSWORD_ROUTES.contains(&rule.path)
    {
        return Err(ApiError::new(
            ErrorCode::PasswordChangeRequired,
            "Najpierw zmień jednorazowe hasło (POST /api/v1/auth/password).",
            "Change the one-time password first (POST /api/v1/auth/password).",
        ));
    }
    let role = principal.as_ref().map(|p| p.role);
    if rule.access.allows(role) {
        Ok(principal)
    } else if principal.is_none() {
        Err(ApiError::new(
            ErrorCode::Unauthorized,
            "Ta operacja wymaga zalogowania (nagłówek Authorization: Bearer).",
            "This operation needs an account (Authorization: Bearer header).",
        ))
    } else {
        Err(forbidden())
    }
}

/// What an account on a one-time password may still call.
const ONE_TIME_PASSWORD_ROUTES: [&str; 3] = [
    "/api/v1/auth/password",
    "/api/v1/auth/me",
    "/api/v1/auth/logout",
];

fn forbidden() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "Twoja rola nie pozwala na tę operację.",
        "Your role does not allow this operation.",
    )
}

/// The caller of a bearer token, `None` without one; a bad token is an error even on public
/// endpoints, so that a client learns its session ended.
fn authenticate(req: &ServiceRequest) -> Result<Option<Principal>, ApiError> {
    let Some(header) = req.headers().get(AUTHORIZATION) else {
        return Ok(None);
    };
    let token = header
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(invalid_token)?;
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Unexpected(anyhow::anyhow!("no application state")))?;
    if let Some(admin) = state.admin_token.as_deref()
        && constant_time_eq(token.as_bytes(), admin.as_bytes())
    {
        return Ok(Some(Principal::admin_token()));
    }
    match state.keys.verify(token) {
        Ok(p) => Ok(Some(p)),
        Err(TokenError::Expired) => Err(ApiError::new(
            ErrorCode::TokenExpired,
            "Token dostępu wygasł; odnów go (POST /api/v1/auth/refresh) albo zaloguj się ponownie.",
            "The access token has expired; refresh it (POST /api/v1/auth/refresh) or log in again.",
        )),
        Err(TokenError::Invalid) => Err(invalid_token()),
    }
}

fn invalid_token() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidToken,
        "Nieprawidłowy token w nagłówku Authorization: Bearer.",
        "Invalid token in the Authorization: Bearer header.",
    )
}

/// Compares secrets in time independent of where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn token_comparison() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
