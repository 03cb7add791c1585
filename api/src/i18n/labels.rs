//! Names of the search facets, in every language of [`Lang::ALL`].

use super::Lang;

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
