//! Answers decision requests: gathers from storage what the rules need for a
//! whole batch in a handful of queries, then asks the pure rules.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use reachguard_domain::decision::{self, SEARCH_HORIZON};
use reachguard_domain::{
    AttemptsNeeded, Channel, CustomerFacts, CustomerId, Decision, FieldError, Phone, Policy,
    Purpose, Question, attempts_needed,
};
use reachguard_storage::{CustomerRecord, Database, StorageError};
use serde::{Deserialize, Serialize};

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
    // else the customer's first phone. Either way it is one of the
    // customer's own phones, whose listing came with the customer.
    let on_national_dnc = |request: &Request, customer: &CustomerRecord| -> bool {
        let checked = match &request.asked {
            Asked::Phone(phone) => Some(phone.as_str()),
            Asked::Customer(_) => customer.phones.first().map(String::as_str),
        };
        checked.is_some_and(|n| customer.listed_phones.iter().any(|l| l == n))
    };

    // Only the history the rules will read: most questions need none.
    let mut needed = AttemptsNeeded::default();
    let mut with_history = HashSet::new();
    for request in requests {
        if let Some(customer) = customer_of(request).and_then(|id| customers.get(&id)) {
            let need = attempts_needed(policy, &customer.preferences, &request.question);
            if need.any() {
                needed.calls |= need.calls;
                needed.marketing |= need.marketing;
                with_history.insert(customer.customer_id.clone());
            }
        }
    }
    let with_history: Vec<String> = with_history.into_iter().collect();
    let attempts = match (
        requests.iter().map(|r| r.question.at).min(),
        requests.iter().map(|r| r.question.at).max(),
    ) {
        (Some(first), Some(last)) if !with_history.is_empty() => {
            let from = (first - needed.look_back()).timestamp();
            db.attempts_between(
                &with_history,
                from,
                (last + SEARCH_HORIZON).timestamp(),
                needed,
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
                        on_national_dnc: on_national_dnc(request, customer),
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
