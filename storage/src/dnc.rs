//! The national do-not-call list.

use crate::feed::{FeedKind, note_in_feed, wrote};
use reachguard_domain::audit::AuditAction;
use std::collections::HashSet;

use chrono::Utc;
use reachguard_domain::Actor;

use crate::audit::{NewAuditEntry, append_audit};
use crate::{Database, StorageError, list_param, with_pool};

/// One upload of the national list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NationalListUpload {
    pub uploaded_at: i64,
    pub uploaded_by: String,
    pub numbers: i64,
}

/// Numbers per INSERT statement while loading a list.
const NUMBERS_PER_INSERT: usize = 5_000;

/// A new national list being loaded beside the one in force.
///
/// Numbers go into a table of this load's own, a batch per statement, so
/// that other writers wait at most one batch; decisions read the old list
/// throughout. [`NationalListLoad::swap`] then puts the new table in the
/// old one's place in one short transaction. Two loads at once each fill
/// their own table: the later swap wins whole, and lists never merge.
#[derive(Debug)]
pub struct NationalListLoad {
    db: Database,
    table: String,
    /// Swapped in or abandoned; a load dropped before either (its request
    /// timed out or its client went away) drops its table on the way out.
    finished: bool,
}

impl Drop for NationalListLoad {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let load = NationalListLoad {
                db: self.db.clone(),
                table: std::mem::take(&mut self.table),
                finished: false,
            };
            runtime.spawn(load.abandon());
        }
    }
}

impl Database {
    /// Starts loading a new list (and drops what loads that died left).
    pub async fn begin_national_list(&self) -> Result<NationalListLoad, StorageError> {
        self.drop_abandoned_loads().await?;
        let table = format!(
            "national_dnc_load_{}_{:08x}",
            Utc::now().timestamp(),
            rand::random::<u32>()
        );
        let sql = match self {
            Database::Sqlite(_) => {
                format!("CREATE TABLE {table} (phone TEXT PRIMARY KEY) WITHOUT ROWID")
            }
            Database::Postgres(_) => format!("CREATE TABLE {table} (phone TEXT PRIMARY KEY)"),
        };
        with_pool!(self, pool => sqlx::query(&sql).execute(pool).await.map(drop))?;
        Ok(NationalListLoad {
            db: self.clone(),
            table,
            finished: false,
        })
    }

    /// Load tables a day old belong to a server that stopped mid-load.
    async fn drop_abandoned_loads(&self) -> Result<(), StorageError> {
        let sql = match self {
            Database::Sqlite(_) => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'national_dnc_load_%'"
            }
            Database::Postgres(_) => {
                "SELECT tablename FROM pg_tables
                 WHERE schemaname = current_schema() AND tablename LIKE 'national_dnc_load_%'"
            }
        };
        let tables: Vec<(String,)> =
            with_pool!(self, pool => sqlx::query_as(sql).fetch_all(pool).await)?;
        let day_ago = Utc::now().timestamp() - 24 * 60 * 60;
        for (table,) in tables {
            let started = table
                .trim_start_matches("national_dnc_load_")
                .split('_')
                .next()
                .and_then(|t| t.parse::<i64>().ok());
            if started.is_some_and(|t| t < day_ago) {
                let sql = format!("DROP TABLE IF EXISTS {table}");
                with_pool!(self, pool => sqlx::query(&sql).execute(pool).await.map(drop))?;
            }
        }
        Ok(())
    }

    /// Replaces the whole list with `numbers` (E.164): loaded beside the
    /// old list, then swapped in.
    pub async fn replace_national_dnc(
        &self,
        numbers: &[String],
        uploaded_by: &Actor,
    ) -> Result<i64, StorageError> {
        let mut load = self.begin_national_list().await?;
        if let Err(error) = load.add(numbers).await {
            load.abandon().await;
            return Err(error);
        }
        load.swap(uploaded_by).await
    }
}

impl NationalListLoad {
    /// Adds numbers (repeats are kept once), a batch per statement.
    pub async fn add(&mut self, numbers: &[String]) -> Result<(), StorageError> {
        for chunk in numbers.chunks(NUMBERS_PER_INSERT) {
            let sql = format!(
                "INSERT INTO {} (phone) VALUES {} ON CONFLICT (phone) DO NOTHING",
                self.table,
                (1..=chunk.len())
                    .map(|i| format!("(${i})"))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            with_pool!(&self.db, pool => {
                let mut query = sqlx::query(&sql);
                for number in chunk {
                    query = query.bind(number);
                }
                query.execute(pool).await.map(drop)
            })?;
        }
        Ok(())
    }

    /// Puts the loaded list in force in one short transaction, recording the
    /// upload and its audit entry; returns how many distinct numbers it has.
    pub async fn swap(mut self, uploaded_by: &Actor) -> Result<i64, StorageError> {
        let now = Utc::now().timestamp();
        let uploaded_by = uploaded_by.to_string();
        let table = &self.table;
        let count_sql = format!("SELECT COUNT(*) FROM {table}");
        let (numbers,): (i64,) =
            with_pool!(&self.db, pool => sqlx::query_as(&count_sql).fetch_one(pool).await)?;
        let entry = NewAuditEntry::new(
            now,
            &uploaded_by,
            AuditAction::NationalListReplace,
            "",
            serde_json::json!({ "numbers": numbers }),
        );
        let old = format!("{table}_old");
        // On PostgreSQL the renames wait for readers of the list; rather
        // than hold every decision queued behind them, give up after 5 s.
        let lock_timeout = match &self.db {
            Database::Sqlite(_) => None,
            Database::Postgres(_) => Some("SET LOCAL lock_timeout = '5s'"),
        };
        let swapped = with_pool!(&self.db, pool => {
            let mut tx = pool.begin().await?;
            if let Some(sql) = lock_timeout {
                sqlx::query(sql).execute(&mut *tx).await?;
            }
            sqlx::query(&format!("ALTER TABLE national_dnc RENAME TO {old}")).execute(&mut *tx).await?;
            sqlx::query(&format!("ALTER TABLE {table} RENAME TO national_dnc")).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO national_dnc_uploads (uploaded_at, uploaded_by, numbers) VALUES ($1, $2, $3)")
                .bind(now)
                .bind(&uploaded_by)
                .bind(numbers)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, &entry);
            note_in_feed!(tx, FeedKind::NationalList, "", now)?;
            tx.commit().await
        });
        if let Err(error) = swapped {
            self.abandon().await;
            return Err(error.into());
        }
        self.finished = true;
        wrote();
        // The old list goes after the swap, outside its transaction.
        let drop_old = format!("DROP TABLE IF EXISTS {old}");
        with_pool!(&self.db, pool => sqlx::query(&drop_old).execute(pool).await.map(drop))?;
        Ok(numbers)
    }

    /// Drops what was loaded; the list in force is unchanged.
    pub async fn abandon(mut self) {
        self.finished = true;
        let sql = format!("DROP TABLE IF EXISTS {}", self.table);
        if let Err(error) =
            with_pool!(&self.db, pool => sqlx::query(&sql).execute(pool).await.map(drop))
        {
            tracing::warn!(%error, "cannot drop an abandoned national list load; it goes at the next load");
        }
    }
}

impl Database {
    /// Which of these numbers are on the national list.
    pub async fn on_national_dnc(
        &self,
        phones: &[String],
    ) -> Result<HashSet<String>, StorageError> {
        let sql = format!(
            "SELECT phone FROM national_dnc WHERE phone {}",
            self.one_of(1, phones)
        );
        let rows: Vec<(String,)> = with_pool!(self, pool => sqlx::query_as(&sql).bind(list_param(phones)).fetch_all(pool).await)?;
        let listed: HashSet<String> = rows.into_iter().map(|(phone,)| phone).collect();
        Ok(listed)
    }

    /// The uploads, newest first, at most `limit`.
    pub async fn national_dnc_uploads(
        &self,
        limit: i64,
    ) -> Result<Vec<NationalListUpload>, StorageError> {
        let rows = with_pool!(self, pool => sqlx::query_as(
            "SELECT uploaded_at, uploaded_by, numbers FROM national_dnc_uploads
             ORDER BY uploaded_at DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(pool)
        .await)?;
        Ok(rows)
    }

    pub async fn national_dnc_size(&self) -> Result<i64, StorageError> {
        let (n,): (i64,) = with_pool!(self, pool => sqlx::query_as("SELECT COUNT(*) FROM national_dnc").fetch_one(pool).await)?;
        Ok(n)
    }
}
