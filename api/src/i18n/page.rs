//! The embeddable page's words, in every language of [`Lang::ALL`].

use super::Lang;

/// Declares [`Key`], its list and its table: a key without a text in every language does
/// not compile, an empty one fails the tests.
macro_rules! page_texts {
    ($($key:ident => ($pl:expr, $uk:expr, $en:expr $(,)?),)+) => {
        /// The texts of the page.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key { $($key),+ }

        impl Key {
            /// Every key.
            pub const ALL: &'static [Key] = &[$(Key::$key),+];
        }

        /// The text of `key` in `lang`.
        pub(super) fn text(key: Key, lang: Lang) -> &'static str {
            let [pl, uk, en] = match key { $(Key::$key => [$pl, $uk, $en]),+ };
            match lang {
                Lang::Pl => pl,
                Lang::Uk => uk,
                Lang::En => en,
            }
        }
    };
}

page_texts! {
    Title => (
        "Wyszukiwarka usług społecznych",
        "Пошук соціальних послуг",
        "Find social services",
    ),
    SkipToResults => ("Przejdź do treści", "Перейти до змісту", "Skip to content"),
    SearchLabel => (
        "Czego szukasz?",
        "Що ви шукаєте?",
        "What are you looking for?",
    ),
    SearchHint => (
        "Opisz potrzebę własnymi słowami, np. „obiady dla babci z dowozem”.",
        "Опишіть потребу своїми словами, напр. «курси польської мови».",
        "Describe the need in your own words, e.g. “meals delivered for grandma”.",
    ),
    SearchButton => ("Szukaj", "Шукати", "Search"),
    Filters => ("Zawęź wyniki", "Фільтри", "Narrow down"),
    ApplyFilters => ("Zastosuj", "Застосувати", "Apply"),
    ClearFilters => ("Wyczyść filtry", "Очистити фільтри", "Clear filters"),
    Results => ("Wyniki", "Результати", "Results"),
    ResultsCount => (
        "Znalezione oferty:",
        "Знайдено пропозицій:",
        "Offers found:",
    ),
    ShowingResultsFor => (
        "Pokazuję wyniki dla:",
        "Показую результати для:",
        "Showing results for:",
    ),
    SearchAsTyped => (
        "Szukaj dokładnie tak, jak wpisano:",
        "Шукати саме так, як введено:",
        "Search exactly as typed:",
    ),
    HelpNow => (
        "Potrzebujesz pomocy teraz? Zadzwoń:",
        "Потрібна допомога зараз? Телефонуйте:",
        "Need help now? Call:",
    ),
    InformationPoint => (
        "Punkt informacyjny CUS",
        "Інформаційний пункт CUS",
        "CUS information point",
    ),
    NoResults => (
        "Nie znaleźliśmy pasującej oferty.",
        "Ми не знайшли відповідної пропозиції.",
        "We found no matching offer.",
    ),
    Fallback => (
        "Zadzwoń lub napisz do punktu informacyjnego – pomożemy znaleźć właściwą pomoc.",
        "Зателефонуйте або напишіть до інформаційного пункту – ми допоможемо знайти потрібну допомогу.",
        "Call or write to the information point – we will help you find the right support.",
    ),
    CallUs => ("Zadzwoń", "Зателефонувати", "Call"),
    WriteToUs => ("Napisz", "Написати", "Write"),
    ClosestCategories => ("Może tu:", "Можливо, тут:", "Perhaps here:"),
    Previous => ("Poprzednia strona", "Попередня сторінка", "Previous page"),
    Next => ("Następna strona", "Наступна сторінка", "Next page"),
    Page => ("Strona", "Сторінка", "Page"),
    Pagination => ("Strony wyników", "Сторінки результатів", "Result pages"),
    Organization => ("Realizator", "Надавач", "Provider"),
    Address => ("Adres", "Адреса", "Address"),
    Hours => ("Godziny", "Години роботи", "Opening hours"),
    Map => ("Pokaż na mapie", "Показати на карті", "Show on a map"),
    ContactPerson => ("Osoba do kontaktu", "Контактна особа", "Contact person"),
    Eligibility => ("Dla kogo", "Для кого", "Who can use it"),
    Cost => ("Koszt", "Вартість", "Cost"),
    HowToApply => ("Jak skorzystać", "Як скористатися", "How to apply"),
    BackToResults => (
        "Wróć do wyszukiwania",
        "Повернутися до пошуку",
        "Back to search",
    ),
    RequestContact => (
        "Poproś o kontakt",
        "Попросіть про контакт",
        "Ask to be contacted",
    ),
    RequestIntro => (
        "Zostaw kontakt – osoba odpowiedzialna za tę usługę odezwie się do Ciebie.",
        "Залиште контакт – відповідальна особа зв’яжеться з вами.",
        "Leave your contact – the person responsible for this service will get back to you.",
    ),
    Name => ("Imię (jak się do Ciebie zwracać)", "Ім’я", "Your name"),
    Email => ("E-mail", "Електронна пошта", "E-mail"),
    Phone => ("Telefon", "Телефон", "Phone"),
    Preferred => (
        "Wolę kontakt",
        "Бажаний спосіб зв’язку",
        "I prefer to be contacted by",
    ),
    ByEmail => ("e-mailem", "електронною поштою", "e-mail"),
    ByPhone => ("telefonicznie", "телефоном", "phone"),
    Need => (
        "W czym możemy pomóc? (opcjonalnie)",
        "Чим ми можемо допомогти? (необов’язково)",
        "How can we help? (optional)",
    ),
    Consent => (
        "Zgadzam się na przetwarzanie moich danych kontaktowych przez Centrum Usług Społecznych i realizatora usługi w celu kontaktu w tej sprawie. Zgodę mogę wycofać w każdej chwili kodem sprawy.",
        "Я погоджуюся на обробку моїх контактних даних Центром соціальних послуг і надавачем послуги з метою зв’язку щодо цієї справи. Я можу відкликати згоду будь-коли за допомогою коду справи.",
        "I agree that the Social Services Centre and the provider may process my contact details to contact me about this request. I can withdraw consent at any time with the case code.",
    ),
    Send => ("Wyślij prośbę", "Надіслати", "Send request"),
    TrackTitle => ("Sprawdź stan sprawy", "Перевірте стан справи", "Check your case"),
    TrackLabel => (
        "Kod sprawy (ze skierowania lub z e-maila)",
        "Код справи (з направлення або e-mail)",
        "Case code (from the referral slip or the e-mail)",
    ),
    TrackButton => ("Sprawdź", "Перевірити", "Check"),
    TrackUnknown => (
        "Nie znaleźliśmy sprawy o tym kodzie. Sprawdź, czy kod jest przepisany dokładnie.",
        "Справу з таким кодом не знайдено. Перевірте, чи код введено точно.",
        "We found no case with this code. Check that it is copied exactly.",
    ),
    TrackTooMany => (
        "Zbyt wiele prób z tego urządzenia. Spróbuj ponownie za kilka minut.",
        "Забагато спроб з цього пристрою. Спробуйте ще раз за кілька хвилин.",
        "Too many attempts from this device. Try again in a few minutes.",
    ),
    TrackSubmitted => ("Zgłoszono", "Подано", "Submitted"),
    TrackStatus => ("Stan", "Стан", "Status"),
    TrackWho => ("Kto się z Tobą skontaktuje", "Хто з вами зв’яжеться", "Who will contact you"),
    TrackHistory => ("Przebieg", "Хід справи", "History"),
    TrackWithdrawTitle => ("Wycofaj zgodę", "Відкликати згоду", "Withdraw consent"),
    TrackWithdrawText => (
        "Wycofanie zgody anuluje otwarte skierowania i usuwa Twoje imię, kontakt i opis potrzeby. Tego nie można cofnąć.",
        "Відкликання згоди скасовує відкриті направлення та видаляє ваше ім’я, контакт і опис потреби. Цю дію не можна скасувати.",
        "Withdrawing consent cancels the open referrals and erases your name, contact and description of your need. This cannot be undone.",
    ),
    TrackWithdrawConfirm => (
        "Rozumiem i wycofuję zgodę",
        "Я розумію і відкликаю згоду",
        "I understand and withdraw my consent",
    ),
    TrackWithdrawNeedsConfirm => (
        "Zaznacz pole potwierdzenia, aby wycofać zgodę.",
        "Позначте поле підтвердження, щоб відкликати згоду.",
        "Tick the confirmation box to withdraw consent.",
    ),
    TrackWithdrawn => (
        "Zgoda jest wycofana: skierowania są anulowane, a Twoje dane usunięte.",
        "Згоду відкликано: направлення скасовано, а ваші дані видалено.",
        "Consent is withdrawn: the referrals are cancelled and your data is erased.",
    ),
    StatusNew => ("przekazane", "передано", "passed on"),
    StatusAcknowledged => ("przyjęte", "прийнято", "accepted"),
    StatusInProgress => ("w realizacji", "виконується", "in progress"),
    StatusCompleted => ("zakończone", "завершено", "completed"),
    StatusDeclined => ("odrzucone", "відхилено", "declined"),
    StatusCancelled => ("anulowane", "скасовано", "cancelled"),
    StatusExpired => ("wygasłe – nikt nie odpowiedział na czas", "минув термін – ніхто не відповів вчасно", "expired – nobody answered in time"),
    SlipTitle => ("Skierowanie", "Направлення", "Referral"),
    SlipService => ("Usługa", "Послуга", "Service"),
    SlipProvider => ("Realizator", "Надавач послуги", "Provider"),
    SlipContactPerson => ("Osoba do kontaktu", "Контактна особа", "Contact person"),
    SlipHours => ("Godziny", "Години роботи", "Opening hours"),
    SlipAddress => ("Adres", "Адреса", "Address"),
    SlipDue => (
        "Osoba do kontaktu odezwie się najpóźniej",
        "Контактна особа зв’яжеться з вами не пізніше",
        "The contact person will get in touch by",
    ),
    SlipNoContact => (
        "Nie zostawiłeś telefonu ani e-maila: zadzwoń lub przyjdź z tym skierowaniem.",
        "Ви не залишили телефону чи e-mail: зателефонуйте або прийдіть із цим направленням.",
        "You left no phone or e-mail: call or come in with this referral.",
    ),
    SlipCode => ("Kod sprawy", "Код справи", "Case code"),
    SlipTrack => (
        "Stan sprawy sprawdzisz z tym kodem na stronie",
        "Стан справи можна перевірити з цим кодом на сторінці",
        "Check the status of your case with this code at",
    ),
    SlipKeep => (
        "Zachowaj kod. Nie podawaj go nikomu poza pracownikami CUS i realizatora. Tym kodem możesz też wycofać zgodę na przetwarzanie danych.",
        "Збережіть код. Не повідомляйте його нікому, крім працівників ЦСП і надавача послуги. Цим кодом ви також можете відкликати згоду на обробку даних.",
        "Keep the code. Do not give it to anyone but the staff of the centre and the provider. With it you can also withdraw your consent to the use of your data.",
    ),

    FixErrors => (
        "Popraw zaznaczone pola:",
        "Виправте позначені поля:",
        "Please correct these fields:",
    ),
    ErrorName => ("Wpisz imię.", "Вкажіть ім’я.", "Enter your name."),
    ErrorContact => (
        "Podaj e-mail albo telefon.",
        "Вкажіть e-mail або телефон.",
        "Give an e-mail or a phone.",
    ),
    ErrorEmail => (
        "To nie jest poprawny adres e-mail.",
        "Неправильна адреса електронної пошти.",
        "This is not a valid e-mail address.",
    ),
    ErrorPhone => (
        "To nie jest poprawny numer telefonu.",
        "Неправильний номер телефону.",
        "This is not a valid phone number.",
    ),
    ErrorConsent => (
        "Bez zgody nie możemy przekazać prośby.",
        "Без згоди ми не можемо передати запит.",
        "We cannot pass on the request without consent.",
    ),
    ErrorNeed => (
        "Opis jest za długi.",
        "Опис задовгий.",
        "The description is too long.",
    ),
    Sent => ("Prośba wysłana", "Запит надіслано", "Request sent"),
    SentCode => ("Twój kod sprawy:", "Ваш код справи:", "Your case code:"),
    SentKeep => (
        "Zapisz go – pozwala sprawdzić stan sprawy, anulować ją albo wycofać zgodę. Nie pokażemy go ponownie.",
        "Збережіть його – він дозволяє перевірити стан справи, скасувати її або відкликати згоду. Ми не покажемо його знову.",
        "Keep it – it lets you check the request, cancel it or withdraw consent. We will not show it again.",
    ),
    Stale => (
        "Dane tej oferty mogą być nieaktualne – zadzwoń przed wizytą.",
        "Дані цієї пропозиції можуть бути застарілими – зателефонуйте перед візитом.",
        "This offer may be out of date – call before you go.",
    ),
    Free => ("bezpłatne", "безкоштовно", "free"),
    Language => ("Język", "Мова", "Language"),
    Closed => ("nieczynne", "зачинено", "closed"),
    TooMany => (
        "Zbyt wiele próśb z tego adresu. Spróbuj za chwilę albo zadzwoń do punktu informacyjnego.",
        "Забагато запитів з цієї адреси. Спробуйте пізніше або зателефонуйте до інформаційного пункту.",
        "Too many requests from this address. Try again shortly or call the information point.",
    ),
    ErrorOther => (
        "Nie udało się wysłać prośby. Sprawdź dane i spróbuj ponownie.",
        "Не вдалося надіслати запит. Перевірте дані та спробуйте ще раз.",
        "The request could not be sent. Check the details and try again.",
    ),
    Monday => ("poniedziałek", "понеділок", "Monday"),
    Tuesday => ("wtorek", "вівторок", "Tuesday"),
    Wednesday => ("środa", "середа", "Wednesday"),
    Thursday => ("czwartek", "четвер", "Thursday"),
    Friday => ("piątek", "пʼятниця", "Friday"),
    Saturday => ("sobota", "субота", "Saturday"),
    Sunday => ("niedziela", "неділя", "Sunday"),
}

/// Name of a weekday, 1 = Monday.
pub(super) fn weekday(lang: Lang, day: u8) -> &'static str {
    const DAYS: [Key; 7] = [
        Key::Monday,
        Key::Tuesday,
        Key::Wednesday,
        Key::Thursday,
        Key::Friday,
        Key::Saturday,
        Key::Sunday,
    ];
    text(DAYS[usize::from(day.clamp(1, 7) - 1)], lang)
}
