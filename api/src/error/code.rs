//! The one table of stable error codes. A code, once published, is never renamed or reused.

use crate::i18n::Lang;

macro_rules! error_codes {
    ($($variant:ident => $code:literal, $status:literal, $pl:literal, $en:literal;)+) => {
        /// Every machine-readable error code okienko answers with.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode { $($variant),+ }

        impl ErrorCode {
            /// All codes, in table order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),+];

            /// The stable snake_case code clients branch on.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code),+ }
            }

            /// The HTTP status this code is answered with (a 4xx or 5xx number).
            pub fn status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status),+ }
            }

            /// A short, human title in `lang`: English for English, else Polish (there are
            /// no titles in other languages, see [`Lang::API`]).
            pub fn title(self, lang: Lang) -> &'static str {
                match self { $(ErrorCode::$variant => crate::i18n::api_text(lang, $pl, $en)),+ }
            }
        }
    };
}

impl ErrorCode {
    /// The code whose stable string is `code`, if the table has one.
    pub fn from_code(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

/// On the wire a code is its stable string.
impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Only the table's strings are codes; any other string is an error.
impl<'de> serde::Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        ErrorCode::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format_args!("unknown error code `{code}`")))
    }
}

error_codes! {
    NotFound => "not_found", 404, "Nie znaleziono", "Not found";
    MethodNotAllowed => "method_not_allowed", 405, "Niedozwolona metoda", "Method not allowed";
    ServiceNotFound => "service_not_found", 404, "Nie znaleziono usługi", "Service not found";
    OrganizationNotFound => "organization_not_found", 404, "Nie znaleziono organizacji", "Organization not found";
    InvalidId => "invalid_id", 400, "Nieprawidłowy identyfikator", "Invalid identifier";
    UnknownParameter => "unknown_parameter", 400, "Nieznany parametr zapytania", "Unknown query parameter";
    InvalidQueryParameter => "invalid_query_parameter", 400, "Nieprawidłowy parametr zapytania", "Invalid query parameter";
    InvalidPage => "invalid_page", 400, "Nieprawidłowy numer strony", "Invalid page number";
    InvalidPerPage => "invalid_per_page", 400, "Nieprawidłowy rozmiar strony", "Invalid page size";
    InvalidFilter => "invalid_filter", 400, "Nieprawidłowa wartość filtra", "Invalid filter value";
    InvalidQuery => "invalid_query", 400, "Nieprawidłowe zapytanie", "Invalid search query";
    QueryTooLong => "query_too_long", 400, "Zbyt długie zapytanie", "Search query too long";
    InvalidAge => "invalid_age", 400, "Nieprawidłowy wiek", "Invalid age";
    InvalidGeo => "invalid_geo", 400, "Nieprawidłowe położenie", "Invalid location parameters";
    InvalidSort => "invalid_sort", 400, "Nieprawidłowe sortowanie", "Invalid sort order";
    InvalidBoolean => "invalid_boolean", 400, "Nieprawidłowa wartość logiczna", "Invalid boolean value";
    MalformedBody => "malformed_body", 400, "Nieprawidłowa treść żądania", "Malformed request body";
    UnknownField => "unknown_field", 400, "Nieznane pole w treści żądania", "Unknown field in request body";
    PayloadTooLarge => "payload_too_large", 413, "Zbyt duża treść żądania", "Request body too large";
    UnsupportedMediaType => "unsupported_media_type", 415, "Nieobsługiwany typ treści", "Unsupported media type";
    ValidationFailed => "validation_failed", 422, "Dane nie przeszły walidacji", "Validation failed";
    InvalidTeryt => "invalid_teryt", 422, "Nieprawidłowy kod TERYT", "Invalid TERYT code";
    InvalidPostalCode => "invalid_postal_code", 422, "Nieprawidłowy kod pocztowy", "Invalid postal code";
    InvalidEmail => "invalid_email", 422, "Nieprawidłowy adres e-mail", "Invalid e-mail address";
    InvalidPhone => "invalid_phone", 422, "Nieprawidłowy numer telefonu", "Invalid phone number";
    InvalidNip => "invalid_nip", 422, "Nieprawidłowy NIP", "Invalid NIP";
    InvalidRegon => "invalid_regon", 422, "Nieprawidłowy REGON", "Invalid REGON";
    InvalidKrs => "invalid_krs", 422, "Nieprawidłowy numer KRS", "Invalid KRS number";
    InvalidCoordinates => "invalid_coordinates", 422, "Nieprawidłowe współrzędne", "Invalid coordinates";
    InvalidOpeningHours => "invalid_opening_hours", 422, "Nieprawidłowe godziny otwarcia", "Invalid opening hours";
    MissingField => "missing_field", 422, "Brak wymaganego pola", "Missing required field";
    InvalidValue => "invalid_value", 422, "Nieprawidłowa wartość", "Invalid value";
    Unauthorized => "unauthorized", 401, "Wymagane uwierzytelnienie", "Authentication required";
    InvalidCredentials => "invalid_credentials", 401, "Nieprawidłowy e-mail lub hasło", "Wrong e-mail or password";
    TokenExpired => "token_expired", 401, "Token wygasł", "Token expired";
    InvalidToken => "invalid_token", 401, "Nieprawidłowy token", "Invalid token";
    InvalidRefreshToken => "invalid_refresh_token", 401, "Nieważny token odświeżania", "Invalid refresh token";
    SessionEnded => "session_ended", 401, "Sesja zakończona", "Session ended";
    Forbidden => "forbidden", 403, "Brak uprawnień", "Forbidden";
    PasswordChangeRequired => "password_change_required", 403, "Wymagana zmiana hasła", "Password change required";
    AccountLocked => "account_locked", 429, "Konto czasowo zablokowane", "Account temporarily locked";
    RateLimited => "rate_limited", 429, "Zbyt wiele żądań", "Too many requests";
    ServiceExists => "service_exists", 409, "Usługa już istnieje", "Service already exists";
    IdConflict => "id_conflict", 409, "Identyfikator należy do innego rekordu", "The id belongs to another record";
    ForbiddenReference => "forbidden_reference", 403, "Odwołanie do cudzego rekordu", "Reference to another organization's record";
    UnknownReference => "unknown_reference", 422, "Odwołanie do nieistniejącego rekordu", "Reference to a record that does not exist";
    TenantMoveNotAllowed => "tenant_move_not_allowed", 403, "Przeniesienie do innego CUS niedozwolone", "Moving to another tenant is not allowed";
    WebhookUrlNotAllowed => "webhook_url_not_allowed", 422, "Niedozwolony adres webhooka", "Webhook URL not allowed";
    InvalidUrl => "invalid_url", 422, "Nieprawidłowy adres strony", "Invalid web address";
    TextTooLong => "text_too_long", 422, "Zbyt długi tekst", "Text too long";
    CrossSiteRequest => "cross_site_request", 403, "Żądanie z innej witryny", "Cross-site request refused";
    DraftNotFound => "draft_not_found", 404, "Nie znaleziono propozycji zmian", "Draft not found";
    ReferralNotFound => "referral_not_found", 404, "Nie znaleziono skierowania", "Referral not found";
    CaseNotFound => "case_not_found", 404, "Nie znaleziono sprawy", "Case not found";
    TrackingCodeNotFound => "tracking_code_not_found", 404, "Nie znaleziono sprawy o tym kodzie", "No case with this tracking code";
    InvalidTransition => "invalid_transition", 409, "Niedozwolona zmiana stanu", "Transition not allowed";
    EditConflict => "edit_conflict", 409, "Równoczesna zmiana", "Concurrent change";
    VersionMismatch => "version_mismatch", 412, "Nieaktualna wersja", "Version mismatch";
    ConsentRequired => "consent_required", 422, "Wymagana zgoda", "Consent required";
    PersonalDataInEnquiry => "personal_data_in_enquiry", 422, "Dane osobowe w rejestrze kontaktów", "Personal data in the enquiry log";
    InvalidIdempotencyKey => "invalid_idempotency_key", 400, "Nieprawidłowy klucz idempotencji", "Invalid idempotency key";
    IdempotencyKeyReused => "idempotency_key_reused", 422, "Klucz idempotencji użyty z inną treścią", "Idempotency key reused with another body";
    InvalidHeader => "invalid_header", 400, "Nieprawidłowy nagłówek", "Invalid header";
    ImportDisabled => "import_disabled", 403, "Import jest wyłączony", "Import is disabled";
    NotReady => "not_ready", 503, "Usługa nie jest gotowa", "Service not ready";
    IndexUnavailable => "index_unavailable", 503, "Wyszukiwarka chwilowo niedostępna", "Search index unavailable";
    Overloaded => "overloaded", 503, "Przeciążenie", "Overloaded";
    RequestTimeout => "request_timeout", 408, "Przekroczony czas wysyłania treści", "Request body took too long";
    StorageUnavailable => "storage_unavailable", 503, "Zapis chwilowo niemożliwy", "Storage temporarily unavailable";
    InternalError => "internal_error", 500, "Błąd wewnętrzny", "Internal error";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
        }
    }

    #[test]
    fn every_code_is_an_error_status_with_both_titles() {
        for code in ErrorCode::ALL {
            assert!((400..600).contains(&code.status()), "{}", code.as_str());
            assert!(!code.title(Lang::Pl).is_empty());
            assert_ne!(code.title(Lang::Pl), code.title(Lang::En));
            assert_eq!(code.title(Lang::Uk), code.title(Lang::Pl));
        }
    }

    #[test]
    fn codes_travel_as_their_strings() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(code).expect("serialize");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(
                serde_json::from_str::<ErrorCode>(&json).expect("deserialize"),
                *code
            );
        }
        assert!(serde_json::from_str::<ErrorCode>("\"no_such_code\"").is_err());
        assert!(serde_json::from_str::<ErrorCode>("7").is_err());
    }

    /// The codes written as quoted string literals in `text` (`"invalid_value"`, or
    /// `\"invalid_value\"` inside a string such as a JSON example).
    fn quoted_codes(text: &str) -> Vec<&'static str> {
        let text = text.replace("\\\"", "\"");
        ErrorCode::ALL
            .iter()
            .map(|code| code.as_str())
            .filter(|code| text.contains(&format!("\"{code}\"")))
            .collect()
    }

    fn rust_files(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                rust_files(&path, files);
            } else if path.extension().is_some_and(|x| x == "rs") {
                files.push(path);
            }
        }
    }

    /// Code strings live only in the table above: everywhere else a code is an `ErrorCode`,
    /// so a renamed or mistyped code cannot compile. (The end-to-end tests in `tests/` are
    /// clients checking the wire format and spell the strings out; they are not scanned.)
    #[test]
    fn code_strings_are_written_only_in_the_table() {
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let table = manifest.join("src/error/code.rs");
        let table_text = std::fs::read_to_string(&table).expect("the table");
        assert_eq!(quoted_codes(&table_text).len(), ErrorCode::ALL.len());

        let mut files = Vec::new();
        rust_files(&manifest.join("src"), &mut files);
        rust_files(&manifest.join("../search/src"), &mut files);
        assert!(files.len() > 50, "only {} files found", files.len());
        let mut found = Vec::new();
        for file in files.iter().filter(|f| **f != table) {
            let text = std::fs::read_to_string(file).expect("a source file");
            for code in quoted_codes(&text) {
                found.push(format!("{}: \"{code}\"", file.display()));
            }
        }
        assert!(
            found.is_empty(),
            "write these codes as ErrorCode variants:\n{}",
            found.join("\n")
        );
    }

    /// The `(status, code)` pairs a text names as 403 `forbidden` or `503 overloaded`, and
    /// the codes of its `urn:okienko:problem:…` types (status 0: not stated).
    fn documented_codes(text: &str) -> Vec<(u16, String)> {
        const URN: &str = "urn:okienko:problem:";
        let status = |word: &str| {
            let digits = word.trim_start_matches(|c: char| !c.is_ascii_digit());
            (digits.len() == 3 && digits.bytes().all(|b| b.is_ascii_digit()))
                .then(|| digits.parse::<u16>().ok())
                .flatten()
        };
        let is_code = |word: &str| word.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        let spans: Vec<&str> = text.split('`').collect();
        let mut named = Vec::new();
        for i in (1..spans.len()).step_by(2) {
            let stated = match spans[i].split_whitespace().collect::<Vec<_>>()[..] {
                [number, code] => status(number).zip(Some(code)),
                [code] => status(spans[i - 1].split_whitespace().next_back().unwrap_or(""))
                    .zip(Some(code)),
                _ => None,
            };
            if let Some((number, code)) = stated.filter(|(_, code)| is_code(code)) {
                named.push((number, code.to_owned()));
            }
        }
        for (i, _) in text.match_indices(URN) {
            let code = text[i + URN.len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_');
            named.push((0, code.collect()));
        }
        named
    }

    /// What the documentation says about codes agrees with the table: every code it names
    /// with a status exists and is answered with that status.
    #[test]
    fn the_documentation_names_codes_of_the_table() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut checked = 0;
        for doc in ["README.md", "SECURITY.md", "bench/README.md"] {
            let text = std::fs::read_to_string(root.join(doc)).expect(doc);
            for (status, code) in documented_codes(&text) {
                let known = ErrorCode::from_code(&code)
                    .unwrap_or_else(|| panic!("{doc} names `{code}`, which is not in the table"));
                if status != 0 {
                    assert_eq!(known.status(), status, "{doc}: {status} `{code}`");
                }
                checked += 1;
            }
        }
        assert!(
            checked > 5,
            "only {checked} codes found in the documentation"
        );
    }
}
