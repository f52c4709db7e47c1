//! Borrowers' complaints and their answers.

use reachguard_domain::CustomerId;

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
