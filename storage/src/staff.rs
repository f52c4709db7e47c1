//! Staff accounts: sign-in state, second factors, and the changes an admin
//! makes, each audited in the same transaction. Secrets arrive hashed or
//! sealed (a TOTP secret is sealed with the key kept outside the database).

use reachguard_domain::Role;
use reachguard_domain::audit::AuditAction;
use serde_json::json;

use crate::audit::{NewAuditEntry, append_audit};
use crate::{Database, StorageError, with_pool};

/// A staff account as sign-in needs it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffLogin {
    pub username: String,
    pub role: String,
    pub password_hash: String,
    /// Sealed.
    pub totp_secret: Option<String>,
    /// Sealed: a secret shown for setting up, not confirmed yet.
    pub totp_pending: Option<String>,
    pub disabled_at: Option<i64>,
    pub session_epoch: i64,
    /// Made or reset by an admin: a new password at the next sign-in.
    pub must_change_password: bool,
    /// The hash of the one-time code that lets the account set up a second
    /// factor, and until when it works.
    pub setup_code_hash: Option<String>,
    pub setup_code_expires_at: Option<i64>,
}

/// A staff account as the accounts page lists it: no secrets.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffAccount {
    pub username: String,
    pub role: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
    pub second_factor: bool,
    pub locked_until: Option<i64>,
}

/// A change an admin makes to an account. Each ends the account's
/// sessions, so that it takes effect at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaffChange {
    Role(Role),
    Disable,
    Enable,
    /// The account sets up a new second factor at its next sign-in, with
    /// the one-time code whose hash this is (valid until `expires_at`).
    ResetSecondFactor {
        setup_code_hash: String,
        expires_at: i64,
    },
    /// A temporary password (hashed), to be changed at the next sign-in.
    ResetPassword {
        password_hash: String,
    },
    /// Lifts a lock after failed sign-ins.
    Unlock,
}

impl StaffChange {
    fn audit_action(&self) -> AuditAction {
        match self {
            StaffChange::Role(_) => AuditAction::StaffRole,
            StaffChange::Disable => AuditAction::StaffDisable,
            StaffChange::Enable => AuditAction::StaffEnable,
            StaffChange::ResetSecondFactor { .. } => AuditAction::StaffResetSecondFactor,
            StaffChange::ResetPassword { .. } => AuditAction::StaffResetPassword,
            StaffChange::Unlock => AuditAction::StaffUnlock,
        }
    }
}

impl Database {
    /// The account named `username`, active or not.
    pub async fn staff_sign_in(&self, username: &str) -> Result<Option<StaffLogin>, StorageError> {
        let row = with_pool!(self, pool => sqlx::query_as(
            "SELECT username, role, password_hash, totp_secret, totp_pending, disabled_at,
                    session_epoch, must_change_password, setup_code_hash, setup_code_expires_at
             FROM staff WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(pool)
        .await)?;
        Ok(row)
    }

    pub async fn staff_accounts(&self) -> Result<Vec<StaffAccount>, StorageError> {
        let rows = with_pool!(self, pool => sqlx::query_as(
            "SELECT username, role, created_at, disabled_at,
                    totp_secret IS NOT NULL AS second_factor,
                    (SELECT locked_until FROM signin_tries t WHERE t.kind = 'staff' AND t.login = staff.username)
                      AS locked_until
             FROM staff ORDER BY username",
        )
        .fetch_all(pool)
        .await)?;
        Ok(rows)
    }

    /// Keeps a new second-factor secret to be confirmed, replacing any
    /// earlier unconfirmed one.
    pub async fn set_pending_second_factor(
        &self,
        username: &str,
        secret: &str,
    ) -> Result<(), StorageError> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE staff SET totp_pending = $1 WHERE username = $2 AND totp_secret IS NULL",
        )
        .bind(secret)
        .bind(username)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    /// Uses the code of time step `step`: true once per step and account,
    /// and only for a step later than the last one used, so that a code
    /// seen over a shoulder cannot be used again. When `confirm` names the
    /// pending secret the code was checked against, it becomes the account's
    /// secret in the same statement.
    pub async fn use_second_factor_step(
        &self,
        username: &str,
        step: i64,
        confirm: Option<&str>,
        at: i64,
    ) -> Result<bool, StorageError> {
        let used = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let used = match confirm {
                None => sqlx::query(
                    "UPDATE staff SET totp_last_step = $2
                     WHERE username = $1 AND totp_secret IS NOT NULL
                       AND (totp_last_step IS NULL OR totp_last_step < $2)",
                )
                .bind(username)
                .bind(step)
                .execute(&mut *tx)
                .await?,
                Some(pending) => sqlx::query(
                    "UPDATE staff SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $2,
                       setup_code_hash = NULL, setup_code_expires_at = NULL
                     WHERE username = $1 AND totp_secret IS NULL AND totp_pending = $3",
                )
                .bind(username)
                .bind(step)
                .bind(pending)
                .execute(&mut *tx)
                .await?,
            }
            .rows_affected()
                == 1;
            if used && confirm.is_some() {
                let actor = format!("staff:{username}");
                let entry = NewAuditEntry::new(at, &actor, AuditAction::StaffSecondFactorSetUp, username, json!({}));
                append_audit!(tx, &entry);
            }
            tx.commit().await?;
            Ok::<bool, sqlx::Error>(used)
        })?;
        Ok(used)
    }

    /// A member of staff's own new password (the current one was checked):
    /// no longer one to change; audited. Every other session of the account
    /// ends, as its hash covers the password.
    pub async fn set_own_staff_password(
        &self,
        username: &str,
        password_hash: &str,
        at: i64,
    ) -> Result<(), StorageError> {
        let entry = NewAuditEntry::new(
            at,
            &format!("staff:{username}"),
            AuditAction::StaffPassword,
            username,
            json!({}),
        );
        with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE staff SET password_hash = $1, must_change_password = FALSE WHERE username = $2")
                .bind(password_hash)
                .bind(username)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, &entry);
            tx.commit().await
        })?;
        Ok(())
    }

    /// Applies an admin's change to an account and audits it; false when no
    /// account has that name.
    pub async fn change_staff(
        &self,
        username: &str,
        change: StaffChange,
        actor: &str,
        at: i64,
    ) -> Result<bool, StorageError> {
        let set = match change {
            StaffChange::Role(_) => "role = $2",
            StaffChange::Disable => "disabled_at = $2",
            StaffChange::Enable => "disabled_at = NULL",
            StaffChange::ResetSecondFactor { .. } => {
                "totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL,
                 setup_code_hash = $2, setup_code_expires_at = $3"
            }
            StaffChange::ResetPassword { .. } => "password_hash = $2, must_change_password = TRUE",
            // The lock is in signin_tries, cleared below.
            StaffChange::Unlock => "username = username",
        };
        let sql = format!(
            "UPDATE staff SET {set}, session_epoch = session_epoch + 1 WHERE username = $1"
        );
        let details = match &change {
            StaffChange::Role(role) => json!({ "role": role.as_str() }),
            _ => json!({}),
        };
        let entry = NewAuditEntry::new(at, actor, change.audit_action(), username, details);
        let changed = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut update = sqlx::query(&sql).bind(username);
            match &change {
                StaffChange::Role(role) => update = update.bind(role.as_str()),
                StaffChange::Disable => update = update.bind(at),
                StaffChange::ResetSecondFactor { setup_code_hash, expires_at } => {
                    update = update.bind(setup_code_hash).bind(*expires_at);
                }
                StaffChange::ResetPassword { password_hash } => update = update.bind(password_hash),
                StaffChange::Enable | StaffChange::Unlock => {}
            }
            let changed = update.execute(&mut *tx).await?.rows_affected() == 1;
            if changed {
                if change == StaffChange::Unlock {
                    sqlx::query("DELETE FROM signin_tries WHERE kind = 'staff' AND login = $1")
                        .bind(username)
                        .execute(&mut *tx)
                        .await?;
                }
                append_audit!(tx, &entry);
            }
            tx.commit().await?;
            Ok::<bool, sqlx::Error>(changed)
        })?;
        Ok(changed)
    }
}
