//! The lookup API (contract section 4): JSON over HTTP under `/api/v1`, for
//! bank systems. Every error is problem+json.

mod attempts;
mod auth;
mod care;
mod changes;
mod customers;
mod decision_request;
mod decisions;
mod dnc;
mod inbound;
mod json;
mod links;
mod openapi;
mod preferences;
mod problem;
mod stream;

pub use auth::{Client, Scope};
pub use decision_request::RawRequest;
pub use problem::Problem;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::rejection::PathRejection;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use reachguard_domain::CustomerId;

use crate::web::AppState;

/// Most bodies are one small JSON document.
const BODY_LIMIT: usize = 256 * 1024;
/// 10,000 decision requests of a few hundred bytes each.
const BATCH_BODY_LIMIT: usize = 16 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/decisions", post(decisions::one))
        .route(
            "/decisions/batch",
            post(decisions::batch).layer(DefaultBodyLimit::max(BATCH_BODY_LIMIT)),
        )
        // Any number of lines, read as they come: no body limit.
        .route(
            "/decisions/stream",
            post(stream::stream).layer(DefaultBodyLimit::disable()),
        )
        .route("/decisions/{decision_id}", get(decisions::kept))
        .route("/contact-attempts", post(attempts::record))
        .route("/customers/{customer_id}", put(customers::put))
        .route(
            "/customers/{customer_id}/preferences",
            get(preferences::get).put(preferences::put),
        )
        .route("/changes", get(changes::list))
        .route("/inbound-messages", post(inbound::receive))
        .route("/preference-links", post(links::make))
        .route(
            "/customers/{customer_id}/protection",
            put(care::put).delete(care::end),
        )
        .route(
            "/national-dnc",
            // Read as a stream, with its own limit (the body limit applies
            // to bodies read whole).
            put(dnc::replace),
        )
        .route("/openapi.json", get(openapi::document))
        .fallback(|| async { Problem::not_found("no such API route; see /api/v1/openapi.json") })
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method not allowed",
                "this route does not take that method",
            )
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
}

/// Readable docs at `/api/docs`: Swagger UI, its files from a crate, reading
/// the document this server serves.
pub fn docs() -> utoipa_swagger_ui::SwaggerUi {
    utoipa_swagger_ui::SwaggerUi::new("/api/docs")
        .config(utoipa_swagger_ui::Config::from("/api/v1/openapi.json"))
}

/// The language of reason messages: the request's `Accept-Language`
/// (`zh-CN` or `en`), English when it names neither.
fn reason_language(headers: &axum::http::HeaderMap) -> reachguard_domain::Language {
    let header = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    reachguard_domain::Language::from_accept_language(header, reachguard_domain::Language::En)
}

/// Free text from outside (names, systems, actors) may not carry control
/// characters (PostgreSQL refuses NUL outright, and the others hide what a
/// log shows), nor bidi controls and invisible characters, which would make
/// it read differently on a staff page from what it holds.
pub(crate) fn is_printable(text: &str) -> bool {
    reachguard_core::text::is_clean(text, false)
}

/// The customer number in a path, or a problem naming it.
fn customer_in_path(
    path: Result<axum::extract::Path<String>, PathRejection>,
) -> Result<CustomerId, Problem> {
    let axum::extract::Path(raw) =
        path.map_err(|e| Problem::field("customer_id", e.body_text()))?;
    CustomerId::parse(&raw).map_err(|e| Problem::field("customer_id", e.to_string()))
}
