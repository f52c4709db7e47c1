//! Files that hold what only Reachguard may read (the SQLite database, its
//! backups, the secret key): made readable and writable by their owner
//! alone, never by the group or others.

use std::io::Write;
use std::path::Path;

/// A new empty file readable by its owner only; fails if it exists.
pub fn create_private(path: &Path) -> std::io::Result<()> {
    write_private(path, &[])
}

/// A new file holding `bytes`, readable by its owner only; fails if it
/// exists.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
