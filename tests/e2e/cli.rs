//! The command line: openapi, import, export, reindex, and restart behaviour.

use crate::helpers::{Options, TestDatabase, base_command, start};
use crate::hsds::{assert_valid_hsds, polish_record};
use serde_json::Value;

#[test]
fn openapi_prints_the_specification() {
    let output = base_command(&std::env::temp_dir(), None)
        .arg("openapi")
        .output()
        .expect("run");
    assert!(output.status.success());
    let spec: Value = serde_json::from_slice(&output.stdout).expect("JSON spec");
    assert!(
        spec["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1"))
    );
    for path in [
        "/api/v1/services",
        "/api/v1/services/{id}",
        "/api/v1/organizations",
        "/hsds/services",
        "/api/v1/import/hsds",
        "/ready",
    ] {
        assert!(spec["paths"][path].is_object(), "spec documents {path}");
    }
}

#[tokio::test]
async fn cli_import_export_reindex_then_serve_and_recover_a_corrupt_index() {
    let data_dir = tempfile::tempdir().expect("data dir");
    let database = TestDatabase::create().await;
    let url = database.as_ref().map(|d| d.url.clone());
    let org = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
    let records = Value::from(vec![
        polish_record(
            "e1111111-1111-4111-8111-111111111111",
            "Klub seniora „Pogodna Jesień”",
            org,
            "5260250274",
        ),
        polish_record(
            "e2222222-2222-4222-8222-222222222222",
            "Dowóz obiadów",
            org,
            "5260250274",
        ),
    ]);
    let file = data_dir.path().join("in.json");
    std::fs::write(&file, records.to_string()).expect("write input");

    let import = base_command(data_dir.path(), url.as_deref())
        .args(["import", "hsds"])
        .arg(&file)
        .output()
        .expect("import");
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let report: Value = serde_json::from_slice(&import.stdout).expect("report on stdout");
    assert_eq!(
        (report["created"].as_u64(), report["invalid"].as_u64()),
        (Some(2), Some(0))
    );

    let bad = base_command(data_dir.path(), url.as_deref())
        .args(["import", "hsds", "/nonexistent/file.json"])
        .output()
        .expect("run");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot open"));

    let out = data_dir.path().join("out.json");
    let export = base_command(data_dir.path(), url.as_deref())
        .args(["export", "hsds", "--output"])
        .arg(&out)
        .output()
        .expect("export");
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let exported: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("read export"))
            .expect("JSON array");
    assert_eq!(assert_valid_hsds(&exported), 2);
    let to_stdout = base_command(data_dir.path(), url.as_deref())
        .args(["export", "hsds"])
        .output()
        .expect("export");
    assert_eq!(
        serde_json::from_slice::<Vec<Value>>(&to_stdout.stdout).expect("stdout JSON"),
        exported
    );

    let reindex = base_command(data_dir.path(), url.as_deref())
        .arg("reindex")
        .output()
        .expect("reindex");
    assert!(reindex.status.success());
    assert!(String::from_utf8_lossy(&reindex.stderr).contains("indexed 2 services"));

    // Serving a non-empty database does not seed it.
    let app = start(data_dir, database, url, Options::default());
    assert_eq!(app.get_json("/api/v1/services").await["total"], 2);
    assert_eq!(app.get_json("/ready").await["indexed_services"], 2);

    // A corrupt index is rebuilt from the database on the next start.
    let (data_dir, database, url) = app.stop();
    std::fs::write(data_dir.path().join("index/meta.json"), b"garbage").expect("corrupt the index");
    let app = start(data_dir, database, url, Options::default());
    assert_eq!(app.get_json("/ready").await["indexed_services"], 2);
}

#[tokio::test]
async fn generated_offers_import_cleanly() {
    let data_dir = tempfile::tempdir().expect("data dir");
    let database = TestDatabase::create().await;
    let url = database.as_ref().map(|d| d.url.clone());
    let file = data_dir.path().join("gen.json");
    let gen_data = base_command(data_dir.path(), url.as_deref())
        .args([
            "gen-data",
            "--services",
            "300",
            "--random-seed",
            "5",
            "--output",
        ])
        .arg(&file)
        .output()
        .expect("gen-data");
    assert!(
        gen_data.status.success(),
        "{}",
        String::from_utf8_lossy(&gen_data.stderr)
    );
    let import = base_command(data_dir.path(), url.as_deref())
        .args(["import", "hsds"])
        .arg(&file)
        .output()
        .expect("import");
    let report: Value = serde_json::from_slice(&import.stdout).expect("report");
    assert_eq!(
        (report["created"].as_u64(), report["invalid"].as_u64()),
        (Some(300), Some(0)),
        "{report}"
    );
}
