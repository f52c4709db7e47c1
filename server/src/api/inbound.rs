//! `POST /inbound-messages`: an SMS a customer sent to the bank, forwarded
//! by the gateway (contract section 8). An opt-out keyword takes effect at
//! once; the answer carries the reply to send back.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Duration, Utc};
use reachguard_core::inbound::{InboundError, Message};
use reachguard_domain::{FieldError, Phone};
use serde::{Deserialize, Serialize};

use super::auth::{Authorized, needs};
use super::json::ApiJson;
use super::problem::Problem;
use crate::web::AppState;

/// A message from a customer, as the SMS gateway received it.
#[derive(Deserialize, utoipa::ToSchema)]
#[schema(as = InboundMessage, example = json!({"message_id": "gw-20261203-000123", "from": "+8613800138000", "text": "TD", "received_at": "2026-12-03T10:15:00Z"}))]
pub struct MessageBody {
    /// The gateway's id of the message: 1 to 128 characters. The same id
    /// again from the same API client changes nothing and gets the first
    /// answer.
    message_id: String,
    /// The customer's number, E.164.
    #[schema(example = "+8613800138000")]
    from: String,
    /// 1 to 1,000 characters.
    text: String,
    /// When the gateway received it; not in the future.
    received_at: DateTime<Utc>,
}

/// A gateway's clock and ours may differ by this much.
const CLOCK_TOLERANCE: Duration = Duration::minutes(1);

impl MessageBody {
    fn check(self, now: DateTime<Utc>) -> Result<Message, Vec<FieldError>> {
        let mut errors = Vec::new();
        let id_length = self.message_id.chars().count();
        if !(1..=128).contains(&id_length) || !super::is_printable(&self.message_id) {
            errors.push(FieldError::new(
                "message_id",
                "use 1 to 128 printable characters",
            ));
        }
        let from = Phone::parse(&self.from)
            .map_err(|e| errors.push(FieldError::new("from", e.to_string())))
            .ok();
        let text_length = self.text.chars().count();
        if !(1..=1000).contains(&text_length) {
            errors.push(FieldError::new(
                "text",
                format!("a message holds 1 to 1,000 characters, not {text_length}"),
            ));
        } else if self.text.contains('\0') {
            // PostgreSQL cannot store NUL in text.
            errors.push(FieldError::new("text", "a message cannot hold NUL"));
        }
        if self.received_at > now + CLOCK_TOLERANCE {
            errors.push(FieldError::new(
                "received_at",
                "a message cannot be received in the future",
            ));
        }
        match (from, errors.is_empty()) {
            (Some(from), true) => Ok(Message {
                message_id: self.message_id,
                from,
                text: self.text,
                received_at: self.received_at,
            }),
            _ => Err(errors),
        }
    }
}

/// What the message came to.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MessageAnswer {
    /// `opted_out` (something stopped), `no_change` (a keyword, already
    /// so), `not_a_keyword` (waits for an agent) or `unknown_number`.
    #[schema(example = "opted_out")]
    action: String,
    /// Null for an unknown number.
    #[schema(example = "C001")]
    customer_id: Option<String>,
    /// What stopped, in order of their names; empty unless `opted_out`.
    #[schema(example = json!(["marketing.credit_card", "marketing.insurance", "marketing.loans", "marketing.wealth"]))]
    purposes: Vec<String>,
    /// The text to send back, in the customer's language, with a
    /// preference link (at most 134 characters in Chinese, 306 in
    /// English); null unless `opted_out` or `no_change`.
    reply: Option<String>,
}

/// An SMS a customer sent to the bank: an opt-out keyword (`TD`, `退订`,
/// `STOP`, with a topic or not) takes effect on the next decision on every
/// server and is written to the consent ledger.
#[utoipa::path(post, path = "/inbound-messages", operation_id = "receive_message", tag = "messages from customers", request_body = MessageBody,
    responses((status = 200, body = MessageAnswer), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("api_key" = ["inbound.write"])))]
pub async fn receive(
    State(state): State<AppState>,
    Authorized(client, _): Authorized<needs::InboundWrite>,
    ApiJson(body): ApiJson<MessageBody>,
) -> Result<Json<MessageAnswer>, Problem> {
    let message = body.check(Utc::now()).map_err(Problem::invalid)?;
    let answer = state
        .services
        .receive_message(&client.name, message)
        .await
        .map_err(|error| match error {
            InboundError::Busy => Problem::conflict(error.to_string()),
            InboundError::Storage(error) => error.into(),
        })?;
    Ok(Json(MessageAnswer {
        action: answer.action,
        customer_id: answer.customer_id,
        purposes: answer.purposes,
        reply: answer.reply,
    }))
}
