//! The consent ledger, preference writes and the change feed.

use crate::feed::{FeedKind, note_in_feed, wrote};
use chrono::Utc;
use reachguard_domain::{Actor, CustomerId, Preferences, Source};
use serde::Serialize;
use sqlx::Row;

use crate::audit::{NewAuditEntry, append_audit};
use crate::customers::{from_json, to_json};
use crate::{Database, StorageError, with_pool};

/// One row of the change feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub seq: i64,
    pub customer_id: String,
    pub version: i64,
    pub actor: String,
    pub source: String,
    /// The API client that sent it, when it came through the API.
    pub api_client: Option<String>,
    pub changed_at: i64,
    pub preferences: Preferences,
}

#[derive(Debug, thiserror::Error)]
pub enum WritePreferencesError {
    #[error("no customer has that customer number")]
    NotFound,
    #[error("the preferences are at version {current}, not the version given")]
    Stale { current: i64 },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<sqlx::Error> for WritePreferencesError {
    fn from(error: sqlx::Error) -> Self {
        WritePreferencesError::Storage(error.into())
    }
}

/// Who made a change to a customer's preferences, through what, and what
/// they noted about it (staff recording a customer's request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeBy<'a> {
    pub actor: &'a Actor,
    pub source: Source,
    pub note: Option<&'a str>,
    /// The API client that sent the change, when it came through the API.
    pub api_client: Option<&'a str>,
}

impl<'a> ChangeBy<'a> {
    pub fn new(actor: &'a Actor, source: Source) -> ChangeBy<'a> {
        ChangeBy {
            actor,
            source,
            note: None,
            api_client: None,
        }
    }

    /// The same change, sent by the API client `name`.
    pub fn through_api(self, name: &'a str) -> ChangeBy<'a> {
        ChangeBy {
            api_client: Some(name),
            ..self
        }
    }
}

/// Inserts one ledger row inside the transaction `$tx` of either backend.
macro_rules! insert_ledger_row {
    ($tx:expr, $customer_id:expr, $version:expr, $actor:expr, $source:expr, $note:expr, $api_client:expr, $changed_at:expr, $before:expr, $after:expr) => {
        sqlx::query(
            "INSERT INTO consent_ledger (customer_id, version, actor, source, note, api_client, changed_at, before, after)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind($customer_id)
        .bind($version)
        .bind($actor)
        .bind($source.as_str())
        .bind($note)
        .bind($api_client)
        .bind($changed_at)
        .bind($before)
        .bind($after)
        .execute(&mut *$tx)
        .await
    };
}
pub(crate) use insert_ledger_row;

/// The audit entry of a preference change; the ledger row beside it holds
/// the preferences before and after.
pub(crate) fn preference_change(
    at: i64,
    actor: &str,
    customer_id: &str,
    version: i64,
    source: Source,
    note: Option<&str>,
) -> NewAuditEntry {
    let mut details = serde_json::json!({ "version": version, "source": source.as_str() });
    if let Some(note) = note {
        details["note"] = note.into();
    }
    NewAuditEntry::new(at, actor, "preferences.change", customer_id, details)
}

impl Database {
    /// On PostgreSQL, ledger writers take turns, so that sequence numbers
    /// are committed in order and a change-feed reader that has seen `seq`
    /// never later finds a smaller one appear. SQLite has one writer at a
    /// time anyway.
    pub(crate) fn ledger_lock(&self) -> Option<&'static str> {
        match self {
            Database::Sqlite(_) => None,
            Database::Postgres(_) => Some("SELECT pg_advisory_xact_lock(7265001)"),
        }
    }
}

impl Database {
    /// Replaces a customer's preferences if they are still at
    /// `expected_version`, and records the change in the ledger in the same
    /// transaction. Returns the new version.
    pub async fn write_preferences(
        &self,
        customer: &CustomerId,
        expected_version: i64,
        before: &Preferences,
        after: &Preferences,
        by: &ChangeBy<'_>,
    ) -> Result<i64, WritePreferencesError> {
        let now = Utc::now().timestamp();
        let (customer_id, actor, source, note, api_client) = (
            customer.as_str(),
            by.actor.to_string(),
            by.source,
            by.note,
            by.api_client,
        );
        let (before_json, after_json) = (to_json(before), to_json(after));
        let lock = self.ledger_lock();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            if let Some(lock) = lock {
                sqlx::query(lock).execute(&mut *tx).await?;
            }
            let updated = sqlx::query(
                "UPDATE customers SET preferences = $1, version = version + 1, updated_at = $2
                 WHERE customer_id = $3 AND version = $4",
            )
            .bind(&after_json)
            .bind(now)
            .bind(customer_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                let current: Option<(i64,)> = sqlx::query_as("SELECT version FROM customers WHERE customer_id = $1")
                    .bind(customer_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                return Err(match current {
                    Some((current,)) => WritePreferencesError::Stale { current },
                    None => WritePreferencesError::NotFound,
                });
            }
            let version = expected_version + 1;
            insert_ledger_row!(tx, customer_id, version, &actor, source, note, api_client, now, Some(&before_json), &after_json)?;
            append_audit!(tx, &preference_change(now, &actor, customer_id, version, source, note));
            note_in_feed!(tx, FeedKind::Customer, customer_id, now)?;
            tx.commit().await?;
            wrote();
            Ok(version)
        })
    }

    /// Preference changes with `seq` above `after`, oldest first.
    pub async fn changes(&self, after: i64, limit: i64) -> Result<Vec<Change>, StorageError> {
        let rows = with_pool!(self, pool => {
            let rows = sqlx::query(
                "SELECT seq, customer_id, version, actor, source, api_client, changed_at, after FROM consent_ledger
                 WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(after)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|row| {
                    let after: String = row.try_get("after")?;
                    Ok(Change {
                        seq: row.try_get("seq")?,
                        customer_id: row.try_get("customer_id")?,
                        version: row.try_get("version")?,
                        actor: row.try_get("actor")?,
                        source: row.try_get("source")?,
                        api_client: row.try_get("api_client")?,
                        changed_at: row.try_get("changed_at")?,
                        preferences: from_json(&after)?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()
        })?;
        Ok(rows)
    }
}
