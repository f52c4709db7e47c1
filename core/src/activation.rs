//! Activation: a borrower turns the one-time code from
//! `reachguard customer invite` into a login with a password of their own.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use reachguard_domain::CustomerId;
use reachguard_storage::{Database, StorageError};
use sha2::{Digest, Sha256};

use crate::passwords::{PasswordProblem, check_new_password, hash_password};

/// How long a borrower has to use an activation code.
pub const ACTIVATION_VALID_FOR: Duration = Duration::days(14);
/// Wrong tries after which a code is locked, right or wrong.
pub const MAX_ACTIVATION_TRIES: i64 = 5;

#[derive(Debug, thiserror::Error)]
pub enum ActivationError {
    /// Unknown customer number, no code, or a wrong code: one answer for
    /// all three, so that the page does not tell who is a customer.
    #[error("the customer number or the activation code is wrong")]
    WrongCode,
    #[error("the activation code has been locked after {MAX_ACTIVATION_TRIES} wrong tries")]
    Locked,
    #[error("the activation code has expired or has been used")]
    Expired,
    #[error(transparent)]
    Password(PasswordProblem),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("{0}")]
    Hash(String),
}

/// Makes a new code for the customer, replacing any earlier one. A code
/// such as `K7QH-3MXR-9PWD`: 60 random bits in letters and digits that
/// cannot be mistaken for each other when read aloud.
pub async fn invite(
    db: &Database,
    customer: &CustomerId,
) -> Result<(String, DateTime<Utc>), StorageError> {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let chars: String = {
        let mut rng = rand::rng();
        (0..12)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect()
    };
    let code = format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12]);
    let expires = Utc::now() + ACTIVATION_VALID_FOR;
    db.put_activation_code(customer.as_str(), &code_hash(&code), expires.timestamp())
        .await?;
    Ok((code, expires))
}

/// Codes are compared without their dashes, spaces and case. 60 random
/// bits with five tries allowed need no slow hash.
pub fn code_hash(code: &str) -> String {
    let normalized: String = code
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .collect::<String>()
        .to_ascii_uppercase();
    hex::encode(Sha256::digest(normalized.as_bytes()))
}

/// Checks the code and creates the login with `password`. The code is used
/// once; a wrong one counts toward the lock.
pub async fn activate(
    db: &Database,
    customer_number: &str,
    code: &str,
    password: String,
) -> Result<CustomerId, ActivationError> {
    let customer =
        CustomerId::parse(customer_number.trim()).map_err(|_| ActivationError::WrongCode)?;
    let stored = db
        .activation_code(&customer)
        .await?
        .ok_or(ActivationError::WrongCode)?;
    if stored.failed_tries >= MAX_ACTIVATION_TRIES {
        return Err(ActivationError::Locked);
    }
    let hash = code_hash(code);
    if !constant_time_eq(hash.as_bytes(), stored.code_hash.as_bytes()) {
        db.count_failed_activation(&customer).await?;
        return Err(if stored.failed_tries + 1 >= MAX_ACTIVATION_TRIES {
            ActivationError::Locked
        } else {
            ActivationError::WrongCode
        });
    }
    let now = Utc::now().timestamp();
    if stored.used_at.is_some() || stored.expires_at <= now {
        return Err(ActivationError::Expired);
    }
    let record = db
        .customer(customer.as_str())
        .await?
        .ok_or(ActivationError::WrongCode)?;
    check_new_password(&password, customer.as_str(), &record.phones)
        .map_err(ActivationError::Password)?;
    let password_hash = hash_password(password)
        .await
        .map_err(|e| ActivationError::Hash(e.to_string()))?;
    if db
        .activate_login(&customer, &hash, &password_hash, now)
        .await?
    {
        Ok(customer)
    } else {
        // Used by a concurrent request between the check and the write.
        Err(ActivationError::Expired)
    }
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_without_dashes_spaces_or_case() {
        assert_eq!(code_hash("K7QH-3MXR-9PWD"), code_hash("k7qh 3mxr 9pwd"));
        assert_ne!(code_hash("K7QH-3MXR-9PWD"), code_hash("K7QH-3MXR-9PWE"));
    }
}
