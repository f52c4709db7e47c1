//! Staff accounts and API keys as an admin manages them, from the staff
//! pages or the command line: the same checks and the same audit entries
//! either way.

use chrono::Utc;
use reachguard_domain::Role;
use reachguard_storage::{CreateError, Database, StaffChange, StorageError};

use crate::passwords::{HashError, MAX_PASSWORD_CHARS, MIN_STAFF_PASSWORD_CHARS, hash_password};

#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error("the username must be 1 to 64 of a-z, A-Z, 0-9, _, - and .")]
    BadUsername,
    #[error(
        "the password must have at least {MIN_STAFF_PASSWORD_CHARS} characters, and at most {MAX_PASSWORD_CHARS}"
    )]
    BadPassword,
    #[error("no staff account is named `{0}`")]
    NotFound(String),
    #[error("you cannot disable your own account or change your own role")]
    OwnAccount,
    #[error(transparent)]
    Create(#[from] CreateError),
    #[error(transparent)]
    Hash(#[from] HashError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

pub fn valid_username(username: &str) -> bool {
    (1..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
}

/// Makes an account; `actor` is who made it, as the audit log names them.
pub async fn create_staff(
    db: &Database,
    username: &str,
    role: Role,
    password: String,
    actor: &str,
) -> Result<(), StaffError> {
    if !valid_username(username) {
        return Err(StaffError::BadUsername);
    }
    let length = password.chars().count();
    if !(MIN_STAFF_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&length) {
        return Err(StaffError::BadPassword);
    }
    let hash = hash_password(password).await?;
    db.insert_staff(username, role, &hash, actor).await?;
    Ok(())
}

/// Changes an account on an admin's word. An admin cannot disable or
/// demote themselves, so the bank is never left without one by mistake.
pub async fn change_staff(
    db: &Database,
    username: &str,
    change: StaffChange,
    by_username: &str,
) -> Result<(), StaffError> {
    let own = username == by_username;
    if own && matches!(change, StaffChange::Disable | StaffChange::Role(_)) {
        return Err(StaffError::OwnAccount);
    }
    let actor = format!("staff:{by_username}");
    if db
        .change_staff(username, change, &actor, Utc::now().timestamp())
        .await?
    {
        Ok(())
    } else {
        Err(StaffError::NotFound(username.to_owned()))
    }
}
