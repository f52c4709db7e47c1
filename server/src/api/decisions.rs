//! Decisions, one or a batch, kept decisions, and contact attempts.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use reachguard_domain::{CustomerId, FieldError, Outcome};
use reachguard_storage::{KeptDecision, NewAttempt};
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct AttemptRecorded {
    attempt_id: String,
    customer_id: String,
    /// Whether the rules allowed the attempt at its instant.
    allowed: bool,
    made_against_policy: bool,
    /// Why it was not allowed, if it was not.
    reasons: Vec<reachguard_domain::Reason>,
    policy: String,
}

/// A contact a bank system made or tried.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = ContactAttempt)]
pub struct AttemptBody {
    customer_id: String,
    channel: String,
    purpose: String,
    #[serde(default)]
    at: Option<DateTime<Utc>>,
    outcome: String,
    #[serde(default)]
    system: Option<String>,
    #[serde(default)]
    decision_id: Option<String>,
}

/// Clocks of bank systems drift; an attempt further ahead than this is a
/// mistake, not a contact.
const FUTURE_TOLERANCE: Duration = Duration::minutes(5);

/// Record a contact attempt; one not allowed at its instant is still
/// recorded, marked as made against policy.
#[utoipa::path(post, path = "/contact-attempts", tag = "contact attempts", request_body = AttemptBody,
    responses((status = 201, body = AttemptRecorded), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["contacts.write"])))]
pub async fn record_attempt(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::ContactsWrite>,
    ApiJson(body): ApiJson<AttemptBody>,
) -> Result<(StatusCode, Json<AttemptRecorded>), Problem> {
    let policy = state.policy.current(&state.db).await?;
    let now = Utc::now();
    let raw = RawRequest {
        customer_id: Some(body.customer_id.clone()),
        phone: None,
        channel: body.channel,
        purpose: body.purpose,
        at: body.at,
    };
    let checked = raw.check(&policy, now, "");
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    let outcome = body
        .outcome
        .parse::<Outcome>()
        .map_err(|e| errors.push(FieldError::new("outcome", e.to_string())))
        .ok();
    if let (Ok(request), Some(outcome)) = (&checked, outcome) {
        if !outcome.fits(request.question.channel) {
            errors.push(FieldError::new(
                "outcome",
                format!(
                    "`{outcome}` is not an outcome of {}",
                    request.question.channel
                ),
            ));
        }
        if request.question.at > now + FUTURE_TOLERANCE {
            errors.push(FieldError::new("at", "an attempt cannot be in the future"));
        }
    }
    for (field, value) in [("system", &body.system), ("decision_id", &body.decision_id)] {
        if value
            .as_ref()
            .is_some_and(|v| v.is_empty() || v.chars().count() > 100 || !super::is_printable(v))
        {
            errors.push(FieldError::new(field, "use 1 to 100 printable characters"));
        }
    }
    let (Ok(request), Some(outcome), true) = (checked, outcome, errors.is_empty()) else {
        return Err(Problem::invalid(errors));
    };
    let customer_id = CustomerId::parse(&body.customer_id).expect("checked above");
    // Whether it was allowed at its instant, before this attempt counts.
    let answers = decide_all(&state.db, &policy, std::slice::from_ref(&request)).await?;
    let answer = &answers[0];
    if answer.customer_id.is_none() {
        return Err(Problem::field(
            "customer_id",
            format!("no customer has the number `{customer_id}`"),
        ));
    }
    let attempt_id = uuid::Uuid::now_v7().to_string();
    state
        .db
        .record_attempt(&NewAttempt {
            attempt_id: attempt_id.clone(),
            customer_id: customer_id.to_string(),
            at: request.question.at.timestamp(),
            channel: request.question.channel,
            purpose: request.question.purpose.clone(),
            outcome,
            system: body.system,
            decision_id: body.decision_id,
            allowed: answer.decision.allowed,
            recorded_at: now.timestamp(),
            recorded_by: client.name.clone(),
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(AttemptRecorded {
            attempt_id,
            customer_id: customer_id.to_string(),
            allowed: answer.decision.allowed,
            made_against_policy: !answer.decision.allowed,
            reasons: answer.decision.reasons.clone(),
            policy: answer.policy.clone(),
        }),
    ))
}
