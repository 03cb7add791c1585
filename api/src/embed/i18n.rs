//! The embeddable page's words in Polish, Ukrainian and English.

/// A language of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Pl,
    Uk,
    En,
}

impl Lang {
    /// Every language, in the switcher's order.
    pub const ALL: [Lang; 3] = [Lang::Pl, Lang::Uk, Lang::En];

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

    /// From `lang=` or else `Accept-Language` (the first of pl/uk/en it names).
    pub fn pick(param: Option<&str>, accept_language: Option<&str>) -> Lang {
        let parse = |s: &str| match s.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("pl") => Some(Lang::Pl),
            Some("uk") => Some(Lang::Uk),
            Some("en") => Some(Lang::En),
            _ => None,
        };
        param
            .and_then(parse)
            .or_else(|| accept_language.and_then(|h| h.split(',').find_map(parse)))
            .unwrap_or_default()
    }

    /// A text of the page.
    pub fn t(self, key: Key) -> &'static str {
        let (pl, uk, en) = text(key);
        match self {
            Lang::Pl => pl,
            Lang::Uk => uk,
            Lang::En => en,
        }
    }

    /// Name of a weekday, 1 = Monday.
    pub fn weekday(self, day: u8) -> &'static str {
        const PL: [&str; 7] = [
            "poniedziałek",
            "wtorek",
            "środa",
            "czwartek",
            "piątek",
            "sobota",
            "niedziela",
        ];
        const UK: [&str; 7] = [
            "понеділок",
            "вівторок",
            "середа",
            "четвер",
            "пʼятниця",
            "субота",
            "неділя",
        ];
        const EN: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        let i = usize::from(day.clamp(1, 7) - 1);
        match self {
            Lang::Pl => PL[i],
            Lang::Uk => UK[i],
            Lang::En => EN[i],
        }
    }
}

/// The texts of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Title,
    SkipToResults,
    SearchLabel,
    SearchHint,
    SearchButton,
    Filters,
    ApplyFilters,
    ClearFilters,
    Results,
    ResultsCount,
    ShowingResultsFor,
    SearchAsTyped,
    HelpNow,
    InformationPoint,
    NoResults,
    Fallback,
    CallUs,
    WriteToUs,
    ClosestCategories,
    Previous,
    Next,
    Page,
    Pagination,
    Organization,
    Address,
    Hours,
    Map,
    ContactPerson,
    Eligibility,
    Cost,
    HowToApply,
    BackToResults,
    RequestContact,
    RequestIntro,
    Name,
    Email,
    Phone,
    Preferred,
    ByEmail,
    ByPhone,
    Need,
    Consent,
    Send,
    FixErrors,
    ErrorName,
    ErrorContact,
    ErrorEmail,
    ErrorPhone,
    ErrorConsent,
    ErrorNeed,
    Sent,
    SentCode,
    SentKeep,
    Stale,
    Free,
    Language,
    Closed,
    TooMany,
    ErrorOther,
    Facet(&'static str),
}

fn text(key: Key) -> (&'static str, &'static str, &'static str) {
    match key {
        Key::Title => (
            "Wyszukiwarka usług społecznych",
            "Пошук соціальних послуг",
            "Find social services",
        ),
        Key::SkipToResults => ("Przejdź do treści", "Перейти до змісту", "Skip to content"),
        Key::SearchLabel => (
            "Czego szukasz?",
            "Що ви шукаєте?",
            "What are you looking for?",
        ),
        Key::SearchHint => (
            "Opisz potrzebę własnymi słowami, np. „obiady dla babci z dowozem”.",
            "Опишіть потребу своїми словами, напр. «курси польської мови».",
            "Describe the need in your own words, e.g. “meals delivered for grandma”.",
        ),
        Key::SearchButton => ("Szukaj", "Шукати", "Search"),
        Key::Filters => ("Zawęź wyniki", "Фільтри", "Narrow down"),
        Key::ApplyFilters => ("Zastosuj", "Застосувати", "Apply"),
        Key::ClearFilters => ("Wyczyść filtry", "Очистити фільтри", "Clear filters"),
        Key::Results => ("Wyniki", "Результати", "Results"),
        Key::ResultsCount => (
            "Znalezione oferty:",
            "Знайдено пропозицій:",
            "Offers found:",
        ),
        Key::ShowingResultsFor => (
            "Pokazuję wyniki dla:",
            "Показую результати для:",
            "Showing results for:",
        ),
        Key::SearchAsTyped => (
            "Szukaj dokładnie tak, jak wpisano:",
            "Шукати саме так, як введено:",
            "Search exactly as typed:",
        ),
        Key::HelpNow => (
            "Potrzebujesz pomocy teraz? Zadzwoń:",
            "Потрібна допомога зараз? Телефонуйте:",
            "Need help now? Call:",
        ),
        Key::InformationPoint => (
            "Punkt informacyjny CUS",
            "Інформаційний пункт CUS",
            "CUS information point",
        ),
        Key::NoResults => (
            "Nie znaleźliśmy pasującej oferty.",
            "Ми не знайшли відповідної пропозиції.",
            "We found no matching offer.",
        ),
        Key::Fallback => (
            "Zadzwoń lub napisz do punktu informacyjnego – pomożemy znaleźć właściwą pomoc.",
            "Зателефонуйте або напишіть до інформаційного пункту – ми допоможемо знайти потрібну допомогу.",
            "Call or write to the information point – we will help you find the right support.",
        ),
        Key::CallUs => ("Zadzwoń", "Зателефонувати", "Call"),
        Key::WriteToUs => ("Napisz", "Написати", "Write"),
        Key::ClosestCategories => ("Może tu:", "Можливо, тут:", "Perhaps here:"),
        Key::Previous => ("Poprzednia strona", "Попередня сторінка", "Previous page"),
        Key::Next => ("Następna strona", "Наступна сторінка", "Next page"),
        Key::Page => ("Strona", "Сторінка", "Page"),
        Key::Pagination => ("Strony wyników", "Сторінки результатів", "Result pages"),
        Key::Organization => ("Realizator", "Надавач", "Provider"),
        Key::Address => ("Adres", "Адреса", "Address"),
        Key::Hours => ("Godziny", "Години роботи", "Opening hours"),
        Key::Map => ("Pokaż na mapie", "Показати на карті", "Show on a map"),
        Key::ContactPerson => ("Osoba do kontaktu", "Контактна особа", "Contact person"),
        Key::Eligibility => ("Dla kogo", "Для кого", "Who can use it"),
        Key::Cost => ("Koszt", "Вартість", "Cost"),
        Key::HowToApply => ("Jak skorzystać", "Як скористатися", "How to apply"),
        Key::BackToResults => (
            "Wróć do wyszukiwania",
            "Повернутися до пошуку",
            "Back to search",
        ),
        Key::RequestContact => (
            "Poproś o kontakt",
            "Попросіть про контакт",
            "Ask to be contacted",
        ),
        Key::RequestIntro => (
            "Zostaw kontakt – osoba odpowiedzialna za tę usługę odezwie się do Ciebie.",
            "Залиште контакт – відповідальна особа зв’яжеться з вами.",
            "Leave your contact – the person responsible for this service will get back to you.",
        ),
        Key::Name => ("Imię (jak się do Ciebie zwracać)", "Ім’я", "Your name"),
        Key::Email => ("E-mail", "Електронна пошта", "E-mail"),
        Key::Phone => ("Telefon", "Телефон", "Phone"),
        Key::Preferred => (
            "Wolę kontakt",
            "Бажаний спосіб зв’язку",
            "I prefer to be contacted by",
        ),
        Key::ByEmail => ("e-mailem", "електронною поштою", "e-mail"),
        Key::ByPhone => ("telefonicznie", "телефоном", "phone"),
        Key::Need => (
            "W czym możemy pomóc? (opcjonalnie)",
            "Чим ми можемо допомогти? (необов’язково)",
            "How can we help? (optional)",
        ),
        Key::Consent => (
            "Zgadzam się na przetwarzanie moich danych kontaktowych przez Centrum Usług Społecznych i realizatora usługi w celu kontaktu w tej sprawie. Zgodę mogę wycofać w każdej chwili kodem sprawy.",
            "Я погоджуюся на обробку моїх контактних даних Центром соціальних послуг і надавачем послуги з метою зв’язку щодо цієї справи. Я можу відкликати згоду будь-коли за допомогою коду справи.",
            "I agree that the Social Services Centre and the provider may process my contact details to contact me about this request. I can withdraw consent at any time with the case code.",
        ),
        Key::Send => ("Wyślij prośbę", "Надіслати", "Send request"),
        Key::FixErrors => (
            "Popraw zaznaczone pola:",
            "Виправте позначені поля:",
            "Please correct these fields:",
        ),
        Key::ErrorName => ("Wpisz imię.", "Вкажіть ім’я.", "Enter your name."),
        Key::ErrorContact => (
            "Podaj e-mail albo telefon.",
            "Вкажіть e-mail або телефон.",
            "Give an e-mail or a phone.",
        ),
        Key::ErrorEmail => (
            "To nie jest poprawny adres e-mail.",
            "Неправильна адреса електронної пошти.",
            "This is not a valid e-mail address.",
        ),
        Key::ErrorPhone => (
            "To nie jest poprawny numer telefonu.",
            "Неправильний номер телефону.",
            "This is not a valid phone number.",
        ),
        Key::ErrorConsent => (
            "Bez zgody nie możemy przekazać prośby.",
            "Без згоди ми не можемо передати запит.",
            "We cannot pass on the request without consent.",
        ),
        Key::ErrorNeed => (
            "Opis jest za długi.",
            "Опис задовгий.",
            "The description is too long.",
        ),
        Key::Sent => ("Prośba wysłana", "Запит надіслано", "Request sent"),
        Key::SentCode => ("Twój kod sprawy:", "Ваш код справи:", "Your case code:"),
        Key::SentKeep => (
            "Zapisz go – pozwala sprawdzić stan sprawy, anulować ją albo wycofać zgodę. Nie pokażemy go ponownie.",
            "Збережіть його – він дозволяє перевірити стан справи, скасувати її або відкликати згоду. Ми не покажемо його знову.",
            "Keep it – it lets you check the request, cancel it or withdraw consent. We will not show it again.",
        ),
        Key::Stale => (
            "Dane tej oferty mogą być nieaktualne – zadzwoń przed wizytą.",
            "Дані цієї пропозиції можуть бути застарілими – зателефонуйте перед візитом.",
            "This offer may be out of date – call before you go.",
        ),
        Key::Free => ("bezpłatne", "безкоштовно", "free"),
        Key::Language => ("Język", "Мова", "Language"),
        Key::Closed => ("nieczynne", "зачинено", "closed"),
        Key::TooMany => (
            "Zbyt wiele próśb z tego adresu. Spróbuj za chwilę albo zadzwoń do punktu informacyjnego.",
            "Забагато запитів з цієї адреси. Спробуйте пізніше або зателефонуйте до інформаційного пункту.",
            "Too many requests from this address. Try again shortly or call the information point.",
        ),
        Key::ErrorOther => (
            "Nie udało się wysłać prośby. Sprawdź dane i spróbuj ponownie.",
            "Не вдалося надіслати запит. Перевірте дані та спробуйте ще раз.",
            "The request could not be sent. Check the details and try again.",
        ),
        Key::Facet(name) => facet(name),
    }
}

fn facet(name: &'static str) -> (&'static str, &'static str, &'static str) {
    match name {
        "category" => ("Rodzaj pomocy", "Вид допомоги", "Kind of support"),
        "target_group" => ("Dla kogo", "Для кого", "For whom"),
        "area" => ("Obszar", "Сфера", "Area"),
        "cost" => ("Koszt", "Вартість", "Cost"),
        "delivery" => ("Forma", "Форма", "How"),
        "language" => ("Język", "Мова", "Language"),
        "organization_kind" => ("Realizator", "Надавач", "Provider"),
        "municipality" => ("Gmina", "Гміна", "Municipality"),
        "accessible" => ("Dostępność", "Доступність", "Accessibility"),
        _ => ("Filtr", "Фільтр", "Filter"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parameter_wins_over_the_header_and_polish_is_the_default() {
        assert_eq!(Lang::pick(Some("uk"), Some("en")), Lang::Uk);
        assert_eq!(Lang::pick(None, Some("de-DE,en;q=0.8")), Lang::En);
        assert_eq!(Lang::pick(Some("xx"), None), Lang::Pl);
        assert_eq!(Lang::pick(None, None), Lang::Pl);
        assert_eq!(Lang::En.weekday(7), "Sunday");
    }
}
