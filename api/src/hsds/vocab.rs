//! Names shared by import and export: okienko's HSDS taxonomies, languages, weekdays,
//! voivodeships.

use crate::directory::{DeliveryMode, OrganizationKind};

/// Taxonomy of service categories (term code = category code).
pub const TAXONOMY_CATEGORY: &str = "okienko:category";
/// Taxonomy of statutory areas (term code = area code).
pub const TAXONOMY_AREA: &str = "okienko:area";
/// Taxonomy of target groups (term code = target group code).
pub const TAXONOMY_TARGET_GROUP: &str = "okienko:target_group";
/// Taxonomy of delivery modes (term code = [`DeliveryMode`] code).
pub const TAXONOMY_DELIVERY_MODE: &str = "okienko:delivery_mode";
/// Taxonomy of okienko fields HSDS has no place for (term code = field, attribute value = value).
pub const TAXONOMY_FIELD: &str = "okienko:field";
/// Taxonomy of organization kinds (term code = [`OrganizationKind`] code).
pub const TAXONOMY_ORGANIZATION_KIND: &str = "okienko:organization_kind";
/// Taxonomy of gminy (term code = TERYT TERC code).
pub const TAXONOMY_MUNICIPALITY: &str = "okienko:municipality";

/// Polish and English name of an organization kind.
pub(super) fn kind_names(kind: OrganizationKind) -> (&'static str, &'static str) {
    match kind {
        OrganizationKind::Cus => ("Centrum usług społecznych", "Social services centre"),
        OrganizationKind::MunicipalUnit => ("Jednostka samorządowa", "Municipal unit"),
        OrganizationKind::Ngo => ("Organizacja pozarządowa", "Non-governmental organization"),
        OrganizationKind::SocialEnterprise => ("Podmiot ekonomii społecznej", "Social enterprise"),
        OrganizationKind::Church => ("Organizacja kościelna", "Church charity"),
        OrganizationKind::Health => ("Podmiot leczniczy", "Health provider"),
        OrganizationKind::Private => ("Firma prywatna", "Private company"),
    }
}

/// Polish and English name of a delivery mode.
pub(super) fn delivery_mode_names(mode: DeliveryMode) -> (&'static str, &'static str) {
    match mode {
        DeliveryMode::InPerson => ("Na miejscu", "In person"),
        DeliveryMode::Home => ("W domu mieszkańca", "At home"),
        DeliveryMode::Phone => ("Telefonicznie", "By phone"),
        DeliveryMode::Online => ("Online", "Online"),
    }
}

/// Polish and English name of an okienko field carried as an `okienko:field` attribute.
pub(super) fn field_names(code: &str) -> (&'static str, &'static str) {
    match code {
        "means_tested" => ("Kryterium dochodowe", "Means-tested"),
        "capacity" => ("Liczba miejsc w miesiącu", "Places per month"),
        "waiting_days" => ("Czas oczekiwania w dniach", "Waiting time in days"),
        "valid_from" => ("Dostępna od", "Offered from"),
        "valid_to" => ("Dostępna do", "Offered until"),
        "schedule_exceptions" => ("Dni o innych godzinach", "Days with other hours"),
        "deputy_id" => ("Zastępca", "Deputy"),
        "cost" => ("Odpłatność", "Cost"),
        _ => ("Pole okienko", "okienko field"),
    }
}

/// Languages okienko names: ISO 639-1 code, ISO 639-3 code, Polish name, other names.
const LANGUAGES: &[(&str, &str, &str, &[&str])] = &[
    ("pl", "pol", "polski", &["polish", "polska", "język polski"]),
    (
        "uk",
        "ukr",
        "ukraiński",
        &["ukrainian", "ukrainski", "українська", "język ukraiński"],
    ),
    (
        "ru",
        "rus",
        "rosyjski",
        &["russian", "русский", "język rosyjski"],
    ),
    ("en", "eng", "angielski", &["english", "język angielski"]),
    (
        "de",
        "deu",
        "niemiecki",
        &["german", "deutsch", "ger", "język niemiecki"],
    ),
    ("be", "bel", "białoruski", &["belarusian", "беларуская"]),
    ("fr", "fra", "francuski", &["french", "fre", "français"]),
    ("es", "spa", "hiszpański", &["spanish", "español"]),
    ("it", "ita", "włoski", &["italian", "italiano"]),
    ("cs", "ces", "czeski", &["czech", "cze"]),
    ("sk", "slk", "słowacki", &["slovak", "slo"]),
    ("lt", "lit", "litewski", &["lithuanian"]),
    ("ka", "kat", "gruziński", &["georgian", "geo"]),
    ("vi", "vie", "wietnamski", &["vietnamese"]),
    ("ar", "ara", "arabski", &["arabic"]),
];

/// The ISO 639-1 code of a language given by code (639-1, 639-3, `en-GB`) or name.
pub(super) fn language_code(code: Option<&str>, name: Option<&str>) -> Option<String> {
    if let Some(code) = code.map(|c| c.trim().to_lowercase()) {
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        if primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase()) {
            return Some(primary.to_owned());
        }
        if let Some((two, ..)) = LANGUAGES
            .iter()
            .find(|l| l.1 == primary || l.3.contains(&primary))
        {
            return Some((*two).to_owned());
        }
    }
    let name = name?.trim().to_lowercase();
    LANGUAGES
        .iter()
        .find(|(_, _, pl, others)| *pl == name || others.contains(&name.as_str()))
        .map(|l| l.0.to_owned())
}

/// Polish name of a language by ISO 639-1 code.
pub(super) fn language_name(code: &str) -> Option<&'static str> {
    LANGUAGES.iter().find(|l| l.0 == code).map(|l| l.2)
}

/// iCalendar weekday codes, Monday first (index + 1 = okienko weekday).
pub(super) const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The voivodeship of a TERYT code (its first two digits).
pub(super) fn voivodeship(teryt: &str) -> Option<&'static str> {
    Some(match teryt.get(..2)? {
        "02" => "dolnośląskie",
        "04" => "kujawsko-pomorskie",
        "06" => "lubelskie",
        "08" => "lubuskie",
        "10" => "łódzkie",
        "12" => "małopolskie",
        "14" => "mazowieckie",
        "16" => "opolskie",
        "18" => "podkarpackie",
        "20" => "podlaskie",
        "22" => "pomorskie",
        "24" => "śląskie",
        "26" => "świętokrzyskie",
        "28" => "warmińsko-mazurskie",
        "30" => "wielkopolskie",
        "32" => "zachodniopomorskie",
        _ => return None,
    })
}
