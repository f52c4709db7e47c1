//! Where sessions are kept: in the same database as everything else, so that
//! several servers share them and a sign-out ends the session everywhere.

use reachguard_storage::Database;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// axum-login's `AuthUser` for a signed-in borrower or member of staff: the
/// session names them by `$id` and is bound to their password through
/// `auth_hash` (a digest of the password hash), so that a new password ends
/// every session made with the old one.
macro_rules! bound_to_password {
    ($user:ty, $id:ident) => {
        impl axum_login::AuthUser for $user {
            type Id = String;

            fn id(&self) -> String {
                self.$id.to_string()
            }

            fn session_auth_hash(&self) -> &[u8] {
                &self.auth_hash
            }
        }
    };
}
pub(crate) use bound_to_password;

/// axum-login's `AuthnBackend` for a sign-in: `sign_in` tries the
/// credentials (at the one door, [`crate::door`]) and `signed_in` finds the
/// user a session names.
macro_rules! signs_in {
    ($backend:ty, $user:ty, $credentials:ty, $error:ty) => {
        impl axum_login::AuthnBackend for $backend {
            type User = $user;
            type Credentials = $credentials;
            type Error = $error;

            async fn authenticate(
                &self,
                credentials: $credentials,
            ) -> Result<Option<$user>, $error> {
                self.sign_in(credentials).await
            }

            async fn get_user(
                &self,
                id: &axum_login::UserId<Self>,
            ) -> Result<Option<$user>, $error> {
                self.signed_in(id).await
            }
        }
    };
}
pub(crate) use signs_in;

/// tower-sessions' SQLite or PostgreSQL store, whichever the database is.
#[derive(Clone, Debug)]
pub enum SessionDb {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl SessionDb {
    /// The store on `db`, its table created if it is missing.
    pub async fn open(db: &Database) -> Result<SessionDb, sqlx::Error> {
        Ok(match db {
            Database::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone());
                store.migrate().await?;
                SessionDb::Sqlite(store)
            }
            Database::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                store.migrate().await?;
                SessionDb::Postgres(store)
            }
        })
    }

    /// Deletes expired sessions every hour, for the life of the server.
    pub fn delete_expired_hourly(&self) {
        let store = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                every.tick().await;
                let deleted = match &store {
                    SessionDb::Sqlite(s) => s.delete_expired().await,
                    SessionDb::Postgres(s) => s.delete_expired().await,
                };
                if let Err(error) = deleted {
                    tracing::warn!(%error, "cannot delete expired sessions");
                }
            }
        });
    }
}

/// When a session was signed in (unix seconds), in its data: a session
/// ends a fixed time after it, however busy (12 hours for a borrower, 8 for
/// staff), besides ending when idle.
pub const SIGNED_IN_AT: &str = "signed_in_at";

/// Notes in `session` that it was signed in now; call right after logging
/// in.
pub async fn note_signed_in(session: &tower_sessions::Session) -> session_store::Result<()> {
    session
        .insert(SIGNED_IN_AT, chrono::Utc::now().timestamp())
        .await
        .map_err(|e| session_store::Error::Backend(e.to_string()))
}

/// Whether a session signed in at `signed_in_at` (none noted: before this
/// was noted, so ended) has outlived `lifetime` at `now`.
pub fn outlived(signed_in_at: Option<i64>, lifetime: std::time::Duration, now: i64) -> bool {
    signed_in_at.is_none_or(|at| now.saturating_sub(at) >= lifetime.as_secs() as i64)
}

/// The key a session is kept under: a hash of its id, which is the cookie's
/// value. Whoever can read the session table cannot present a session's
/// cookie (as with API keys, the id has 128 random bits, so a fast hash is
/// as safe as a slow one).
fn stored_id(id: &Id) -> Id {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(id.0.to_le_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    Id(i128::from_le_bytes(bytes))
}

impl SessionDb {
    async fn save_as(&self, record: &Record) -> session_store::Result<()> {
        match self {
            SessionDb::Sqlite(s) => s.save(record).await,
            SessionDb::Postgres(s) => s.save(record).await,
        }
    }

    async fn load_as(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            SessionDb::Sqlite(s) => s.load(id).await,
            SessionDb::Postgres(s) => s.load(id).await,
        }
    }
}

/// The record as kept: the same, under [`stored_id`].
fn kept(record: &Record) -> Record {
    Record {
        id: stored_id(&record.id),
        ..record.clone()
    }
}

#[async_trait::async_trait]
impl SessionStore for SessionDb {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A new id until none is kept under its hash (as the stores' own
        // create does for their ids).
        while self.load_as(&stored_id(&record.id)).await?.is_some() {
            record.id = Id::default();
        }
        self.save_as(&kept(record)).await
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.save_as(&kept(record)).await
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        Ok(self
            .load_as(&stored_id(id))
            .await?
            .map(|record| Record { id: *id, ..record }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            SessionDb::Sqlite(s) => s.delete(&stored_id(id)).await,
            SessionDb::Postgres(s) => s.delete(&stored_id(id)).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ends_at_its_lifetime_after_sign_in() {
        let hours = |h: u64| std::time::Duration::from_secs(h * 3600);
        assert!(!outlived(Some(1_000), hours(12), 1_000 + 12 * 3600 - 1));
        assert!(outlived(Some(1_000), hours(12), 1_000 + 12 * 3600));
        assert!(
            outlived(None, hours(12), 1_000),
            "a session from before is ended"
        );
    }

    #[test]
    fn a_session_is_kept_under_a_hash_of_its_id() {
        let id = Id::default();
        assert_ne!(stored_id(&id), id);
        assert_eq!(stored_id(&id), stored_id(&id));
        assert_ne!(stored_id(&id), stored_id(&Id(id.0 ^ 1)));
    }
}
