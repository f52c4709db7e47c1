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

/// The one field RFC 8058 posts, as a URL-encoded form.
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
    let content_type = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if !is_one_click(content_type, &body) {
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

/// Whether the body is RFC 8058's one field: URL-encoded, as the page's
/// button and most providers send it, or `multipart/form-data`, which the
/// RFC recommends.
fn is_one_click(content_type: Option<&str>, body: &[u8]) -> bool {
    let Ok(body) = std::str::from_utf8(body) else {
        return false;
    };
    let multipart = content_type.is_some_and(|t| {
        t.trim_start()
            .to_ascii_lowercase()
            .starts_with("multipart/form-data")
    });
    if !multipart {
        return body.split('&').any(|field| field.trim() == ONE_CLICK);
    }
    let boundary = content_type.and_then(|t| {
        t.split(';')
            .filter_map(|p| p.trim().split_once('='))
            .find(|(name, _)| name.eq_ignore_ascii_case("boundary"))
            .map(|(_, value)| value.trim_matches('"'))
    });
    match boundary {
        None => false,
        Some(boundary) => body.split(&format!("--{boundary}")).any(|part| {
            let Some((head, value)) = part.split_once("\r\n\r\n") else {
                return false;
            };
            head.lines().any(|line| {
                let line = line.to_ascii_lowercase();
                line.starts_with("content-disposition:")
                    && line.contains("name=\"list-unsubscribe\"")
            }) && value.trim_end_matches("\r\n").trim() == "One-Click"
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_click_field_is_read_from_a_form_or_multipart() {
        assert!(is_one_click(None, b"List-Unsubscribe=One-Click"));
        assert!(is_one_click(
            Some("application/x-www-form-urlencoded"),
            b"a=b&List-Unsubscribe=One-Click"
        ));
        let multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n";
        assert!(is_one_click(
            Some("multipart/form-data; boundary=XyZ"),
            multipart.as_bytes()
        ));
        assert!(is_one_click(
            Some("Multipart/Form-Data; boundary=\"XyZ\""),
            multipart.as_bytes()
        ));
        for (content_type, body) in [
            (None, "List-Unsubscribe=No"),
            (None, "unsubscribe=yes"),
            (
                Some("multipart/form-data; boundary=XyZ"),
                "--XyZ\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nOne-Click\r\n--XyZ--",
            ),
            (Some("multipart/form-data"), "List-Unsubscribe=One-Click"),
        ] {
            assert!(!is_one_click(content_type, body.as_bytes()), "{body}");
        }
    }
}
