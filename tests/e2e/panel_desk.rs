//! The staff panel beyond the counter: the liaison's queue and its steps, declines that reach
//! the resident and the CUS, notes, "send elsewhere", a liaison's own offers, and passwords
//! (one-time, changed, forgotten).

use crate::helpers::{Options, TestApp, spawn_app_with};
use crate::mailbox::Mailbox;
use crate::panel::{Browser, first_offer, hidden};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(15);

fn with_mail(mailbox: &Mailbox) -> Options {
    Options {
        env: vec![("OKIENKO_SMTP_URL", mailbox.url.clone())],
        ..Options::default()
    }
}

/// The organization of a panel card's offer.
async fn organization_of(app: &TestApp, card_path: &str) -> String {
    let id = card_path.trim_start_matches("/panel/services/");
    let service = app.get_json(&format!("/api/v1/services/{id}")).await;
    service["organization"]["id"]
        .as_str()
        .expect("organization")
        .to_owned()
}

/// Refers a resident from the card at `card_path`; returns the referral page's path.
async fn refer(browser: &mut Browser<'_>, card_path: &str, contact: &str, lang: &str) -> String {
    let card = browser.get(card_path).await;
    let csrf = card.csrf();
    let key = hidden(&card.body, "key").expect("key");
    let created = browser
        .post(
            &format!("{card_path}/refer"),
            &[
                ("csrf", csrf.as_str()),
                ("key", key.as_str()),
                ("name", "Olena Testowa"),
                ("contact", contact),
                ("need", "Potrzebuję opieki dla mamy"),
                ("language", lang),
                ("consent", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    created.location.expect("referral page")
}

#[tokio::test]
async fn a_liaison_works_the_queue_and_a_decline_reaches_the_resident_and_the_cus() {
    let mailbox = Mailbox::start();
    let app = spawn_app_with(with_mail(&mailbox)).await;
    let desk = app.add_user("punkt@cus.example.pl", "front_desk", &[]);
    app.add_user("koordynacja@cus.example.pl", "coordinator", &[]);
    let mut front = Browser::new(&app);
    front.sign_in("punkt@cus.example.pl", &desk, "/panel").await;
    let card = first_offer(&mut front, "opieka").await;
    let accepted = refer(&mut front, &card, "olena@example.org", "uk").await;
    let declined = refer(&mut front, &card, "olena@example.org", "uk").await;

    let organization = organization_of(&app, &card).await;
    let secret = app.add_user(
        "laczniczka@partner.example.pl",
        "liaison",
        &["--organization", &organization],
    );
    let mut liaison = Browser::new(&app);
    let landed = liaison
        .sign_in("laczniczka@partner.example.pl", &secret, "/panel")
        .await;
    assert_eq!(landed.location.as_deref(), Some("/panel/referrals"));

    // The queue: both wait, with their deadline as a date; no resident's data in the list.
    let queue = liaison.get("/panel/referrals").await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("aria-current=\"page\""));
    for path in [&accepted, &declined] {
        assert!(queue.body.contains(&format!("href=\"{path}\"")), "{path}");
    }
    assert!(!queue.body.contains("Olena"));
    let overdue = liaison.get("/panel/referrals?queue=overdue").await;
    assert!(!overdue.body.contains(&accepted), "not overdue yet");

    // Accept one; a stale version (someone else acted first) is refused and changes nothing.
    let page = liaison.get(&accepted).await;
    assert!(page.body.contains("Olena Testowa") && page.body.contains("olena@example.org"));
    let csrf = page.csrf();
    let version = hidden(&page.body, "version").expect("version");
    let step = format!("{accepted}/status");
    let stale = liaison
        .post(
            &step,
            &[("csrf", &csrf), ("version", "999"), ("to", "acknowledged")],
        )
        .await;
    assert_eq!(stale.status, 409);
    assert!(stale.body.contains("W międzyczasie ktoś zmienił"));
    let forged = liaison
        .post(
            &step,
            &[
                ("csrf", "forged"),
                ("version", &version),
                ("to", "acknowledged"),
            ],
        )
        .await;
    assert_eq!(forged.status, 403);
    let ok = liaison
        .post(
            &step,
            &[
                ("csrf", &csrf),
                ("version", &version),
                ("to", "acknowledged"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303);
    let now = liaison.get(&accepted).await;
    assert!(
        now.body.contains("<strong>przyjęte</strong>"),
        "{}",
        now.body
    );

    // Contacted, then a note, then completed with an outcome.
    let v = hidden(&now.body, "version").expect("version");
    liaison
        .post(
            &step,
            &[("csrf", &csrf), ("version", &v), ("to", "in_progress")],
        )
        .await;
    let note = liaison
        .post(
            &format!("{accepted}/notes"),
            &[("csrf", &csrf), ("text", "Umówiona wizyta w czwartek")],
        )
        .await;
    assert_eq!(note.status, 303);
    let empty = liaison
        .post(
            &format!("{accepted}/notes"),
            &[("csrf", &csrf), ("text", "  ")],
        )
        .await;
    assert_eq!(empty.status, 422);
    let working = liaison.get(&accepted).await;
    assert!(working.body.contains("Umówiona wizyta w czwartek"));
    let v = hidden(&working.body, "version").expect("version");
    let no_outcome = liaison
        .post(
            &step,
            &[("csrf", &csrf), ("version", &v), ("to", "completed")],
        )
        .await;
    assert_eq!(no_outcome.status, 422);
    assert!(no_outcome.body.contains("id=\"outcome-error\""));
    liaison
        .post(
            &step,
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("to", "completed"),
                ("outcome", "helped"),
            ],
        )
        .await;
    let done = liaison.get(&accepted).await;
    assert!(done.body.contains("Wynik: udzielono pomocy."));
    // The resident never sees notes.
    assert!(!done.body.contains("name=\"to\""), "no step after the end");

    // Decline the other: a reason is required.
    let page = liaison.get(&declined).await;
    let v = hidden(&page.body, "version").expect("version");
    let step = format!("{declined}/status");
    let no_reason = liaison
        .post(
            &step,
            &[("csrf", &csrf), ("version", &v), ("to", "declined")],
        )
        .await;
    assert_eq!(no_reason.status, 422);
    assert!(no_reason.body.contains("id=\"reason-error\""));
    let refused = liaison
        .post(
            &step,
            &[
                ("csrf", &csrf),
                ("version", &v),
                ("to", "declined"),
                ("reason", "no_capacity"),
            ],
        )
        .await;
    assert_eq!(refused.status, 303);

    // The resident hears of it in Ukrainian: why, where to turn, the tracking page.
    let letter = mailbox
        .next_to("olena@example.org", WAIT)
        .into_iter()
        .chain(std::iter::from_fn(|| {
            mailbox.next_to("olena@example.org", WAIT)
        }))
        .find(|m| m.body().contains("Що далі"))
        .expect("a message to the resident");
    let body = letter.body();
    assert!(body.contains("немає вільних місць"), "{body}");
    assert!(body.contains("/embed/track?lang=uk"), "{body}");
    // The front desk and the coordinator get one e-mail each, without personal data.
    for staff in ["punkt@cus.example.pl", "koordynacja@cus.example.pl"] {
        let mail = mailbox.next_to(staff, WAIT).expect(staff);
        assert!(mail.body().contains(&declined), "{}", mail.body());
        assert!(!mail.body().contains("Olena"));
    }

    // The front desk sees it on the counter screen, opens it and sends the resident elsewhere.
    let counter = front.get("/panel").await;
    assert!(
        counter
            .body
            .contains("Skierowania do ponownego zajęcia się")
    );
    assert!(counter.body.contains(&format!("href=\"{declined}\"")));
    let page = front.get(&declined).await;
    assert!(page.body.contains("Skieruj gdzie indziej"));
    assert!(
        !front
            .get("/panel")
            .await
            .body
            .contains(&format!("href=\"{declined}\""))
    );
    if let Some(service) = hidden(&page.body, "service") {
        let moved = front
            .post(
                &format!("{declined}/reroute"),
                &[("csrf", &page.csrf()), ("service", &service)],
            )
            .await;
        assert_eq!(moved.status, 303);
        let new = moved.location.expect("the new referral");
        assert_ne!(new.split('?').next(), Some(declined.as_str()));
        assert!(front.get(&new).await.body.contains("Olena Testowa"));
    }
    // A liaison cannot send elsewhere, nor see another organization's referral list item.
    let denied = liaison
        .post(
            &format!("{declined}/reroute"),
            &[("csrf", &csrf), ("service", "x")],
        )
        .await;
    assert_eq!(denied.status, 403);
}

#[tokio::test]
async fn a_liaison_confirms_and_edits_their_own_offers_only() {
    let app = spawn_app_with(Options::default()).await;
    let desk = app.add_user("biurko@cus.example.pl", "front_desk", &[]);
    let mut front = Browser::new(&app);
    front
        .sign_in("biurko@cus.example.pl", &desk, "/panel")
        .await;
    let card = first_offer(&mut front, "opieka").await;
    assert_eq!(front.get("/panel/services").await.status, 403);
    let organization = organization_of(&app, &card).await;
    let secret = app.add_user(
        "oferty@partner.example.pl",
        "liaison",
        &["--organization", &organization],
    );
    let mut liaison = Browser::new(&app);
    liaison
        .sign_in("oferty@partner.example.pl", &secret, "/panel")
        .await;
    let id = card.trim_start_matches("/panel/services/");

    // From the reminder e-mail's link: the offer asked about, confirmed in one click.
    let asked = liaison.get(&format!("/panel/services?verify={id}")).await;
    assert_eq!(asked.status, 200);
    assert!(asked.body.contains("jest aktualna?"));
    let confirmed = liaison
        .post(&format!("{card}/verify"), &[("csrf", &asked.csrf())])
        .await;
    assert_eq!(confirmed.status, 303);
    let service = app.get_json(&format!("/api/v1/services/{id}")).await;
    assert_eq!(
        service["last_verified_at"].as_str(),
        Some(chrono::Utc::now().date_naive().to_string().as_str())
    );

    // Edit: a mistake comes back next to its field; a good change is saved or held.
    let form = liaison.get(&format!("{card}/edit")).await;
    assert_eq!(form.status, 200);
    let csrf = form.csrf();
    let name = service["name"].as_str().expect("name").to_owned();
    let bad = liaison
        .post(
            &format!("{card}/edit"),
            &[
                ("csrf", &csrf),
                ("name", &name),
                ("url", "nie adres"),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("id=\"url-error\""));
    assert!(bad.body.contains("nie adres"), "keeps what was typed");
    let good = liaison
        .post(
            &format!("{card}/edit"),
            &[
                ("csrf", &csrf),
                ("name", &name),
                ("phone", "+48 600 100 200"),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(good.status, 303);
    let done = good.location.expect("back to the list");
    assert!(
        done.contains("done=saved") || done.contains("done=proposed"),
        "{done}"
    );

    // Another organization's offer is not theirs to confirm or edit.
    let other = app.get_json("/api/v1/services?per_page=100").await;
    let foreign = other["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|s| s["organization_id"].as_str() != Some(organization.as_str()))
        .and_then(|s| s["id"].as_str())
        .expect("a foreign offer")
        .to_owned();
    let refused = liaison
        .post(
            &format!("/panel/services/{foreign}/verify"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        liaison
            .get(&format!("/panel/services/{foreign}/edit"))
            .await
            .status,
        403
    );
}

#[tokio::test]
async fn passwords_one_time_changed_and_forgotten() {
    let mailbox = Mailbox::start();
    let app = spawn_app_with(with_mail(&mailbox)).await;

    // An account on a one-time password is sent to change it before anything else.
    let printed = app.command(
        &[
            "user",
            "add",
            "--email",
            "nowa@cus.example.pl",
            "--role",
            "front_desk",
        ],
        None,
    );
    let once = printed
        .lines()
        .find_map(|l| l.strip_prefix("one-time password: "))
        .expect("a one-time password")
        .to_owned();
    let mut browser = Browser::new(&app);
    let first = browser
        .sign_in("nowa@cus.example.pl", &once, "/panel")
        .await;
    assert_eq!(first.location.as_deref(), Some("/panel/password"));
    let away = browser.get("/panel?q=obiady").await;
    assert_eq!(away.location.as_deref(), Some("/panel/password"));
    let form = browser.get("/panel/password").await;
    assert!(form.body.contains("hasłem jednorazowym"));
    let csrf = form.csrf();
    let mismatch = browser
        .post(
            "/panel/password",
            &[
                ("csrf", &csrf),
                ("current", &once),
                ("new", "nowe-haslo-2026"),
                ("repeat", "inne"),
            ],
        )
        .await;
    assert_eq!(mismatch.status, 422);
    assert!(mismatch.body.contains("id=\"repeat-error\""));
    let changed = browser
        .post(
            "/panel/password",
            &[
                ("csrf", &csrf),
                ("current", &once),
                ("new", "nowe-haslo-2026"),
                ("repeat", "nowe-haslo-2026"),
            ],
        )
        .await;
    assert_eq!(changed.status, 200);
    assert_eq!(browser.get("/panel").await.status, 200, "a new session");

    // Forgotten: the form answers alike for known and unknown addresses.
    let mut stranger = Browser::new(&app);
    let forged = stranger
        .post(
            "/panel/password/forgot",
            &[("csrf", "x"), ("email", "nowa@cus.example.pl")],
        )
        .await;
    assert_eq!(forged.status, 403);
    let page = stranger.get("/panel/password/forgot").await;
    let unknown = stranger
        .post(
            "/panel/password/forgot",
            &[("csrf", &page.csrf()), ("email", "nikt@cus.example.pl")],
        )
        .await;
    let page = stranger.get("/panel/password/forgot").await;
    let known = stranger
        .post(
            "/panel/password/forgot",
            &[("csrf", &page.csrf()), ("email", "nowa@cus.example.pl")],
        )
        .await;
    assert_eq!((unknown.status, known.status), (200, 200));
    assert_eq!(unknown.body, known.body);
    let mail = mailbox
        .next_to("nowa@cus.example.pl", WAIT)
        .expect("a reset e-mail");
    let body = mail.body();
    let at = body.find("/panel/password/reset?token=").expect("a link");
    let link: String = body[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    assert!(
        mailbox
            .next_to("nikt@cus.example.pl", Duration::from_secs(2))
            .is_none()
    );

    let reset = stranger.get(&link).await;
    assert_eq!(reset.status, 200);
    let token = hidden(&reset.body, "token").expect("token");
    let set = stranger
        .post(
            "/panel/password/reset",
            &[
                ("csrf", &reset.csrf()),
                ("token", &token),
                ("new", "haslo-po-resecie-2026"),
                ("repeat", "haslo-po-resecie-2026"),
            ],
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    // The link works once; sessions opened before the reset end.
    assert_eq!(stranger.get(&link).await.status, 410);
    assert_eq!(browser.get("/panel").await.status, 303);
    let again = browser
        .sign_in("nowa@cus.example.pl", "haslo-po-resecie-2026", "/panel")
        .await;
    assert_eq!(again.location.as_deref(), Some("/panel"));
    // An altered link is refused.
    let altered = format!("{link}x");
    assert_eq!(stranger.get(&altered).await.status, 410);
}

#[tokio::test]
async fn an_expired_referral_reaches_the_resident_in_english_and_the_front_desk() {
    let mailbox = Mailbox::start();
    let clock = tempfile::NamedTempFile::new().expect("clock file");
    std::fs::write(clock.path(), "2026-11-27T09:00:00Z").expect("set clock");
    let app = spawn_app_with(Options {
        env: vec![
            ("OKIENKO_SMTP_URL", mailbox.url.clone()),
            ("OKIENKO_JOBS_INTERVAL_MS", "50".into()),
            ("OKIENKO_CLOCK_FILE", clock.path().display().to_string()),
        ],
        ..Options::default()
    })
    .await;
    let desk = app.add_user("zmiana@cus.example.pl", "front_desk", &[]);
    let mut front = Browser::new(&app);
    front
        .sign_in("zmiana@cus.example.pl", &desk, "/panel")
        .await;
    let card = first_offer(&mut front, "opieka").await;
    let referral = refer(&mut front, &card, "john@example.org", "en").await;

    // Nobody answers for 31 days: the referral expires and people hear of it.
    std::fs::write(clock.path(), "2026-12-28T09:00:00Z").expect("set clock");
    let letter = std::iter::from_fn(|| mailbox.next_to("john@example.org", WAIT))
        .find(|m| m.body().contains("What next?"))
        .expect("a message to the resident");
    assert!(
        letter
            .body()
            .contains("did not answer your request in time")
    );
    assert!(letter.body().contains("/embed/track?lang=en"));
    let staff = mailbox
        .next_to("zmiana@cus.example.pl", WAIT)
        .expect("front desk mail");
    assert!(staff.subject().expect("subject").contains("wygasło"));
    // A month on, the worker's session of that day has ended: they sign in again.
    assert_eq!(front.get("/panel").await.status, 303);
    front
        .sign_in("zmiana@cus.example.pl", &desk, "/panel")
        .await;
    let counter = front.get("/panel").await;
    assert!(counter.body.contains("wygasło bez odpowiedzi"));
    assert!(counter.body.contains(&format!("href=\"{referral}\"")));
}
