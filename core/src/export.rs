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

/// Far more than any one customer's history; the export is bounded all the
/// same.
const MAX_ROWS: i64 = 1_000_000;

fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or(Value::Null)
}

/// Everything held about the customer, or None if there is no such customer.
pub async fn my_data(
    services: &Services,
    customer: &CustomerId,
) -> Result<Option<MyData>, StorageError> {
    // Decisions answered a moment ago may still be on their way to the
    // database; the export holds them too.
    services.decision_log.flush().await;
    let db = &services.db;
    let Some(record) = db.customer(customer.as_str()).await? else {
        return Ok(None);
    };
    let consent_ledger = db
        .ledger_of(customer)
        .await?
        .into_iter()
        .map(|e| LedgerRow {
            version: e.version,
            actor: e.actor,
            source: e.source,
            changed_at: DateTime::from_timestamp(e.changed_at, 0),
            before: e.before,
            after: e.after,
        })
        .collect();
    let contact_attempts = db
        .attempts_of(customer, 0, MAX_ROWS)
        .await?
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
    let decisions = db
        .decisions_of(customer, MAX_ROWS)
        .await?
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
    }))
}
