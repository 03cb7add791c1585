//! Polish stop words, from `seed-data/stopwords_pl.txt` (our own list).

use rustc_hash::FxHashSet;
use std::sync::OnceLock;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

const STOPWORDS_TXT: &str = include_str!("../../../seed-data/stopwords_pl.txt");

fn list() -> &'static FxHashSet<String> {
    static LIST: OnceLock<FxHashSet<String>> = OnceLock::new();
    LIST.get_or_init(|| {
        STOPWORDS_TXT
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect()
    })
}

/// Whether a lowercase word is a Polish stop word.
pub fn is_stop_word(word: &str) -> bool {
    list().contains(word)
}

/// Removes Polish stop words (expects lowercase tokens).
#[derive(Clone, Copy, Debug, Default)]
pub struct StopWords;

impl TokenFilter for StopWords {
    type Tokenizer<T: Tokenizer> = StopWordsTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StopWordsTokenizer<T> {
        StopWordsTokenizer(tokenizer)
    }
}

/// [`StopWords`] applied to a tokenizer.
#[derive(Clone)]
pub struct StopWordsTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for StopWordsTokenizer<T> {
    type TokenStream<'a> = StopWordsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StopWordsStream(self.0.token_stream(text))
    }
}

/// The token stream of [`StopWordsTokenizer`].
pub struct StopWordsStream<S>(S);

impl<S: TokenStream> TokenStream for StopWordsStream<S> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if !is_stop_word(&self.0.token().text) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_stop_words_need_words_are_not() {
        for w in ["i", "w", "dla", "się"] {
            assert!(is_stop_word(w), "{w}");
        }
        for w in ["pomoc", "dom", "dzieci", "obiad"] {
            assert!(!is_stop_word(w), "{w}");
        }
    }
}
