//! `/healthz`: is this server up, and does its database answer?

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use reachguard_storage::Database;
use serde_json::{Value, json};

/// A load balancer must not wait on a stuck database for long.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// 200 when the database answers, 503 when it does not, with the same body
/// shape either way so that monitors can read it.
pub async fn healthz(State(db): State<Database>) -> (StatusCode, Json<Value>) {
    let answers = matches!(
        tokio::time::timeout(PING_TIMEOUT, db.ping()).await,
        Ok(Ok(()))
    );
    let status = if answers {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "status": if answers { "ok" } else { "unavailable" },
        "database": { "backend": db.backend(), "answers": answers },
    });
    (status, Json(body))
}
