//! Decisions, one or a batch, and kept decisions.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use reachguard_storage::KeptDecision;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::auth::{Authorized, Client, needs};
use super::json::ApiJson;
use super::problem::Problem;
use crate::decider::{Answer, RawRequest, Request, decide_all};
use crate::web::AppState;

/// The contract's batch limit.
pub const MAX_BATCH: usize = 10_000;

/// One decision.
#[utoipa::path(post, path = "/decisions", tag = "decisions", request_body = RawRequest,
    responses((status = 200, body = Answer), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["decisions"])))]
pub async fn one(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::Decisions>,
    ApiJson(raw): ApiJson<RawRequest>,
) -> Result<Json<Answer>, Problem> {
    let policy = state.policy.current(&state.db).await?;
    let request = raw
        .check(&policy, Utc::now(), "")
        .map_err(Problem::invalid)?;
    let mut answers = decide_all(&state.db, &policy, std::slice::from_ref(&request)).await?;
    let answer = answers.pop().expect("one answer per request");
    keep(&state, &client, &request, &answer);
    Ok(Json(answer))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = DecisionBatch)]
pub struct Batch {
    /// Up to 10,000 requests.
    #[schema(value_type = Vec<RawRequest>)]
    requests: Vec<RawRequest>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = DecisionBatchAnswer)]
pub struct BatchAnswer {
    /// One answer per request, in the same order.
    #[schema(value_type = Vec<Answer>)]
    results: Vec<Answer>,
}

/// Up to 10,000 decisions, answered in order.
#[utoipa::path(post, path = "/decisions/batch", tag = "decisions", request_body = Batch,
    responses((status = 200, body = BatchAnswer), (status = 401, body = Problem), (status = 403, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["decisions"])))]
pub async fn batch(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::Decisions>,
    ApiJson(batch): ApiJson<Batch>,
) -> Result<Json<BatchAnswer>, Problem> {
    if batch.requests.len() > MAX_BATCH {
        return Err(Problem::field(
            "requests",
            format!(
                "{} requests: a batch holds at most {MAX_BATCH}",
                batch.requests.len()
            ),
        ));
    }
    let policy = state.policy.current(&state.db).await?;
    let now = Utc::now();
    let mut errors = Vec::new();
    let mut requests = Vec::with_capacity(batch.requests.len());
    for (i, raw) in batch.requests.into_iter().enumerate() {
        match raw.check(&policy, now, &format!("requests[{i}].")) {
            Ok(request) => requests.push(request),
            Err(mut wrong) => errors.append(&mut wrong),
        }
    }
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    let results = decide_all(&state.db, &policy, &requests).await?;
    for (request, answer) in requests.iter().zip(&results) {
        keep(&state, &client, request, answer);
    }
    Ok(Json(BatchAnswer { results }))
}

fn keep(state: &AppState, client: &Client, request: &Request, answer: &Answer) {
    state.decision_log.keep(KeptDecision {
        decision_id: answer.decision_id.clone(),
        decided_at: Utc::now().timestamp(),
        client: client.name.clone(),
        customer_id: answer.customer_id.clone(),
        allowed: answer.decision.allowed,
        request: serde_json::to_string(&RawRequest {
            at: Some(request.question.at),
            ..request.raw.clone()
        })
        .expect("requests serialize"),
        answer: serde_json::to_string(answer).expect("answers serialize"),
    });
}

/// A kept decision: what was asked and what was answered.
#[utoipa::path(get, path = "/decisions/{decision_id}", tag = "decisions",
    params(("decision_id" = String, Path)),
    responses((status = 200, body = KeptDecisionBody), (status = 404, body = Problem)),
    security(("api_key" = ["decisions"])))]
pub async fn kept(
    State(state): State<AppState>,
    _: Authorized<needs::Decisions>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<KeptDecisionBody>, Problem> {
    let Path(decision_id) = path.map_err(|e| Problem::field("decision_id", e.body_text()))?;
    // Ids are UUIDs; anything else names no decision and need not be looked up.
    if decision_id.len() > 64
        || !decision_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(Problem::not_found(format!(
            "no decision has the id `{}`",
            decision_id.escape_debug()
        )));
    }
    let kept = match state.decision_log.pending(&decision_id) {
        Some(kept) => Some(kept),
        None => state.db.kept_decision(&decision_id).await?,
    };
    let kept =
        kept.ok_or_else(|| Problem::not_found(format!("no decision has the id `{decision_id}`")))?;
    let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
    Ok(Json(KeptDecisionBody {
        decision_id: kept.decision_id,
        decided_at: DateTime::from_timestamp(kept.decided_at, 0),
        client: kept.client,
        customer_id: kept.customer_id,
        request: parse(&kept.request),
        answer: parse(&kept.answer),
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = KeptDecision)]
pub struct KeptDecisionBody {
    decision_id: String,
    decided_at: Option<DateTime<Utc>>,
    /// The API client that asked.
    client: String,
    customer_id: Option<String>,
    /// The request as asked, with `at` filled in.
    #[schema(value_type = RawRequest)]
    request: Value,
    /// The answer as given.
    #[schema(value_type = Answer)]
    answer: Value,
}
