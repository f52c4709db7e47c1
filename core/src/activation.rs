//! Activation: a borrower turns the one-time code from
//! `reachguard customer invite` into a login with a password of their own.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use reachguard_domain::CustomerId;
use reachguard_domain::audit::AuditAction;
use reachguard_storage::{Database, StorageError, TryKind};
use sha2::{Digest, Sha256};

use crate::passwords::{PasswordProblem, check_new_password, hash_password};

/// How long a borrower has to use an activation code.
pub const ACTIVATION_VALID_FOR: Duration = Duration::days(14);

#[derive(Debug, thiserror::Error)]
pub enum ActivationError {
    /// Unknown customer number, no code, or a wrong code: one answer for
    /// all three, so that the page does not tell who is a customer.
    #[error("the customer number or the activation code is wrong")]
    WrongCode,
    /// Too many wrong tries for this customer number (whether or not it is
    /// one): [`crate::lock`].
    #[error("activation for this customer number is locked until {until}")]
    Locked { until: DateTime<Utc> },
    #[error("the activation code has expired or has been used")]
    Expired,
    #[error(transparent)]
    Password(PasswordProblem),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("{0}")]
    Hash(String),
}

/// A one-time code such as `K7QH-3MXR-9PWD`: 60 random bits in letters
/// and digits that cannot be mistaken for each other when read aloud. For
/// activating a borrower's login, and for setting up a staff member's
/// second factor.
pub fn one_time_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let chars: String = {
        let mut rng = rand::rng();
        (0..12)
            .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
            .collect()
    };
    format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12])
}

/// Makes a new code for the customer, replacing any earlier one, and
/// audits it (a new code is a password reset in effect).
pub async fn invite(
    db: &Database,
    customer: &CustomerId,
    actor: &str,
) -> Result<(String, DateTime<Utc>), StorageError> {
    let code = one_time_code();
    let expires = Utc::now() + ACTIVATION_VALID_FOR;
    db.put_activation_code(customer.as_str(), &code_hash(&code), expires.timestamp())
        .await?;
    // A new code starts the count of tries again.
    crate::lock::succeeded(db, TryKind::Activation, customer.as_str()).await?;
    db.audit(&reachguard_storage::NewAuditEntry::new(
        Utc::now().timestamp(),
        actor,
        AuditAction::CustomerInvite,
        customer.as_str(),
        serde_json::json!({ "expires_at": expires.timestamp() }),
    ))
    .await?;
    tracing::info!(%actor, "made an activation code");
    Ok((code, expires))
}

/// Codes are compared without their dashes, spaces and case. 60 random
/// bits with five tries in a row allowed need no slow hash.
pub fn code_hash(code: &str) -> String {
    let normalized: String = code
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .collect::<String>()
        .to_ascii_uppercase();
    hex::encode(Sha256::digest(normalized.as_bytes()))
}

/// Checks the code and creates the login with `password`. The code is used
/// once. Every try is counted first, against the customer number typed
/// (a real one or not, alike): five in a row lock it ([`crate::lock`]).
pub async fn activate(
    db: &Database,
    customer_number: &str,
    code: &str,
    password: String,
) -> Result<CustomerId, ActivationError> {
    let typed: String = customer_number.trim().chars().take(64).collect();
    let now_instant = Utc::now();
    let attempt = crate::lock::count_try(db, TryKind::Activation, &typed, now_instant)
        .await?
        .map_err(|locked| ActivationError::Locked {
            until: locked.until,
        })?;
    let wrong = || match attempt.locks_until {
        Some(until) => ActivationError::Locked { until },
        None => ActivationError::WrongCode,
    };
    let customer = CustomerId::parse(&typed).map_err(|_| wrong())?;
    let stored = db.activation_code(&customer).await?.ok_or_else(wrong)?;
    let hash = code_hash(code);
    if !constant_time_eq(hash.as_bytes(), stored.code_hash.as_bytes()) {
        return Err(wrong());
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
        crate::lock::succeeded(db, TryKind::Activation, &typed).await?;
        db.audit(&reachguard_storage::NewAuditEntry::new(
            now,
            "customer",
            AuditAction::CustomerActivate,
            customer.as_str(),
            serde_json::json!({}),
        ))
        .await?;
        tracing::info!("a borrower activated a login");
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
