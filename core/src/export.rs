//! "My data": everything held about one customer, as one JSON document.
//! It is assembled from the same queries the pages use, each filtered by the
//! customer's own number, so that nothing of another customer can appear.

use chrono::{DateTime, Utc};
use reachguard_domain::{CustomerId, Preferences};
use reachguard_storage::StorageError;
use serde::Serialize;
use serde_json::Value;

use crate::{Services, complaints};

#[derive(Debug, Serialize)]
pub struct MyData {
    pub exported_at: DateTime<Utc>,
    pub customer_id: String,
    pub contact: Contact,
    pub preferences: Preferences,
    pub preferences_version: i64,
    pub consent_ledger: Vec<LedgerRow>,
    pub contact_attempts: Vec<AttemptRow>,
    pub decisions: Vec<DecisionRow>,
    pub complaints: Vec<ComplaintRow>,
    /// The lists cut at their newest [`MAX_ROWS`] rows (the bank holds
    /// the rest: ask it).
    pub truncated: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Contact {
    pub name: String,
    pub phones: Vec<String>,
    pub email: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LedgerRow {
    pub version: i64,
    pub actor: String,
    pub source: String,
    pub changed_at: Option<DateTime<Utc>>,
    pub before: Option<Preferences>,
    pub after: Preferences,
}

#[derive(Debug, Serialize)]
pub struct AttemptRow {
    pub attempt_id: String,
    pub at: Option<DateTime<Utc>>,
    pub channel: String,
    pub purpose: String,
    pub outcome: String,
    pub system: Option<String>,
    pub decision_id: Option<String>,
    pub allowed: bool,
    pub policy: Option<String>,
    pub reasons: Value,
}

#[derive(Debug, Serialize)]
pub struct DecisionRow {
    pub decision_id: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub asked_by: String,
    pub allowed: bool,
    pub request: Value,
    pub answer: Value,
}

#[derive(Debug, Serialize)]
pub struct ComplaintRow {
    pub complaint_id: String,
    pub attempt_id: Option<String>,
    pub category: String,
    pub details: String,
    pub status: String,
    pub received_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub extended_reason: Option<String>,
    pub answer: Option<String>,
}

/// Rows of each list at most, newest first: far more than a customer's
/// history holds under the quotas and retention, and a bound on what one
/// download holds in memory. A list cut short is named in `truncated`.
pub const MAX_ROWS: i64 = 10_000;
/// Ledger entries read at a time.
const LEDGER_PAGE: i64 = 500;

fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or(Value::Null)
}

/// Everything held about the customer, or None if there is no such customer.
/// Decisions not yet written are read from memory: the download never
/// waits on other customers' writes.
pub async fn my_data(
    services: &Services,
    customer: &CustomerId,
) -> Result<Option<MyData>, StorageError> {
    let db = &services.db;
    let Some(record) = db.customer(customer.as_str()).await? else {
        return Ok(None);
    };
    let mut truncated = Vec::new();
    let mut consent_ledger = Vec::new();
    let mut before = None;
    loop {
        let page = db.ledger_of(customer, before, LEDGER_PAGE).await?;
        let last_page = (page.len() as i64) < LEDGER_PAGE;
        before = page.last().map(|e| e.seq);
        consent_ledger.extend(page.into_iter().map(|e| LedgerRow {
            version: e.version,
            actor: e.actor,
            source: e.source,
            changed_at: DateTime::from_timestamp(e.changed_at, 0),
            before: e.before,
            after: e.after,
        }));
        if consent_ledger.len() as i64 >= MAX_ROWS {
            if !last_page {
                truncated.push("consent_ledger");
            }
            consent_ledger.truncate(MAX_ROWS as usize);
            break;
        }
        if last_page {
            break;
        }
    }
    let mut attempts = db.attempts_of(customer, 0, MAX_ROWS + 1).await?;
    if attempts.len() as i64 > MAX_ROWS {
        attempts.truncate(MAX_ROWS as usize);
        truncated.push("contact_attempts");
    }
    let contact_attempts = attempts
        .into_iter()
        .map(|a| AttemptRow {
            reasons: a.reasons.as_deref().map_or(Value::Array(vec![]), parse),
            attempt_id: a.attempt_id,
            at: DateTime::from_timestamp(a.at, 0),
            channel: a.channel,
            purpose: a.purpose,
            outcome: a.outcome,
            system: a.system,
            decision_id: a.decision_id,
            allowed: a.allowed,
            policy: a.policy,
        })
        .collect();
    let mut kept = services.decision_log.pending_about(customer.as_str());
    // One just written may be read from both.
    let written = db.decisions_of(customer, MAX_ROWS + 1).await?;
    let from_memory: std::collections::HashSet<String> =
        kept.iter().map(|d| d.decision_id.clone()).collect();
    kept.extend(
        written
            .into_iter()
            .filter(|d| !from_memory.contains(&d.decision_id)),
    );
    kept.sort_by(|a, b| (b.decided_at, &b.decision_id).cmp(&(a.decided_at, &a.decision_id)));
    if kept.len() as i64 > MAX_ROWS {
        kept.truncate(MAX_ROWS as usize);
        truncated.push("decisions");
    }
    let decisions = kept
        .into_iter()
        .map(|d| DecisionRow {
            decided_at: DateTime::from_timestamp(d.decided_at, 0),
            request: parse(&d.request),
            answer: parse(&d.answer),
            decision_id: d.decision_id,
            asked_by: d.client,
            allowed: d.allowed,
        })
        .collect();
    let complaints = complaints::of(db, customer)
        .await?
        .into_iter()
        .map(|c| ComplaintRow {
            complaint_id: c.complaint_id,
            attempt_id: c.attempt_id,
            category: c.category.to_string(),
            details: c.details,
            status: c.status.to_string(),
            received_at: c.received_at,
            due_at: c.due_at,
            extended_reason: c.extended_reason,
            answer: c.answer,
        })
        .collect();
    Ok(Some(MyData {
        exported_at: Utc::now(),
        customer_id: record.customer_id,
        contact: Contact {
            name: record.name,
            phones: record.phones,
            email: record.email,
        },
        preferences: record.preferences,
        preferences_version: record.version,
        consent_ledger,
        contact_attempts,
        decisions,
        complaints,
        truncated,
    }))
}
