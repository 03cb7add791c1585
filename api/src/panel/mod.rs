//! The staff panel: server-rendered Polish pages for the information point's front desk, the
//! coordinators and the partners' liaisons, from the same binary and through the same
//! authorization table as the API. Works without JavaScript; templates are `maud` macros,
//! checked by the compiler and escaping every value; one layout, one stylesheet.

mod assets;
mod counter;
mod enquiry;
mod error;
mod layout;
mod login;
mod service;
mod session;
mod slip;

pub use error::{PanelError, forbidden_page};
pub use session::{SESSION_COOKIE, Staff, is_panel};

use actix_web::web;

/// Registers the panel's pages.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(login::login_page)
        .service(login::sign_in)
        .service(login::sign_out)
        .service(counter::counter)
        .service(enquiry::record)
        .service(service::service_card)
        .service(service::refer)
        .service(slip::referral_page)
        .service(slip::slip_page)
        .service(assets::asset);
}
