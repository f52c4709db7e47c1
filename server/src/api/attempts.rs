//! `POST /contact-attempts`: what bank systems did, so that limits count
//! every department together.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use reachguard_core::attempts::{AttemptError, AttemptReport};
use reachguard_core::decide::Asked;
use reachguard_domain::{FieldError, Outcome};
use serde::{Deserialize, Serialize};

use super::auth::{Authorized, needs};
use super::decision_request::RawRequest;
use super::json::ApiJson;
use super::problem::Problem;
use crate::web::AppState;

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
pub async fn record(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::ContactsWrite>,
    headers: axum::http::HeaderMap,
    ApiJson(body): ApiJson<AttemptBody>,
) -> Result<(StatusCode, Json<AttemptRecorded>), Problem> {
    let services = &state.services;
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
    let recorded = match services.record_attempt(report, &client.name).await {
        Ok(recorded) => recorded,
        Err(AttemptError::UnknownCustomer(id)) => {
            return Err(Problem::field(
                "customer_id",
                format!("no customer has the number `{id}`"),
            ));
        }
        Err(AttemptError::Storage(error)) => return Err(error.into()),
    };
    Ok((
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
    ))
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
