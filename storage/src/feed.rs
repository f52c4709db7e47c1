//! The read model's feed: what each app server follows to keep its
//! in-memory copy of what decisions read current, and the queries that load
//! that copy.
//!
//! Every write that can change a decision adds a row to `model_feed` in its
//! own transaction ([`note_in_feed!`]) and, once committed, counts itself in
//! [`local_writes`], so that this process's next decision catches up first
//! (a server reads its own writes at once; other servers within a second).

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::Row;

use crate::{Database, StorageError, list_param, with_pool};

mod load_attempts;

/// Writes committed by this process that can change a decision. Process
/// wide rather than per database: an extra catch-up costs one small query,
/// a missed one a wrong answer.
static LOCAL_WRITES: AtomicU64 = AtomicU64::new(0);

/// How many decision-changing writes this process has committed.
pub fn local_writes() -> u64 {
    LOCAL_WRITES.load(Ordering::Acquire)
}

/// Counts a committed write (call after the commit).
pub(crate) fn wrote() {
    LOCAL_WRITES.fetch_add(1, Ordering::AcqRel);
}

/// Adds a feed row inside the transaction `$tx` of either backend.
macro_rules! note_in_feed {
    ($tx:expr, $kind:expr, $customer_id:expr, $at:expr) => {
        sqlx::query("INSERT INTO model_feed (kind, customer_id, at) VALUES ($1, $2, $3)")
            .bind($kind.as_str())
            .bind($customer_id)
            .bind($at)
            .execute(&mut *$tx)
            .await
    };
}
pub(crate) use note_in_feed;

/// What a feed row says changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedKind {
    /// A customer's contact data or preferences.
    Customer,
    /// An attempt was recorded for a customer.
    Attempt,
    /// The national list was replaced.
    NationalList,
    /// A new policy version.
    Policy,
}

impl FeedKind {
    const ALL: [FeedKind; 4] = [
        FeedKind::Customer,
        FeedKind::Attempt,
        FeedKind::NationalList,
        FeedKind::Policy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedKind::Customer => "customer",
            FeedKind::Attempt => "attempt",
            FeedKind::NationalList => "national_list",
            FeedKind::Policy => "policy",
        }
    }

    fn parse(s: &str) -> Option<FeedKind> {
        FeedKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedEntry {
    pub seq: i64,
    pub kind: FeedKind,
    /// Empty for the list and the policy.
    pub customer_id: String,
}

/// A customer as the read model keeps them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelCustomer {
    pub customer_id: String,
    pub has_email: bool,
    /// The preference document as stored (JSON): the model parses each
    /// distinct document once.
    pub preferences: String,
    /// In order, each with whether it is on the national list.
    pub phones: Vec<(String, bool)>,
    /// Extra care as last set.
    pub protection: Option<reachguard_domain::Protection>,
}

impl Database {
    /// The feed's last sequence number (0 when empty).
    pub async fn feed_end(&self) -> Result<i64, StorageError> {
        let (end,): (Option<i64>,) = with_pool!(self, pool => sqlx::query_as("SELECT MAX(seq) FROM model_feed")
            .fetch_one(pool)
            .await)?;
        Ok(end.unwrap_or(0))
    }

    /// Feed rows after `after`, and those of `gaps` (numbers below `after`
    /// that were not committed when last looked for), oldest first.
    pub async fn feed_after(
        &self,
        after: i64,
        gaps: &[i64],
        limit: i64,
    ) -> Result<Vec<FeedEntry>, StorageError> {
        let gaps = serde_json::to_string(gaps).expect("numbers serialize");
        let sql = match self {
            Database::Sqlite(_) => {
                "SELECT seq, kind, customer_id FROM model_feed
                 WHERE seq > $1 OR seq IN (SELECT value FROM json_each($2))
                 ORDER BY seq LIMIT $3"
            }
            Database::Postgres(_) => {
                "SELECT seq, kind, customer_id FROM model_feed
                 WHERE seq > $1 OR seq IN (SELECT jsonb_array_elements_text($2::jsonb)::bigint)
                 ORDER BY seq LIMIT $3"
            }
        };
        let rows: Vec<(i64, String, String)> = with_pool!(self, pool => sqlx::query_as(sql)
            .bind(after)
            .bind(&gaps)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        rows.into_iter()
            .map(|(seq, kind, customer_id)| {
                let kind = FeedKind::parse(&kind).ok_or_else(|| {
                    sqlx::Error::Decode(format!("unknown feed kind {kind}").into())
                })?;
                Ok(FeedEntry {
                    seq,
                    kind,
                    customer_id,
                })
            })
            .collect()
    }

    /// Deletes feed rows written before `before`: followers need seconds.
    pub async fn delete_feed_before(&self, before: i64) -> Result<u64, StorageError> {
        let done = with_pool!(self, pool => sqlx::query("DELETE FROM model_feed WHERE at < $1")
            .bind(before)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(done)
    }

    /// Up to `limit` customers with ids after `after`, in id order.
    pub async fn model_customers_after(
        &self,
        after: &str,
        limit: i64,
    ) -> Result<Vec<ModelCustomer>, StorageError> {
        self.model_customers(
            "WITH chunk AS (
                 SELECT customer_id, email, preferences FROM customers
                 WHERE customer_id > $1 ORDER BY customer_id LIMIT $2)",
            after,
            limit,
        )
        .await
    }

    /// These customers (those not found are left out).
    pub async fn model_customers_of(
        &self,
        ids: &[String],
    ) -> Result<Vec<ModelCustomer>, StorageError> {
        let chunk = format!(
            "WITH chunk AS (
                 SELECT customer_id, email, preferences FROM customers
                 WHERE customer_id {} LIMIT $2)",
            self.one_of(1, ids)
        );
        let all = i64::try_from(ids.len()).unwrap_or(i64::MAX);
        self.model_customers(&chunk, &list_param(ids), all).await
    }

    /// The customers `chunk` (a `WITH chunk AS …` clause taking a text `$1`
    /// and a limit `$2`) selects, with their phones and list flags.
    async fn model_customers(
        &self,
        chunk: &str,
        first: &str,
        limit: i64,
    ) -> Result<Vec<ModelCustomer>, StorageError> {
        let sql = format!(
            "{chunk}
             SELECT c.customer_id, c.email IS NOT NULL AS has_email, c.preferences,
                    p.phone, d.phone IS NOT NULL AS listed,
                    k.reason AS care_reason, k.since AS care_since, k.until AS care_until
             FROM chunk c
             LEFT JOIN customer_care k ON k.customer_id = c.customer_id
             LEFT JOIN customer_phones p ON p.customer_id = c.customer_id
             LEFT JOIN national_dnc d ON d.phone = p.phone
             ORDER BY c.customer_id, p.position"
        );
        let mut found: Vec<ModelCustomer> = Vec::new();
        with_pool!(self, pool => {
            let rows = sqlx::query(&sql).bind(first).bind(limit).fetch_all(pool).await?;
            for row in rows {
                let customer_id: String = row.try_get("customer_id")?;
                let phone: Option<String> = row.try_get("phone")?;
                let listed: bool = row.try_get("listed")?;
                if found.last().is_none_or(|c| c.customer_id != customer_id) {
                    let care_reason: Option<String> = row.try_get("care_reason")?;
                    let protection = match care_reason {
                        Some(reason) => Some(crate::care::protection_of(
                            &reason,
                            row.try_get("care_since")?,
                            row.try_get("care_until")?,
                        )?),
                        None => None,
                    };
                    found.push(ModelCustomer {
                        customer_id,
                        has_email: row.try_get("has_email")?,
                        preferences: row.try_get("preferences")?,
                        phones: Vec::new(),
                        protection,
                    });
                }
                if let Some(phone) = phone {
                    found.last_mut().expect("pushed above").phones.push((phone, listed));
                }
            }
            Ok::<(), sqlx::Error>(())
        })?;
        Ok(found)
    }

    /// The customers' phones that are on the national list.
    pub async fn listed_customer_phones(&self) -> Result<Vec<String>, StorageError> {
        let rows: Vec<(String,)> = with_pool!(self, pool => sqlx::query_as(
            "SELECT p.phone FROM customer_phones p JOIN national_dnc d ON d.phone = p.phone",
        )
        .fetch_all(pool)
        .await)?;
        Ok(rows.into_iter().map(|(phone,)| phone).collect())
    }
}

impl Database {
    /// Calls `wake` each time feed rows are committed (PostgreSQL's NOTIFY,
    /// from the trigger on `model_feed`), until the connection fails. On
    /// SQLite, where there is nothing to listen to, it returns at once.
    pub async fn listen_to_feed(&self, wake: impl Fn()) -> Result<(), StorageError> {
        let Database::Postgres(pool) = self else {
            return Ok(());
        };
        let mut listener = sqlx::postgres::PgListener::connect_with(pool).await?;
        listener.listen("reachguard_model_feed").await?;
        loop {
            listener.recv().await?;
            wake();
        }
    }
}
