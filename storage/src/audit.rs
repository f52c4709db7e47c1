//! The audit log: appended in the same transaction as the change it
//! records, chained by hash (see `reachguard_domain::audit`), read with
//! filters, and walked in batches to verify.

use reachguard_domain::audit::{AuditAction, AuditEntry};
use serde_json::Value;

use crate::{Database, StorageError, with_pool};

/// An entry about to be appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAuditEntry {
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub subject: String,
    /// JSON.
    pub details: String,
}

impl NewAuditEntry {
    pub fn new(
        at: i64,
        actor: &str,
        action: AuditAction,
        subject: &str,
        details: Value,
    ) -> NewAuditEntry {
        NewAuditEntry {
            at,
            actor: actor.to_owned(),
            action: action.as_str().to_owned(),
            subject: subject.to_owned(),
            details: details.to_string(),
        }
    }
}

/// Appends `$entry` (a `&NewAuditEntry`) inside the transaction `$tx` of
/// either backend and evaluates to its seq. Updating the head first makes
/// appenders take turns: PostgreSQL locks the row, SQLite the database.
macro_rules! append_audit {
    ($tx:expr, $entry:expr) => {{
        let entry: &$crate::audit::NewAuditEntry = $entry;
        let (seq, prev_hash): (i64, String) =
            sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE one = 1 RETURNING seq, hash")
                .fetch_one(&mut *$tx)
                .await?;
        let hash = reachguard_domain::audit::entry_hash(
            &prev_hash,
            seq,
            entry.at,
            &entry.actor,
            &entry.action,
            &entry.subject,
            &entry.details,
        );
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE one = 1")
            .bind(&hash)
            .execute(&mut *$tx)
            .await?;
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(seq)
        .bind(entry.at)
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.subject)
        .bind(&entry.details)
        .bind(&prev_hash)
        .bind(&hash)
        .execute(&mut *$tx)
        .await?;
        seq
    }};
}
pub(crate) use append_audit;

/// Which entries to read; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Exactly this actor (`staff:wang`, `customer`).
    pub actor: Option<String>,
    /// Actions starting with this (`api_key` finds `api_key.revoke`).
    pub action: Option<String>,
    /// Exactly this subject (a customer number, a key's name).
    pub subject: Option<String>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub until: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    seq: i64,
    at: i64,
    actor: String,
    action: String,
    subject: String,
    details: String,
    prev_hash: String,
    hash: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(row: AuditRow) -> AuditEntry {
        AuditEntry {
            seq: row.seq,
            at: row.at,
            actor: row.actor,
            action: row.action,
            subject: row.subject,
            details: row.details,
            prev_hash: row.prev_hash,
            hash: row.hash,
        }
    }
}

impl Database {
    /// Appends one entry on its own.
    pub async fn audit(&self, entry: &NewAuditEntry) -> Result<i64, StorageError> {
        let seq = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let seq = append_audit!(tx, entry);
            tx.commit().await?;
            Ok::<i64, sqlx::Error>(seq)
        })?;
        Ok(seq)
    }

    /// Entries matching `filter` with seq below `before` (all when `None`),
    /// newest first, at most `limit`.
    pub async fn audit_entries(
        &self,
        filter: &AuditFilter,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StorageError> {
        // Each filter is a condition that holds when its parameter is NULL,
        // so one statement serves every combination.
        let sql = "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log
             WHERE ($1 IS NULL OR actor = $1)
               AND ($2 IS NULL OR substr(action, 1, length($2)) = $2)
               AND ($3 IS NULL OR subject = $3)
               AND ($4 IS NULL OR at >= $4)
               AND ($5 IS NULL OR at < $5)
               AND seq < $6
             ORDER BY seq DESC LIMIT $7";
        let rows: Vec<AuditRow> = with_pool!(self, pool => sqlx::query_as(
            // PostgreSQL cannot infer a type for a parameter only compared
            // with NULL; the casts name it.
            &cast_for(self, sql),
        )
        .bind(&filter.actor)
        .bind(&filter.action)
        .bind(&filter.subject)
        .bind(filter.from)
        .bind(filter.until)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// Entries with seq above `after`, in order, at most `limit`: the walk
    /// that verifies the chain.
    pub async fn audit_chain(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StorageError> {
        let rows: Vec<AuditRow> = with_pool!(self, pool => sqlx::query_as(
            "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_log
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    /// The end of the chain: the last seq and its hash.
    pub async fn audit_head(&self) -> Result<(i64, String), StorageError> {
        let head = with_pool!(self, pool => sqlx::query_as(
            "SELECT seq, hash FROM audit_head WHERE one = 1",
        )
        .fetch_one(pool)
        .await)?;
        Ok(head)
    }
}

/// The audit filter's statement for the backend: PostgreSQL needs the
/// types of parameters that are only compared with NULL.
fn cast_for(db: &Database, sql: &str) -> String {
    match db {
        Database::Sqlite(_) => sql.to_owned(),
        Database::Postgres(_) => sql
            .replace("$1 IS NULL", "$1::text IS NULL")
            .replace("$2 IS NULL", "$2::text IS NULL")
            .replace("$3 IS NULL", "$3::text IS NULL")
            .replace("$4 IS NULL", "$4::bigint IS NULL")
            .replace("$5 IS NULL", "$5::bigint IS NULL"),
    }
}
