//! Serde types of the HSDS 3.0 fully nested service and the objects it nests.
//!
//! Every field is optional (feeds omit or null anything), collections are `Option<Vec<_>>`,
//! numbers that feeds send either as strings or as numbers are kept as raw [`Value`]s, and
//! unknown keys are captured in `other`. Serialization skips absent values (HSDS 3.0 never
//! allows `null`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Unknown keys of an HSDS object, kept as they came.
pub type Other = Map<String, Value>;

/// Declares an HSDS object: every field optional, unknown keys in `other`.
macro_rules! hsds_object {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )+
            /// Keys this type does not declare.
            #[serde(flatten)]
            pub other: Other,
        }
    };
}

hsds_object! {
    /// An HSDS `service`, fully nested (with its organization and locations).
    HsdsService {
        /// UUID (messy feeds: any string or number).
        id: Value,
        organization_id: Value,
        name: String,
        alternate_name: String,
        description: String,
        url: String,
        email: String,
        /// `active`, `inactive`, `defunct` or `temporarily closed`.
        status: String,
        application_process: String,
        fees_description: String,
        /// Free text; a leading integer is read as days.
        wait_time: Value,
        eligibility_description: String,
        minimum_age: Value,
        maximum_age: Value,
        /// `YYYY-MM-DD`.
        assured_date: String,
        organization: HsdsOrganization,
        phones: Vec<HsdsPhone>,
        schedules: Vec<HsdsSchedule>,
        service_areas: Vec<HsdsServiceArea>,
        service_at_locations: Vec<HsdsServiceAtLocation>,
        languages: Vec<HsdsLanguage>,
        cost_options: Vec<HsdsCostOption>,
        contacts: Vec<HsdsContact>,
        attributes: Vec<HsdsAttribute>,
    }
}

hsds_object! {
    /// An HSDS `organization`.
    HsdsOrganization {
        id: Value,
        name: String,
        alternate_name: String,
        description: String,
        email: String,
        website: String,
        /// Older feeds' name for `website`.
        url: String,
        tax_id: Value,
        legal_status: String,
        phones: Vec<HsdsPhone>,
        contacts: Vec<HsdsContact>,
        locations: Vec<HsdsLocation>,
        organization_identifiers: Vec<HsdsOrganizationIdentifier>,
        attributes: Vec<HsdsAttribute>,
    }
}

hsds_object! {
    /// An HSDS `organization_identifier` (KRS, NIP, REGON, TERYT, …).
    HsdsOrganizationIdentifier {
        id: Value,
        identifier_scheme: String,
        identifier_type: String,
        identifier: Value,
    }
}

hsds_object! {
    /// An HSDS `service_at_location`: the link of a service to a location.
    HsdsServiceAtLocation {
        id: Value,
        location_id: Value,
        description: String,
        contacts: Vec<HsdsContact>,
        phones: Vec<HsdsPhone>,
        schedules: Vec<HsdsSchedule>,
        location: HsdsLocation,
    }
}

hsds_object! {
    /// An HSDS `location`.
    HsdsLocation {
        id: Value,
        /// `physical`, `postal` or `virtual`.
        location_type: String,
        name: String,
        latitude: Value,
        longitude: Value,
        external_identifier: Value,
        external_identifier_type: String,
        addresses: Vec<HsdsAddress>,
        accessibility: Vec<HsdsAccessibility>,
        phones: Vec<HsdsPhone>,
    }
}

hsds_object! {
    /// An HSDS `address`.
    HsdsAddress {
        id: Value,
        address_1: String,
        address_2: String,
        city: String,
        state_province: String,
        postal_code: Value,
        country: String,
        /// `physical`, `postal` or `virtual`.
        address_type: String,
    }
}

hsds_object! {
    /// An HSDS `accessibility` note of a location.
    HsdsAccessibility {
        id: Value,
        description: String,
        details: String,
    }
}

hsds_object! {
    /// An HSDS `phone`.
    HsdsPhone {
        id: Value,
        number: Value,
        extension: Value,
        #[serde(rename = "type")]
        phone_type: String,
        description: String,
    }
}

hsds_object! {
    /// An HSDS `contact`: a named person.
    HsdsContact {
        id: Value,
        name: String,
        title: String,
        department: String,
        email: String,
        phones: Vec<HsdsPhone>,
        attributes: Vec<HsdsAttribute>,
    }
}

hsds_object! {
    /// An HSDS `schedule` (iCalendar-like recurrence).
    HsdsSchedule {
        id: Value,
        valid_from: String,
        valid_to: String,
        dtstart: String,
        until: String,
        count: Value,
        /// `MO` … `SU`.
        wkst: String,
        /// `WEEKLY` or `MONTHLY`.
        freq: String,
        interval: Value,
        /// Comma-separated weekdays, e.g. `MO,TU,WE`.
        byday: String,
        byweekno: Value,
        bymonthday: Value,
        byyearday: Value,
        opens_at: String,
        closes_at: String,
        description: String,
    }
}

hsds_object! {
    /// An HSDS `attribute`: a taxonomy term linked to an object, with an optional value.
    HsdsAttribute {
        id: Value,
        taxonomy_term_id: Value,
        link_type: String,
        link_entity: String,
        value: Value,
        taxonomy_term: HsdsTaxonomyTerm,
    }
}

hsds_object! {
    /// An HSDS `taxonomy_term`.
    HsdsTaxonomyTerm {
        id: Value,
        code: Value,
        name: String,
        description: String,
        parent_id: Value,
        /// Name or URI of the taxonomy, e.g. `okienko:category`.
        taxonomy: String,
        taxonomy_detail: HsdsTaxonomy,
        language: String,
    }
}

hsds_object! {
    /// An HSDS `taxonomy`.
    HsdsTaxonomy {
        id: Value,
        name: String,
        description: String,
        uri: String,
        version: String,
    }
}

hsds_object! {
    /// An HSDS `language`.
    HsdsLanguage {
        id: Value,
        name: String,
        code: String,
        note: String,
    }
}

hsds_object! {
    /// An HSDS `cost_option`.
    HsdsCostOption {
        id: Value,
        valid_from: String,
        valid_to: String,
        option: String,
        currency: String,
        amount: Value,
        amount_description: String,
    }
}

hsds_object! {
    /// An HSDS `service_area`.
    HsdsServiceArea {
        id: Value,
        name: String,
        description: String,
        extent: Value,
        extent_type: String,
        uri: String,
    }
}
