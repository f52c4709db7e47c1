//! The OpenAPI document, generated from the handlers and wire types.

use std::sync::LazyLock;

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{attempts, changes, customers, decisions, dnc, preferences};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Reachguard lookup API",
        version = "1",
        description = "Ask before contacting a customer; record what you did. Every error is \
                       application/problem+json (RFC 9457) naming the bad field."
    ),
    servers((url = "/api/v1")),
    paths(
        decisions::one,
        decisions::batch,
        decisions::kept,
        attempts::record,
        customers::put,
        preferences::get,
        preferences::put,
        changes::list,
        dnc::replace,
    ),
    modifiers(&BearerKeys),
)]
pub struct ApiDoc;

/// API keys travel as `Authorization: Bearer <key>`.
struct BearerKeys;

impl Modify for BearerKeys {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(DOCUMENT.clone())
}
