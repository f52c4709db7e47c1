//! Answers decision requests: gathers from storage what the rules need for a
//! whole batch in a handful of queries, then asks the pure rules. Every
//! answer is kept, behind the answer, for auditors.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use reachguard_domain::decision::{self, SEARCH_HORIZON};
use reachguard_domain::{
    AttemptsNeeded, ContactAttempt, CustomerFacts, CustomerId, Decision, Language, Phone, Policy,
    Preferences, Question, attempts_needed,
};
use reachguard_storage::{CustomerRecord, Database, KeptDecision, StorageError};
use serde::Serialize;

use crate::Services;

/// Whom a request asks about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    Customer(CustomerId),
    Phone(Phone),
}

/// A checked decision request.
#[derive(Debug, Clone)]
pub struct Request {
    pub asked: Asked,
    pub question: Question,
}

impl Request {
    /// The request as it is kept: as a bank system would have sent it, with
    /// `at` filled in.
    fn kept_json(&self) -> String {
        #[derive(Serialize)]
        struct Kept<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            customer_id: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            phone: Option<&'a str>,
            channel: &'a str,
            purpose: String,
            at: chrono::DateTime<Utc>,
        }
        let (customer_id, phone) = match &self.asked {
            Asked::Customer(id) => (Some(id.as_str()), None),
            Asked::Phone(phone) => (None, Some(phone.as_str())),
        };
        serde_json::to_string(&Kept {
            customer_id,
            phone,
            channel: self.question.channel.as_str(),
            purpose: self.question.purpose.to_string(),
            at: self.question.at,
        })
        .expect("requests serialize")
    }
}

/// A decision: allowed or not, every reason, when it would next be
/// allowed, and the customer's other channels.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DecisionAnswer))]
pub struct Answer {
    pub decision_id: String,
    pub customer_id: Option<String>,
    #[serde(flatten)]
    pub decision: Decision,
    pub policy: String,
}

impl Services {
    /// Decides every request, in order, with reason messages in `language`,
    /// and keeps each decision, as answered, in the name of `client` (an API
    /// client's name, or `portal:customer`).
    pub async fn decide(
        &self,
        policy: &Policy,
        requests: &[Request],
        client: &str,
        language: Language,
    ) -> Result<Vec<Answer>, StorageError> {
        let gathered = gather(&self.db, policy, requests, None).await?;
        // Judging and serialising a large batch takes milliseconds of CPU:
        // on a blocking thread, so that the async workers go on answering
        // single decisions and /healthz meanwhile.
        let (answers, kept) = if requests.len() >= OFF_THE_ASYNC_THREADS {
            let (policy, requests, client) = (policy.clone(), requests.to_vec(), client.to_owned());
            tokio::task::spawn_blocking(move || {
                judge(&policy, &requests, &gathered, &client, language)
            })
            .await
            .expect("judging does not panic")
        } else {
            judge(policy, requests, &gathered, client, language)
        };
        for decision in kept {
            self.decision_log.keep(decision).await;
        }
        Ok(answers)
    }
}

/// Batches this large are judged on a blocking thread.
const OFF_THE_ASYNC_THREADS: usize = 64;

/// The answers in `language`, and each as it is kept.
fn judge(
    policy: &Policy,
    requests: &[Request],
    gathered: &Gathered,
    client: &str,
    language: Language,
) -> (Vec<Answer>, Vec<KeptDecision>) {
    let mut answers = answer(policy, requests, gathered);
    for answer in &mut answers {
        answer.decision.localize(language);
    }
    let decided_at = Utc::now().timestamp();
    let kept = requests
        .iter()
        .zip(&answers)
        .map(|(request, answer)| KeptDecision {
            decision_id: answer.decision_id.clone(),
            decided_at,
            client: client.to_owned(),
            customer_id: answer.customer_id.clone(),
            allowed: answer.decision.allowed,
            request: request.kept_json(),
            answer: serde_json::to_string(answer).expect("answers serialize"),
        })
        .collect();
    (answers, kept)
}

/// What the rules need to answer a set of requests.
struct Gathered {
    customer_of: Vec<Option<String>>,
    customers: HashMap<String, CustomerRecord>,
    attempts: HashMap<String, Vec<ContactAttempt>>,
}

/// Decides every request, in order, without keeping the decisions.
pub async fn decide_all(
    db: &Database,
    policy: &Policy,
    requests: &[Request],
) -> Result<Vec<Answer>, StorageError> {
    let gathered = gather(db, policy, requests, None).await?;
    Ok(answer(policy, requests, &gathered))
}

/// Decides one request as if the customer's preferences were `preferences`:
/// how an attempt is judged by the preferences in force at its instant.
pub async fn decide_with_preferences(
    db: &Database,
    policy: &Policy,
    request: &Request,
    preferences: Preferences,
) -> Result<Answer, StorageError> {
    let requests = std::slice::from_ref(request);
    let gathered = gather(db, policy, requests, Some(preferences)).await?;
    Ok(answer(policy, requests, &gathered).remove(0))
}

async fn gather(
    db: &Database,
    policy: &Policy,
    requests: &[Request],
    preferences: Option<Preferences>,
) -> Result<Gathered, StorageError> {
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
    let customer_of: Vec<Option<String>> = requests
        .iter()
        .map(|request| match &request.asked {
            Asked::Customer(id) => Some(id.to_string()),
            Asked::Phone(phone) => by_phone.get(phone.as_str()).cloned(),
        })
        .collect();
    let ids: Vec<String> = customer_of
        .iter()
        .flatten()
        .cloned()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut customers = db.customers(&ids).await?;
    if let Some(preferences) = preferences {
        for customer in customers.values_mut() {
            customer.preferences = preferences.clone();
        }
    }

    // Only the history the rules will read: most questions need none.
    let mut needed = AttemptsNeeded::default();
    let mut with_history = HashSet::new();
    for (request, id) in requests.iter().zip(&customer_of) {
        if let Some(customer) = id.as_ref().and_then(|id| customers.get(id)) {
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
    Ok(Gathered {
        customer_of,
        customers,
        attempts,
    })
}

fn answer(policy: &Policy, requests: &[Request], gathered: &Gathered) -> Vec<Answer> {
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
    let no_attempts = Vec::new();
    requests
        .iter()
        .zip(&gathered.customer_of)
        .map(|(request, id)| {
            let customer = id.as_ref().and_then(|id| gathered.customers.get(id));
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
                        attempts: gathered
                            .attempts
                            .get(&customer.customer_id)
                            .unwrap_or(&no_attempts),
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
        .collect()
}
