//! Import of the HSDS organization nested in a service.

use super::import_places::{Places, email, first_phone, phones_lossless};
use super::lenient::{Report, child, derived_id, map_id, text, unmapped, value_text, web_url};
use super::types::{HsdsAttribute, HsdsOrganization};
use super::vocab::{TAXONOMY_MUNICIPALITY, TAXONOMY_ORGANIZATION_KIND};
use crate::directory::{Organization, OrganizationKind};
use crate::domain::{Krs, Nip, Regon, Teryt};
use crate::error::ErrorCode;
use serde_json::{Map, Value};
use uuid::Uuid;

/// Reads the organization at `pointer` (`/organization`). Its contacts and locations go to
/// `places`; the caller moves them into the returned organization once the service's own are
/// added. `fallback_id` is the service's `organization_id`.
pub(super) fn read_organization(
    org: &HsdsOrganization,
    raw: Option<&Value>,
    fallback_id: Option<Uuid>,
    pointer: &str,
    places: &mut Places,
    report: &mut Report,
) -> Organization {
    let name = text(&org.name);
    if name.is_none() {
        report.push(
            &child(pointer, "name"),
            ErrorCode::MissingField,
            "The organization needs a name.",
        );
    }
    let mapped_id = map_id(&org.id, "organization", &child(pointer, "id"), report);
    let id = match (&mapped_id, fallback_id) {
        (Some(mapped), _) => mapped.id,
        (None, Some(id)) => id,
        (None, None) => derived_id(&format!(
            "organization:name:{}",
            name.as_deref().unwrap_or_default()
        )),
    };
    let mut extra = Map::new();
    if let Some(original) = mapped_id.and_then(|m| m.original) {
        extra.insert("hsds_id".into(), original.into());
    }
    let mut mapped = vec![
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "contacts",
        "locations",
        "organization_identifiers",
        "attributes",
    ];
    let website = text(&org.website).or_else(|| {
        mapped.push("url");
        text(&org.url)
    });
    if phones_lossless(raw.and_then(|r| r.get("phones"))) {
        mapped.push("phones");
    }
    let mut organization = Organization {
        id,
        name: name.unwrap_or_default(),
        short_name: text(&org.alternate_name),
        kind: OrganizationKind::Ngo,
        description: text(&org.description),
        municipality: None,
        email: email(&org.email, &child(pointer, "email"), report),
        phone: first_phone(&org.phones, pointer, report),
        website: website.map(|w| web_url(&w)),
        krs: None,
        nip: None,
        regon: None,
        locations: Vec::new(),
        liaisons: Vec::new(),
        extra: Map::new(),
    };
    read_identifiers(org, raw, pointer, &mut organization, &mut extra, report);
    if let Some(tax_id) = value_text(&org.tax_id)
        && organization.nip.is_none()
    {
        mapped.push("tax_id");
        organization.nip = identifier::<Nip>(&tax_id, &child(pointer, "tax_id"), report);
    }
    let kind = read_attributes(org, raw, pointer, &mut organization, &mut extra, report);
    organization.kind = kind.unwrap_or_else(|| {
        guess_kind(
            &organization.name,
            text(&org.legal_status).as_deref().unwrap_or_default(),
        )
    });
    for (i, contact) in org.contacts.iter().flatten().enumerate() {
        places.add_liaison(contact, id, &child(&child(pointer, "contacts"), i), report);
    }
    let raw_locations = raw.and_then(|r| r.get("locations"));
    for (i, location) in org.locations.iter().flatten().enumerate() {
        let ptr = child(&child(pointer, "locations"), i);
        places.add_location(
            location,
            raw_locations.and_then(|l| l.get(i)),
            &None,
            id,
            &ptr,
            report,
        );
    }
    extra.extend(unmapped(raw, &mapped));
    organization.extra = extra;
    organization
}

/// A Polish registry number parsed by one of the domain types.
trait Registry: Sized {
    const CODE: ErrorCode;
    const NAME: &'static str;
    fn read(raw: &str) -> Option<String>;
}

macro_rules! registry {
    ($ty:ty, $code:path, $name:literal) => {
        impl Registry for $ty {
            const CODE: ErrorCode = $code;
            const NAME: &'static str = $name;
            fn read(raw: &str) -> Option<String> {
                <$ty>::parse(raw).ok().map(|v| v.as_str().to_owned())
            }
        }
    };
}
registry!(Krs, ErrorCode::InvalidKrs, "KRS number");
registry!(Nip, ErrorCode::InvalidNip, "NIP");
registry!(Regon, ErrorCode::InvalidRegon, "REGON");
registry!(Teryt, ErrorCode::InvalidTeryt, "TERYT TERC code");

/// The normalized number, or the registry's error code.
fn identifier<R: Registry>(raw: &str, pointer: &str, report: &mut Report) -> Option<String> {
    let parsed = R::read(raw);
    if parsed.is_none() {
        report.push(
            pointer,
            R::CODE,
            format!("'{raw}' is not a valid {}.", R::NAME),
        );
    }
    parsed
}

/// KRS, NIP, REGON and TERYT from `organization_identifiers`; other identifiers go to
/// `extra["organization_identifiers"]`.
fn read_identifiers(
    org: &HsdsOrganization,
    raw: Option<&Value>,
    pointer: &str,
    organization: &mut Organization,
    extra: &mut Map<String, Value>,
    report: &mut Report,
) {
    let raw_list = raw.and_then(|r| r.get("organization_identifiers"));
    let mut kept = Vec::new();
    for (i, entry) in org.organization_identifiers.iter().flatten().enumerate() {
        let ptr = child(
            &child(&child(pointer, "organization_identifiers"), i),
            "identifier",
        );
        let scheme = [&entry.identifier_type, &entry.identifier_scheme]
            .into_iter()
            .filter_map(text)
            .map(|s| s.to_uppercase())
            .map(|s| {
                s.trim_start_matches("PL-")
                    .trim_start_matches("PL_")
                    .to_owned()
            })
            .find(|s| ["KRS", "NIP", "REGON", "TERYT", "TERC"].contains(&s.as_str()));
        let value = value_text(&entry.identifier);
        let target = match scheme.as_deref() {
            Some("KRS") => &mut organization.krs,
            Some("NIP") => &mut organization.nip,
            Some("REGON") => &mut organization.regon,
            Some(_) => &mut organization.municipality,
            None => {
                kept.push(raw_list.and_then(|l| l.get(i)).cloned().unwrap_or_default());
                continue;
            }
        };
        let (Some(value), None) = (value, target.as_ref()) else {
            kept.push(raw_list.and_then(|l| l.get(i)).cloned().unwrap_or_default());
            continue;
        };
        *target = match scheme.as_deref() {
            Some("KRS") => identifier::<Krs>(&value, &ptr, report),
            Some("NIP") => identifier::<Nip>(&value, &ptr, report),
            Some("REGON") => identifier::<Regon>(&value, &ptr, report),
            _ => identifier::<Teryt>(&value, &ptr, report),
        };
    }
    if !kept.is_empty() {
        extra.insert("organization_identifiers".into(), Value::Array(kept));
    }
}

/// The term code of an attribute in `taxonomy` (by `taxonomy` or `taxonomy_detail.name`).
pub(super) fn term_in(attribute: &HsdsAttribute, taxonomy: &str) -> Option<String> {
    let term = attribute.taxonomy_term.as_ref()?;
    let named = text(&term.taxonomy)
        .or_else(|| term.taxonomy_detail.as_ref().and_then(|d| text(&d.name)))
        .is_some_and(|t| t.eq_ignore_ascii_case(taxonomy));
    named
        .then(|| value_text(&term.code).or_else(|| text(&term.name)))
        .flatten()
}

/// Kind and municipality attributes; other attributes go to `extra["hsds_attributes"]`.
fn read_attributes(
    org: &HsdsOrganization,
    raw: Option<&Value>,
    pointer: &str,
    organization: &mut Organization,
    extra: &mut Map<String, Value>,
    report: &mut Report,
) -> Option<OrganizationKind> {
    let raw_list = raw.and_then(|r| r.get("attributes"));
    let mut kind = None;
    let mut kept = Vec::new();
    for (i, attribute) in org.attributes.iter().flatten().enumerate() {
        let ptr = child(
            &child(&child(&child(pointer, "attributes"), i), "taxonomy_term"),
            "code",
        );
        if let Some(code) = term_in(attribute, TAXONOMY_ORGANIZATION_KIND) {
            kind = OrganizationKind::parse(&code);
            if kind.is_none() {
                report.push(
                    &ptr,
                    ErrorCode::InvalidValue,
                    format!("'{code}' is not an organization kind."),
                );
            }
        } else if let Some(code) = term_in(attribute, TAXONOMY_MUNICIPALITY) {
            organization.municipality = identifier::<Teryt>(&code, &ptr, report);
        } else {
            kept.push(raw_list.and_then(|l| l.get(i)).cloned().unwrap_or_default());
        }
    }
    if !kept.is_empty() {
        extra.insert("hsds_attributes".into(), Value::Array(kept));
    }
    kind
}

/// Guesses the kind of an organization from its Polish name and legal status.
pub(super) fn guess_kind(name: &str, legal_status: &str) -> OrganizationKind {
    let text = format!("{name} {legal_status}").to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '"' | '„' | '”' | ';'))
        .filter(|w| !w.is_empty())
        .collect();
    let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
    let word = |needles: &[&str]| words.iter().any(|w| needles.contains(w));
    if has(&["centrum usług społecznych"]) || word(&["cus"]) {
        OrganizationKind::Cus
    } else if has(&[
        "spółdzielnia socjalna",
        "centrum integracji społecznej",
        "klub integracji społecznej",
        "warsztat terapii zajęciowej",
        "zakład aktywności zawodowej",
    ]) || word(&["cis", "kis", "wtz", "zaz"])
    {
        OrganizationKind::SocialEnterprise
    } else if has(&["parafia", "caritas", "diakonia", "zgromadzenie"]) {
        OrganizationKind::Church
    } else if has(&[
        "przychodnia",
        "szpital",
        "hospicjum",
        "centrum zdrowia",
        "poradnia zdrowia",
    ]) || word(&["nzoz"])
    {
        OrganizationKind::Health
    } else if has(&["fundacja", "stowarzyszenie", "związek", "klub"]) {
        OrganizationKind::Ngo
    } else if has(&["sp. z o.o.", "spółka"]) || word(&["s.a.", "s.a", "s.c.", "s.c", "sp.j."]) {
        OrganizationKind::Private
    } else if has(&[
        "gmin",
        "miejsk",
        "powiat",
        "urząd",
        "ośrodek pomocy społecznej",
        "żłobek miejski",
        "szkoła",
        "biblioteka",
    ]) {
        OrganizationKind::MunicipalUnit
    } else {
        OrganizationKind::Ngo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_organization_kinds_from_polish_names() {
        let cases = [
            (
                "Centrum Usług Społecznych w Zielonce",
                OrganizationKind::Cus,
            ),
            (
                "Spółdzielnia Socjalna „Razem”",
                OrganizationKind::SocialEnterprise,
            ),
            (
                "Klub Integracji Społecznej",
                OrganizationKind::SocialEnterprise,
            ),
            (
                "WTZ przy Fundacji Nadzieja",
                OrganizationKind::SocialEnterprise,
            ),
            (
                "Caritas Diecezji Warszawsko-Praskiej",
                OrganizationKind::Church,
            ),
            ("NZOZ Przychodnia Rodzinna", OrganizationKind::Health),
            ("Fundacja Rozwoju Gminy", OrganizationKind::Ngo),
            ("Opiekunki Sp. z o.o.", OrganizationKind::Private),
            ("Usługi Medyczne Nowak S.A.", OrganizationKind::Private),
            ("Gminny Ośrodek Kultury", OrganizationKind::MunicipalUnit),
            (
                "Miejska Biblioteka Publiczna",
                OrganizationKind::MunicipalUnit,
            ),
            ("Sąsiedzi Razem", OrganizationKind::Ngo),
        ];
        for (name, kind) in cases {
            assert_eq!(guess_kind(name, ""), kind, "{name}");
        }
    }
}
