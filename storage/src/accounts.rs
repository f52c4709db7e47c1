//! API clients, staff accounts and activation codes: who may use Reachguard.
//! Secrets arrive here already hashed.

use chrono::Utc;
use reachguard_domain::Role;

use crate::{Database, StorageError, is_unique_violation, with_pool};

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
    pub async fn insert_api_client(
        &self,
        client: &ApiClient,
        created_by: &str,
    ) -> Result<(), CreateError> {
        let result = with_pool!(self, pool => sqlx::query(
            "INSERT INTO api_clients (client_id, name, key_hash, scopes, created_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&client.client_id)
        .bind(&client.name)
        .bind(&client.key_hash)
        .bind(&client.scopes)
        .bind(Utc::now().timestamp())
        .bind(created_by)
        .execute(pool)
        .await
        .map(|_| ()));
        created(result, &client.name)
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

    pub async fn insert_staff(
        &self,
        username: &str,
        role: Role,
        password_hash: &str,
    ) -> Result<(), CreateError> {
        let result = with_pool!(self, pool => sqlx::query(
            "INSERT INTO staff (username, role, password_hash, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(username)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(Utc::now().timestamp())
        .execute(pool)
        .await
        .map(|_| ()));
        created(result, username)
    }

    /// The staff member's role and password hash, if the account is active.
    pub async fn staff_login(
        &self,
        username: &str,
    ) -> Result<Option<(String, String)>, StorageError> {
        let row = with_pool!(self, pool => sqlx::query_as(
            "SELECT role, password_hash FROM staff WHERE username = $1 AND disabled_at IS NULL",
        )
        .bind(username)
        .fetch_optional(pool)
        .await)?;
        Ok(row)
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
               failed_tries = 0, used_at = NULL",
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
