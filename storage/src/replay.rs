//! What a replay of kept decisions reads (the policy what-if, contract
//! section 10): the decisions of a span of time in order, and each
//! customer's preferences and attempts as they were known then.

use std::collections::HashMap;

use reachguard_domain::{ContactAttempt, Preferences};

use crate::attempts::{AttemptRow, decode_attempt};
use crate::customers::from_json;
use crate::decisions::{DECISION_COLUMNS, DecisionRow};
use crate::{Database, KeptDecision, StorageError, list_param, with_pool};

/// An attempt with when it was recorded: a decision knew only of those
/// recorded by the time it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownAttempt {
    pub attempt: ContactAttempt,
    pub recorded_at: i64,
}

impl Database {
    /// Up to `limit` customers, after `after` in order of their ids, asked
    /// about by decisions kept with `from <= decided_at < to`. The replay
    /// goes customer by customer so that each one's history is read once,
    /// and each page is a walk of the index on (customer, decided_at) from
    /// where the last one ended.
    pub async fn customers_decided_between(
        &self,
        from: i64,
        to: i64,
        after: Option<&str>,
        limit: i64,
    ) -> Result<Vec<String>, StorageError> {
        let rows: Vec<(String,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT DISTINCT customer_id FROM decisions
             WHERE customer_id > $1 AND decided_at >= $2 AND decided_at < $3
             ORDER BY customer_id LIMIT $4",
        )
        .bind(after.unwrap_or(""))
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// The decisions about `customer_ids` kept with `from <= decided_at <
    /// to`.
    pub async fn kept_decisions_about(
        &self,
        customer_ids: &[String],
        from: i64,
        to: i64,
    ) -> Result<Vec<KeptDecision>, StorageError> {
        let sql = format!(
            "SELECT {DECISION_COLUMNS} WHERE d.customer_id {} AND d.decided_at >= $2 AND d.decided_at < $3",
            self.one_of(1, customer_ids)
        );
        let rows: Vec<DecisionRow> = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(list_param(customer_ids))
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(KeptDecision::from).collect())
    }

    /// How many decisions were kept with `from <= decided_at < to`; with
    /// `unknown_only`, those about no known customer.
    pub async fn count_kept_decisions_between(
        &self,
        from: i64,
        to: i64,
        unknown_only: bool,
    ) -> Result<i64, StorageError> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM decisions WHERE decided_at >= $1 AND decided_at < $2
               AND (NOT $3 OR customer_id IS NULL)",
        )
        .bind(from)
        .bind(to)
        .bind(unknown_only)
        .fetch_one(pool)
        .await)?;
        Ok(n)
    }

    /// Each customer's preference documents in the order they were
    /// written, with when.
    pub async fn preference_history(
        &self,
        customer_ids: &[String],
    ) -> Result<HashMap<String, Vec<(i64, Preferences)>>, StorageError> {
        let sql = format!(
            "SELECT customer_id, changed_at, after FROM consent_ledger WHERE customer_id {} ORDER BY seq",
            self.one_of(1, customer_ids)
        );
        let rows: Vec<(String, i64, String)> = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(list_param(customer_ids))
            .fetch_all(pool)
            .await)?;
        let mut found: HashMap<String, Vec<(i64, Preferences)>> = HashMap::new();
        for (customer_id, changed_at, after) in rows {
            found
                .entry(customer_id)
                .or_default()
                .push((changed_at, from_json(&after)?));
        }
        Ok(found)
    }

    /// Each customer's attempts the rules can count (calls and marketing
    /// contacts) with `from < at <= to`, with when each was recorded.
    pub async fn attempts_with_recording(
        &self,
        customer_ids: &[String],
        from: i64,
        to: i64,
    ) -> Result<HashMap<String, Vec<KnownAttempt>>, StorageError> {
        let sql = format!(
            "SELECT customer_id, at, channel, purpose, outcome, recorded_at FROM contact_attempts
             WHERE customer_id {} AND at > $2 AND at <= $3
               AND (channel = 'voice' OR purpose LIKE 'marketing.%')",
            self.one_of(1, customer_ids)
        );
        let rows: Vec<(String, i64, String, String, String, i64)> = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(list_param(customer_ids))
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await)?;
        let mut found: HashMap<String, Vec<KnownAttempt>> = HashMap::new();
        for (customer_id, at, channel, purpose, outcome, recorded_at) in rows {
            let row = AttemptRow {
                customer_id: customer_id.clone(),
                at,
                channel,
                purpose,
                outcome,
            };
            found.entry(customer_id).or_default().push(KnownAttempt {
                attempt: decode_attempt(&row)?,
                recorded_at,
            });
        }
        Ok(found)
    }
}
