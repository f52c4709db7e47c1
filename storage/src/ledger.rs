//! The consent ledger, preference writes and the change feed.

use crate::feed::wrote;
use chrono::Utc;
use reachguard_domain::audit::AuditAction;
use reachguard_domain::{Actor, CustomerId, Preferences, Source, Via};
use serde::Serialize;
use sqlx::Row;

use crate::audit::NewAuditEntry;
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeBy<'a> {
    pub actor: &'a Actor,
    pub source: Source,
    pub note: Option<&'a str>,
    /// The API client that sent the change, when it came through the API.
    pub api_client: Option<&'a str>,
    /// A link or an SMS reply, when the change came through one.
    pub via: Option<Via>,
}

impl<'a> ChangeBy<'a> {
    pub fn new(actor: &'a Actor, source: Source) -> ChangeBy<'a> {
        ChangeBy {
            actor,
            source,
            note: None,
            api_client: None,
            via: None,
        }
    }

    /// The same change, come through a link or an SMS reply.
    pub fn via(self, via: Via) -> ChangeBy<'a> {
        ChangeBy {
            via: Some(via),
            ..self
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
/// `$via` is an `Option<String>`; `$opt_out` whether a marketing purpose
/// lost a channel.
macro_rules! insert_ledger_row {
    ($tx:expr, $customer_id:expr, $version:expr, $actor:expr, $source:expr, $note:expr, $api_client:expr, $changed_at:expr, $before:expr, $after:expr) => {
        $crate::ledger::insert_ledger_row!($tx, $customer_id, $version, $actor, $source, $note, $api_client, $changed_at, $before, $after, None::<String>, false)
    };
    ($tx:expr, $customer_id:expr, $version:expr, $actor:expr, $source:expr, $note:expr, $api_client:expr, $changed_at:expr, $before:expr, $after:expr, $via:expr, $opt_out:expr) => {
        sqlx::query(
            "INSERT INTO consent_ledger (customer_id, version, actor, source, note, api_client, changed_at, before, after, via, opt_out)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
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
        .bind($via)
        .bind($opt_out)
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
    by: &ChangeBy<'_>,
) -> NewAuditEntry {
    let mut details = serde_json::json!({ "version": version, "source": by.source.as_str() });
    if let Some(note) = by.note {
        details["note"] = note.into();
    }
    if let Some(via) = &by.via {
        details["via"] = via.to_string().into();
    }
    NewAuditEntry::new(
        at,
        actor,
        AuditAction::PreferencesChange,
        customer_id,
        details,
    )
}

/// A preference write, ready to be made inside a transaction (by
/// [`Database::write_preferences`], or with another record such as an SMS
/// that asked for it).
#[derive(Debug)]
pub struct PreferenceChange<'a> {
    pub(crate) customer_id: &'a str,
    pub(crate) expected_version: i64,
    pub(crate) before_json: String,
    pub(crate) after_json: String,
    pub(crate) actor: String,
    pub(crate) by: &'a ChangeBy<'a>,
    pub(crate) opt_out: bool,
    pub(crate) now: i64,
    /// How the write changes the opt-out counts of the marketing topics.
    pub(crate) topics: Vec<(String, i64, i64)>,
}

impl<'a> PreferenceChange<'a> {
    pub fn new(
        customer: &'a CustomerId,
        expected_version: i64,
        before: &Preferences,
        after: &Preferences,
        by: &'a ChangeBy<'a>,
    ) -> PreferenceChange<'a> {
        PreferenceChange {
            customer_id: customer.as_str(),
            expected_version,
            before_json: to_json(before),
            after_json: to_json(after),
            actor: by.actor.to_string(),
            by,
            opt_out: reachguard_domain::preferences::is_opt_out(before, after),
            now: Utc::now().timestamp(),
            topics: crate::topics::topic_changes(Some(before), after),
        }
    }
}

/// Makes `$change` (a `&PreferenceChange`) inside the transaction `$tx` of
/// either backend, taking `$lock` first when there is one: the versioned
/// update, its ledger row, its audit entry and its feed row. Evaluates to
/// the new version, or why not.
macro_rules! change_preferences {
    ($tx:expr, $lock:expr, $change:expr) => {
        async {
            let change: &$crate::ledger::PreferenceChange<'_> = $change;
            if let Some(lock) = $lock {
                sqlx::query(lock).execute(&mut *$tx).await?;
            }
            let updated = sqlx::query(
                "UPDATE customers SET preferences = $1, version = version + 1, updated_at = $2
                 WHERE customer_id = $3 AND version = $4",
            )
            .bind(&change.after_json)
            .bind(change.now)
            .bind(change.customer_id)
            .bind(change.expected_version)
            .execute(&mut *$tx)
            .await?
            .rows_affected();
            if updated == 0 {
                let current: Option<(i64,)> =
                    sqlx::query_as("SELECT version FROM customers WHERE customer_id = $1")
                        .bind(change.customer_id)
                        .fetch_optional(&mut *$tx)
                        .await?;
                return Err(match current {
                    Some((current,)) => $crate::ledger::WritePreferencesError::Stale { current },
                    None => $crate::ledger::WritePreferencesError::NotFound,
                });
            }
            $crate::topics::count_topics!($tx, &change.topics)?;
            let version = change.expected_version + 1;
            let by = change.by;
            $crate::ledger::insert_ledger_row!(
                $tx,
                change.customer_id,
                version,
                &change.actor,
                by.source,
                by.note,
                by.api_client,
                change.now,
                Some(&change.before_json),
                &change.after_json,
                by.via.as_ref().map(ToString::to_string),
                change.opt_out
            )?;
            $crate::audit::append_audit!(
                $tx,
                &$crate::ledger::preference_change(
                    change.now,
                    &change.actor,
                    change.customer_id,
                    version,
                    by
                )
            );
            $crate::feed::note_in_feed!(
                $tx,
                $crate::feed::FeedKind::Customer,
                change.customer_id,
                change.now
            )?;
            Ok::<i64, $crate::ledger::WritePreferencesError>(version)
        }
        .await
    };
}
pub(crate) use change_preferences;

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
    /// transaction. Returns the new version. `before` lists every purpose
    /// of the policy ([`Preferences::fill_defaults`]), as `after` does, so
    /// that the ledger can tell an opt-out.
    pub async fn write_preferences(
        &self,
        customer: &CustomerId,
        expected_version: i64,
        before: &Preferences,
        after: &Preferences,
        by: &ChangeBy<'_>,
    ) -> Result<i64, WritePreferencesError> {
        let change = PreferenceChange::new(customer, expected_version, before, after, by);
        let lock = self.ledger_lock();
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let version = change_preferences!(tx, lock, &change)?;
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
