use super::*;
use crate::directory::{Cost, DeliveryMode, OrganizationKind, vocabulary};
use crate::services::search::FACETS;
use crate::services::search_labels::{self as labels, FIXED};

#[test]
fn the_page_takes_the_parameter_then_the_first_named_language() {
    assert_eq!(Lang::pick(Some("uk"), Some("en")), Lang::Uk);
    assert_eq!(Lang::pick(None, Some("de-DE,en;q=0.8")), Lang::En);
    assert_eq!(Lang::pick(None, Some("pl;q=0.2, en;q=0.8")), Lang::Pl);
    assert_eq!(Lang::pick(Some("xx"), None), Lang::Pl);
    assert_eq!(Lang::pick(None, None), Lang::Pl);
    assert_eq!(Lang::En.weekday(7), "Sunday");
    assert_eq!(Lang::Uk.weekday(1), "понеділок");
}

#[test]
fn the_api_takes_the_highest_weighted_of_its_languages() {
    assert_eq!(Lang::from_accept_language("en"), Lang::En);
    assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Lang::En);
    assert_eq!(Lang::from_accept_language("pl-PL,en;q=0.5"), Lang::Pl);
    assert_eq!(Lang::from_accept_language("de, en;q=0.3"), Lang::En);
    assert_eq!(Lang::from_accept_language("de"), Lang::Pl);
    assert_eq!(Lang::from_accept_language(""), Lang::Pl);
    assert_eq!(Lang::from_accept_language("pl;q=0.2, en;q=0.8"), Lang::En);
    // Problems are never in Ukrainian: a Ukrainian reader gets the default, Polish.
    assert_eq!(Lang::from_accept_language("uk"), Lang::Pl);
    assert_eq!(Lang::from_accept_language("uk, en;q=0.5"), Lang::En);
}

#[test]
fn api_texts_fall_back_to_polish_outside_the_api_languages() {
    let text = Localized::new("tak", "yes");
    assert_eq!(text.get(Lang::En), "yes");
    assert_eq!(text.get(Lang::Uk), "tak");
    for notice in Notice::ALL {
        for lang in Lang::API {
            assert!(!notice.text(lang).is_empty(), "{notice:?} in {lang:?}");
        }
        assert_eq!(notice.text(Lang::Uk), notice.text(Lang::Pl));
    }
}

/// Every text the page may show — its words, filter headings, facet values, helplines and
/// need names — exists, not empty, in every language the page offers.
#[test]
fn every_text_of_the_page_is_in_every_language_of_the_page() {
    let mut missing = Vec::new();
    let mut check = |lang: Lang, what: String, text: Option<&str>| {
        if text.is_none_or(|t| t.trim().is_empty()) {
            missing.push(format!("{what} in {}", lang.code()));
        }
    };
    let needs: okienko_search::needs::NeedsFile =
        serde_json::from_str(crate::services::needs::BUILT_IN).expect("needs table parses");
    let v = vocabulary();
    let fixed_codes = [
        (
            "cost",
            Cost::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        ),
        (
            "delivery",
            DeliveryMode::ALL.iter().map(|d| d.as_str()).collect(),
        ),
        (
            "organization_kind",
            OrganizationKind::ALL.iter().map(|k| k.as_str()).collect(),
        ),
        ("accessible", vec!["yes"]),
    ];
    for lang in Lang::ALL {
        for key in Key::ALL {
            check(lang, format!("{key:?}"), Some(lang.t(*key)));
        }
        for dimension in FACETS {
            // The generic heading ("Filter") means the dimension has no name of its own.
            let heading = Some(labels::dimension(lang, dimension))
                .filter(|h| *h != labels::dimension(lang, ""));
            check(lang, format!("heading of {dimension}"), heading);
        }
        for (dimension, terms) in [
            ("category", &v.categories),
            ("area", &v.areas),
            ("target_group", &v.target_groups),
        ] {
            for t in terms {
                let label = labels::value(lang, dimension, &t.code);
                check(lang, format!("{dimension} {}", t.code), label.as_deref());
            }
        }
        for (dimension, codes) in &fixed_codes {
            for code in codes {
                let label = labels::value(lang, dimension, code);
                check(lang, format!("{dimension} {code}"), label.as_deref());
            }
        }
        for (dimension, code, _) in FIXED {
            let label = labels::value(lang, dimension, code);
            check(lang, format!("{dimension} {code}"), label.as_deref());
        }
        for h in &needs.helplines {
            check(
                lang,
                format!("helpline {} name", h.id),
                h.name.get(lang.code()).map(String::as_str),
            );
            check(
                lang,
                format!("helpline {} when", h.id),
                h.when.get(lang.code()).map(String::as_str),
            );
        }
        for n in &needs.needs {
            check(
                lang,
                format!("need {}", n.code),
                n.label.get(lang.code()).map(String::as_str),
            );
        }
    }
    assert!(missing.is_empty(), "missing texts: {missing:#?}");
}

#[test]
fn facet_values_are_named_in_the_asked_language() {
    assert_eq!(
        labels::value(Lang::En, "language", "pl").as_deref(),
        Some("Polish")
    );
    assert_eq!(
        labels::value(Lang::Pl, "language", "pl").as_deref(),
        Some("polski")
    );
    assert_eq!(
        labels::value(Lang::Uk, "cost", "free").as_deref(),
        Some("Безкоштовно")
    );
    assert_eq!(
        labels::value(Lang::En, "category", "respite_care").as_deref(),
        Some("Respite care")
    );
    assert_eq!(labels::value(Lang::En, "language", "xx"), None);
    assert_eq!(labels::value(Lang::En, "municipality", "1499011"), None);
}
