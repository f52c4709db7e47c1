//! What one customer has asked for lately, counted for their quotas.

use crate::{Database, StorageError, with_pool};

impl Database {
    /// Decisions asked by `client` about `customer` since `since`.
    pub async fn decisions_asked_since(
        &self,
        customer: &str,
        client: &str,
        since: i64,
    ) -> Result<i64, StorageError> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM decisions WHERE customer_id = $1 AND decided_at >= $2 AND client = $3",
        )
        .bind(customer)
        .bind(since)
        .bind(client)
        .fetch_one(pool)
        .await)?;
        Ok(n)
    }

    /// Preference changes made by `actor` to `customer`'s preferences since
    /// `since`.
    pub async fn changes_by_since(
        &self,
        customer: &str,
        actor: &str,
        since: i64,
    ) -> Result<i64, StorageError> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM consent_ledger WHERE customer_id = $1 AND changed_at >= $2 AND actor = $3",
        )
        .bind(customer)
        .bind(since)
        .bind(actor)
        .fetch_one(pool)
        .await)?;
        Ok(n)
    }

    /// The customer's complaints: open now, and received since `since`.
    pub async fn complaint_counts(
        &self,
        customer: &str,
        since: i64,
    ) -> Result<(i64, i64), StorageError> {
        let counts: (i64, i64) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN status IN ('open', 'in_progress') THEN 1 ELSE 0 END), 0),
                    COALESCE(SUM(CASE WHEN received_at >= $2 THEN 1 ELSE 0 END), 0)
             FROM complaints WHERE customer_id = $1",
        )
        .bind(customer)
        .bind(since)
        .fetch_one(pool)
        .await)?;
        Ok(counts)
    }
}
