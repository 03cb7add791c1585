//! Open Referral HSDS 3.0: import of services (fully nested) into okienko and export back.

mod export;
mod export_parts;
mod import;
mod import_links;
mod import_org;
mod import_parts;
mod import_places;
mod lenient;
#[cfg(test)]
mod tests_export;
#[cfg(test)]
mod tests_import;
pub mod types;
mod vocab;

pub use export::service_to_hsds;
pub use import::{ImportedService, RecordError, service_from_hsds};
pub use lenient::NAMESPACE;
pub use vocab::{
    TAXONOMY_AREA, TAXONOMY_CATEGORY, TAXONOMY_DELIVERY_MODE, TAXONOMY_FIELD,
    TAXONOMY_MUNICIPALITY, TAXONOMY_ORGANIZATION_KIND, TAXONOMY_TARGET_GROUP,
};
