//! The client's address: the connection's peer, or, when the peer is one of the operator's
//! trusted reverse proxies (`OKIENKO_TRUSTED_PROXIES`), the address the proxies name in
//! `Forwarded` or `X-Forwarded-For`. Rate limits are keyed by it and the log shows it.

use crate::domain::network::AddressList;
pub use crate::domain::network::ClientAddr;
use actix_web::http::header::HeaderMap;
use actix_web::{HttpMessage, HttpRequest};
use std::net::{IpAddr, SocketAddr};

/// The client address of a request, when known.
pub fn client_addr(req: &HttpRequest) -> Option<IpAddr> {
    req.extensions().get::<ClientAddr>().map(|c| c.0)
}

/// Who the client is: the peer unless it is a trusted proxy; then the right-most address of
/// the forwarding chain that is not itself a trusted proxy.
pub fn resolve(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &AddressList) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.has_ip(peer) {
        return Some(peer);
    }
    let chain = forwarded_chain(headers);
    let mut client = peer;
    for hop in chain.iter().rev() {
        match hop {
            Some(ip) if trusted.has_ip(*ip) => client = *ip,
            Some(ip) => return Some(*ip),
            // An address the proxies could not name ("unknown", obfuscated): stop here.
            None => return Some(client),
        }
    }
    Some(client)
}

/// The `for=` addresses of `Forwarded`, else the entries of `X-Forwarded-For`, in order.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<Option<IpAddr>> = headers
        .get_all("forwarded")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|element| {
            element.split(';').find_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("for")
                    .then(|| parse_node(value))
            })
        })
        .collect();
    if !forwarded.is_empty() {
        return forwarded;
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(parse_node)
        .collect()
}

/// `192.0.2.1`, `"192.0.2.1:8080"`, `"[2001:db8::1]:4711"`, `2001:db8::1`.
fn parse_node(raw: &str) -> Option<IpAddr> {
    let node = raw.trim().trim_matches('"');
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(addr) = node.parse::<SocketAddr>() {
        return Some(addr.ip());
    }
    node.trim_start_matches('[')
        .split(']')
        .next()
        .and_then(|s| s.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn headers_count_only_from_trusted_proxies() {
        let trusted = AddressList::parse("10.0.0.0/8").expect("list");
        let spoofed = headers(&[("x-forwarded-for", "1.2.3.4")]);
        assert_eq!(
            resolve(Some(ip("203.0.113.7")), &spoofed, &trusted),
            Some(ip("203.0.113.7"))
        );
        assert_eq!(
            resolve(Some(ip("10.0.0.2")), &spoofed, &trusted),
            Some(ip("1.2.3.4"))
        );
        assert_eq!(
            resolve(Some(ip("10.0.0.2")), &spoofed, &AddressList::default()),
            Some(ip("10.0.0.2"))
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let trusted = AddressList::parse("10.0.0.0/8").expect("list");
        let chain = headers(&[("x-forwarded-for", "6.6.6.6, 5.5.5.5, 10.0.0.9")]);
        assert_eq!(
            resolve(Some(ip("10.0.0.2")), &chain, &trusted),
            Some(ip("5.5.5.5"))
        );
        let forwarded = headers(&[(
            "forwarded",
            "for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https, for=10.1.1.1",
        )]);
        assert_eq!(
            resolve(Some(ip("10.0.0.2")), &forwarded, &trusted),
            Some(ip("2001:db8:cafe::17"))
        );
        let unknown = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(
            resolve(Some(ip("10.0.0.2")), &unknown, &trusted),
            Some(ip("10.0.0.2"))
        );
        assert_eq!(resolve(None, &chain, &trusted), None);
    }
}
