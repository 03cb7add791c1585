//! Replaces each lowercase token with its Polish stem, folded (see [`super::stem_word`]).

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Stems Polish tokens and folds the stems; expects lowercase input, leaves offsets and
/// positions alone.
#[derive(Clone, Copy, Debug, Default)]
pub struct PolishStemFilter;

impl TokenFilter for PolishStemFilter {
    type Tokenizer<T: Tokenizer> = PolishStemTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> PolishStemTokenizer<T> {
        PolishStemTokenizer(tokenizer)
    }
}

/// [`PolishStemFilter`] applied to a tokenizer.
#[derive(Clone)]
pub struct PolishStemTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for PolishStemTokenizer<T> {
    type TokenStream<'a> = PolishStemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PolishStemStream {
            inner: self.0.token_stream(text),
            scratch: String::new(),
        }
    }
}

/// The token stream of [`PolishStemTokenizer`]; the stem is written into a buffer that
/// then changes places with the token's text, so a token costs no allocation.
pub struct PolishStemStream<S> {
    inner: S,
    scratch: String,
}

impl<S: TokenStream> TokenStream for PolishStemStream<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        let scratch = &mut self.scratch;
        super::with_stems(&token.text, |stems| {
            scratch.clear();
            scratch.push_str(&stems.folded);
        });
        std::mem::swap(&mut token.text, scratch);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}
