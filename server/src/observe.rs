//! Every request gets an id (the caller's `X-Request-Id` if it sent a sane
//! one, else a new UUID), echoed on the response and carried by every log
//! line written while it is served; and its latency goes to `/metrics`.
//!
//! Logs name the route template, never the path asked: paths hold customer
//! numbers, and logs must not hold personal data.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::metrics::Metrics;

pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// A caller's id is kept if it is 1 to 64 of `A-Z a-z 0-9 . _ -`: enough
/// for a UUID or a trace id, and nothing that could forge a log line.
fn callers_id(request: &Request) -> Option<String> {
    request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|id| {
            (1..=64).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        })
        .map(str::to_owned)
}

/// The method as a label: the ones HTTP defines, else `other`. A client may
/// send any token as a method, and each label would be a new series kept
/// for ever.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

pub async fn observe(State(metrics): State<Metrics>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = callers_id(&request).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    // Assets and unknown paths are served by the fallback, which matches
    // no route.
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_owned();
    let method = method_label(request.method());
    let span = tracing::info_span!("request", id = %id, method, %route);
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status();
    let took = started.elapsed();
    metrics.observe_request(&route, method, status.as_u16(), took);
    span.in_scope(|| {
        if status.is_server_error() {
            tracing::warn!(
                status = status.as_u16(),
                ms = took.as_millis(),
                "answered with an error"
            );
        } else {
            tracing::debug!(status = status.as_u16(), ms = took.as_millis(), "answered");
        }
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID.clone(), value);
    }
    response
}
