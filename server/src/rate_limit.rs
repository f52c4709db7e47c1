//! Rate limits: per API key, and per client address for everything not made
//! with a verified key (pages, sign-in, and API requests whose key is
//! missing, wrong or not yet verified).
//!
//! An unverified key is charged to its address *before* the database is
//! asked about it, so a flood of made-up keys costs the database at most the
//! address's rate. Limits are per server (a GCRA in memory, from the
//! `governor` crate): with several servers behind a balancer a client's
//! allowance is this figure on each.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// The limiters of one server; cloned per request (two `Arc`s).
#[derive(Clone, Debug, Default)]
pub struct RateLimits {
    per_key: Option<Arc<DefaultKeyedRateLimiter<String>>>,
    per_address: Option<Arc<DefaultKeyedRateLimiter<IpAddr>>>,
}

/// A request over its limit, and how long until the next would pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OverLimit {
    pub retry_after: Duration,
}

impl OverLimit {
    /// Whole seconds for `Retry-After`, rounded up and at least one.
    pub fn retry_after_seconds(&self) -> u64 {
        self.retry_after.as_secs_f64().ceil().max(1.0) as u64
    }
}

impl RateLimits {
    /// Requests a second per key and per address, each with a burst of one
    /// second's worth; 0 sets no limit.
    pub fn new(per_key: u32, per_address: u32) -> RateLimits {
        fn limiter<K: std::hash::Hash + Eq + Clone>(
            per_second: u32,
        ) -> Option<Arc<DefaultKeyedRateLimiter<K>>> {
            NonZeroU32::new(per_second)
                .map(|n| Arc::new(RateLimiter::keyed(Quota::per_second(n).allow_burst(n))))
        }
        RateLimits {
            per_key: limiter(per_key),
            per_address: limiter(per_address),
        }
    }

    /// Charges one request to the API client named `client`.
    pub fn charge_key(&self, client: &str) -> Result<(), OverLimit> {
        match &self.per_key {
            Some(limiter) => check(limiter, &client.to_owned()),
            None => Ok(()),
        }
    }

    /// Charges one request to an address (an IPv6 one by its /64); requests
    /// without one (not from a socket, as in tests through the router) are
    /// not limited.
    pub fn charge_address(&self, address: Option<IpAddr>) -> Result<(), OverLimit> {
        match (&self.per_address, address) {
            (Some(limiter), Some(address)) => {
                check(limiter, &reachguard_core::signin::address_key(address))
            }
            _ => Ok(()),
        }
    }

    /// Forgets keys and addresses whose allowance is full again, so that the
    /// maps hold only recent callers; run every minute.
    pub fn forget_idle(&self) {
        if let Some(limiter) = &self.per_key {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        if let Some(limiter) = &self.per_address {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// Starts the minutely clean-up.
    pub fn forget_idle_every_minute(&self) {
        let limits = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                limits.forget_idle();
            }
        });
    }
}

fn check<K: std::hash::Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> Result<(), OverLimit> {
    limiter.check_key(key).map_err(|not_until| OverLimit {
        retry_after: not_until.wait_time_from(DefaultClock::default().now()),
    })
}

/// The address a request came from, when it came over a socket: the
/// client a trusted proxy names, else the socket's.
pub fn peer_address(extensions: &axum::http::Extensions) -> Option<IpAddr> {
    extensions
        .get::<reachguard_core::ClientAddress>()
        .map(|client| client.0)
        .or_else(|| {
            extensions
                .get::<ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip())
        })
}

/// The pages' limit, per address: 429 with `Retry-After` and a short
/// message in both languages.
pub async fn limit_pages(
    State(limits): State<RateLimits>,
    request: Request,
    next: Next,
) -> Response {
    match limits.charge_address(peer_address(request.extensions())) {
        Ok(()) => next.run(request).await,
        Err(over) => {
            let seconds = over.retry_after_seconds();
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "请求过于频繁，请 {seconds} 秒后再试。\nToo many requests from your address: try again in {seconds} s.\n"
                ),
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_burst_then_waits_and_others_are_not_charged() {
        let limits = RateLimits::new(3, 0);
        for _ in 0..3 {
            assert_eq!(limits.charge_key("dialer"), Ok(()));
        }
        let over = limits.charge_key("dialer").unwrap_err();
        assert!(over.retry_after <= Duration::from_millis(334), "{over:?}");
        assert_eq!(over.retry_after_seconds(), 1);
        assert_eq!(limits.charge_key("sms-gateway"), Ok(()));
        // No address limit was set.
        for _ in 0..100 {
            assert_eq!(limits.charge_address(Some([10, 0, 0, 1].into())), Ok(()));
        }
    }

    #[test]
    fn an_address_gets_its_burst_and_requests_without_one_are_not_limited() {
        let limits = RateLimits::new(0, 2);
        let address = Some(IpAddr::from([192, 0, 2, 7]));
        assert_eq!(limits.charge_address(address), Ok(()));
        assert_eq!(limits.charge_address(address), Ok(()));
        assert!(limits.charge_address(address).is_err());
        assert_eq!(limits.charge_address(Some([192, 0, 2, 8].into())), Ok(()));
        assert_eq!(limits.charge_address(None), Ok(()));
        assert_eq!(limits.charge_key("anyone"), Ok(()));
        limits.forget_idle();
    }

    #[test]
    fn an_ipv6_host_is_limited_by_its_64_not_address_by_address() {
        let limits = RateLimits::new(0, 2);
        let host = |last: u16| Some(IpAddr::from([0x2001, 0xdb8, 0, 7, 0, 0, 0, last]));
        assert_eq!(limits.charge_address(host(1)), Ok(()));
        assert_eq!(limits.charge_address(host(2)), Ok(()));
        assert!(limits.charge_address(host(3)).is_err(), "same /64");
        let other = Some(IpAddr::from([0x2001, 0xdb8, 0, 8, 0, 0, 0, 1]));
        assert_eq!(limits.charge_address(other), Ok(()));
    }
}
