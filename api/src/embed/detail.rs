//! One offer's page and the "Poproś o kontakt" form, and the page after it was sent.

use super::layout::layout;
use super::{Context, query_string};
use crate::directory::ServiceView;
use crate::html::escape;
use crate::html::pretty_phone;
use crate::i18n::Key;

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
         <p><a href=\"/embed/track?{}\">{}</a></p><p><a href=\"{}\">← {}</a></p>",
        escape(l.t(Key::Sent)),
        escape(service_name),
        escape(l.t(Key::SentCode)),
        escape(code),
        escape(l.t(Key::SentKeep)),
        escape(&query_string(&ctx.pairs())),
        escape(l.t(Key::TrackTitle)),
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
