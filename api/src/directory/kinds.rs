//! Closed sets of values with stable snake_case codes.

use serde::{Deserialize, Serialize};

macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($(#[$vmeta])* #[serde(rename = $code)] $variant),+ }

        // By hand: the derive does not see `rename` values passed through this macro and
        // would document the Rust names instead of the codes.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code; `None` when it is not one of [`Self::ALL`].
            pub fn parse(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

code_enum! {
    /// What kind of body an organization is.
    OrganizationKind {
        /// The Centrum Usług Społecznych itself.
        Cus => "cus",
        /// A municipal or other public unit (jednostka gminna, powiatowa).
        MunicipalUnit => "municipal_unit",
        /// Stowarzyszenie, fundacja.
        Ngo => "ngo",
        /// Social-economy entity: spółdzielnia socjalna, CIS, KIS, WTZ, ZAZ.
        SocialEnterprise => "social_enterprise",
        /// Church or religious charity.
        Church => "church",
        /// Health provider.
        Health => "health",
        /// Private firm.
        Private => "private",
    }
}

code_enum! {
    /// What a service costs the resident.
    Cost {
        /// Free of charge.
        Free => "free",
        /// Partly paid (co-payment, income-dependent).
        PartlyPaid => "partly_paid",
        /// Paid in full.
        Paid => "paid",
    }
}

code_enum! {
    /// Whether a service can be used now (HSDS status values).
    ServiceStatus {
        /// Running.
        Active => "active",
        /// Closed for a while.
        TemporarilyClosed => "temporarily_closed",
        /// Not offered at present.
        Inactive => "inactive",
        /// Ended for good.
        Defunct => "defunct",
    }
}

code_enum! {
    /// How a service reaches the resident.
    DeliveryMode {
        /// At a location.
        InPerson => "in_person",
        /// At the resident's home.
        Home => "home",
        /// By telephone.
        Phone => "phone",
        /// Online.
        Online => "online",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in OrganizationKind::ALL {
            assert_eq!(OrganizationKind::parse(kind.as_str()), Some(*kind));
        }
        for status in ServiceStatus::ALL {
            assert_eq!(ServiceStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(Cost::parse("gratis"), None);
        assert_eq!(DeliveryMode::parse("home"), Some(DeliveryMode::Home));
    }
}
