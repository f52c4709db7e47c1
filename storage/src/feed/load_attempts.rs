//! The read model's recent history read at start: every attempt the rules
//! can count (calls and marketing contacts) made after an instant.
//!
//! On SQLite a row costs far more crossing from the database's thread to
//! ours than finding it does (a million customers' month is 6.7 million
//! rows: 58 s read one by one here, 10 s packed). So SQLite packs the rows
//! of a span of rowids into one text, spans in rowid order (the order rows
//! lie on disk) from the first row made after the instant, and reads the
//! next span while this one is handed out. PostgreSQL streams the rows.

use futures_util::{StreamExt, TryStreamExt};
use reachguard_domain::ContactAttempt;
use sqlx::SqlitePool;

use crate::attempts::{AttemptRow, decode_attempt, decode_attempt_fields};
use crate::{Database, StorageError};

/// Rowids a SQLite read spans: a few MB of text each.
pub(crate) const ROWIDS_PER_READ: i64 = 100_000;

/// Between the fields of a packed attempt and between attempts: control
/// characters no customer number, name or instant holds.
const FIELD: char = '\u{1f}';
const ATTEMPT: char = '\u{1e}';

impl Database {
    /// Hands `visit` every attempt the rules can count (calls and marketing
    /// contacts) made after `from`, in no particular order.
    pub async fn model_attempts_since(
        &self,
        from: i64,
        visit: impl FnMut(&str, ContactAttempt),
    ) -> Result<(), StorageError> {
        match self {
            Database::Sqlite(pool) => {
                sqlite_attempts_since(pool, from, ROWIDS_PER_READ, visit).await
            }
            Database::Postgres(pool) => {
                postgres_attempts_since(pool, from, visit).await?;
                Ok(())
            }
        }
    }
}

pub(crate) async fn sqlite_attempts_since(
    pool: &SqlitePool,
    from: i64,
    span: i64,
    mut visit: impl FnMut(&str, ContactAttempt),
) -> Result<(), StorageError> {
    // From the first row made after `from` (the index on `at` holds the
    // rowids): years of older history kept for retention are never read.
    let (first, last): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT min(rowid) FROM contact_attempts WHERE at > $1),
                (SELECT max(rowid) FROM contact_attempts)",
    )
    .bind(from)
    .fetch_one(pool)
    .await?;
    let (Some(first), Some(last)) = (first, last) else {
        return Ok(());
    };
    // NOT INDEXED: the rowid range, read in order, not the index on `at`.
    const SQL: &str = "SELECT group_concat(
             customer_id || char(31) || at || char(31) || channel || char(31) || purpose
                 || char(31) || outcome,
             char(30))
         FROM contact_attempts NOT INDEXED
         WHERE rowid >= $1 AND rowid < $2 AND at > $3
           AND (channel = 'voice' OR purpose LIKE 'marketing.%')";
    let starts = (first..=last).step_by(usize::try_from(span.max(1)).unwrap_or(usize::MAX));
    // Two reads in flight: the database packs the next span while this
    // one is handed out.
    let mut packed = futures_util::stream::iter(starts)
        .map(|start| {
            sqlx::query_scalar::<_, Option<String>>(SQL)
                .bind(start)
                .bind(start.saturating_add(span))
                .bind(from)
                .fetch_one(pool)
        })
        .buffered(2);
    while let Some(text) = packed.try_next().await? {
        for attempt in text.iter().flat_map(|text| text.split(ATTEMPT)) {
            let (customer_id, attempt) = unpack(attempt)?;
            visit(customer_id, attempt);
        }
    }
    Ok(())
}

/// One packed attempt: customer, instant, channel, purpose, outcome.
fn unpack(packed: &str) -> Result<(&str, ContactAttempt), sqlx::Error> {
    let mut fields = packed.split(FIELD);
    let mut next = || {
        fields.next().ok_or_else(|| {
            sqlx::Error::Decode(format!("a packed attempt is short: {packed:?}").into())
        })
    };
    let (customer_id, at, channel, purpose, outcome) =
        (next()?, next()?, next()?, next()?, next()?);
    let at = at
        .parse()
        .map_err(|_| sqlx::Error::Decode(format!("bad instant {at:?}").into()))?;
    Ok((
        customer_id,
        decode_attempt_fields(at, channel, purpose, outcome)?,
    ))
}

async fn postgres_attempts_since(
    pool: &sqlx::PgPool,
    from: i64,
    mut visit: impl FnMut(&str, ContactAttempt),
) -> Result<(), sqlx::Error> {
    const SQL: &str = "SELECT customer_id, at, channel, purpose, outcome FROM contact_attempts
         WHERE at > $1 AND (channel = 'voice' OR purpose LIKE 'marketing.%')";
    let mut rows = sqlx::query_as::<_, AttemptRow>(SQL).bind(from).fetch(pool);
    while let Some(row) = rows.try_next().await? {
        visit(&row.customer_id, decode_attempt(&row)?);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
