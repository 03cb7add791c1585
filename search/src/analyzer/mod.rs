//! Polish text analysis. Three views of every text are indexed:
//! - `exact`: lowercased words as written (exact forms rank first);
//! - `stem`: stop words removed, Polish stems (Stempel + our corrections), diacritics folded,
//!   so inflected forms and text typed without Polish letters meet;
//! - `fold`: lowercased and folded but not stemmed, for typo-tolerant (fuzzy) matching.
//!
//! Order matters: the stemmer needs the diacritics, so folding comes after stemming.

mod corrections;
mod stem_filter;
pub mod stempel;
mod stopwords;

pub use corrections::correct_stem;
pub use stopwords::is_stop_word;

use stem_filter::PolishStemFilter;
use stopwords::StopWords;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
};

/// Tokens longer than this (in bytes) are dropped: they are not words.
pub const MAX_TOKEN_BYTES: usize = 40;

/// Analyzer name for the exact view.
pub const EXACT: &str = "pl_exact";
/// Analyzer name for the stemmed view.
pub const STEM: &str = "pl_stem";
/// Analyzer name for the folded view.
pub const FOLD: &str = "pl_fold";

/// Lowercased words as written.
pub fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .build()
}

/// Stop words out, Polish stems, diacritics folded (the stem filter folds what it stems).
pub fn stem_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(StopWords)
        .filter(PolishStemFilter)
        .build()
}

/// Lowercased and folded words (ł→l, ż→z …), not stemmed.
pub fn fold_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The stem of one lowercase word, folded: what the `stem` view indexes for it.
pub fn stem_word(word: &str) -> String {
    with_stems(word, |stems| stems.folded.clone())
}

/// Stems remembered per thread: a directory's words repeat in every document and query, and
/// a Stempel lookup costs about a microsecond.
const REMEMBERED_STEMS: usize = 65_536;

/// A word's stem, before and after folding.
struct Stems {
    unfolded: String,
    folded: String,
}

/// Runs `f` on the stems of one lowercase word, worked out once per thread.
fn with_stems<R>(word: &str, f: impl FnOnce(&Stems) -> R) -> R {
    thread_local! {
        static STEMS: std::cell::RefCell<rustc_hash::FxHashMap<String, Stems>> =
            std::cell::RefCell::default();
    }
    STEMS.with_borrow_mut(|stems| {
        if let Some(known) = stems.get(word) {
            return f(known);
        }
        if stems.len() >= REMEMBERED_STEMS {
            stems.clear();
        }
        let unfolded = compute_stem(word);
        let known = Stems {
            folded: fold(&unfolded),
            unfolded,
        };
        let out = f(&known);
        stems.insert(word.to_owned(), known);
        out
    })
}

/// The stem of one lowercase word before folding (Stempel, then our corrections).
pub fn stem_unfolded(word: &str) -> String {
    with_stems(word, |stems| stems.unfolded.clone())
}

fn compute_stem(word: &str) -> String {
    if let Some(fixed) = correct_stem(word) {
        return fixed.to_owned();
    }
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_owned();
    }
    match stempel::Stempel::polimorf().stem(word) {
        Some(stem) if stem.chars().count() >= 2 => stem,
        _ => word.to_owned(),
    }
}

/// Folds diacritics the way the index does (ł→l, ż→z, ó→o …).
pub fn fold(text: &str) -> String {
    let mut analyzer = TextAnalyzer::builder(tantivy::tokenizer::RawTokenizer::default())
        .filter(AsciiFoldingFilter)
        .build();
    let mut stream = analyzer.token_stream(text);
    let mut out = String::new();
    while let Some(token) = stream.next() {
        out.push_str(&token.text);
    }
    out
}

/// Every token of `text` through `analyzer`, as (text, position, from, to).
pub fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(t) = stream.next() {
        tokens.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        analyze(analyzer, text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn the_three_views() {
        let text = "Żłobek dla dzieci";
        assert_eq!(
            texts(&mut exact_analyzer(), text),
            ["żłobek", "dla", "dzieci"]
        );
        assert_eq!(
            texts(&mut fold_analyzer(), text),
            ["zlobek", "dla", "dzieci"]
        );
        let stems = texts(&mut stem_analyzer(), text);
        assert!(
            !stems.contains(&"dla".to_owned()),
            "stop word removed: {stems:?}"
        );
        assert_eq!(stems.len(), 2);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let tokens = analyze(&mut stem_analyzer(), "Pomoc dla seniorów");
        let (_, _, from, to) = tokens.last().cloned().expect("token");
        assert_eq!(&"Pomoc dla seniorów"[from..to], "seniorów");
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        let ok = "b".repeat(MAX_TOKEN_BYTES - 1);
        let tokens = texts(&mut fold_analyzer(), &format!("{long} {ok}"));
        assert_eq!(tokens, [ok]);
    }

    #[test]
    fn folding_maps_polish_letters() {
        assert_eq!(fold("zażółć gęślą jaźń łódź"), "zazolc gesla jazn lodz");
    }
}

#[cfg(test)]
mod inflection_tests {
    use super::stem_word;

    /// The inflection sets the issue names, plus everyday ones: each set must meet in one stem.
    const SETS: &[&[&str]] = &[
        &["opieka", "opieki", "opiekę", "opiece", "opieką"],
        &["dziecko", "dzieci", "dzieciom", "dziećmi", "dzieciach"],
        &["żłobek", "żłobka", "żłobki", "żłobków"],
        &["niepełnosprawny", "niepełnosprawnych", "niepełnosprawnym"],
        &[
            "niepełnosprawność",
            "niepełnosprawnością",
            "niepełnosprawności",
        ],
        &["senior", "seniora", "seniorów", "seniorom", "seniorami"],
        &["psycholog", "psychologa", "psychologiem"],
        &["noclegownia", "noclegowni", "noclegownię"],
        &["posiłek", "posiłki", "posiłków"],
        &["opiekun", "opiekuna", "opiekunów"],
        &["pomoc", "pomocy"],
        &["klub", "klubu", "klubie", "kluby"],
        &["sen", "snu"],
    ];

    #[test]
    fn inflected_forms_meet_and_fold() {
        for set in SETS {
            let stems: Vec<String> = set.iter().map(|w| stem_word(w)).collect();
            assert!(
                stems.windows(2).all(|w| w[0] == w[1]),
                "{set:?} → {stems:?}"
            );
            assert!(stems[0].is_ascii(), "stems are folded: {}", stems[0]);
        }
    }

    #[test]
    fn different_words_stay_apart() {
        assert_ne!(stem_word("dom"), stem_word("domowy"));
        assert_ne!(stem_word("pomoc"), stem_word("praca"));
        assert_ne!(stem_word("sen"), stem_word("senior"));
        assert_eq!(stem_word("pcpr"), "pcpr");
        assert_eq!(stem_word("500plus"), "500plus");
    }
}
