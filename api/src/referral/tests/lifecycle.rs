//! A referral's life: declines, versions, who may act, consent withdrawal.

use super::{BEFORE_CHRISTMAS, account, decline, request, world};
use crate::access::Role;
use crate::error::ErrorCode;
use crate::persistence::referrals as store;
use crate::referral::views::TransitionRequest;
use crate::referral::{Actor, DeclineReason, ReferralError, Status};
use uuid::Uuid;

#[tokio::test]
async fn a_decline_needs_a_reason_and_only_the_partner_or_the_tenant_may_act() {
    let w = world(BEFORE_CHRISTMAS).await;
    let created = w
        .desk
        .create(&request(w.service.id), None, None)
        .await
        .expect("created");
    let id = created.referrals[0].id;
    let liaison = account(Role::Liaison, Some(w.organization.id));
    let without = w
        .desk
        .transition_by_account(&liaison, id, decline(None), None)
        .await;
    assert!(
        matches!(&without, Err(ReferralError::Invalid(e))
            if e[0].pointer == "/reason" && e[0].code == ErrorCode::MissingField),
        "{without:?}"
    );
    let other = account(Role::Liaison, Some(Uuid::new_v4()));
    let foreign = w
        .desk
        .transition_by_account(&other, id, decline(Some(DeclineReason::NoCapacity)), None)
        .await;
    assert!(
        matches!(foreign, Err(ReferralError::NoAccess)),
        "{foreign:?}"
    );
    let front_desk = account(Role::FrontDesk, None);
    let not_theirs = w
        .desk
        .transition_by_account(
            &front_desk,
            id,
            decline(Some(DeclineReason::NoCapacity)),
            None,
        )
        .await;
    assert!(
        matches!(not_theirs, Err(ReferralError::FrontDeskMayOnlyCancel)),
        "{not_theirs:?}"
    );
    let declined = w
        .desk
        .transition_by_account(
            &liaison,
            id,
            decline(Some(DeclineReason::NoCapacity)),
            Some(1),
        )
        .await
        .expect("declined");
    assert_eq!(declined.status, Status::Declined);
    assert_eq!(declined.decline_reason, Some(DeclineReason::NoCapacity));
    assert!(
        declined
            .history
            .iter()
            .any(|e| e.status == Status::Declined)
    );
    // The case had one referral: it is closed.
    let case = store::case_by_id(&w.db, declined.case_id)
        .await
        .expect("read")
        .expect("case");
    assert!(case.closed_at.is_some());
    let again = w
        .desk
        .transition(&Actor::System, id, Status::Acknowledged, None, None, None)
        .await;
    assert!(
        matches!(
            again,
            Err(ReferralError::InvalidTransition {
                from: Status::Declined,
                to: Status::Acknowledged
            })
        ),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_stale_version_is_refused_and_okienkos_own_steps_are_not_for_accounts() {
    let w = world(BEFORE_CHRISTMAS).await;
    let created = w
        .desk
        .create(&request(w.service.id), None, None)
        .await
        .expect("created");
    let id = created.referrals[0].id;
    let liaison = account(Role::Liaison, Some(w.organization.id));
    let acknowledge = || TransitionRequest {
        status: Status::Acknowledged,
        reason: None,
        note: Some("Dzwonię jutro.".into()),
    };
    let stale = w
        .desk
        .transition_by_account(&liaison, id, acknowledge(), Some(7))
        .await;
    assert!(
        matches!(stale, Err(ReferralError::VersionMismatch { current: 1 })),
        "{stale:?}"
    );
    let sent = TransitionRequest {
        status: Status::Sent,
        reason: None,
        note: None,
    };
    let own = w.desk.transition_by_account(&liaison, id, sent, None).await;
    assert!(matches!(own, Err(ReferralError::SystemStatus)), "{own:?}");
    let done = w
        .desk
        .transition_by_account(&liaison, id, acknowledge(), Some(1))
        .await
        .expect("acknowledged");
    assert_eq!((done.status, done.version), (Status::Acknowledged, 2));
}

#[tokio::test]
async fn withdrawing_consent_cancels_open_referrals_and_erases_the_personal_data() {
    let w = world(BEFORE_CHRISTMAS).await;
    let created = w
        .desk
        .create(&request(w.service.id), None, None)
        .await
        .expect("created");
    let id = created.referrals[0].id;
    let queued = crate::persistence::outbox::notifications_of(&w.db, &[id])
        .await
        .expect("outbox");
    assert!(
        queued.iter().any(|n| n.payload.contains("anna@example.pl")),
        "the liaison's e-mail carries the contact"
    );
    let tracking = w
        .desk
        .withdraw_consent(&created.tracking_code)
        .await
        .expect("withdrawn");
    assert!(tracking.consent_withdrawn);
    assert_eq!(tracking.referrals[0].status, Status::Cancelled);
    let case = store::case_by_id(&w.db, created.case_id)
        .await
        .expect("read")
        .expect("case");
    assert!(case.anonymized_at.is_some());
    assert_eq!(
        (case.contact_name, case.contact_email, case.need),
        (None, None, None)
    );
    for n in crate::persistence::outbox::notifications_of(&w.db, &[id])
        .await
        .expect("outbox")
    {
        assert!(!n.payload.contains("anna@example.pl"), "{}", n.payload);
        assert!(!n.payload.contains("udarze"), "{}", n.payload);
    }
    let unknown = w.desk.track("not-a-code").await;
    assert!(
        matches!(unknown, Err(ReferralError::UnknownTrackingCode)),
        "{unknown:?}"
    );
}
