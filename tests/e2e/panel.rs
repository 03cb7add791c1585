//! The staff panel over HTTP: signing in and out, sessions that end, forms that need their
//! CSRF token, and the counter screen.

use crate::helpers::{TestApp, spawn_app};
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use std::collections::BTreeMap;

/// A browser without JavaScript: keeps cookies, never follows redirects.
pub struct Browser<'a> {
    app: &'a TestApp,
    client: reqwest::Client,
    /// Cookie name → (value, the Set-Cookie line it came with).
    pub cookies: BTreeMap<String, (String, String)>,
}

/// What a page answered.
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub content_type: String,
    pub body: String,
}

impl Page {
    /// The value of the first hidden `csrf` field.
    pub fn csrf(&self) -> String {
        hidden(&self.body, "csrf").expect("a csrf field")
    }
}

/// The value of the first `<input … name="{name}" value="…">`.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + name.len() + 15..];
    Some(rest[..rest.find('"')?].to_owned())
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookies: BTreeMap::new(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Page {
        let cookie: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, (v, _))| format!("{k}={v}"))
            .collect();
        let request = if cookie.is_empty() {
            request
        } else {
            request.header(COOKIE, cookie.join("; "))
        };
        let response = request.send().await.expect("request");
        for line in response.headers().get_all(SET_COOKIE) {
            let line = line.to_str().expect("ascii").to_owned();
            let (name, value) = line
                .split(';')
                .next()
                .and_then(|pair| pair.split_once('='))
                .expect("name=value");
            if value.is_empty() || line.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies
                    .insert(name.to_owned(), (value.to_owned(), line.clone()));
            }
        }
        Page {
            status: response.status().as_u16(),
            location: response
                .headers()
                .get(LOCATION)
                .map(|v| v.to_str().expect("ascii").to_owned()),
            content_type: response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .map(|v| v.to_str().expect("ascii").to_owned())
                .unwrap_or_default(),
            body: response.text().await.expect("body"),
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.app.address));
        self.send(request).await
    }

    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let request = self
            .client
            .post(format!("{}{path}", self.app.address))
            .form(form);
        self.send(request).await
    }

    /// Signs in through the form; returns the page the form answered.
    pub async fn sign_in(&mut self, email: &str, password: &str, next: &str) -> Page {
        let form = self.get("/panel/login").await;
        assert_eq!(form.status, 200);
        let csrf = form.csrf();
        self.post(
            "/panel/login",
            &[
                ("email", email),
                ("password", password),
                ("csrf", &csrf),
                ("next", next),
            ],
        )
        .await
    }
}

#[tokio::test]
async fn staff_sign_in_with_a_form_and_sessions_end_on_logout_and_password_change() {
    let app = spawn_app().await;
    let password = app.add_user("recepcja@cus.example.pl", "front_desk", &[]);
    let mut browser = Browser::new(&app);

    // Without a session a page sends to the sign-in form, asking to come back.
    let away = browser.get("/panel?q=obiady").await;
    assert_eq!(away.status, 303);
    assert_eq!(
        away.location.as_deref(),
        Some("/panel/login?next=%2Fpanel%3Fq%3Dobiady")
    );

    // A wrong password answers the form again, in Polish, keeping the e-mail.
    let wrong = browser
        .sign_in("recepcja@cus.example.pl", "nie-to-haslo", "/panel")
        .await;
    assert_eq!(wrong.status, 401);
    assert!(
        wrong.content_type.starts_with("text/html"),
        "{}",
        wrong.content_type
    );
    assert!(wrong.body.contains("Nieprawidłowy e-mail lub hasło"));
    assert!(wrong.body.contains("value=\"recepcja@cus.example.pl\""));
    assert!(!browser.cookies.contains_key("okienko_panel"));

    // Another site's form (no pairing cookie) is refused and opens nothing.
    let mut stranger = Browser::new(&app);
    let forged = stranger
        .post(
            "/panel/login",
            &[
                ("email", "recepcja@cus.example.pl"),
                ("password", &password),
                ("csrf", "made-up"),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);
    assert!(!stranger.cookies.contains_key("okienko_panel"));

    // The right password opens a session; `next` may only name a panel page.
    let signed_in = browser
        .sign_in(
            "recepcja@cus.example.pl",
            &password,
            "https://evil.example/panel",
        )
        .await;
    assert_eq!(signed_in.status, 303);
    assert_eq!(signed_in.location.as_deref(), Some("/panel"));
    let (_, line) = browser
        .cookies
        .get("okienko_panel")
        .expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/panel"] {
        assert!(line.contains(flag), "{line}");
    }
    assert!(!line.contains("Secure"), "plain http: {line}");

    let counter = browser.get("/panel?q=obiady").await;
    assert_eq!(counter.status, 200);
    assert!(counter.body.contains("recepcja@cus.example.pl"));
    assert!(counter.body.contains("Osoba do kontaktu"));
    assert!(counter.body.contains("/panel/services/"));

    // Logging out needs the session's token; without it nothing changes.
    let refused = browser.post("/panel/logout", &[("csrf", "stale")]).await;
    assert_eq!(refused.status, 403);
    assert_eq!(browser.get("/panel").await.status, 200);
    let kept = browser.cookies.clone();
    let out = browser
        .post("/panel/logout", &[("csrf", &counter.csrf())])
        .await;
    assert_eq!(out.status, 303);
    assert!(!browser.cookies.contains_key("okienko_panel"));
    // The old cookie, replayed, is no session any more.
    browser.cookies = kept;
    assert_eq!(browser.get("/panel").await.status, 303);

    // A password change (through the API) ends the panel session too.
    browser.cookies.clear();
    browser
        .sign_in("recepcja@cus.example.pl", &password, "/panel")
        .await;
    assert_eq!(browser.get("/panel").await.status, 200);
    let tokens = app.login("recepcja@cus.example.pl", &password).await;
    let changed = app
        .client
        .post(format!("{}/api/v1/auth/password", app.address))
        .bearer_auth(tokens["access_token"].as_str().expect("token"))
        .json(&serde_json::json!({
            "current_password": password,
            "new_password": "nowe-haslo-recepcji-2026"
        }))
        .send()
        .await
        .expect("request");
    assert!(changed.status().is_success(), "{}", changed.status());
    let ended = browser.get("/panel").await;
    assert_eq!(ended.status, 303);
    assert!(
        ended
            .location
            .expect("to sign-in")
            .starts_with("/panel/login")
    );
}

#[tokio::test]
async fn the_counter_screen_filters_and_shows_each_offers_liaison_hours_and_freshness() {
    let app = spawn_app().await;
    let password = app.add_user("punkt@cus.example.pl", "front_desk", &[]);
    let mut browser = Browser::new(&app);
    browser
        .sign_in("punkt@cus.example.pl", &password, "/panel")
        .await;
    let empty = browser.get("/panel").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("Czego szuka mieszkaniec?"));
    assert!(!empty.body.contains("Znaleziono"), "no search yet");

    let all = browser.get("/panel?q=pomoc").await;
    let free = browser.get("/panel?q=pomoc&free=1").await;
    let count = |page: &Page| -> u64 {
        let at = page.body.find("Znaleziono: <strong>").expect("a count") + 20;
        page.body[at..]
            .split('<')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a number")
    };
    assert!(
        count(&all) > count(&free),
        "{} > {}",
        count(&all),
        count(&free)
    );
    assert!(free.body.contains("name=\"free\" value=\"1\" checked"));
    for text in [
        "Osoba do kontaktu",
        "Godziny:",
        "Potwierdzone przez partnera",
    ] {
        assert!(all.body.contains(text), "{text}");
    }
    // Every value is escaped: markup in the query comes back as text.
    let hostile = browser
        .get("/panel?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert_eq!(hostile.status, 200);
    assert!(!hostile.body.contains("<script>"));
    assert!(hostile.body.contains("&lt;script&gt;"));
}
