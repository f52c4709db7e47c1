//! Following the feed: each poll reads the rows after the last one seen
//! (and any numbers skipped, which on PostgreSQL may commit late), then
//! re-reads what they name.

use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use chrono::Utc;
use reachguard_domain::AttemptsNeeded;
use reachguard_storage::{FeedKind, StorageError, local_writes};

use super::Shared;

/// How often the feed is read when nothing wakes the follower.
pub(super) const POLL_EVERY: Duration = Duration::from_millis(200);
/// Rows read per query.
const ROWS_PER_POLL: i64 = 5_000;
/// A skipped number is looked for again this long: a transaction holds its
/// number for at most a few seconds (list swaps give up after 5), and one
/// rolled back never commits it.
const GAP_PATIENCE: Duration = Duration::from_secs(60);
/// More numbers skipped at once than this are not from transactions in
/// flight (PostgreSQL skips ahead after a crash): not looked for.
const MOST_GAPS: i64 = 1_000;
/// Attempts kept beyond the longest cap window (30 days), so that questions
/// asked about the last day are answered from memory too.
pub(super) const HISTORY: chrono::Duration = chrono::Duration::days(31);
/// Feed rows are deleted after a day; a server that was away longer
/// reloads its model when it starts.
const FEED_KEPT: chrono::Duration = chrono::Duration::days(1);
const TIDY_EVERY: Duration = Duration::from_secs(3600);
/// Customers whose old history is forgotten per hold of the model's lock:
/// a millisecond or so.
pub const FORGET_AT_ONCE: usize = 10_000;

/// Where this server is in the feed.
#[derive(Debug, Default)]
pub(super) struct Cursor {
    pub after: i64,
    /// Numbers below `after` not yet seen, with when they were first missed.
    gaps: BTreeMap<i64, Instant>,
}

/// Reads the feed until it is exhausted and applies what it names.
pub(super) async fn poll(shared: &Shared, cursor: &mut Cursor) -> Result<(), StorageError> {
    let began = shared.now_ms();
    let local = local_writes();
    loop {
        let now = Instant::now();
        cursor
            .gaps
            .retain(|_, missed| now.duration_since(*missed) < GAP_PATIENCE);
        let gaps: Vec<i64> = cursor.gaps.keys().copied().collect();
        let entries = shared
            .db
            .feed_after(cursor.after, &gaps, ROWS_PER_POLL)
            .await?;
        let full = entries.len() as i64 == ROWS_PER_POLL;
        let mut customers = HashSet::new();
        let (mut policy, mut list) = (false, false);
        let mut top = cursor.after;
        for entry in &entries {
            if entry.seq <= cursor.after {
                cursor.gaps.remove(&entry.seq);
            } else {
                if entry.seq - top <= MOST_GAPS {
                    for missing in top + 1..entry.seq {
                        cursor.gaps.insert(missing, now);
                    }
                }
                top = entry.seq;
            }
            match entry.kind {
                FeedKind::Customer | FeedKind::Attempt => {
                    customers.insert(entry.customer_id.clone());
                }
                FeedKind::Policy => policy = true,
                FeedKind::NationalList => list = true,
            }
        }
        if list {
            relist(shared).await?;
        }
        if !customers.is_empty() {
            reload(shared, customers.into_iter().collect()).await?;
        }
        if policy {
            shared.policy_generation.fetch_add(1, Ordering::AcqRel);
        }
        // Only once everything named is applied does the cursor move.
        cursor.after = top;
        if !full {
            break;
        }
    }
    shared.applied_local.fetch_max(local, Ordering::AcqRel);
    shared.polled_at.store(began, Ordering::Release);
    Ok(())
}

/// Re-reads the national-list flags of every customer's phones. Until it
/// is done, decisions read the database.
async fn relist(shared: &Shared) -> Result<(), StorageError> {
    shared.list_current.store(false, Ordering::Release);
    let listed: HashSet<String> = shared
        .db
        .listed_customer_phones()
        .await?
        .into_iter()
        .collect();
    shared
        .model
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .relist(&listed);
    shared.list_current.store(true, Ordering::Release);
    Ok(())
}

/// Re-reads these customers and their recent history.
async fn reload(shared: &Shared, ids: Vec<String>) -> Result<(), StorageError> {
    let history_from = shared
        .model
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .history_from;
    for ids in ids.chunks(1_000) {
        let customers = shared.db.model_customers_of(ids).await?;
        let mut attempts = shared
            .db
            .attempts_between(
                ids,
                history_from,
                i64::MAX,
                AttemptsNeeded {
                    calls: true,
                    marketing: true,
                },
            )
            .await?;
        let mut model = shared.model.write().unwrap_or_else(|e| e.into_inner());
        for customer in &customers {
            let known = model.customer(&customer.customer_id).is_some();
            if known || model.complete {
                let history = attempts.remove(&customer.customer_id).unwrap_or_default();
                // A refusal leaves the customer to the database.
                let _ = model.put(customer, &history);
            }
        }
    }
    Ok(())
}

/// Polls the feed when woken and every [`POLL_EVERY`], for as long as the
/// model is in use.
pub(super) async fn follow(weak: Weak<Shared>) {
    let mut failing = false;
    let mut tidied = Instant::now();
    loop {
        let Some(shared) = weak.upgrade() else { return };
        let polled = {
            let mut cursor = shared.cursor.lock().await;
            poll(&shared, &mut cursor).await
        };
        match polled {
            Ok(()) if failing => {
                failing = false;
                tracing::info!("the read model is following the feed again");
            }
            Ok(()) => {}
            Err(error) if !failing => {
                failing = true;
                tracing::warn!(%error, "the read model cannot read the feed: deciding from the database");
            }
            Err(_) => {}
        }
        if tidied.elapsed() >= TIDY_EVERY {
            tidied = Instant::now();
            let pass = tidy(&shared).await;
            tracing::debug!(?pass, "the read model forgot history no question reaches");
        }
        tokio::select! {
            () = shared.wake.notified() => {}
            () = tokio::time::sleep(POLL_EVERY) => {}
        }
    }
}

/// What one tidying pass took: how often it held the model's lock (a slice
/// of [`FORGET_AT_ONCE`] customers each time) and for how long at most,
/// which is what a decision could wait for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tidied {
    pub slices: usize,
    pub longest_hold: Duration,
    pub total: Duration,
}

/// Forgets history no question answered from memory reaches, and deletes
/// feed rows no follower needs.
pub(super) async fn tidy(shared: &Shared) -> Tidied {
    let began = Instant::now();
    let now = Utc::now();
    let from = (now - HISTORY).timestamp();
    let mut tidied = Tidied {
        slices: 0,
        longest_hold: Duration::ZERO,
        total: Duration::ZERO,
    };
    // A slice of customers per hold of the lock, decisions in between.
    let mut next = Some(0);
    while let Some(start) = next {
        let hold = {
            let mut model = shared.model.write().unwrap_or_else(|e| e.into_inner());
            let taken = Instant::now();
            next = model.forget_history_before(from, start, FORGET_AT_ONCE);
            taken.elapsed()
        };
        tidied.slices += 1;
        tidied.longest_hold = tidied.longest_hold.max(hold);
        tokio::task::yield_now().await;
    }
    if let Err(error) = shared
        .db
        .delete_feed_before((now - FEED_KEPT).timestamp())
        .await
    {
        tracing::warn!(%error, "old feed rows could not be deleted");
    }
    tidied.total = began.elapsed();
    tidied
}

/// On PostgreSQL, wakes the follower whenever feed rows are committed.
/// Reconnects after a failure; polling covers what is missed meanwhile.
pub(super) async fn listen(weak: Weak<Shared>) {
    loop {
        let Some(shared) = weak.upgrade() else { return };
        let db = shared.db.clone();
        let wake = Arc::downgrade(&shared);
        drop(shared);
        let listened = db
            .listen_to_feed(|| {
                if let Some(shared) = wake.upgrade() {
                    shared.wake.notify_one();
                }
            })
            .await;
        match listened {
            // SQLite: nothing to listen to.
            Ok(()) => return,
            Err(error) => {
                tracing::warn!(%error, "lost the feed's notifications; polling meanwhile");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}
