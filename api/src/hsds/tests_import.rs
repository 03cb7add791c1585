//! Tests of the HSDS import: the official example, a messy feed, invalid records.

use super::lenient::derived_id;
use super::{RecordError, service_from_hsds};
use crate::directory::{Cost, OrganizationKind, ServiceStatus};
use crate::error::ErrorCode;
use serde_json::{Value, json};
use uuid::Uuid;

/// A file of the HSDS 3.0 files vendored for the tests (`tests/data/hsds`, CC BY-SA 4.0).
pub(super) fn hsds_file(relative: &str) -> Value {
    let path = format!(
        "{}/../tests/data/hsds/{relative}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn errors_of(record: Value) -> Vec<(String, ErrorCode)> {
    let RecordError { errors, .. } = service_from_hsds(record).unwrap_err();
    errors.into_iter().map(|e| (e.pointer, e.code)).collect()
}

fn has(errors: &[(String, ErrorCode)], pointer: &str, code: ErrorCode) -> bool {
    errors.iter().any(|(p, c)| p == pointer && *c == code)
}

fn uuid(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap()
}

#[test]
fn imports_the_official_full_example() {
    let imported = service_from_hsds(hsds_file("examples/service_full.json")).unwrap();
    let service = &imported.service;
    let org = imported.organization.as_ref().unwrap();
    assert_eq!(service.id, uuid("ac148810-d857-441c-9679-408f346de14b"));
    assert_eq!(
        imported.organization_id,
        uuid("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610")
    );
    assert_eq!(service.organization_id, org.id);
    assert_eq!(service.name, "Community Counselling");
    assert_eq!(
        service.alternate_name.as_deref(),
        Some("MyCity Counselling Services")
    );
    assert_eq!(service.status, ServiceStatus::Active);
    assert_eq!((service.min_age, service.max_age), (Some(12), Some(100)));
    assert_eq!(service.cost, Some(Cost::Paid));
    assert!(
        service
            .cost_note
            .as_deref()
            .unwrap()
            .starts_with("Non-NHS patients")
    );
    assert_eq!(service.languages, ["ur"]);
    assert_eq!(service.phone.as_deref(), Some("+441234234567"));
    assert_eq!(service.last_verified_at.unwrap().to_string(), "2005-01-01");
    assert_eq!(
        service.location_ids,
        [uuid("3a19ff88-4620-4d17-9830-ac1d859eb5d5")]
    );
    assert_eq!(
        service.liaison_id,
        Some(uuid("1e7efce3-639b-4880-940c-b95cd30cdb50"))
    );
    // The example's schedules restrict weeks and dates: kept as they came.
    assert!(service.schedule.is_empty());
    assert_eq!(service.extra["hsds_schedules"].as_array().unwrap().len(), 2);
    for key in [
        "interpretation_services",
        "accreditations",
        "licenses",
        "alert",
        "funding",
        "program",
        "required_documents",
        "fees",
        "assurer_email",
        "last_modified",
        "metadata",
        "wait_time",
        "hsds_attributes",
        "hsds_service_areas",
        "cost_options",
        "phones",
    ] {
        assert!(service.extra.contains_key(key), "service.extra lacks {key}");
    }
    assert!(service.municipalities.is_empty());

    assert_eq!(org.name, "Example Organization Inc.");
    assert_eq!(org.short_name.as_deref(), Some("Example Org"));
    assert_eq!(org.kind, OrganizationKind::Ngo);
    assert_eq!(org.website.as_deref(), Some("http://example.com"));
    assert_eq!(org.phone.as_deref(), Some("+441234234567"));
    for key in [
        "legal_status",
        "organization_identifiers",
        "funding",
        "programs",
        "year_incorporated",
    ] {
        assert!(
            org.extra.contains_key(key),
            "organization.extra lacks {key}"
        );
    }
    // One location and one contact, though each appears several times.
    assert_eq!(org.locations.len(), 1);
    let location = &org.locations[0];
    assert_eq!(
        location.street.as_deref(),
        Some("1-30 Main Street, MyVillage")
    );
    assert_eq!(
        location.postal_code.as_deref(),
        Some("ABC 1234"),
        "foreign code kept"
    );
    assert_eq!(location.latitude, None, "latitude 100 is not on Earth");
    assert!(
        location
            .accessibility
            .as_deref()
            .unwrap()
            .contains("induction loops")
    );
    let stash = &org.extra["hsds_locations"][location.id.to_string()];
    assert_eq!(stash["hsds_country"], "US");
    assert_eq!(stash["latitude"], 100);
    assert_eq!(org.liaisons.len(), 1);
    let ann = &org.liaisons[0];
    assert_eq!(
        (ann.first_name.as_str(), ann.last_name.as_str()),
        ("Ann", "Persona")
    );
    assert_eq!(ann.role.as_deref(), Some("Reception Manager"));
    assert!(imported.locations.is_empty() && imported.liaisons.is_empty());
}

fn messy() -> Value {
    json!({
        "id": "svc-42",
        "name": "  Opieka wytchnieniowa dla opiekunów  ",
        "description": null,
        "status": null,
        "minimum_age": "60",
        "maximum_age": null,
        "wait_time": "14 dni",
        "phones": null,
        "contacts": null,
        "languages": [{"name": "polski"}, {"code": "ukr"}, {"code": "pl"}, {"name": "migowy"}],
        "schedules": [
            {"byday": "MO,WE", "opens_at": "8:00", "closes_at": "16:00:00"},
            {"freq": "MONTHLY", "byday": "1FR", "opens_at": "10:00", "closes_at": "12:00"}
        ],
        "service_areas": [{"extent_type": "TERC", "extent": "1465011"}],
        "attributes": [
            {"taxonomy_term": {"name": "Opieka wytchnieniowa"}},
            {"taxonomy_term": {"taxonomy": "okienko:target_group", "code": "carers"}},
            {"taxonomy_term": {"taxonomy": "custom", "name": "Something else"}},
            {"taxonomy_term": {"taxonomy": "okienko:field", "code": "capacity"}, "value": 12}
        ],
        "cost_options": [{"option": "bezpłatna"}],
        "custom_flag": true,
        "organization": {
            "id": 17,
            "name": "Stowarzyszenie Pomocy Sąsiedzkiej",
            "description": null,
            "phones": [{"number": "22 555 01 01"}],
            "tax_id": "526-104-08-28",
            "organization_identifiers": [{"identifier_type": "krs", "identifier": 123456}],
            "contacts": [{"name": "Anna Maria Nowak", "email": "a.nowak@example.org",
                          "phones": [{"number": "600 100 200"}]}],
            "x_source": "BIP"
        },
        "service_at_locations": [{
            "location": {
                "name": "Świetlica",
                "latitude": "52,2297",
                "longitude": 21.0122,
                "external_identifier": "1465011",
                "external_identifier_type": "teryt",
                "addresses": [{"address_1": "ul. Długa 5", "city": "Warszawa", "postal_code": "00950"}]
            }
        }]
    })
}

#[test]
fn imports_a_messy_record_and_keeps_what_it_cannot_map() {
    let imported = service_from_hsds(messy()).unwrap();
    let service = &imported.service;
    assert_eq!(service.id, derived_id("service:svc-42"));
    assert_eq!(service.extra["hsds_id"], "svc-42");
    assert_eq!(service.extra["custom_flag"], true);
    assert_eq!(service.name, "Opieka wytchnieniowa dla opiekunów");
    assert_eq!(service.description, None);
    assert_eq!(service.status, ServiceStatus::Active);
    assert_eq!((service.min_age, service.max_age), (Some(60), None));
    assert_eq!(service.waiting_days, Some(14));
    assert!(!service.extra.contains_key("wait_time"));
    assert_eq!(service.languages, ["pl", "uk"]);
    assert_eq!(service.extra["hsds_languages"][0]["name"], "migowy");
    let hours: Vec<_> = service
        .schedule
        .iter()
        .map(|h| (h.weekday, h.opens.as_str(), h.closes.as_str()))
        .collect();
    assert_eq!(hours, [(1, "08:00", "16:00"), (3, "08:00", "16:00")]);
    assert_eq!(service.extra["hsds_schedules"][0]["freq"], "MONTHLY");
    assert_eq!(service.municipalities, ["1465011"]);
    assert_eq!(service.categories, ["respite_care"]);
    assert_eq!(service.target_groups, ["carers"]);
    assert_eq!(service.capacity, Some(12));
    assert_eq!(
        service.extra["hsds_attributes"][0]["taxonomy_term"]["name"],
        "Something else"
    );
    assert_eq!(service.cost, Some(Cost::Free));
    assert_eq!(
        service.extra["cost_options"][0]["option"], "bezpłatna",
        "own wording kept"
    );

    let org = imported.organization.as_ref().unwrap();
    assert_eq!(org.id, derived_id("organization:17"));
    assert_eq!(org.extra["hsds_id"], "17");
    assert_eq!(org.extra["x_source"], "BIP");
    assert_eq!(org.kind, OrganizationKind::Ngo);
    assert_eq!(org.krs.as_deref(), Some("0000123456"));
    assert_eq!(org.nip.as_deref(), Some("5261040828"));
    assert_eq!(org.phone.as_deref(), Some("+48225550101"));
    let anna = &org.liaisons[0];
    assert_eq!(
        (anna.first_name.as_str(), anna.last_name.as_str()),
        ("Anna Maria", "Nowak")
    );
    assert_eq!(anna.phone.as_deref(), Some("+48600100200"));
    assert_eq!(
        service.liaison_id, None,
        "organization contacts are not service contacts"
    );
    let location = &org.locations[0];
    assert_eq!(
        location.id,
        derived_id(&format!("{}/service_at_locations/0/location", service.id))
    );
    assert_eq!(service.location_ids, [location.id]);
    assert_eq!(location.postal_code.as_deref(), Some("00-950"));
    assert_eq!(location.latitude, Some(52.2297));
    assert_eq!(location.municipality.as_deref(), Some("1465011"));

    // Same file, same ids.
    assert_eq!(service_from_hsds(messy()).unwrap(), imported);
}

#[test]
fn a_record_with_only_organization_id_brings_its_places_apart() {
    let record = json!({
        "id": "0d5c3c2e-93d4-4c1e-8f57-3b2f7d0f5a11",
        "name": "Klub seniora",
        "organization_id": "0D5C3C2E-93D4-4C1E-8F57-3B2F7D0F5A12",
        "contacts": [{"name": "Jan Kowalski"}],
        "service_at_locations": [
            {"location_id": "c3a1b2d4-0000-4000-8000-000000000001"},
            {"location": {"id": "loc-7", "name": "Sala", "transportation": "Autobus 2"}}
        ]
    });
    let imported = service_from_hsds(record).unwrap();
    assert!(imported.organization.is_none());
    assert_eq!(
        imported.organization_id,
        uuid("0d5c3c2e-93d4-4c1e-8f57-3b2f7d0f5a12")
    );
    let loc7 = derived_id("location:loc-7");
    let expected = [uuid("c3a1b2d4-0000-4000-8000-000000000001"), loc7];
    assert_eq!(imported.service.location_ids, expected);
    assert_eq!(imported.locations[0].id, loc7);
    let stash = &imported.service.extra["hsds_locations"][loc7.to_string()];
    assert_eq!(stash["hsds_id"], "loc-7");
    assert_eq!(stash["transportation"], "Autobus 2");
    assert_eq!(imported.liaisons.len(), 1);
    assert_eq!(imported.service.liaison_id, Some(imported.liaisons[0].id));
}

#[test]
fn reports_invalid_fields_with_codes_and_pointers() {
    let mut record = messy();
    record["organization"]["organization_identifiers"] =
        json!([{"identifier_type": "NIP", "identifier": "5261040829"}]);
    record["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = json!("0095");
    record["email"] = json!("not-an-email");
    record["phones"] = json!([{"number": "12"}]);
    record["status"] = json!("open");
    record["schedules"][0]["closes_at"] = json!("07:00");
    record["service_areas"][0]["extent"] = json!("1465010");
    record["minimum_age"] = json!("sixty");
    record["organization"]["contacts"][0]["email"] = json!("a.nowak@");
    let errors = errors_of(record);
    for (pointer, code) in [
        (
            "/organization/organization_identifiers/0/identifier",
            ErrorCode::InvalidNip,
        ),
        (
            "/service_at_locations/0/location/addresses/0/postal_code",
            ErrorCode::InvalidPostalCode,
        ),
        ("/email", ErrorCode::InvalidEmail),
        ("/phones/0/number", ErrorCode::InvalidPhone),
        ("/status", ErrorCode::InvalidValue),
        ("/schedules/0/closes_at", ErrorCode::InvalidOpeningHours),
        ("/service_areas/0/extent", ErrorCode::InvalidTeryt),
        ("/minimum_age", ErrorCode::InvalidValue),
        ("/organization/contacts/0/email", ErrorCode::InvalidEmail),
    ] {
        assert!(
            has(&errors, pointer, code),
            "{pointer} {code:?} not in {errors:?}"
        );
    }
    assert_eq!(errors.len(), 9, "{errors:?}");
}

#[test]
fn reports_missing_and_wrongly_typed_fields() {
    let mut record = messy();
    record.as_object_mut().unwrap().remove("name");
    assert_eq!(
        errors_of(record),
        [("/name".to_owned(), ErrorCode::MissingField)]
    );

    let mut record = messy();
    record["name"] = json!(42);
    record["organization"]["name"] = json!(["x"]);
    record["service_at_locations"][0]["location"]["addresses"] = json!({"city": "Warszawa"});
    record["organization"]["tax_id"] = json!("123");
    let errors = errors_of(record);
    assert!(has(&errors, "/name", ErrorCode::InvalidValue), "{errors:?}");
    assert!(
        has(&errors, "/organization/name", ErrorCode::InvalidValue),
        "{errors:?}"
    );
    assert!(
        has(
            &errors,
            "/service_at_locations/0/location/addresses",
            ErrorCode::InvalidValue
        ),
        "{errors:?}"
    );
    assert!(
        has(&errors, "/organization/tax_id", ErrorCode::InvalidNip),
        "{errors:?}"
    );
    assert_eq!(errors.len(), 4, "{errors:?}");

    let mut record = messy();
    record.as_object_mut().unwrap().remove("organization");
    record["service_at_locations"][0]["location"]["latitude"] = json!(95);
    record["id"] = json!(true);
    let errors = errors_of(record);
    assert!(
        has(&errors, "/organization", ErrorCode::MissingField),
        "{errors:?}"
    );
    assert!(
        has(
            &errors,
            "/service_at_locations/0/location/latitude",
            ErrorCode::InvalidCoordinates
        ),
        "{errors:?}"
    );
    assert!(has(&errors, "/id", ErrorCode::InvalidId), "{errors:?}");

    for not_an_object in [json!([1, 2]), json!("service"), json!(null)] {
        let error = service_from_hsds(not_an_object).unwrap_err();
        assert_eq!(error.id, None);
        assert_eq!(error.errors[0].pointer, "");
        assert_eq!(error.errors[0].code, ErrorCode::InvalidValue);
    }
}
