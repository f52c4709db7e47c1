//! A consistent copy of an SQLite database while it serves.

use std::path::Path;
use std::str::FromStr;

use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;

use crate::connect::{ConnectError, redact, unreachable_error};

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
    Open(#[from] ConnectError),
    #[error("cannot write the backup to `{path}`: {reason}")]
    Write { path: String, reason: String },
}

/// Writes a copy of the SQLite database at `url` to `path`, a new file
/// that only its owner may read (it holds password hashes, second-factor
/// secrets and sessions).
///
/// The database is opened read-only, never created and never migrated, so
/// a mistyped URL is an error rather than a backup of an empty database.
/// `VACUUM INTO` reads one snapshot in a single read transaction: in WAL
/// mode writers go on while it runs, and the copy holds every write
/// committed before it began and none after. It is also compact, and a
/// plain SQLite file that `reachguard serve --database-url sqlite://PATH`
/// opens as it is.
pub async fn backup_sqlite(url: &str, path: &Path) -> Result<(), BackupError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(BackupError::Postgres);
    }
    let shown = redact(url);
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| ConnectError::InvalidUrl {
            url: shown.clone(),
            reason: e.to_string(),
        })?
        .create_if_missing(false)
        .read_only(true);
    let mut connection = options
        .connect()
        .await
        .map_err(|e| unreachable_error(&shown, e))?;
    let shown_path = path.display().to_string();
    crate::files::create_private(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::AlreadyExists => BackupError::Exists(shown_path.clone()),
        _ => BackupError::Write {
            path: shown_path.clone(),
            reason: error.to_string(),
        },
    })?;
    let copied = sqlx::query("VACUUM INTO ?1")
        .bind(path.to_string_lossy().into_owned())
        .execute(&mut connection)
        .await;
    if let Err(error) = copied {
        let _ = std::fs::remove_file(path);
        return Err(BackupError::Write {
            path: shown_path,
            reason: error.to_string(),
        });
    }
    Ok(())
}
