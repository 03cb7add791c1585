//! The embeddable search over real HTTP, without a browser: it must work with no JavaScript.

use crate::helpers::{TestApp, spawn_app};
use serde_json::Value;

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/html"),
        "{path}"
    );
    (status, response.text().await.expect("html"))
}

/// The hrefs of links that start with `prefix`.
fn links<'a>(html: &'a str, prefix: &str) -> Vec<&'a str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|href| href.starts_with(prefix))
        .collect()
}

fn unescape(href: &str) -> String {
    href.replace("&amp;", "&")
}

#[tokio::test]
async fn search_results_facets_and_paging_work_without_javascript() {
    let app = spawn_app().await;
    let (status, html) = page(&app, "/embed?q=obiady&municipality=1499011").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"pl\""));
    assert!(html.contains("role=\"search\"") && html.contains("<label for=\"q\">"));
    assert!(html.contains("<main id=\"main\"") && html.contains("<aside"));
    let offers = links(&html, "/embed/services/");
    assert!(!offers.is_empty(), "results link to offers");
    // The scope and language travel with every link.
    assert!(
        offers
            .iter()
            .all(|l| l.contains("municipality=1499011") && l.contains("lang=pl"))
    );
    // Facets are links with counts; following one filters the results.
    let facet = links(&html, "/embed?")
        .into_iter()
        .find(|l| l.contains("category="))
        .expect("a category facet");
    let code = unescape(facet)
        .split("category=")
        .nth(1)
        .and_then(|c| c.split('&').next())
        .expect("code")
        .to_owned();
    let (_, filtered) = page(&app, &unescape(facet)).await;
    assert!(filtered.contains("aria-current=\"true\" class=\"chosen\""));
    let first = links(&filtered, "/embed/services/")[0];
    let id = first
        .trim_start_matches("/embed/services/")
        .split('?')
        .next()
        .expect("id");
    let service = app.get_json(&format!("/api/v1/services/{id}")).await;
    assert!(
        service["categories"]
            .as_array()
            .expect("categories")
            .iter()
            .any(|c| c == code.as_str())
    );
    // A broad query pages.
    let (_, many) = page(&app, "/embed?q=pomoc").await;
    let next = links(&many, "/embed?")
        .into_iter()
        .find(|l| l.contains("page=2"))
        .expect("next page");
    let (status, second) = page(&app, &unescape(next)).await;
    assert_eq!(status, 200);
    assert!(second.contains("rel=\"prev\""));
}

#[tokio::test]
async fn nothing_found_shows_the_information_point_and_languages_switch() {
    let app = spawn_app().await;
    let (_, html) = page(&app, "/embed?q=qqqxxzzy").await;
    assert!(html.contains("Nie znaleźliśmy"));
    assert!(!links(&html, "tel:").is_empty() && !links(&html, "mailto:").is_empty());
    let (_, uk) = page(&app, "/embed?q=obiady&lang=uk").await;
    assert!(uk.contains("<html lang=\"uk\"") && uk.contains("Пошук соціальних послуг"));
    let en = app
        .client
        .get(format!("{}/embed", app.address))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("html");
    assert!(en.contains("<html lang=\"en\"") && en.contains("Find social services"));
    // Query syntax characters are no error for residents.
    let (status, _) = page(&app, "/embed?q=%22(obiady").await;
    assert_eq!(status, 200);
}

/// The text of the facet links under the filter heading `id` (`f-language` …).
fn facet_labels(html: &str, id: &str) -> Vec<String> {
    let list = html
        .split(&format!("<ul aria-labelledby=\"{id}\">"))
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_default();
    list.split(" <span class=\"count\">")
        .filter_map(|before| before.rsplit('>').next())
        .filter(|label| !label.is_empty())
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn facets_and_closest_categories_are_in_the_page_language() {
    let app = spawn_app().await;
    let (_, pl) = page(&app, "/embed?q=pomoc&lang=pl").await;
    let (_, uk) = page(&app, "/embed?q=pomoc&lang=uk").await;
    let (_, en) = page(&app, "/embed?q=pomoc&lang=en").await;
    assert!(facet_labels(&pl, "f-language").contains(&"polski".to_owned()));
    assert!(facet_labels(&uk, "f-language").contains(&"польська".to_owned()));
    let languages = facet_labels(&en, "f-language");
    assert!(languages.contains(&"Polish".to_owned()), "{languages:?}");
    assert!(!languages.contains(&"polski".to_owned()), "{languages:?}");
    let kinds = facet_labels(&en, "f-organization_kind");
    assert!(kinds.contains(&"Social enterprise".to_owned()), "{kinds:?}");
    assert!(!kinds.iter().any(|k| k.contains("Podmiot")), "{kinds:?}");
    // Nothing found: the closest categories are named in the page's language too.
    let (_, none) = page(&app, "/embed?q=qqqxxzzy&lang=en").await;
    let chips = none
        .split("<ul class=\"chips\">")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .expect("closest categories");
    let named: Vec<&str> = chips
        .split("\">")
        .skip(1)
        .filter_map(|rest| rest.split("</a>").next())
        .collect();
    let english: Vec<String> = okienko::directory::vocabulary()
        .categories
        .iter()
        .map(|t| okienko::html::escape(&t.en))
        .collect();
    assert!(
        !named.is_empty() && named.iter().all(|n| english.iter().any(|e| e == n)),
        "{named:?}"
    );
    // The search API documents Polish labels: they stay Polish in any language.
    let api = app
        .client
        .get(format!("{}/api/v1/search?q=pomoc", app.address))
        .header("accept-language", "en")
        .send()
        .await
        .expect("request")
        .json::<Value>()
        .await
        .expect("json");
    assert!(
        api["facets"]["language"]
            .as_array()
            .expect("language facet")
            .iter()
            .any(|v| v["code"] == "pl" && v["label"] == "polski")
    );
}

#[tokio::test]
async fn an_offer_shows_where_when_and_who_and_takes_a_request() {
    let app = spawn_app().await;
    let list = app.get_json("/api/v1/services?per_page=100").await;
    let service = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|s| {
            !s["schedule"].as_array().is_some_and(Vec::is_empty)
                && s["liaison"]["phone"].is_string()
                && s["locations"][0]["latitude"].is_number()
        })
        .expect("an offer with hours, a located place and a liaison")
        .clone();
    let id = service["id"].as_str().expect("id");
    let (status, html) = page(&app, &format!("/embed/services/{id}?lang=pl")).await;
    assert_eq!(status, 200);
    assert!(html.contains(&crate::embed_escape(
        service["liaison"]["name"].as_str().expect("name")
    )));
    assert!(!links(&html, "tel:").is_empty());
    assert!(!links(&html, "https://www.openstreetmap.org/").is_empty());
    assert!(html.contains("<table class=\"hours\">"));
    assert!(html.contains("Poproś o kontakt"));

    // Errors come back on the form, tied to their fields.
    let path = format!("{}/embed/services/{id}/request", app.address);
    let bad = app
        .client
        .post(&path)
        .form(&[
            ("name", ""),
            ("email", "zly-adres"),
            ("lang", "pl"),
            ("key", "k-1"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(bad.status(), 422);
    let bad = bad.text().await.expect("html");
    assert!(bad.contains("role=\"alert\""));
    for field in ["name", "email", "consent"] {
        assert!(
            bad.contains(&format!(
                "aria-describedby=\"{field}-error\" aria-invalid=\"true\""
            )),
            "{field}"
        );
        assert!(bad.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    // Sent: the tracking code, which finds the referral.
    let sent = app
        .client
        .post(&path)
        .form(&[
            ("name", "Anna"),
            ("phone", "600 100 200"),
            ("preferred", "phone"),
            ("consent", "yes"),
            ("lang", "pl"),
            ("key", "k-2"),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(sent.status(), 200);
    let sent = sent.text().await.expect("html");
    let code = sent
        .split("<strong class=\"code\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("tracking code");
    let tracked: Value = app
        .get_json(&format!("/api/v1/referrals/track/{code}"))
        .await;
    assert_eq!(tracked["referrals"][0]["service_id"], id);
}

#[tokio::test]
async fn the_embedding_assets_documentation_and_headers() {
    let app = spawn_app().await;
    let framed = app.get("/embed").await;
    let csp = framed.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(framed.headers().get("x-frame-options").is_none());
    let api = app.get("/api/v1/services").await;
    assert_eq!(api.headers()["x-frame-options"], "DENY");
    let script = app.get("/embed/okienko.js").await.text().await.expect("js");
    assert!(script.contains("customElements.define(\"okienko-search\""));
    assert!(app.get("/embed/assets/page.js").await.status().is_success());
    assert!(
        app.get("/embed/assets/okienko.css")
            .await
            .status()
            .is_success()
    );
    // The interactive documentation is served from the binary, with the spec it documents.
    let docs = app.get("/docs/").await;
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.expect("html").contains("swagger-ui"));
    assert_eq!(app.get("/docs/swagger-ui-bundle.js").await.status(), 200);
    let served = app.get_json("/api-docs/openapi.json").await;
    let committed: Value =
        serde_json::from_str(include_str!("../../openapi/openapi.json")).expect("spec");
    assert!(
        served == committed,
        "the served spec is not the committed one"
    );
    // Themes: a dark accent is used, a light one (too little contrast) is not.
    let (_, dark) = page(&app, "/embed?accent=%23006644").await;
    assert!(dark.contains("--okienko-accent:#006644"));
    let (_, light) = page(&app, "/embed?accent=%23ffff00").await;
    assert!(!light.contains("#ffff00"));
}
