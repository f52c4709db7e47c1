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
mod connect;
mod customers;
mod decisions;
mod dnc;
mod ledger;
mod policy;

pub use accounts::{ApiClient, CreateError};
pub use attempts::NewAttempt;
pub use connect::{ConnectError, DEFAULT_DATABASE_URL};
pub use customers::{ContactData, CustomerRecord, PutCustomerError, PutOutcome};
pub use decisions::KeptDecision;
pub use ledger::{Change, WritePreferencesError};
pub use reachguard_domain::Source;

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

/// A query failed. The details are for the log, not for the person asking.
#[derive(Debug, thiserror::Error)]
#[error("database error: {0}")]
pub struct StorageError(#[from] sqlx::Error);

/// Ids per `IN (…)` list: well under SQLite's and PostgreSQL's parameter limits.
pub(crate) const IN_LIST_CHUNK: usize = 500;

/// `$first, $first+1, …` for `n` parameters.
pub(crate) fn in_list(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(",")
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
    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await)
    }
}

#[cfg(any(test, feature = "testing"))]
pub mod testing;

#[cfg(test)]
mod tests;
