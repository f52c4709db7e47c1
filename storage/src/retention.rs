//! Deleting what is older than the bank keeps, a batch at a time.
//!
//! Each call deletes at most `batch` rows in one short statement, so that
//! writers wait at most that long; the caller repeats until a call deletes
//! fewer. The indexes on `decided_at` and `at` find the oldest rows without
//! a scan.

use crate::totals::{self, add_to_totals};
use crate::{Database, StorageError, with_pool};

impl Database {
    /// Deletes up to `batch` kept decisions made before `before`, but for
    /// those an attempt a complaint is about cites: the complaint's evidence.
    /// The decision totals lose them in the same transaction.
    pub async fn delete_decisions_before(
        &self,
        before: i64,
        batch: i64,
    ) -> Result<u64, StorageError> {
        // Attempts cite a decision by its id's text; decisions keep its bytes.
        // (PostgreSQL compares text: an attempt may cite an id that is no uuid.)
        let (cited, stored) = match self {
            Database::Sqlite(_) => ("unhex(replace(a.decision_id, '-', ''))", "d.decision_id"),
            Database::Postgres(_) => ("a.decision_id", "d.decision_id::text"),
        };
        let sql = format!(
            "DELETE FROM decisions WHERE decision_id IN (
                 SELECT d.decision_id FROM decisions d
                 WHERE d.decided_at < $1
                   AND NOT EXISTS (
                       SELECT 1 FROM complaints c
                       JOIN contact_attempts a ON a.attempt_id = c.attempt_id
                       WHERE {cited} = {stored})
                 LIMIT $2)
             RETURNING decided_at, allowed, reasons"
        );
        let deleted = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let deleted: Vec<(i64, bool, i64)> = sqlx::query_as(&sql)
                .bind(before)
                .bind(batch)
                .fetch_all(&mut *tx)
                .await?;
            add_to_totals!(tx, &totals::tally(&deleted, -1))?;
            sqlx::query("DELETE FROM decision_totals WHERE decisions = 0")
                .execute(&mut *tx)
                .await?;
            tx.commit().await.map(|()| deleted.len() as u64)
        })?;
        Ok(deleted)
    }

    /// Deletes up to `batch` attempts made before `before`. An attempt a
    /// complaint is about is kept with the complaint. (Their idempotency
    /// keys went long before, at [`Self::delete_idempotency_keys_before`].)
    pub async fn delete_attempts_before(
        &self,
        before: i64,
        batch: i64,
    ) -> Result<u64, StorageError> {
        self.delete_batch(
            "DELETE FROM contact_attempts WHERE attempt_id IN (
                 SELECT a.attempt_id FROM contact_attempts a
                 WHERE a.at < $1
                   AND NOT EXISTS (SELECT 1 FROM complaints c WHERE c.attempt_id = a.attempt_id)
                 LIMIT $2)",
            before,
            batch,
        )
        .await
    }

    /// Deletes up to `batch` idempotency keys made before `before`: a retry
    /// comes within minutes, and a key need not be remembered for years.
    pub async fn delete_idempotency_keys_before(
        &self,
        before: i64,
        batch: i64,
    ) -> Result<u64, StorageError> {
        self.delete_batch(
            "DELETE FROM attempt_idempotency WHERE (client, idempotency_key) IN (
                 SELECT client, idempotency_key FROM attempt_idempotency WHERE created_at < $1 LIMIT $2)",
            before,
            batch,
        )
        .await
    }

    /// Deletes up to `batch` preference and unsubscribe links that expired
    /// before `before`: they open nothing any more.
    pub async fn delete_links_expired_before(
        &self,
        before: i64,
        batch: i64,
    ) -> Result<u64, StorageError> {
        self.delete_batch(
            "DELETE FROM preference_links WHERE token_hash IN (
                 SELECT token_hash FROM preference_links WHERE expires_at < $1 LIMIT $2)",
            before,
            batch,
        )
        .await
    }

    /// Deletes up to `batch` SMS messages from customers recorded before
    /// `before`: they hold phone numbers and free text, from people who
    /// may not be customers at all.
    pub async fn delete_inbound_messages_before(
        &self,
        before: i64,
        batch: i64,
    ) -> Result<u64, StorageError> {
        self.delete_batch(
            "DELETE FROM inbound_messages WHERE (client, message_id) IN (
                 SELECT client, message_id FROM inbound_messages WHERE recorded_at < $1 LIMIT $2)",
            before,
            batch,
        )
        .await
    }

    /// Runs one of the deletes above: `$1` is the instant, `$2` the batch.
    async fn delete_batch(&self, sql: &str, before: i64, batch: i64) -> Result<u64, StorageError> {
        let done = with_pool!(self, pool => sqlx::query(sql)
            .bind(before)
            .bind(batch)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(done)
    }
}
