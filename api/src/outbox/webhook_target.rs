//! Where a partner's webhook may point: an `https://` URL whose host resolves only to public
//! addresses, unless the operator named the host or its range in
//! `OKIENKO_WEBHOOK_ALLOW_HOSTS`. Checked when the URL is saved and again at every delivery,
//! on the addresses actually connected to (a name that later resolves to an inside address is
//! refused), and redirects are never followed.

use crate::domain::network::{AddressList, is_local_name, is_public};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use url::{Host, Url};

/// Longest wait for the name of a webhook being saved to resolve.
const LOOKUP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Why a webhook URL is refused (shown to the partner, so without internal detail).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("not an absolute URL")]
    Malformed,
    #[error("only https:// webhooks are allowed")]
    NotHttps,
    #[error("credentials in the URL are not allowed")]
    Credentials,
    #[error("the host is a local, private or reserved address")]
    NotPublic,
    #[error("the host name does not resolve")]
    Unresolvable,
}

/// The operator's exceptions, shared by the check on save and the delivery client.
#[derive(Debug, Clone, Default)]
pub struct WebhookPolicy {
    allow: Arc<AddressList>,
}

impl WebhookPolicy {
    /// A policy allowing, besides public https hosts, the listed hosts and ranges.
    pub fn new(allow: AddressList) -> Self {
        Self {
            allow: Arc::new(allow),
        }
    }

    /// The checks that need no DNS: scheme, credentials, literal addresses, local names.
    pub fn check_url(&self, raw: &str) -> Result<Url, Refusal> {
        let url = Url::parse(raw.trim()).map_err(|_| Refusal::Malformed)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refusal::Credentials);
        }
        let allowed = match url.host() {
            None => return Err(Refusal::Malformed),
            Some(Host::Domain(name)) => {
                if self.allow.has_host(name) {
                    true
                } else if is_local_name(name) {
                    return Err(Refusal::NotPublic);
                } else {
                    false
                }
            }
            Some(Host::Ipv4(ip)) => self.check_ip(IpAddr::V4(ip))?,
            Some(Host::Ipv6(ip)) => self.check_ip(IpAddr::V6(ip))?,
        };
        match url.scheme() {
            "https" => Ok(url),
            "http" if allowed => Ok(url),
            _ => Err(Refusal::NotHttps),
        }
    }

    /// [`Self::check_url`] plus resolving the host now: every address must be allowed.
    pub async fn check(&self, raw: &str) -> Result<Url, Refusal> {
        let url = self.check_url(raw)?;
        if let Some(Host::Domain(name)) = url.host()
            && !self.allow.has_host(name)
        {
            let port = url.port_or_known_default().unwrap_or(443);
            let lookup = tokio::net::lookup_host((name, port));
            let addrs: Vec<SocketAddr> = tokio::time::timeout(LOOKUP_TIMEOUT, lookup)
                .await
                .map_err(|_| Refusal::Unresolvable)?
                .map_err(|_| Refusal::Unresolvable)?
                .collect();
            if addrs.is_empty() {
                return Err(Refusal::Unresolvable);
            }
            for a in addrs {
                self.check_ip(a.ip())?;
            }
        }
        Ok(url)
    }

    /// `Ok(true)` when listed, `Ok(false)` when public, an error otherwise.
    fn check_ip(&self, ip: IpAddr) -> Result<bool, Refusal> {
        if self.allow.has_ip(ip) {
            Ok(true)
        } else if is_public(ip) {
            Ok(false)
        } else {
            Err(Refusal::NotPublic)
        }
    }

    /// The HTTP client for deliveries: resolves through this policy, never follows redirects
    /// and ignores proxy settings from the environment.
    pub fn client(&self, timeout: std::time::Duration) -> reqwest::Result<reqwest::Client> {
        reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(GuardedResolver {
                policy: self.clone(),
            })
            .build()
    }
}

/// Resolves host names and keeps only the addresses the policy allows, so that the address
/// connected to is the one checked.
struct GuardedResolver {
    policy: WebhookPolicy,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let listed = policy.allow.has_host(&host);
            if !listed && is_local_name(&host) {
                return Err(Box::new(Refusal::NotPublic) as _);
            }
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| listed || policy.check_ip(a.ip()).is_ok())
                .collect();
            if found.is_empty() {
                return Err(Box::new(Refusal::NotPublic) as _);
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(allow: &str) -> WebhookPolicy {
        WebhookPolicy::new(AddressList::parse(allow).expect("list"))
    }

    #[test]
    fn literal_and_encoded_inside_addresses_are_refused() {
        let p = policy("");
        for url in [
            "https://127.0.0.1/hook",
            "https://2130706433/hook",
            "https://0x7f.1/hook",
            "https://0177.0.0.1/hook",
            "https://017700000001/hook",
            "https://127.1/hook",
            "https://10.0.0.5/",
            "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[fd00::1]/",
            "https://[fe80::1]/",
            "https://[fec0::1]/",
            "https://localhost/",
            "https://LOCALHOST./",
            "https://foo.localhost/",
            "https://0.0.0.0/",
        ] {
            assert_eq!(p.check_url(url).err(), Some(Refusal::NotPublic), "{url}");
        }
    }

    #[test]
    fn only_https_and_no_credentials() {
        let p = policy("");
        assert_eq!(
            p.check_url("http://partner.example.pl/hook").err(),
            Some(Refusal::NotHttps)
        );
        assert_eq!(
            p.check_url("ftp://partner.example.pl/").err(),
            Some(Refusal::NotHttps)
        );
        assert_eq!(
            p.check_url("https://u:p@partner.example.pl/").err(),
            Some(Refusal::Credentials)
        );
        assert_eq!(p.check_url("not a url").err(), Some(Refusal::Malformed));
        assert!(p.check_url("https://partner.example.pl/hook").is_ok());
        assert!(p.check_url("https://8.8.8.8/hook").is_ok());
    }

    #[test]
    fn the_operator_may_allow_inside_receivers() {
        let p = policy("127.0.0.1, hooks.lan");
        assert!(p.check_url("http://127.0.0.1:8080/hook").is_ok());
        assert!(p.check_url("http://hooks.lan/x").is_ok());
        assert_eq!(
            p.check_url("http://127.0.0.2/").err(),
            Some(Refusal::NotPublic)
        );
    }

    #[tokio::test]
    async fn names_resolving_inside_are_refused_on_save_and_at_delivery() {
        let p = policy("");
        assert_eq!(
            p.check("https://localhost:9/").await.err(),
            Some(Refusal::NotPublic)
        );
        let resolved = GuardedResolver { policy: p }
            .resolve("localhost".parse().expect("name"))
            .await;
        assert!(resolved.is_err());
        let listed = GuardedResolver {
            policy: policy("localhost"),
        }
        .resolve("localhost".parse().expect("name"))
        .await;
        assert!(listed.is_ok());
    }
}
