//! Opening a database from a URL, with errors a person can act on.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::Database;

/// An SQLite file in the working folder, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://reachguard.db";

/// Why a database could not be opened. Each message is one line that says
/// what is wrong and never repeats a password from the URL.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("unsupported database URL `{0}`: use sqlite://FILE or postgres://USER@HOST/DATABASE")]
    UnsupportedUrl(String),
    #[error("invalid database URL `{url}`: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("cannot open the database at `{url}`: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("cannot bring the database at `{url}` up to date: {reason}")]
    Migration { url: String, reason: String },
}

impl Database {
    /// Opens the database at `url` and applies any pending migrations.
    pub async fn connect(url: &str) -> Result<Database, ConnectError> {
        let shown = redact(url);
        let db = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| ConnectError::InvalidUrl {
                    url: shown.clone(),
                    reason: e.to_string(),
                })?
                .create_if_missing(true)
                // WAL lets readers go on while one writer commits.
                .journal_mode(SqliteJournalMode::Wal)
                // FULL syncs the log at every commit: a write acknowledged
                // survives a power cut, not only a crash of the process
                // (which NORMAL already survives). Decisions are written in
                // batches, so the cost falls on single writes only.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            // A new database file (and so its -wal and -shm, which SQLite
            // makes with the file's permissions) is its owner's alone: it
            // holds password hashes and sessions.
            let file = options.get_filename();
            let new_file = !file.as_os_str().is_empty()
                && file != std::path::Path::new(":memory:")
                && !file.exists();
            if new_file
                && let Err(error) = crate::files::create_private(file)
                && error.kind() != std::io::ErrorKind::AlreadyExists
            {
                return Err(unreachable_error(&shown, sqlx::Error::Io(error)));
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(options)
                .await
                .map_err(|e| unreachable_error(&shown, e))?;
            Database::Sqlite(pool)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            url::Url::parse(url).map_err(|e| ConnectError::InvalidUrl {
                url: shown.clone(),
                reason: e.to_string(),
            })?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(5))
                .connect(url)
                .await
                .map_err(|e| unreachable_error(&shown, e))?;
            Database::Postgres(pool)
        } else {
            return Err(ConnectError::UnsupportedUrl(shown));
        };
        db.migrate().await.map_err(|e| ConnectError::Migration {
            url: shown,
            reason: e.to_string(),
        })?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Database::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await,
            Database::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await,
        }
    }
}

pub(crate) fn unreachable_error(shown_url: &str, error: sqlx::Error) -> ConnectError {
    let reason = match &error {
        sqlx::Error::Database(db) => db.message().to_owned(),
        sqlx::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    };
    ConnectError::Unreachable {
        url: shown_url.to_owned(),
        reason,
    }
}

/// The URL with any password replaced, fit for logs and error messages.
pub(crate) fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}
