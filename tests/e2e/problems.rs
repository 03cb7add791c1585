//! Every kind of bad input answers RFC 9457 problem+json with a stable code, never a 500.

use crate::helpers::{ADMIN_TOKEN, Options, assert_problem, spawn_app, spawn_app_with};
use std::io::{Read, Write};
use std::net::TcpStream;

#[tokio::test]
async fn missing_records_and_bad_ids() {
    let app = spawn_app().await;
    let missing = "00000000-0000-4000-8000-000000000000";
    let body = assert_problem(
        app.get(&format!("/api/v1/services/{missing}")).await,
        404,
        "service_not_found",
    )
    .await;
    assert_eq!(body["title"], "Nie znaleziono usługi");
    assert!(body["detail"].as_str().is_some_and(|d| d.contains(missing)));

    let english = app
        .client
        .get(format!("{}/api/v1/services/{missing}", app.address))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .expect("request");
    assert_eq!(
        english
            .headers()
            .get("content-language")
            .and_then(|v| v.to_str().ok()),
        Some("en")
    );
    let body = assert_problem(english, 404, "service_not_found").await;
    assert_eq!(body["title"], "Service not found");

    assert_problem(
        app.get(&format!("/api/v1/organizations/{missing}")).await,
        404,
        "organization_not_found",
    )
    .await;
    assert_problem(
        app.get(&format!("/hsds/services/{missing}")).await,
        404,
        "service_not_found",
    )
    .await;
    for bad in [
        "not-a-uuid",
        "123",
        "00000000-0000-4000-8000-00000000000g",
        "%C5%BC%C5%82obek",
    ] {
        assert_problem(
            app.get(&format!("/api/v1/services/{bad}")).await,
            400,
            "invalid_id",
        )
        .await;
        assert_problem(
            app.get(&format!("/api/v1/organizations/{bad}")).await,
            400,
            "invalid_id",
        )
        .await;
    }
    assert_problem(app.get("/api/v1/nothing-here").await, 404, "not_found").await;
}

#[tokio::test]
async fn bad_query_parameters() {
    let app = spawn_app().await;
    let cases = [
        ("/api/v1/services?page=0", "invalid_page"),
        ("/api/v1/services?page=-1", "invalid_page"),
        ("/api/v1/services?page=abc", "invalid_page"),
        (
            "/api/v1/services?page=99999999999999999999999",
            "invalid_page",
        ),
        ("/api/v1/services?per_page=101", "invalid_per_page"),
        ("/api/v1/services?per_page=10000", "invalid_per_page"),
        ("/api/v1/services?per_page=0", "invalid_per_page"),
        ("/api/v1/services?category=nonsense", "invalid_filter"),
        ("/api/v1/services?area=meals", "invalid_filter"),
        ("/api/v1/services?target_group=aliens", "invalid_filter"),
        (
            "/api/v1/services?organization_kind=corporation",
            "invalid_filter",
        ),
        ("/api/v1/services?cost=cheap", "invalid_filter"),
        ("/api/v1/services?status=open", "invalid_filter"),
        ("/api/v1/services?municipality=123", "invalid_filter"),
        ("/api/v1/services?municipality=1499016", "invalid_filter"),
        ("/api/v1/services?organization=xyz", "invalid_filter"),
        ("/api/v1/services?language=polish", "invalid_filter"),
        ("/api/v1/services?colour=red", "unknown_parameter"),
        ("/api/v1/services?page=1&page=2", "invalid_query_parameter"),
        ("/api/v1/organizations?kind=bank", "invalid_filter"),
        ("/api/v1/organizations?per_page=500", "invalid_per_page"),
        ("/api/v1/organizations?sort=name", "unknown_parameter"),
        ("/hsds/services?page=0", "invalid_page"),
        ("/hsds/services?size=5", "unknown_parameter"),
    ];
    for (path, code) in cases {
        let body = assert_problem(app.get(path).await, 400, code).await;
        assert!(
            body["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{path}: {body}"
        );
    }
}

#[tokio::test]
async fn import_needs_a_staff_token() {
    let app = spawn_app_with(Options {
        seed: "none",
        admin_token: Some(ADMIN_TOKEN),
        ..Options::default()
    })
    .await;
    let url = format!("{}/api/v1/import/hsds", app.address);
    let none = app
        .client
        .post(&url)
        .body("[]")
        .send()
        .await
        .expect("request");
    assert_eq!(
        none.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer")
    );
    assert_problem(none, 401, "unauthorized").await;
    let wrong = app
        .client
        .post(&url)
        .bearer_auth("guess")
        .body("[]")
        .send()
        .await
        .expect("request");
    assert_problem(wrong, 401, "invalid_token").await;
    let right = app.import_hsds("[]").await;
    assert_eq!(right.status(), 200);

    let disabled = spawn_app_with(Options {
        seed: "none",
        admin_token: None,
        ..Options::default()
    })
    .await;
    let response = disabled
        .client
        .post(format!("{}/api/v1/import/hsds", disabled.address))
        .bearer_auth(ADMIN_TOKEN)
        .body("[]")
        .send()
        .await
        .expect("request");
    assert_problem(response, 401, "invalid_token").await;
}

#[tokio::test]
async fn malformed_and_oversized_bodies() {
    let app = spawn_app_with(Options {
        seed: "none",
        ..Options::default()
    })
    .await;
    for body in ["{not json", "[{\"id\": 1,]", "[", "\u{0}"] {
        assert_problem(app.import_hsds(body).await, 400, "malformed_body").await;
    }
    let xml = app
        .client
        .post(format!("{}/api/v1/import/hsds", app.address))
        .bearer_auth(ADMIN_TOKEN)
        .header("content-type", "application/xml")
        .body("<services/>")
        .send()
        .await
        .expect("request");
    assert_problem(xml, 415, "unsupported_media_type").await;

    // A 64 MiB body is refused from its Content-Length, before the body is sent.
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).expect("connect");
    let head = format!(
        "POST /api/v1/import/hsds HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {ADMIN_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n[",
        64 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).expect("send head");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("application/problem+json") && answer.contains("payload_too_large"),
        "{answer}"
    );

    // A chunked body without a length is cut off at the limit as it streams in.
    let chunks = futures_util::stream::iter(
        (0..40).map(|_| Ok::<_, std::io::Error>(vec![b' '; 1024 * 1024])),
    );
    let response = app.import_hsds(reqwest::Body::wrap_stream(chunks)).await;
    assert_problem(response, 413, "payload_too_large").await;
}

#[tokio::test]
async fn a_body_that_trickles_in_is_cut_off() {
    let app = spawn_app_with(Options {
        seed: "none",
        ..Options::default()
    })
    .await;
    // Headers and the first byte of a 1 000-byte body, then nothing: the server answers on
    // its own once the body timeout passes, instead of waiting for as long as the client likes.
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .expect("read timeout");
    let head = "POST /api/v1/referrals HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n{";
    stream.write_all(head.as_bytes()).expect("send head");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
}
