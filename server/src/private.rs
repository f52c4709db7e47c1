//! What the pages of one person (a borrower's, a member of staff's, those a
//! link opens) and their server functions answer by, besides their own
//! checks: never kept in a cache, errors with the status they deserve, and
//! sessions that end a fixed time after sign-in.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use reachguard_core::sessions::{SIGNED_IN_AT, outlived};
use reachguard_core::signin::BorrowerSession;
use reachguard_core::staff::StaffSession;

/// Paths whose answers hold one person's data.
fn is_private(path: &str) -> bool {
    path == "/my"
        || ["/my/", "/staff", "/p/", "/u/", "/api/"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
}

/// A server function's path (the borrowers' under `/api/`, the lookup
/// API aside; the staff's under `/staff/api/`).
fn is_server_function(path: &str) -> bool {
    (path.starts_with("/api/") && !path.starts_with("/api/v1/") && !path.starts_with("/api/docs"))
        || path.starts_with("/staff/api/")
}

/// `Cache-Control: no-store` on every private answer, so that a shared
/// branch computer, or a proxy, keeps no customer's page after sign-out.
pub async fn no_store(request: Request, next: Next) -> Response {
    let private = is_private(request.uri().path());
    let mut response = next.run(request).await;
    if private {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The most of a failed server function's answer read to tell why it
/// failed.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// A server function's error answers with the status it deserves, not the
/// 500 Leptos gives every error: 400 for arguments it cannot read, 401
/// signed out, 403 not for this role, 429 a quota reached.
pub async fn server_function_errors(request: Request, next: Next) -> Response {
    if !is_server_function(request.uri().path()) {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ERROR_BODY_LIMIT).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // Every page server function fails with a `PageError`, sent as JSON;
    // it says its own status (401, 403, 429, 400 for what cannot be read).
    if let Ok(error) = serde_json::from_slice::<reachguard_app::error::PageError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// How long a session lasts after sign-in, however busy.
#[derive(Clone, Copy, Debug)]
pub struct SessionLifetimes {
    pub borrower: Duration,
    pub staff: Duration,
}

impl Default for SessionLifetimes {
    fn default() -> Self {
        SessionLifetimes {
            borrower: Duration::from_secs(12 * 3600),
            staff: Duration::from_secs(8 * 3600),
        }
    }
}

/// Ends a borrower's or staff session that has outlived its lifetime since
/// sign-in: the request then goes on signed out (to sign in again).
pub async fn session_lifetime(
    State(lifetimes): State<SessionLifetimes>,
    mut request: Request,
    next: Next,
) -> Response {
    let now = chrono::Utc::now().timestamp();
    if let Some(mut session) = request.extensions().get::<BorrowerSession>().cloned()
        && session.user.is_some()
    {
        let at = session
            .session
            .get::<i64>(SIGNED_IN_AT)
            .await
            .ok()
            .flatten();
        if outlived(at, lifetimes.borrower, now) {
            if let Err(error) = session.logout().await {
                tracing::warn!(%error, "cannot end a borrower's session");
            }
            request.extensions_mut().insert(session);
        }
    }
    if let Some(mut session) = request.extensions().get::<StaffSession>().cloned()
        && session.user.is_some()
    {
        let at = session
            .session
            .get::<i64>(SIGNED_IN_AT)
            .await
            .ok()
            .flatten();
        if outlived(at, lifetimes.staff, now) {
            if let Err(error) = session.logout().await {
                tracing::warn!(%error, "cannot end a staff session");
            }
            request.extensions_mut().insert(session);
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_paths_and_server_functions_are_told_apart() {
        for path in [
            "/my",
            "/my/contacts",
            "/staff",
            "/staff/keys",
            "/p/abc",
            "/u/abc",
            "/api/contacts",
        ] {
            assert!(is_private(path), "{path}");
        }
        for path in ["/", "/signin", "/mystery", "/pkg/reachguard.js", "/healthz"] {
            assert!(!is_private(path), "{path}");
        }
        assert!(is_server_function("/api/contacts"));
        assert!(is_server_function("/staff/api/keys"));
        assert!(!is_server_function("/api/v1/decisions"));
        assert!(!is_server_function("/staff/keys"));
    }
}
