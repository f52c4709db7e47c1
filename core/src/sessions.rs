//! Where sessions are kept: in the same database as everything else, so that
//! several servers share them and a sign-out ends the session everywhere.

use reachguard_storage::Database;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

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

#[async_trait::async_trait]
impl SessionStore for SessionDb {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            SessionDb::Sqlite(s) => s.create(record).await,
            SessionDb::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            SessionDb::Sqlite(s) => s.save(record).await,
            SessionDb::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            SessionDb::Sqlite(s) => s.load(id).await,
            SessionDb::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            SessionDb::Sqlite(s) => s.delete(id).await,
            SessionDb::Postgres(s) => s.delete(id).await,
        }
    }
}
