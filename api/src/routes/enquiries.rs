//! The enquiry log over HTTP: counting a contact, and the report of a period.

use crate::enquiry::{self, Dimension, EnquiryReport, EnquiryRequest, EnquiryView};
use crate::error::{AccessRefusals, ApiError, ErrorCode, Problem};
use crate::routes::extract::{Caller, truncate};
use crate::routes::filters;
use crate::state::AppState;
use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

/// Counts one contact at the counter, by phone, e-mail or form. The record has no field for
/// who the person was; a note that looks like a phone, e-mail, PESEL or address is refused.
#[utoipa::path(post, path = "/api/v1/enquiries", tag = "enquiries",
    request_body = EnquiryRequest,
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 201, description = "Counted", body = EnquiryView),
        (status = 400, description = "Malformed body, or a field the log does not have", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid values; `personal_data_in_enquiry` for a note with personal data", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/enquiries")]
#[tracing::instrument(skip_all)]
pub async fn record_enquiry(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<EnquiryRequest>,
) -> Result<HttpResponse, ApiError> {
    let view = enquiry::record(&state.db, &caller.0, &body, state.clock.now()).await?;
    Ok(HttpResponse::Created().json(view))
}

/// The period, grouping and format of the enquiry report.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EnquiryReportQuery {
    /// First day, YYYY-MM-DD (default: 90 days ago).
    #[param(value_type = Option<String>, format = Date)]
    from: Option<String>,
    /// Last day, YYYY-MM-DD (default: today).
    #[param(value_type = Option<String>, format = Date)]
    to: Option<String>,
    /// Comma-separated: channel, category, municipality, age_band, language, crisis,
    /// outcome, month (default: outcome).
    group_by: Option<String>,
    /// `json` (default) or `csv`.
    format: Option<String>,
}

/// The contacts of a period counted by any of their fields; counts of 1 and 2 are "<3".
#[utoipa::path(get, path = "/api/v1/reports/enquiries", tag = "enquiries",
    params(EnquiryReportQuery),
    security(("bearer" = [])),
    responses(
        AccessRefusals,
        (status = 200, description = "The report (JSON, or text/csv with format=csv)", body = EnquiryReport),
        (status = 400, description = "Bad dates, grouping or format", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/reports/enquiries")]
pub async fn enquiry_report(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<EnquiryReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let today = state.clock.now().date_naive();
    let (from, to) = filters::period(query.from.as_deref(), query.to.as_deref(), today)?;
    let group_by = query
        .group_by
        .as_deref()
        .unwrap_or("outcome")
        .split(',')
        .filter(|d| !d.trim().is_empty())
        .map(|d| {
            Dimension::parse(d).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidQueryParameter,
                    format!("group_by: nieznane pole „{}”.", truncate(d)),
                    format!("group_by: unknown field \"{}\".", truncate(d)),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let report = enquiry::report(&state.db, &caller.0, from, to, &group_by).await?;
    super::report_answer(
        query.format.as_deref(),
        &report,
        enquiry::to_csv,
        &format!("kontakty-{from}-{to}"),
    )
}

/// Registers the enquiry routes.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(record_enquiry).service(enquiry_report);
}
