//! How partners take referrals: their liaisons' absences and the referral settings of an
//! organization or service (acknowledgement time, webhook).

use super::entities::{liaison_absence, referral_setting};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, sea_query::OnConflict,
};
use uuid::Uuid;

/// Records an absence.
pub async fn add_absence(
    db: &impl ConnectionTrait,
    liaison_id: Uuid,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Result<Uuid, DbErr> {
    let id = Uuid::new_v4();
    liaison_absence::ActiveModel {
        id: Set(id),
        liaison_id: Set(liaison_id),
        starts_on: Set(starts_on),
        ends_on: Set(ends_on),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Referral settings of an organization or service.
pub type ReferralSettings = referral_setting::Model;

/// The settings of a subject, if any.
pub async fn settings_of(
    db: &impl ConnectionTrait,
    subject: Uuid,
) -> Result<Option<ReferralSettings>, DbErr> {
    referral_setting::Entity::find_by_id(subject).one(db).await
}

/// Stores the settings of a subject.
pub async fn put_settings(db: &impl ConnectionTrait, s: ReferralSettings) -> Result<(), DbErr> {
    referral_setting::Entity::insert(referral_setting::ActiveModel::from(s))
        .on_conflict(
            OnConflict::column(referral_setting::Column::SubjectId)
                .update_columns([
                    referral_setting::Column::AcknowledgeDays,
                    referral_setting::Column::WebhookUrl,
                    referral_setting::Column::WebhookSecret,
                    referral_setting::Column::WebhookPersonalData,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
        .map(|_| ())
}
