//! The policy in force and its versions.

use chrono::Utc;
use reachguard_domain::PolicyPack;

use crate::{Database, StorageError, with_pool};

/// One version of the policy: the pack and the bank's settings on top of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyVersion {
    pub version: i64,
    pub pack: PolicyPack,
    pub settings: String,
}

impl PolicyVersion {
    /// How decisions name the policy they were made under, e.g. `cn@4`.
    pub fn label(&self) -> String {
        format!("{}@{}", self.pack, self.version)
    }
}

impl Database {
    /// The newest policy version, creating version 1 with `pack` when the
    /// database is new. An existing database keeps its own pack.
    pub async fn current_policy_or_init(
        &self,
        pack: PolicyPack,
    ) -> Result<PolicyVersion, StorageError> {
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
    pub async fn current_policy(&self) -> Result<PolicyVersion, StorageError> {
        let (version, pack, settings): (i64, String, String) = with_pool!(self, pool => sqlx::query_as(
            "SELECT version, pack, settings FROM policy_versions ORDER BY version DESC LIMIT 1",
        )
        .fetch_one(pool)
        .await)?;
        // The CHECK constraint admits only packs the domain knows.
        let pack = pack
            .parse()
            .map_err(|e: reachguard_domain::pack::UnknownPack| sqlx::Error::Decode(Box::new(e)))?;
        Ok(PolicyVersion {
            version,
            pack,
            settings,
        })
    }
}
