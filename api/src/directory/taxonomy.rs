//! The controlled vocabulary: statutory areas, service categories, target groups.
//! Kept in `seed-data/taxonomy.json`, compiled into the binary.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use utoipa::ToSchema;

/// One term of the vocabulary, with its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Term {
    /// Stable code.
    pub code: String,
    /// Polish name.
    pub pl: String,
    /// English name.
    pub en: String,
    /// Ukrainian name.
    pub uk: String,
    /// Part of the KPRES catalogue of social services (categories only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpres: Option<bool>,
}

/// The three vocabularies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Vocabulary {
    /// Statutory areas (art. 2 ust. 1 of the CUS act).
    pub areas: Vec<Term>,
    /// Service categories (KPRES catalogue and more).
    pub categories: Vec<Term>,
    /// Target groups.
    pub target_groups: Vec<Term>,
}

impl Vocabulary {
    /// Whether `code` is a known area.
    pub fn is_area(&self, code: &str) -> bool {
        self.areas.iter().any(|t| t.code == code)
    }

    /// Whether `code` is a known category.
    pub fn is_category(&self, code: &str) -> bool {
        self.categories.iter().any(|t| t.code == code)
    }

    /// Whether `code` is a known target group.
    pub fn is_target_group(&self, code: &str) -> bool {
        self.target_groups.iter().any(|t| t.code == code)
    }

    /// Finds a term in any vocabulary by code or by (case-insensitive) name in any language.
    pub fn find<'a>(terms: &'a [Term], code_or_name: &str) -> Option<&'a Term> {
        let wanted = code_or_name.trim();
        terms.iter().find(|t| {
            t.code == wanted
                || t.pl.eq_ignore_ascii_case(wanted)
                || t.en.eq_ignore_ascii_case(wanted)
                || t.pl.to_lowercase() == wanted.to_lowercase()
        })
    }
}

const TAXONOMY_JSON: &str = include_str!("../../../seed-data/taxonomy.json");

/// The vocabulary compiled into this binary.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        serde_json::from_str(TAXONOMY_JSON).expect("seed-data/taxonomy.json is valid (tested)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_vocabulary_parses_and_has_all_statutory_areas() {
        let v = vocabulary();
        assert_eq!(v.areas.len(), 14);
        assert!(v.is_category("respite_care"));
        assert!(v.is_target_group("seniors"));
        assert!(!v.is_area("respite_care"));
        assert_eq!(
            v.categories
                .iter()
                .filter(|t| t.kpres == Some(true))
                .count(),
            15
        );
    }

    #[test]
    fn finds_terms_by_code_or_name() {
        let v = vocabulary();
        assert_eq!(
            Vocabulary::find(&v.categories, "Opieka wytchnieniowa").map(|t| t.code.as_str()),
            Some("respite_care")
        );
        assert_eq!(
            Vocabulary::find(&v.categories, "respite care").map(|t| t.code.as_str()),
            Some("respite_care")
        );
        assert!(Vocabulary::find(&v.categories, "nonsense").is_none());
    }
}
