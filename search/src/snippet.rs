//! The description's snippet: the stretch of the description holding the most of the
//! query's words (rarer words count more), cut at word boundaries, the matched words marked.
//! It is made from the same pass of the analyzer over the description that tells which words
//! matched (see `explain`), so a result's description is analyzed once.

use std::collections::HashMap;

/// A word of a text: its stem and where it stands (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The stem, as the `stem` view indexes it.
    pub stem: String,
    /// First byte.
    pub from: usize,
    /// Byte after the last.
    pub to: usize,
}

/// The stems to mark, each with its weight.
#[derive(Debug, Clone, Default)]
pub struct SnippetTerms(HashMap<String, f32>);

impl SnippetTerms {
    /// Terms with their document frequencies: a word in fewer offers weighs more.
    pub fn new(terms: impl IntoIterator<Item = (String, u64)>) -> Self {
        Self(
            terms
                .into_iter()
                .map(|(stem, docs)| (stem, 1.0 / (1.0 + docs as f32)))
                .collect(),
        )
    }

    /// Whether the stem is one to mark.
    pub fn has(&self, stem: &str) -> bool {
        self.0.contains_key(stem)
    }

    fn weight(&self, stem: &str) -> Option<f32> {
        self.0.get(stem).copied()
    }
}

/// The snippet of `text` (at most `max_bytes` of it) as HTML: matched words in `<mark>`,
/// the rest escaped, "…" where the text was cut at a word. Without a matched word, the
/// text's beginning. `spans` are the text's words, at least those of `terms`.
pub fn html(text: &str, spans: &[Span], terms: &SnippetTerms, max_bytes: usize) -> String {
    let matched: Vec<(usize, f32)> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, s)| terms.weight(&s.stem).map(|w| (i, w)))
        .collect();
    // The window starting at each matched word; the best holds the most weight of distinct
    // stems (the earliest on a tie).
    let mut best: Option<(f32, usize)> = None;
    for &(first, _) in &matched {
        let limit = spans[first].from + max_bytes;
        let mut seen: Vec<&str> = Vec::new();
        let mut score = 0.0;
        for &(i, w) in matched.iter().filter(|(i, _)| *i >= first) {
            if spans[i].to > limit {
                break;
            }
            if !seen.contains(&spans[i].stem.as_str()) {
                seen.push(&spans[i].stem);
                score += w;
            }
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, first));
        }
    }
    let Some((_, first)) = best else {
        return leading(text, max_bytes);
    };
    let from = window_start(text, &spans[first], max_bytes);
    // The rest of the text when it fits, its closing punctuation included; else up to the
    // last whole word.
    let to = if text.len() <= from + max_bytes {
        text.len()
    } else {
        word_end_before(text, from + max_bytes).max(spans[first].to)
    };
    let mut out = String::with_capacity(to - from + 64);
    if from > 0 {
        out.push('…');
    }
    let mut at = from;
    for &(i, _) in &matched {
        let s = &spans[i];
        if s.from < from || s.to > to {
            continue;
        }
        escape_into(&mut out, &text[at..s.from]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[s.from..s.to]);
        out.push_str("</mark>");
        at = s.to;
    }
    escape_into(&mut out, &text[at..to]);
    if to < text.trim_end().len() {
        out.push('…');
    }
    out
}

/// Where a window around `first` starts: at the start of its sentence when that is close,
/// else at a word boundary at most half a window before it.
fn window_start(text: &str, first: &Span, max_bytes: usize) -> usize {
    let before = &text[..first.from];
    let lowest = first.to.saturating_sub(max_bytes / 2);
    let sentence = before.rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
    let start = if sentence >= lowest {
        sentence
    } else {
        // The first word starting after `lowest`.
        before
            .char_indices()
            .skip_while(|(i, _)| *i < lowest)
            .find(|(_, c)| c.is_whitespace())
            .map_or(first.from, |(i, _)| i)
    };
    start + text[start..first.from].len() - text[start..first.from].trim_start().len()
}

/// The end of the last whole word before byte `limit`.
fn word_end_before(text: &str, limit: usize) -> usize {
    let mut limit = limit.min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    text[..limit]
        .rfind(char::is_whitespace)
        .map_or(limit, |i| text[..i].trim_end().len())
}

/// The beginning of a text, escaped, cut after a whole word.
fn leading(text: &str, max_bytes: usize) -> String {
    let mut out = String::new();
    if text.len() <= max_bytes {
        escape_into(&mut out, text);
        return out;
    }
    escape_into(&mut out, &text[..word_end_before(text, max_bytes)]);
    out.push('…');
    out
}

/// Appends `text` escaped for HTML content and attribute values.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spans of a text whose "stems" are its lowercased words.
    fn spans(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut from = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_alphanumeric(), from) {
                (true, None) => from = Some(i),
                (false, Some(f)) => {
                    out.push(Span {
                        stem: text[f..i].to_lowercase(),
                        from: f,
                        to: i,
                    });
                    from = None;
                }
                _ => {}
            }
        }
        out
    }

    fn terms(words: &[(&str, u64)]) -> SnippetTerms {
        SnippetTerms::new(words.iter().map(|(w, n)| ((*w).to_owned(), *n)))
    }

    #[test]
    fn the_window_with_the_most_and_rarest_words_is_marked_and_cut_at_words() {
        let text = "Pomoc dla rodzin. Wydajemy paczki żywnościowe w każdy wtorek. \
                    Zapisy telefoniczne, pomoc w wypełnieniu wniosku o paczki.";
        let s = spans(text);
        let html = html(text, &s, &terms(&[("paczki", 2), ("wtorek", 1)]), 50);
        assert!(html.starts_with("…Wydajemy <mark>paczki</mark>"), "{html}");
        assert!(html.contains("<mark>wtorek</mark>"), "{html}");
        assert!(html.ends_with('…'), "{html}");
        assert!(!html.contains("Pomoc dla"), "{html}");
    }

    #[test]
    fn without_a_match_the_beginning_is_shown_and_everything_is_escaped() {
        let text = "Porady <prawne> & obywatelskie dla \"seniorów\" i ich rodzin w gminie";
        let s = spans(text);
        let html = html(text, &s, &terms(&[("psycholog", 3)]), 40);
        assert_eq!(html, "Porady &lt;prawne&gt; &amp; obywatelskie dla…");
        let short = html_of("Obiady <b>", &[("obiady", 1)]);
        assert_eq!(short, "<mark>Obiady</mark> &lt;b&gt;");
    }

    #[test]
    fn only_the_marked_words_need_spans_and_cuts_fall_between_words() {
        let text = "Świetlica czynna codziennie od rana do wieczora dla wszystkich chętnych \
                    mieszkańców gminy, także w soboty i niedziele po południu oraz w święta, \
                    z zajęciami plastycznymi i muzycznymi dla dzieci";
        let only: Vec<Span> = spans(text)
            .into_iter()
            .filter(|s| s.stem == "soboty")
            .collect();
        let html = html(text, &only, &terms(&[("soboty", 1)]), 60);
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>soboty</mark>"), "{html}");
        let inner = html.trim_matches('…');
        for word in inner
            .replace("<mark>", "")
            .replace("</mark>", "")
            .split(' ')
        {
            assert!(
                text.split(' ').any(|w| w == word),
                "a cut word: {word} in {html}"
            );
        }
    }

    fn html_of(text: &str, words: &[(&str, u64)]) -> String {
        html(text, &spans(text), &terms(words), 220)
    }
}
