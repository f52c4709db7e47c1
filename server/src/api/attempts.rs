//! `POST /contact-attempts`: what bank systems did, so that limits count
//! every department together.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use reachguard_core::attempts::{AttemptError, AttemptReport};
use reachguard_core::decide::Asked;
use reachguard_domain::{FieldError, Outcome};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::auth::{Authorized, needs};
use super::decision_request::RawRequest;
use super::json::ApiJson;
use super::problem::Problem;
use crate::web::AppState;

/// A contact a bank system made or tried.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = ContactAttempt)]
pub struct AttemptBody {
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$", example = "C001")]
    customer_id: String,
    /// Read as text, so that a wrong one is named as a field error.
    #[schema(value_type = reachguard_domain::Channel)]
    channel: String,
    #[schema(example = "loan_servicing")]
    purpose: String,
    #[serde(default)]
    at: Option<DateTime<Utc>>,
    /// `voice` takes connected, no_answer, busy, voicemail, failed; the
    /// other channels sent, delivered, bounced.
    #[schema(value_type = reachguard_domain::Outcome)]
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
#[utoipa::path(post, path = "/contact-attempts", operation_id = "record_attempt", tag = "contact attempts", request_body = AttemptBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "a key of the caller's (a UUID): a retry with the same key and request records nothing new and answers as the first time, with `Idempotent-Replayed: true`")),
    responses((status = 201, body = AttemptRecorded), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["contacts.write"])))]
pub async fn record(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::ContactsWrite>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<AttemptBody>,
) -> Result<Response, Problem> {
    let services = &state.services;
    // What makes a retry the same request; `at` as sent, so that a retry
    // that leaves it out (meaning "now") is still the same.
    let fingerprint = hex::encode(Sha256::digest(
        serde_json::json!([
            body.customer_id,
            body.channel,
            body.purpose,
            body.outcome,
            body.at,
            body.system,
            body.decision_id
        ])
        .to_string()
        .as_bytes(),
    ));
    let policy = services.policy.current(&services.db).await?;
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
    let customer = match request.asked {
        Asked::Customer(customer) => customer,
        Asked::Phone(_) => {
            return Err(Problem::field("customer_id", "name the customer by number"));
        }
    };
    let report = AttemptReport {
        customer: customer.clone(),
        channel: request.question.channel,
        purpose: request.question.purpose,
        at: request.question.at,
        outcome,
        system: body.system,
        decision_id: body.decision_id,
    };
    let key = idempotency_key(&headers)?;
    let result = match &key {
        Some(key) => {
            services
                .record_attempt_once(report, &client.name, key, &fingerprint)
                .await
        }
        None => services
            .record_attempt(report, &client.name)
            .await
            .map(|recorded| (recorded, false)),
    };
    let (recorded, replayed) = match result {
        Ok(recorded) => recorded,
        Err(AttemptError::KeyReused) => {
            return Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Idempotency-Key reused",
                "this Idempotency-Key was sent before with a different attempt; use a new key for a new attempt",
            ));
        }
        Err(AttemptError::UnknownCustomer(id)) => {
            return Err(Problem::field(
                "customer_id",
                format!("no customer has the number `{id}`"),
            ));
        }
        Err(AttemptError::Storage(error)) => return Err(error.into()),
    };
    let mut response = (
        StatusCode::CREATED,
        Json(AttemptRecorded {
            attempt_id: recorded.attempt_id,
            customer_id: customer.to_string(),
            allowed: recorded.allowed,
            made_against_policy: !recorded.allowed,
            reasons: recorded
                .reasons
                .into_iter()
                .map(|mut reason| {
                    reason.localize(super::reason_language(&headers));
                    reason
                })
                .collect(),
            policy: recorded.policy,
        }),
    )
        .into_response();
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// The longest Idempotency-Key taken: a UUID is 36 characters.
const MAX_KEY_CHARS: usize = 255;

/// The request's `Idempotency-Key`, if it sent one: 1 to 255 visible ASCII
/// characters, such as a UUID.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, Problem> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().ok().map(str::trim).filter(|k| {
        (1..=MAX_KEY_CHARS).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic())
    });
    match key {
        Some(key) => Ok(Some(key.to_owned())),
        None => Err(Problem::field(
            "Idempotency-Key",
            "use 1 to 255 visible ASCII characters, such as a UUID",
        )),
    }
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
