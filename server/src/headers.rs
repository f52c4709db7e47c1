//! Security headers on every response.
//!
//! Pages set their own Content-Security-Policy as they render, with the
//! nonce Leptos puts on its hydration script (`reachguard_app::shell`);
//! everything else the server answers (the API's JSON, assets, the audit
//! CSV) is never a document that should run anything, so it gets a policy
//! that allows nothing.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// For responses that are not pages: nothing loads, nothing frames them.
const NOTHING: &str = "default-src 'none'; frame-ancestors 'none'";
/// Swagger UI (`/api/docs`) is a third-party page: its own files only, and
/// the inline style attributes its scripts set.
const API_DOCS: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
     object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
/// Two years, the HSTS preload list's minimum.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Whether the site is served over HTTPS (then browsers are told to use
/// nothing else).
#[derive(Clone, Copy, Debug)]
pub struct OverHttps(pub bool);

pub async fn security_headers(
    State(OverHttps(https)): State<OverHttps>,
    request: Request,
    next: Next,
) -> Response {
    let docs = request.uri().path().starts_with("/api/docs");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if docs { API_DOCS } else { NOTHING };
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(policy),
        );
    }
    let fixed: [(HeaderName, &'static str); 3] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        // Not `no-referrer`: with it, browsers send `Origin: null` on a
        // page's own form posts, which the same-origin check refuses. Page
        // addresses hold customer numbers, so no other site sees them.
        (header::REFERRER_POLICY, "same-origin"),
        // For browsers older than `frame-ancestors`.
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}
