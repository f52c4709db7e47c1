//! What one customer has asked for lately, counted for their quotas.

use crate::{Database, StorageError, with_pool};

impl Database {
    /// The ids of the decisions asked by `client` about `customer` since
    /// `since`, at most `limit`.
    pub async fn decisions_asked_since(
        &self,
        customer: &str,
        client: &str,
        since: i64,
        limit: i64,
    ) -> Result<Vec<String>, StorageError> {
        let ids: Vec<(uuid::Uuid,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT d.decision_id FROM decisions d JOIN decision_clients c ON c.client_no = d.client_no
             WHERE d.customer_id = $1 AND d.decided_at >= $2 AND c.name = $3 LIMIT $4",
        )
        .bind(customer)
        .bind(since)
        .bind(client)
        .bind(limit)
        .fetch_all(pool)
        .await)?;
        Ok(ids.into_iter().map(|(id,)| id.to_string()).collect())
    }

    /// Changes the customer made to their own preferences on the web pages
    /// (signed in, or through a link) since `since`: not SMS keywords,
    /// one-click unsubscribes, nor anything a bank system or staff recorded.
    pub async fn own_web_saves_since(
        &self,
        customer: &str,
        since: i64,
    ) -> Result<i64, StorageError> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM consent_ledger
             WHERE customer_id = $1 AND changed_at >= $2 AND actor = 'customer'
               AND source = 'web' AND api_client IS NULL",
        )
        .bind(customer)
        .bind(since)
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
