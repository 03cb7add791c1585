//! The frame every page of the embeddable search shares: language switch, landmarks, skip
//! link, the embedding's accent colour (checked for contrast) and scripts; phone numbers as
//! people read them.

use super::Context;
use crate::html::escape;
use crate::i18n::{Key, Lang};

/// Default accent: dark blue, 7:1 on white.
const DEFAULT_ACCENT: &str = "#1d4ed8";

/// The WCAG contrast of a `#rgb`/`#rrggbb` colour against white.
pub(crate) fn contrast_with_white(hex: &str) -> f64 {
    let h = hex.trim_start_matches('#');
    let full: String = if h.len() == 3 {
        h.chars().flat_map(|c| [c, c]).collect()
    } else {
        h.to_owned()
    };
    let channel = |i: usize| {
        let v = f64::from(u8::from_str_radix(full.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0))
            / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    1.05 / (l + 0.05)
}

/// The page frame: language, landmarks, skip link, theme, scripts.
pub(super) fn layout(ctx: &Context, title: &str, main: &str, path_and_query: &str) -> String {
    let l = ctx.lang;
    let accent = ctx.accent.as_deref().unwrap_or(DEFAULT_ACCENT);
    let switcher: String = Lang::ALL
        .iter()
        .map(|other| {
            let href = swap_lang(path_and_query, other.code());
            let current = if *other == l {
                " aria-current=\"true\""
            } else {
                ""
            };
            format!(
                "<li><a href=\"{}\" lang=\"{}\" hreflang=\"{}\"{current}>{}</a></li>",
                escape(&href),
                other.code(),
                other.code(),
                other.endonym()
            )
        })
        .collect();
    format!(
        "<!doctype html>\n<html lang=\"{lang}\" style=\"--okienko-accent:{accent}\">\
         <head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – {site}</title><link rel=\"stylesheet\" href=\"/embed/assets/okienko.css\"></head>\
         <body><a class=\"skip\" href=\"#main\">{skip}</a>\
         <header class=\"top\"><p class=\"site\">{site}</p>\
         <nav aria-label=\"{language}\"><ul class=\"langs\">{switcher}</ul></nav></header>\
         <main id=\"main\" tabindex=\"-1\">{main}</main>\
         <script src=\"/embed/assets/page.js\" defer></script></body></html>",
        lang = l.code(),
        title = escape(title),
        site = escape(l.t(Key::Title)),
        skip = escape(l.t(Key::SkipToResults)),
        language = escape(l.t(Key::Language)),
    )
}

/// The same link with another `lang`.
fn swap_lang(path_and_query: &str, lang: &str) -> String {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .map(str::to_owned)
        .collect();
    pairs.insert(0, format!("lang={lang}"));
    format!("{path}?{}", pairs.join("&"))
}

/// A helpline number in groups for reading: `800120002` → `800 120 002`, `116123` →
/// `116 123`; short numbers stay as they are.
pub(super) fn spaced_number(digits: &str) -> String {
    if digits.len() < 6 {
        return digits.to_owned();
    }
    let chars: Vec<char> = digits.chars().collect();
    chars
        .chunks(3)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_accents_fail_the_contrast_check() {
        assert!(contrast_with_white(DEFAULT_ACCENT) >= 4.5);
        assert!(contrast_with_white("#000") > 20.0);
        assert!(contrast_with_white("#ffff00") < 4.5);
    }

    #[test]
    fn the_language_switch_keeps_the_rest_of_the_link() {
        assert_eq!(
            swap_lang("/embed?lang=pl&q=obiady", "uk"),
            "/embed?lang=uk&q=obiady"
        );
    }
}
