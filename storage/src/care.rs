//! Extra care (contract section 7): one row a customer, each change kept
//! for the customer's history, audited, and in the read model's feed in
//! the same transaction.

use chrono::DateTime;
use reachguard_domain::audit::AuditAction;
use reachguard_domain::{CareReason, CustomerId, Protection};

use crate::audit::{NewAuditEntry, append_audit};
use crate::feed::{FeedKind, note_in_feed, wrote};
use crate::{Database, StorageError, with_pool};

/// Extra care as kept, with who set it and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareRecord {
    pub protection: Protection,
    pub note: Option<String>,
    pub set_by: String,
    pub set_at: i64,
}

/// One change of a customer's extra care: set (or changed), or ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareChange {
    pub at: i64,
    pub actor: String,
    pub ended: bool,
    pub protection: Protection,
    pub note: Option<String>,
}

/// Reads a protection from its columns.
pub(crate) fn protection_of(
    reason: &str,
    since: i64,
    until: i64,
) -> Result<Protection, sqlx::Error> {
    let instant = |seconds: i64| {
        DateTime::from_timestamp(seconds, 0)
            .ok_or_else(|| sqlx::Error::Decode(format!("no instant {seconds}").into()))
    };
    Ok(Protection {
        reason: CareReason::from_code(reason)
            .ok_or_else(|| sqlx::Error::Decode(format!("no care reason {reason}").into()))?,
        since: instant(since)?,
        until: instant(until)?,
    })
}

impl Database {
    /// The customer's extra care as kept (in force, ended or run out), if
    /// any was ever set.
    pub async fn care_of(&self, customer: &CustomerId) -> Result<Option<CareRecord>, StorageError> {
        type Row = (String, i64, i64, Option<String>, String, i64);
        let row: Option<Row> = with_pool!(self, pool => sqlx::query_as(
            "SELECT reason, since, until, note, set_by, set_at FROM customer_care WHERE customer_id = $1",
        )
        .bind(customer.as_str())
        .fetch_optional(pool)
        .await)?;
        let Some((reason, since, until, note, set_by, set_at)) = row else {
            return Ok(None);
        };
        Ok(Some(CareRecord {
            protection: protection_of(&reason, since, until)?,
            note,
            set_by,
            set_at,
        }))
    }

    /// Keeps `protection` as the customer's extra care (`ended`: the end of
    /// the one in force), with its history row, audit entry and feed row,
    /// in one transaction. False when no customer has the id.
    pub async fn write_care(
        &self,
        customer: &CustomerId,
        protection: &Protection,
        note: Option<&str>,
        actor: &str,
        ended: bool,
        now: i64,
    ) -> Result<bool, StorageError> {
        let (reason, since, until) = (
            protection.reason.as_str(),
            protection.since.timestamp(),
            protection.until.timestamp(),
        );
        let entry = NewAuditEntry::new(
            now,
            actor,
            if ended {
                AuditAction::CustomerCareEnd
            } else {
                AuditAction::CustomerCareSet
            },
            customer.as_str(),
            serde_json::json!({ "reason": reason, "since": since, "until": until, "note": note }),
        );
        let written = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            // The write comes first, so that SQLite takes its write lock at
            // once rather than upgrading a read (which fails under a
            // concurrent writer).
            let kept = sqlx::query(
                "INSERT INTO customer_care (customer_id, reason, since, until, note, set_by, set_at)
                 SELECT $1, $2, $3, $4, $5, $6, $7
                 WHERE EXISTS (SELECT 1 FROM customers WHERE customer_id = $1)
                 ON CONFLICT (customer_id) DO UPDATE SET reason = excluded.reason,
                     since = excluded.since, until = excluded.until, note = excluded.note,
                     set_by = excluded.set_by, set_at = excluded.set_at",
            )
            .bind(customer.as_str())
            .bind(reason)
            .bind(since)
            .bind(until)
            .bind(note)
            .bind(actor)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if kept == 0 {
                return Ok(false);
            }
            sqlx::query(
                "INSERT INTO care_changes (customer_id, at, actor, ended, reason, since, until, note)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(customer.as_str())
            .bind(now)
            .bind(actor)
            .bind(ended)
            .bind(reason)
            .bind(since)
            .bind(until)
            .bind(note)
            .execute(&mut *tx)
            .await?;
            append_audit!(tx, &entry);
            note_in_feed!(tx, FeedKind::Customer, customer.as_str(), now)?;
            tx.commit().await?;
            Ok::<bool, sqlx::Error>(true)
        })?;
        if written {
            wrote();
        }
        Ok(written)
    }

    /// Every change of the customer's extra care, newest first.
    pub async fn care_changes(
        &self,
        customer: &CustomerId,
    ) -> Result<Vec<CareChange>, StorageError> {
        type Row = (i64, String, bool, String, i64, i64, Option<String>);
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(
            "SELECT at, actor, ended, reason, since, until, note FROM care_changes
             WHERE customer_id = $1 ORDER BY seq DESC",
        )
        .bind(customer.as_str())
        .fetch_all(pool)
        .await)?;
        let mut changes = Vec::with_capacity(rows.len());
        for (at, actor, ended, reason, since, until, note) in rows {
            changes.push(CareChange {
                at,
                actor,
                ended,
                protection: protection_of(&reason, since, until)?,
                note,
            });
        }
        Ok(changes)
    }
}
