//! Network addresses: which ones are public (okienko may call them), and the operator's lists
//! of hosts and address ranges (`OKIENKO_WEBHOOK_ALLOW_HOSTS`, `OKIENKO_TRUSTED_PROXIES`).

use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The client address of a request, as the request middleware resolved it (the peer, or
/// the address trusted proxies name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// Whether `ip` is a public unicast address: not loopback, private (RFC 1918), carrier-grade
/// NAT, link-local (cloud metadata endpoints), unique- or site-local, multicast, documentation
/// or reserved; IPv4 addresses inside IPv6 (mapped, compatible, NAT64, 6to4) are judged as IPv4.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b))
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 192 && b == 0 && (c == 0 || c == 2))
        || (a == 192 && b == 88 && c == 99)
        || (a == 198 && (b == 18 || b == 19))
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
        || a >= 224)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let embedded_v4 = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    // IPv4-compatible (::a.b.c.d, deprecated) and the unspecified and loopback addresses.
    if s[..6].iter().all(|&x| x == 0) {
        return ip.segments()[6] != 0 && is_public_v4(embedded_v4(s[6], s[7]));
    }
    // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6].iter().all(|&x| x == 0) {
        return is_public_v4(embedded_v4(s[6], s[7]));
    }
    // 6to4 (2002::/16) carries one in bits 16..48.
    if s[0] == 0x2002 {
        return is_public_v4(embedded_v4(s[1], s[2]));
    }
    // Only global unicast (2000::/3) is public; of it, Teredo (2001::/32), ORCHID and
    // benchmarking (2001:2::/48, 2001:10::/28, 2001:20::/28) and documentation (2001:db8::/32,
    // 3fff::/20) are not.
    let global = (s[0] & 0xe000) == 0x2000;
    let teredo = s[0] == 0x2001 && s[1] == 0;
    let special = s[0] == 0x2001 && (s[1] == 2 || (0x10..0x30).contains(&s[1]));
    let documentation = (s[0] == 0x2001 && s[1] == 0xdb8) || (s[0] & 0xfff0) == 0x3ff0;
    global && !teredo && !special && !documentation
}

/// Host names that always mean this machine.
pub fn is_local_name(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "localhost.localdomain"
        || host.ends_with(".internal")
        || host.ends_with(".local")
}

/// A list of host names and address ranges from a comma-separated setting
/// (`receiver.example.pl, 10.0.0.0/8, 127.0.0.1`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressList {
    hosts: Vec<String>,
    nets: Vec<IpNet>,
}

impl AddressList {
    /// Parses the setting; an entry that is neither an address, a range nor a host name is an
    /// error naming it.
    pub fn parse(setting: &str) -> Result<Self, String> {
        let mut list = Self::default();
        for entry in setting.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if let Ok(net) = entry.parse::<IpNet>() {
                list.nets.push(net);
            } else if let Ok(ip) = entry.trim_matches(['[', ']']).parse::<IpAddr>() {
                list.nets.push(IpNet::from(ip));
            } else if entry
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            {
                list.hosts
                    .push(entry.trim_end_matches('.').to_ascii_lowercase());
            } else {
                return Err(format!(
                    "{entry:?} is not a host name, an address or a range"
                ));
            }
        }
        Ok(list)
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.hosts.is_empty() && self.nets.is_empty()
    }

    /// Whether the host name is listed (exactly, ignoring case and a final dot).
    pub fn has_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.hosts.contains(&host)
    }

    /// Whether the address is in a listed range; IPv4-mapped IPv6 addresses count as IPv4.
    pub fn has_ip(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.nets.iter().any(|n| n.contains(&ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn ipv4_table() {
        let refused = [
            "0.0.0.0",
            "127.0.0.1",
            "127.1.2.3",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "192.0.0.1",
            "192.0.2.10",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
        ];
        for a in refused {
            assert!(!is_public(ip(a)), "{a} must not be public");
        }
        for a in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "193.0.0.1",
        ] {
            assert!(is_public(ip(a)), "{a} is public");
        }
    }

    #[test]
    fn ipv6_table() {
        let refused = [
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::7f00:1",
            "2002:7f00:1::",
            "2002:c0a8:101::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "2001::1",
            "100::1",
            "3fff::1",
        ];
        for a in refused {
            assert!(!is_public(ip(a)), "{a} must not be public");
        }
        for a in [
            "2a00:1450:4001:81d::200e",
            "2001:4860:4860::8888",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(is_public(ip(a)), "{a} is public");
        }
    }

    #[test]
    fn local_names() {
        for h in [
            "localhost",
            "LOCALHOST.",
            "api.localhost",
            "metadata.google.internal",
            "printer.local",
        ] {
            assert!(is_local_name(h), "{h}");
        }
        assert!(!is_local_name("localhost.example.pl"));
    }

    #[test]
    fn address_lists() {
        let list =
            AddressList::parse(" receiver.example.pl, 10.0.0.0/8 ,127.0.0.1,[::1]").expect("list");
        assert!(list.has_host("Receiver.Example.PL."));
        assert!(!list.has_host("example.pl"));
        assert!(list.has_ip(ip("10.20.30.40")));
        assert!(list.has_ip(ip("127.0.0.1")));
        assert!(list.has_ip(ip("::ffff:127.0.0.1")));
        assert!(list.has_ip(ip("::1")));
        assert!(!list.has_ip(ip("127.0.0.2")));
        assert!(AddressList::parse("").expect("empty").is_empty());
        assert!(AddressList::parse("http://x").is_err());
    }
}
