//! The policy in force and its versions.

use chrono::Utc;
use reachguard_domain::audit::AuditAction;
use reachguard_domain::what_if::TriedDraft;
use reachguard_domain::{Actor, BankSettings, Policy, PolicyPack};

use crate::audit::{NewAuditEntry, append_audit};
use crate::feed::{FeedKind, note_in_feed, wrote};
use crate::{Database, StorageError, is_unique_violation, with_pool};

impl Database {
    /// The newest policy, creating version 1 of `pack` alone when the
    /// database is new. An existing database keeps its own pack.
    pub async fn current_policy_or_init(&self, pack: PolicyPack) -> Result<Policy, StorageError> {
        let created = with_pool!(self, pool => sqlx::query(
            "INSERT INTO policy_versions (version, pack, settings, created_at, created_by)
             VALUES (1, $1, '{}', $2, 'system:setup')
             ON CONFLICT (version) DO NOTHING",
        )
        .bind(pack.as_str())
        .bind(Utc::now().timestamp())
        .execute(pool)
        .await
        .map(|done| done.rows_affected()))?;
        if created == 1 {
            wrote();
        }
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
        let current = self.current_policy().await?;
        match self
            .new_policy_version(pack, settings, by, current.version, None)
            .await?
        {
            Some(policy) => Ok(policy),
            None => self.current_policy().await,
        }
    }

    /// Makes version `after_version + 1`, if `after_version` is still the
    /// newest (else `None`: someone else changed the policy meanwhile), and
    /// audits it in the same transaction. `tried` is the what-if of these
    /// settings that was run before publishing, kept with the version.
    pub async fn new_policy_version(
        &self,
        pack: PolicyPack,
        settings: &BankSettings,
        by: &Actor,
        after_version: i64,
        tried: Option<&TriedDraft>,
    ) -> Result<Option<Policy>, StorageError> {
        let by = by.to_string();
        let json = serde_json::to_string(settings).expect("settings always serialize");
        let tried_json =
            tried.map(|t| serde_json::to_string(t).expect("a what-if always serializes"));
        let now = Utc::now().timestamp();
        // The audit log says what the what-if found, not its examples.
        let what_if = tried.map(|t| {
            serde_json::json!({
                "days": t.days,
                "decisions": t.found.decisions,
                "changed": t.found.changed,
                "allowed_to_denied": t.found.allowed_to_denied,
                "denied_to_allowed": t.found.denied_to_allowed,
            })
        });
        let entry = NewAuditEntry::new(
            now,
            &by,
            AuditAction::PolicyChange,
            &format!("{}@{}", pack.as_str(), after_version + 1),
            serde_json::json!({ "settings": settings, "what_if": what_if }),
        );
        let made = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let made = sqlx::query(
                "INSERT INTO policy_versions (version, pack, settings, created_at, created_by, what_if)
                 SELECT $5 + 1, $1, $2, $3, $4, $6
                 WHERE (SELECT MAX(version) FROM policy_versions) = $5",
            )
            .bind(pack.as_str())
            .bind(&json)
            .bind(now)
            .bind(&by)
            .bind(after_version)
            .bind(&tried_json)
            .execute(&mut *tx)
            .await;
            let made = match made {
                Ok(done) => done.rows_affected() == 1,
                // Two writers after the same version: the second loses.
                Err(error) if is_unique_violation(&error) => false,
                Err(error) => return Err(error.into()),
            };
            if made {
                append_audit!(tx, &entry);
                note_in_feed!(tx, FeedKind::Policy, "", now)?;
            }
            tx.commit().await?;
            Ok::<bool, sqlx::Error>(made)
        })?;
        if made {
            wrote();
        }
        if made {
            Ok(Some(self.current_policy().await?))
        } else {
            Ok(None)
        }
    }

    /// Every version, newest first, with who made it and when.
    pub async fn policy_history(&self) -> Result<Vec<PolicyVersion>, StorageError> {
        type Row = (i64, String, String, i64, String, Option<String>);
        let rows: Vec<Row> = with_pool!(self, pool => sqlx::query_as(
            "SELECT version, pack, settings, created_at, created_by, what_if FROM policy_versions
             ORDER BY version DESC",
        )
        .fetch_all(pool)
        .await)?;
        rows.into_iter()
            .map(
                |(version, pack, settings, created_at, created_by, what_if)| {
                    Ok(PolicyVersion {
                        policy: policy_of((version, pack, settings))?,
                        created_at,
                        created_by,
                        // A what-if that no longer reads is not shown rather
                        // than hiding the history.
                        tried: what_if.and_then(|json| serde_json::from_str(&json).ok()),
                    })
                },
            )
            .collect()
    }
}

/// A policy version with who made it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyVersion {
    pub policy: Policy,
    pub created_at: i64,
    pub created_by: String,
    /// What a what-if of it found before it was published, if one was run.
    pub tried: Option<TriedDraft>,
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
