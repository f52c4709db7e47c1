//! `PUT /national-dnc`: replace the national do-not-call list.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use reachguard_core::national_list::{ListRefused, read_list};
use reachguard_domain::FieldError;
use serde::Serialize;

use super::auth::{Authorized, needs};
use super::json::read_body;
use super::problem::Problem;
use crate::web::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct DncReplaced {
    /// Distinct numbers now on the list.
    numbers: usize,
}

/// Replace the national do-not-call list; the swap is atomic.
#[utoipa::path(put, path = "/national-dnc", tag = "national do-not-call list",
    request_body(content = String, content_type = "text/csv",
                 description = "one E.164 number a line; a first line `phone` is skipped"),
    responses((status = 200, body = DncReplaced), (status = 413, body = Problem),
              (status = 415, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["dnc.write"])))]
pub async fn replace(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::DncWrite>,
    request: Request,
) -> Result<Json<DncReplaced>, Problem> {
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
    let body = read_body(request, &state).await?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| Problem::bad_request("the list is not UTF-8 text"))?;
    let numbers = parse_list(text).map_err(Problem::invalid)?;
    state
        .services
        .db
        .replace_national_dnc(&numbers, &client.actor())
        .await?;
    Ok(Json(DncReplaced {
        numbers: numbers.len(),
    }))
}

/// The list's numbers, or its bad lines as problem fields.
fn parse_list(text: &str) -> Result<Vec<String>, Vec<FieldError>> {
    read_list(text).map_err(|refused| match refused {
        ListRefused::Empty => vec![FieldError::new(
            "body",
            "the list has no numbers; an empty file would empty the list",
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
    })
}
