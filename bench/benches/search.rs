//! Queries over N synthetic offers (BENCH_SERVICES, default 10 000): okienko's index against
//! SQLite FTS5 (unicode61, remove_diacritics 2) and, when BENCH_DATABASE_URL names a
//! PostgreSQL database, PostgreSQL full-text search (`simple` + unaccent), with the same
//! data and the relevance set's queries. Prints the mean time per query of each and the ratios.

use criterion::{Criterion, criterion_group, criterion_main};
use okienko::clock::{Clock, SystemClock};
use okienko::directory::{OrganizationSummary, ServiceView};
use okienko::services::indexing::service_doc;
use okienko_search::{Dictionary, SearchIndex, SearchRequest};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::Value;
use std::time::{Duration, Instant};

fn services() -> usize {
    std::env::var("BENCH_SERVICES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

fn queries() -> Vec<String> {
    let text = include_str!("../../tests/relevance/queries.json");
    let set: Value = serde_json::from_str(text).expect("queries");
    set["queries"].as_array().expect("queries").iter().filter_map(|q| q["query"].as_str().map(str::to_owned)).collect()
}

/// (id, name, body) of N generated offers, and the same offers indexed by okienko.
fn data(n: usize) -> (Vec<(String, String, String)>, SearchIndex) {
    let mut json = Vec::new();
    okienko::services::gen_data::generate(n, 42, &mut json).expect("generate");
    let records: Vec<Value> = serde_json::from_slice(&json).expect("records");
    let index = SearchIndex::in_ram().expect("index");
    let mut rows = Vec::with_capacity(n);
    let mut docs = Vec::with_capacity(n);
    let now = SystemClock.now();
    for record in records {
        let imported = okienko::hsds::service_from_hsds(record).expect("valid");
        let org = imported.organization.expect("organization");
        let view = ServiceView {
            organization: OrganizationSummary { id: org.id, name: org.name.clone(), kind: org.kind, phone: None, email: None, website: None },
            locations: org.locations.iter().filter(|l| imported.service.location_ids.contains(&l.id)).cloned().collect(),
            liaison: None,
            service: imported.service,
        };
        let doc = service_doc(&view, now);
        rows.push((doc.id.clone(), doc.name.clone(), format!("{} {}", doc.body, doc.organization)));
        docs.push(doc);
    }
    index.upsert(&docs).expect("upsert");
    index.commit().expect("commit");
    (rows, index)
}

async fn fts5(rows: &[(String, String, String)]) -> DatabaseConnection {
    let db = Database::connect("sqlite::memory:").await.expect("sqlite");
    db.execute_unprepared("CREATE VIRTUAL TABLE offers USING fts5(id UNINDEXED, name, body, tokenize = 'unicode61 remove_diacritics 2')").await.expect("fts5");
    db.execute_unprepared("BEGIN").await.expect("begin");
    for (id, name, body) in rows {
        db.execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, "INSERT INTO offers VALUES (?, ?, ?)", [id.clone().into(), name.clone().into(), body.clone().into()]))
            .await
            .expect("insert");
    }
    db.execute_unprepared("COMMIT").await.expect("commit");
    db
}

async fn postgres(rows: &[(String, String, String)]) -> Option<DatabaseConnection> {
    let url = std::env::var("BENCH_DATABASE_URL").ok()?;
    let db = Database::connect(url).await.expect("postgres");
    db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS unaccent; DROP TABLE IF EXISTS bench_offers; CREATE TABLE bench_offers (id text, name text, body text, doc tsvector)").await.expect("schema");
    for chunk in rows.chunks(500) {
        let mut sql = String::from("INSERT INTO bench_offers (id, name, body) VALUES ");
        let mut values: Vec<sea_orm::Value> = Vec::new();
        for (i, (id, name, body)) in chunk.iter().enumerate() {
            sql.push_str(&format!("{}(${}, ${}, ${})", if i > 0 { "," } else { "" }, 3 * i + 1, 3 * i + 2, 3 * i + 3));
            values.extend([id.clone().into(), name.clone().into(), body.clone().into()]);
        }
        db.execute_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, values)).await.expect("insert");
    }
    db.execute_unprepared(
        "UPDATE bench_offers SET doc = setweight(to_tsvector('simple', unaccent(name)), 'A') || to_tsvector('simple', unaccent(body)); \
         CREATE INDEX ON bench_offers USING gin(doc); ANALYZE bench_offers",
    )
    .await
    .expect("tsvector");
    Some(db)
}

fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn bench(c: &mut Criterion) {
    let n = services();
    let (rows, index) = data(n);
    let queries = queries();
    let dictionary = Dictionary::default();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let fts = runtime.block_on(fts5(&rows));
    let pg = runtime.block_on(postgres(&rows));
    let request = |q: &str| SearchRequest { text: q.to_owned(), limit: 10, facets: vec!["category".into()], ..SearchRequest::default() };

    let mut group = c.benchmark_group(format!("search {n} offers, {} queries", queries.len()));
    group.bench_function("okienko", |b| b.iter(|| queries.iter().map(|q| index.search(&request(q), &dictionary).expect("search").hits.len()).sum::<usize>()));
    group.bench_function("sqlite fts5", |b| {
        b.iter(|| {
            runtime.block_on(async {
                for q in &queries {
                    let expr = words(q).iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" OR ");
                    if expr.is_empty() {
                        continue;
                    }
                    let sql = "SELECT id FROM offers WHERE offers MATCH ? ORDER BY bm25(offers, 0, 3.0, 1.0) LIMIT 10";
                    fts.query_all_raw(Statement::from_sql_and_values(DbBackend::Sqlite, sql, [expr.into()])).await.expect("fts5");
                }
            })
        })
    });
    if let Some(pg) = &pg {
        group.bench_function("postgresql fts", |b| {
            b.iter(|| {
                runtime.block_on(async {
                    for q in &queries {
                        let expr = words(q).join(" | ");
                        if expr.is_empty() {
                            continue;
                        }
                        let sql = "SELECT id FROM bench_offers WHERE doc @@ to_tsquery('simple', unaccent($1)) ORDER BY ts_rank(doc, to_tsquery('simple', unaccent($1))) DESC LIMIT 10";
                        pg.query_all_raw(Statement::from_sql_and_values(DbBackend::Postgres, sql, [expr.into()])).await.expect("pg fts");
                    }
                })
            })
        });
    }
    group.finish();

    let time = |f: &mut dyn FnMut()| {
        let started = Instant::now();
        f();
        started.elapsed()
    };
    let per_query = |d: Duration| d.as_secs_f64() * 1e3 / queries.len() as f64;
    let ours = per_query(time(&mut || {
        for q in &queries {
            let _ = index.search(&request(q), &dictionary);
        }
    }));
    println!("okienko: {ours:.3} ms per query (mean over the set, {n} offers)");
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(10));
    targets = bench
}
criterion_main!(benches);
