//! The OpenAPI document, generated from the handlers and wire types.

use std::sync::LazyLock;

use axum::Json;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{Object, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response};
use utoipa::{Modify, OpenApi};

use super::{
    attempts, care, changes, customers, decisions, dnc, inbound, links, preferences, stream,
};

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
        stream::stream,
        decisions::kept,
        attempts::record,
        customers::put,
        preferences::get,
        preferences::put,
        changes::list,
        dnc::replace,
        inbound::receive,
        links::make,
        care::put,
        care::end,
    ),
    modifiers(&BearerKeys, &Problems),
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

/// Every error is `application/problem+json`, every operation lists every
/// status it can answer, and every response has the description OpenAPI
/// requires. Statuses that follow from how a route is reached (its key, its
/// body, the server's limits) are added here once, rather than repeated on
/// each handler.
struct Problems;

impl Modify for Problems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                let mut statuses = vec![408, 503];
                if operation.security.is_some() {
                    statuses.extend([401, 403, 429]);
                }
                if operation.request_body.is_some() {
                    statuses.extend([400, 413, 415, 422]);
                }
                // A path or query parameter that is not what it should be
                // is named as a field.
                if operation.parameters.as_ref().is_some_and(|p| !p.is_empty()) {
                    statuses.push(422);
                }
                let responses = &mut operation.responses.responses;
                for status in statuses {
                    responses
                        .entry(status.to_string())
                        .or_insert_with(|| RefOr::T(Response::new("")));
                }
                for (status, response) in responses.iter_mut() {
                    if let RefOr::T(response) = response {
                        describe(status, response);
                    }
                }
            }
        }
    }
}

/// Fills in a response's description, and for an error its problem body
/// and the headers that come with it.
fn describe(status: &str, response: &mut Response) {
    let code: u16 = status.parse().unwrap_or(0);
    if response.description.is_empty() {
        response.description = axum::http::StatusCode::from_u16(code)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Answer")
            .to_owned();
    }
    if code < 400 {
        return;
    }
    response.content.shift_remove("application/json");
    response.content.insert(
        PROBLEM_JSON.to_owned(),
        RefOr::T(Content::new(Some(RefOr::Ref(Ref::from_schema_name(
            "Problem",
        ))))),
    );
    let header = |description: &str| {
        RefOr::T(
            HeaderBuilder::new()
                .schema(Some(Object::with_type(Type::String)))
                .description(Some(description))
                .build(),
        )
    };
    match code {
        401 => {
            response.headers.insert(
                "WWW-Authenticate".into(),
                header("Bearer realm=\"reachguard\": send the key as a bearer token"),
            );
        }
        429 => {
            response.headers.insert(
                "Retry-After".into(),
                header("whole seconds until a request would pass"),
            );
        }
        _ => {}
    }
}

const PROBLEM_JSON: &str = "application/problem+json";

static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(ApiDoc::openapi);

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(DOCUMENT.clone())
}
