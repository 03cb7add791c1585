//! Cookies of the panel, and the pairing that protects forms used before signing in (sign-in,
//! forgotten password, new password): a random token in both a cookie and the form, so that
//! another site cannot post them from a visitor's browser.

use crate::access::sessions::random_token;
use crate::access::staff_sessions::same_secret;
use crate::state::AppState;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite};

/// The cookie that pairs a signed-out form with the browser that loaded it.
const PAIRING_COOKIE: &str = "okienko_form";

/// A panel cookie: HttpOnly, SameSite=Strict, Secure behind https, for `/panel` only.
pub fn cookie(state: &AppState, name: &'static str, value: String) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/panel")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.public_url.starts_with("https://"))
        .finish()
}

/// A fresh pairing token and the cookie carrying it.
pub fn fresh(state: &AppState) -> (String, Cookie<'static>) {
    let token = random_token();
    (token.clone(), cookie(state, PAIRING_COOKIE, token))
}

/// Whether a posted form's token is the one in this browser's pairing cookie.
pub fn paired(req: &HttpRequest, token: &str) -> bool {
    req.cookie(PAIRING_COOKIE)
        .is_some_and(|c| !token.is_empty() && same_secret(c.value().as_bytes(), token.as_bytes()))
}

/// The cookie that removes the pairing once its form did its work.
pub fn spent(state: &AppState) -> Cookie<'static> {
    let mut gone = cookie(state, PAIRING_COOKIE, String::new());
    gone.make_removal();
    gone
}
