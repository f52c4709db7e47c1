//! A decision request as bank systems send it, and its checks.

use chrono::{DateTime, Utc};
use reachguard_core::decide::{Asked, Request};
use reachguard_domain::{Channel, CustomerId, FieldError, Phone, Policy, Purpose, Question};
use serde::{Deserialize, Serialize};

/// A decision request: name `customer_id` or `phone`, not both; `at`
/// defaults to now.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[schema(as = DecisionRequest, example = json!({"customer_id": "C001", "channel": "voice", "purpose": "marketing.wealth", "at": "2026-11-30T00:30:00Z"}))]
pub struct RawRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub channel: String,
    pub purpose: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
}

impl RawRequest {
    /// The request, or every field that is wrong with it, each name prefixed
    /// with `prefix` (`requests[3].`).
    pub fn check(
        self,
        policy: &Policy,
        now: DateTime<Utc>,
        prefix: &str,
    ) -> Result<Request, Vec<FieldError>> {
        let mut errors = Vec::new();
        let field = |name: &str| format!("{prefix}{name}");
        let asked = match (&self.customer_id, &self.phone) {
            (Some(_), Some(_)) => {
                errors.push(FieldError::new(
                    field("phone"),
                    "name customer_id or phone, not both",
                ));
                None
            }
            (None, None) => {
                errors.push(FieldError::new(
                    field("customer_id"),
                    "name customer_id or phone",
                ));
                None
            }
            (Some(id), None) => CustomerId::parse(id)
                .map(Asked::Customer)
                .map_err(|e| errors.push(FieldError::new(field("customer_id"), e.to_string())))
                .ok(),
            (None, Some(phone)) => Phone::parse(phone)
                .map(Asked::Phone)
                .map_err(|e| errors.push(FieldError::new(field("phone"), e.to_string())))
                .ok(),
        };
        let channel = self
            .channel
            .parse::<Channel>()
            .map_err(|e| errors.push(FieldError::new(field("channel"), e.to_string())))
            .ok();
        let purpose = match self.purpose.parse::<Purpose>() {
            Ok(purpose) if policy.knows(&purpose) => Some(purpose),
            Ok(purpose) => {
                errors.push(FieldError::new(
                    field("purpose"),
                    format!("`{purpose}` is not a marketing topic of this bank"),
                ));
                None
            }
            Err(e) => {
                errors.push(FieldError::new(field("purpose"), e.to_string()));
                None
            }
        };
        if self
            .at
            .is_some_and(|at| !reachguard_domain::clock::is_sane_instant(at))
        {
            errors.push(FieldError::new(
                field("at"),
                "name an instant from 1970 to 9999, such as 2026-11-30T00:30:00Z",
            ));
        }
        match (asked, channel, purpose) {
            (Some(asked), Some(channel), Some(purpose)) if errors.is_empty() => Ok(Request {
                asked,
                question: Question {
                    channel,
                    purpose,
                    at: self.at.unwrap_or(now),
                },
            }),
            _ => Err(errors),
        }
    }
}
