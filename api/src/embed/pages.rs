//! The results page of the embeddable search: the search box, filters with counts, results,
//! paging, and the help that always applies when a need is urgent.

use super::layout::{layout, spaced_number};
use super::{Context, FILTERS, query_string};
use crate::html::escape;
use crate::html::pretty_phone;
use crate::i18n::{Key, Lang, from_table};
use crate::services::search::SearchResponse;
use crate::services::search_labels as labels;
use okienko_search::needs::NeedTable;

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
