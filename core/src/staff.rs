//! Staff sign-in: a session of its own (axum-login over tower-sessions, a
//! cookie only sent under `/staff`), argon2id passwords, the same throttles
//! as borrowers, and a second factor (TOTP) for the roles that change policy,
//! keys and accounts.
//!
//! A signed-in member of staff is read again from the database on every
//! request, so a change of role applies at once, and a disabled account, a
//! reset second factor or a new password ends every session of the account.

use std::net::IpAddr;
use std::time::Duration as StdDuration;

use axum_login::{AuthUser, AuthnBackend, UserId};
use chrono::{DateTime, Utc};
use reachguard_domain::{Role, StaffAction};
use reachguard_storage::{Database, StaffLogin, StorageError};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::passwords::verify_password;
use crate::signin::{AddressThrottle, FAILURES_FORGOTTEN_AFTER, lock_after};

/// The name an authenticator app shows beside the code.
const ISSUER: &str = "Reachguard";

/// A signed-in member of staff. It carries no secret: the session holds a
/// hash over the password hash, the second factor and the account's epoch.
#[derive(Clone)]
pub struct StaffMember {
    pub username: String,
    pub role: Role,
    auth_hash: Vec<u8>,
}

impl std::fmt::Debug for StaffMember {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffMember")
            .field("username", &self.username)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl StaffMember {
    /// The member as an active account makes them; `None` for a disabled
    /// account or an unknown role.
    fn from_login(login: &StaffLogin) -> Option<StaffMember> {
        if login.disabled_at.is_some() {
            return None;
        }
        let role: Role = login.role.parse().ok()?;
        let mut hash = Sha256::new();
        hash.update(login.password_hash.as_bytes());
        hash.update(login.totp_secret.as_deref().unwrap_or("").as_bytes());
        hash.update(login.session_epoch.to_be_bytes());
        Some(StaffMember {
            username: login.username.clone(),
            role,
            auth_hash: hash.finalize().to_vec(),
        })
    }

    pub fn may(&self, action: StaffAction) -> bool {
        self.role.may(action)
    }

    /// How the audit log names them.
    pub fn actor(&self) -> String {
        format!("staff:{}", self.username)
    }
}

impl AuthUser for StaffMember {
    type Id = String;

    fn id(&self) -> String {
        self.username.clone()
    }

    fn session_auth_hash(&self) -> &[u8] {
        &self.auth_hash
    }
}

/// What a member of staff types to sign in.
#[derive(Clone)]
pub struct StaffCredentials {
    pub username: String,
    pub password: String,
    /// The six digits from the authenticator app; empty at the first step.
    pub code: String,
    pub address: Option<IpAddr>,
}

impl std::fmt::Debug for StaffCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffCredentials")
            .field("username", &self.username)
            .field("address", &self.address)
            .finish_non_exhaustive()
    }
}

/// A second factor to set up: the secret and the `otpauth://` address an
/// authenticator app reads from the QR code.
#[derive(Clone, PartialEq, Eq)]
pub struct SecondFactorSetUp {
    pub secret: String,
    pub address: String,
}

impl std::fmt::Debug for SecondFactorSetUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecondFactorSetUp { .. }")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StaffSignInError {
    /// The password was right; the code from the app is needed too.
    #[error("enter the code from your authenticator app")]
    NeedCode,
    /// The password was right and the account has no second factor yet:
    /// set one up with this secret, then sign in with its code.
    #[error("set up a second factor")]
    SetUp {
        set_up: SecondFactorSetUp,
        wrong_code: bool,
    },
    #[error("that code is wrong or was already used")]
    WrongCode,
    #[error("too many failed sign-ins to this account: try again after {until}")]
    AccountLocked { until: DateTime<Utc> },
    #[error("too many failed sign-ins from this address")]
    AddressThrottled { retry_after: StdDuration },
    #[error(transparent)]
    Busy(#[from] crate::passwords::HashError),
    #[error("the second factor cannot be read: {0}")]
    BadSecret(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// TOTP as authenticator apps do it: SHA-1, six digits, 30-second steps.
fn totp(secret: &str, username: &str) -> Result<TOTP, StaffSignInError> {
    let bytes = Secret::Encoded(secret.to_owned())
        .to_bytes()
        .map_err(|e| StaffSignInError::BadSecret(format!("{e:?}")))?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        0,
        30,
        bytes,
        Some(ISSUER.to_owned()),
        username.to_owned(),
    )
    .map_err(|e| StaffSignInError::BadSecret(e.to_string()))
}

/// The time step (of 30 s) whose code `code` is, allowing one step either
/// side of `now` for a clock a little off; `None` if it is none of them.
pub fn matching_step(
    secret: &str,
    username: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, StaffSignInError> {
    let totp = totp(secret, username)?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let step = now.timestamp() / 30;
    Ok([step, step - 1, step + 1]
        .into_iter()
        .find(|s| *s >= 0 && totp.check(&code, (*s * 30) as u64)))
}

/// The code of `secret` at `now`, as an authenticator app shows it: for
/// the demo's command line and the tests.
pub fn current_code(
    secret: &str,
    username: &str,
    now: DateTime<Utc>,
) -> Result<String, StaffSignInError> {
    Ok(totp(secret, username)?.generate(now.timestamp().max(0) as u64))
}

/// A fresh secret for an account to set up.
fn new_set_up(username: &str) -> Result<SecondFactorSetUp, StaffSignInError> {
    let secret = Secret::generate_secret().to_encoded().to_string();
    let address = totp(&secret, username)?.get_url();
    Ok(SecondFactorSetUp { secret, address })
}

/// The axum-login backend for staff.
#[derive(Clone, Debug)]
pub struct StaffBackend {
    db: Database,
    throttle: AddressThrottle,
}

impl StaffBackend {
    pub fn new(db: Database, throttle: AddressThrottle) -> StaffBackend {
        StaffBackend { db, throttle }
    }

    async fn fail(
        &self,
        username: &str,
        address: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<(), StaffSignInError> {
        if let Some(address) = address {
            self.throttle.fail(address);
        }
        let failures = self
            .db
            .count_failed_staff_signin(
                username,
                now.timestamp(),
                FAILURES_FORGOTTEN_AFTER.num_seconds(),
                |n| lock_after(n, now).map(|t| t.timestamp()),
            )
            .await?;
        match lock_after(failures, now) {
            Some(until) => Err(StaffSignInError::AccountLocked { until }),
            None => Ok(()),
        }
    }

    /// The second step, once the password is right.
    async fn second_factor(
        &self,
        login: &StaffLogin,
        credentials: &StaffCredentials,
        now: DateTime<Utc>,
    ) -> Result<(), StaffSignInError> {
        let code = credentials.code.trim();
        match (&login.totp_secret, &login.totp_pending) {
            (Some(_), _) if code.is_empty() => Err(StaffSignInError::NeedCode),
            (Some(secret), _) => {
                let step = matching_step(secret, &login.username, code, now)?;
                let used = match step {
                    Some(step) => {
                        self.db
                            .use_second_factor_step(&login.username, step, None, now.timestamp())
                            .await?
                    }
                    None => false,
                };
                if used {
                    return Ok(());
                }
                self.fail(&login.username, credentials.address, now).await?;
                Err(StaffSignInError::WrongCode)
            }
            (None, Some(pending)) if !code.is_empty() => {
                let step = matching_step(pending, &login.username, code, now)?;
                let confirmed = match step {
                    Some(step) => {
                        self.db
                            .use_second_factor_step(
                                &login.username,
                                step,
                                Some(pending),
                                now.timestamp(),
                            )
                            .await?
                    }
                    None => false,
                };
                if confirmed {
                    return Ok(());
                }
                // The same secret again, so that the app already set up
                // can be tried with its next code.
                let address = totp(pending, &login.username)?.get_url();
                Err(StaffSignInError::SetUp {
                    set_up: SecondFactorSetUp {
                        secret: pending.clone(),
                        address,
                    },
                    wrong_code: true,
                })
            }
            (None, _) => {
                let set_up = new_set_up(&login.username)?;
                self.db
                    .set_pending_second_factor(&login.username, &set_up.secret)
                    .await?;
                Err(StaffSignInError::SetUp {
                    set_up,
                    wrong_code: false,
                })
            }
        }
    }
}

impl AuthnBackend for StaffBackend {
    type User = StaffMember;
    type Credentials = StaffCredentials;
    type Error = StaffSignInError;

    async fn authenticate(
        &self,
        credentials: StaffCredentials,
    ) -> Result<Option<StaffMember>, StaffSignInError> {
        if let Some(retry_after) = credentials.address.and_then(|a| self.throttle.wait(a)) {
            return Err(StaffSignInError::AddressThrottled { retry_after });
        }
        let now = Utc::now();
        let username = credentials.username.trim();
        let login = self
            .db
            .staff_sign_in(username)
            .await?
            .filter(|l| l.disabled_at.is_none());
        if let Some(until) = login
            .as_ref()
            .and_then(|l| l.locked_until)
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .filter(|until| *until > now)
        {
            return Err(StaffSignInError::AccountLocked { until });
        }
        let hash = login.as_ref().map(|l| l.password_hash.clone());
        let matched = verify_password(credentials.password.clone(), hash).await?;
        let Some(login) = login.filter(|_| matched) else {
            self.fail(username, credentials.address, now).await?;
            return Ok(None);
        };
        let Some(member) = StaffMember::from_login(&login) else {
            return Ok(None);
        };
        if member.role.needs_second_factor() {
            self.second_factor(&login, &credentials, now).await?;
        }
        if login.failed_signins > 0 {
            self.db.clear_failed_staff_signins(&login.username).await?;
        }
        // Read again: a confirmed second factor changes the session's hash.
        let login = self.db.staff_sign_in(&login.username).await?;
        Ok(login.as_ref().and_then(StaffMember::from_login))
    }

    async fn get_user(
        &self,
        username: &UserId<Self>,
    ) -> Result<Option<StaffMember>, StaffSignInError> {
        let login = self.db.staff_sign_in(username).await?;
        Ok(login.as_ref().and_then(StaffMember::from_login))
    }
}

/// The signed-in member of staff's session, as handlers and server
/// functions extract it.
pub type StaffSession = axum_login::AuthSession<StaffBackend>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_own_step_and_its_neighbours_only() {
        let set_up = new_set_up("wang").unwrap();
        let now = Utc::now();
        let code = current_code(&set_up.secret, "wang", now).unwrap();
        assert_eq!(
            matching_step(&set_up.secret, "wang", &code, now).unwrap(),
            Some(now.timestamp() / 30)
        );
        let later = now + chrono::Duration::seconds(30);
        assert!(
            matching_step(&set_up.secret, "wang", &code, later)
                .unwrap()
                .is_some()
        );
        let much_later = now + chrono::Duration::seconds(120);
        assert_eq!(
            matching_step(&set_up.secret, "wang", &code, much_later).unwrap(),
            None
        );
        assert_eq!(
            matching_step(&set_up.secret, "wang", "000000x", now).unwrap(),
            None
        );
    }

    #[test]
    fn the_set_up_address_names_the_bank_and_the_account() {
        let set_up = new_set_up("wang").unwrap();
        assert!(
            set_up
                .address
                .starts_with("otpauth://totp/Reachguard:wang?")
        );
        assert!(set_up.address.contains(&set_up.secret));
    }
}
