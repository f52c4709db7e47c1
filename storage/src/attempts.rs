//! Contact attempts, as bank systems record them.

use std::collections::HashMap;

use reachguard_domain::{AttemptsNeeded, Channel, ContactAttempt, Outcome, Purpose};

use crate::feed::{FeedKind, note_in_feed, wrote};
use crate::{Database, StorageError, list_param, with_pool};

/// An attempt to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttempt {
    pub attempt_id: String,
    pub customer_id: String,
    pub at: i64,
    pub channel: Channel,
    pub purpose: Purpose,
    pub outcome: Outcome,
    pub system: Option<String>,
    pub decision_id: Option<String>,
    /// Whether the rules allowed it at its instant; false marks it as made
    /// against policy.
    pub allowed: bool,
    /// The policy version it was judged by (`cn@2`).
    pub policy: String,
    /// JSON list of the reasons it was against policy.
    pub reasons: String,
    pub recorded_at: i64,
    pub recorded_by: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct AttemptRow {
    pub(crate) customer_id: String,
    pub(crate) at: i64,
    pub(crate) channel: String,
    pub(crate) purpose: String,
    pub(crate) outcome: String,
}

/// A client's idempotency key for one attempt, with a fingerprint of the
/// request it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey {
    pub client: String,
    pub key: String,
    pub fingerprint: String,
}

/// What recording under an idempotency key did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordedOnce {
    /// The attempt is recorded now.
    Recorded,
    /// The key was used before for the same request: its attempt.
    Replayed { attempt_id: String },
    /// The key was used before for a different request.
    KeyReused,
}

/// Inserts one attempt inside the transaction `$tx` of either backend.
macro_rules! insert_attempt {
    ($tx:expr, $attempt:expr) => {{
        let attempt: &NewAttempt = $attempt;
        sqlx::query(
            "INSERT INTO contact_attempts
               (attempt_id, customer_id, at, channel, purpose, outcome, system, decision_id, allowed,
                policy, reasons, recorded_at, recorded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&attempt.attempt_id)
        .bind(&attempt.customer_id)
        .bind(attempt.at)
        .bind(attempt.channel.as_str())
        .bind(attempt.purpose.to_string())
        .bind(attempt.outcome.as_str())
        .bind(&attempt.system)
        .bind(&attempt.decision_id)
        .bind(attempt.allowed)
        .bind(&attempt.policy)
        .bind(&attempt.reasons)
        .bind(attempt.recorded_at)
        .bind(&attempt.recorded_by)
        .execute(&mut *$tx)
        .await?;
        note_in_feed!($tx, FeedKind::Attempt, &attempt.customer_id, attempt.recorded_at)
    }};
}

impl Database {
    /// Records the attempt unless `key` was used before: the key and the
    /// attempt are written in one transaction, so a retry racing the first
    /// request finds one or the other whole, never half.
    pub async fn record_attempt_once(
        &self,
        attempt: &NewAttempt,
        key: &IdempotencyKey,
    ) -> Result<RecordedOnce, StorageError> {
        let once = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let claimed = sqlx::query(
                "INSERT INTO attempt_idempotency (client, idempotency_key, fingerprint, attempt_id, created_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (client, idempotency_key) DO NOTHING",
            )
            .bind(&key.client)
            .bind(&key.key)
            .bind(&key.fingerprint)
            .bind(&attempt.attempt_id)
            .bind(attempt.recorded_at)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            let once = if claimed {
                insert_attempt!(tx, attempt)?;
                RecordedOnce::Recorded
            } else {
                let (fingerprint, attempt_id): (String, String) = sqlx::query_as(
                    "SELECT fingerprint, attempt_id FROM attempt_idempotency
                     WHERE client = $1 AND idempotency_key = $2",
                )
                .bind(&key.client)
                .bind(&key.key)
                .fetch_one(&mut *tx)
                .await?;
                if fingerprint == key.fingerprint {
                    RecordedOnce::Replayed { attempt_id }
                } else {
                    RecordedOnce::KeyReused
                }
            };
            tx.commit().await?;
            Ok::<RecordedOnce, sqlx::Error>(once)
        })?;
        if once == RecordedOnce::Recorded {
            wrote();
        }
        Ok(once)
    }

    pub async fn record_attempt(&self, attempt: &NewAttempt) -> Result<(), StorageError> {
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            insert_attempt!(tx, attempt)?;
            tx.commit().await
        })?;
        wrote();
        Ok(())
    }

    /// Each customer's attempts with `from < at <= to`, as the rules see
    /// them: calls, marketing contacts, or both, as `needed` says.
    pub async fn attempts_between(
        &self,
        customer_ids: &[String],
        from: i64,
        to: i64,
        needed: AttemptsNeeded,
    ) -> Result<HashMap<String, Vec<ContactAttempt>>, StorageError> {
        let mut found: HashMap<String, Vec<ContactAttempt>> = HashMap::new();
        let sql = format!(
            "SELECT customer_id, at, channel, purpose, outcome FROM contact_attempts
             WHERE customer_id {} AND at > $2 AND at <= $3
               AND (($4 AND channel = 'voice') OR ($5 AND purpose LIKE 'marketing.%'))",
            self.one_of(1, customer_ids)
        );
        let rows: Vec<AttemptRow> = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(list_param(customer_ids))
            .bind(from)
            .bind(to)
            .bind(needed.calls)
            .bind(needed.marketing)
            .fetch_all(pool)
            .await)?;
        for row in rows {
            let attempt = decode_attempt(&row)?;
            found.entry(row.customer_id).or_default().push(attempt);
        }
        Ok(found)
    }
}

pub(crate) fn decode_attempt(row: &AttemptRow) -> Result<ContactAttempt, sqlx::Error> {
    decode_attempt_fields(row.at, &row.channel, &row.purpose, &row.outcome)
}

/// An attempt from its instant and the names the database keeps.
pub(crate) fn decode_attempt_fields(
    at: i64,
    channel: &str,
    purpose: &str,
    outcome: &str,
) -> Result<ContactAttempt, sqlx::Error> {
    let (channel, purpose, outcome) = decode_names(channel, purpose, outcome)?;
    Ok(ContactAttempt {
        at: chrono::DateTime::from_timestamp(at, 0)
            .ok_or_else(|| sqlx::Error::Decode(format!("bad instant {at}").into()))?,
        channel,
        purpose,
        outcome,
    })
}

/// An attempt's channel, purpose and outcome read from the names the
/// database keeps; a name this version cannot read is an error (only a row
/// written by something other than Reachguard has one).
pub(crate) fn decode_names(
    channel: &str,
    purpose: &str,
    outcome: &str,
) -> Result<(Channel, Purpose, Outcome), sqlx::Error> {
    let decode = |e: String| sqlx::Error::Decode(e.into());
    Ok((
        channel
            .parse()
            .map_err(|e: reachguard_domain::channel::UnknownChannel| decode(e.to_string()))?,
        purpose
            .parse()
            .map_err(|e: reachguard_domain::purpose::UnknownPurpose| decode(e.to_string()))?,
        outcome
            .parse()
            .map_err(|e: reachguard_domain::attempt::UnknownOutcome| decode(e.to_string()))?,
    ))
}
