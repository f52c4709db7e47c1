//! Decisions, one or a batch, and kept decisions.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use reachguard_core::decide::Answer;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::auth::{Authorized, needs};
use super::decision_request::RawRequest;
use super::json::ApiJson;
use super::problem::Problem;
use crate::web::AppState;

/// The contract's batch limit.
pub const MAX_BATCH: usize = 10_000;

/// One decision.
#[utoipa::path(post, path = "/decisions", operation_id = "decide", tag = "decisions", request_body = RawRequest,
    responses((status = 200, body = Answer), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["decisions"])))]
pub async fn one(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::Decisions>,
    headers: HeaderMap,
    ApiJson(raw): ApiJson<RawRequest>,
) -> Result<Response, Problem> {
    let services = &state.services;
    let policy = services.policy.current(&services.db).await?;
    let request = raw
        .check(&policy, Utc::now(), "")
        .map_err(Problem::invalid)?;
    let mut decided = services
        .decide(
            &policy,
            std::slice::from_ref(&request),
            &client.name,
            super::reason_language(&headers),
        )
        .await?;
    state.metrics.count_decisions(&decided.answers);
    Ok(json_body(
        decided.json.pop().expect("one answer per request"),
    ))
}

/// A JSON body already written (the answers are serialised once, for the
/// response and the decision log alike).
fn json_body(json: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json,
    )
        .into_response()
}

#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = DecisionBatch)]
pub struct Batch {
    /// Up to 10,000 requests.
    #[schema(value_type = Vec<RawRequest>)]
    #[serde(deserialize_with = "at_most_a_batch")]
    requests: Vec<RawRequest>,
}

/// The requests, refused as soon as the 10,001st begins: the rest of an
/// oversized batch is never parsed.
fn at_most_a_batch<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<RawRequest>, D::Error> {
    struct Bounded;
    impl<'de> serde::de::Visitor<'de> for Bounded {
        type Value = Vec<RawRequest>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "a list of at most {MAX_BATCH} requests")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut requests = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_BATCH));
            while let Some(request) = seq.next_element()? {
                if requests.len() == MAX_BATCH {
                    return Err(serde::de::Error::custom(format!(
                        "a batch holds at most {MAX_BATCH} requests"
                    )));
                }
                requests.push(request);
            }
            Ok(requests)
        }
    }
    deserializer.deserialize_seq(Bounded)
}

/// The batch route's answer, as documented (the body is written by
/// [`reachguard_core::decide::Decided::batch_json`]).
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = DecisionBatchAnswer)]
#[allow(dead_code)]
pub struct BatchAnswer {
    /// One answer per request, in the same order.
    #[schema(value_type = Vec<Answer>)]
    results: Vec<Answer>,
}

/// Up to 10,000 decisions, answered in order.
#[utoipa::path(post, path = "/decisions/batch", operation_id = "decide_batch", tag = "decisions", request_body = Batch,
    responses((status = 200, body = BatchAnswer), (status = 401, body = Problem), (status = 403, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["decisions"])))]
pub async fn batch(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::Decisions>,
    headers: HeaderMap,
    ApiJson(batch): ApiJson<Batch>,
) -> Result<Response, Problem> {
    let services = &state.services;
    let policy = services.policy.current(&services.db).await?;
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
    let decided = services
        .decide(
            &policy,
            &requests,
            &client.name,
            super::reason_language(&headers),
        )
        .await?;
    state.metrics.count_decisions(&decided.answers);
    Ok(json_body(decided.batch_json()))
}

/// A kept decision: what was asked and what was answered.
#[utoipa::path(get, path = "/decisions/{decision_id}", operation_id = "get_decision", tag = "decisions",
    params(("decision_id" = String, Path)),
    responses((status = 200, body = KeptDecisionBody), (status = 404, body = Problem)),
    security(("api_key" = ["decisions"])))]
pub async fn kept(
    State(state): State<AppState>,
    _: Authorized<needs::Decisions>,
    headers: HeaderMap,
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
    // The reasons' words are made again in the language asked now: read
    // in the language it was answered in, the answer is as it was given.
    let language = super::reason_language(&headers);
    let kept = state.services.kept_decision(&decision_id, language).await?;
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
    /// The answer as given; its reasons' messages in the request's
    /// `Accept-Language`.
    #[schema(value_type = Answer)]
    answer: Value,
}
