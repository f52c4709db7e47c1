//! `GET /changes`: preference changes in order, for systems that keep a copy.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use chrono::DateTime;
use reachguard_domain::FieldError;
use reachguard_domain::{Preferences, Source};
use serde::Serialize;

use super::auth::{Authorized, needs};
use super::problem::Problem;
use crate::web::AppState;

const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1_000;

#[derive(Serialize, utoipa::ToSchema)]
pub struct ChangesPage {
    changes: Vec<ChangeBody>,
    /// Ask with `after` set to this for the next page.
    next_after: i64,
}

/// One preference change, with the document after it.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Change)]
pub struct ChangeBody {
    seq: i64,
    customer_id: String,
    version: i64,
    actor: String,
    #[schema(value_type = Source)]
    source: String,
    /// The API client that sent the change, when it came through the API
    /// (the actor is who it was made for or by: `staff:wang`, `customer`).
    api_client: Option<String>,
    changed_at: Option<DateTime<chrono::Utc>>,
    preferences: Preferences,
}

/// Preference changes in order, for systems that keep a copy.
#[utoipa::path(get, path = "/changes", operation_id = "list_changes", tag = "preferences",
    params(("after" = Option<i64>, Query, description = "the last seq seen; 0 for the start"),
           ("limit" = Option<i64>, Query, description = "1 to 1000, default 100")),
    responses((status = 200, body = ChangesPage), (status = 422, body = Problem)),
    security(("api_key" = ["changes.read"])))]
pub async fn list(
    State(state): State<AppState>,
    _: Authorized<needs::ChangesRead>,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ChangesPage>, Problem> {
    let Query(params) = query.map_err(|e| Problem::bad_request(e.body_text()))?;
    let mut errors = Vec::new();
    let mut number = |name: &str, default: i64, range: std::ops::RangeInclusive<i64>| -> i64 {
        match params.get(name).map(|v| v.parse::<i64>()) {
            None => default,
            Some(Ok(n)) if range.contains(&n) => n,
            _ => {
                errors.push(FieldError::new(
                    name,
                    format!(
                        "use a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                ));
                default
            }
        }
    };
    let after = number("after", 0, 0..=i64::MAX);
    let limit = number("limit", DEFAULT_LIMIT, 1..=MAX_LIMIT);
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    let changes = state.services.db.changes(after, limit).await?;
    let next_after = changes.last().map_or(after, |c| c.seq);
    let changes = changes
        .into_iter()
        .map(|c| ChangeBody {
            seq: c.seq,
            customer_id: c.customer_id,
            version: c.version,
            actor: c.actor,
            source: c.source,
            api_client: c.api_client,
            changed_at: DateTime::from_timestamp(c.changed_at, 0),
            preferences: c.preferences,
        })
        .collect();
    Ok(Json(ChangesPage {
        changes,
        next_after,
    }))
}
