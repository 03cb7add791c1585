//! Small helpers for the server-rendered pages (the embeddable search, the staff panel,
//! e-mail link pages).

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    okienko_search::escape_html_into(&mut out, text);
    out
}

/// Percent-encodes a query-string value.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `+48225550100` → `+48 225 550 100`: groups of three for reading.
pub fn pretty_phone(e164: &str) -> String {
    match e164.strip_prefix("+48") {
        Some(national) if national.len() == 9 => {
            format!(
                "+48 {} {} {}",
                &national[..3],
                &national[3..6],
                &national[6..]
            )
        }
        _ => e164.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_urls_are_escaped() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(
            url_encode("żłobek dla dzieci&x"),
            "%C5%BC%C5%82obek+dla+dzieci%26x"
        );
    }

    #[test]
    fn polish_phones_are_grouped_for_reading() {
        assert_eq!(pretty_phone("+48225550100"), "+48 225 550 100");
        assert_eq!(pretty_phone("+380441234567"), "+380441234567");
    }
}
