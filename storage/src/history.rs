//! What happened to one customer, for the borrower's own pages and their
//! data download: attempts with their judgement, the consent ledger, the
//! decisions asked about them, and the preferences and policy in force at
//! a past instant.

use reachguard_domain::{
    Actor, Channel, CustomerId, Outcome, Policy, Preferences, Purpose, ReasonCode, Source, Via,
};

use crate::customers::from_json;
use crate::decisions::{DECISION_COLUMNS, DecisionRow};
use crate::{Database, KeptDecision, StorageError, with_pool};

/// A recorded attempt, as the customer's history shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRecord {
    pub attempt_id: String,
    pub customer_id: String,
    pub at: i64,
    pub channel: Channel,
    pub purpose: Purpose,
    pub outcome: Outcome,
    pub system: Option<String>,
    pub decision_id: Option<String>,
    pub allowed: bool,
    /// The policy version in force at `at` (`cn@2`); none on rows recorded
    /// before judgements were kept.
    pub policy: Option<String>,
    /// The judgement as it was worded when the attempt was recorded: a JSON
    /// list of `{code, message}`, kept as a record (the data download gives
    /// it as it is); [`AttemptRecord::reason_codes`] reads its codes.
    pub reasons: Option<String>,
    pub recorded_at: i64,
    pub recorded_by: String,
}

impl AttemptRecord {
    /// The codes of the reasons the attempt was judged by; a code this
    /// version does not know is left out.
    pub fn reason_codes(&self) -> Vec<ReasonCode> {
        let Some(json) = &self.reasons else {
            return Vec::new();
        };
        let values: Vec<serde_json::Value> = serde_json::from_str(json).unwrap_or_default();
        values
            .iter()
            .filter_map(|v| v.get("code")?.as_str())
            .filter_map(ReasonCode::from_code)
            .collect()
    }
}

/// An attempt's row as the database holds it: its channel, purpose and
/// outcome as their names, read into the domain's types.
#[derive(sqlx::FromRow)]
struct AttemptRecordRow {
    attempt_id: String,
    customer_id: String,
    at: i64,
    channel: String,
    purpose: String,
    outcome: String,
    system: Option<String>,
    decision_id: Option<String>,
    allowed: bool,
    policy: Option<String>,
    reasons: Option<String>,
    recorded_at: i64,
    recorded_by: String,
}

/// A ledger's name this version cannot read: only a row written by
/// something other than Reachguard has one.
fn unreadable(what: &str, name: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unreadable {what} `{name}` in the ledger").into())
}

impl TryFrom<AttemptRecordRow> for AttemptRecord {
    type Error = sqlx::Error;

    fn try_from(row: AttemptRecordRow) -> Result<AttemptRecord, sqlx::Error> {
        let (channel, purpose, outcome) =
            crate::attempts::decode_names(&row.channel, &row.purpose, &row.outcome)?;
        Ok(AttemptRecord {
            channel,
            purpose,
            outcome,
            attempt_id: row.attempt_id,
            customer_id: row.customer_id,
            at: row.at,
            system: row.system,
            decision_id: row.decision_id,
            allowed: row.allowed,
            policy: row.policy,
            reasons: row.reasons,
            recorded_at: row.recorded_at,
            recorded_by: row.recorded_by,
        })
    }
}

fn attempt_records(rows: Vec<AttemptRecordRow>) -> Result<Vec<AttemptRecord>, StorageError> {
    let records = rows
        .into_iter()
        .map(AttemptRecord::try_from)
        .collect::<Result<_, _>>()?;
    Ok(records)
}

/// One ledger entry of one customer.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerEntry {
    pub seq: i64,
    pub version: i64,
    pub actor: Actor,
    pub source: Source,
    /// What staff noted about a change they recorded.
    pub note: Option<String>,
    /// The API client that sent it, when it came through the API.
    pub api_client: Option<String>,
    /// A link or an SMS reply, when it came through one.
    pub via: Option<Via>,
    pub changed_at: i64,
    pub before: Option<Preferences>,
    pub after: Preferences,
}

const ATTEMPT_COLUMNS: &str = "attempt_id, customer_id, at, channel, purpose, outcome, system,
    decision_id, allowed, policy, reasons, recorded_at, recorded_by";

impl Database {
    /// The customer's attempts, newest first: `limit` of them after
    /// skipping `offset`.
    pub async fn attempts_of(
        &self,
        customer: &CustomerId,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<AttemptRecord>, StorageError> {
        let sql = format!(
            "SELECT {ATTEMPT_COLUMNS} FROM contact_attempts WHERE customer_id = $1
             ORDER BY at DESC, attempt_id DESC LIMIT $2 OFFSET $3"
        );
        let rows: Vec<AttemptRecordRow> = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(customer.as_str())
            .bind(limit)
            .bind(offset)
            .fetch_all(pool)
            .await)?;
        attempt_records(rows)
    }

    pub async fn count_attempts_of(&self, customer: &CustomerId) -> Result<i64, StorageError> {
        let (count,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM contact_attempts WHERE customer_id = $1",
        )
        .bind(customer.as_str())
        .fetch_one(pool)
        .await)?;
        Ok(count)
    }

    /// How many of the customer's attempts were made against policy.
    pub async fn count_attempts_against_policy(
        &self,
        customer: &CustomerId,
    ) -> Result<i64, StorageError> {
        let (count,): (i64,) = with_pool!(self, pool => sqlx::query_as(
            "SELECT COUNT(*) FROM contact_attempts WHERE customer_id = $1 AND NOT allowed",
        )
        .bind(customer.as_str())
        .fetch_one(pool)
        .await)?;
        Ok(count)
    }

    /// The customer's attempts, newest first: at most `limit` of those
    /// older than `before` (an attempt's time and id), from the newest when
    /// None. Unlike an offset, the place holds while attempts are recorded.
    pub async fn attempts_before(
        &self,
        customer: &CustomerId,
        before: Option<(i64, String)>,
        limit: i64,
    ) -> Result<Vec<AttemptRecord>, StorageError> {
        let (before_at, before_id) = before.unwrap_or((i64::MAX, String::new()));
        let sql = format!(
            "SELECT {ATTEMPT_COLUMNS} FROM contact_attempts WHERE customer_id = $1
               AND (at < $2 OR (at = $2 AND attempt_id < $3))
             ORDER BY at DESC, attempt_id DESC LIMIT $4"
        );
        let rows: Vec<AttemptRecordRow> = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(customer.as_str())
            .bind(before_at)
            .bind(&before_id)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        attempt_records(rows)
    }

    /// One of the customer's attempts; another customer's is not found.
    pub async fn attempt_of(
        &self,
        customer: &CustomerId,
        attempt_id: &str,
    ) -> Result<Option<AttemptRecord>, StorageError> {
        let sql = format!(
            "SELECT {ATTEMPT_COLUMNS} FROM contact_attempts WHERE customer_id = $1 AND attempt_id = $2"
        );
        let row: Option<AttemptRecordRow> = with_pool!(self, pool => sqlx::query_as(&sql)
            .bind(customer.as_str())
            .bind(attempt_id)
            .fetch_optional(pool)
            .await)?;
        Ok(row.map(AttemptRecord::try_from).transpose()?)
    }

    /// The customer's consent ledger, newest first: at most `limit`
    /// entries older than `before` (a `seq`), from the newest when None.
    /// Read a page at a time: one customer's ledger has no end.
    pub async fn ledger_of(
        &self,
        customer: &CustomerId,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<LedgerEntry>, StorageError> {
        let rows: Vec<LedgerRow> = with_pool!(self, pool => sqlx::query_as(
            "SELECT seq, version, actor, source, note, api_client, via, changed_at, before, after FROM consent_ledger
             WHERE customer_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3",
        )
        .bind(customer.as_str())
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(pool)
        .await)?;
        let entries = rows
            .into_iter()
            .map(|row| {
                Ok(LedgerEntry {
                    seq: row.seq,
                    version: row.version,
                    before: row.before.as_deref().map(from_json).transpose()?,
                    after: from_json(&row.after)?,
                    actor: row
                        .actor
                        .parse()
                        .map_err(|_| unreadable("actor", &row.actor))?,
                    source: row
                        .source
                        .parse()
                        .map_err(|_| unreadable("source", &row.source))?,
                    note: row.note,
                    api_client: row.api_client,
                    // A way this version does not know reads as none.
                    via: row.via.and_then(|via| via.parse().ok()),
                    changed_at: row.changed_at,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(entries)
    }

    /// The customer's preferences as they stood at `at`: the last ledger
    /// entry made at or before it. None when the customer did not exist yet.
    pub async fn preferences_at(
        &self,
        customer: &CustomerId,
        at: i64,
    ) -> Result<Option<Preferences>, StorageError> {
        let row: Option<(String,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT after FROM consent_ledger WHERE customer_id = $1 AND changed_at <= $2
             ORDER BY seq DESC LIMIT 1",
        )
        .bind(customer.as_str())
        .bind(at)
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(|(json,)| from_json(&json)).transpose()?)
    }

    /// The preferences the customer was created with: their first ledger
    /// entry's.
    pub async fn first_preferences(
        &self,
        customer: &CustomerId,
    ) -> Result<Option<Preferences>, StorageError> {
        let row: Option<(String,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT after FROM consent_ledger WHERE customer_id = $1 ORDER BY seq LIMIT 1",
        )
        .bind(customer.as_str())
        .fetch_optional(pool)
        .await)?;
        Ok(row.map(|(json,)| from_json(&json)).transpose()?)
    }

    /// The policy version in force at `at`: the newest made at or before
    /// it, else the first (an attempt from before the bank's first policy
    /// is judged by it).
    pub async fn policy_at(&self, at: i64) -> Result<Policy, StorageError> {
        let row: Option<(i64,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT version FROM policy_versions WHERE created_at <= $1 ORDER BY version DESC LIMIT 1",
        )
        .bind(at)
        .fetch_optional(pool)
        .await)?;
        self.policy_version(row.map_or(1, |(v,)| v)).await
    }

    /// Decisions asked about the customer, newest first, at most `limit`
    /// of those older than `before` (a decision's time and id), from the
    /// newest when None.
    pub async fn decisions_of(
        &self,
        customer: &CustomerId,
        before: Option<(i64, String)>,
        limit: i64,
    ) -> Result<Vec<KeptDecision>, StorageError> {
        // A cursor whose id is not one names none: the page starts at its time.
        let (before_at, before_id) = match before {
            Some((at, id)) => (
                at,
                crate::decisions::stored_id(&id).unwrap_or(uuid::Uuid::max()),
            ),
            None => (i64::MAX, uuid::Uuid::max()),
        };
        let rows: Vec<DecisionRow> = with_pool!(self, pool => sqlx::query_as(&format!(
            "SELECT {DECISION_COLUMNS}
             WHERE d.customer_id = $1 AND (d.decided_at < $2 OR (d.decided_at = $2 AND d.decision_id < $3))
             ORDER BY d.decided_at DESC, d.decision_id DESC LIMIT $4"),
        )
        .bind(customer.as_str())
        .bind(before_at)
        .bind(before_id)
        .bind(limit)
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(KeptDecision::from).collect())
    }
}

#[derive(sqlx::FromRow)]
struct LedgerRow {
    seq: i64,
    version: i64,
    actor: String,
    source: String,
    note: Option<String>,
    api_client: Option<String>,
    via: Option<String>,
    changed_at: i64,
    before: Option<String>,
    after: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_codes_are_read_from_the_kept_json_and_unknown_ones_left_out() {
        let with = |reasons: Option<&str>| AttemptRecord {
            attempt_id: "a1".into(),
            customer_id: "C001".into(),
            at: 0,
            channel: Channel::Voice,
            purpose: Purpose::Collections,
            outcome: Outcome::Busy,
            system: None,
            decision_id: None,
            allowed: false,
            policy: None,
            reasons: reasons.map(str::to_owned),
            recorded_at: 0,
            recorded_by: "dialer".into(),
        };
        let kept = r#"[{"code":"snoozed","message":"m"},{"code":"not_a_code","message":"m"},{"code":"opted_out","message":"m"}]"#;
        assert_eq!(
            with(Some(kept)).reason_codes(),
            vec![ReasonCode::Snoozed, ReasonCode::OptedOut]
        );
        assert!(with(None).reason_codes().is_empty());
        assert!(with(Some("not json")).reason_codes().is_empty());
    }
}
