//! What search answers about needs: the recognized needs, the helplines pinned for safety
//! needs, corrections, and the per-offer explanation for staff.

use super::search::Searching;
use super::search::{InformationPoint, Reason, fallback_data};
use super::search_error::SearchError;
use crate::i18n::{Lang, from_table};
use okienko_search::needs::{NeedMatch, NeedTable};
use serde::Serialize;
use utoipa::ToSchema;

/// How an offer stands to a recognized need.
#[derive(Debug, Serialize, ToSchema)]
pub struct NeedRole {
    /// Need code.
    pub need: String,
    /// `direct` (answers it), `adjoining` (helps next to it) or `not_for` (marked as not for
    /// this person: ranked by its words only).
    pub role: String,
}

/// Why an offer ranks where it does.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemExplanation {
    /// Its standing to each recognized need (needs it does not touch are left out).
    pub needs: Vec<NeedRole>,
    /// Typed words, corrections and dictionary phrases that met its fields (as `matched`).
    pub words: Vec<Reason>,
    /// Its categories.
    pub categories: Vec<String>,
}

/// A need recognized in the query.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecognizedNeed {
    /// Stable code from the needs table (`violence`, `care` …).
    pub code: String,
    /// Name in the caller's language.
    pub label: String,
    /// The trigger phrase that was recognized.
    pub trigger: String,
    /// Violence, suicidal thoughts or acute crisis.
    pub safety: bool,
}

/// A helpline shown above results.
#[derive(Debug, Serialize, ToSchema)]
pub struct PinnedHelpline {
    /// Stable id in the needs table.
    pub id: String,
    /// Number to dial.
    pub number: String,
    /// Name in the caller's language.
    pub name: String,
    /// When and for whom.
    pub when: String,
    /// Where the number was checked.
    pub source: String,
}

/// What always applies to a person in danger: shown above the results.
#[derive(Debug, Serialize, ToSchema)]
pub struct Pinned {
    /// National helplines of the recognized safety needs.
    pub helplines: Vec<PinnedHelpline>,
    /// The local information point of the CUS.
    pub information_point: Option<InformationPoint>,
}

/// A typed word searched as another.
#[derive(Debug, Serialize, ToSchema)]
pub struct UsedCorrection {
    /// As typed.
    pub typed: String,
    /// The known word searched instead.
    pub corrected: String,
}

/// The helplines of the recognized safety needs, with the information point.
pub(super) async fn pinned(
    desk: &Searching,
    needs: &NeedTable,
    found: &[NeedMatch],
    lang: Lang,
) -> Result<Option<Pinned>, SearchError> {
    let mut ids: Vec<&str> = Vec::new();
    for need in found
        .iter()
        .filter_map(|m| needs.need(m.index))
        .filter(|n| n.safety)
    {
        for id in &need.pinned {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
    }
    if ids.is_empty() {
        return Ok(None);
    }
    let helplines = ids
        .into_iter()
        .filter_map(|id| needs.helpline(id))
        .map(|h| PinnedHelpline {
            id: h.id.clone(),
            number: h.number.clone(),
            name: from_table(&h.name, lang),
            when: from_table(&h.when, lang),
            source: h.source.clone(),
        })
        .collect();
    Ok(Some(Pinned {
        helplines,
        information_point: fallback_data(desk).await?.0.clone(),
    }))
}
