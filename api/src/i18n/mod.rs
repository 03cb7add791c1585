//! Every text okienko shows in more than one language, and the one [`Lang`] that picks it.
//!
//! Two surfaces, two sets of languages:
//! - the embeddable page (`/embed`) is in every language of [`Lang::ALL`], picked by
//!   [`Lang::pick`] from `lang=` or `Accept-Language`;
//! - the JSON API answers problems and notices in the languages of [`Lang::API`], picked by
//!   [`Lang::from_accept_language`]; a text of the API asked for in another language is given
//!   in Polish (see [`Localized::get`]).

mod page;

pub use page::Key;

/// A language okienko speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Polish, the default.
    #[default]
    Pl,
    /// Ukrainian (the embeddable page only).
    Uk,
    /// English.
    En,
}

impl Lang {
    /// Every language of the embeddable page, in the switcher's order.
    pub const ALL: [Lang; 3] = [Lang::Pl, Lang::Uk, Lang::En];

    /// The languages the JSON API answers problems and notices in.
    pub const API: [Lang; 2] = [Lang::Pl, Lang::En];

    /// The BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Pl => "pl",
            Lang::Uk => "uk",
            Lang::En => "en",
        }
    }

    /// The language named in itself.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Pl => "Polski",
            Lang::Uk => "Українська",
            Lang::En => "English",
        }
    }

    /// The language of a tag's first two letters (`en-GB` → English, `uk` → Ukrainian), if
    /// okienko speaks it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().get(..2)?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The page's language: `lang=` or else the first of [`Lang::ALL`] that `Accept-Language`
    /// names (weights are not read); Polish when neither names one.
    pub fn pick(param: Option<&str>, accept_language: Option<&str>) -> Lang {
        param
            .and_then(Lang::from_tag)
            .or_else(|| accept_language.and_then(|h| h.split(',').find_map(Lang::from_tag)))
            .unwrap_or_default()
    }

    /// The API's language: the highest-weighted of [`Lang::API`] in an `Accept-Language`
    /// value; Polish when it names none.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let Some(lang) = Lang::API.into_iter().find(|l| l.code() == primary) else {
                continue;
            };
            if best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map_or(Lang::Pl, |(_, l)| l)
    }

    /// A text of the page.
    pub fn t(self, key: Key) -> &'static str {
        page::text(key, self)
    }

    /// Name of a weekday, 1 = Monday.
    pub fn weekday(self, day: u8) -> &'static str {
        page::weekday(self, day)
    }
}

tokio::task_local! {
    static LANG: Lang;
}

/// The API language of the request being handled (Polish outside a request).
pub fn current_lang() -> Lang {
    LANG.try_with(|l| *l).unwrap_or_default()
}

/// Runs `future` with `lang` as the request's API language.
pub async fn with_lang<F: std::future::Future>(lang: Lang, future: F) -> F::Output {
    LANG.scope(lang, future).await
}

/// A text of the API, in the languages it answers in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Localized {
    /// Polish text (the default).
    pub pl: String,
    /// English text (`Accept-Language: en`).
    pub en: String,
}

impl Localized {
    /// A text given in Polish and English.
    pub fn new(pl: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            pl: pl.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`: English for English, Polish for every other language.
    pub fn get(&self, lang: Lang) -> &str {
        api_text(lang, &self.pl, &self.en)
    }
}

/// Of a Polish and an English text of the API, the one for `lang` (Polish unless English).
pub fn api_text<'a>(lang: Lang, pl: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Pl | Lang::Uk => pl,
    }
}

/// Notices the search API adds to its answers, in the API's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Next to an offer its provider has not confirmed for long.
    Stale,
    /// The query was cut to its first 500 characters.
    QueryCut,
}

impl Notice {
    /// Every notice.
    pub const ALL: [Notice; 2] = [Notice::Stale, Notice::QueryCut];

    /// The notice in `lang` (Polish unless English).
    pub fn text(self, lang: Lang) -> &'static str {
        match self {
            Notice::Stale => api_text(
                lang,
                "Dane tej oferty nie były potwierdzane od ponad pół roku – przed wizytą zadzwoń i upewnij się, że jest aktualna.",
                "This offer has not been confirmed for over six months: call before you go to make sure it still runs.",
            ),
            Notice::QueryCut => api_text(
                lang,
                "Zapytanie było dłuższe niż 500 znaków; wyszukano jego początek.",
                "The query was longer than 500 characters; its beginning was searched.",
            ),
        }
    }
}

/// A text of the needs table (need names, helplines: keyed by language code) in `lang`,
/// Polish when it has none in `lang`.
pub fn from_table(texts: &std::collections::BTreeMap<String, String>, lang: Lang) -> String {
    texts
        .get(lang.code())
        .or_else(|| texts.get(Lang::Pl.code()))
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
