//! A service as the index sees it, and how it becomes a tantivy document.

use crate::schema::Fields;
use serde::{Deserialize, Serialize};
use tantivy::TantivyDocument;
use tantivy::schema::Facet;

/// Opening hours on one weekday, in minutes since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// Opening minute.
    pub opens: u16,
    /// Closing minute (1440 = midnight).
    pub closes: u16,
}

/// A place, WGS84.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// Data stored with each document for display without a database round trip.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Display {
    /// TERYT codes of the served gminy.
    pub municipalities: Vec<String>,
    /// Where it is delivered.
    pub places: Vec<Place>,
    /// Category codes (for fallback suggestions).
    pub categories: Vec<String>,
    /// Names of its categories, areas and target groups (for match reasons).
    pub terms: Vec<String>,
    /// Not confirmed by its provider for too long.
    #[serde(default)]
    pub stale: bool,
}

/// Who answers for an offer and when it is open, stored for staff screens (a page of
/// results is shown without a database round trip).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// The liaison's name.
    pub liaison: Option<String>,
    /// The liaison's phone.
    pub liaison_phone: Option<String>,
    /// The organization's phone.
    pub organization_phone: Option<String>,
    /// Weekly hours as published: (weekday 1–7, opens "HH:MM", closes "HH:MM").
    pub hours: Vec<(u8, String, String)>,
    /// When the provider last confirmed the offer (ISO date).
    pub verified: Option<String>,
}

/// One service, as indexed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceDoc {
    /// Service id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description, eligibility, how to apply.
    pub body: String,
    /// Organization name.
    pub organization: String,
    /// Organization kind code.
    pub organization_kind: String,
    /// Filter values as (dimension, code): ("category", "meals"), ("cost", "free") …
    pub facets: Vec<(String, String)>,
    /// Minimum age.
    pub min_age: Option<u32>,
    /// Maximum age.
    pub max_age: Option<u32>,
    /// Weekly opening hours.
    pub hours: Vec<Hours>,
    /// Days closed (ISO dates).
    pub closed_days: Vec<String>,
    /// Whether the offer was not confirmed for a long time.
    pub stale: bool,
    /// Last update, seconds since epoch.
    pub updated: i64,
    /// Stored display data.
    pub display: Display,
    /// Stored contact data.
    pub contact: Contact,
}

/// The first stored text of `field` in a fetched document ("" when absent).
pub fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    use tantivy::schema::Value;
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_owned()
}

/// Minutes in one opening-hours slot.
pub const SLOT_MINUTES: u16 = 30;

/// The slot term for a weekday and a minute: `1-0830`.
pub fn slot_term(weekday: u8, minute: u16) -> String {
    let start = minute - minute % SLOT_MINUTES;
    format!("{weekday}-{:02}{:02}", start / 60, start % 60)
}

/// Slots fully inside the opening hours (so a slot match never claims a closed time).
pub fn open_slots(hours: &[Hours]) -> Vec<String> {
    let mut slots = Vec::new();
    for h in hours {
        let mut start = h.opens.div_ceil(SLOT_MINUTES) * SLOT_MINUTES;
        while start + SLOT_MINUTES <= h.closes {
            slots.push(slot_term(h.weekday, start));
            start += SLOT_MINUTES;
        }
    }
    slots
}

/// Term marking a full-day closure.
pub fn closed_term(date: &str) -> String {
    format!("closed-{date}")
}

impl ServiceDoc {
    /// The tantivy document.
    pub fn to_document(&self, f: &Fields) -> TantivyDocument {
        let mut d = TantivyDocument::default();
        d.add_text(f.id, &self.id);
        for field in [f.name, f.name_exact, f.name_fold] {
            d.add_text(field, &self.name);
        }
        for term in &self.display.terms {
            d.add_text(f.terms, term);
            d.add_text(f.terms_fold, term);
        }
        for field in [f.body, f.body_exact, f.body_fold] {
            d.add_text(field, &self.body);
        }
        d.add_text(f.organization, &self.organization);
        d.add_text(f.organization_kind, &self.organization_kind);
        for (dimension, code) in &self.facets {
            d.add_facet(
                f.facets,
                Facet::from_path([dimension.as_str(), code.as_str()]),
            );
        }
        if let Some(age) = self.min_age {
            d.add_i64(f.min_age, i64::from(age));
        }
        if let Some(age) = self.max_age {
            d.add_i64(f.max_age, i64::from(age));
        }
        for p in &self.display.places {
            d.add_f64(f.lat, p.lat);
            d.add_f64(f.lon, p.lon);
        }
        for slot in open_slots(&self.hours) {
            d.add_text(f.open_slots, &slot);
        }
        for day in &self.closed_days {
            d.add_text(f.open_slots, closed_term(day));
        }
        d.add_text(
            f.display,
            serde_json::to_string(&self.display).unwrap_or_default(),
        );
        d.add_text(
            f.contact,
            serde_json::to_string(&self.contact).unwrap_or_default(),
        );
        d.add_i64(f.updated, self.updated);
        d.add_u64(f.stale, u64::from(self.stale));
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_cover_only_whole_open_half_hours() {
        let slots = open_slots(&[Hours {
            weekday: 1,
            opens: 8 * 60 + 15,
            closes: 10 * 60,
        }]);
        assert_eq!(slots, ["1-0830", "1-0900", "1-0930"]);
        assert_eq!(slot_term(3, 14 * 60 + 59), "3-1430");
        let all_day = open_slots(&[Hours {
            weekday: 7,
            opens: 0,
            closes: 1440,
        }]);
        assert_eq!(all_day.len(), 48);
        assert_eq!(all_day.last().map(String::as_str), Some("7-2330"));
    }
}
