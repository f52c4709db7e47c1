//! Answers decision requests: gathers from storage what the rules need for a
//! whole batch in a handful of queries, then asks the pure rules.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use reachguard_domain::decision::{self, SEARCH_HORIZON};
use reachguard_domain::{
    Channel, CustomerFacts, CustomerId, Decision, FieldError, Phone, Policy, Purpose, Question,
};
use reachguard_storage::{Database, StorageError};
use serde::{Deserialize, Serialize};

/// The rules look back 30 days, for the marketing cap.
const LOOK_BACK: Duration = Duration::days(30);

/// A decision request as it arrives; checked by [`RawRequest::check`].
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    Customer(CustomerId),
    Phone(Phone),
}

#[derive(Debug, Clone)]
pub struct Request {
    pub asked: Asked,
    pub question: Question,
    pub raw: RawRequest,
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
        match (asked, channel, purpose) {
            (Some(asked), Some(channel), Some(purpose)) if errors.is_empty() => Ok(Request {
                asked,
                question: Question {
                    channel,
                    purpose,
                    at: self.at.unwrap_or(now),
                },
                raw: self,
            }),
            _ => Err(errors),
        }
    }
}

/// One answer, as the API sends it.
/// A decision: allowed or not, every reason, when it would next be
/// allowed, and the customer's other channels.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = DecisionAnswer)]
pub struct Answer {
    pub decision_id: String,
    pub customer_id: Option<String>,
    #[serde(flatten)]
    pub decision: Decision,
    pub policy: String,
}

/// Decides every request, in order.
pub async fn decide_all(
    db: &Database,
    policy: &Policy,
    requests: &[Request],
) -> Result<Vec<Answer>, StorageError> {
    let phones: Vec<String> = requests
        .iter()
        .filter_map(|r| match &r.asked {
            Asked::Phone(phone) => Some(phone.to_string()),
            Asked::Customer(_) => None,
        })
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let by_phone = if phones.is_empty() {
        HashMap::new()
    } else {
        db.customer_ids_by_phone(&phones).await?
    };
    let customer_of = |request: &Request| -> Option<String> {
        match &request.asked {
            Asked::Customer(id) => Some(id.to_string()),
            Asked::Phone(phone) => by_phone.get(phone.as_str()).cloned(),
        }
    };
    let ids: Vec<String> = requests
        .iter()
        .filter_map(customer_of)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let customers = db.customers(&ids).await?;

    // The number checked against the national list: the one asked about,
    // else the customer's first phone.
    let checked_number = |request: &Request| -> Option<String> {
        match &request.asked {
            Asked::Phone(phone) => Some(phone.to_string()),
            Asked::Customer(id) => customers
                .get(id.as_str())
                .and_then(|c| c.phones.first().cloned()),
        }
    };
    let numbers: Vec<String> = requests
        .iter()
        .filter_map(checked_number)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let listed = if numbers.is_empty() {
        HashSet::new()
    } else {
        db.on_national_dnc(&numbers).await?
    };

    let known: Vec<String> = customers.keys().cloned().collect();
    let attempts = match (
        requests.iter().map(|r| r.question.at).min(),
        requests.iter().map(|r| r.question.at).max(),
    ) {
        (Some(first), Some(last)) if !known.is_empty() => {
            db.attempts_between(
                &known,
                (first - LOOK_BACK).timestamp(),
                (last + SEARCH_HORIZON).timestamp(),
            )
            .await?
        }
        _ => HashMap::new(),
    };

    let no_attempts = Vec::new();
    let answers = requests
        .iter()
        .map(|request| {
            let customer = customer_of(request).and_then(|id| customers.get(&id));
            let decision = match customer {
                None => decision::unknown_customer(match &request.asked {
                    Asked::Customer(id) => id.as_str(),
                    Asked::Phone(phone) => phone.as_str(),
                }),
                Some(customer) => {
                    let facts = CustomerFacts {
                        has_phone: !customer.phones.is_empty(),
                        has_email: customer.email.is_some(),
                        on_national_dnc: checked_number(request)
                            .is_some_and(|n| listed.contains(&n)),
                        preferences: &customer.preferences,
                        attempts: attempts.get(&customer.customer_id).unwrap_or(&no_attempts),
                    };
                    decision::decide(policy, &facts, &request.question)
                }
            };
            Answer {
                decision_id: uuid::Uuid::now_v7().to_string(),
                customer_id: customer.map(|c| c.customer_id.clone()),
                decision,
                policy: policy.label(),
            }
        })
        .collect();
    Ok(answers)
}
