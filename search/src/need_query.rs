//! Ranking by need: offers in a category that answers the recognized need directly rank above
//! those that only share words with the query, and such offers are candidates even when they
//! word the help differently (see [`candidates`]). For safety needs the direct answers come
//! first of all.
//! `direct` lists categories by priority: the first answers the need best.

use crate::analyzer::{analyze, exact_analyzer, is_stop_word, stem_word};
use crate::needs::{Need, NeedMatch, NeedTable};
use crate::schema::Fields;
use tantivy::Term;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};

/// Bonuses relative to the best text score of the query: (direct answer, direct answer naming
/// the person's group, adjoining category, the first direct category). An ordinary need lifts
/// its offers among those the words found, without burying a better-worded offer.
pub const ORDINARY: [f32; 4] = [0.1, 0.05, 0.05, 0.0];
/// A query that is mostly a need (its triggers cover at least [`STRONG_COVERAGE`] of the
/// words): its direct answers lead.
pub const STRONG: [f32; 4] = [1.2, 0.2, 0.2, 0.2];
/// Share of the words the triggers must cover for [`STRONG`].
pub const STRONG_COVERAGE: f32 = 0.6;
/// Safety needs: direct answers lead whatever else the query says (victim support above a
/// programme for perpetrators, crisis help above volunteering).
pub const SAFETY: [f32; 4] = [1.5, 0.3, 0.3, 0.5];
/// Below this many offers found by the words, every need's direct answers are candidates.
pub const FEW_RESULTS: usize = 50;
/// Needs after the first count less.
pub const LATER_NEED: f32 = 0.5;
/// The scale when no offer matches the words at all.
pub const MIN_SCALE: f32 = 1.0;

/// How an offer stands to a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// In a category answering the need.
    Direct,
    /// In an adjoining category.
    Adjoining,
    /// Marked as not for this person (ranked by its words only).
    NotFor,
}

impl Role {
    /// Stable name for explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Direct => "direct",
            Role::Adjoining => "adjoining",
            Role::NotFor => "not_for",
        }
    }
}

/// How an offer with these category codes and this name stands to a need.
pub fn role(need: &Need, categories: &[String], name: &str) -> Option<Role> {
    let has = |list: &[String]| categories.iter().any(|c| list.contains(c));
    let name_stems: Vec<String> = analyze(&mut exact_analyzer(), name)
        .into_iter()
        .map(|t| stem_word(&t.0))
        .collect();
    let named = need.not_for.iter().any(|phrase| {
        let wanted = content_stems(phrase);
        !wanted.is_empty() && wanted.iter().all(|w| name_stems.contains(w))
    });
    if named || has(&need.not_for_categories) {
        Some(Role::NotFor)
    } else if has(&need.direct) {
        Some(Role::Direct)
    } else if has(&need.adjoining) {
        Some(Role::Adjoining)
    } else {
        None
    }
}

fn content_stems(phrase: &str) -> Vec<String> {
    analyze(&mut exact_analyzer(), phrase)
        .into_iter()
        .filter(|t| !is_stop_word(&t.0))
        .map(|t| stem_word(&t.0))
        .collect()
}

fn facet(f: &Fields, dimension: &str, code: &str) -> Box<dyn Query> {
    let term = Term::from_facet(f.facets, &Facet::from_path([dimension, code]));
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

fn any(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn categories(f: &Fields, codes: &[String]) -> Option<Box<dyn Query>> {
    (!codes.is_empty()).then(|| any(codes.iter().map(|c| facet(f, "category", c)).collect()))
}

/// Offers named as not for this person: every content word of a `not_for` phrase in the
/// name ("Program dla osób stosujących przemoc").
pub fn named_not_for(need: &Need, f: &Fields) -> Option<Box<dyn Query>> {
    let parts: Vec<Box<dyn Query>> = need
        .not_for
        .iter()
        .map(|phrase| content_stems(phrase))
        .filter(|stems| !stems.is_empty())
        .map(|stems| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                stems
                    .iter()
                    .map(|s| -> (Occur, Box<dyn Query>) {
                        let term = Term::from_field_text(f.name, s);
                        (
                            Occur::Must,
                            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                        )
                    })
                    .collect(),
            ))
        })
        .collect();
    (!parts.is_empty()).then(|| any(parts))
}

/// Offers that are results even when they share no word with the query: the direct answers
/// of a safety need or of a need the query mostly is, and of any need when the words alone
/// find fewer than [`FEW_RESULTS`] offers. (Counting whole categories for every query would
/// cost too much in a large directory; adjoining categories only ever lift offers found
/// otherwise.)
pub fn candidates(
    needs: &[NeedMatch],
    coverage: f32,
    table: &NeedTable,
    f: &Fields,
    count_found_by_words: impl FnOnce() -> tantivy::Result<usize>,
) -> tantivy::Result<Option<Box<dyn Query>>> {
    // Counted at most once, and only when a need's candidacy depends on it.
    let mut count = Some(count_found_by_words);
    let mut found_by_words = None;
    let mut lists: Vec<Box<dyn Query>> = Vec::new();
    for need in needs.iter().filter_map(|m| table.need(m.index)) {
        let wanted = need.safety
            || coverage >= STRONG_COVERAGE
            || match found_by_words {
                Some(n) => n,
                None => {
                    let n = count.take().map_or(Ok(usize::MAX), |c| c())?;
                    found_by_words = Some(n);
                    n
                }
            } < FEW_RESULTS;
        if let Some(q) = categories(f, &need.direct).filter(|_| wanted) {
            lists.push(q);
        }
    }
    Ok((!lists.is_empty())
        .then(|| -> Box<dyn Query> { Box::new(ConstScoreQuery::new(any(lists), 0.0)) }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn need() -> Need {
        Need {
            code: "violence".into(),
            label: BTreeMap::new(),
            safety: true,
            triggers: BTreeMap::new(),
            direct: vec!["domestic_violence".into()],
            groups: vec![],
            adjoining: vec!["legal_aid".into()],
            not_for: vec!["stosujących przemoc".into()],
            not_for_categories: vec!["volunteering".into()],
            pinned: vec![],
        }
    }

    #[test]
    fn offers_stand_to_a_need_by_category_and_name() {
        let n = need();
        let cats = |c: &[&str]| c.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            role(&n, &cats(&["domestic_violence"]), "Niebieska Karta"),
            Some(Role::Direct)
        );
        assert_eq!(
            role(
                &n,
                &cats(&["domestic_violence"]),
                "Program dla osób stosujących przemoc"
            ),
            Some(Role::NotFor)
        );
        assert_eq!(
            role(&n, &cats(&["legal_aid"]), "Porady"),
            Some(Role::Adjoining)
        );
        assert_eq!(
            role(
                &n,
                &cats(&["volunteering", "domestic_violence"]),
                "Szkolenie"
            ),
            Some(Role::NotFor)
        );
        assert_eq!(role(&n, &cats(&["sport"]), "Basen"), None);
    }
}
