//! The client's IP address, for rate limiting and the audit log. Behind a
//! reverse proxy the peer is the proxy: `X-Forwarded-For` is believed only
//! when the peer is one of the configured trusted proxies.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub IpAddr);

pub fn client_address_from(peer: IpAddr, forwarded_for: Option<&str>, trusted_proxies: &[IpAddr]) -> IpAddr {
    if !trusted_proxies.contains(&peer) {
        return peer;
    }
    // The last address not added by one of our proxies is the client.
    forwarded_for
        .into_iter()
        .flat_map(|header| header.split(','))
        .rev()
        .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
        .find(|address| !trusted_proxies.contains(address))
        .unwrap_or(peer)
}

/// The client of a request whose connection info axum recorded.
pub fn client_address_of(parts: &Parts, trusted_proxies: &[IpAddr]) -> IpAddr {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(address)| address.ip()).unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let forwarded = parts.headers.get("x-forwarded-for").and_then(|value| value.to_str().ok());
    client_address_from(peer, forwarded, trusted_proxies)
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(client_address_of(parts, &state.config.trusted_proxies)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let client: IpAddr = "203.0.113.7".parse().unwrap();
        let stranger: IpAddr = "198.51.100.9".parse().unwrap();
        assert_eq!(client_address_from(stranger, Some("203.0.113.7"), &[proxy]), stranger);
        assert_eq!(client_address_from(proxy, Some("1.2.3.4, 203.0.113.7"), &[proxy]), client);
        assert_eq!(client_address_from(proxy, None, &[proxy]), proxy);
    }
}
