//! The key that seals what the database must hold but must not give away:
//! the staff's second-factor secrets. Whoever reads the database (a backup,
//! a replica, a support console) then cannot make a staff member's codes.
//!
//! The key is 32 random bytes kept outside the database: a file (`reachguard
//! serve --secret-key-file`, by default `reachguard.key` beside the default
//! database, made on first start, readable by its owner only) or a variable
//! (`REACHGUARD_SECRET_KEY`, the key in base64). Keep a copy apart from the
//! database's backups: without it, every second factor must be set up again.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;

/// What sealed text begins with: the scheme, so that another can follow.
const SEALED: &str = "v1:";

#[derive(Clone)]
pub struct SecretKey([u8; 32]);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretKeyError {
    #[error(
        "the secret key must be 32 bytes in base64 (make one with: head -c 32 /dev/urandom | base64)"
    )]
    Malformed,
    #[error("cannot read or make the secret key file {path}: {error}")]
    File { path: String, error: String },
}

/// Sealed text that does not open under this key: altered, or sealed for
/// another account or under another key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("sealed text does not open under this key")]
pub struct CannotOpen;

impl SecretKey {
    /// A new random key (tests, one-off commands).
    pub fn generate() -> SecretKey {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        SecretKey(bytes)
    }

    /// A key in base64, as `REACHGUARD_SECRET_KEY` holds it.
    pub fn from_base64(text: &str) -> Result<SecretKey, SecretKeyError> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| SecretKeyError::Malformed)?;
        Ok(SecretKey(
            bytes.try_into().map_err(|_| SecretKeyError::Malformed)?,
        ))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// The key in the file at `path`, made there (readable by its owner
    /// only) if there is none.
    pub fn load_or_create(path: &Path) -> Result<SecretKey, SecretKeyError> {
        let file_error = |error: std::io::Error| SecretKeyError::File {
            path: path.display().to_string(),
            error: error.to_string(),
        };
        match std::fs::read_to_string(path) {
            Ok(text) => SecretKey::from_base64(&text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = SecretKey::generate();
                reachguard_storage::files::write_private(
                    path,
                    format!("{}\n", key.to_base64()).as_bytes(),
                )
                .map_err(file_error)?;
                tracing::info!(path = %path.display(), "made a new secret key: keep a copy apart from the database's backups");
                Ok(key)
            }
            Err(error) => Err(file_error(error)),
        }
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(&self.0))
    }

    /// `plain` sealed for `context` (such as the account it belongs to):
    /// it opens only under this key and for the same context.
    pub fn seal(&self, plain: &str, context: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher()
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("sealing a short text cannot fail");
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        format!("{SEALED}{}", STANDARD.encode(bytes))
    }

    pub fn open(&self, sealed: &str, context: &str) -> Result<String, CannotOpen> {
        let bytes = sealed
            .strip_prefix(SEALED)
            .and_then(|b64| STANDARD.decode(b64).ok())
            .filter(|bytes| bytes.len() > 12)
            .ok_or(CannotOpen)?;
        let (nonce, sealed) = bytes.split_at(12);
        let plain = self
            .cipher()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| CannotOpen)?;
        String::from_utf8(plain).map_err(|_| CannotOpen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_text_opens_under_its_key_for_its_context_only() {
        let key = SecretKey::generate();
        let sealed = key.seal("JBSWY3DPEHPK3PXP", "staff:wang");
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(key.open(&sealed, "staff:wang").unwrap(), "JBSWY3DPEHPK3PXP");
        assert_eq!(key.open(&sealed, "staff:li"), Err(CannotOpen));
        assert_eq!(
            SecretKey::generate().open(&sealed, "staff:wang"),
            Err(CannotOpen)
        );
        assert_eq!(key.open("JBSWY3DPEHPK3PXP", "staff:wang"), Err(CannotOpen));
        let mut altered = sealed.clone();
        altered.pop();
        altered.push('A');
        assert_eq!(key.open(&altered, "staff:wang"), Err(CannotOpen));
    }

    #[test]
    fn a_key_reads_back_from_base64_and_refuses_anything_else() {
        let key = SecretKey::generate();
        assert_eq!(SecretKey::from_base64(&key.to_base64()).unwrap().0, key.0);
        assert!(SecretKey::from_base64("c2hvcnQ=").is_err());
        assert!(SecretKey::from_base64("not base64!").is_err());
    }

    #[test]
    fn a_missing_key_file_is_made_for_its_owner_only_and_read_back() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reachguard.key");
        let made = SecretKey::load_or_create(&path).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(SecretKey::load_or_create(&path).unwrap().0, made.0);
    }
}
