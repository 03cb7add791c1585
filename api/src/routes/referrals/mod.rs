//! Referrals over HTTP: the public request and tracking, the staff and liaison API, partners'
//! settings and reports. Each handler parses, calls one use case of
//! [`crate::referral::Referrals`] and renders; its errors become problems in `routes/problems.rs`.

mod partners;
mod public;
mod staff;

pub use partners::*;
pub use public::*;
pub use staff::*;

use actix_web::{HttpResponse, http::header, web};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(create_referral)
        .service(track)
        .service(cancel_tracked)
        .service(withdraw_consent)
        .service(list_referrals)
        .service(get_referral)
        .service(transition)
        .service(reroute)
        .service(get_case)
        .service(case_audit)
        .service(add_absence)
        .service(organization_settings)
        .service(service_settings)
        .service(report);
}

fn no_store() -> actix_web::HttpResponseBuilder {
    let mut b = HttpResponse::Ok();
    b.insert_header((header::CACHE_CONTROL, "no-store"));
    b
}
