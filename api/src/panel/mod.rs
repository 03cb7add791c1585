//! The staff panel: server-rendered Polish pages for the information point's front desk, the
//! coordinators and the partners' liaisons, from the same binary and through the same
//! authorization table as the API. Works without JavaScript; templates are `maud` macros,
//! checked by the compiler and escaping every value; one layout, one stylesheet.

mod assets;
mod counter;
mod enquiry;
mod error;
mod form;
mod layout;
mod login;
mod offers;
mod pairing;
mod password;
mod queue;
mod referral;
mod referral_steps;
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
        .service(password::change_form)
        .service(password::change)
        .service(password::forgot_page)
        .service(password::forgot)
        .service(password::reset_form)
        .service(password::reset)
        .service(counter::counter)
        .service(enquiry::record)
        .service(offers::offers)
        .service(offers::verify)
        .service(offers::edit_form)
        .service(offers::edit)
        .service(service::service_card)
        .service(service::refer)
        .service(queue::queue_page)
        .service(referral::referral_page)
        .service(referral_steps::step)
        .service(referral_steps::add_note)
        .service(referral_steps::reroute)
        .service(slip::slip_page)
        .service(assets::asset);
}
