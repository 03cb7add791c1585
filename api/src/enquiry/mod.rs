//! The enquiry log: every contact at the counter, by phone, e-mail or form is counted in one
//! step, and nobody is recorded. A record has no field for a name, a contact, a PESEL or an
//! address by construction; its optional note refuses text that looks like one. Reports count
//! the records by any field, with small counts suppressed.

mod report;

pub use report::{Dimension, EnquiryReport, ReportRow, report, to_csv};

use crate::access::{Principal, Role};
use crate::directory::vocabulary;
use crate::domain::Teryt;
use crate::domain::personal_data::looks_personal;
use crate::error::{ErrorCode, FieldError};
use crate::persistence::enquiries::{self as store, Enquiry};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 200;

/// How the resident got in touch: (code, Polish label).
pub const CHANNELS: [(&str, &str); 4] = [
    ("in_person", "osobiście"),
    ("phone", "telefon"),
    ("email", "e-mail"),
    ("form", "formularz"),
];
/// What came of it: (code, Polish label).
pub const OUTCOMES: [(&str, &str); 4] = [
    ("information", "informacja"),
    ("referral", "skierowanie"),
    ("no_offer", "brak oferty (niezaspokojona potrzeba)"),
    ("redirected", "przekierowanie poza CUS"),
];
/// Age bands: (code, Polish label).
pub const AGE_BANDS: [(&str, &str); 7] = [
    ("0-2", "do 3 lat"),
    ("3-6", "3–6 lat"),
    ("7-17", "7–17 lat"),
    ("18-25", "18–25 lat"),
    ("26-59", "26–59 lat"),
    ("60+", "60 lat i więcej"),
    ("unknown", "nie wiadomo"),
];
/// Languages of the contact.
pub const LANGUAGES: [&str; 6] = ["pl", "uk", "en", "ru", "de", "other"];

/// A contact to count. Unknown fields (a name, a phone…) are refused.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnquiryRequest {
    /// `in_person`, `phone`, `email` or `form`.
    #[schema(example = "in_person")]
    pub channel: String,
    /// The need, as a category of the taxonomy.
    #[schema(example = "home_care")]
    pub category: Option<String>,
    /// TERYT code of the resident's gmina.
    pub municipality: Option<String>,
    /// `0-2`, `3-6`, `7-17`, `18-25`, `26-59`, `60+` or `unknown` (the default).
    pub age_band: Option<String>,
    /// `pl`, `uk`, `en`, `ru`, `de` or `other`.
    pub language: Option<String>,
    /// Someone was in danger or in acute crisis.
    #[serde(default)]
    pub crisis: bool,
    /// `information`, `referral`, `no_offer` (an unmet need: give the category and gmina) or
    /// `redirected` (outside the CUS).
    #[schema(example = "no_offer")]
    pub outcome: String,
    /// The referral made, for `referral`.
    pub referral_id: Option<Uuid>,
    /// A short note about the need (at most 200 characters; no name, contact or address).
    pub note: Option<String>,
}

/// A counted contact.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnquiryView {
    pub id: Uuid,
    /// Set by the server.
    pub recorded_at: DateTime<Utc>,
    pub channel: String,
    pub category: Option<String>,
    pub municipality: Option<String>,
    pub age_band: String,
    pub language: Option<String>,
    pub crisis: bool,
    pub outcome: String,
    pub referral_id: Option<Uuid>,
    pub note: Option<String>,
}

impl From<Enquiry> for EnquiryView {
    fn from(e: Enquiry) -> Self {
        Self {
            id: e.id,
            recorded_at: e.recorded_at,
            channel: e.channel,
            category: e.category,
            municipality: e.municipality,
            age_band: e.age_band,
            language: e.language,
            crisis: e.crisis,
            outcome: e.outcome,
            referral_id: e.referral_id,
            note: e.note,
        }
    }
}

/// Why an enquiry was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum EnquiryError {
    /// Fields are missing or out of their sets.
    #[error("{} invalid field(s)", .0.len())]
    Invalid(Vec<FieldError>),
    /// The note looks like it names or reaches a person.
    #[error("the note looks like personal data")]
    PersonalData,
    /// The database refused or is away.
    #[error(transparent)]
    Storage(#[from] sea_orm::DbErr),
}

fn in_set<'a>(
    value: Option<&'a str>,
    set: &[&str],
    pointer: &str,
    errors: &mut Vec<FieldError>,
) -> Option<&'a str> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    if set.contains(&v) {
        Some(v)
    } else {
        errors.push(FieldError::new(
            pointer,
            ErrorCode::InvalidValue,
            format!("one of {}", set.join(", ")),
        ));
        None
    }
}

/// Checks an enquiry: every value from its set, a referral only with `referral`, an unmet
/// need with its category and gmina, and a note without personal data.
pub fn check(r: &EnquiryRequest) -> Result<(), EnquiryError> {
    let mut errors = Vec::new();
    let codes = |set: &[(&'static str, &str)]| set.iter().map(|(c, _)| *c).collect::<Vec<_>>();
    if in_set(Some(&r.channel), &codes(&CHANNELS), "/channel", &mut errors).is_none()
        && r.channel.trim().is_empty()
    {
        errors.push(FieldError::new(
            "/channel",
            ErrorCode::MissingField,
            "required",
        ));
    }
    let outcome = in_set(Some(&r.outcome), &codes(&OUTCOMES), "/outcome", &mut errors);
    if r.outcome.trim().is_empty() {
        errors.push(FieldError::new(
            "/outcome",
            ErrorCode::MissingField,
            "required",
        ));
    }
    in_set(
        r.age_band.as_deref(),
        &codes(&AGE_BANDS),
        "/age_band",
        &mut errors,
    );
    in_set(r.language.as_deref(), &LANGUAGES, "/language", &mut errors);
    if let Some(c) = r
        .category
        .as_deref()
        .filter(|c| !vocabulary().is_category(c))
    {
        errors.push(FieldError::new(
            "/category",
            ErrorCode::InvalidValue,
            format!(
                "not a category of the taxonomy: {}",
                c.chars().take(40).collect::<String>()
            ),
        ));
    }
    if let Some(m) = &r.municipality
        && Teryt::parse(m).is_err()
    {
        errors.push(FieldError::new(
            "/municipality",
            ErrorCode::InvalidTeryt,
            "not a TERYT code",
        ));
    }
    if outcome == Some("no_offer") && (r.category.is_none() || r.municipality.is_none()) {
        errors.push(FieldError::new(
            "/category",
            ErrorCode::MissingField,
            "an unmet need names its category and gmina",
        ));
    }
    if r.referral_id.is_some() && outcome != Some("referral") {
        errors.push(FieldError::new(
            "/referral_id",
            ErrorCode::InvalidValue,
            "only with the outcome referral",
        ));
    }
    if let Some(note) = &r.note {
        if note.chars().count() > MAX_NOTE_CHARS {
            errors.push(FieldError::new(
                "/note",
                ErrorCode::InvalidValue,
                format!("at most {MAX_NOTE_CHARS} characters"),
            ));
        } else if looks_personal(note) {
            return Err(EnquiryError::PersonalData);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(EnquiryError::Invalid(errors))
    }
}

/// Records a contact in the caller's tenant at `now`.
pub async fn record(
    db: &DatabaseConnection,
    p: &Principal,
    r: &EnquiryRequest,
    now: DateTime<Utc>,
) -> Result<EnquiryView, EnquiryError> {
    check(r)?;
    // The referral named must be one of the caller's tenant (an admin: any).
    if let Some(id) = r.referral_id {
        let known = crate::persistence::referrals::referral_by_id(db, id)
            .await?
            .is_some_and(|referral| p.role == Role::Admin || referral.tenant_id == p.tenant_id);
        if !known {
            return Err(EnquiryError::Invalid(vec![FieldError::new(
                "/referral_id",
                ErrorCode::UnknownReference,
                "no referral of this tenant has this id",
            )]));
        }
    }
    let trimmed = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let stored = store::insert_enquiry(
        db,
        Enquiry {
            id: Uuid::new_v4(),
            tenant_id: p.tenant_id,
            recorded_at: now,
            channel: r.channel.trim().to_owned(),
            category: trimmed(&r.category),
            municipality: trimmed(&r.municipality),
            age_band: trimmed(&r.age_band).unwrap_or_else(|| "unknown".into()),
            language: trimmed(&r.language),
            crisis: r.crisis,
            outcome: r.outcome.trim().to_owned(),
            referral_id: r.referral_id,
            note: trimmed(&r.note),
        },
    )
    .await?;
    tracing::info!(channel = %stored.channel, outcome = %stored.outcome, "enquiry recorded");
    Ok(stored.into())
}

#[cfg(test)]
mod tests;
