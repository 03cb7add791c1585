//! The pages of the embeddable search.

use super::{Context, FILTERS, query_string};
use crate::directory::ServiceView;
use crate::html::escape;
use crate::i18n::{Key, Lang, from_table};
use crate::services::search::SearchResponse;
use crate::services::search_labels as labels;
use okienko_search::needs::NeedTable;

/// Default accent: dark blue, 7:1 on white.
const DEFAULT_ACCENT: &str = "#1d4ed8";

/// What the "Poproś o kontakt" form holds, and what was wrong with it.
#[derive(Debug, Clone, Default)]
pub struct RequestForm {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub preferred: String,
    pub need: String,
    pub consent: bool,
    /// Makes a double submit harmless (sent as `Idempotency-Key`).
    pub key: String,
    /// (field, message) pairs.
    pub errors: Vec<(&'static str, Key)>,
}

impl RequestForm {
    fn error(&self, field: &str) -> Option<Key> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, k)| *k)
    }
}

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
fn layout(ctx: &Context, title: &str, main: &str, path_and_query: &str) -> String {
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

/// The search page: the form, results with paging, facets, or the information point.
pub fn search_page(
    ctx: &Context,
    q: &str,
    selected: &[(String, String)],
    page: u64,
    results: &SearchResponse,
    needs: &NeedTable,
) -> String {
    let l = ctx.lang;
    let base = |extra: &[(&str, String)]| -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&'static str, String)> = ctx.pairs();
        if !q.is_empty() {
            pairs.push(("q", q.to_owned()));
        }
        for (d, c) in selected {
            if let Some(name) = FILTERS.iter().find(|f| **f == d.as_str()) {
                pairs.push((name, c.clone()));
            }
        }
        for (k, v) in extra {
            if let Some(name) = ["page"].iter().find(|n| **n == *k) {
                pairs.push((name, v.clone()));
            }
        }
        pairs
    };
    let here = format!(
        "/embed?{}",
        query_string(&base(&[("page", page.to_string())]))
    );
    let hidden: String = ctx
        .pairs()
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
                escape(v)
            )
        })
        .collect::<String>()
        + &selected
            .iter()
            .map(|(d, c)| {
                format!(
                    "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                    escape(d),
                    escape(c)
                )
            })
            .collect::<String>();
    let form = format!(
        "<h1>{title}</h1><form role=\"search\" method=\"get\" action=\"/embed\" class=\"search\">{hidden}\
         <label for=\"q\">{label}</label><p id=\"q-hint\" class=\"hint\">{hint}</p>\
         <div class=\"row\"><input id=\"q\" name=\"q\" type=\"search\" value=\"{q}\" aria-describedby=\"q-hint\" \
         autocomplete=\"off\" maxlength=\"500\"><button type=\"submit\">{button}</button></div></form>",
        title = escape(l.t(Key::Title)),
        label = escape(l.t(Key::SearchLabel)),
        hint = escape(l.t(Key::SearchHint)),
        q = escape(q),
        button = escape(l.t(Key::SearchButton)),
    );
    let mut results_html = format!(
        "<section id=\"results\" aria-labelledby=\"results-title\" class=\"results\">\
         <h2 id=\"results-title\">{}</h2><p role=\"status\">{} <strong>{}</strong></p>",
        escape(l.t(Key::Results)),
        escape(l.t(Key::ResultsCount)),
        results.total
    );
    if let Some(corrected) = &results.corrected_to {
        let mut pairs = ctx.pairs();
        pairs.push(("q", q.to_owned()));
        pairs.push(("as_typed", "1".to_owned()));
        results_html.push_str(&format!(
            "<p class=\"corrected\">{} <strong>{}</strong>. {} <a href=\"/embed?{}\">{}</a></p>",
            escape(l.t(Key::ShowingResultsFor)),
            escape(corrected),
            escape(l.t(Key::SearchAsTyped)),
            escape(&query_string(&pairs)),
            escape(q)
        ));
    }
    if !results.items.is_empty() {
        results_html.push_str("<ol class=\"items\">");
        for item in &results.items {
            let mut pairs = ctx.pairs();
            pairs.push(("back", here.clone()));
            let stale = if item.stale {
                format!("<p class=\"notice\">{}</p>", escape(l.t(Key::Stale)))
            } else {
                String::new()
            };
            results_html.push_str(&format!(
                "<li><article><h3><a href=\"/embed/services/{id}?{query}\">{name}</a></h3>\
                 <p class=\"org\">{org}</p><p class=\"snippet\">{snippet}</p>{stale}</article></li>",
                id = escape(&item.id),
                query = escape(&query_string(&pairs)),
                name = escape(&item.name),
                org = escape(&item.organization.name),
                snippet = item.snippet,
            ));
        }
        results_html.push_str("</ol>");
        let pages = results.total.div_ceil(results.per_page.max(1));
        if pages > 1 {
            let link = |p: u64, key: Key, rel: &str| {
                format!(
                    "<a href=\"/embed?{}\" rel=\"{rel}\">{}</a>",
                    escape(&query_string(&base(&[("page", p.to_string())]))),
                    escape(l.t(key))
                )
            };
            results_html.push_str(&format!(
                "<nav aria-label=\"{}\" class=\"pages\">{}<span>{} {page} / {pages}</span>{}</nav>",
                escape(l.t(Key::Pagination)),
                if page > 1 {
                    link(page - 1, Key::Previous, "prev")
                } else {
                    String::new()
                },
                escape(l.t(Key::Page)),
                if page < pages {
                    link(page + 1, Key::Next, "next")
                } else {
                    String::new()
                },
            ));
        }
    }
    if let Some(fallback) = &results.fallback {
        results_html.push_str(&format!(
            "<div class=\"fallback\">{}<p>{}</p>",
            if results.items.is_empty() && !q.is_empty() {
                format!("<p><strong>{}</strong></p>", escape(l.t(Key::NoResults)))
            } else {
                String::new()
            },
            escape(l.t(Key::Fallback))
        ));
        if let Some(point) = &fallback.information_point {
            results_html.push_str("<ul class=\"contact\">");
            if let Some(phone) = &point.phone {
                results_html.push_str(&format!(
                    "<li>{}: <a href=\"tel:{}\">{}</a></li>",
                    escape(l.t(Key::CallUs)),
                    escape(phone),
                    escape(&pretty_phone(phone))
                ));
            }
            if let Some(email) = &point.email {
                results_html.push_str(&format!(
                    "<li>{}: <a href=\"mailto:{e}\">{e}</a></li>",
                    escape(l.t(Key::WriteToUs)),
                    e = escape(email)
                ));
            }
            if let Some(address) = &point.address {
                results_html.push_str(&format!("<li>{}</li>", escape(address)));
            }
            results_html.push_str("</ul>");
        }
        if !fallback.categories.is_empty() {
            results_html.push_str(&format!(
                "<p>{}</p><ul class=\"chips\">",
                escape(l.t(Key::ClosestCategories))
            ));
            for c in &fallback.categories {
                let mut pairs = ctx.pairs();
                pairs.push(("category", c.code.clone()));
                results_html.push_str(&format!(
                    "<li><a href=\"/embed?{}\">{}</a></li>",
                    escape(&query_string(&pairs)),
                    escape(&c.label)
                ));
            }
            results_html.push_str("</ul>");
        }
        results_html.push_str("</div>");
    }
    results_html.push_str("</section>");
    let mut facets = format!(
        "<aside aria-labelledby=\"filters-title\" class=\"filters\"><h2 id=\"filters-title\">{}</h2>",
        escape(l.t(Key::Filters))
    );
    if !selected.is_empty() {
        let mut pairs = ctx.pairs();
        if !q.is_empty() {
            pairs.push(("q", q.to_owned()));
        }
        facets.push_str(&format!(
            "<p><a href=\"/embed?{}\">{}</a></p>",
            escape(&query_string(&pairs)),
            escape(l.t(Key::ClearFilters))
        ));
    }
    for dimension in FILTERS {
        let Some(values) = results.facets.get(dimension).filter(|v| !v.is_empty()) else {
            continue;
        };
        facets.push_str(&format!(
            "<h3 id=\"f-{dimension}\">{}</h3><ul aria-labelledby=\"f-{dimension}\">",
            escape(labels::dimension(l, dimension))
        ));
        for value in values.iter().take(12) {
            let chosen = selected
                .iter()
                .any(|(d, c)| d == dimension && *c == value.code);
            let mut without: Vec<(String, String)> = selected
                .iter()
                .filter(|(d, _)| d != dimension)
                .cloned()
                .collect();
            if !chosen {
                without.push((dimension.to_owned(), value.code.clone()));
            }
            let mut pairs = ctx.pairs();
            if !q.is_empty() {
                pairs.push(("q", q.to_owned()));
            }
            for (d, c) in &without {
                if let Some(name) = FILTERS.iter().find(|f| **f == d.as_str()) {
                    pairs.push((name, c.clone()));
                }
            }
            facets.push_str(&format!(
                "<li><a href=\"/embed?{}\"{}>{} <span class=\"count\">({})</span></a></li>",
                escape(&query_string(&pairs)),
                if chosen {
                    " aria-current=\"true\" class=\"chosen\""
                } else {
                    ""
                },
                escape(&value.label),
                value.count
            ));
        }
        facets.push_str("</ul>");
    }
    facets.push_str("</aside>");
    let title = if q.is_empty() {
        l.t(Key::Title).to_owned()
    } else {
        format!("{q} – {}", l.t(Key::Results))
    };
    let pinned = pinned_block(l, results, needs);
    layout(
        ctx,
        &title,
        &format!("{form}{pinned}<div class=\"columns\">{results_html}{facets}</div>"),
        &here,
    )
}

/// The helplines and the information point shown above the results when the query speaks of
/// violence, suicidal thoughts or an acute crisis, in the page's language.
fn pinned_block(l: Lang, results: &SearchResponse, needs: &NeedTable) -> String {
    let Some(pinned) = &results.pinned else {
        return String::new();
    };
    let mut lines: String = pinned
        .helplines
        .iter()
        .filter_map(|p| needs.helpline(&p.id))
        .map(|h| {
            format!(
                "<li><a href=\"tel:{n}\" class=\"number\">{shown}</a> {name} <span class=\"when\">({when})</span></li>",
                n = escape(&h.number),
                shown = escape(&spaced_number(&h.number)),
                name = escape(&from_table(&h.name, l)),
                when = escape(&from_table(&h.when, l)),
            )
        })
        .collect();
    if let Some(phone) = pinned
        .information_point
        .as_ref()
        .and_then(|p| p.phone.as_ref())
    {
        lines.push_str(&format!(
            "<li><a href=\"tel:{p}\" class=\"number\">{shown}</a> {name}</li>",
            p = escape(phone),
            shown = escape(&pretty_phone(phone)),
            name = escape(l.t(Key::InformationPoint)),
        ));
    }
    format!(
        "<section class=\"pinned\" aria-labelledby=\"pinned-title\"><h2 id=\"pinned-title\">{}</h2><ul>{lines}</ul></section>",
        escape(l.t(Key::HelpNow))
    )
}

/// A helpline number in groups for reading: `800120002` → `800 120 002`, `116123` →
/// `116 123`; short numbers stay as they are.
fn spaced_number(digits: &str) -> String {
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

/// `+48225550100` → `+48 22 555 01 00`-like groups for reading.
fn pretty_phone(e164: &str) -> String {
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

/// One offer: what, where, when, who to contact, and the request form.
pub fn detail_page(
    ctx: &Context,
    view: &ServiceView,
    back: &str,
    form: &RequestForm,
    stale: bool,
) -> String {
    let l = ctx.lang;
    let s = &view.service;
    let back_href = if back.starts_with("/embed?") {
        back.to_owned()
    } else {
        format!("/embed?{}", query_string(&ctx.pairs()))
    };
    let mut main = format!(
        "<p><a href=\"{}\">← {}</a></p><article class=\"detail\"><h1>{}</h1><p class=\"org\">{}: {}</p>",
        escape(&back_href),
        escape(l.t(Key::BackToResults)),
        escape(&s.name),
        escape(l.t(Key::Organization)),
        escape(&view.organization.name)
    );
    if stale {
        main.push_str(&format!(
            "<p class=\"notice\">{}</p>",
            escape(l.t(Key::Stale))
        ));
    }
    if let Some(d) = &s.description {
        main.push_str(&format!("<p>{}</p>", escape(d)));
    }
    let mut facts = String::new();
    let mut fact = |key: Key, value: &str| {
        facts.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>",
            escape(l.t(key)),
            escape(value)
        ));
    };
    if let Some(e) = &s.eligibility {
        fact(Key::Eligibility, e);
    }
    match (&s.cost, &s.cost_note) {
        (_, Some(note)) => fact(Key::Cost, note),
        (Some(crate::directory::Cost::Free), None) => fact(Key::Cost, l.t(Key::Free)),
        _ => {}
    }
    if let Some(a) = &s.application {
        fact(Key::HowToApply, a);
    }
    if !facts.is_empty() {
        main.push_str(&format!("<dl>{facts}</dl>"));
    }
    for place in &view.locations {
        let address = [
            place.street.clone(),
            place
                .postal_code
                .clone()
                .map(|p| format!("{p} {}", place.city.clone().unwrap_or_default()))
                .or(place.city.clone()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        main.push_str(&format!(
            "<section aria-label=\"{}\" class=\"place\"><h2>{}</h2><p>{}</p>",
            escape(l.t(Key::Address)),
            escape(place.name.as_deref().unwrap_or(l.t(Key::Address))),
            escape(&address)
        ));
        if let (Some(lat), Some(lon)) = (place.latitude, place.longitude) {
            main.push_str(&format!(
                "<p><a href=\"https://www.openstreetmap.org/?mlat={lat}&amp;mlon={lon}#map=17/{lat}/{lon}\" rel=\"noopener\" target=\"_blank\">{}</a></p>",
                escape(l.t(Key::Map))
            ));
        }
        if let Some(a) = &place.accessibility {
            main.push_str(&format!("<p>♿ {}</p>", escape(a)));
        }
        main.push_str("</section>");
    }
    if !s.schedule.is_empty() {
        main.push_str(&format!(
            "<h2>{}</h2><table class=\"hours\"><tbody>",
            escape(l.t(Key::Hours))
        ));
        for day in 1..=7u8 {
            let slots: Vec<String> = s
                .schedule
                .iter()
                .filter(|h| h.weekday == day)
                .map(|h| format!("{}–{}", h.opens, h.closes))
                .collect();
            let text = if slots.is_empty() {
                l.t(Key::Closed).to_owned()
            } else {
                slots.join(", ")
            };
            main.push_str(&format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                escape(l.weekday(day)),
                escape(&text)
            ));
        }
        main.push_str("</tbody></table>");
    }
    if let Some(liaison) = &view.liaison {
        main.push_str(&format!(
            "<h2>{}</h2><p><strong>{}</strong>{}</p><ul class=\"contact\">",
            escape(l.t(Key::ContactPerson)),
            escape(&liaison.name),
            liaison
                .role
                .as_deref()
                .map(|r| format!(", {}", escape(r)))
                .unwrap_or_default()
        ));
        if let Some(phone) = &liaison.phone {
            main.push_str(&format!(
                "<li><a href=\"tel:{}\">{}</a></li>",
                escape(phone),
                escape(&pretty_phone(phone))
            ));
        }
        if let Some(email) = &liaison.email {
            main.push_str(&format!(
                "<li><a href=\"mailto:{e}\">{e}</a></li>",
                e = escape(email)
            ));
        }
        main.push_str("</ul>");
    }
    main.push_str("</article>");
    main.push_str(&request_form(ctx, &s.id.to_string(), back, form));
    let path = format!("/embed/services/{}?{}", s.id, query_string(&ctx.pairs()));
    layout(ctx, &s.name, &main, &path)
}

fn request_form(ctx: &Context, service_id: &str, back: &str, f: &RequestForm) -> String {
    let l = ctx.lang;
    let field_error = |field: &str| {
        f.error(field).map(|k| {
            format!(
                "<p id=\"{field}-error\" class=\"error\">{}</p>",
                escape(l.t(k))
            )
        })
    };
    let described = |field: &str, hint: Option<&str>| {
        let mut ids: Vec<String> = hint.map(str::to_owned).into_iter().collect();
        if f.error(field).is_some() {
            ids.push(format!("{field}-error"));
        }
        let invalid = if f.error(field).is_some() {
            " aria-invalid=\"true\""
        } else {
            ""
        };
        if ids.is_empty() {
            invalid.to_owned()
        } else {
            format!(" aria-describedby=\"{}\"{invalid}", ids.join(" "))
        }
    };
    let mut summary = String::new();
    if !f.errors.is_empty() {
        summary.push_str(&format!(
            "<div class=\"errors\" role=\"alert\" tabindex=\"-1\" id=\"form-errors\"><p>{}</p><ul>",
            escape(l.t(Key::FixErrors))
        ));
        for (field, key) in &f.errors {
            summary.push_str(&format!(
                "<li><a href=\"#{field}\">{}</a></li>",
                escape(l.t(*key))
            ));
        }
        summary.push_str("</ul></div>");
    }
    let hidden: String = ctx
        .pairs()
        .iter()
        .chain([("key", f.key.clone()), ("back", back.to_owned())].iter())
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
                escape(v)
            )
        })
        .collect();
    let checked = |v: &str| if f.preferred == v { " checked" } else { "" };
    format!(
        "<section aria-labelledby=\"request-title\" class=\"request\"><h2 id=\"request-title\">{title}</h2>\
         <p id=\"request-intro\">{intro}</p>{summary}\
         <form method=\"post\" action=\"/embed/services/{service_id}/request\" novalidate>{hidden}\
         <p><label for=\"name\">{name_l}</label><input id=\"name\" name=\"name\" autocomplete=\"given-name\" maxlength=\"200\" required value=\"{name}\"{name_d}>{name_e}</p>\
         <p><label for=\"email\">{email_l}</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" maxlength=\"254\" value=\"{email}\"{email_d}>{email_e}</p>\
         <p><label for=\"phone\">{phone_l}</label><input id=\"phone\" name=\"phone\" type=\"tel\" autocomplete=\"tel\" maxlength=\"30\" value=\"{phone}\"{phone_d}>{phone_e}</p>\
         <fieldset><legend>{pref_l}</legend>\
         <label><input type=\"radio\" name=\"preferred\" value=\"phone\"{p_phone}> {by_phone}</label> \
         <label><input type=\"radio\" name=\"preferred\" value=\"email\"{p_email}> {by_email}</label></fieldset>\
         <p><label for=\"need\">{need_l}</label><textarea id=\"need\" name=\"need\" rows=\"4\" maxlength=\"2000\"{need_d}>{need}</textarea>{need_e}</p>\
         <p class=\"consent\"><input id=\"consent\" name=\"consent\" type=\"checkbox\" value=\"yes\" required{consent_c}{consent_d}> \
         <label for=\"consent\">{consent_l}</label>{consent_e}</p>\
         <p><button type=\"submit\">{send}</button></p></form></section>",
        title = escape(l.t(Key::RequestContact)),
        intro = escape(l.t(Key::RequestIntro)),
        name_l = escape(l.t(Key::Name)),
        name = escape(&f.name),
        name_d = described("name", None),
        name_e = field_error("name").unwrap_or_default(),
        email_l = escape(l.t(Key::Email)),
        email = escape(&f.email),
        email_d = described("email", None),
        email_e = field_error("email").unwrap_or_default(),
        phone_l = escape(l.t(Key::Phone)),
        phone = escape(&f.phone),
        phone_d = described("phone", None),
        phone_e = field_error("phone").unwrap_or_default(),
        pref_l = escape(l.t(Key::Preferred)),
        p_phone = checked("phone"),
        p_email = checked("email"),
        by_phone = escape(l.t(Key::ByPhone)),
        by_email = escape(l.t(Key::ByEmail)),
        need_l = escape(l.t(Key::Need)),
        need = escape(&f.need),
        need_d = described("need", None),
        need_e = field_error("need").unwrap_or_default(),
        consent_c = if f.consent { " checked" } else { "" },
        consent_d = described("consent", None),
        consent_l = escape(l.t(Key::Consent)),
        consent_e = field_error("consent").unwrap_or_default(),
        send = escape(l.t(Key::Send)),
    )
}

/// The answer to a sent request: the tracking code, shown once.
pub fn sent_page(ctx: &Context, service_name: &str, code: &str, back: &str) -> String {
    let l = ctx.lang;
    let back_href = if back.starts_with("/embed?") {
        back.to_owned()
    } else {
        format!("/embed?{}", query_string(&ctx.pairs()))
    };
    let main = format!(
        "<div role=\"status\"><h1>{}</h1><p>{}</p><p>{} <strong class=\"code\">{}</strong></p><p>{}</p></div>\
         <p><a href=\"{}\">← {}</a></p>",
        escape(l.t(Key::Sent)),
        escape(service_name),
        escape(l.t(Key::SentCode)),
        escape(code),
        escape(l.t(Key::SentKeep)),
        escape(&back_href),
        escape(l.t(Key::BackToResults))
    );
    layout(
        ctx,
        l.t(Key::Sent),
        &main,
        &format!("/embed?{}", query_string(&ctx.pairs())),
    )
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
        assert_eq!(pretty_phone("+48225550100"), "+48 225 550 100");
    }
}
