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
    /// Read as text, so that a wrong one is named as a field error.
    #[schema(value_type = reachguard_domain::Channel)]
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
                    // Asked for now: the second it is decided at (the rules
                    // read whole seconds, and the kept form then needs no
                    // fraction of one).
                    at: self
                        .at
                        .unwrap_or_else(|| chrono::SubsecRound::trunc_subsecs(now, 0)),
                },
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use reachguard_domain::PolicyPack;

    fn maybe_text() -> impl Strategy<Value = Option<String>> {
        prop::option::of(prop_oneof![
            "[A-Z0-9]{1,8}",
            "\\+86138[0-9]{8}",
            "\\PC{0,20}",
        ])
    }

    proptest! {
        /// Whatever a bank system sends, the request is checked or refused
        /// field by field (named with the batch's prefix), never a panic.
        #[test]
        fn any_request_is_checked_or_refused_by_field(
            customer_id in maybe_text(),
            phone in maybe_text(),
            channel in prop_oneof![Just("voice".to_owned()), Just("sms".to_owned()), "\\PC{0,10}"],
            purpose in prop_oneof![Just("loan_servicing".to_owned()), Just("marketing.wealth".to_owned()), "\\PC{0,20}"],
            seconds in prop::option::of(-100_000_000_000i64..300_000_000_000i64),
        ) {
            let at = seconds.and_then(|s| DateTime::from_timestamp(s, 0));
            let request = RawRequest { customer_id, phone, channel, purpose, at };
            let policy = reachguard_domain::Policy::of_pack(PolicyPack::Cn, 1);
            let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
            match request.clone().check(&policy, now, "requests[7].") {
                Ok(checked) => {
                    prop_assert!(request.customer_id.is_some() != request.phone.is_some());
                    prop_assert!(reachguard_domain::clock::is_sane_instant(checked.question.at));
                }
                Err(errors) => {
                    prop_assert!(!errors.is_empty());
                    prop_assert!(errors.iter().all(|e| e.field.starts_with("requests[7].")));
                }
            }
        }

        /// Any body at all is read as a request or refused as a problem.
        #[test]
        fn any_body_is_read_or_refused_as_a_problem(body in "\\PC{0,80}") {
            if let Err(problem) = super::super::json::parse::<RawRequest>(body.as_bytes()) {
                prop_assert!(problem.status.is_client_error());
            }
        }
    }
}
