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
            // A fresh connection per request: a pooled one the server closed after idling
            // (a test waiting for mail) would fail the next request at random.
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .pool_max_idle_per_host(0)
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

    // The list is drawn from the index alone: an offer's liaison as the API has them, and a
    // renamed liaison once the change reaches the index.
    let service = crate::security::first_service_of(&app, crate::security::ORG_A).await;
    let name = service["name"].as_str().expect("a name");
    let liaison = service["liaison"]["name"].as_str().expect("a liaison");
    let query = format!("/panel?q={}", name.replace(' ', "+"));
    let card = |page: &Page| -> String {
        let at = page.body.find(name).expect("the offer listed");
        page.body[at..at + page.body[at..].find("</li>").expect("card end")].to_owned()
    };
    assert!(card(&browser.get(&query).await).contains(liaison));
    let coordinator = crate::security::default_coordinator(&app).await;
    let mut organization = crate::security::organization(&app, crate::security::ORG_A).await;
    let first = organization["liaisons"]
        .as_array_mut()
        .and_then(|l| l.iter_mut().find(|l| l["id"] == service["liaison"]["id"]))
        .expect("the offer's liaison");
    first["first_name"] = serde_json::json!("Zofia");
    first["last_name"] = serde_json::json!("Zastępcza");
    let renamed = app
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/organizations/{}", crate::security::ORG_A),
            &coordinator,
            Some(serde_json::json!({"liaisons": organization["liaisons"]})),
        )
        .await;
    assert_eq!(renamed.status(), 200);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let shown = card(&browser.get(&query).await);
        if shown.contains("Zofia Zastępcza") {
            assert!(!shown.contains(liaison), "{shown}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never renamed: {shown}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The first offer the counter screen lists for `q`: its card's address.
pub async fn first_offer(browser: &mut Browser<'_>, q: &str) -> String {
    let results = browser.get(&format!("/panel?q={q}")).await;
    let at = results
        .body
        .find("href=\"/panel/services/")
        .expect("an offer")
        + 6;
    let path = &results.body[at..];
    path[..path.find(['"', '#']).expect("end")].to_owned()
}

/// The tracking code printed on a slip.
fn code_on(slip: &str) -> String {
    let at = slip.find("<p class=\"code\">").expect("a code") + 16;
    slip[at..at + 31].to_owned()
}

#[tokio::test]
async fn the_front_desk_refers_from_the_card_and_prints_a_slip_that_tracks_the_case() {
    let app = spawn_app().await;
    let password = app.add_user("lada@cus.example.pl", "front_desk", &[]);
    let mut browser = Browser::new(&app);
    browser
        .sign_in("lada@cus.example.pl", &password, "/panel")
        .await;
    let card_path = first_offer(&mut browser, "opieka").await;
    let card = browser.get(&card_path).await;
    assert_eq!(card.status, 200);
    assert!(card.body.contains("Skieruj mieszkańca"));
    assert!(
        card.body.contains("counter-2026-11"),
        "the consent version is shown"
    );
    let csrf = card.csrf();
    let key = hidden(&card.body, "key").expect("an idempotency key");
    let refer = format!("{card_path}/refer");

    // Mistakes come back on the form, next to their fields, with what was typed.
    let wrong = browser
        .post(
            &refer,
            &[
                ("csrf", &csrf),
                ("key", &key),
                ("name", "Jan Próbny"),
                ("need", "Tata po udarze"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("id=\"contact-error\""));
    assert!(wrong.body.contains("id=\"consent-error\""));
    assert!(wrong.body.contains("value=\"Jan Próbny\""));
    assert!(wrong.body.contains("Tata po udarze"));

    // A name alone (the slip only), in Ukrainian; sent twice, one referral.
    let form = [
        ("csrf", csrf.as_str()),
        ("key", key.as_str()),
        ("name", "Jan Próbny"),
        ("no_contact", "1"),
        ("need", "Tata po udarze"),
        ("language", "uk"),
        ("consent", "1"),
    ];
    let created = browser.post(&refer, &form).await;
    assert_eq!(created.status, 303);
    let referral = created.location.expect("the referral page");
    assert!(referral.starts_with("/panel/referrals/"));
    let again = browser.post(&refer, &form).await;
    assert_eq!(
        again.location.as_deref(),
        Some(referral.as_str()),
        "one referral"
    );

    let page = browser.get(&referral).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Jan Próbny"));
    assert!(page.body.contains("bez danych kontaktowych"));
    let slip = browser.get(&format!("{referral}/slip")).await;
    assert_eq!(slip.status, 200);
    assert!(slip.body.contains("Skierowanie") && slip.body.contains("Направлення"));
    assert!(slip.body.contains("/embed/track"));
    assert!(
        !slip.body.contains("Jan Próbny"),
        "no personal data on the slip"
    );
    // The printed code is the case's: the resident can follow it.
    let code = code_on(&slip.body);
    let tracked = app.get(&format!("/api/v1/referrals/track/{code}")).await;
    assert_eq!(tracked.status(), 200, "{code}");
    // Printed again, the same code.
    let reprint = browser.get(&format!("{referral}/slip")).await;
    assert_eq!(code_on(&reprint.body), code);

    // A liaison of an organization the referral did not go to cannot print it.
    let organizations = app.get_json("/api/v1/organizations?per_page=100").await;
    let service_id = card_path.trim_start_matches("/panel/services/");
    let service = app
        .get_json(&format!("/api/v1/services/{service_id}"))
        .await;
    let own = service["organization"]["id"]
        .as_str()
        .expect("organization");
    let other = organizations["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|o| o["id"].as_str())
        .find(|id| *id != own)
        .expect("another organization");
    let liaison = app.add_user(
        "obcy@partner.example.pl",
        "liaison",
        &["--organization", other],
    );
    let mut stranger = Browser::new(&app);
    stranger
        .sign_in("obcy@partner.example.pl", &liaison, "/panel")
        .await;
    assert_eq!(stranger.get(&format!("{referral}/slip")).await.status, 403);
    assert_eq!(stranger.get(&referral).await.status, 403);

    // A form of another session is refused and creates nothing.
    let forged = stranger
        .post(
            &refer,
            &[
                ("csrf", &csrf),
                ("key", "other"),
                ("name", "X"),
                ("no_contact", "1"),
                ("consent", "1"),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);
}

#[tokio::test]
async fn the_first_start_prints_demo_accounts_that_sign_in_once_only() {
    let app = spawn_app().await;
    let printed = app.stdout_text();
    let front_desk = printed
        .lines()
        .find(|l| l.trim_start().starts_with("recepcja@demo.example.org"))
        .unwrap_or_else(|| panic!("no demo front desk in {printed:?}"));
    let password = front_desk.split_whitespace().last().expect("a password");
    assert!(password.len() >= 12);
    assert!(printed.contains("partner@demo.example.org"));
    assert!(
        !app.log_text().contains(password),
        "passwords never reach the log"
    );
    let mut browser = Browser::new(&app);
    let signed_in = browser
        .sign_in("recepcja@demo.example.org", password, "/panel")
        .await;
    assert_eq!(signed_in.status, 303);
    assert!(
        browser
            .get("/panel")
            .await
            .body
            .contains("punkt informacyjny")
    );

    // A restart on the same data prints nothing again.
    let (data_dir, database, url) = app.stop();
    let again = crate::helpers::start(data_dir, database, url, crate::helpers::Options::default());
    assert!(!again.stdout_text().contains("demo.example.org"));
}
