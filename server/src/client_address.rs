//! Who a request comes from. Behind a TLS proxy every request arrives from
//! the proxy, so per-address limits (the pages' rate limit, the sign-in
//! throttle) would put every client in one bucket: one attacker could lock
//! everyone out. `--trusted-proxies` names the proxies whose forwarding
//! header (`Forwarded`, else `X-Forwarded-For`) is believed: for a request
//! from one of them, the client is the last address in that header that is
//! not itself a trusted proxy (the one the nearest untrusted hop appended).
//! From anyone else the header is ignored, so it cannot be forged.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use reachguard_core::ClientAddress;

/// The proxies whose forwarding headers are believed; none unless set.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    /// `10.0.0.0/8,192.168.1.7` (an address alone is one host).
    pub fn parse(text: &str) -> Result<TrustedProxies, String> {
        let nets = text
            .split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("`{part}` is not an address or a CIDR block such as 10.0.0.0/8")
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies(Arc::new(nets)))
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client of a request that came from `socket` with `headers`.
    pub fn client(&self, socket: IpAddr, headers: &HeaderMap) -> IpAddr {
        let socket = socket.to_canonical();
        if !self.trusts(socket) {
            return socket;
        }
        let hops = forwarded_for(headers).or_else(|| x_forwarded_for(headers));
        let Some(hops) = hops else {
            return socket;
        };
        // From the nearest hop back: the first that is not a proxy of ours
        // is the client. A hop that cannot be read ends the walk: what lies
        // before it was written by someone we do not trust.
        let mut client = socket;
        for hop in hops.iter().rev() {
            match hop {
                Some(address) if self.trusts(*address) => client = *address,
                Some(address) => return *address,
                None => return client,
            }
        }
        client
    }
}

/// The addresses of `X-Forwarded-For`, oldest first (`None` for one that
/// is not an address); `None` when there is no such header.
fn x_forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let values: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str().unwrap_or(""))
        .collect();
    if values.is_empty() {
        return None;
    }
    Some(
        values
            .iter()
            .flat_map(|v| v.split(','))
            .map(|hop| read_address(hop.trim()))
            .collect(),
    )
}

/// The `for=` addresses of `Forwarded` (RFC 7239), oldest first.
fn forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let values: Vec<&str> = headers
        .get_all("forwarded")
        .iter()
        .map(|v| v.to_str().unwrap_or(""))
        .collect();
    if values.is_empty() {
        return None;
    }
    Some(
        values
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
                    .and_then(|(_, value)| read_address(value.trim().trim_matches('"')))
            })
            .collect(),
    )
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1` or `[2001:db8::1]:4711`.
fn read_address(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            text.strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .and_then(|t| t.parse().ok())
        })
        .map(|address: IpAddr| address.to_canonical())
}

/// Puts the request's [`ClientAddress`] in its extensions, for every layer
/// and handler after it.
pub async fn resolve(
    State(trusted): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(socket)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let client = trusted.client(socket.ip(), request.headers());
        request.extensions_mut().insert(ClientAddress(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        let forged = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(none.client(ip("198.51.100.1"), &forged), ip("198.51.100.1"));
    }

    #[test]
    fn from_anyone_else_a_forged_header_is_ignored() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let forged = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            trusted.client(ip("198.51.100.1"), &forged),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn from_a_trusted_proxy_the_client_is_the_last_untrusted_hop() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 192.168.1.7").unwrap();
        // The client forged a first hop; our proxies appended the rest.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.1.1.1")]);
        assert_eq!(trusted.client(ip("10.0.0.2"), &chain), ip("203.0.113.9"));
        let lines = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(trusted.client(ip("192.168.1.7"), &lines), ip("203.0.113.9"));
        // Only proxies in the chain: the farthest of them.
        let inside = headers(&[("x-forwarded-for", "10.9.9.9, 10.1.1.1")]);
        assert_eq!(trusted.client(ip("10.0.0.2"), &inside), ip("10.9.9.9"));
        // No header: the proxy itself.
        assert_eq!(
            trusted.client(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn forwarded_is_read_before_x_forwarded_for() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let both = headers(&[
            (
                "forwarded",
                "for=1.2.3.4, for=\"[2001:db8:cafe::17]:4711\";proto=https",
            ),
            ("x-forwarded-for", "198.51.100.5"),
        ]);
        assert_eq!(
            trusted.client(ip("10.0.0.2"), &both),
            ip("2001:db8:cafe::17")
        );
        let port = headers(&[("forwarded", "for=\"203.0.113.9:443\"")]);
        assert_eq!(trusted.client(ip("10.0.0.2"), &port), ip("203.0.113.9"));
    }

    #[test]
    fn an_unreadable_hop_ends_the_walk_at_the_proxy() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let garbage = headers(&[("x-forwarded-for", "203.0.113.9, unknown")]);
        assert_eq!(trusted.client(ip("10.0.0.2"), &garbage), ip("10.0.0.2"));
    }

    #[test]
    fn an_ipv4_mapped_address_is_its_ipv4_address() {
        let trusted = TrustedProxies::parse("127.0.0.1").unwrap();
        let chain = headers(&[("x-forwarded-for", "::ffff:203.0.113.9")]);
        assert_eq!(
            trusted.client(ip("::ffff:127.0.0.1"), &chain),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_bad_list_names_its_bad_entry() {
        assert!(
            TrustedProxies::parse("10.0.0.0/33")
                .unwrap_err()
                .contains("10.0.0.0/33")
        );
        assert!(TrustedProxies::parse("proxy.local").is_err());
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
    }
}
