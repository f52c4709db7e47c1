//! Retention: kept decisions and contact attempts older than the bank keeps
//! them (five years unless set) are deleted once a day, in small batches,
//! so that the tables do not grow without end. Idempotency keys go after
//! 30 days, links in messages once they have expired, counts of wrong
//! passwords and codes a day after their last try (once any lock has
//! ended); customers' SMS messages with the decisions. The consent ledger, complaints (and the attempts they are
//! about, with the decisions those attempts cite) and the audit log are
//! records the bank keeps: never deleted here.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reachguard_storage::{Database, StorageError};

/// Five years, the default.
pub const DEFAULT_KEEP_DAYS: u32 = 5 * 365 + 1;
/// The shortest retention: well past the longest look-back of any cap.
pub const MIN_KEEP_DAYS: u32 = 90;
/// A retry comes within minutes; a month is generous.
pub const IDEMPOTENCY_KEEP_DAYS: i64 = 30;
/// Rows deleted per statement: each holds the write lock briefly.
pub const BATCH: i64 = 1_000;

/// What one run deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    pub decisions: u64,
    pub attempts: u64,
    pub idempotency_keys: u64,
    pub links: u64,
    pub inbound_messages: u64,
    pub signin_tries: u64,
}

/// Deletes everything older than `keep_days` before `now`, `batch` rows at a
/// time, yielding between batches so that other writers go first.
pub async fn prune(
    db: &Database,
    keep_days: u32,
    now: DateTime<Utc>,
    batch: i64,
) -> Result<Pruned, StorageError> {
    let before = (now - chrono::Duration::days(i64::from(keep_days))).timestamp();
    let keys_before = (now - chrono::Duration::days(IDEMPOTENCY_KEEP_DAYS)).timestamp();
    Ok(Pruned {
        decisions: in_batches(batch, || db.delete_decisions_before(before, batch)).await?,
        idempotency_keys: in_batches(batch, || {
            db.delete_idempotency_keys_before(keys_before, batch)
        })
        .await?,
        attempts: in_batches(batch, || db.delete_attempts_before(before, batch)).await?,
        links: in_batches(batch, || {
            db.delete_links_expired_before(now.timestamp(), batch)
        })
        .await?,
        inbound_messages: in_batches(batch, || db.delete_inbound_messages_before(before, batch))
            .await?,
        // A day after the last try the count starts again anyway
        // (crate::lock): the row is only kept for a lock still running.
        signin_tries: in_batches(batch, || {
            db.delete_old_tries(
                (now - crate::lock::TRIES_FORGOTTEN_AFTER).timestamp(),
                batch,
            )
        })
        .await?,
    })
}

/// Repeats `delete` until a round deletes less than a whole batch, yielding
/// between rounds so that other writers go first; how many it deleted.
async fn in_batches<F, Fut>(batch: i64, mut delete: F) -> Result<u64, StorageError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<u64, StorageError>>,
{
    let mut deleted = 0;
    loop {
        let n = delete().await?;
        deleted += n;
        if n < batch as u64 {
            return Ok(deleted);
        }
        tokio::task::yield_now().await;
    }
}

/// Prunes now and then every day; `keep_days` of 0 keeps everything.
pub fn prune_daily(db: Database, keep_days: u32) {
    if keep_days == 0 {
        return;
    }
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
        loop {
            every.tick().await;
            match prune(&db, keep_days, Utc::now(), BATCH).await {
                Ok(pruned) if pruned != Pruned::default() => {
                    tracing::info!(
                        decisions = pruned.decisions,
                        attempts = pruned.attempts,
                        idempotency_keys = pruned.idempotency_keys,
                        links = pruned.links,
                        inbound_messages = pruned.inbound_messages,
                        signin_tries = pruned.signin_tries,
                        keep_days,
                        "deleted records past their retention"
                    );
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "retention failed; trying again tomorrow"),
            }
        }
    });
}
