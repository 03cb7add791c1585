//! Passwords in the panel: changing one's own (`/panel/password`, where an account on a
//! one-time password is sent first), and setting a forgotten one through a link sent by
//! e-mail (`/panel/password/forgot`, `/panel/password/reset?token=…`).

use super::form::{FormErrors, PanelForm, described_by, error_for, html_page};
use super::layout::page;
use super::{PanelError, Staff, pairing};
use crate::access::password_reset::RESET_LINK_MINUTES;
use crate::access::sessions::change_password;
use crate::access::{AccessError, Role, staff_sessions};
use crate::domain::network::ClientAddr;
use crate::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, get, post, web};
use maud::{Markup, html};
use serde::Deserialize;
use std::time::Instant;

/// The change form as posted.
#[derive(Debug, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// The forgotten-password form as posted.
#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
}

/// The link's token, in the address or the form.
#[derive(Debug, Deserialize)]
pub struct ResetQuery {
    #[serde(default)]
    token: String,
}

/// The new-password form as posted.
#[derive(Debug, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

fn new_password_fields(errors: &FormErrors) -> Markup {
    let min = crate::access::accounts::MIN_PASSWORD_CHARS;
    html! {
        div.field {
            label for="new" { "Nowe hasło (co najmniej " (min) " znaków)" }
            input #new type="password" name="new" autocomplete="new-password" required
                minlength=(min) aria-describedby=[described_by(errors, "new")];
            (error_for(errors, "new"))
        }
        div.field {
            label for="repeat" { "Powtórz nowe hasło" }
            input #repeat type="password" name="repeat" autocomplete="new-password" required
                aria-describedby=[described_by(errors, "repeat")];
            (error_for(errors, "repeat"))
        }
    }
}

/// The message of a password under the minimum length.
fn too_short(min: usize) -> String {
    format!("Hasło musi mieć co najmniej {min} znaków.")
}

/// Checks the two new-password fields against each other and the minimum.
fn check_new(new: &str, repeat: &str, errors: &mut FormErrors) {
    let min = crate::access::accounts::MIN_PASSWORD_CHARS;
    if new.chars().count() < min {
        errors.add("new", too_short(min));
    }
    if new != repeat {
        errors.add("repeat", "Hasła różnią się – wpisz to samo hasło dwa razy.");
    }
}

fn status_of(errors: &FormErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

fn change_page(staff: &Staff, errors: &FormErrors) -> HttpResponse {
    let body = page(
        "Zmiana hasła",
        Some(staff),
        html! {
            div.narrow {
                h1 { "Zmiana hasła" }
                @if staff.principal.must_change_password {
                    p.notice { "Logujesz się hasłem jednorazowym. Ustal własne hasło, żeby korzystać z panelu." }
                }
                form method="post" action="/panel/password" {
                    input type="hidden" name="csrf" value=(staff.csrf());
                    div.field {
                        label for="current" { "Obecne hasło" }
                        input #current type="password" name="current" autocomplete="current-password"
                            required aria-describedby=[described_by(errors, "current")];
                        (error_for(errors, "current"))
                    }
                    (new_password_fields(errors))
                    button type="submit" { "Zmień hasło" }
                }
                p.meta { "Po zmianie hasła wszystkie inne sesje tego konta zostaną zakończone." }
            }
        },
    );
    html_page(status_of(errors), body)
}

/// `GET /panel/password`: the change form.
#[get("/panel/password")]
pub async fn change_form(staff: Staff) -> HttpResponse {
    change_page(&staff, &FormErrors::default())
}

/// `POST /panel/password`: changes the password, ends every session of the account and opens
/// a new one for this browser.
#[post("/panel/password")]
pub async fn change(
    state: web::Data<AppState>,
    staff: Staff,
    form: PanelForm<ChangeForm>,
) -> Result<HttpResponse, PanelError> {
    staff.check(&form.csrf)?;
    let mut errors = FormErrors::default();
    check_new(&form.new, &form.repeat, &mut errors);
    if !errors.is_empty() {
        return Ok(change_page(&staff, &errors));
    }
    let p = &staff.principal;
    let clock = state.clock.as_ref();
    match change_password(&state.db, clock, p, form.current.clone(), form.new.clone()).await {
        Ok(()) => {}
        Err(AccessError::WrongCurrentPassword) => {
            errors.add("current", "Obecne hasło jest nieprawidłowe.");
            return Ok(change_page(&staff, &errors));
        }
        Err(AccessError::PasswordTooShort { min }) => {
            errors.add("new", too_short(min));
            return Ok(change_page(&staff, &errors));
        }
        Err(e) => return Err(e.into()),
    }
    let (token, _) = staff_sessions::sign_in(&state.db, clock, &p.email, form.new.clone()).await?;
    let home = if p.role == Role::Liaison {
        "/panel/referrals"
    } else {
        "/panel"
    };
    let body = page(
        "Hasło zmienione",
        None,
        html! {
            h1 { "Hasło zmienione" }
            p role="status" { "Nowe hasło działa od teraz. Inne sesje tego konta zostały zakończone." }
            p { a href=(home) { "Przejdź do panelu" } }
        },
    );
    Ok(HttpResponse::Ok()
        .cookie(super::login::session_cookie(&state, token))
        .content_type("text/html; charset=utf-8")
        .body(body.into_string()))
}

/// A page of a signed-out form; `main` gets the form's pairing token.
fn form_page(
    state: &AppState,
    status: StatusCode,
    title: &str,
    main: impl FnOnce(&str) -> Markup,
) -> HttpResponse {
    let (csrf, cookie) = pairing::fresh(state);
    let body = page(
        title,
        None,
        html! { div.narrow { h1 { (title) } (main(&csrf)) } },
    );
    let mut response = html_page(status, body);
    response.add_cookie(&cookie).ok();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// A signed-out page without a form.
fn message(status: StatusCode, title: &str, main: Markup) -> HttpResponse {
    html_page(
        status,
        page(title, None, html! { div.narrow { h1 { (title) } (main) } }),
    )
}

fn forgot_form(csrf: &str, email: &str) -> Markup {
    html! {
        p { "Podaj e-mail konta. Wyślemy na niego link do ustawienia nowego hasła (działa " (RESET_LINK_MINUTES) " minut)." }
        form method="post" action="/panel/password/forgot" {
            input type="hidden" name="csrf" value=(csrf);
            div.field {
                label for="email" { "E-mail" }
                input #email type="email" name="email" value=(email) autocomplete="username" required;
            }
            button type="submit" { "Wyślij link" }
        }
        p { a href="/panel/login" { "Wróć do logowania" } }
    }
}

/// `GET /panel/password/forgot`: asks for the account's e-mail.
#[get("/panel/password/forgot")]
pub async fn forgot_page(state: web::Data<AppState>) -> HttpResponse {
    form_page(&state, StatusCode::OK, "Nie pamiętam hasła", |csrf| {
        forgot_form(csrf, "")
    })
}

/// `POST /panel/password/forgot`: sends the link if the account exists; answers alike
/// either way.
#[post("/panel/password/forgot")]
pub async fn forgot(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: PanelForm<ForgotForm>,
) -> Result<HttpResponse, PanelError> {
    if !pairing::paired(&req, &form.csrf) {
        return Err(PanelError::StaleForm);
    }
    if let Some(ClientAddr(ip)) = req.extensions().get::<ClientAddr>().copied()
        && state.login_limiter.check(ip, Instant::now()).is_err()
    {
        let main = |csrf: &str| {
            html! {
                p.notice role="alert" { "Zbyt wiele prób z tego komputera. Odczekaj kilka minut i spróbuj ponownie." }
                (forgot_form(csrf, &form.email))
            }
        };
        let status = StatusCode::TOO_MANY_REQUESTS;
        return Ok(form_page(&state, status, "Nie pamiętam hasła", main));
    }
    state
        .resets
        .request(
            &state.db,
            state.clock.as_ref(),
            &form.email,
            &state.public_url,
        )
        .await?;
    let main = html! {
        p role="status" {
            "Jeśli w panelu jest konto z tym adresem, wysłaliśmy na nie link do ustawienia nowego hasła. "
            "Link działa " (RESET_LINK_MINUTES) " minut. Sprawdź też folder spam."
        }
        p { a href="/panel/login" { "Wróć do logowania" } }
    };
    Ok(message(StatusCode::OK, "Sprawdź skrzynkę", main))
}

fn link_gone() -> HttpResponse {
    let main = html! {
        p.notice role="alert" { "Ten link jest nieważny, został już użyty albo minął jego czas." }
        p { a href="/panel/password/forgot" { "Poproś o nowy link" } }
    };
    message(StatusCode::GONE, "Link nie działa", main)
}

fn reset_page(state: &AppState, token: &str, errors: &FormErrors) -> HttpResponse {
    form_page(state, status_of(errors), "Nowe hasło", |csrf| {
        html! {
            form method="post" action="/panel/password/reset" {
                input type="hidden" name="csrf" value=(csrf);
                input type="hidden" name="token" value=(token);
                (new_password_fields(errors))
                button type="submit" { "Ustaw hasło" }
            }
        }
    })
}

/// `GET /panel/password/reset?token=…`: the new-password form of a link that still works.
#[get("/panel/password/reset")]
pub async fn reset_form(
    state: web::Data<AppState>,
    query: web::Query<ResetQuery>,
) -> Result<HttpResponse, PanelError> {
    match state
        .resets
        .check(&state.db, state.clock.as_ref(), &query.token)
        .await
    {
        Ok(_) => Ok(reset_page(&state, &query.token, &FormErrors::default())),
        Err(AccessError::InvalidResetLink) => Ok(link_gone()),
        Err(e) => Err(e.into()),
    }
}

/// `POST /panel/password/reset`: sets the new password; every session of the account ends.
#[post("/panel/password/reset")]
pub async fn reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: PanelForm<ResetForm>,
) -> Result<HttpResponse, PanelError> {
    if !pairing::paired(&req, &form.csrf) {
        return Err(PanelError::StaleForm);
    }
    let mut errors = FormErrors::default();
    check_new(&form.new, &form.repeat, &mut errors);
    if !errors.is_empty() {
        return Ok(reset_page(&state, &form.token, &errors));
    }
    let clock = state.clock.as_ref();
    match state
        .resets
        .reset(&state.db, clock, &form.token, form.new.clone())
        .await
    {
        Ok(_) => {
            let main = html! {
                p role="status" { "Hasło zostało ustawione. Wszystkie dotychczasowe sesje tego konta zostały zakończone." }
                p { a href="/panel/login" { "Zaloguj się" } }
            };
            Ok(message(StatusCode::OK, "Hasło ustawione", main))
        }
        Err(AccessError::InvalidResetLink) => Ok(link_gone()),
        Err(AccessError::PasswordTooShort { min }) => {
            errors.add("new", too_short(min));
            Ok(reset_page(&state, &form.token, &errors))
        }
        Err(e) => Err(e.into()),
    }
}
