//! The authorization table matched against a request: with the router's own pattern
//! matcher, so that the table and the routes can never read a path differently.

use crate::access::policy::{RULES, Rule};
use actix_web::dev::ResourceDef;

/// What the table says of a request's method and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Routing {
    /// Every rule whose pattern matches the path with this method (`HEAD` as `GET`); the
    /// caller must satisfy all of them, whichever handler the router then picks.
    Rules(Vec<&'static Rule>),
    /// The path is known but not with this method: the methods it has.
    WrongMethod(Vec<&'static str>),
    /// No rule matches the path.
    Unknown,
}

/// Decides from the request's method and concrete path, never from a path prefix: a path
/// that two patterns match (`/api/v1/referrals/track/reroute`) is held to both rules.
pub fn route(method: &str, path: &str) -> Routing {
    static PATTERNS: std::sync::OnceLock<Vec<(ResourceDef, &'static Rule)>> =
        std::sync::OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        RULES
            .iter()
            .map(|r| (ResourceDef::new(r.path), r))
            .collect()
    });
    let method = if method == "HEAD" { "GET" } else { method };
    let matching: Vec<&'static Rule> = patterns
        .iter()
        .filter(|(def, _)| def.is_match(path))
        .map(|(_, r)| *r)
        .collect();
    if matching.is_empty() {
        return Routing::Unknown;
    }
    let same_method: Vec<&'static Rule> = matching
        .iter()
        .copied()
        .filter(|r| r.method == method)
        .collect();
    if !same_method.is_empty() {
        return Routing::Rules(same_method);
    }
    let mut methods: Vec<&'static str> = Vec::new();
    for r in &matching {
        for m in std::iter::once(r.method).chain((r.method == "GET").then_some("HEAD")) {
            if !methods.contains(&m) {
                methods.push(m);
            }
        }
    }
    Routing::WrongMethod(methods)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role::Liaison;

    #[test]
    fn overlapping_paths_are_held_to_every_matching_rule() {
        let Routing::Rules(rules) = route("POST", "/api/v1/referrals/track/reroute") else {
            panic!("a known route");
        };
        assert!(
            rules
                .iter()
                .any(|r| r.path == "/api/v1/referrals/{id}/reroute")
        );
        assert!(!rules.iter().all(|r| r.access.allows(Some(Liaison))));
        let Routing::Rules(rules) = route("HEAD", "/api/v1/services") else {
            panic!("HEAD is GET");
        };
        assert_eq!(rules[0].path, "/api/v1/services");
        assert_eq!(
            route("PUT", "/api/v1/services"),
            Routing::WrongMethod(vec!["GET", "HEAD", "POST"])
        );
        assert_eq!(route("GET", "/no/such/thing"), Routing::Unknown);
        assert_eq!(route("GET", "/api/v1/services/x/y/z"), Routing::Unknown);
    }
}
