//! `GET /changes`: preference changes in order, for systems that keep a copy.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use chrono::DateTime;
use reachguard_domain::FieldError;
use serde_json::{Value, json};

use super::auth::{Authorized, needs};
use super::problem::Problem;
use crate::web::AppState;

const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1_000;

pub async fn list(
    State(state): State<AppState>,
    _: Authorized<needs::ChangesRead>,
    query: Result<Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Value>, Problem> {
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
    let changes = state.db.changes(after, limit).await?;
    let next_after = changes.last().map_or(after, |c| c.seq);
    let changes: Vec<Value> = changes
        .into_iter()
        .map(|c| {
            json!({
                "seq": c.seq,
                "customer_id": c.customer_id,
                "version": c.version,
                "actor": c.actor,
                "source": c.source,
                "changed_at": DateTime::from_timestamp(c.changed_at, 0),
                "preferences": c.preferences,
            })
        })
        .collect();
    Ok(Json(
        json!({ "changes": changes, "next_after": next_after }),
    ))
}
