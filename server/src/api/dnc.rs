//! `PUT /national-dnc`: replace the national do-not-call list.

use std::collections::HashSet;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use reachguard_domain::FieldError;
use serde::Serialize;

use super::auth::{Authorized, needs};
use super::json::read_body;
use super::problem::Problem;
use crate::web::AppState;

/// How many bad lines a refusal lists before it stops counting aloud.
const LINES_SHOWN: usize = 20;

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

/// The distinct numbers of the list, or its bad lines. A first line that is
/// a column heading (`phone`) is skipped. Numbers are checked for E.164 form
/// only: the list comes from the regulator, and checking a million numbers
/// against every numbering plan would take minutes.
fn parse_list(text: &str) -> Result<Vec<String>, Vec<FieldError>> {
    let mut seen = HashSet::new();
    let mut numbers = Vec::new();
    let mut errors = Vec::new();
    let mut bad_lines = 0;
    for (i, line) in text.lines().enumerate() {
        let number = line.trim().trim_matches('"');
        if number.is_empty()
            || (i == 0 && number.chars().all(|c| c.is_ascii_alphabetic() || c == '_'))
        {
            continue;
        }
        let digits = number.strip_prefix('+').unwrap_or("");
        let e164 = (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if !e164 {
            bad_lines += 1;
            if errors.len() < LINES_SHOWN {
                errors.push(FieldError::new(
                    format!("line {}", i + 1),
                    format!(
                        "`{}` is not an E.164 number",
                        number.chars().take(40).collect::<String>()
                    ),
                ));
            }
        } else if seen.insert(number) {
            numbers.push(number.to_owned());
        }
    }
    if bad_lines > LINES_SHOWN {
        errors.push(FieldError::new(
            "body",
            format!("{bad_lines} lines in all are not E.164 numbers"),
        ));
    }
    if errors.is_empty() {
        Ok(numbers)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_with_a_heading_blank_lines_and_repeats_gives_distinct_numbers() {
        let numbers =
            parse_list("phone\n+8613800138000\r\n\n+12125551234\n+8613800138000\n").unwrap();
        assert_eq!(numbers, ["+8613800138000", "+12125551234"]);
    }

    #[test]
    fn bad_lines_are_named_by_number() {
        let errors = parse_list("+8613800138000\n13800138000\n+86abc\n").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["line 2", "line 3"]);
    }
}
