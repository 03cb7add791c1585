//! The resident's tracking page (`/embed/track`): the code goes in a form (posted, never in
//! the address or the logs), then the status of each referral, who will get in touch, and
//! withdrawing consent after a confirmation.

use super::Context;
use super::layout::layout;
use crate::directory::ServiceView;
use crate::domain::local_time::warsaw;
use crate::i18n::{Key, Lang};
use crate::referral::Status;
use crate::referral::views::Tracking;
use maud::{Markup, html};

/// What the tracking page says above its form or the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackNotice {
    /// No case has the code (a neutral message).
    Unknown,
    /// Too many attempts from this client.
    TooMany,
    /// Withdrawing needs the confirmation box.
    ConfirmWithdrawal,
}

fn status_key(status: Status) -> Key {
    match status {
        Status::New | Status::Sent => Key::StatusNew,
        Status::Acknowledged => Key::StatusAcknowledged,
        Status::InProgress => Key::StatusInProgress,
        Status::Completed => Key::StatusCompleted,
        Status::Declined => Key::StatusDeclined,
        Status::Cancelled => Key::StatusCancelled,
        Status::Expired => Key::StatusExpired,
    }
}

fn date(at: chrono::DateTime<chrono::Utc>) -> String {
    let m = warsaw(at);
    m.date
        .parse::<chrono::NaiveDate>()
        .map_or(m.date, |d| d.format("%d.%m.%Y").to_string())
}

/// The context as hidden fields, so that the answer keeps the language and theme.
fn context_fields(ctx: &Context) -> Markup {
    html! {
        @for (name, value) in ctx.pairs() {
            input type="hidden" name=(name) value=(value);
        }
    }
}

fn notice(l: Lang, notice: Option<TrackNotice>) -> Markup {
    let key = match notice {
        None => return html! {},
        Some(TrackNotice::Unknown) => Key::TrackUnknown,
        Some(TrackNotice::TooMany) => Key::TrackTooMany,
        Some(TrackNotice::ConfirmWithdrawal) => Key::TrackWithdrawNeedsConfirm,
    };
    html! { p.error #track-notice role="alert" { (l.t(key)) } }
}

/// The form that asks for the code.
pub fn track_form_page(ctx: &Context, shown: Option<TrackNotice>) -> String {
    let l = ctx.lang;
    let main = html! {
        h1 { (l.t(Key::TrackTitle)) }
        (notice(l, shown))
        form method="post" action="/embed/track" {
            (context_fields(ctx))
            label for="code" { (l.t(Key::TrackLabel)) }
            div.row {
                input #code type="text" name="code" autocomplete="off" spellcheck="false"
                    maxlength="64" required aria-describedby=[shown.map(|_| "track-notice")];
                button type="submit" { (l.t(Key::TrackButton)) }
            }
        }
    };
    layout(
        ctx,
        l.t(Key::TrackTitle),
        &main.into_string(),
        "/embed/track",
    )
}

/// The case of a code: each referral, its status and history, and withdrawing consent.
pub fn track_case_page(
    ctx: &Context,
    code: &str,
    case: &Tracking,
    offers: &[ServiceView],
    shown: Option<TrackNotice>,
) -> String {
    let l = ctx.lang;
    let organization = |service: uuid::Uuid| {
        offers
            .iter()
            .find(|o| o.service.id == service)
            .map(|o| o.organization.name.clone())
            .unwrap_or_default()
    };
    let main = html! {
        h1 { (l.t(Key::TrackTitle)) }
        (notice(l, shown))
        p { (l.t(Key::TrackSubmitted)) ": " (date(case.created_at)) }
        @if case.consent_withdrawn {
            p role="status" { strong { (l.t(Key::TrackWithdrawn)) } }
        }
        ol.items {
            @for r in &case.referrals {
                li {
                    h2 { (r.service_name) }
                    p { (organization(r.service_id)) }
                    p { (l.t(Key::TrackStatus)) ": " strong { (l.t(status_key(r.status))) } }
                    @if !case.consent_withdrawn {
                        p {
                            (l.t(Key::TrackWho)) ": "
                            (r.liaison.name.split_whitespace().next().unwrap_or(""))
                            " (" (organization(r.service_id)) ")"
                        }
                    }
                    details {
                        summary { (l.t(Key::TrackHistory)) }
                        ul {
                            @for e in &r.history {
                                li { (date(e.at)) " – " (l.t(status_key(e.status))) }
                            }
                        }
                    }
                }
            }
        }
        @if !case.consent_withdrawn {
            section aria-labelledby="withdraw-title" {
                h2 #withdraw-title { (l.t(Key::TrackWithdrawTitle)) }
                p { (l.t(Key::TrackWithdrawText)) }
                form method="post" action="/embed/track" {
                    (context_fields(ctx))
                    input type="hidden" name="code" value=(code);
                    input type="hidden" name="action" value="withdraw";
                    label.check {
                        input #confirm type="checkbox" name="confirm" value="yes";
                        " " (l.t(Key::TrackWithdrawConfirm))
                    }
                    button type="submit" { (l.t(Key::TrackWithdrawTitle)) }
                }
            }
        }
        p { a href={ "/embed/track?" (super::query_string(&ctx.pairs())) } { (l.t(Key::TrackTitle)) } }
    };
    layout(
        ctx,
        l.t(Key::TrackTitle),
        &main.into_string(),
        "/embed/track",
    )
}
