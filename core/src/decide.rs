//! Answers decision requests: gathers from storage what the rules need for a
//! whole batch in a handful of queries, then asks the pure rules. Every
//! answer is kept, behind the answer, for auditors.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::Utc;
use reachguard_domain::decision::{self, SEARCH_HORIZON};
use reachguard_domain::{
    AttemptsNeeded, CustomerFacts, CustomerId, Decision, Language, Phone, Policy, Preferences,
    Question, attempts_needed,
};
use reachguard_storage::{Database, KeptDecision, StorageError};
use serde::Serialize;

use crate::Services;
use crate::read_model::{Facts, Model, ReadModel};

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

/// Decisions as answered: each answer, and the same as JSON, written once
/// for the response and the decision log.
#[derive(Debug, Clone)]
pub struct Decided {
    pub answers: Vec<Answer>,
    pub json: Vec<String>,
}

impl Decided {
    /// `{"results":[…]}`, the batch route's body, from the answers' JSON.
    pub fn batch_json(&self) -> String {
        let mut body =
            String::with_capacity(self.json.iter().map(|j| j.len() + 1).sum::<usize>() + 16);
        body.push_str("{\"results\":[");
        for (i, answer) in self.json.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(answer);
        }
        body.push_str("]}");
        body
    }
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
    ) -> Result<Decided, StorageError> {
        let gathered = if self.read_model.current().await {
            gather_from_memory(&self.db, &self.read_model, policy, requests).await?
        } else {
            self.read_model.count(0, requests.len());
            gather(&self.db, policy, requests, None).await?
        };
        let judged = if requests.len() < OFF_THE_ASYNC_THREADS {
            judge(
                policy,
                requests,
                &gathered.facts_of,
                &gathered.facts,
                client,
                language,
            )
        } else {
            judge_in_parallel(policy, requests, gathered, client, language).await
        };
        let mut decided = Decided {
            answers: Vec::with_capacity(requests.len()),
            json: Vec::with_capacity(requests.len()),
        };
        let mut kept = Vec::with_capacity(requests.len());
        for (answer, json, decision) in judged {
            decided.answers.push(answer);
            decided.json.push(json);
            kept.push(decision);
        }
        self.decision_log.keep_all(kept).await;
        Ok(decided)
    }
}

/// Batches this large are judged on blocking threads.
const OFF_THE_ASYNC_THREADS: usize = 64;

/// Judging and serialising a large batch takes milliseconds of CPU: on
/// blocking threads, one part per core, so that the batch is answered
/// sooner and the async workers go on answering single decisions and
/// `/healthz` meanwhile.
async fn judge_in_parallel(
    policy: &Policy,
    requests: &[Request],
    gathered: Gathered,
    client: &str,
    language: Language,
) -> Vec<(Answer, String, KeptDecision)> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = cores.clamp(1, requests.len() / OFF_THE_ASYNC_THREADS);
    let per_part = requests.len().div_ceil(parts);
    let shared = Arc::new((policy.clone(), gathered, client.to_owned()));
    let mut judging = Vec::with_capacity(parts);
    for (k, part) in requests.chunks(per_part).enumerate() {
        let (shared, part) = (shared.clone(), part.to_vec());
        judging.push(tokio::task::spawn_blocking(move || {
            let (policy, gathered, client) = &*shared;
            let facts_of = &gathered.facts_of[k * per_part..k * per_part + part.len()];
            judge(policy, &part, facts_of, &gathered.facts, client, language)
        }));
    }
    let mut judged = Vec::with_capacity(requests.len());
    for part in judging {
        judged.extend(part.await.expect("judging does not panic"));
    }
    judged
}

/// Each answer in `language`, the same as JSON, and as it is kept.
fn judge(
    policy: &Policy,
    requests: &[Request],
    facts_of: &[Option<usize>],
    facts: &[Facts],
    client: &str,
    language: Language,
) -> Vec<(Answer, String, KeptDecision)> {
    let decided_at = Utc::now().timestamp();
    answer(policy, requests, facts_of, facts)
        .into_iter()
        .zip(requests)
        .map(|(mut answer, request)| {
            answer.decision.localize(language);
            let json = serde_json::to_string(&answer).expect("answers serialize");
            let kept = crate::kept::stored(
                &answer,
                &request.asked,
                &request.question,
                decided_at,
                client,
            );
            (answer, json, kept)
        })
        .collect()
}

/// What the rules need to answer a set of requests: for each request, the
/// facts of the customer it names, if any.
struct Gathered {
    facts_of: Vec<Option<usize>>,
    facts: Vec<Facts>,
}

/// Gathers from the read model what it holds, and from the database the
/// rest: customers outside its memory budget, and questions whose history
/// reaches back before the model's.
async fn gather_from_memory(
    db: &Database,
    read_model: &ReadModel,
    policy: &Policy,
    requests: &[Request],
) -> Result<Gathered, StorageError> {
    let (mut gathered, elsewhere) = read_model.read(|model| from_model(model, requests));
    read_model.count(requests.len() - elsewhere.len(), elsewhere.len());
    if !elsewhere.is_empty() {
        let rest: Vec<Request> = elsewhere.iter().map(|&i| requests[i].clone()).collect();
        let from_db = gather(db, policy, &rest, None).await?;
        let offset = gathered.facts.len();
        gathered.facts.extend(from_db.facts);
        for (&i, facts) in elsewhere.iter().zip(from_db.facts_of) {
            gathered.facts_of[i] = facts.map(|f| f + offset);
        }
    }
    Ok(gathered)
}

/// The requests the model can answer, and the indexes of those it cannot.
fn from_model(model: &Model, requests: &[Request]) -> (Gathered, Vec<usize>) {
    let mut gathered = Gathered {
        facts_of: vec![None; requests.len()],
        facts: Vec::new(),
    };
    let mut elsewhere = Vec::new();
    let mut index_of: HashMap<Arc<str>, usize> = HashMap::new();
    // The longest any rule looks back from a question's instant.
    let longest = AttemptsNeeded {
        calls: true,
        marketing: true,
    }
    .look_back();
    for (i, request) in requests.iter().enumerate() {
        if (request.question.at - longest).timestamp() <= model.history_from {
            elsewhere.push(i);
            continue;
        }
        let entry = match &request.asked {
            Asked::Customer(id) => model.customer(id.as_str()),
            Asked::Phone(phone) => model.customer_of_phone(phone.as_str()),
        };
        match entry {
            Some(entry) => {
                let next = gathered.facts.len();
                let at = *index_of.entry(entry.customer_id.clone()).or_insert(next);
                if at == next {
                    gathered
                        .facts
                        .push(model.facts(entry, model.history_from, i64::MAX));
                }
                gathered.facts_of[i] = Some(at);
            }
            // Not in a complete model: no such customer.
            None if model.complete => {}
            None => elsewhere.push(i),
        }
    }
    (gathered, elsewhere)
}

/// Decides every request, in order, without keeping the decisions.
pub async fn decide_all(
    db: &Database,
    policy: &Policy,
    requests: &[Request],
) -> Result<Vec<Answer>, StorageError> {
    let gathered = gather(db, policy, requests, None).await?;
    Ok(answer(
        policy,
        requests,
        &gathered.facts_of,
        &gathered.facts,
    ))
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
    Ok(answer(policy, requests, &gathered.facts_of, &gathered.facts).remove(0))
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
    let mut attempts = match (
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
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut facts = Vec::new();
    let facts_of = customer_of
        .iter()
        .map(|id| {
            let id = id.as_ref()?;
            if let Some(&at) = index_of.get(id) {
                return Some(at);
            }
            let customer = customers.remove(id)?;
            index_of.insert(id.clone(), facts.len());
            facts.push(Facts {
                attempts: attempts.remove(id).unwrap_or_default(),
                customer_id: customer.customer_id,
                has_email: customer.email.is_some(),
                phones: customer.phones,
                listed_phones: customer.listed_phones,
                preferences: Arc::new(customer.preferences),
                protection: customer.protection,
            });
            Some(facts.len() - 1)
        })
        .collect();
    Ok(Gathered { facts_of, facts })
}

fn answer(
    policy: &Policy,
    requests: &[Request],
    facts_of: &[Option<usize>],
    facts: &[Facts],
) -> Vec<Answer> {
    // The number checked against the national list: the one asked about,
    // else the customer's first phone. Either way it is one of the
    // customer's own phones, whose listing came with the customer.
    let on_national_dnc = |request: &Request, customer: &Facts| -> bool {
        let checked = match &request.asked {
            Asked::Phone(phone) => Some(phone.as_str()),
            Asked::Customer(_) => customer.phones.first().map(String::as_str),
        };
        checked.is_some_and(|n| customer.listed_phones.iter().any(|l| l == n))
    };
    requests
        .iter()
        .zip(facts_of)
        .map(|(request, index)| {
            let customer = index.map(|i| &facts[i]);
            let decision = match customer {
                None => decision::unknown_customer(match &request.asked {
                    Asked::Customer(id) => id.as_str(),
                    Asked::Phone(phone) => phone.as_str(),
                }),
                Some(customer) => {
                    let facts = CustomerFacts {
                        has_phone: !customer.phones.is_empty(),
                        has_email: customer.has_email,
                        on_national_dnc: on_national_dnc(request, customer),
                        preferences: &customer.preferences,
                        attempts: &customer.attempts,
                        protection: customer.protection,
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
