//! Who receives a referral: the service's own liaison, else the organization's default
//! liaison (its first); during that person's recorded absence, their deputy.

use crate::directory::Liaison;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Why this person got the referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoutedTo {
    /// The liaison named for the service.
    ServiceLiaison,
    /// The organization's default liaison.
    OrganizationLiaison,
    /// The deputy of an absent liaison.
    Deputy,
    /// Nobody is named: the organization's general contact.
    Organization,
}

impl RoutedTo {
    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            RoutedTo::ServiceLiaison => "service_liaison",
            RoutedTo::OrganizationLiaison => "organization_liaison",
            RoutedTo::Deputy => "deputy",
            RoutedTo::Organization => "organization",
        }
    }
}

/// The routing decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Route<'a> {
    /// The person, when one is named.
    pub liaison: Option<&'a Liaison>,
    /// Why.
    pub routed_to: RoutedTo,
}

/// Routes to the service liaison or the organization's default, or to the deputy while the
/// one chosen is absent (and the deputy is not).
pub fn route<'a>(
    service_liaison: Option<Uuid>,
    liaisons: &'a [Liaison],
    is_absent: impl Fn(Uuid) -> bool,
) -> Route<'a> {
    let named = service_liaison
        .and_then(|id| liaisons.iter().find(|l| l.id == id))
        .map(|l| (l, RoutedTo::ServiceLiaison))
        .or_else(|| liaisons.first().map(|l| (l, RoutedTo::OrganizationLiaison)));
    let Some((liaison, why)) = named else {
        return Route {
            liaison: None,
            routed_to: RoutedTo::Organization,
        };
    };
    if is_absent(liaison.id)
        && let Some(deputy) = liaison
            .deputy_id
            .and_then(|d| liaisons.iter().find(|l| l.id == d))
            .filter(|d| !is_absent(d.id))
    {
        return Route {
            liaison: Some(deputy),
            routed_to: RoutedTo::Deputy,
        };
    }
    Route {
        liaison: Some(liaison),
        routed_to: why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(n: u128, deputy: Option<u128>) -> Liaison {
        Liaison {
            id: Uuid::from_u128(n),
            first_name: format!("Osoba{n}"),
            last_name: "Testowa".into(),
            role: None,
            email: Some(format!("o{n}@example.pl")),
            phone: None,
            deputy_id: deputy.map(Uuid::from_u128),
        }
    }

    #[test]
    fn service_liaison_overrides_the_default_and_a_deputy_stands_in() {
        let people = [person(1, Some(3)), person(2, Some(1)), person(3, None)];
        let nobody_away = |_| false;
        let r = route(None, &people, nobody_away);
        assert_eq!(
            (r.liaison.map(|l| l.id), r.routed_to),
            (Some(Uuid::from_u128(1)), RoutedTo::OrganizationLiaison)
        );
        let r = route(Some(Uuid::from_u128(2)), &people, nobody_away);
        assert_eq!(
            (r.liaison.map(|l| l.id), r.routed_to),
            (Some(Uuid::from_u128(2)), RoutedTo::ServiceLiaison)
        );
        let r = route(Some(Uuid::from_u128(2)), &people, |id| {
            id == Uuid::from_u128(2)
        });
        assert_eq!(
            (r.liaison.map(|l| l.id), r.routed_to),
            (Some(Uuid::from_u128(1)), RoutedTo::Deputy)
        );
        // An absent deputy does not stand in: the referral waits for the liaison.
        let r = route(None, &people, |_| true);
        assert_eq!(r.liaison.map(|l| l.id), Some(Uuid::from_u128(1)));
        let r = route(None, &[], nobody_away);
        assert_eq!((r.liaison, r.routed_to), (None, RoutedTo::Organization));
    }
}
