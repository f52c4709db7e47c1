//! Extra care (contract section 7): a bank system puts it in place, changes
//! it or ends it for a customer; decisions then deny what it forbids with
//! `protected_customer`.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use reachguard_core::care::{self, CareAsked, CareError};
use reachguard_domain::{Actor, CareReason, FieldError, Protection};
use serde::{Deserialize, Serialize};

use super::auth::{Authorized, needs};
use super::customer_in_path;
use super::json::ApiJson;
use super::problem::Problem;
use crate::web::AppState;

/// Extra care as asked for.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = ProtectionRequest, example = json!({"reason": "financial_hardship", "until": "2027-03-01T00:00:00Z",
    "note": "lost job, asked for fewer calls", "actor": "system:collections"}))]
pub struct CareBody {
    reason: CareReason,
    /// After now, at most 366 days ahead.
    until: DateTime<Utc>,
    /// At most 500 characters.
    #[serde(default)]
    note: Option<String>,
    /// `staff:<username>` or `system:<name>`: who asked for it.
    #[schema(example = "system:collections")]
    actor: String,
}

/// Extra care as kept: from `since` until `until`.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ProtectionAnswer)]
pub struct CareAnswer {
    #[serde(flatten)]
    protection: Protection,
    note: Option<String>,
}

/// `staff:<username>` or `system:<name>`: a customer does not put
/// themselves under extra care.
fn who(actor: &str) -> Result<Actor, Problem> {
    match actor.parse::<Actor>() {
        Ok(Actor::Customer) => Err(Problem::field(
            "actor",
            "extra care is set by staff or a bank system: staff:<username> or system:<name>",
        )),
        Ok(actor) => Ok(actor),
        Err(e) => Err(Problem::field("actor", e.to_string())),
    }
}

impl From<CareError> for Problem {
    fn from(error: CareError) -> Problem {
        match error {
            CareError::NotFound(id) => {
                Problem::not_found(format!("no customer has the number `{id}`"))
            }
            CareError::Invalid(errors) => Problem::invalid(errors),
            CareError::Storage(error) => error.into(),
        }
    }
}

/// Put extra care in place for a customer, or change it (a change keeps
/// its `since`).
#[utoipa::path(put, path = "/customers/{customer_id}/protection", operation_id = "put_protection", tag = "customers", request_body = CareBody,
    params(("customer_id" = String, Path, description = "1 to 64 of A-Z a-z 0-9 _ -", pattern = "^[A-Za-z0-9_-]{1,64}$")),
    responses((status = 200, body = CareAnswer), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["protection.write"])))]
pub async fn put(
    State(state): State<AppState>,
    Authorized(_client, _): Authorized<needs::ProtectionWrite>,
    path: Result<Path<String>, PathRejection>,
    ApiJson(body): ApiJson<CareBody>,
) -> Result<Json<CareAnswer>, Problem> {
    let id = customer_in_path(path)?;
    let actor = who(&body.actor)?;
    let asked = CareAsked {
        reason: body.reason,
        until: body.until,
        note: body.note,
    };
    let kept = care::put(&state.services, &id, asked, &actor).await?;
    Ok(Json(CareAnswer {
        protection: kept.protection,
        note: kept.note,
    }))
}

/// End a customer's extra care now: 204, also when none was in force.
#[utoipa::path(delete, path = "/customers/{customer_id}/protection", operation_id = "end_protection", tag = "customers",
    params(("customer_id" = String, Path, description = "1 to 64 of A-Z a-z 0-9 _ -", pattern = "^[A-Za-z0-9_-]{1,64}$")),
    responses((status = 204, description = "extra care is not in force now"), (status = 404, body = Problem)),
    security(("api_key" = ["protection.write"])))]
pub async fn end(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::ProtectionWrite>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, Problem> {
    let id = customer_in_path(path)?;
    let actor = Actor::system(&client.name)
        .map_err(|e| Problem::invalid(vec![FieldError::new("actor", e.to_string())]))?;
    care::end(&state.services, &id, &actor).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
