//! Our corrections to the stemmer, for words of this domain it over- or under-stems.
//! Keyed by the lowercase word form; the value is the stem to index (before folding).

/// (word form, stem). Kept sorted by word form.
const CORRECTIONS: &[(&str, &str)] = &[];

/// The corrected stem of a lowercase word, when the stemmer gets it wrong.
pub fn correct_stem(word: &str) -> Option<&'static str> {
    CORRECTIONS
        .binary_search_by(|(w, _)| (*w).cmp(word))
        .ok()
        .map(|i| CORRECTIONS[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(CORRECTIONS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
