//! Replaces each lowercase token with its Polish stem (see [`super::stem_unfolded`]).

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Stems Polish tokens; expects lowercase input, leaves offsets and positions alone.
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
        PolishStemStream(self.0.token_stream(text))
    }
}

/// The token stream of [`PolishStemTokenizer`].
pub struct PolishStemStream<S>(S);

impl<S: TokenStream> TokenStream for PolishStemStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let token = self.0.token_mut();
        let stem = super::stem_unfolded(&token.text);
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}
