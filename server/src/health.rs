//! `/healthz`: is this server up, does its database answer, and are
//! decisions answered from memory (the read model current) or from the
//! database (loading, behind, or off)?

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::web::AppState;

/// A load balancer must not wait on a stuck database for long.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// 200 when the database answers, 503 when it does not, with the same body
/// shape either way so that monitors can read it. A read model still
/// loading or behind is not a failure: decisions are read from the
/// database meanwhile, only more slowly.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let db = &state.services.db;
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
        "read_model": state.services.read_model.status(),
    });
    (status, Json(body))
}
