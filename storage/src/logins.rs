//! Borrowers' logins and the activation codes that create them. Secrets
//! arrive here already hashed; tries are counted in `signin_tries`.

use reachguard_domain::CustomerId;

use crate::{Database, StorageError, with_pool};

/// A borrower's login as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CustomerLogin {
    pub customer_id: String,
    pub password_hash: String,
    pub password_changed_at: i64,
}

/// An activation code as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ActivationCode {
    pub code_hash: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

impl Database {
    pub async fn customer_login(
        &self,
        customer: &CustomerId,
    ) -> Result<Option<CustomerLogin>, StorageError> {
        let login = with_pool!(self, pool => sqlx::query_as(
            "SELECT customer_id, password_hash, password_changed_at
             FROM customer_logins WHERE customer_id = $1",
        )
        .bind(customer.as_str())
        .fetch_optional(pool)
        .await)?;
        Ok(login)
    }

    pub async fn set_customer_password(
        &self,
        customer: &CustomerId,
        password_hash: &str,
        now: i64,
    ) -> Result<(), StorageError> {
        with_pool!(self, pool => sqlx::query(
            "UPDATE customer_logins SET password_hash = $1, password_changed_at = $2
             WHERE customer_id = $3",
        )
        .bind(password_hash)
        .bind(now)
        .bind(customer.as_str())
        .execute(pool)
        .await
        .map(|_| ()))?;
        Ok(())
    }

    pub async fn activation_code(
        &self,
        customer: &CustomerId,
    ) -> Result<Option<ActivationCode>, StorageError> {
        let code = with_pool!(self, pool => sqlx::query_as(
            "SELECT code_hash, expires_at, used_at FROM activation_codes WHERE customer_id = $1",
        )
        .bind(customer.as_str())
        .fetch_optional(pool)
        .await)?;
        Ok(code)
    }

    /// Uses the code and creates (or replaces) the login, in one
    /// transaction: a code that has been used, by this call or a concurrent
    /// one, creates nothing. Returns whether the login was created.
    pub async fn activate_login(
        &self,
        customer: &CustomerId,
        code_hash: &str,
        password_hash: &str,
        now: i64,
    ) -> Result<bool, StorageError> {
        let created = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let used = sqlx::query(
                "UPDATE activation_codes SET used_at = $1
                 WHERE customer_id = $2 AND code_hash = $3 AND used_at IS NULL AND expires_at > $1",
            )
            .bind(now)
            .bind(customer.as_str())
            .bind(code_hash)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if used {
                sqlx::query(
                    "INSERT INTO customer_logins (customer_id, password_hash, created_at, password_changed_at)
                     VALUES ($1, $2, $3, $3)
                     ON CONFLICT (customer_id) DO UPDATE SET password_hash = $2, password_changed_at = $3",
                )
                .bind(customer.as_str())
                .bind(password_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok::<bool, sqlx::Error>(used)
        })?;
        Ok(created)
    }
}
