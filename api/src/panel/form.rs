//! What every panel form shares: the posted fields read once, mistakes kept by field and
//! shown next to it, and the HTML answer a form handler gives.

use super::PanelError;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, dev::Payload, web};
use maud::{Markup, html};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;

/// Mistakes on the form, by field.
#[derive(Debug, Default)]
pub struct FormErrors(pub Vec<(&'static str, String)>);

impl FormErrors {
    /// The mistake of a field.
    pub fn of(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    /// Records a field's mistake (the first one stays).
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if self.of(field).is_none() {
            self.0.push((field, message.into()));
        }
    }
}

/// An HTML page with a status.
pub fn html_page(status: StatusCode, body: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body.into_string())
}

/// The message of a field's mistake, if any, with the id its input points to.
pub fn error_for(errors: &FormErrors, field: &str) -> Markup {
    html! {
        @if let Some(message) = errors.of(field) {
            p.error id={ (field) "-error" } { (message) }
        }
    }
}

/// The `aria-describedby` of a field with a mistake.
pub fn described_by(errors: &FormErrors, field: &str) -> Option<String> {
    errors.of(field).map(|_| format!("{field}-error"))
}

impl FormErrors {
    /// Whether the form has no mistake.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A posted form's fields. Read as `application/x-www-form-urlencoded` whatever the declared
/// content type, so that the session and record checks of the handler come before any
/// detail of the body; a body that cannot be read is answered with an HTML page (400).
#[derive(Debug)]
pub struct PanelForm<T>(pub T);

impl<T> std::ops::Deref for PanelForm<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> PanelForm<T> {
    /// The fields.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for PanelForm<T> {
    type Error = PanelError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PanelError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let bytes = body.await.map_err(|_| PanelError::BadForm)?;
            serde_urlencoded::from_bytes(&bytes)
                .map(PanelForm)
                .map_err(|_| PanelError::BadForm)
        })
    }
}
