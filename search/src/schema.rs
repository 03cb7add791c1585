//! The one place where field names and options live.

use crate::analyzer::{EXACT, FOLD, STEM};
use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

/// Handles to every field of a service document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Service id (UUID string), the unique key.
    pub id: Field,
    /// Name, stemmed (stored for display).
    pub name: Field,
    /// Name, exact forms.
    pub name_exact: Field,
    /// Name, folded (typo matching).
    pub name_fold: Field,
    /// Category, area and target-group names and alternate names, stemmed.
    pub terms: Field,
    /// The same, folded.
    pub terms_fold: Field,
    /// Description, eligibility, how to apply: stemmed (stored for snippets).
    pub body: Field,
    /// The same, exact forms.
    pub body_exact: Field,
    /// The same, folded.
    pub body_fold: Field,
    /// Organization name, stemmed (stored for display).
    pub organization: Field,
    /// Organization kind code (stored).
    pub organization_kind: Field,
    /// Filter facets: `/category/meals`, `/cost/free`, `/municipality/1499011` …
    pub facets: Field,
    /// Minimum age, years (absent: none).
    pub min_age: Field,
    /// Maximum age, years (absent: none).
    pub max_age: Field,
    /// Location latitudes.
    pub lat: Field,
    /// Location longitudes.
    pub lon: Field,
    /// Half-hour slots of the week when it may be open: `1-0830` (Monday 08:30).
    pub open_slots: Field,
    /// Display data as JSON (municipalities, coordinates, opening hours): stored only.
    pub display: Field,
    /// Liaison, phones, hours and last confirmation as JSON: stored only.
    pub contact: Field,
    /// Last update of the source record, seconds since epoch.
    pub updated: Field,
    /// 1 when the offer was not confirmed for a long time (ranked lower).
    pub stale: Field,
}

fn text(analyzer: &str, stored: bool) -> TextOptions {
    let options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored {
        options.set_stored()
    } else {
        options
    }
}

/// Builds the schema and its field handles together.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        name: b.add_text_field("name", text(STEM, true)),
        name_exact: b.add_text_field("name_exact", text(EXACT, false)),
        name_fold: b.add_text_field("name_fold", text(FOLD, false)),
        terms: b.add_text_field("terms", text(STEM, false)),
        terms_fold: b.add_text_field("terms_fold", text(FOLD, false)),
        body: b.add_text_field("body", text(STEM, true)),
        body_exact: b.add_text_field("body_exact", text(EXACT, false)),
        body_fold: b.add_text_field("body_fold", text(FOLD, false)),
        organization: b.add_text_field("organization", text(STEM, true)),
        organization_kind: b.add_text_field("organization_kind", STRING | STORED),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        min_age: b.add_i64_field("min_age", INDEXED | FAST),
        max_age: b.add_i64_field("max_age", INDEXED | FAST),
        lat: b.add_f64_field("lat", INDEXED | FAST),
        lon: b.add_f64_field("lon", INDEXED | FAST),
        open_slots: b.add_text_field("open_slots", STRING),
        display: b.add_text_field("display", STORED),
        contact: b.add_text_field("contact", STORED),
        updated: b.add_i64_field("updated", INDEXED | FAST),
        stale: b.add_u64_field("stale", INDEXED | FAST),
    };
    (b.build(), fields)
}

/// Stored documents are read a few at a time (a page of results from anywhere in the
/// index): small blocks, so a hit decompresses little besides itself.
pub fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_blocksize: 4096,
        ..tantivy::IndexSettings::default()
    }
}
