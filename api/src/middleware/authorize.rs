//! The authorization middleware: authenticates the bearer token (and checks that its session
//! has not ended), decides from the request's method and path by the one table, and refuses
//! what the table does not allow, before any handler runs. `HEAD` is answered as `GET`
//! without a body; a known path with another method answers 405 with `Allow`.

use super::client_addr;
use super::route_rules::{self, Routing};
use crate::access::staff_sessions::{self, same_secret};
use crate::access::{Principal, TokenError};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{
    Error, HttpMessage,
    body::{BoxBody, EitherBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{
        Method,
        header::{self, AUTHORIZATION, HeaderValue},
    },
    middleware::Next,
    web,
};

/// Authenticates and authorizes every request against [`policy::RULES`].
pub async fn authorize(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody, BoxBody>>, Error> {
    let head = req.method() == Method::HEAD;
    match decide(&req).await {
        Ok(principal) => {
            let signed_in = principal.is_some();
            if let Some(p) = principal {
                req.extensions_mut().insert(p);
            }
            if head {
                // Routed as GET; the HTTP layer sends no body for a HEAD request.
                req.head_mut().method = Method::GET;
            }
            let mut response = next.call(req).await?;
            if signed_in {
                let headers = response.headers_mut();
                if !headers.contains_key(header::CACHE_CONTROL) {
                    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                }
            }
            Ok(response.map_into_left_body())
        }
        Err(Refusal::Error(e)) => Ok(req.error_response(e).map_into_right_body()),
        Err(Refusal::SignIn) => {
            let location = sign_in_location(&req);
            let response = actix_web::HttpResponse::SeeOther()
                .insert_header((header::LOCATION, location))
                .finish();
            Ok(req.into_response(response).map_into_right_body())
        }
        Err(Refusal::ChangePassword) => {
            let response = actix_web::HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/panel/password"))
                .finish();
            Ok(req.into_response(response).map_into_right_body())
        }
        Err(Refusal::PanelForbidden) => {
            let response = crate::panel::forbidden_page();
            Ok(req.into_response(response).map_into_right_body())
        }
        Err(Refusal::Method(allow)) => {
            let mut response = req.error_response(ApiError::bare(ErrorCode::MethodNotAllowed));
            if let Ok(value) = HeaderValue::from_str(&allow.join(", ")) {
                response.headers_mut().insert(header::ALLOW, value);
            }
            Ok(response.map_into_right_body())
        }
    }
}

/// Why a request does not reach its handler.
enum Refusal {
    Error(ApiError),
    /// The methods the path has.
    Method(Vec<&'static str>),
    /// A panel page without a session: to the sign-in form.
    SignIn,
    /// A panel page the role may not see.
    PanelForbidden,
    /// A panel page for an account still on its one-time password: change it first.
    ChangePassword,
}

/// The sign-in form, asked to come back here after (for a page; a form post starts over).
fn sign_in_location(req: &ServiceRequest) -> String {
    if req.method() != Method::GET {
        return "/panel/login".into();
    }
    let here = match req.query_string() {
        "" => req.path().to_owned(),
        query => format!("{}?{query}", req.path()),
    };
    format!("/panel/login?next={}", crate::html::url_encode(&here))
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Self {
        Refusal::Error(e)
    }
}

async fn decide(req: &ServiceRequest) -> Result<Option<Principal>, Refusal> {
    let rules = match route_rules::route(req.method().as_str(), req.path()) {
        Routing::Rules(rules) => rules,
        Routing::WrongMethod(allow) => return Err(Refusal::Method(allow)),
        Routing::Unknown if req.match_pattern().is_some() => {
            tracing::error!("route missing from the authorization table; refused");
            return Err(forbidden().into());
        }
        // No route: the default service answers 404.
        Routing::Unknown => return Ok(authenticate(req).await?),
    };
    let principal = authenticate(req).await?;
    if principal.as_ref().is_some_and(|p| p.must_change_password)
        && !rules
            .iter()
            .all(|r| ONE_TIME_PASSWORD_ROUTES.contains(&r.path))
    {
        if crate::panel::is_panel(req.path()) {
            return Err(Refusal::ChangePassword);
        }
        return Err(ApiError::new(
            ErrorCode::PasswordChangeRequired,
            "Najpierw zmień jednorazowe hasło (POST /api/v1/auth/password).",
            "Change the one-time password first (POST /api/v1/auth/password).",
        )
        .into());
    }
    let role = principal.as_ref().map(|p| p.role);
    let panel = crate::panel::is_panel(req.path());
    if rules.iter().all(|r| r.access.allows(role)) {
        Ok(principal)
    } else if panel && principal.is_none() {
        Err(Refusal::SignIn)
    } else if panel {
        Err(Refusal::PanelForbidden)
    } else if principal.is_none() {
        Err(ApiError::new(
            ErrorCode::Unauthorized,
            "Ta operacja wymaga zalogowania (nagłówek Authorization: Bearer).",
            "This operation needs an account (Authorization: Bearer header).",
        )
        .into())
    } else {
        Err(forbidden().into())
    }
}

/// What an account on a one-time password may still call.
const ONE_TIME_PASSWORD_ROUTES: [&str; 6] = [
    "/api/v1/auth/password",
    "/api/v1/auth/me",
    "/api/v1/auth/logout",
    "/panel/password",
    "/panel/logout",
    "/panel/assets/{file}",
];

fn forbidden() -> ApiError {
    ApiError::new(
        ErrorCode::Forbidden,
        "Twoja rola nie pozwala na tę operację.",
        "Your role does not allow this operation.",
    )
}

/// The caller of a bearer token, `None` without one; a bad token is an error even on public
/// endpoints, so that a client learns its session ended. Failed bearer attempts count against
/// the client's address, as failed logins do.
async fn authenticate(req: &ServiceRequest) -> Result<Option<Principal>, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Unexpected(anyhow::anyhow!("no application state")))?;
    let Some(header) = req.headers().get(AUTHORIZATION) else {
        return panel_session(req, state).await;
    };
    let client = client_addr(req.request());
    let token = header
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let verdict = match token {
        None => Err(invalid_token()),
        Some(token) => check_token(state, token).await?,
    };
    if verdict.is_err()
        && let Some(ip) = client
        && let Some(limiter) = &state.bearer_limiter
        && let Err(wait) = limiter.check(ip, std::time::Instant::now())
    {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "Zbyt wiele nieudanych prób uwierzytelnienia z tego adresu; spróbuj za chwilę.",
            "Too many failed authentication attempts from this address; try again shortly.",
        )
        .retry_after(wait.as_secs().max(1)));
    }
    verdict.map(Some)
}

/// The signed-in staff of a panel page's session cookie, kept for the page's handler; a
/// missing, ended or expired session is no session.
async fn panel_session(
    req: &ServiceRequest,
    state: &AppState,
) -> Result<Option<Principal>, ApiError> {
    if !crate::panel::is_panel(req.path()) {
        return Ok(None);
    }
    let Some(cookie) = req.cookie(crate::panel::SESSION_COOKIE) else {
        return Ok(None);
    };
    let session = staff_sessions::find(&state.db, state.clock.as_ref(), cookie.value()).await?;
    Ok(session.map(|s| {
        let principal = s.principal.clone();
        req.extensions_mut().insert(s);
        principal
    }))
}

/// The principal of a token, or why it is refused (the outer error is a failure to check).
async fn check_token(
    state: &AppState,
    token: &str,
) -> Result<Result<Principal, ApiError>, ApiError> {
    if let Some(admin) = state.admin_token.as_deref()
        && same_secret(token.as_bytes(), admin.as_bytes())
    {
        return Ok(Ok(Principal::admin_token()));
    }
    match state.keys.verify_versioned(token) {
        Ok((p, version)) => {
            if state
                .revocations
                .is_current(&state.db, p.user_id, version)
                .await?
            {
                Ok(Ok(p))
            } else {
                Ok(Err(ApiError::new(
                    ErrorCode::SessionEnded,
                    "Sesja została zakończona (wylogowanie, zmiana hasła lub uprawnień); zaloguj się ponownie.",
                    "The session has ended (logout, password or permission change); log in again.",
                )))
            }
        }
        Err(TokenError::Expired) => Ok(Err(ApiError::new(
            ErrorCode::TokenExpired,
            "Token dostępu wygasł; odnów go (POST /api/v1/auth/refresh) albo zaloguj się ponownie.",
            "The access token has expired; refresh it (POST /api/v1/auth/refresh) or log in again.",
        ))),
        Err(TokenError::Invalid) => Ok(Err(invalid_token())),
    }
}

fn invalid_token() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidToken,
        "Nieprawidłowy token w nagłówku Authorization: Bearer.",
        "Invalid token in the Authorization: Bearer header.",
    )
}
