//! One-click unsubscribe (contract section 9, RFC 8058): `POST
//! /u/<token>` with the form body `List-Unsubscribe=One-Click`, sent by a
//! mail provider's unsubscribe button or by the page's own button, takes
//! the link's channel away from its purpose and answers 200 with the page
//! that says so; again, it changes nothing more and answers the same.
//! `GET /u/<token>` is the Leptos page and changes nothing.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;
use reachguard_core::links::LinkError;

use crate::web::AppState;

/// The one field RFC 8058 posts.
const ONE_CLICK: &str = "List-Unsubscribe=One-Click";
/// A one-click body is a single short field.
const BODY_LIMIT: usize = 1024;

pub async fn one_click(
    State(state): State<AppState>,
    Path(token): Path<String>,
    request: Request,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.").into_response();
    };
    let one_click = std::str::from_utf8(&body)
        .is_ok_and(|form| form.split('&').any(|field| field.trim() == ONE_CLICK));
    if !one_click {
        return (
            StatusCode::BAD_REQUEST,
            "Send List-Unsubscribe=One-Click as the form body (RFC 8058).",
        )
            .into_response();
    }
    match state.services.unsubscribe(&token).await {
        // Unknown and expired links are answered by the page, with its
        // status, as a GET of them is.
        Ok(_) | Err(LinkError::Unknown | LinkError::Expired | LinkError::NoCustomer(_)) => {}
        Err(error) => {
            tracing::error!(%error, "a one-click unsubscribe failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "This cannot be done right now; please try again shortly.",
            )
                .into_response();
        }
    }
    // The page as a GET shows it now: unsubscribed.
    parts.method = Method::GET;
    let services = state.services.clone();
    let options = state.leptos_options.clone();
    // Rendered whole, as the route is, so that its status is the page's.
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(services.clone());
        },
        move || reachguard_app::shell(options.clone()),
    );
    render(Request::from_parts(parts, Body::empty())).await
}
