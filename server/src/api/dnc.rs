//! `PUT /national-dnc`: replace the national do-not-call list.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::{StatusCode, header};
use reachguard_core::national_list::{ListRefused, ReplaceError};
use reachguard_domain::FieldError;
use serde::Serialize;

use super::auth::{Authorized, needs};
use super::problem::Problem;
use crate::national_list::{BodyFailure, Emptying, UPLOAD_LIMIT, read_upload};
use crate::web::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct DncReplaced {
    /// Distinct numbers now on the list.
    numbers: usize,
}

/// Replace the national do-not-call list. The file is read as it arrives
/// and loaded beside the list in force, which decisions use until the new
/// one is swapped in whole; a file with any bad line changes nothing.
#[utoipa::path(put, path = "/national-dnc", operation_id = "replace_national_list", tag = "national do-not-call list",
    params(("empty" = Option<bool>, Query,
            description = "true when a file without numbers is meant to empty the list")),
    request_body(content = String, content_type = "text/csv",
                 description = "one E.164 number a line; a first line `phone` is skipped"),
    responses((status = 200, body = DncReplaced), (status = 413, body = Problem),
              (status = 415, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["dnc.write"])))]
pub async fn replace(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::DncWrite>,
    emptying: Result<Query<Emptying>, QueryRejection>,
    request: Request,
) -> Result<Json<DncReplaced>, Problem> {
    let Query(emptying) = emptying.map_err(|_| Problem::field("empty", "use true or false"))?;
    let is_csv = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("text/csv"))
        });
    if !is_csv {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            "send the list as text/csv, one E.164 number a line",
        ));
    }
    let replacement = read_upload(&state.services.db, request.into_body(), |_| {})
        .await
        .map_err(|failure| match failure {
            BodyFailure::TooLarge => Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Body too large",
                format!(
                    "a national list is at most {} MiB",
                    UPLOAD_LIMIT / (1024 * 1024)
                ),
            ),
            BodyFailure::Broken => Problem::bad_request("the body did not arrive whole"),
            BodyFailure::Storage(error) => Problem::internal(error),
        })?;
    let numbers = replacement
        .finish(&client.actor(), emptying.empty)
        .await
        .map_err(|error| match error {
            ReplaceError::Refused(refused) => Problem::invalid(refusal_fields(refused)),
            ReplaceError::Storage(error) => Problem::internal(error),
        })?;
    Ok(Json(DncReplaced {
        numbers: usize::try_from(numbers).unwrap_or(usize::MAX),
    }))
}

/// Why a list was refused, as problem fields.
fn refusal_fields(refused: ListRefused) -> Vec<FieldError> {
    match refused {
        ListRefused::Empty => vec![FieldError::new(
            "body",
            "the list has no numbers; to empty the list, send it with ?empty=true",
        )],
        ListRefused::BadLines { shown, total } => {
            let mut errors: Vec<FieldError> = shown
                .into_iter()
                .map(|bad| {
                    FieldError::new(
                        format!("line {}", bad.line),
                        format!("`{}` is not an E.164 number", bad.text),
                    )
                })
                .collect();
            if total > errors.len() {
                errors.push(FieldError::new(
                    "body",
                    format!("{total} lines in all are not E.164 numbers"),
                ));
            }
            errors
        }
    }
}
