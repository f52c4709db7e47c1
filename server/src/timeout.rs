//! The deadline on a whole request.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The national list's uploads stream a large file (from a branch's network,
/// or the regulator's), bounded by its size: no deadline.
const NO_DEADLINE: [&str; 3] = [
    "/staff/national-list/upload",
    "/api/v1/national-dnc",
    "/staff/campaign-list/check",
];

/// Answers 408 if the request (reading its body included) is not answered
/// within `deadline`: a client that sends its body slowly holds a
/// connection and a worker, and must not hold them for ever.
pub async fn answer_within(
    State(deadline): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    if NO_DEADLINE.contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let api = request.uri().path().starts_with("/api/");
    match tokio::time::timeout(deadline, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let detail = format!(
                "the request was not completed within {} s",
                deadline.as_secs()
            );
            if api {
                crate::api::Problem::new(StatusCode::REQUEST_TIMEOUT, "Request timeout", detail)
                    .into_response()
            } else {
                (StatusCode::REQUEST_TIMEOUT, detail).into_response()
            }
        }
    }
}
