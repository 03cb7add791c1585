//! What routing new referrals reads: the services with their organizations, tenants and
//! referral settings, then the liaisons and who of them is away that day; two queries
//! whatever the number of services.

use super::entities::service;
use super::entities::{liaison, liaison_absence, municipality, organization, referral_setting};
use super::referral_settings::ReferralSettings;
use crate::directory::Liaison;
use crate::domain::DEFAULT_TENANT;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// A service as routing sees it, with its organization's name and e-mail, its tenant and
/// the referral settings of the service and of the organization.
#[derive(Debug, Clone, FromQueryResult)]
pub struct RoutedService {
    pub id: Uuid,
    pub name: String,
    pub status: String,
    pub organization_id: Uuid,
    pub liaison_id: Option<Uuid>,
    pub organization_name: String,
    pub organization_email: Option<String>,
    tenant_id: Option<Uuid>,
    /// Working days to acknowledge set for the service.
    pub service_days: Option<i32>,
    /// Working days to acknowledge set for the organization.
    pub organization_days: Option<i32>,
    webhook_url: Option<String>,
    webhook_secret: Option<String>,
    /// Set exactly when the organization has settings.
    webhook_personal_data: Option<bool>,
}

impl RoutedService {
    /// The tenant serving the gmina of the organization's seat, else the default.
    pub fn tenant(&self) -> Uuid {
        self.tenant_id.unwrap_or(DEFAULT_TENANT)
    }

    /// The organization's referral settings, if it has any.
    fn organization_settings(&self) -> Option<ReferralSettings> {
        Some(ReferralSettings {
            subject_id: self.organization_id,
            acknowledge_days: self.organization_days,
            webhook_url: self.webhook_url.clone(),
            webhook_secret: self.webhook_secret.clone(),
            webhook_personal_data: self.webhook_personal_data?,
        })
    }
}

#[derive(FromQueryResult)]
struct LiaisonRow {
    id: Uuid,
    organization_id: Uuid,
    first_name: String,
    last_name: String,
    role: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    deputy_id: Option<Uuid>,
    absent: bool,
}

/// The two joins of `referral_settings`.
const SERVICE_SETTINGS: &str = "service_settings";
const ORGANIZATION_SETTINGS: &str = "organization_settings";

/// The rows routing reads, keyed by id.
#[derive(Debug, Default)]
pub struct RoutingRows {
    /// The services found among those asked for.
    pub services: HashMap<Uuid, RoutedService>,
    /// Each of their organizations' liaisons, in order.
    pub liaisons: HashMap<Uuid, Vec<Liaison>>,
    /// The liaisons away on the day.
    pub absent: HashSet<Uuid>,
    /// The referral settings of the organizations that have them.
    pub settings: HashMap<Uuid, ReferralSettings>,
}

/// Reads what routing referrals to `service_ids` on `day` needs.
pub async fn routing_rows(
    db: &impl ConnectionTrait,
    service_ids: &[Uuid],
    day: NaiveDate,
) -> Result<RoutingRows, DbErr> {
    use referral_setting::Column::{
        AcknowledgeDays as days, WebhookPersonalData as personal, WebhookSecret as secret,
        WebhookUrl as url,
    };
    let services: HashMap<Uuid, RoutedService> = service::Entity::find()
        .select_only()
        .columns([
            service::Column::Id,
            service::Column::Name,
            service::Column::Status,
            service::Column::OrganizationId,
            service::Column::LiaisonId,
        ])
        .column_as(organization::Column::Name, "organization_name")
        .column_as(organization::Column::Email, "organization_email")
        .column_as(municipality::Column::TenantId, "tenant_id")
        .column_as(Expr::col((SERVICE_SETTINGS, days)), "service_days")
        .column_as(
            Expr::col((ORGANIZATION_SETTINGS, days)),
            "organization_days",
        )
        .column_as(Expr::col((ORGANIZATION_SETTINGS, url)), "webhook_url")
        .column_as(Expr::col((ORGANIZATION_SETTINGS, secret)), "webhook_secret")
        .column_as(
            Expr::col((ORGANIZATION_SETTINGS, personal)),
            "webhook_personal_data",
        )
        .join(
            JoinType::InnerJoin,
            service::Entity::belongs_to(organization::Entity)
                .from(service::Column::OrganizationId)
                .to(organization::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            organization::Entity::belongs_to(municipality::Entity)
                .from(organization::Column::Municipality)
                .to(municipality::Column::Teryt)
                .into(),
        )
        .join_as(
            JoinType::LeftJoin,
            service::Entity::belongs_to(referral_setting::Entity)
                .from(service::Column::Id)
                .to(referral_setting::Column::SubjectId)
                .into(),
            SERVICE_SETTINGS,
        )
        .join_as(
            JoinType::LeftJoin,
            service::Entity::belongs_to(referral_setting::Entity)
                .from(service::Column::OrganizationId)
                .to(referral_setting::Column::SubjectId)
                .into(),
            ORGANIZATION_SETTINGS,
        )
        .filter(service::Column::Id.is_in(service_ids.iter().copied()))
        .into_model::<RoutedService>()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let org_ids: HashSet<Uuid> = services.values().map(|s| s.organization_id).collect();
    let away = Query::select()
        .expr(Expr::val(1))
        .from(liaison_absence::Entity)
        .and_where(
            Expr::col((liaison_absence::Entity, liaison_absence::Column::LiaisonId))
                .equals((liaison::Entity, liaison::Column::Id)),
        )
        .and_where(liaison_absence::Column::StartsOn.lte(day))
        .and_where(liaison_absence::Column::EndsOn.gte(day))
        .to_owned();
    let mut liaisons: HashMap<Uuid, Vec<Liaison>> = HashMap::new();
    let mut absent = HashSet::new();
    for l in liaison::Entity::find()
        .select_only()
        .columns([
            liaison::Column::Id,
            liaison::Column::OrganizationId,
            liaison::Column::FirstName,
            liaison::Column::LastName,
            liaison::Column::Role,
            liaison::Column::Email,
            liaison::Column::Phone,
            liaison::Column::DeputyId,
        ])
        .column_as(Expr::exists(away), "absent")
        .filter(liaison::Column::OrganizationId.is_in(org_ids.iter().copied()))
        .order_by_asc(liaison::Column::Position)
        .into_model::<LiaisonRow>()
        .all(db)
        .await?
    {
        if l.absent {
            absent.insert(l.id);
        }
        liaisons
            .entry(l.organization_id)
            .or_default()
            .push(Liaison {
                id: l.id,
                first_name: l.first_name,
                last_name: l.last_name,
                role: l.role,
                email: l.email,
                phone: l.phone,
                deputy_id: l.deputy_id,
            });
    }
    let settings = services
        .values()
        .filter_map(|s| Some((s.organization_id, s.organization_settings()?)))
        .collect();
    Ok(RoutingRows {
        services,
        liaisons,
        absent,
        settings,
    })
}
