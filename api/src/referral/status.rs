//! The lifecycle of a referral and its allowed transitions.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Registered; the liaison's notification is on its way.
    New,
    /// The liaison was notified.
    Sent,
    /// The liaison took it.
    Acknowledged,
    /// Being worked on.
    InProgress,
    /// Done.
    Completed,
    /// The partner cannot take it (with a reason).
    Declined,
    /// Withdrawn by the resident or staff.
    Cancelled,
    /// Never acknowledged in time.
    Expired,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 8] = [
        Status::New,
        Status::Sent,
        Status::Acknowledged,
        Status::InProgress,
        Status::Completed,
        Status::Declined,
        Status::Cancelled,
        Status::Expired,
    ];

    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Sent => "sent",
            Status::Acknowledged => "acknowledged",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Declined => "declined",
            Status::Cancelled => "cancelled",
            Status::Expired => "expired",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code)
    }

    /// Polish label for pages and e-mail.
    pub fn label_pl(self) -> &'static str {
        match self {
            Status::New => "nowe",
            Status::Sent => "wysłane",
            Status::Acknowledged => "przyjęte",
            Status::InProgress => "w realizacji",
            Status::Completed => "zakończone",
            Status::Declined => "odrzucone",
            Status::Cancelled => "anulowane",
            Status::Expired => "wygasłe",
        }
    }

    /// Whether nothing more can happen to it.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Completed | Status::Declined | Status::Cancelled | Status::Expired
        )
    }

    /// Whether it still waits for the liaison to acknowledge.
    pub fn awaits_acknowledgement(self) -> bool {
        matches!(self, Status::New | Status::Sent)
    }

    /// Whether the lifecycle allows going from `self` to `to`.
    pub fn can_become(self, to: Status) -> bool {
        use Status::*;
        matches!(
            (self, to),
            (New, Sent)
                | (New | Sent, Acknowledged)
                | (Acknowledged, InProgress)
                | (Acknowledged | InProgress, Completed)
                | (New | Sent | Acknowledged | InProgress, Declined | Cancelled)
                | (New | Sent, Expired)
        )
    }
}

/// Why a partner declined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeclineReason {
    /// No free places or time.
    NoCapacity,
    /// The resident does not meet the conditions.
    NotEligible,
    /// The resident could not be reached.
    ResidentUnreachable,
    /// Something else (see the note).
    Other,
}

impl DeclineReason {
    /// Every reason.
    pub const ALL: [DeclineReason; 4] = [
        DeclineReason::NoCapacity,
        DeclineReason::NotEligible,
        DeclineReason::ResidentUnreachable,
        DeclineReason::Other,
    ];

    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            DeclineReason::NoCapacity => "no_capacity",
            DeclineReason::NotEligible => "not_eligible",
            DeclineReason::ResidentUnreachable => "resident_unreachable",
            DeclineReason::Other => "other",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// Polish label for pages and e-mail.
    pub fn label_pl(self) -> &'static str {
        match self {
            DeclineReason::NoCapacity => "brak miejsc",
            DeclineReason::NotEligible => "osoba nie spełnia warunków",
            DeclineReason::ResidentUnreachable => "brak kontaktu z osobą",
            DeclineReason::Other => "inny powód",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_is_allowed_and_final_states_stay_final() {
        use Status::*;
        for pair in [New, Sent, Acknowledged, InProgress, Completed].windows(2) {
            assert!(pair[0].can_become(pair[1]), "{pair:?}");
        }
        for from in [Completed, Declined, Cancelled, Expired] {
            assert!(
                Status::ALL.iter().all(|to| !from.can_become(*to)),
                "{from:?}"
            );
        }
        assert!(!Completed.can_become(Acknowledged));
        assert!(!Sent.can_become(InProgress));
        assert!(!Acknowledged.can_become(Expired));
    }

    #[test]
    fn codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for r in DeclineReason::ALL {
            assert_eq!(DeclineReason::parse(r.as_str()), Some(r));
        }
    }
}
