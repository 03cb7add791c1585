//! Synthetic Polish offers at scale for benchmarks: the demo offers recombined (sentences
//! mixed within a category, new organizations and places across Poland), written as HSDS 3.0
//! so they go through the real import. Deterministic for a given seed.

use crate::directory::{
    Liaison, Location, Organization, OrganizationKind, OrganizationSummary, Service, ServiceView,
};
use crate::hsds::service_to_hsds;
use crate::services::seed;
use std::io::Write;
use uuid::Uuid;

/// Services per generated organization (on average).
const SERVICES_PER_ORGANIZATION: usize = 4;

/// Towns the synthetic offers are spread over: (name, TERYT gmina code, lat, lon, postal prefix).
const TOWNS: &[(&str, &str, f64, f64, &str)] = &[
    ("Warszawa", "1465011", 52.23, 21.01, "00"),
    ("Kraków", "1261011", 50.06, 19.94, "30"),
    ("Łódź", "1061011", 51.76, 19.46, "90"),
    ("Wrocław", "0264011", 51.11, 17.03, "50"),
    ("Poznań", "3064011", 52.41, 16.93, "60"),
    ("Gdańsk", "2261011", 54.35, 18.65, "80"),
    ("Lublin", "0663011", 51.25, 22.57, "20"),
    ("Białystok", "2061011", 53.13, 23.16, "15"),
    ("Rzeszów", "1863011", 50.04, 22.00, "35"),
    ("Olsztyn", "2862011", 53.78, 20.48, "10"),
    ("Kielce", "2661011", 50.87, 20.63, "25"),
    ("Opole", "1661011", 50.67, 17.93, "45"),
];

const ORG_PATTERNS: &[(&str, OrganizationKind)] = &[
    ("Stowarzyszenie Pomocy „{}”", OrganizationKind::Ngo),
    ("Fundacja „{}”", OrganizationKind::Ngo),
    (
        "Spółdzielnia Socjalna „{}”",
        OrganizationKind::SocialEnterprise,
    ),
    ("Parafialny Zespół Caritas „{}”", OrganizationKind::Church),
    ("Centrum Zdrowia „{}”", OrganizationKind::Health),
    (
        "Usługi Opiekuńcze „{}” sp. z o.o.",
        OrganizationKind::Private,
    ),
    (
        "Miejski Ośrodek Wsparcia „{}”",
        OrganizationKind::MunicipalUnit,
    ),
];
const ORG_WORDS: &[&str] = &[
    "Przystań",
    "Nadzieja",
    "Razem",
    "Promyk",
    "Dobry Dom",
    "Sąsiedzi",
    "Most",
    "Horyzont",
    "Wsparcie",
    "Otwarte Drzwi",
    "Złota Jesień",
    "Krok Dalej",
    "Tęcza",
    "Azymut",
    "Kompas",
    "Ostoja",
    "Zielona Dolina",
    "Bliżej",
    "Pomocna Dłoń",
    "Źródło",
];
const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Maria",
    "Katarzyna",
    "Piotr",
    "Tomasz",
    "Agnieszka",
    "Marek",
    "Ewa",
    "Paweł",
    "Joanna",
    "Michał",
    "Barbara",
];
const LAST_NAMES: &[&str] = &[
    "Nowak",
    "Wójcik",
    "Kowalczyk",
    "Zielińska",
    "Lewandowski",
    "Dąbrowska",
    "Mazur",
    "Krawczyk",
    "Pietrzak",
    "Jabłońska",
    "Sikora",
    "Wróbel",
];
const STREETS: &[&str] = &[
    "ul. Lipowa",
    "ul. Słoneczna",
    "ul. Kościuszki",
    "ul. Szkolna",
    "ul. Ogrodowa",
    "al. Wolności",
    "ul. Polna",
    "ul. Leśna",
];

/// SplitMix64: small, fast, deterministic; enough to vary test data.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn uuid(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(
            [self.next().to_le_bytes(), self.next().to_le_bytes()]
                .concat()
                .try_into()
                .unwrap_or([0; 16]),
        )
        .into_uuid()
    }
}

fn sentences(text: &str) -> Vec<&str> {
    text.split_inclusive(['.', '!', '?'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A NIP with a valid check digit.
fn nip(r: &mut Random) -> String {
    loop {
        let digits: Vec<u32> = (0..9)
            .map(|_| u32::try_from(r.below(10)).unwrap_or(0))
            .collect();
        let sum: u32 = digits
            .iter()
            .zip([6, 5, 7, 2, 3, 4, 5, 6, 7])
            .map(|(d, w)| d * w)
            .sum::<u32>()
            % 11;
        if sum != 10 && digits[0] != 0 {
            return digits.iter().map(u32::to_string).collect::<String>() + &sum.to_string();
        }
    }
}

fn organization(r: &mut Random, n: usize) -> Organization {
    let (pattern, kind) = *r.pick(ORG_PATTERNS);
    let (town, teryt, lat, lon, postal) = *r.pick(TOWNS);
    let name = pattern.replace("{}", &format!("{} {}", r.pick(ORG_WORDS), n));
    let places = 1 + r.below(2);
    let locations = (0..places)
        .map(|_| Location {
            id: r.uuid(),
            name: Some(format!("Punkt {town}")),
            street: Some(format!("{} {}", r.pick(STREETS), 1 + r.below(120))),
            postal_code: Some(format!("{postal}-{:03}", r.below(1000))),
            city: Some(town.to_owned()),
            municipality: Some(teryt.to_owned()),
            latitude: Some(((lat + (r.unit() - 0.5) * 0.2) * 1e5).round() / 1e5),
            longitude: Some(((lon + (r.unit() - 0.5) * 0.3) * 1e5).round() / 1e5),
            accessibility: (r.below(3) > 0)
                .then(|| "Wejście bez progów, toaleta dostępna.".to_owned()),
        })
        .collect();
    let liaisons = (0..2)
        .map(|_| Liaison {
            id: r.uuid(),
            first_name: (*r.pick(FIRST_NAMES)).to_owned(),
            last_name: (*r.pick(LAST_NAMES)).to_owned(),
            role: Some("koordynator usług".into()),
            email: Some(format!("kontakt{}@org{n}.example", r.below(100))),
            phone: Some(format!("+48600555{:03}", r.below(1000))),
            deputy_id: None,
        })
        .collect();
    Organization {
        id: r.uuid(),
        name,
        short_name: None,
        kind,
        description: Some("Organizacja świadcząca usługi społeczne dla mieszkańców.".into()),
        municipality: Some(teryt.to_owned()),
        email: Some(format!("biuro@org{n}.example")),
        phone: Some(format!("+4822555{:04}", r.below(10_000))),
        website: None,
        krs: None,
        nip: Some(nip(r)),
        regon: None,
        locations,
        liaisons,
        extra: Default::default(),
    }
}

/// Writes `count` synthetic services as one HSDS JSON array.
pub fn generate(count: usize, seed: u64, out: &mut impl Write) -> anyhow::Result<()> {
    let demo = seed::demo()?;
    let mut r = Random(seed);
    let mut org = organization(&mut r, 0);
    out.write_all(b"[")?;
    for i in 0..count {
        if i > 0 && r.below(SERVICES_PER_ORGANIZATION) == 0 {
            org = organization(&mut r, i);
        }
        let template = r.pick(&demo.services);
        let same_category: Vec<&Service> = demo
            .services
            .iter()
            .filter(|s| s.categories.first() == template.categories.first())
            .collect();
        let mut text: Vec<&str> = sentences(template.description.as_deref().unwrap_or(""));
        let other = r.pick(&same_category);
        if let Some(extra) = sentences(other.description.as_deref().unwrap_or("")).last() {
            text.push(extra);
        }
        let place = r.pick(&org.locations).clone();
        let mut service = template.clone();
        service.id = r.uuid();
        service.organization_id = org.id;
        service.name = format!(
            "{} – {}",
            template.name,
            place.city.as_deref().unwrap_or("")
        );
        service.description = Some(text.join(" "));
        service.location_ids = vec![place.id];
        service.municipalities = place.municipality.iter().cloned().collect();
        service.liaison_id = None;
        let view = ServiceView {
            organization: OrganizationSummary {
                id: org.id,
                name: org.name.clone(),
                kind: org.kind,
                phone: org.phone.clone(),
                email: org.email.clone(),
                website: None,
            },
            locations: vec![place],
            liaison: org.liaisons.first().map(Into::into),
            service,
        };
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut *out, &service_to_hsds(&view, &org))?;
    }
    out.write_all(b"\n]\n")?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_offers_import_cleanly_and_are_deterministic() {
        let mut a = Vec::new();
        generate(40, 7, &mut a).expect("generate");
        let mut b = Vec::new();
        generate(40, 7, &mut b).expect("generate");
        assert_eq!(a, b, "same seed, same data");
        let records: Vec<serde_json::Value> = serde_json::from_slice(&a).expect("JSON array");
        assert_eq!(records.len(), 40);
        for record in records {
            let imported = crate::hsds::service_from_hsds(record).expect("valid HSDS");
            let org = imported.organization.expect("nested organization");
            assert!(crate::directory::validate::organization(&org).is_empty());
            assert!(crate::directory::validate::service(&imported.service).is_empty());
        }
    }
}
