//! The engine's own rules, on an index in memory: filters, paging, facets, ranking of stale
//! offers, distance, and corrections only when asked.

use super::*;
use crate::{Contact, Display, Hours, Place, ServiceDoc};

fn doc(id: &str, name: &str, category: &str) -> ServiceDoc {
    ServiceDoc {
        id: id.into(),
        name: name.into(),
        body: name.into(),
        facets: vec![("category".into(), category.into())],
        display: Display {
            categories: vec![category.into()],
            ..Display::default()
        },
        ..ServiceDoc::default()
    }
}

fn index(docs: &[ServiceDoc]) -> SearchIndex {
    let index = SearchIndex::in_ram().expect("index");
    index.upsert(docs).expect("upsert");
    index.commit().expect("commit");
    index
}

fn run(index: &SearchIndex, request: SearchRequest) -> SearchResults {
    index
        .search(
            &SearchRequest {
                limit: request.limit.max(10),
                ..request
            },
            &Dictionary::default(),
            &NeedTable::default(),
        )
        .expect("search")
}

fn ids(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|h| h.id.as_str()).collect()
}

fn text(q: &str) -> SearchRequest {
    SearchRequest {
        text: q.into(),
        ..SearchRequest::default()
    }
}

#[test]
fn a_category_filter_keeps_only_its_offers_and_facets_count_all_matches() {
    let index = index(&[
        doc("meals", "Obiady dla seniorów", "meals"),
        doc("club", "Klub seniora", "seniors_club"),
        doc("meals2", "Obiady w stołówce", "meals"),
    ]);
    let results = run(
        &index,
        SearchRequest {
            filters: vec![("category".into(), "meals".into())],
            facets: vec!["category".into()],
            ..SearchRequest::default()
        },
    );
    assert_eq!(results.total, 2);
    let mut found = ids(&results);
    found.sort_unstable();
    assert_eq!(found, ["meals", "meals2"]);
    let (dimension, counts) = &results.facets[0];
    assert_eq!(dimension, "category");
    assert_eq!(counts, &[("meals".to_owned(), 2)]);
}

#[test]
fn pages_of_an_empty_query_cover_every_offer_once() {
    let docs: Vec<ServiceDoc> = (0..7)
        .map(|i| doc(&format!("s{i}"), &format!("Usługa {i}"), "meals"))
        .collect();
    let index = index(&docs);
    let mut seen: Vec<String> = Vec::new();
    for offset in [0, 3, 6] {
        let results = index
            .search(
                &SearchRequest {
                    offset,
                    limit: 3,
                    ..SearchRequest::default()
                },
                &Dictionary::default(),
                &NeedTable::default(),
            )
            .expect("search");
        assert_eq!(results.total, 7);
        seen.extend(results.hits.into_iter().map(|h| h.id));
    }
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 7);
}

#[test]
fn age_bounds_are_inclusive_and_open_ended_offers_fit_everyone() {
    let mut toddlers = doc("toddlers", "Zajęcia", "education");
    toddlers.max_age = Some(3);
    let mut adults = doc("adults", "Zajęcia", "education");
    adults.min_age = Some(18);
    let everyone = doc("everyone", "Zajęcia", "education");
    let index = index(&[toddlers, adults, everyone]);
    let at = |age| {
        let mut found: Vec<String> = run(
            &index,
            SearchRequest {
                age: Some(age),
                ..SearchRequest::default()
            },
        )
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
        found.sort_unstable();
        found
    };
    assert_eq!(at(3), ["everyone", "toddlers"]);
    assert_eq!(at(18), ["adults", "everyone"]);
    assert_eq!(at(10), ["everyone"]);
}

#[test]
fn open_now_needs_an_open_half_hour_and_no_closed_day() {
    let mut office = doc("office", "Punkt informacyjny", "information");
    office.hours = vec![Hours {
        weekday: 1,
        opens: 8 * 60,
        closes: 16 * 60,
    }];
    office.closed_days = vec!["2026-12-28".into()];
    let index = index(&[office]);
    let open_at = |date: &str, minute| {
        run(
            &index,
            SearchRequest {
                open_at: Some(LocalMoment {
                    weekday: 1,
                    minute,
                    date: date.into(),
                }),
                ..SearchRequest::default()
            },
        )
        .total
    };
    assert_eq!(open_at("2026-12-07", 9 * 60), 1);
    assert_eq!(open_at("2026-12-07", 16 * 60), 0, "closed at closing time");
    assert_eq!(open_at("2026-12-28", 9 * 60), 0, "a closed day");
}

#[test]
fn a_stale_offer_ranks_below_an_equal_fresh_one() {
    let mut old = doc("old", "Pomoc prawna", "legal_aid");
    old.stale = true;
    let fresh = doc("fresh", "Pomoc prawna", "legal_aid");
    let index = index(&[old, fresh]);
    assert_eq!(ids(&run(&index, text("pomoc prawna"))), ["fresh", "old"]);
}

#[test]
fn distance_filters_by_radius_and_sorts_nearest_first() {
    let at = |id: &str, lat, lon| {
        let mut d = doc(id, "Jadłodajnia", "meals");
        d.display.places = vec![Place { lat, lon }];
        d
    };
    // From the centre of Warsaw: about 1 km, 10 km and 300 km.
    let index = index(&[
        at("far", 50.06, 19.94),
        at("near", 52.24, 21.01),
        at("middle", 52.32, 21.05),
    ]);
    let geo = |radius_km| GeoFilter {
        lat: 52.2297,
        lon: 21.0122,
        radius_km,
        by_distance: true,
    };
    let all = run(
        &index,
        SearchRequest {
            geo: Some(geo(None)),
            ..SearchRequest::default()
        },
    );
    assert_eq!(ids(&all), ["near", "middle", "far"]);
    let first = all.hits[0].distance_km.expect("a distance");
    assert!((0.5..2.0).contains(&first), "{first}");
    let close = run(
        &index,
        SearchRequest {
            geo: Some(geo(Some(20.0))),
            ..SearchRequest::default()
        },
    );
    assert_eq!(ids(&close), ["near", "middle"]);
    assert!((distance_km(52.0, 21.0, 52.0, 21.0)).abs() < 1e-9);
}

#[test]
fn a_misspelt_word_is_searched_corrected_unless_asked_as_typed() {
    let index = index(&[
        doc(
            "shelter",
            "Schronisko dla ofiar przemocy",
            "domestic_violence",
        ),
        doc("care", "Opieka w domu", "home_care"),
    ]);
    let corrected = run(&index, text("przmocy"));
    assert_eq!(corrected.corrected_to.as_deref(), Some("przemocy"));
    assert_eq!(ids(&corrected), ["shelter"]);
    let as_typed = run(
        &index,
        SearchRequest {
            as_typed: true,
            ..text("przmocy")
        },
    );
    assert_eq!(as_typed.corrected_to, None);
    assert!(as_typed.corrections.is_empty());
}

#[test]
fn a_brief_list_ranks_the_same_with_the_stored_contact_and_without_snippets_or_reasons() {
    let mut called = doc("care", "Opieka domowa", "home_care");
    called.body = "Opieka domowa dla osób po udarze, w domu chorego.".into();
    called.contact = Contact {
        liaison: Some("Ewa Przykładowa".into()),
        liaison_phone: Some("+48 12 345 67 89".into()),
        hours: vec![(1, "08:00".into(), "16:00".into())],
        verified: Some("2026-11-02".into()),
        ..Contact::default()
    };
    let index = index(&[called, doc("other", "Opieka wytchnieniowa", "respite")]);
    let detailed = run(&index, text("opieka po udarze"));
    let brief = run(
        &index,
        SearchRequest {
            brief: true,
            ..text("opieka po udarze")
        },
    );
    assert_eq!(ids(&brief), ids(&detailed));
    assert!(detailed.hits[0].snippet.contains("<mark>"));
    assert!(!detailed.hits[0].reasons.is_empty());
    let first = &brief.hits[0];
    assert!(first.snippet.is_empty() && first.reasons.is_empty());
    assert_eq!(first.contact.liaison.as_deref(), Some("Ewa Przykładowa"));
    assert_eq!(first.contact.hours, [(1, "08:00".into(), "16:00".into())]);
    assert_eq!(first.contact.verified.as_deref(), Some("2026-11-02"));
}
