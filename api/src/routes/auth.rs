//! `POST /api/v1/auth/login`, `/refresh`, `/logout` and `GET /api/v1/auth/me`.

use crate::access::Role;
use crate::access::sessions::{self, Tokens};
use crate::error::{AccessRefusals, ApiError, ErrorCode, Problem};
use crate::routes::extract::Caller;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use std::time::Instant;
use utoipa::ToSchema;
use uuid::Uuid;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me)
        .service(change_password);
}

/// E-mail and password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Account e-mail.
    #[schema(example = "koordynator@cus.example.pl")]
    pub email: String,
    /// Password.
    pub password: String,
}

/// A refresh token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token of the last login or refresh.
    pub refresh_token: String,
}

/// The account behind the access token.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    /// Account id.
    pub id: Uuid,
    /// E-mail.
    pub email: String,
    /// Role.
    pub role: Role,
    /// Tenant.
    pub tenant_id: Uuid,
    /// A liaison's organization.
    pub organization_id: Option<Uuid>,
}

/// Log in with e-mail and password. After 5 failed attempts in a row the account is locked
/// for 15 minutes (answered like a wrong password); each address may try 10 times a minute.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "access",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Tokens", body = Tokens),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong e-mail or password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address (see Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/login")]
#[tracing::instrument(skip_all)]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    if let Some(ip) = crate::middleware::client_addr(&req)
        && let Err(wait) = state.login_limiter.check(ip, Instant::now())
    {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "Zbyt wiele prób logowania z tego adresu; spróbuj za chwilę.",
            "Too many login attempts from this address; try again shortly.",
        )
        .retry_after(wait.as_secs()));
    }
    let body = body.into_inner();
    let tokens = sessions::login(
        &state.db,
        &state.keys,
        state.clock.as_ref(),
        &body.email,
        body.password,
    )
    .await?;
    Ok(no_store(HttpResponse::Ok()).json(tokens))
}

/// Exchange a refresh token for new tokens. Each refresh token works once; presenting a
/// spent one ends the whole session.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "access",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = Tokens),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Invalid, spent or expired refresh token", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/refresh")]
#[tracing::instrument(skip_all)]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let tokens = sessions::refresh(
        &state.db,
        &state.keys,
        state.clock.as_ref(),
        &body.refresh_token,
    )
    .await?;
    Ok(no_store(HttpResponse::Ok()).json(tokens))
}

/// Log out: every access and refresh token of the refresh token's account ends now (on
/// other instances within the sync interval).
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "access",
    request_body = RefreshRequest,
    responses(
        (status = 204, description = "Logged out"),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/logout")]
#[tracing::instrument(skip_all)]
pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    if let Some(user) =
        sessions::logout(&state.db, state.clock.as_ref(), &body.refresh_token).await?
    {
        state.revocations.forget(user);
    }
    Ok(HttpResponse::NoContent().finish())
}

/// The account of the access token.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "access",
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "The account", body = Me),
    ))]
#[get("/api/v1/auth/me")]
pub async fn me(caller: Caller) -> HttpResponse {
    let p = caller.0;
    HttpResponse::Ok().json(Me {
        id: p.user_id,
        email: p.email,
        role: p.role,
        tenant_id: p.tenant_id,
        organization_id: p.organization_id,
    })
}

/// The current and a new password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password now (the one-time password after `okienko user add`).
    pub current_password: String,
    /// The new password, at least 12 characters.
    pub new_password: String,
}

/// Change the caller's password; every session of the account ends (log in again).
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "access",
    request_body = PasswordChange,
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 204, description = "Changed; log in again"),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The new password is too short", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/auth/password")]
#[tracing::instrument(skip_all)]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    sessions::change_password(
        &state.db,
        state.clock.as_ref(),
        &caller.0,
        body.current_password,
        body.new_password,
    )
    .await?;
    state.revocations.forget(caller.0.user_id);
    Ok(HttpResponse::NoContent().finish())
}

fn no_store(mut builder: actix_web::HttpResponseBuilder) -> actix_web::HttpResponseBuilder {
    builder.insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"));
    builder
}
