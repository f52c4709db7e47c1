//! A JSON body extractor whose every rejection is a problem naming the
//! field, instead of axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::problem::Problem;

pub struct ApiJson<T>(pub T);

/// Bodies larger than this are parsed on a blocking thread.
const OFF_THE_ASYNC_THREADS: usize = 64 * 1024;

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send + 'static,
{
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime.eq_ignore_ascii_case("application/json") || mime.ends_with("+json")
            });
        if !is_json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                "send the body as JSON with Content-Type: application/json",
            ));
        }
        let body = read_body(request, state).await?;
        // A batch of 10,000 takes milliseconds to parse: off the async
        // workers, as its judging is.
        if body.len() > OFF_THE_ASYNC_THREADS {
            tokio::task::spawn_blocking(move || parse(&body))
                .await
                .map_err(Problem::internal)?
                .map(ApiJson)
        } else {
            parse(&body).map(ApiJson)
        }
    }
}

/// The body, or 413 when it is larger than the route allows.
pub async fn read_body<S: Send + Sync>(request: Request, state: &S) -> Result<Bytes, Problem> {
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Problem::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Body too large",
                    rejection.body_text(),
                )
            } else {
                Problem::bad_request(rejection.body_text())
            }
        })
}

/// Parses JSON, naming the path of the first thing that is wrong
/// (`requests[3].channel`).
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut *deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            Problem::bad_request(format!("the body is not valid JSON: {inner}"))
        } else if path == "." {
            Problem::field("body", strip_position(&inner.to_string()))
        } else {
            Problem::field(path, strip_position(&inner.to_string()))
        }
    })?;
    // Nothing but white space may follow the value: `{...}{...}` or
    // `{...}garbage` is not one JSON body.
    deserializer
        .end()
        .map_err(|_| Problem::bad_request("the body has bytes after its JSON value"))?;
    Ok(value)
}

/// serde_json appends " at line 1 column 42", which means nothing to the
/// person reading a field error.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}
