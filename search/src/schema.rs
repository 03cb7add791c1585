//! The one place where field names and options live.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

/// Name of the analyzer for free text: split, lowercase, fold diacritics.
pub const TEXT_ANALYZER: &str = "okienko_text";

/// Handles to every field of a service document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Service id (UUID string), unique key.
    pub id: Field,
    /// Service name.
    pub name: Field,
    /// Description, eligibility, alternate name.
    pub body: Field,
    /// Organization name.
    pub organization: Field,
    /// Names of categories, areas and target groups.
    pub terms: Field,
    /// Codes of categories, areas, target groups, kinds, cost, languages (exact filters).
    pub codes: Field,
    /// TERYT codes of the served gminy.
    pub municipality: Field,
    /// Last update of the source row, seconds since epoch.
    pub updated: Field,
}

fn text_field() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Builds the schema and its field handles together.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        name: b.add_text_field("name", text_field()),
        body: b.add_text_field("body", text_field()),
        organization: b.add_text_field("organization", text_field()),
        terms: b.add_text_field("terms", text_field()),
        codes: b.add_text_field("codes", STRING),
        municipality: b.add_text_field("municipality", STRING),
        updated: b.add_i64_field("updated", INDEXED | FAST),
    };
    (b.build(), fields)
}

/// The free-text analyzer registered under [`TEXT_ANALYZER`].
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}
