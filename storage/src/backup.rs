//! A consistent copy of the database while it serves.

use std::path::Path;

use crate::{Database, StorageError};

/// Why a backup was not made.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("`{0}` already exists: a backup never overwrites a file")]
    Exists(String),
    #[error(
        "reachguard backup copies SQLite databases; back up PostgreSQL with pg_dump \
         (pg_dump --format=custom --file=FILE DATABASE_URL) and restore with pg_restore"
    )]
    Postgres,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl Database {
    /// Writes a copy of an SQLite database to `path`, a new file.
    ///
    /// `VACUUM INTO` reads one snapshot in a single read transaction: in WAL
    /// mode writers go on while it runs, and the copy holds every write
    /// committed before it began and none after, so it is as consistent as
    /// the database was at one instant. It is also compact, and a plain
    /// SQLite file that `reachguard serve --database-url sqlite://PATH` opens
    /// as it is.
    pub async fn backup_to(&self, path: &Path) -> Result<(), BackupError> {
        let Database::Sqlite(pool) = self else {
            return Err(BackupError::Postgres);
        };
        if path.exists() {
            return Err(BackupError::Exists(path.display().to_string()));
        }
        sqlx::query("VACUUM INTO ?1")
            .bind(path.to_string_lossy().into_owned())
            .execute(pool)
            .await
            .map_err(StorageError::from)?;
        Ok(())
    }
}
