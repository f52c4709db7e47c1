//! Borrowers' complaints and their answers.

use reachguard_domain::CustomerId;

use crate::audit::{NewAuditEntry, append_audit};
use crate::{Database, StorageError, with_pool};

/// A complaint as stored. `category` and `status` hold the words of the
/// table's CHECK constraints; the use cases give them types.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ComplaintRecord {
    pub complaint_id: String,
    pub customer_id: String,
    pub attempt_id: Option<String>,
    pub category: String,
    pub details: String,
    pub status: String,
    pub received_at: i64,
    pub due_at: i64,
    pub extended_reason: Option<String>,
    pub assignee: Option<String>,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
}

const COLUMNS: &str =
    "complaint_id, customer_id, attempt_id, category, details, status, received_at,
    due_at, extended_reason, assignee, answer, answered_at";

impl Database {
    pub async fn insert_complaint(&self, complaint: &ComplaintRecord) -> Result<(), StorageError> {
        let sql = format!(
            "INSERT INTO complaints ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        );
        with_pool!(self, pool => sqlx::query(&sql)
            .bind(&complaint.complaint_id)
            .bind(&complaint.customer_id)
            .bind(&complaint.attempt_id)
            .bind(&complaint.category)
            .bind(&complaint.details)
            .bind(&complaint.status)
            .bind(complaint.received_at)
            .bind(complaint.due_at)
            .bind(&complaint.extended_reason)
            .bind(&complaint.assignee)
            .bind(&complaint.answer)
            .bind(complaint.answered_at)
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    /// The customer's complaints, newest first.
    pub async fn complaints_of(
        &self,
        customer: &CustomerId,
    ) -> Result<Vec<ComplaintRecord>, StorageError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM complaints WHERE customer_id = $1 ORDER BY received_at DESC, complaint_id DESC"
        );
        let rows = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(customer.as_str())
            .fetch_all(pool)
            .await)?;
        Ok(rows)
    }
}

/// Which complaints the queue shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// One status, or any.
    pub status: Option<String>,
    /// Only those still awaiting an answer after their due date at this
    /// instant.
    pub overdue_at: Option<i64>,
    pub assignee: Option<String>,
}

/// A complaint in the queue, with its customer's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedComplaint {
    pub complaint: ComplaintRecord,
    pub customer_name: String,
}

impl Database {
    pub async fn complaint(
        &self,
        complaint_id: &str,
    ) -> Result<Option<ComplaintRecord>, StorageError> {
        let sql = format!("SELECT {COLUMNS} FROM complaints WHERE complaint_id = $1");
        let row = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(complaint_id)
            .fetch_optional(pool)
            .await)?;
        Ok(row)
    }

    /// The queue: complaints matching `filter`, those due soonest first, at
    /// most `limit`.
    pub async fn complaints_queue(
        &self,
        filter: &QueueFilter,
        limit: i64,
    ) -> Result<Vec<QueuedComplaint>, StorageError> {
        let columns = COLUMNS
            .split(',')
            .map(|c| format!("k.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let null = |n: u8, kind: &str| match self {
            Database::Sqlite(_) => format!("${n} IS NULL"),
            Database::Postgres(_) => format!("${n}::{kind} IS NULL"),
        };
        let sql = format!(
            "SELECT {columns}, c.name AS customer_name FROM complaints k
             JOIN customers c ON c.customer_id = k.customer_id
             WHERE ({} OR k.status = $1)
               AND ({} OR (k.status IN ('open', 'in_progress') AND k.due_at < $2))
               AND ({} OR k.assignee = $3)
             ORDER BY k.due_at, k.complaint_id LIMIT $4",
            null(1, "text"),
            null(2, "bigint"),
            null(3, "text"),
        );
        let rows: Vec<QueueRow> = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(&filter.status)
            .bind(filter.overdue_at)
            .bind(&filter.assignee)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|row| QueuedComplaint {
                customer_name: row.customer_name,
                complaint: row.complaint,
            })
            .collect())
    }

    /// Writes a worker's step: `after` replaces `before` only if the
    /// complaint is still as `before` was read (no one else worked it
    /// meanwhile), with its audit entry in the same transaction. Returns
    /// whether it was written.
    pub async fn work_complaint(
        &self,
        before: &ComplaintRecord,
        after: &ComplaintRecord,
        audit: &NewAuditEntry,
    ) -> Result<bool, StorageError> {
        let written = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let written = sqlx::query(
                "UPDATE complaints SET status = $1, due_at = $2, extended_reason = $3, assignee = $4,
                   answer = $5, answered_at = $6
                 WHERE complaint_id = $7 AND status = $8 AND due_at = $9",
            )
            .bind(&after.status)
            .bind(after.due_at)
            .bind(&after.extended_reason)
            .bind(&after.assignee)
            .bind(&after.answer)
            .bind(after.answered_at)
            .bind(&before.complaint_id)
            .bind(&before.status)
            .bind(before.due_at)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if written {
                append_audit!(tx, audit);
            }
            tx.commit().await?;
            Ok::<bool, sqlx::Error>(written)
        })?;
        Ok(written)
    }
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    #[sqlx(flatten)]
    complaint: ComplaintRecord,
    customer_name: String,
}
