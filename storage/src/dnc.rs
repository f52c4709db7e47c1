//! The national do-not-call list.

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

impl Database {
    /// Replaces the whole list in one transaction: readers see the old list
    /// until the new one is complete. `numbers` must be E.164 and distinct.
    pub async fn replace_national_dnc(
        &self,
        numbers: &[String],
        uploaded_by: &Actor,
    ) -> Result<(), StorageError> {
        self.replace_national_dnc_reporting(numbers, uploaded_by, |_| {})
            .await
    }

    /// [`Database::replace_national_dnc`], telling `loaded` how many numbers
    /// are in after each batch, for a progress bar.
    pub async fn replace_national_dnc_reporting(
        &self,
        numbers: &[String],
        uploaded_by: &Actor,
        loaded: impl Fn(usize),
    ) -> Result<(), StorageError> {
        let now = Utc::now().timestamp();
        let uploaded_by = uploaded_by.to_string();
        let entry = NewAuditEntry::new(
            now,
            &uploaded_by,
            "national_list.replace",
            "",
            serde_json::json!({ "numbers": numbers.len() }),
        );
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("DELETE FROM national_dnc").execute(&mut *tx).await?;
            for (n, chunk) in numbers.chunks(NUMBERS_PER_INSERT).enumerate() {
                let sql = format!(
                    "INSERT INTO national_dnc (phone) VALUES {}",
                    (1..=chunk.len()).map(|i| format!("(${i})")).collect::<Vec<_>>().join(",")
                );
                let mut query = sqlx::query(&sql);
                for number in chunk {
                    query = query.bind(number);
                }
                query.execute(&mut *tx).await?;
                loaded((n * NUMBERS_PER_INSERT + chunk.len()).min(numbers.len()));
            }
            sqlx::query("INSERT INTO national_dnc_uploads (uploaded_at, uploaded_by, numbers) VALUES ($1, $2, $3)")
                .bind(now)
                .bind(&uploaded_by)
                .bind(numbers.len() as i64)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, &entry);
            tx.commit().await
        })?;
        Ok(())
    }

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
