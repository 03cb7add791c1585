//! Names of the search facets and of their values, in every language of [`Lang::ALL`]:
//! vocabulary terms from `seed-data/taxonomy.json`, fixed codes from the table below. Gminy
//! are named by the data, the same in every language.

use crate::directory::{Term, vocabulary};
use crate::i18n::Lang;

/// The one of three texts (Polish, Ukrainian, English) that is in `lang`.
fn of<T>(lang: Lang, [pl, uk, en]: [T; 3]) -> T {
    match lang {
        Lang::Pl => pl,
        Lang::Uk => uk,
        Lang::En => en,
    }
}

/// The name of a facet dimension, as the heading of its filter.
pub fn dimension(lang: Lang, dimension: &str) -> &'static str {
    of(
        lang,
        match dimension {
            "category" => ["Rodzaj pomocy", "Вид допомоги", "Kind of support"],
            "target_group" => ["Dla kogo", "Для кого", "For whom"],
            "area" => ["Obszar", "Сфера", "Area"],
            "cost" => ["Koszt", "Вартість", "Cost"],
            "delivery" => ["Forma", "Форма", "How"],
            "language" => ["Język", "Мова", "Language"],
            "organization_kind" => ["Realizator", "Надавач", "Provider"],
            "municipality" => ["Gmina", "Гміна", "Municipality"],
            "accessible" => ["Dostępność", "Доступність", "Accessibility"],
            _ => ["Filtr", "Фільтр", "Filter"],
        },
    )
}

/// Values with fixed codes: dimension, code, names in Polish, Ukrainian and English.
#[rustfmt::skip]
pub const FIXED: &[(&str, &str, [&str; 3])] = &[
    ("cost", "free", ["Bezpłatne", "Безкоштовно", "Free"]),
    ("cost", "partly_paid", ["Częściowo odpłatne", "Частково платно", "Partly paid"]),
    ("cost", "paid", ["Odpłatne", "Платно", "Paid"]),
    ("delivery", "in_person", ["Na miejscu", "Особисто", "In person"]),
    ("delivery", "home", ["W domu", "Вдома", "At home"]),
    ("delivery", "phone", ["Przez telefon", "Телефоном", "By phone"]),
    ("delivery", "online", ["Przez internet", "Онлайн", "Online"]),
    ("language", "pl", ["polski", "польська", "Polish"]),
    ("language", "uk", ["ukraiński", "українська", "Ukrainian"]),
    ("language", "ru", ["rosyjski", "російська", "Russian"]),
    ("language", "en", ["angielski", "англійська", "English"]),
    ("language", "de", ["niemiecki", "німецька", "German"]),
    ("accessible", "yes", ["Dostępne architektonicznie", "Без архітектурних бар’єрів", "Step-free access"]),
    ("organization_kind", "cus", ["Centrum Usług Społecznych", "Центр соціальних послуг", "Social Services Centre"]),
    ("organization_kind", "municipal_unit", ["Jednostka samorządowa", "Муніципальна установа", "Municipal unit"]),
    ("organization_kind", "ngo", ["Organizacja pozarządowa", "Громадська організація", "NGO"]),
    ("organization_kind", "social_enterprise", ["Podmiot ekonomii społecznej", "Соціальне підприємство", "Social enterprise"]),
    ("organization_kind", "church", ["Organizacja kościelna", "Церковна організація", "Church organization"]),
    ("organization_kind", "health", ["Placówka ochrony zdrowia", "Заклад охорони здоров’я", "Health care provider"]),
    ("organization_kind", "private", ["Firma prywatna", "Приватна фірма", "Private company"]),
];

/// The vocabulary a dimension's codes come from, if any.
pub fn terms(dimension: &str) -> Option<&'static [Term]> {
    let v = vocabulary();
    match dimension {
        "category" => Some(&v.categories),
        "area" => Some(&v.areas),
        "target_group" => Some(&v.target_groups),
        _ => None,
    }
}

/// A vocabulary term's name in `lang`.
pub fn term(lang: Lang, term: &Term) -> &str {
    of(lang, [&term.pl, &term.uk, &term.en])
}

/// The name of a facet value in `lang`: `None` for gminy and for codes okienko has no name
/// for (shown as they are).
pub fn value(lang: Lang, dimension: &str, code: &str) -> Option<String> {
    if let Some(terms) = terms(dimension) {
        return terms
            .iter()
            .find(|t| t.code == code)
            .map(|t| term(lang, t).to_owned());
    }
    FIXED
        .iter()
        .find(|(d, c, _)| *d == dimension && *c == code)
        .map(|(_, _, names)| of(lang, *names).to_owned())
}
