//! API clients, staff accounts and activation codes: who may use Reachguard.
//! Secrets arrive here already hashed.

use chrono::Utc;
use reachguard_domain::Role;
use reachguard_domain::audit::AuditAction;

use crate::audit::{NewAuditEntry, append_audit};
use crate::{Database, StorageError, is_unique_violation, with_pool};

/// An API client as the keys page and `api-key list` show it: no hash.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiClientListing {
    pub name: String,
    /// Space-separated scope names.
    pub scopes: String,
    pub created_at: i64,
    pub created_by: String,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A key's last use is written at most this often (seconds), so that a
/// busy key costs no write per request.
pub const LAST_USED_PRECISION: i64 = 60;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ApiClient {
    pub client_id: String,
    pub name: String,
    pub key_hash: String,
    /// Space-separated scope names.
    pub scopes: String,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("`{0}` already exists")]
    Exists(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

fn created(result: Result<(), sqlx::Error>, name: &str) -> Result<(), CreateError> {
    match result {
        Err(error) if is_unique_violation(&error) => Err(CreateError::Exists(name.to_owned())),
        other => Ok(other.map_err(StorageError::from)?),
    }
}

impl Database {
    /// Stores a new client and audits its creation by `created_by`.
    pub async fn insert_api_client(
        &self,
        client: &ApiClient,
        created_by: &str,
    ) -> Result<(), CreateError> {
        let now = Utc::now().timestamp();
        let entry = NewAuditEntry::new(
            now,
            created_by,
            AuditAction::ApiKeyCreate,
            &client.name,
            serde_json::json!({ "scopes": client.scopes }),
        );
        let result = with_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO api_clients (client_id, name, key_hash, scopes, created_at, created_by)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&client.client_id)
            .bind(&client.name)
            .bind(&client.key_hash)
            .bind(&client.scopes)
            .bind(now)
            .bind(created_by)
            .execute(&mut *tx)
            .await?;
            append_audit!(tx, &entry);
            tx.commit().await
        }.await);
        created(result, &client.name)
    }

    /// Every client, oldest first.
    pub async fn api_clients(&self) -> Result<Vec<ApiClientListing>, StorageError> {
        let rows = with_pool!(self, pool => sqlx::query_as(
            "SELECT name, scopes, created_at, created_by, last_used_at, revoked_at
             FROM api_clients ORDER BY created_at, name",
        )
        .fetch_all(pool)
        .await)?;
        Ok(rows)
    }

    /// Revokes the client named `name` and audits it; false when no client
    /// of that name is active.
    pub async fn revoke_api_client(
        &self,
        name: &str,
        actor: &str,
        at: i64,
    ) -> Result<bool, StorageError> {
        let entry = NewAuditEntry::new(
            at,
            actor,
            AuditAction::ApiKeyRevoke,
            name,
            serde_json::json!({}),
        );
        let revoked = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let revoked = sqlx::query(
                "UPDATE api_clients SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL",
            )
            .bind(at)
            .bind(name)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if revoked {
                append_audit!(tx, &entry);
            }
            tx.commit().await?;
            Ok::<bool, sqlx::Error>(revoked)
        })?;
        Ok(revoked)
    }

    /// Notes that the client used its key at `at`, unless that was noted
    /// less than [`LAST_USED_PRECISION`] seconds before.
    pub async fn note_api_client_used(&self, client_id: &str, at: i64) -> Result<(), StorageError> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE api_clients SET last_used_at = $1
             WHERE client_id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)",
        )
        .bind(at)
        .bind(client_id)
        .bind(at - LAST_USED_PRECISION)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    pub async fn api_client(&self, client_id: &str) -> Result<Option<ApiClient>, StorageError> {
        let client = with_pool!(self, pool => sqlx::query_as(
            "SELECT client_id, name, key_hash, scopes, revoked_at FROM api_clients WHERE client_id = $1",
        )
        .bind(client_id)
        .fetch_optional(pool)
        .await)?;
        Ok(client)
    }

    /// Creates a staff account and audits it. Its password is to be changed
    /// at the first sign-in, and its second factor set up with the one-time
    /// code whose hash this is.
    pub async fn insert_staff(
        &self,
        username: &str,
        role: Role,
        password_hash: &str,
        setup_code_hash: &str,
        setup_code_expires_at: i64,
        actor: &str,
    ) -> Result<(), CreateError> {
        let now = Utc::now().timestamp();
        let entry = NewAuditEntry::new(
            now,
            actor,
            AuditAction::StaffCreate,
            username,
            serde_json::json!({ "role": role.as_str() }),
        );
        let result = with_pool!(self, pool => async {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO staff (username, role, password_hash, created_at, must_change_password,
                   setup_code_hash, setup_code_expires_at)
                 VALUES ($1, $2, $3, $4, TRUE, $5, $6)",
            )
            .bind(username)
            .bind(role.as_str())
            .bind(password_hash)
            .bind(now)
            .bind(setup_code_hash)
            .bind(setup_code_expires_at)
            .execute(&mut *tx)
            .await?;
            append_audit!(tx, &entry);
            tx.commit().await
        }.await);
        created(result, username)
    }

    /// Stores a new activation code for the customer, replacing any earlier one.
    pub async fn put_activation_code(
        &self,
        customer_id: &str,
        code_hash: &str,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        with_pool!(self, pool => sqlx::query(
            "INSERT INTO activation_codes (customer_id, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (customer_id) DO UPDATE SET code_hash = $2, created_at = $3, expires_at = $4,
               used_at = NULL",
        )
        .bind(customer_id)
        .bind(code_hash)
        .bind(Utc::now().timestamp())
        .bind(expires_at)
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }
}
