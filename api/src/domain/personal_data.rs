//! Text that looks like it identifies a person: an e-mail address, a phone number, a PESEL
//! (or any long run of digits), a postcode or a street address. Used where okienko promises
//! to record nobody (the enquiry log's note).

/// Whether `text` looks like it holds an e-mail, phone, PESEL, postcode or street address.
pub fn looks_personal(text: &str) -> bool {
    has_email(text) || has_long_number(text) || has_postcode(text) || has_street(text)
}

fn has_email(text: &str) -> bool {
    text.split_whitespace().any(|word| {
        word.split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
    })
}

/// Seven or more digits in one run of digits, spaces, dashes, dots, brackets and `+` (phones
/// as people write them, PESEL, account numbers).
fn has_long_number(text: &str) -> bool {
    let mut digits = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 7 {
                return true;
            }
        } else if !matches!(c, ' ' | '-' | '.' | '(' | ')' | '+' | '/') {
            digits = 0;
        }
    }
    false
}

/// `NN-NNN`.
fn has_postcode(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(6).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == '-'
            && w[3..].iter().all(char::is_ascii_digit)
    })
}

/// A street word (`ul.`, `al.`, `os.`, `pl.`, `ulica`, `aleja`, `osiedle`) with a number after it.
fn has_street(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.iter().enumerate().any(|(i, w)| {
        let street = [
            "ul.", "al.", "os.", "pl.", "ulica", "ulicy", "aleja", "alei", "osiedle",
        ]
        .iter()
        .any(|s| w.trim_start_matches(['(', ',']) == *s);
        street
            && words[i + 1..]
                .iter()
                .take(4)
                .any(|n| n.chars().next().is_some_and(|c| c.is_ascii_digit()))
    })
}

#[cfg(test)]
mod tests {
    use super::looks_personal;

    #[test]
    fn contacts_identifiers_and_addresses_are_caught_needs_are_not() {
        for personal in [
            "dzwonić 600 100 200",
            "tel. +48 (22) 555-01-00",
            "PESEL 85010112345",
            "pisać na jan.kowalski@poczta.example",
            "mieszka 05-920 Łozina",
            "ul. Kościelna 9 m. 4",
            "Osiedle Słoneczne 12",
        ] {
            assert!(looks_personal(personal), "{personal}");
        }
        for fine in [
            "szuka opieki dla mamy po udarze, 2 razy w tygodniu",
            "rodzina z 3 dzieci, brak miejsc w żłobku",
            "przekierowano do MOPS w sprawie zasiłku 500+",
            "@ na końcu",
        ] {
            assert!(!looks_personal(fine), "{fine}");
        }
    }
}
