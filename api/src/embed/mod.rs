//! The embeddable search for municipal websites: server-rendered HTML that works without
//! JavaScript (search, facets with counts, paging, offer detail, the "Poproś o kontakt" form,
//! the information point when nothing fits), in Polish, Ukrainian and English, scoped to a
//! gmina and themable; `assets/` enhances it (suggestions, iframe height) and defines the
//! `<okienko-search>` element.

mod detail;
mod layout;
mod pages;
mod track;

use crate::i18n::Lang;
pub use detail::{RequestForm, detail_page, sent_page};
pub use pages::search_page;
pub use track::{TrackNotice, track_case_page, track_form_page};

/// The facet dimensions offered as filters, in order.
pub const FILTERS: [&str; 6] = [
    "category",
    "target_group",
    "cost",
    "delivery",
    "language",
    "organization_kind",
];

/// What every page of one embedding keeps: language, gmina, theme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Language.
    pub lang: Lang,
    /// TERYT code of the gmina the embedding is scoped to.
    pub municipality: Option<String>,
    /// Accent colour (`#rrggbb`), from the embedding's `--okienko-accent`.
    pub accent: Option<String>,
}

impl Context {
    /// The context from request parameters; invalid values are ignored.
    pub fn new(lang: Lang, municipality: Option<&str>, accent: Option<&str>) -> Self {
        Self {
            lang,
            municipality: municipality
                .map(str::trim)
                .filter(|m| crate::domain::Teryt::parse(m).is_ok())
                .map(str::to_owned),
            // A colour too light for text on white would fail WCAG AA: the default stays.
            accent: accent
                .map(str::trim)
                .filter(|a| is_hex_colour(a) && layout::contrast_with_white(a) >= 4.5)
                .map(str::to_owned),
        }
    }

    /// Query-string pairs that keep the context across links.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("lang", self.lang.code().to_owned())];
        if let Some(m) = &self.municipality {
            pairs.push(("municipality", m.clone()));
        }
        if let Some(a) = &self.accent {
            pairs.push(("accent", a.clone()));
        }
        pairs
    }
}

/// `#rgb` or `#rrggbb`.
fn is_hex_colour(s: &str) -> bool {
    s.strip_prefix('#')
        .is_some_and(|h| (h.len() == 3 || h.len() == 6) && h.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A query string from pairs (values percent-encoded).
pub fn query_string(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::html::url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_valid_scope_and_colours_are_kept() {
        let c = Context::new(Lang::Uk, Some("1499011"), Some("#063"));
        assert_eq!(c.municipality.as_deref(), Some("1499011"));
        assert_eq!(c.accent.as_deref(), Some("#063"));
        assert_eq!(Context::new(Lang::Pl, None, Some("#ffff00")).accent, None);
        let bad = Context::new(Lang::Pl, Some("x"), Some("red;}body{display:none"));
        assert_eq!((bad.municipality, bad.accent), (None, None));
        assert_eq!(
            query_string(&c.pairs()),
            "lang=uk&municipality=1499011&accent=%23063"
        );
    }
}
