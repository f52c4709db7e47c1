//! The policy in force and its versions.

use chrono::Utc;
use reachguard_domain::{Actor, BankSettings, Policy, PolicyPack};

use crate::{Database, StorageError, with_pool};

impl Database {
    /// The newest policy, creating version 1 of `pack` alone when the
    /// database is new. An existing database keeps its own pack.
    pub async fn current_policy_or_init(&self, pack: PolicyPack) -> Result<Policy, StorageError> {
        with_pool!(self, pool => sqlx::query(
            "INSERT INTO policy_versions (version, pack, settings, created_at, created_by)
             VALUES (1, $1, '{}', $2, 'system:setup')
             ON CONFLICT (version) DO NOTHING",
        )
        .bind(pack.as_str())
        .bind(Utc::now().timestamp())
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
        self.current_policy().await
    }

    /// The newest policy version.
    pub async fn current_policy(&self) -> Result<Policy, StorageError> {
        let row: (i64, String, String) = with_pool!(self, pool => sqlx::query_as(
            "SELECT version, pack, settings FROM policy_versions ORDER BY version DESC LIMIT 1",
        )
        .fetch_one(pool)
        .await)?;
        policy_of(row)
    }

    /// One policy version.
    pub async fn policy_version(&self, version: i64) -> Result<Policy, StorageError> {
        let row: (i64, String, String) = with_pool!(self, pool => sqlx::query_as(
            "SELECT version, pack, settings FROM policy_versions WHERE version = $1",
        )
        .bind(version)
        .fetch_one(pool)
        .await)?;
        policy_of(row)
    }

    /// Makes a new policy version. The caller has checked the settings
    /// against the pack.
    pub async fn set_policy(
        &self,
        pack: PolicyPack,
        settings: &BankSettings,
        by: &Actor,
    ) -> Result<Policy, StorageError> {
        let by = by.to_string();
        let json = serde_json::to_string(settings).expect("settings always serialize");
        with_pool!(self, pool => sqlx::query(
            "INSERT INTO policy_versions (version, pack, settings, created_at, created_by)
             SELECT COALESCE(MAX(version), 0) + 1, $1, $2, $3, $4 FROM policy_versions",
        )
        .bind(pack.as_str())
        .bind(&json)
        .bind(Utc::now().timestamp())
        .bind(&by)
        .execute(pool)
        .await
        .map(|_| ()))?;
        self.current_policy().await
    }
}

fn policy_of((version, pack, settings): (i64, String, String)) -> Result<Policy, StorageError> {
    let decode = |e: String| StorageError::from(sqlx::Error::Decode(e.into()));
    Ok(Policy {
        pack: pack
            .parse()
            .map_err(|e: reachguard_domain::pack::UnknownPack| decode(e.to_string()))?,
        version,
        settings: serde_json::from_str(&settings).map_err(|e| decode(e.to_string()))?,
    })
}
