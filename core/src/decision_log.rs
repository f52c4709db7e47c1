//! Keeps every decision, written behind the answer so that a bank system
//! never waits on the audit write. A decision is in the database at most
//! [`WRITE_WITHIN`] after it was made, under any traffic: the deadline runs
//! from the first decision of each batch, not from the last quiet moment.
//! The queue is bounded: when the database is slower than the traffic, new
//! decisions wait for room (back-pressure on the requests) rather than pile
//! up in memory. A failed write is retried until it succeeds, at shutdown
//! too. Until a decision is written it can still be read back from memory.
//!
//! A request's decisions go to the writer together, as one message, and are
//! shared (not copied) with the map that reads them back: at tens of
//! thousands of decisions a second, a message and four copied strings per
//! decision were a large part of what deciding cost.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reachguard_storage::{Database, KeptDecision};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};
use tokio::time::Instant;

/// The longest a decision waits before its batch is written.
pub const WRITE_WITHIN: Duration = Duration::from_millis(200);
/// A batch is written once it holds this many decisions (or at its
/// deadline), and never holds more: large, because each transaction costs
/// its commit, and the pages of the customer index it touches are written
/// once for all of its decisions.
const MAX_BATCH: usize = 10_000;
/// Decisions waiting to be written at most: one batch being written and
/// the next filling meanwhile.
pub const QUEUE: usize = 2 * MAX_BATCH;
/// Between tries of a failed write; doubles up to a few seconds.
const FIRST_RETRY: Duration = Duration::from_millis(100);
const LONGEST_RETRY: Duration = Duration::from_secs(5);

type Pending = Mutex<HashMap<String, Arc<KeptDecision>>>;

enum Message {
    /// Decisions to write, and the room in the queue they hold until they
    /// are written.
    Keep(Vec<Arc<KeptDecision>>, OwnedSemaphorePermit),
    Flush(oneshot::Sender<()>),
}

#[derive(Clone, Debug)]
pub struct DecisionLog {
    sender: mpsc::UnboundedSender<Message>,
    /// A permit for each decision that may wait to be written.
    room: Arc<Semaphore>,
    pending: Arc<Pending>,
}

impl DecisionLog {
    /// Starts the writer on the current runtime.
    pub fn start(db: Database) -> DecisionLog {
        let (sender, receiver) = mpsc::unbounded_channel();
        let pending = Arc::new(Mutex::new(HashMap::new()));
        tokio::spawn(write_behind(db, receiver, pending.clone()));
        DecisionLog {
            sender,
            room: Arc::new(Semaphore::new(QUEUE)),
            pending,
        }
    }

    /// Queues the decision for writing; waits while the queue is full.
    pub async fn keep(&self, decision: KeptDecision) {
        self.keep_all(vec![decision]).await;
    }

    /// Queues decisions for writing, in order; waits while the queue is
    /// full. More than a batch's worth go in parts.
    pub async fn keep_all(&self, mut decisions: Vec<KeptDecision>) {
        while !decisions.is_empty() {
            let rest = decisions.split_off(decisions.len().min(MAX_BATCH));
            let part: Vec<Arc<KeptDecision>> = decisions.into_iter().map(Arc::new).collect();
            decisions = rest;
            let room = u32::try_from(part.len()).expect("at most a batch's worth");
            let Ok(room) = self.room.clone().acquire_many_owned(room).await else {
                return; // never closed
            };
            {
                let mut pending = self.pending.lock().expect("decision log lock");
                for decision in &part {
                    pending.insert(decision.decision_id.clone(), decision.clone());
                }
            }
            // The writer only stops when every sender is gone; a decision
            // made after that stays in `pending` for this process's lifetime.
            let _ = self.sender.send(Message::Keep(part, room));
        }
    }

    /// A decision not yet written.
    pub fn pending(&self, decision_id: &str) -> Option<KeptDecision> {
        self.pending
            .lock()
            .expect("decision log lock")
            .get(decision_id)
            .map(|d| KeptDecision::clone(d))
    }

    /// Decisions about `customer` not yet written (at most a queue's worth
    /// to look through).
    pub fn pending_about(&self, customer: &str) -> Vec<KeptDecision> {
        self.pending
            .lock()
            .expect("decision log lock")
            .values()
            .filter(|d| d.customer_id.as_deref() == Some(customer))
            .map(|d| KeptDecision::clone(d))
            .collect()
    }

    /// Decisions kept and not yet written.
    pub fn waiting(&self) -> usize {
        self.pending.lock().expect("decision log lock").len()
    }

    /// Writes everything kept so far; returns when it is in the database.
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.sender.send(Message::Flush(done)).is_ok() {
            let _ = wait.await;
        }
    }
}

async fn write_behind(
    db: Database,
    mut receiver: mpsc::UnboundedReceiver<Message>,
    pending: Arc<Pending>,
) {
    let mut batch: Vec<Arc<KeptDecision>> = Vec::new();
    // The room the batch's decisions hold, given back once they are written.
    let mut room: Vec<OwnedSemaphorePermit> = Vec::new();
    let mut waiting = Vec::new();
    // When the current batch must be written: set by its first decision.
    let mut deadline: Option<Instant> = None;
    loop {
        let message = match deadline {
            Some(at) => tokio::time::timeout_at(at, receiver.recv()).await,
            None => Ok(receiver.recv().await),
        };
        let write_now = match message {
            Ok(Some(Message::Keep(decisions, held))) => {
                // A transaction holds at most MAX_BATCH decisions: what is
                // waiting goes first when these would take it over.
                if !batch.is_empty() && batch.len() + decisions.len() > MAX_BATCH {
                    write(&db, &mut batch, &mut room, &pending).await;
                    deadline = None;
                }
                deadline.get_or_insert_with(|| Instant::now() + WRITE_WITHIN);
                batch.extend(decisions);
                room.push(held);
                batch.len() >= MAX_BATCH
            }
            Ok(Some(Message::Flush(done))) => {
                waiting.push(done);
                true
            }
            Ok(None) => {
                // Every sender is gone: the server is stopping.
                write(&db, &mut batch, &mut room, &pending).await;
                for done in waiting.drain(..) {
                    let _ = done.send(());
                }
                return;
            }
            Err(_deadline) => true,
        };
        if write_now {
            write(&db, &mut batch, &mut room, &pending).await;
            deadline = None;
            for done in waiting.drain(..) {
                let _ = done.send(());
            }
        }
    }
}

/// Writes the batch, trying again until the database takes it: a decision
/// answered is never dropped. Meanwhile the bounded queue fills and holds
/// back new requests; once written, the batch's room is given back.
async fn write(
    db: &Database,
    batch: &mut Vec<Arc<KeptDecision>>,
    room: &mut Vec<OwnedSemaphorePermit>,
    pending: &Pending,
) {
    if batch.is_empty() {
        return;
    }
    let mut wait = FIRST_RETRY;
    let mut tries = 0u32;
    loop {
        match db.keep_decisions(batch).await {
            Ok(()) => {
                let mut pending = pending.lock().expect("decision log lock");
                for decision in batch.drain(..) {
                    pending.remove(&decision.decision_id);
                }
                room.clear();
                if tries > 0 {
                    tracing::info!(tries, "kept decisions after retrying");
                }
                return;
            }
            Err(error) => {
                tries += 1;
                tracing::error!(%error, tries, kept = batch.len(), "cannot keep decisions yet; trying again");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(LONGEST_RETRY);
            }
        }
    }
}
