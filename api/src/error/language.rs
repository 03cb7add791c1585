//! Which language a request is answered in: Polish unless the client prefers English.

/// Languages of error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// Polish, the default.
    #[default]
    Pl,
    /// English.
    En,
}

impl Language {
    /// Picks the language from an `Accept-Language` value: the highest-weighted of `pl`/`en`.
    pub fn from_accept_language(header: &str) -> Self {
        let mut best: Option<(f32, Language)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let language = match primary {
                "pl" => Language::Pl,
                "en" => Language::En,
                _ => continue,
            };
            if best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, language));
            }
        }
        best.map_or(Language::Pl, |(_, l)| l)
    }
}

tokio::task_local! {
    static LANGUAGE: Language;
}

/// The language of the request being handled (Polish outside a request).
pub fn current_language() -> Language {
    LANGUAGE.try_with(|l| *l).unwrap_or_default()
}

/// Runs `future` with `language` as the request's language.
pub async fn with_language<F: std::future::Future>(language: Language, future: F) -> F::Output {
    LANGUAGE.scope(language, future).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_highest_weighted_known_language() {
        assert_eq!(Language::from_accept_language("en"), Language::En);
        assert_eq!(
            Language::from_accept_language("en-GB,en;q=0.9"),
            Language::En
        );
        assert_eq!(
            Language::from_accept_language("pl-PL,en;q=0.5"),
            Language::Pl
        );
        assert_eq!(Language::from_accept_language("de, en;q=0.3"), Language::En);
        assert_eq!(Language::from_accept_language("de"), Language::Pl);
        assert_eq!(Language::from_accept_language(""), Language::Pl);
        assert_eq!(
            Language::from_accept_language("pl;q=0.2, en;q=0.8"),
            Language::En
        );
    }
}
