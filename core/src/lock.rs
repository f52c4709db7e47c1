//! One lock for every door a password or code opens: a borrower's sign-in
//! and password page, a member of staff's sign-in, password and second
//! factor, and activation codes.
//!
//! A try is counted before its password or code is checked (so tries sent
//! in parallel are each counted, and none is checked past a lock another
//! has just set), and a success starts the count again. Five tries in a row
//! that do not succeed lock the login for 15 minutes, each further five
//! twice as long, at most a day; tries a day apart start again. A login
//! that does not exist is counted and locked the same way, so the answers
//! never tell which exist.

use chrono::{DateTime, Duration, Utc};
use reachguard_domain::audit::AuditAction;
use reachguard_storage::{Counted, Database, LockSteps, StorageError, TryKind};

/// Tries in a row before a login is locked for a while.
pub const TRIES_BEFORE_LOCK: i64 = 5;
/// The first lock; each further run of tries doubles it, up to a day.
pub const FIRST_LOCK: Duration = Duration::minutes(15);
/// Tries further apart than this start the count again, so that a few
/// mistyped passwords a day never add up to a lock.
pub const TRIES_FORGOTTEN_AFTER: Duration = Duration::hours(24);
const LONGEST_LOCK: Duration = Duration::days(1);

/// The lock after `tries` tries in a row: none until the fifth, then 15
/// minutes at every fifth, doubling each time, at most a day.
pub fn lock_after(tries: i64) -> Option<Duration> {
    if tries < TRIES_BEFORE_LOCK || tries % TRIES_BEFORE_LOCK != 0 {
        return None;
    }
    let runs = (tries / TRIES_BEFORE_LOCK - 1).min(7) as u32;
    Some((FIRST_LOCK * 2i32.pow(runs)).min(LONGEST_LOCK))
}

/// [`lock_after`] as the steps storage applies in one statement.
fn steps() -> LockSteps {
    let steps: Vec<(i64, i64)> = (1..=8)
        .map(|run| run * TRIES_BEFORE_LOCK)
        .filter_map(|tries| lock_after(tries).map(|lock| (tries, lock.num_seconds())))
        .collect();
    LockSteps {
        steps,
        every: TRIES_BEFORE_LOCK,
        after_steps: LONGEST_LOCK.num_seconds(),
    }
}

/// A try that may be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Try {
    /// The lock this try set: when its password or code is wrong, the
    /// answer is "locked until" this.
    pub locks_until: Option<DateTime<Utc>>,
}

/// The login is locked: the try is not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many tries: try again after {until}")]
pub struct Locked {
    pub until: DateTime<Utc>,
}

fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// Counts a try at `login` before it is checked.
pub async fn count_try(
    db: &Database,
    kind: TryKind,
    login: &str,
    now: DateTime<Utc>,
) -> Result<Result<Try, Locked>, StorageError> {
    let forget_before = (now - TRIES_FORGOTTEN_AFTER).timestamp();
    let counted = db
        .count_try(kind, login, now.timestamp(), forget_before, &steps())
        .await?;
    Ok(match counted {
        Counted::Counted { locked_until, .. } => Ok(Try {
            locks_until: locked_until.map(instant),
        }),
        Counted::Locked { until } => Err(Locked {
            until: instant(until),
        }),
    })
}

/// The try was right but only a first step (a password before its code):
/// it is not counted after all, nor is the lock it set.
pub async fn not_a_failure(
    db: &Database,
    kind: TryKind,
    login: &str,
    counted: Try,
) -> Result<(), StorageError> {
    db.uncount_try(kind, login, counted.locks_until.is_some())
        .await
}

/// The try succeeded: the count starts again.
pub async fn succeeded(db: &Database, kind: TryKind, login: &str) -> Result<(), StorageError> {
    db.clear_tries(kind, login).await
}

/// Lifts a borrower's locks, on sign-in and on activation, at their
/// request to `actor` (staff); audited.
pub async fn unlock_borrower(
    db: &Database,
    customer: &reachguard_domain::CustomerId,
    actor: &str,
) -> Result<(), StorageError> {
    db.clear_tries(TryKind::Borrower, customer.as_str()).await?;
    db.clear_tries(TryKind::Activation, customer.as_str())
        .await?;
    db.audit(&reachguard_storage::NewAuditEntry::new(
        Utc::now().timestamp(),
        actor,
        AuditAction::CustomerUnlock,
        customer.as_str(),
        serde_json::json!({}),
    ))
    .await?;
    Ok(())
}

/// When `login` is locked until, if it is now.
pub async fn locked_until(
    db: &Database,
    kind: TryKind,
    login: &str,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, StorageError> {
    Ok(db
        .try_lock(kind, login)
        .await?
        .map(instant)
        .filter(|until| *until > now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_locks_at_every_fifth_try_for_longer_each_time() {
        for n in [1, 2, 3, 4, 6, 9] {
            assert_eq!(lock_after(n), None, "{n}");
        }
        assert_eq!(lock_after(5), Some(Duration::minutes(15)));
        assert_eq!(lock_after(10), Some(Duration::minutes(30)));
        assert_eq!(lock_after(500), Some(Duration::days(1)));
    }

    #[test]
    fn the_steps_storage_applies_are_the_same_rule() {
        let steps = steps();
        assert_eq!(steps.steps[0], (5, 900));
        assert_eq!(steps.steps.last(), Some(&(40, 86_400)));
        for (tries, seconds) in steps.steps {
            assert_eq!(lock_after(tries).map(|l| l.num_seconds()), Some(seconds));
        }
        assert_eq!(
            lock_after(45).map(|l| l.num_seconds()),
            Some(steps.after_steps)
        );
    }
}
