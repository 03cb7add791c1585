//! Signing in and out of the panel. The sign-in form is protected from cross-site posts by
//! its pairing token; a signed-in session's forms by the session's own token.

use super::form::PanelForm;
use super::layout::page;
use super::pairing;
use super::session::SESSION_COOKIE;
use super::{PanelError, Staff};
use crate::access::staff_sessions::{self, STAFF_SESSION_HOURS};
use crate::access::{AccessError, Role};
use crate::domain::network::ClientAddr;
use crate::state::AppState;
use actix_web::cookie::{Cookie, time::Duration};
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, get, post, web};
use maud::{Markup, html};
use serde::Deserialize;
use std::time::Instant;

/// Where to go after signing in: a panel address of this site only.
fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if super::is_panel(n.split(['?', '#']).next().unwrap_or(""))
                && !n.contains("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n
        }
        _ => "/panel",
    }
}

/// Query of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// The sign-in form as posted.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    next: Option<String>,
}

fn form(csrf: &str, next: &str, email: &str, error: Option<&str>) -> Markup {
    html! {
        div.narrow {
            h1 { "Logowanie do panelu" }
            @if let Some(error) = error {
                p.notice #login-error role="alert" { (error) }
            }
            form method="post" action="/panel/login" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="next" value=(next);
                div.field {
                    label for="email" { "E-mail" }
                    input #email type="email" name="email" value=(email) autocomplete="username"
                        required aria-describedby=[error.map(|_| "login-error")];
                }
                div.field {
                    label for="password" { "Hasło" }
                    input #password type="password" name="password"
                        autocomplete="current-password" required;
                }
                button type="submit" { "Zaloguj się" }
            }
            p { a href="/panel/password/forgot" { "Nie pamiętasz hasła?" } }
        }
    }
}

/// The sign-in form, with a fresh pairing token.
fn form_response(
    state: &AppState,
    status: actix_web::http::StatusCode,
    next: &str,
    email: &str,
    error: Option<&str>,
) -> HttpResponse {
    let (csrf, pairing) = pairing::fresh(state);
    let body = page("Logowanie", None, form(&csrf, next, email, error));
    HttpResponse::build(status)
        .cookie(pairing)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/html; charset=utf-8")
        .body(body.into_string())
}

fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// `GET /panel/login`: the form, or straight on when already signed in.
#[get("/panel/login")]
pub async fn login_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<LoginQuery>,
) -> HttpResponse {
    let next = safe_next(query.next.as_deref());
    if Staff::extract(&req).await.is_ok() {
        return see_other(next);
    }
    form_response(&state, actix_web::http::StatusCode::OK, next, "", None)
}

/// `POST /panel/login`: opens a session and goes on, or shows the form again with the
/// reason in Polish.
#[post("/panel/login")]
pub async fn sign_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: PanelForm<LoginForm>,
) -> Result<HttpResponse, PanelError> {
    let form = form.into_inner();
    if !pairing::paired(&req, &form.csrf) {
        return Err(PanelError::StaleForm);
    }
    let next = safe_next(form.next.as_deref()).to_owned();
    let retry = |message: &str| {
        form_response(
            &state,
            actix_web::http::StatusCode::UNAUTHORIZED,
            &next,
            &form.email,
            Some(message),
        )
    };
    if let Some(ClientAddr(ip)) = req.extensions().get::<ClientAddr>().copied()
        && state.login_limiter.check(ip, Instant::now()).is_err()
    {
        return Ok(retry(
            "Zbyt wiele prób logowania z tego komputera. Odczekaj kilka minut i spróbuj ponownie.",
        ));
    }
    let (token, who) = match staff_sessions::sign_in(
        &state.db,
        state.clock.as_ref(),
        &form.email,
        form.password.clone(),
    )
    .await
    {
        Ok(signed_in) => signed_in,
        Err(AccessError::WrongCredentials) => {
            return Ok(retry(
                "Nieprawidłowy e-mail lub hasło. Po pięciu nieudanych próbach konto jest blokowane na 15 minut.",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    let next = if who.must_change_password {
        "/panel/password".to_owned()
    } else if who.role == Role::Liaison && next == "/panel" {
        "/panel/referrals".to_owned()
    } else {
        next
    };
    Ok(HttpResponse::SeeOther()
        .cookie(session_cookie(&state, token))
        .cookie(pairing::spent(&state))
        .insert_header((header::LOCATION, next))
        .finish())
}

/// The cookie of a new panel session.
pub(super) fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    let mut session = pairing::cookie(state, SESSION_COOKIE, token);
    session.set_max_age(Duration::hours(STAFF_SESSION_HOURS));
    session
}

/// The sign-out form as posted.
#[derive(Debug, Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /panel/logout`: ends this session and forgets its cookie.
#[post("/panel/logout")]
pub async fn sign_out(
    state: web::Data<AppState>,
    staff: Staff,
    form: PanelForm<SignOutForm>,
) -> Result<HttpResponse, PanelError> {
    staff.check(&form.csrf)?;
    if let Some(session) = &staff.session {
        staff_sessions::sign_out(&state.db, state.clock.as_ref(), session).await?;
    }
    let mut gone = pairing::cookie(&state, SESSION_COOKIE, String::new());
    gone.make_removal();
    Ok(HttpResponse::SeeOther()
        .cookie(gone)
        .insert_header((header::LOCATION, "/panel/login"))
        .finish())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_panel_addresses_of_this_site_are_followed() {
        assert_eq!(
            safe_next(Some("/panel/services/1?x=2")),
            "/panel/services/1?x=2"
        );
        assert_eq!(safe_next(Some("/panel")), "/panel");
        for evil in [
            "https://evil.example/panel",
            "//evil.example/panel",
            "/panel//evil.example",
            "/panel\\..\\x",
            "/panelx",
            "/api/v1/referrals",
            "/panel/\nSet-Cookie: x",
        ] {
            assert_eq!(safe_next(Some(evil)), "/panel", "{evil:?}");
        }
        assert_eq!(safe_next(None), "/panel");
    }
}
