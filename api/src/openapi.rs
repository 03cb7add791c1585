//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use crate::directory::{
    Bundle, Cost, DeliveryMode, Liaison, LiaisonContact, Location, Municipality, OpeningHours,
    Organization, OrganizationKind, OrganizationSummary, ScheduleException, Service, ServiceStatus,
    ServiceView, Term,
};
use crate::error::{FieldError, Problem};
use crate::routes;
use crate::services::hsds_import::{ImportReport, InvalidRecord};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "okienko", description = "Jedno okienko: the directory of social services of a Centrum Usług Społecznych."),
    paths(
        routes::health::health, routes::health::ready,
        routes::services::list_services, routes::services::get_service,
        routes::organizations::list_organizations, routes::organizations::get_organization,
        routes::catalog::categories, routes::catalog::municipalities, routes::catalog::bundles,
        routes::search::search_services, routes::search::suggest,
        routes::needs::get_needs, routes::needs::put_needs,
        routes::hsds::list_hsds_services, routes::hsds::get_hsds_service, routes::hsds::import_hsds,
        routes::auth::login, routes::auth::refresh, routes::auth::logout, routes::auth::me,
        routes::auth::change_password,
        routes::editing::create_service, routes::editing::patch_service,
        routes::editing::delete_service, routes::editing::verify_service,
        routes::editing::service_history, routes::editing::patch_organization,
        routes::editing::organization_history, routes::editing::review::list_drafts,
        routes::editing::review::approve_draft, routes::editing::review::reject_draft,
        routes::editing::review::get_tenant, routes::editing::review::patch_tenant,
        routes::editing::review::stale_services,
        routes::referrals::create_referral, routes::referrals::track,
        routes::referrals::cancel_tracked, routes::referrals::withdraw_consent,
        routes::referrals::list_referrals, routes::referrals::get_referral,
        routes::referrals::transition, routes::referrals::reroute,
        routes::referrals::get_case, routes::referrals::case_audit,
        routes::referrals::add_absence, routes::referrals::organization_settings,
        routes::referrals::service_settings, routes::referrals::report,
        routes::links::show, routes::links::act,
        routes::embed::search_page, routes::embed::detail_page, routes::embed::contact::request_contact, routes::embed::track::track_page, routes::embed::track::track_case,
        routes::enquiries::record_enquiry, routes::enquiries::enquiry_report,
    ),
    components(schemas(
        Problem, FieldError, ServiceView, Service, Organization, OrganizationSummary, Location,
        Liaison, LiaisonContact, OpeningHours, ScheduleException, Municipality, Bundle, Term,
        OrganizationKind, Cost, ServiceStatus, DeliveryMode, ImportReport, InvalidRecord,
        routes::auth::LoginRequest, routes::auth::RefreshRequest, routes::auth::Me,
        routes::auth::PasswordChange,
        routes::editing::review::TenantPatch, crate::access::Role, crate::access::sessions::Tokens,
        crate::editing::DraftView, crate::editing::DraftAction,
        crate::editing::RevisionView, crate::services::freshness::TenantView,
        crate::services::freshness::StaleOrganization, crate::services::freshness::StaleService,
        crate::referral::Status, crate::referral::DeclineReason,
        crate::referral::views::ReferralRequest, crate::referral::views::ContactInput,
        crate::referral::views::ConsentInput, crate::referral::views::Preferred,
        crate::referral::views::Created, crate::referral::views::ReferralSummary,
        crate::referral::views::LiaisonName, crate::referral::views::Tracking,
        crate::referral::views::TrackedReferral, crate::referral::views::EventView,
        crate::referral::views::ReferralDetail, crate::referral::views::ContactView,
        crate::referral::views::TransitionRequest,
        crate::referral::views::ReferralSummaryForStaff,
        crate::services::referral_reports::ReferralReport, crate::services::referral_reports::Count,
        crate::services::referral_reports::AcknowledgeTimes,
        routes::referrals::RerouteRequest, crate::referral::views::CaseView, crate::referral::views::AuditEntry,
        crate::referral::Absence, crate::referral::SettingsRequest, crate::referral::SettingsView,
        crate::enquiry::EnquiryRequest, crate::enquiry::EnquiryView, crate::enquiry::EnquiryReport,
        crate::enquiry::ReportRow,
    )),
    servers((url = "/", description = "This okienko")),
    modifiers(&BearerAuth),
    tags(
        (name = "directory", description = "Organizations and their services"),
        (name = "search", description = "Polish full-text search and suggestions"),
        (name = "hsds", description = "Open Referral HSDS 3.0 import and export"),
        (name = "operations", description = "Health and readiness"),
        (name = "access", description = "Accounts: login, token refresh, logout"),
        (name = "self-service", description = "Partners keep their offers current; coordinators review"),
        (name = "embed", description = "The embeddable search page for municipal websites (HTML)"),
        (name = "referrals", description = "A resident's request routed to a named liaison, tracked to its end"),
        (name = "enquiries", description = "The enquiry log: every contact counted, nobody recorded"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        // Operations open to anyone say so: an empty security requirement.
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                operation
                    .security
                    .get_or_insert_with(|| vec![SecurityRequirement::default()]);
                if operation.request_body.is_some() {
                    body_problems(&mut operation.responses);
                }
            }
        }
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token from POST /api/v1/auth/login (or the installation's OKIENKO_ADMIN_TOKEN)",
                    ))
                    .build(),
            ),
        );
    }
}

/// Every operation with a body may answer that the body is malformed, too large or of the
/// wrong type.
fn body_problems(responses: &mut utoipa::openapi::Responses) {
    for (status, description) in [
        ("400", "Malformed body"),
        ("413", "Body too large"),
        ("415", "Wrong content type"),
    ] {
        responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| {
                utoipa::openapi::ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/problem+json",
                        utoipa::openapi::ContentBuilder::new()
                            .schema(Some(utoipa::openapi::Ref::from_schema_name("Problem")))
                            .build(),
                    )
                    .build()
                    .into()
            });
    }
}

/// The document as pretty JSON.
pub fn json() -> anyhow::Result<String> {
    Ok(ApiDoc::openapi().to_pretty_json()?)
}

/// The document as YAML.
pub fn yaml() -> anyhow::Result<String> {
    Ok(ApiDoc::openapi().to_yaml()?)
}

#[cfg(test)]
mod tests {
    /// The committed specification must be what the code generates: regenerate it with
    /// `cargo run -- openapi > openapi/openapi.json` and `… --format yaml > openapi/openapi.yaml`.
    #[test]
    fn committed_spec_matches_the_code() {
        let committed_json = include_str!("../../openapi/openapi.json");
        let committed_yaml = include_str!("../../openapi/openapi.yaml");
        assert_eq!(
            committed_json.trim_end(),
            super::json().expect("json").trim_end(),
            "openapi/openapi.json is stale"
        );
        assert_eq!(
            committed_yaml.trim_end(),
            super::yaml().expect("yaml").trim_end(),
            "openapi/openapi.yaml is stale"
        );
    }

    /// A problem response's description names codes (`forbidden_reference`): each is one of
    /// the table's.
    #[test]
    fn problem_responses_name_codes_of_the_table() {
        let spec: serde_json::Value =
            serde_json::from_str(&super::json().expect("json")).expect("the spec is JSON");
        let mut named = 0;
        for operations in spec["paths"].as_object().expect("paths").values() {
            for operation in operations.as_object().expect("operations").values() {
                let Some(responses) = operation["responses"].as_object() else {
                    continue;
                };
                for response in responses.values() {
                    if response["content"]["application/problem+json"].is_null() {
                        continue;
                    }
                    let description = response["description"].as_str().unwrap_or("");
                    for code in description.split('`').skip(1).step_by(2) {
                        assert!(
                            crate::error::ErrorCode::from_code(code).is_some(),
                            "a problem response names `{code}`, which is not in the table"
                        );
                        named += 1;
                    }
                }
            }
        }
        assert!(named > 0, "no problem response names a code");
    }
}
