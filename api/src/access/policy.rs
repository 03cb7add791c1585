//! The one authorization table: every endpoint, who may call it, and which records the
//! handler further limits the caller to. The middleware enforces the roles; a route missing
//! here is refused (and the generated test in `tests/e2e/access.rs` fails).

use super::Role;

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without an account.
    Public,
    /// Accounts with one of these roles.
    Roles(&'static [Role]),
}

/// Which records of the endpoint the handler limits an allowed caller to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// No per-record limit.
    Any,
    /// The caller's own account or session.
    Own,
    /// Records of the caller's tenant (admins: every tenant; liaisons: their organization).
    Tenant,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// HTTP method.
    pub method: &'static str,
    /// The route pattern as registered (`/api/v1/services/{id}`).
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    /// Which records.
    pub scope: Scope,
}

use Access::{Public, Roles};
use Role::{Admin, Coordinator, FrontDesk, Liaison};
use Scope::{Any, Own, Tenant};

const STAFF: &[Role] = &[Admin, Coordinator, FrontDesk, Liaison];
const EDITORS: &[Role] = &[Admin, Coordinator, Liaison];
const COORDINATORS: &[Role] = &[Admin, Coordinator];
const OFFICE: &[Role] = &[Admin, Coordinator, FrontDesk];
const LIAISONS: &[Role] = &[Liaison];

const fn rule(method: &'static str, path: &'static str, access: Access, scope: Scope) -> Rule {
    Rule {
        method,
        path,
        access,
        scope,
    }
}

/// Every endpoint × role decision of okienko.
pub const RULES: &[Rule] = &[
    // Health and the public directory.
    rule("GET", "/health", Public, Any),
    rule("GET", "/ready", Public, Any),
    rule("GET", "/api/v1/services", Public, Any),
    rule("GET", "/api/v1/services/{id}", Public, Any),
    rule("GET", "/api/v1/organizations", Public, Any),
    rule("GET", "/api/v1/organizations/{id}", Public, Any),
    rule("GET", "/api/v1/categories", Public, Any),
    rule("GET", "/api/v1/municipalities", Public, Any),
    rule("GET", "/api/v1/bundles", Public, Any),
    rule("GET", "/api/v1/search", Public, Any),
    rule("GET", "/api/v1/suggest", Public, Any),
    rule("GET", "/api/v1/needs", Public, Any),
    rule("PUT", "/api/v1/needs", Roles(COORDINATORS), Any),
    rule("GET", "/hsds/services", Public, Any),
    rule("GET", "/hsds/services/{id}", Public, Any),
    // Sessions.
    rule("POST", "/api/v1/auth/login", Public, Any),
    rule("POST", "/api/v1/auth/refresh", Public, Own),
    rule("POST", "/api/v1/auth/logout", Public, Own),
    rule("GET", "/api/v1/auth/me", Roles(STAFF), Own),
    rule("POST", "/api/v1/auth/password", Roles(STAFF), Own),
    // Partners' self-service and its review.
    rule("POST", "/api/v1/services", Roles(EDITORS), Tenant),
    rule("PATCH", "/api/v1/services/{id}", Roles(EDITORS), Tenant),
    rule("DELETE", "/api/v1/services/{id}", Roles(EDITORS), Tenant),
    rule(
        "POST",
        "/api/v1/services/{id}/verify",
        Roles(EDITORS),
        Tenant,
    ),
    rule("GET", "/api/v1/services/{id}/history", Roles(STAFF), Tenant),
    rule(
        "PATCH",
        "/api/v1/organizations/{id}",
        Roles(EDITORS),
        Tenant,
    ),
    rule(
        "GET",
        "/api/v1/organizations/{id}/history",
        Roles(STAFF),
        Tenant,
    ),
    rule("GET", "/api/v1/drafts", Roles(EDITORS), Tenant),
    rule(
        "POST",
        "/api/v1/drafts/{id}/approve",
        Roles(COORDINATORS),
        Tenant,
    ),
    rule(
        "POST",
        "/api/v1/drafts/{id}/reject",
        Roles(COORDINATORS),
        Tenant,
    ),
    rule(
        "GET",
        "/api/v1/reports/stale-services",
        Roles(COORDINATORS),
        Tenant,
    ),
    rule("GET", "/api/v1/tenant", Roles(STAFF), Own),
    rule("PATCH", "/api/v1/tenant", Roles(COORDINATORS), Own),
    // Referrals: residents and municipal sites, with no account.
    rule("POST", "/api/v1/referrals", Public, Any),
    rule("GET", "/api/v1/referrals/track/{code}", Public, Own),
    rule("POST", "/api/v1/referrals/track/{code}/cancel", Public, Own),
    rule(
        "POST",
        "/api/v1/referrals/track/{code}/withdraw-consent",
        Public,
        Own,
    ),
    rule("GET", "/r/{token}", Public, Own),
    rule("POST", "/r/{token}", Public, Own),
    // Referrals: staff and liaisons.
    rule("GET", "/api/v1/referrals", Roles(STAFF), Tenant),
    rule("GET", "/api/v1/referrals/{id}", Roles(STAFF), Tenant),
    rule(
        "POST",
        "/api/v1/referrals/{id}/transitions",
        Roles(STAFF),
        Tenant,
    ),
    rule(
        "POST",
        "/api/v1/referrals/{id}/reroute",
        Roles(OFFICE),
        Tenant,
    ),
    rule("GET", "/api/v1/cases/{id}", Roles(OFFICE), Tenant),
    rule(
        "GET",
        "/api/v1/cases/{id}/audit",
        Roles(COORDINATORS),
        Tenant,
    ),
    rule(
        "POST",
        "/api/v1/organizations/{id}/absences",
        Roles(EDITORS),
        Tenant,
    ),
    rule(
        "PUT",
        "/api/v1/organizations/{id}/referral-settings",
        Roles(EDITORS),
        Tenant,
    ),
    rule(
        "PUT",
        "/api/v1/services/{id}/referral-settings",
        Roles(EDITORS),
        Tenant,
    ),
    rule(
        "GET",
        "/api/v1/reports/referrals",
        Roles(COORDINATORS),
        Tenant,
    ),
    // The enquiry log: the office counts contacts, coordinators read the report.
    rule("POST", "/api/v1/enquiries", Roles(OFFICE), Tenant),
    rule(
        "GET",
        "/api/v1/reports/enquiries",
        Roles(COORDINATORS),
        Tenant,
    ),
    // The embeddable search and the documentation.
    rule("GET", "/embed", Public, Any),
    rule("GET", "/embed/services/{id}", Public, Any),
    rule("POST", "/embed/services/{id}/request", Public, Any),
    rule("GET", "/embed/track", Public, Any),
    rule("POST", "/embed/track", Public, Any),
    rule("GET", "/embed/okienko.js", Public, Any),
    rule("GET", "/embed/assets/{file}", Public, Any),
    rule("GET", "/docs", Public, Any),
    rule("GET", "/docs/{_:.*}", Public, Any),
    rule("GET", "/api-docs/openapi.json", Public, Any),
    // Installation.
    rule("POST", "/api/v1/import/hsds", Roles(COORDINATORS), Any),
    // The staff panel (HTML; a session cookie or a bearer token).
    rule("GET", "/panel/login", Public, Any),
    rule("POST", "/panel/login", Public, Any),
    rule("POST", "/panel/logout", Roles(STAFF), Own),
    rule("GET", "/panel/password", Roles(STAFF), Own),
    rule("POST", "/panel/password", Roles(STAFF), Own),
    rule("GET", "/panel/password/forgot", Public, Any),
    rule("POST", "/panel/password/forgot", Public, Any),
    rule("GET", "/panel/password/reset", Public, Any),
    rule("POST", "/panel/password/reset", Public, Any),
    rule("GET", "/panel", Roles(STAFF), Tenant),
    rule("POST", "/panel/enquiries", Roles(OFFICE), Tenant),
    // Offers are public: any staff member may open any card and refer to it, as anyone may
    // through the API.
    rule("GET", "/panel/services/{id}", Roles(STAFF), Any),
    rule("POST", "/panel/services/{id}/refer", Roles(STAFF), Any),
    // A liaison's own offers: confirm in one click, edit (held for approval where required).
    rule("GET", "/panel/services", Roles(LIAISONS), Own),
    rule(
        "POST",
        "/panel/services/{id}/verify",
        Roles(LIAISONS),
        Tenant,
    ),
    rule("GET", "/panel/services/{id}/edit", Roles(LIAISONS), Tenant),
    rule("POST", "/panel/services/{id}/edit", Roles(LIAISONS), Tenant),
    rule("GET", "/panel/referrals", Roles(STAFF), Tenant),
    rule("GET", "/panel/referrals/{id}", Roles(STAFF), Tenant),
    rule("POST", "/panel/referrals/{id}/status", Roles(STAFF), Tenant),
    rule("POST", "/panel/referrals/{id}/notes", Roles(STAFF), Tenant),
    rule(
        "POST",
        "/panel/referrals/{id}/reroute",
        Roles(OFFICE),
        Tenant,
    ),
    rule("GET", "/panel/referrals/{id}/slip", Roles(STAFF), Tenant),
    rule("GET", "/panel/assets/{file}", Public, Any),
];

/// Routes that are not API operations and so are not in the OpenAPI document: static assets,
/// the documentation itself and the staff panel's pages.
pub const UNDOCUMENTED: &[&str] = &[
    "/panel/login",
    "/panel/logout",
    "/panel/password",
    "/panel/password/forgot",
    "/panel/password/reset",
    "/panel",
    "/panel/enquiries",
    "/panel/services",
    "/panel/services/{id}/verify",
    "/panel/services/{id}/edit",
    "/panel/services/{id}",
    "/panel/services/{id}/refer",
    "/panel/referrals",
    "/panel/referrals/{id}",
    "/panel/referrals/{id}/status",
    "/panel/referrals/{id}/notes",
    "/panel/referrals/{id}/reroute",
    "/panel/referrals/{id}/slip",
    "/panel/assets/{file}",
    "/docs",
    "/embed/okienko.js",
    "/embed/assets/{file}",
    "/docs/{_:.*}",
    "/api-docs/openapi.json",
];

/// The rule for a method and route pattern.
pub fn lookup(method: &str, path: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.method == method && r.path == path)
}

impl Access {
    /// Whether an account of this role (or no account, `None`) may call.
    pub fn allows(self, role: Option<Role>) -> bool {
        match self {
            Public => true,
            Roles(roles) => role.is_some_and(|r| roles.contains(&r)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_endpoint_is_listed_twice() {
        for (i, a) in RULES.iter().enumerate() {
            assert!(
                RULES[i + 1..]
                    .iter()
                    .all(|b| (a.method, a.path) != (b.method, b.path)),
                "{} {} twice",
                a.method,
                a.path
            );
        }
    }

    #[test]
    fn writes_need_an_account() {
        for r in RULES {
            let without_account = r.path.starts_with("/api/v1/auth/")
                || r.path.starts_with("/api/v1/referrals/track/")
                || r.path.starts_with("/r/")
                || r.path.starts_with("/embed/")
                || r.path == "/panel/login"
                || r.path.starts_with("/panel/password/")
                || r.path == "/api/v1/referrals";
            if r.method != "GET" && !without_account {
                assert!(!r.access.allows(None), "{} {} is public", r.method, r.path);
            }
        }
        assert!(lookup("GET", "/api/v1/search").is_some_and(|r| r.access.allows(None)));
        assert!(!Roles(COORDINATORS).allows(Some(Liaison)));
    }
}
