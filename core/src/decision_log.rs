//! Keeps every decision, written behind the answer so that a bank system
//! never waits on the audit write: batches go to the database at least every
//! 200 ms, and shutdown flushes what is left. Until a decision is written it
//! can still be read back from memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reachguard_storage::{Database, KeptDecision};
use tokio::sync::{mpsc, oneshot};

const FLUSH_EVERY: Duration = Duration::from_millis(200);
const MAX_BATCH: usize = 2_000;

enum Message {
    Keep(KeptDecision),
    Flush(oneshot::Sender<()>),
}

#[derive(Clone, Debug)]
pub struct DecisionLog {
    sender: mpsc::UnboundedSender<Message>,
    pending: Arc<Mutex<HashMap<String, KeptDecision>>>,
}

impl DecisionLog {
    /// Starts the writer on the current runtime.
    pub fn start(db: Database) -> DecisionLog {
        let (sender, receiver) = mpsc::unbounded_channel();
        let pending = Arc::new(Mutex::new(HashMap::new()));
        tokio::spawn(write_behind(db, receiver, pending.clone()));
        DecisionLog { sender, pending }
    }

    pub fn keep(&self, decision: KeptDecision) {
        self.pending
            .lock()
            .expect("decision log lock")
            .insert(decision.decision_id.clone(), decision.clone());
        // The writer only stops after a flush at shutdown; a decision made
        // after that is still in `pending` for this process's lifetime.
        let _ = self.sender.send(Message::Keep(decision));
    }

    /// A decision not yet written.
    pub fn pending(&self, decision_id: &str) -> Option<KeptDecision> {
        self.pending
            .lock()
            .expect("decision log lock")
            .get(decision_id)
            .cloned()
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
    pending: Arc<Mutex<HashMap<String, KeptDecision>>>,
) {
    let mut batch = Vec::new();
    let mut waiting = Vec::new();
    loop {
        let message = tokio::time::timeout(FLUSH_EVERY, receiver.recv()).await;
        match message {
            Ok(Some(Message::Keep(decision))) => {
                batch.push(decision);
                if batch.len() < MAX_BATCH {
                    continue;
                }
            }
            Ok(Some(Message::Flush(done))) => waiting.push(done),
            Ok(None) => {
                write(&db, &mut batch, &pending).await;
                return;
            }
            Err(_timeout) => {}
        }
        write(&db, &mut batch, &pending).await;
        for done in waiting.drain(..) {
            let _ = done.send(());
        }
    }
}

async fn write(
    db: &Database,
    batch: &mut Vec<KeptDecision>,
    pending: &Mutex<HashMap<String, KeptDecision>>,
) {
    if batch.is_empty() {
        return;
    }
    // A failed write is retried with the next batch rather than lost.
    for attempt in 0..3 {
        match db.keep_decisions(batch).await {
            Ok(()) => {
                let mut pending = pending.lock().expect("decision log lock");
                for decision in batch.drain(..) {
                    pending.remove(&decision.decision_id);
                }
                return;
            }
            Err(error) => {
                tracing::error!(%error, attempt, kept = batch.len(), "cannot keep decisions yet");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}
