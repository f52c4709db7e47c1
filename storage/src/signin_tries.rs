//! Tries at a password or code, counted before it is checked (see
//! migration 0008): one lock for borrowers, staff and activation codes.
//! The rules (how many tries, how long a lock) are the caller's; here they
//! are applied in one statement, so that tries in parallel are each
//! counted and none slips past a lock another has just set.

use crate::{Database, StorageError, with_pool};

/// What a try is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TryKind {
    /// A borrower's sign-in or current password.
    Borrower,
    /// A member of staff's sign-in, password or second factor.
    Staff,
    /// An activation code.
    Activation,
}

impl TryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TryKind::Borrower => "borrower",
            TryKind::Staff => "staff",
            TryKind::Activation => "activation",
        }
    }
}

/// How the lock grows: after `failures` tries not followed by a success,
/// locked for `seconds`; beyond the last step, `after_steps` seconds at
/// every `every`th try.
#[derive(Debug, Clone)]
pub struct LockSteps {
    pub steps: Vec<(i64, i64)>,
    pub every: i64,
    pub after_steps: i64,
}

/// What counting a try found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Counted: this many tries in a row so far, and the lock this one
    /// set, if it reached a step (it still gets its answer checked).
    Counted {
        tries: i64,
        locked_until: Option<i64>,
    },
    /// Locked before this try: not counted, not to be checked.
    Locked { until: i64 },
}

impl Database {
    /// Counts a try at `login` at `now` (tries before `forget_before`
    /// forgotten), unless it is locked.
    pub async fn count_try(
        &self,
        kind: TryKind,
        login: &str,
        now: i64,
        forget_before: i64,
        steps: &LockSteps,
    ) -> Result<Counted, StorageError> {
        // The new count, written once: every expression of an UPDATE sees
        // the row as it was.
        let next = "(CASE WHEN last_failed_at IS NULL OR last_failed_at < $4 THEN 1 ELSE failures + 1 END)";
        let mut lock = format!("CASE {next}");
        for (failures, seconds) in &steps.steps {
            lock.push_str(&format!(" WHEN {failures} THEN $3 + {seconds}"));
        }
        let last = steps.steps.last().map_or(0, |(failures, _)| *failures);
        lock.push_str(&format!(
            " ELSE CASE WHEN {next} > {last} AND {next} % {} = 0 THEN $3 + {} ELSE locked_until END END",
            steps.every, steps.after_steps
        ));
        let sql = format!(
            "UPDATE signin_tries SET failures = {next}, last_failed_at = $3, locked_until = {lock}
             WHERE kind = $1 AND login = $2 AND (locked_until IS NULL OR locked_until <= $3)
             RETURNING failures, locked_until"
        );
        let counted: Option<(i64, Option<i64>)> = with_pool!(self, pool => {
            sqlx::query(
                "INSERT INTO signin_tries (kind, login, failures) VALUES ($1, $2, 0)
                 ON CONFLICT (kind, login) DO NOTHING",
            )
            .bind(kind.as_str())
            .bind(login)
            .execute(pool)
            .await?;
            sqlx::query_as(&sql)
                .bind(kind.as_str())
                .bind(login)
                .bind(now)
                .bind(forget_before)
                .fetch_optional(pool)
                .await
        })?;
        match counted {
            Some((tries, locked_until)) => Ok(Counted::Counted {
                tries,
                locked_until: locked_until.filter(|until| *until > now),
            }),
            None => Ok(Counted::Locked {
                until: self.try_lock(kind, login).await?.unwrap_or(now),
            }),
        }
    }

    /// When `login`'s lock ends, if it has one (it may have ended).
    pub async fn try_lock(&self, kind: TryKind, login: &str) -> Result<Option<i64>, StorageError> {
        let row: Option<(Option<i64>,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT locked_until FROM signin_tries WHERE kind = $1 AND login = $2",
        )
        .bind(kind.as_str())
        .bind(login)
        .fetch_optional(pool)
        .await)?;
        Ok(row.and_then(|(until,)| until))
    }

    /// Takes back one counted try that turned out right but asked for
    /// more (a member of staff's right password, before the code), and the
    /// lock it set, if it set one.
    pub async fn uncount_try(
        &self,
        kind: TryKind,
        login: &str,
        lift_lock: bool,
    ) -> Result<(), StorageError> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE signin_tries SET failures = failures - 1,
               locked_until = CASE WHEN $3 THEN NULL ELSE locked_until END
             WHERE kind = $1 AND login = $2 AND failures > 0",
        )
        .bind(kind.as_str())
        .bind(login)
        .bind(lift_lock)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// A success (or staff lifting a lock) starts the count again.
    pub async fn clear_tries(&self, kind: TryKind, login: &str) -> Result<(), StorageError> {
        with_pool!(self, pool => sqlx::query("DELETE FROM signin_tries WHERE kind = $1 AND login = $2")
            .bind(kind.as_str())
            .bind(login)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// Forgets up to `batch` counts whose last try was before `before` and
    /// whose lock has ended: unknown logins typed once must not pile up.
    pub async fn delete_old_tries(&self, before: i64, batch: i64) -> Result<u64, StorageError> {
        let deleted = with_pool!(self, pool => sqlx::query(
            "DELETE FROM signin_tries WHERE (kind, login) IN (
                 SELECT kind, login FROM signin_tries
                 WHERE last_failed_at < $1
                   AND (locked_until IS NULL OR locked_until < $1)
                 LIMIT $2)",
        )
        .bind(before)
        .bind(batch)
        .execute(pool)
        .await?
        .rows_affected());
        Ok(deleted)
    }
}
