//! The policy what-if (contract sections 5 and 10): before a new version is
//! published, the decisions kept in the last 7 or 30 days are judged again,
//! each at its own instant, with the customer's preferences and attempts as
//! they were known when it was asked, under the draft instead of the
//! version then in force. Nothing is written.
//!
//! What the replay cannot know as it was: the customer's phones, e-mail and
//! the national list are read as they are now, and extra care as last set.
//! Instants are kept to the second, so a preference change made in the very
//! second of a decision is read as made before it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use reachguard_domain::{
    BankSettings, Channel, CustomerFacts, FieldError, Policy, Purpose, Question, decide,
};
use reachguard_storage::{CustomerRecord, KeptDecision, KnownAttempt, StorageError};
use serde::Serialize;

use crate::Services;

/// Decisions read and judged at a time.
const PAGE: i64 = 2_000;
/// Examples kept at most.
pub const EXAMPLES: usize = 20;

/// How a draft would have answered, against what was answered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WhatIf {
    pub decisions: u64,
    pub changed: u64,
    pub allowed_to_denied: u64,
    pub denied_to_allowed: u64,
    pub by_purpose: BTreeMap<String, u64>,
    pub by_channel: BTreeMap<String, u64>,
    /// For answers that would turn to denied, the reasons they would give;
    /// for those that would turn to allowed, the reasons they gave.
    pub by_reason: BTreeMap<String, u64>,
    pub by_system: BTreeMap<String, u64>,
    pub examples: Vec<Example>,
}

/// One answer that would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    pub decision_id: String,
    pub customer_id: String,
    pub at: DateTime<Utc>,
    /// Whether it was allowed, and would be.
    pub before: bool,
    pub after: bool,
}

/// A decision's question as it was kept.
#[derive(serde::Deserialize)]
struct KeptRequest {
    /// The phone asked about, when the request named one.
    phone: Option<String>,
    channel: Channel,
    purpose: Purpose,
    at: Option<DateTime<Utc>>,
}

#[derive(serde::Deserialize)]
struct KeptAnswer {
    #[serde(default)]
    reasons: Vec<KeptReason>,
}

#[derive(serde::Deserialize)]
struct KeptReason {
    code: String,
}

/// Why a what-if was not run.
#[derive(Debug, thiserror::Error)]
pub enum WhatIfError {
    /// The draft loosens the pack, field by field, as publishing would say.
    #[error("the draft is looser than the pack")]
    Refused(Vec<FieldError>),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Replays the decisions kept in the `days` before `now` under `draft`;
/// `progress` hears how many were judged so far.
pub async fn replay(
    services: &Services,
    draft: &BankSettings,
    days: i64,
    now: DateTime<Utc>,
    mut progress: impl FnMut(u64),
) -> Result<WhatIf, WhatIfError> {
    let pack = crate::policy::newest(services).await?.pack;
    draft.check(pack).map_err(WhatIfError::Refused)?;
    let policy = Policy {
        pack,
        version: 0,
        settings: draft.clone(),
    };
    let db = &services.db;
    let (from, to) = (
        (now - Duration::days(days)).timestamp(),
        now.timestamp() + 1,
    );
    let mut result = WhatIf {
        // Asked about no known customer: no customer is known under a
        // draft either.
        decisions: u64::try_from(db.count_kept_decisions_between(from, to, true).await?)
            .unwrap_or(0),
        ..WhatIf::default()
    };
    let mut after = None;
    loop {
        let page = db
            .kept_decisions_between(from, to, after.clone(), PAGE)
            .await?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some((
            last.customer_id.clone().unwrap_or_default(),
            last.decision_id.clone(),
        ));
        judge_page(services, &policy, &page, &mut result).await?;
        progress(result.decisions);
    }
    Ok(result)
}

/// What the rules need of the customers a page of decisions asked about.
struct Known {
    customers: HashMap<String, CustomerRecord>,
    preferences: HashMap<String, Vec<(i64, reachguard_domain::Preferences)>>,
    attempts: HashMap<String, Vec<KnownAttempt>>,
}

async fn judge_page(
    services: &Services,
    policy: &Policy,
    page: &[KeptDecision],
    result: &mut WhatIf,
) -> Result<(), StorageError> {
    let asked: Vec<(&KeptDecision, KeptRequest)> = page
        .iter()
        .filter_map(|d| Some((d, serde_json::from_str(&d.request).ok()?)))
        .collect();
    let ids: Vec<String> = asked
        .iter()
        .filter_map(|(d, _)| d.customer_id.clone())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let at_of = |d: &KeptDecision, r: &KeptRequest| {
        r.at.unwrap_or_else(|| DateTime::from_timestamp(d.decided_at, 0).unwrap_or_default())
    };
    let first = asked.iter().map(|(d, r)| at_of(d, r)).min();
    let last = asked.iter().map(|(d, r)| at_of(d, r)).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(());
    };
    let db = &services.db;
    let known = Known {
        customers: db.customers(&ids).await?,
        preferences: db.preference_history(&ids).await?,
        attempts: db
            .attempts_with_recording(
                &ids,
                // Whether a request is allowed at its instant depends on
                // no attempt after it (next_allowed_at, which would, is not
                // compared).
                (first - Duration::days(30)).timestamp(),
                last.timestamp(),
            )
            .await?,
    };
    for (kept, request) in asked {
        let Some(customer_id) = kept.customer_id.as_deref() else {
            continue;
        };
        let Some(customer) = known.customers.get(customer_id) else {
            // A customer no longer kept: counted, as unchanged.
            result.decisions += 1;
            continue;
        };
        // The preferences as they stood when it was asked; for a decision
        // older than the customer's first ledger entry (data loaded with
        // its history, or without a ledger), the earliest known.
        let history = known.preferences.get(customer_id);
        let preferences = history
            .and_then(|h| {
                h.iter()
                    .rev()
                    .find(|(changed_at, _)| *changed_at <= kept.decided_at)
                    .or_else(|| h.first())
            })
            .map_or(&customer.preferences, |(_, p)| p);
        let attempts: Vec<_> = known
            .attempts
            .get(customer_id)
            .map(|all| {
                all.iter()
                    .filter(|a| a.recorded_at <= kept.decided_at)
                    .map(|a| a.attempt.clone())
                    .collect()
            })
            .unwrap_or_default();
        let checked = request
            .phone
            .clone()
            .or_else(|| customer.phones.first().cloned());
        let facts = CustomerFacts {
            has_phone: !customer.phones.is_empty(),
            has_email: customer.email.is_some(),
            on_national_dnc: checked.is_some_and(|n| customer.listed_phones.contains(&n)),
            preferences,
            attempts: &attempts,
            protection: customer.protection,
        };
        let question = Question {
            channel: request.channel,
            purpose: request.purpose.clone(),
            at: at_of(kept, &request),
        };
        let now = decide(policy, &facts, &question);
        result.decisions += 1;
        if now.allowed == kept.allowed {
            continue;
        }
        result.changed += 1;
        let reasons: Vec<String> = if kept.allowed {
            result.allowed_to_denied += 1;
            now.reasons
                .iter()
                .map(|r| r.code.as_str().to_owned())
                .collect()
        } else {
            result.denied_to_allowed += 1;
            serde_json::from_str::<KeptAnswer>(&kept.answer)
                .map(|a| a.reasons.into_iter().map(|r| r.code).collect())
                .unwrap_or_default()
        };
        *result
            .by_purpose
            .entry(request.purpose.to_string())
            .or_default() += 1;
        *result
            .by_channel
            .entry(request.channel.to_string())
            .or_default() += 1;
        for reason in reasons {
            *result.by_reason.entry(reason).or_default() += 1;
        }
        *result.by_system.entry(kept.client.clone()).or_default() += 1;
        if result.examples.len() < EXAMPLES {
            result.examples.push(Example {
                decision_id: kept.decision_id.clone(),
                customer_id: customer_id.to_owned(),
                at: question.at,
                before: kept.allowed,
                after: now.allowed,
            });
        }
    }
    Ok(())
}

/// What-ifs run from the policy page, off the request path: each runs in
/// its own task; the page asks how far it has come.
#[derive(Clone, Debug, Default)]
pub struct Runs(Arc<Mutex<HashMap<String, Run>>>);

/// How far one run has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub judged: u64,
    /// Decisions in the span when it started.
    pub total: u64,
    /// When it ended: what would change, or why it failed.
    pub result: Option<Result<WhatIf, String>>,
    started: std::time::Instant,
}

/// Runs kept at most; the oldest finished ones are forgotten first.
const RUNS_KEPT: usize = 32;

impl Runs {
    pub fn get(&self, id: &str) -> Option<Run> {
        self.0.lock().expect("what-if runs lock").get(id).cloned()
    }

    fn update(&self, id: &str, change: impl FnOnce(&mut Run)) {
        if let Some(run) = self.0.lock().expect("what-if runs lock").get_mut(id) {
            change(run);
        }
    }

    fn add(&self, id: String, total: u64) {
        let mut runs = self.0.lock().expect("what-if runs lock");
        if runs.len() >= RUNS_KEPT {
            let oldest = runs
                .iter()
                .filter(|(_, r)| r.result.is_some())
                .min_by_key(|(_, r)| r.started)
                .map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                runs.remove(&oldest);
            }
        }
        runs.insert(
            id,
            Run {
                judged: 0,
                total,
                result: None,
                started: std::time::Instant::now(),
            },
        );
    }
}

/// Starts a what-if of `draft` over the last `days`, in a task of its own;
/// its id, to ask [`Runs::get`] how far it has come. A draft looser than
/// the pack is refused at once.
pub async fn start(
    services: &Services,
    draft: BankSettings,
    days: i64,
) -> Result<Result<String, Vec<FieldError>>, StorageError> {
    let pack = crate::policy::newest(services).await?.pack;
    if let Err(errors) = draft.check(pack) {
        return Ok(Err(errors));
    }
    let now = Utc::now();
    let total = services
        .db
        .count_kept_decisions_between(
            (now - Duration::days(days)).timestamp(),
            now.timestamp() + 1,
            false,
        )
        .await?;
    let id = uuid::Uuid::now_v7().to_string();
    let runs = services.what_ifs.clone();
    runs.add(id.clone(), u64::try_from(total).unwrap_or(0));
    let services = services.clone();
    let run_id = id.clone();
    tokio::spawn(async move {
        let progress_runs = runs.clone();
        let progress_id = run_id.clone();
        let result = replay(&services, &draft, days, now, move |judged| {
            progress_runs.update(&progress_id, |run| run.judged = judged);
        })
        .await
        .map_err(|error| {
            tracing::error!(%error, "a policy what-if failed");
            error.to_string()
        });
        runs.update(&run_id, |run| run.result = Some(result));
    });
    Ok(Ok(id))
}
