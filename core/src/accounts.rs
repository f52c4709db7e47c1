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
        "the password must have at least {MIN_STAFF_PASSWORD_CHARS} characters, at most {MAX_PASSWORD_CHARS}, and not be a common one"
    )]
    BadPassword,
    #[error("the new password must differ from the one it replaces")]
    SamePassword,
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

/// A staff password: 12 to 128 characters, not a common one, and (for a
/// new one) not the one it replaces.
pub fn check_staff_password(password: &str, replacing: &str) -> Result<(), StaffError> {
    let length = password.chars().count();
    if !(MIN_STAFF_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&length)
        || crate::passwords::is_common(&password.to_lowercase())
    {
        return Err(StaffError::BadPassword);
    }
    if password == replacing {
        return Err(StaffError::SamePassword);
    }
    Ok(())
}

/// A set-up code to hand over, and what is kept of it.
fn setup_code() -> (String, String, i64) {
    let code = crate::activation::one_time_code();
    let hash = crate::activation::code_hash(&code);
    let expires = (Utc::now() + crate::staff::SETUP_CODE_VALID_FOR).timestamp();
    (code, hash, expires)
}

/// Makes an account; `actor` is who made it, as the audit log names them.
/// Returns the one-time code the new member of staff sets their second
/// factor up with (shown once, to hand over with the password; valid for a
/// week). The password is to be changed at the first sign-in.
pub async fn create_staff(
    db: &Database,
    username: &str,
    role: Role,
    password: String,
    actor: &str,
) -> Result<String, StaffError> {
    if !valid_username(username) {
        return Err(StaffError::BadUsername);
    }
    check_staff_password(&password, "")?;
    let hash = hash_password(password).await?;
    let (code, code_hash, expires) = setup_code();
    db.insert_staff(username, role, &hash, &code_hash, expires, actor)
        .await?;
    Ok(code)
}

/// What an admin does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountChange {
    Role(Role),
    Disable,
    Enable,
    /// A new second factor at the next sign-in, set up with a new code.
    ResetSecondFactor,
    /// A temporary password, to be changed at the next sign-in.
    ResetPassword,
    Unlock,
}

/// Changes an account on an admin's word (`by_admin`, else the operator at
/// the command line); returns what is to be handed over, if anything (a
/// set-up code, a temporary password: shown once). An admin cannot disable
/// or demote themselves, so the bank is never left without one by mistake.
pub async fn change_staff(
    db: &Database,
    username: &str,
    change: AccountChange,
    by_admin: Option<&str>,
) -> Result<Option<String>, StaffError> {
    let own = by_admin == Some(username);
    if own && matches!(change, AccountChange::Disable | AccountChange::Role(_)) {
        return Err(StaffError::OwnAccount);
    }
    let (change, hand_over) = match change {
        AccountChange::Role(role) => (StaffChange::Role(role), None),
        AccountChange::Disable => (StaffChange::Disable, None),
        AccountChange::Enable => (StaffChange::Enable, None),
        AccountChange::Unlock => (StaffChange::Unlock, None),
        AccountChange::ResetSecondFactor => {
            let (code, setup_code_hash, expires_at) = setup_code();
            (
                StaffChange::ResetSecondFactor {
                    setup_code_hash,
                    expires_at,
                },
                Some(code),
            )
        }
        AccountChange::ResetPassword => {
            let password = crate::activation::one_time_code();
            let password_hash = hash_password(password.clone()).await?;
            (StaffChange::ResetPassword { password_hash }, Some(password))
        }
    };
    let actor = by_admin.map_or_else(|| "system:cli".to_owned(), |admin| format!("staff:{admin}"));
    if db
        .change_staff(username, change, &actor, Utc::now().timestamp())
        .await?
    {
        Ok(hand_over)
    } else {
        Err(StaffError::NotFound(username.to_owned()))
    }
}

/// Every staff account.
pub async fn list(
    services: &crate::Services,
) -> Result<Vec<reachguard_storage::StaffAccount>, StorageError> {
    services.db.staff_accounts().await
}
