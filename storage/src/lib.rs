//! Reachguard's storage.
//!
//! One [`Database`] type over two backends: SQLite, the embedded default that
//! needs nothing installed, and PostgreSQL, the production store that several
//! app servers can share. Queries are written once in SQL both accept
//! (`$1` placeholders, integer instants) and run on whichever pool is open;
//! the [`with_pool!`] macro expands a body once per backend so that each copy
//! is type-checked against its own driver.

mod accounts;
mod attempts;
pub mod audit;
mod backup;
mod care;
mod complaints;
mod connect;
mod customers;
mod dashboard;
mod decisions;
mod dnc;
mod feed;
pub mod files;
mod history;
mod inbound;
mod ledger;
mod logins;
mod policy;
mod quotas;
mod replay;
mod retention;
mod search;
mod signin_tries;
mod staff;
mod topics;
mod totals;

pub use accounts::{ApiClient, ApiClientListing, CreateError, LAST_USED_PRECISION};
pub use attempts::{IdempotencyKey, NewAttempt, RecordedOnce};
pub use audit::{AuditFilter, NewAuditEntry};
pub use backup::{BackupError, backup_sqlite};
pub use care::{CareChange, CareRecord};
pub use complaints::{ComplaintRecord, QueueFilter, QueuedComplaint};
pub use connect::{ConnectError, DEFAULT_DATABASE_URL};
pub use customers::{ContactData, CustomerRecord, PutCustomerError, PutOutcome};
pub use dashboard::{ComplaintsOnDay, DecisionsOnDay, OptOuts};
pub use decisions::KeptDecision;
pub use dnc::{NationalListLoad, NationalListUpload};
pub use feed::{FeedEntry, FeedKind, ModelCustomer, local_writes};
pub use history::{AttemptRecord, LedgerEntry};
pub use inbound::{InboundAnswer, InboundMessage, LinkRecord, NewLink, Recorded, WaitingMessage};
pub use ledger::{Change, ChangeBy, PreferenceChange, WritePreferencesError};
pub use logins::{ActivationCode, CustomerLogin};
pub use policy::PolicyVersion;
pub use reachguard_domain::{Source, Via};
pub use replay::KnownAttempt;
pub use search::CustomerHit;
pub use signin_tries::{Counted, LockSteps, TryKind};
pub use staff::{StaffAccount, StaffChange, StaffLogin};

use sqlx::{PgPool, SqlitePool};

/// A connection pool to one of the two supported databases.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool of `$db`.
#[macro_export]
macro_rules! with_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::Database::Sqlite($pool) => $body,
            $crate::Database::Postgres($pool) => $body,
        }
    };
}

/// The VALUES of a multi-row INSERT of `rows` rows of `columns` parameters
/// each (one row: an `IN` list), in the transaction's backend: `($1,$2,…),(…)` on PostgreSQL,
/// `(?,?,…),(…)` on SQLite. sqlx finds each of SQLite's numbered
/// parameters by walking its list of names, so a statement of n of them
/// costs n² steps to bind (a tenth of a batch's time with 448); anonymous
/// ones are bound by position.
pub(crate) fn value_rows<DB: sqlx::Database>(
    _: &sqlx::Transaction<'_, DB>,
    rows: usize,
    columns: usize,
) -> String {
    let anonymous = DB::NAME == <sqlx::Sqlite as sqlx::Database>::NAME;
    (0..rows)
        .map(|row| {
            let params: Vec<String> = (1..=columns)
                .map(|c| {
                    if anonymous {
                        "?".to_owned()
                    } else {
                        format!("${}", row * columns + c)
                    }
                })
                .collect();
            format!("({})", params.join(","))
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A query failed. The details are for the log, not for the person asking.
#[derive(Debug, thiserror::Error)]
#[error("database error: {0}")]
pub struct StorageError(#[from] sqlx::Error);

impl Database {
    /// A condition that a column is one of `items`, which are bound as the
    /// one parameter `$n` with [`list_param`].
    ///
    /// A list passed as one JSON parameter keeps a batch of 10,000 ids to one
    /// query. (An `IN ($1, …, $500)` list costs quadratically in SQLite, whose
    /// parameter names sqlx looks up one by one on every execution.) A single
    /// item, the common case of one decision, is a plain comparison.
    pub(crate) fn one_of(&self, n: usize, items: &[String]) -> String {
        match (self, items.len()) {
            (_, 1) => format!("= ${n}"),
            (Database::Sqlite(_), _) => format!("IN (SELECT value FROM json_each(${n}))"),
            (Database::Postgres(_), _) => {
                format!("IN (SELECT jsonb_array_elements_text(${n}::jsonb))")
            }
        }
    }
}

/// The parameter that [`Database::one_of`] compares with.
pub(crate) fn list_param(items: &[String]) -> String {
    match items {
        [one] => one.clone(),
        many => serde_json::to_string(many).expect("strings always serialize"),
    }
}

/// Whether a query failed on a unique constraint, by the driver's own kind
/// rather than by the wording of its message.
pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

impl Database {
    /// `sqlite` or `postgres`, for logs and the health answer.
    pub fn backend(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "sqlite",
            Database::Postgres(_) => "postgres",
        }
    }

    /// Whether the database answers a trivial query right now.
    pub async fn ping(&self) -> Result<(), StorageError> {
        with_pool!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// Closes every connection, waiting for those in use to be returned.
    /// The connection pool now: (open, idle, most allowed).
    pub fn pool_use(&self) -> (u32, u32, u32) {
        with_pool!(self, pool => (
            pool.size(),
            u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
            pool.options().get_max_connections(),
        ))
    }

    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await)
    }
}

#[cfg(any(test, feature = "testing"))]
pub mod testing;

#[cfg(test)]
mod tests;
