//! "My data": everything held about one customer, as one JSON document,
//! streamed a page of rows at a time so that a long history never sits in
//! memory whole. It is read with the same queries the pages use, each
//! filtered by the customer's own number, so that nothing of another
//! customer can appear.
//!
//! The document: `exported_at`, `customer_id`, `contact`, `preferences`,
//! `preferences_version`, then the lists `consent_ledger`,
//! `contact_attempts`, `decisions` (each newest first) and `complaints`,
//! and `truncated`, naming any list cut at [`MAX_ROWS`].

use chrono::{DateTime, Utc};
use reachguard_domain::{Channel, CustomerId, Outcome, Preferences, Purpose, Source};
use reachguard_storage::{KeptDecision, StorageError};

use crate::kept;
use serde::Serialize;
use serde_json::Value;
use tokio::sync::mpsc;

use crate::{Services, complaints};

/// Rows of each list at most, newest first: more than five years of a
/// dialer asking every few minutes. A list cut short is named in
/// `truncated` (the bank holds the rest: ask it). Streamed, so memory stays
/// a few pages whatever the length.
pub const MAX_ROWS: i64 = 1_000_000;
/// Rows read from the database, and sent, at a time.
const PAGE: i64 = 500;
/// Pages waiting for a slow reader at most: memory stays a few pages.
const PAGES_AHEAD: usize = 2;
/// A reader that takes no page for this long is gone: the download stops.
const READER_WAITED: std::time::Duration = std::time::Duration::from_secs(60);

/// The start of the document.
#[derive(Debug, Serialize)]
struct Head {
    exported_at: DateTime<Utc>,
    customer_id: String,
    contact: Contact,
    preferences: Preferences,
    preferences_version: i64,
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
    /// `customer`, `staff:<username>` or `system:<name>`.
    pub actor: String,
    pub source: Source,
    pub changed_at: Option<DateTime<Utc>>,
    pub before: Option<Preferences>,
    pub after: Preferences,
}

#[derive(Debug, Serialize)]
pub struct AttemptRow {
    pub attempt_id: String,
    pub at: Option<DateTime<Utc>>,
    pub channel: Channel,
    pub purpose: Purpose,
    pub outcome: Outcome,
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

fn parse(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or(Value::Null)
}

/// The document's bytes, a page at a time; a storage failure midway ends it
/// with the error (the reader gets a document cut short, never a wrong one).
pub type Download = mpsc::Receiver<Result<Vec<u8>, StorageError>>;

/// Everything held about the customer, streamed, or None if there is no
/// such customer. Decisions not yet written are read from memory: the
/// download never waits on other customers' writes.
pub async fn my_data(
    services: &Services,
    customer: &CustomerId,
) -> Result<Option<Download>, StorageError> {
    my_data_of_at_most(services, customer, MAX_ROWS).await
}

/// [`my_data`] with each list cut at `max_rows`.
pub async fn my_data_of_at_most(
    services: &Services,
    customer: &CustomerId,
    max_rows: i64,
) -> Result<Option<Download>, StorageError> {
    let Some(record) = services.db.customer(customer.as_str()).await? else {
        return Ok(None);
    };
    let head = Head {
        exported_at: Utc::now(),
        customer_id: record.customer_id,
        contact: Contact {
            name: record.name,
            phones: record.phones,
            email: record.email,
        },
        preferences: record.preferences,
        preferences_version: record.version,
    };
    let (sender, receiver) = mpsc::channel(PAGES_AHEAD);
    let services = services.clone();
    let customer = customer.clone();
    tokio::spawn(async move {
        let mut out = Out {
            sender,
            buffer: Vec::new(),
            max_rows,
        };
        match write(&services, &customer, head, &mut out).await {
            Ok(()) | Err(Stop::ReaderGone) => {}
            Err(Stop::Storage(error)) => {
                tracing::error!(%error, "a data download failed midway");
                let _ = out.sender.send(Err(error)).await;
            }
        }
    });
    Ok(Some(receiver))
}

/// The whole document at once, each list cut at `max_rows`, for tests and
/// small tools.
pub async fn my_data_document(
    services: &Services,
    customer: &CustomerId,
    max_rows: i64,
) -> Result<Option<Value>, StorageError> {
    let Some(mut download) = my_data_of_at_most(services, customer, max_rows).await? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    while let Some(page) = download.recv().await {
        bytes.extend(page?);
    }
    Ok(Some(
        serde_json::from_slice(&bytes).expect("the download is JSON"),
    ))
}

enum Stop {
    Storage(StorageError),
    /// The reader went away: nothing more to send.
    ReaderGone,
}

impl From<StorageError> for Stop {
    fn from(error: StorageError) -> Self {
        Stop::Storage(error)
    }
}

/// Where the document is written: a page's bytes are gathered, then sent.
struct Out {
    sender: mpsc::Sender<Result<Vec<u8>, StorageError>>,
    buffer: Vec<u8>,
    max_rows: i64,
}

impl Out {
    fn text(&mut self, text: &str) {
        self.buffer.extend_from_slice(text.as_bytes());
    }

    fn json(&mut self, value: &impl Serialize) {
        serde_json::to_writer(&mut self.buffer, value).expect("rows serialise");
    }

    /// Sends what is gathered; waits while the reader is behind, for a
    /// while.
    async fn send(&mut self) -> Result<(), Stop> {
        let page = std::mem::take(&mut self.buffer);
        match tokio::time::timeout(READER_WAITED, self.sender.send(Ok(page))).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) | Err(_) => Err(Stop::ReaderGone),
        }
    }
}

/// One list of the document, its rows separated by commas.
struct List {
    rows: i64,
    max_rows: i64,
}

impl List {
    fn start(out: &mut Out, name: &str) -> List {
        out.text(&format!(",\"{name}\":["));
        List {
            rows: 0,
            max_rows: out.max_rows,
        }
    }

    /// Adds a row; false once the list is full.
    fn push(&mut self, out: &mut Out, row: &impl Serialize) -> bool {
        if self.rows >= self.max_rows {
            return false;
        }
        if self.rows > 0 {
            out.text(",");
        }
        out.json(row);
        self.rows += 1;
        true
    }

    fn end(self, out: &mut Out) {
        out.text("]");
    }
}

async fn write(
    services: &Services,
    customer: &CustomerId,
    head: Head,
    out: &mut Out,
) -> Result<(), Stop> {
    let db = &services.db;
    let mut truncated: Vec<&str> = Vec::new();
    // Decisions' reasons are told in the customer's own language.
    let language = head.preferences.language;
    // The head without its closing brace; the lists follow.
    let head = serde_json::to_string(&head).expect("the head serialises");
    out.text(&head[..head.len() - 1]);

    let mut list = List::start(out, "consent_ledger");
    let mut before = None;
    'ledger: loop {
        let page = db.ledger_of(customer, before, PAGE).await?;
        let last_page = (page.len() as i64) < PAGE;
        before = page.last().map(|e| e.seq);
        for e in page {
            let row = LedgerRow {
                version: e.version,
                actor: e.actor.to_string(),
                source: e.source,
                changed_at: DateTime::from_timestamp(e.changed_at, 0),
                before: e.before,
                after: e.after,
            };
            if !list.push(out, &row) {
                truncated.push("consent_ledger");
                break 'ledger;
            }
        }
        out.send().await?;
        if last_page {
            break;
        }
    }
    list.end(out);

    let mut list = List::start(out, "contact_attempts");
    let mut before: Option<(i64, String)> = None;
    'attempts: loop {
        let page = db.attempts_before(customer, before.clone(), PAGE).await?;
        let last_page = (page.len() as i64) < PAGE;
        before = page.last().map(|a| (a.at, a.attempt_id.clone()));
        for a in page {
            let row = AttemptRow {
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
            };
            if !list.push(out, &row) {
                truncated.push("contact_attempts");
                break 'attempts;
            }
        }
        out.send().await?;
        if last_page {
            break;
        }
    }
    list.end(out);

    // Decisions still in memory are the newest; one written meanwhile may
    // be read from both, and is written once.
    let mut list = List::start(out, "decisions");
    let mut pending = services.decision_log.pending_about(customer.as_str());
    pending.sort_by(|a, b| (b.decided_at, &b.decision_id).cmp(&(a.decided_at, &a.decision_id)));
    let from_memory: std::collections::HashSet<String> =
        pending.iter().map(|d| d.decision_id.clone()).collect();
    let decision_row = |d: KeptDecision| {
        let d = kept::read(d, language);
        DecisionRow {
            decided_at: DateTime::from_timestamp(d.decided_at, 0),
            request: parse(&d.request),
            answer: parse(&d.answer),
            decision_id: d.decision_id,
            asked_by: d.client,
            allowed: d.allowed,
        }
    };
    let mut full = false;
    for d in pending {
        if !list.push(out, &decision_row(d)) {
            full = true;
            break;
        }
    }
    let mut before: Option<(i64, String)> = None;
    while !full {
        let page = db.decisions_of(customer, before.clone(), PAGE).await?;
        let last_page = (page.len() as i64) < PAGE;
        before = page.last().map(|d| (d.decided_at, d.decision_id.clone()));
        for d in page {
            if from_memory.contains(&d.decision_id) {
                continue;
            }
            if !list.push(out, &decision_row(d)) {
                full = true;
                break;
            }
        }
        out.send().await?;
        if last_page {
            break;
        }
    }
    if full {
        truncated.push("decisions");
    }
    list.end(out);

    // Complaints are few (see crate::quotas): read at once.
    let mut list = List::start(out, "complaints");
    for c in complaints::of(db, customer).await? {
        let row = ComplaintRow {
            complaint_id: c.complaint_id,
            attempt_id: c.attempt_id,
            category: c.category.to_string(),
            details: c.details,
            status: c.status.to_string(),
            received_at: c.received_at,
            due_at: c.due_at,
            extended_reason: c.extended_reason,
            answer: c.answer,
        };
        list.push(out, &row);
    }
    list.end(out);
    out.text(",\"truncated\":");
    out.json(&truncated);
    out.text("}");
    out.send().await
}
