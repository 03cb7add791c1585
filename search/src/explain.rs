//! Why a document matched: which typed word or dictionary phrase met which field.

use crate::analyzer::fold;
use crate::query::{QueryPlan, QueryWord};
use crate::snippet::Span;
use std::cell::{OnceCell, RefCell};
use tantivy::tokenizer::TextAnalyzer;

/// How a word matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The word or another form of it.
    Word,
    /// A close spelling (typo tolerance).
    Typo,
    /// A dictionary rule turned it into official vocabulary.
    Synonym,
}

/// One reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchReason {
    /// `name`, `category`, `description` or `organization`.
    pub field: &'static str,
    /// What the resident typed (or the dictionary phrase it led to).
    pub query: String,
    /// The word in the offer it met.
    pub matched: String,
    /// How.
    pub via: Via,
}

/// Edit distance with adjacent transpositions (optimal string alignment), on characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// The words of a text with their stems and places.
pub fn spans_of(stem: &mut TextAnalyzer, text: &str) -> Vec<Span> {
    spans_where(stem, text, |_, _| true)
}

/// The words of a text for which `keep(stem, word)` holds, with their stems and places.
pub fn spans_where(
    stem: &mut TextAnalyzer,
    text: &str,
    keep: impl Fn(&str, &str) -> bool,
) -> Vec<Span> {
    let mut stream = stem.token_stream(text);
    let mut spans = Vec::new();
    while let Some(t) = stream.next() {
        if keep(&t.text, &text[t.offset_from..t.offset_to]) {
            spans.push(Span {
                stem: t.text.clone(),
                from: t.offset_from,
                to: t.offset_to,
            });
        }
    }
    spans
}

/// (stem, original word) pairs of one field's texts.
type Words<'t> = Vec<(&'t str, &'t str)>;

fn find(word: &QueryWord, candidates: &Words<'_>, typos: bool) -> Option<(String, Via)> {
    let stems = std::iter::once(&word.stem).chain(&word.restored);
    for s in stems {
        if let Some((_, original)) = candidates.iter().find(|(c, _)| c == s) {
            return Some(((*original).to_owned(), Via::Word));
        }
    }
    if typos && word.typos > 0 {
        let limit = usize::from(word.typos);
        let letters = word.fold.chars().count();
        return candidates
            .iter()
            .find(|(_, original)| {
                original.chars().count().abs_diff(letters) <= limit
                    && edit_distance(&fold(&original.to_lowercase()), &word.fold) <= limit
            })
            .map(|(_, original)| ((*original).to_owned(), Via::Typo));
    }
    None
}

/// A document's fields, each split into words only when a reason is first looked for in it
/// (most are found in the name); the description comes split already (its snippet needed
/// that).
struct DocFields<'t, 'a> {
    texts: [(&'static str, Vec<&'t str>); 4],
    spans: [OnceCell<Vec<Vec<Span>>>; 4],
    stem: RefCell<&'a mut TextAnalyzer>,
}

impl<'t> DocFields<'t, '_> {
    fn iter(&self) -> impl Iterator<Item = (&'static str, Words<'_>)> {
        self.texts
            .iter()
            .zip(&self.spans)
            .map(|((field, texts), spans)| {
                let spans = spans.get_or_init(|| {
                    let mut stem = self.stem.borrow_mut();
                    texts.iter().map(|t| spans_of(&mut stem, t)).collect()
                });
                let words = texts
                    .iter()
                    .zip(spans)
                    .flat_map(|(text, spans)| {
                        spans.iter().map(|s| (s.stem.as_str(), &text[s.from..s.to]))
                    })
                    .collect();
                (*field, words)
            })
    }
}

/// A dictionary phrase and its stems.
type PhraseStems<'a> = (&'a str, Vec<String>);

/// Finds why documents matched one query (the dictionary phrases' stems worked out once).
pub struct Reasons<'a> {
    plan: &'a QueryPlan,
    /// Per dictionary rule applied: what the resident typed, and the phrases it led to with
    /// their stems.
    rules: Vec<(&'a str, Vec<PhraseStems<'a>>)>,
    /// Every stem looked for.
    wanted: rustc_hash::FxHashSet<String>,
    /// Lengths (in letters) of the words that may match a word typed with a typo.
    typo_lengths: Option<std::ops::RangeInclusive<usize>>,
}

impl<'a> Reasons<'a> {
    /// For the documents of one query.
    pub fn new(plan: &'a QueryPlan, stem: &mut TextAnalyzer) -> Self {
        let rules: Vec<(&'a str, Vec<PhraseStems<'a>>)> = plan
            .expansions
            .iter()
            .map(|e| {
                let phrases = e
                    .phrases
                    .iter()
                    .map(|p| {
                        let stems = spans_of(stem, p).into_iter().map(|s| s.stem).collect();
                        (p.as_str(), stems)
                    })
                    .collect();
                (e.matched.as_str(), phrases)
            })
            .collect();
        let mut wanted: rustc_hash::FxHashSet<String> = rules
            .iter()
            .flat_map(|(_, phrases)| phrases.iter().flat_map(|(_, stems)| stems.iter().cloned()))
            .collect();
        let mut typo_lengths: Option<std::ops::RangeInclusive<usize>> = None;
        for w in &plan.words {
            wanted.insert(w.stem.clone());
            wanted.extend(w.restored.iter().cloned());
            if w.typos > 0 {
                let (letters, typos) = (w.fold.chars().count(), usize::from(w.typos));
                let (low, high) = (letters.saturating_sub(typos), letters + typos);
                typo_lengths = Some(match typo_lengths {
                    Some(r) => (*r.start()).min(low)..=(*r.end()).max(high),
                    None => low..=high,
                });
            }
        }
        Self {
            plan,
            rules,
            wanted,
            typo_lengths,
        }
    }

    /// Whether a word of a document could be a reason: its stem is one looked for, or it is
    /// as long as a word that may match with a typo.
    pub fn wants(&self, stem: &str, word: &str) -> bool {
        self.wanted.contains(stem)
            || self
                .typo_lengths
                .as_ref()
                .is_some_and(|r| r.contains(&word.chars().count()))
    }

    /// Reasons a document with these texts matched; `body` comes with its words (those it
    /// `wants` at least).
    pub fn of(
        &self,
        stem: &mut TextAnalyzer,
        name: &str,
        terms: &[String],
        body: (&str, Vec<Span>),
        organization: &str,
    ) -> Vec<MatchReason> {
        let fields = DocFields {
            texts: [
                ("name", vec![name]),
                ("category", terms.iter().map(String::as_str).collect()),
                ("description", vec![body.0]),
                ("organization", vec![organization]),
            ],
            spans: [
                OnceCell::new(),
                OnceCell::new(),
                OnceCell::from(vec![body.1]),
                OnceCell::new(),
            ],
            stem: RefCell::new(stem),
        };
        let mut out = Vec::new();
        for word in &self.plan.words {
            if let Some(reason) = fields.iter().find_map(|(field, candidates)| {
                find(word, &candidates, field != "organization").map(|(matched, via)| MatchReason {
                    field,
                    query: word
                        .corrected_from
                        .clone()
                        .unwrap_or_else(|| word.exact.clone()),
                    matched,
                    via: if word.corrected_from.is_some() {
                        Via::Typo
                    } else {
                        via
                    },
                })
            }) {
                out.push(reason);
            }
        }
        for (typed, phrases) in &self.rules {
            // The first phrase of the rule that the document holds.
            let found = phrases.iter().find_map(|(phrase, stems)| {
                fields
                    .iter()
                    .find(|(_, candidates)| {
                        !stems.is_empty()
                            && stems.iter().all(|s| candidates.iter().any(|(c, _)| c == s))
                    })
                    .map(|(field, _)| (field, phrase))
            });
            if let Some((field, phrase)) = found {
                out.push(MatchReason {
                    field,
                    query: (*typed).to_owned(),
                    matched: (*phrase).to_owned(),
                    via: Via::Synonym,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_transpositions_once() {
        assert_eq!(edit_distance("psycholog", "psycholok"), 1);
        assert_eq!(edit_distance("asystent", "asystetn"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("żłobek", "zlobek"), 2);
    }
}
