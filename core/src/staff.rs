//! Staff sign-in: a session of its own (axum-login over tower-sessions, a
//! cookie only sent under `/staff`), argon2id passwords, the same lock and
//! throttle as borrowers, and a second factor (TOTP) for every role (each
//! reads every customer). An account an admin made or reset sets its second
//! factor up with a one-time code the admin handed over, and chooses its
//! own password at the first sign-in. Second-factor secrets are sealed with
//! the key kept outside the database ([`crate::secrets`]).
//!
//! A signed-in member of staff is read again from the database on every
//! request, so a change of role applies at once, and a disabled account, a
//! reset second factor or a new password ends every session of the account.

use reachguard_domain::audit::AuditAction;
use std::net::IpAddr;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use reachguard_domain::{Role, StaffAction};
use reachguard_storage::{Database, StaffLogin, StorageError};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

use reachguard_storage::{NewAuditEntry, TryKind};

use crate::door::{Door, Knock};
use crate::secrets::SecretKey;
use crate::signin::AddressThrottle;

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

crate::sessions::bound_to_password!(StaffMember, username);

/// What a member of staff types to sign in.
#[derive(Clone, Default)]
pub struct StaffCredentials {
    pub username: String,
    pub password: String,
    /// The six digits from the authenticator app; empty at the first step.
    pub code: String,
    /// The one-time code from an admin that lets an account without a
    /// second factor set one up.
    pub setup_code: String,
    /// A new password, when the account must choose one.
    pub new_password: String,
    pub address: Option<IpAddr>,
}

crate::passwords::debug_without_secrets!(StaffCredentials { username, address });

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

/// A new password the account must choose at this sign-in; `problem` says
/// why it cannot be used yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPassword {
    pub problem: Option<NewPasswordProblem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewPasswordProblem {
    /// None given yet.
    Missing,
    /// Too short, too long or too common.
    Rules,
    /// The same as the one it replaces.
    Same,
}

#[derive(Debug, thiserror::Error)]
pub enum StaffSignInError {
    /// The password was right; the code from the app is needed too
    /// (`wrong`: the one given is not it), and a new password when asked.
    #[error("enter the code from your authenticator app")]
    NeedCode {
        wrong: bool,
        new_password: Option<NewPassword>,
    },
    /// The password was right and the account has no second factor yet:
    /// the one-time set-up code from an admin is needed (`wrong`: the one
    /// given is not it, or has expired).
    #[error("enter the set-up code your administrator gave you")]
    NeedSetUpCode { wrong: bool },
    /// Set a second factor up with this secret, then sign in with its code
    /// (and a new password, when asked).
    #[error("set up a second factor")]
    SetUp {
        set_up: SecondFactorSetUp,
        wrong_code: bool,
        new_password: Option<NewPassword>,
    },
    #[error("the username or password is wrong")]
    WrongPassword,
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

crate::door::answers_shut!(StaffSignInError);

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
    door: Door,
    key: SecretKey,
}

/// How long an admin's set-up code works.
pub const SETUP_CODE_VALID_FOR: chrono::Duration = chrono::Duration::days(7);

/// What a sign-in step found, for the audit log.
fn audit(
    at: DateTime<Utc>,
    username: &str,
    action: AuditAction,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry::new(
        at.timestamp(),
        &format!("staff:{username}"),
        action,
        username,
        details,
    )
}

impl StaffBackend {
    pub fn new(db: Database, throttle: AddressThrottle, key: SecretKey) -> StaffBackend {
        StaffBackend {
            door: Door::new(db.clone(), throttle),
            db,
            key,
        }
    }

    /// A try that did not get in: the address's throttle counts it, the
    /// audit log notes it (and the lock, if this try set one).
    async fn refused(
        &self,
        username: &str,
        knock: &Knock<'_>,
        now: DateTime<Utc>,
        error: StaffSignInError,
    ) -> Result<Option<StaffMember>, StaffSignInError> {
        let locks_until = knock.failed();
        let why = match &error {
            StaffSignInError::NeedCode { .. } | StaffSignInError::SetUp { .. } => "code",
            StaffSignInError::NeedSetUpCode { .. } => "set-up code",
            _ => "password",
        };
        self.db
            .audit(&audit(
                now,
                username,
                AuditAction::StaffSignInFailed,
                serde_json::json!({ "wrong": why }),
            ))
            .await?;
        tracing::info!(staff = %username, wrong = why, "a staff sign-in failed");
        match locks_until {
            Some(until) => {
                self.db
                    .audit(&audit(
                        now,
                        username,
                        AuditAction::StaffLocked,
                        serde_json::json!({ "until": until.timestamp() }),
                    ))
                    .await?;
                tracing::warn!(staff = %username, %until, "a staff account is locked after failed sign-ins");
                Err(StaffSignInError::AccountLocked { until })
            }
            None => match error {
                StaffSignInError::WrongPassword => Ok(None),
                error => Err(error),
            },
        }
    }

    /// A member of staff's own new password, with their current one: the
    /// current one is tried as a sign-in is (counted, locked, throttled).
    /// `Ok(Err(problem))` when the new one will not do.
    pub async fn change_password(
        &self,
        username: &str,
        current: String,
        new: String,
        address: Option<IpAddr>,
    ) -> Result<Result<(), NewPasswordProblem>, StaffSignInError> {
        let now = Utc::now();
        let knock = self
            .door
            .knock(TryKind::Staff, username.to_owned(), address)
            .await?;
        let login = self.db.staff_sign_in(username).await?;
        let hash = login.as_ref().map(|l| l.password_hash.clone());
        if !knock.password_matches(current.clone(), hash).await? {
            return self
                .refused(username, &knock, now, StaffSignInError::WrongPassword)
                .await
                .and(Err(StaffSignInError::WrongPassword));
        }
        knock.succeeded().await?;
        let credentials = StaffCredentials {
            password: current,
            new_password: new.clone(),
            ..StaffCredentials::default()
        };
        if let Some(problem) = new_password_asked(true, &credentials).and_then(|n| n.problem) {
            return Ok(Err(problem));
        }
        let hash = crate::passwords::hash_password(new).await?;
        self.db
            .set_own_staff_password(username, &hash, now.timestamp())
            .await?;
        tracing::info!(staff = %username, "a member of staff changed their password");
        Ok(Ok(()))
    }

    fn sealed_for(username: &str) -> String {
        format!("staff:{username}")
    }

    fn open(&self, sealed: &str, username: &str) -> Result<String, StaffSignInError> {
        self.key
            .open(sealed, &Self::sealed_for(username))
            .map_err(|e| StaffSignInError::BadSecret(e.to_string()))
    }

    /// The second factor of an account that has none yet: the admin's
    /// set-up code, then a secret to set up, confirmed by its first code
    /// (with the new password, when the account must choose one).
    async fn set_up_second_factor(
        &self,
        login: &StaffLogin,
        credentials: &StaffCredentials,
        must_change: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StaffSignInError> {
        let given = credentials.setup_code.trim();
        if given.is_empty() {
            return Err(StaffSignInError::NeedSetUpCode { wrong: false });
        }
        let matches = login.setup_code_hash.as_ref().is_some_and(|hash| {
            crate::activation::constant_time_eq(
                crate::activation::code_hash(given).as_bytes(),
                hash.as_bytes(),
            )
        }) && login
            .setup_code_expires_at
            .is_some_and(|t| t > now.timestamp());
        if !matches {
            return Err(StaffSignInError::NeedSetUpCode { wrong: true });
        }
        let pending = match &login.totp_pending {
            Some(sealed) => self.open(sealed, &login.username)?,
            None => {
                let set_up = new_set_up(&login.username)?;
                let sealed = self
                    .key
                    .seal(&set_up.secret, &Self::sealed_for(&login.username));
                self.db
                    .set_pending_second_factor(&login.username, &sealed)
                    .await?;
                return Err(StaffSignInError::SetUp {
                    set_up,
                    wrong_code: false,
                    new_password: must_change.then_some(NewPassword { problem: None }),
                });
            }
        };
        let set_up = |wrong_code, new_password| -> StaffSignInError {
            match totp(&pending, &login.username) {
                Ok(totp) => StaffSignInError::SetUp {
                    set_up: SecondFactorSetUp {
                        address: totp.get_url(),
                        secret: pending.clone(),
                    },
                    wrong_code,
                    new_password,
                },
                Err(error) => error,
            }
        };
        let code = credentials.code.trim();
        let new_password = new_password_asked(must_change, credentials);
        if code.is_empty() || new_password.as_ref().is_some_and(|n| n.problem.is_some()) {
            return Err(set_up(false, new_password));
        }
        let confirmed = match matching_step(&pending, &login.username, code, now)? {
            Some(step) => {
                self.db
                    .use_second_factor_step(
                        &login.username,
                        step,
                        login.totp_pending.as_deref(),
                        now.timestamp(),
                    )
                    .await?
            }
            None => false,
        };
        if confirmed {
            tracing::info!(staff = %login.username, "a staff member set up a second factor");
            return Ok(());
        }
        // The same secret again, so that the app already set up can be
        // tried with its next code.
        Err(set_up(true, new_password))
    }

    /// The code from the app of an account with a second factor (and the
    /// new password, when the account must choose one).
    async fn second_factor(
        &self,
        login: &StaffLogin,
        secret: &str,
        credentials: &StaffCredentials,
        must_change: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StaffSignInError> {
        let code = credentials.code.trim();
        let new_password = new_password_asked(must_change, credentials);
        if code.is_empty() || new_password.as_ref().is_some_and(|n| n.problem.is_some()) {
            return Err(StaffSignInError::NeedCode {
                wrong: false,
                new_password,
            });
        }
        let secret = self.open(secret, &login.username)?;
        let used = match matching_step(&secret, &login.username, code, now)? {
            Some(step) => {
                self.db
                    .use_second_factor_step(&login.username, step, None, now.timestamp())
                    .await?
            }
            None => false,
        };
        if used {
            Ok(())
        } else {
            Err(StaffSignInError::NeedCode {
                wrong: true,
                new_password,
            })
        }
    }
}

/// The new password an account must choose, as asked of this try: `None`
/// when it need not choose one; a problem when the one given will not do
/// (none given yet is a problem too, so that nothing is used up before it
/// is).
fn new_password_asked(must_change: bool, credentials: &StaffCredentials) -> Option<NewPassword> {
    if !must_change {
        return None;
    }
    let problem = if credentials.new_password.is_empty() {
        Some(NewPasswordProblem::Missing)
    } else {
        match crate::accounts::check_staff_password(
            &credentials.new_password,
            &credentials.password,
        ) {
            Ok(()) => None,
            Err(crate::accounts::StaffError::SamePassword) => Some(NewPasswordProblem::Same),
            Err(_) => Some(NewPasswordProblem::Rules),
        }
    };
    Some(NewPassword { problem })
}

impl StaffBackend {
    /// The password is tried at the one door ([`crate::door`]) under the
    /// username typed; then each step asks for what is missing: the set-up
    /// code and a secret to set up, the code from the app, a new password.
    pub async fn sign_in(
        &self,
        credentials: StaffCredentials,
    ) -> Result<Option<StaffMember>, StaffSignInError> {
        let now = Utc::now();
        let username: String = credentials.username.trim().chars().take(64).collect();
        let knock = self
            .door
            .knock(TryKind::Staff, username.clone(), credentials.address)
            .await?;
        let login = self
            .db
            .staff_sign_in(&username)
            .await?
            .filter(|l| l.disabled_at.is_none());
        let hash = login.as_ref().map(|l| l.password_hash.clone());
        let matched = knock
            .password_matches(credentials.password.clone(), hash)
            .await?;
        let (Some(login), true) = (login, matched) else {
            return self
                .refused(&username, &knock, now, StaffSignInError::WrongPassword)
                .await;
        };
        if StaffMember::from_login(&login).is_none() {
            return Ok(None);
        }
        let must_change = login.must_change_password;
        let step = match &login.totp_secret {
            Some(secret) => {
                self.second_factor(&login, secret, &credentials, must_change, now)
                    .await
            }
            None => {
                self.set_up_second_factor(&login, &credentials, must_change, now)
                    .await
            }
        };
        match step {
            Ok(()) => {}
            // A wrong code or set-up code is a failed try; a step that only
            // asks for more is not.
            Err(
                error @ (StaffSignInError::NeedCode { wrong: true, .. }
                | StaffSignInError::SetUp {
                    wrong_code: true, ..
                }
                | StaffSignInError::NeedSetUpCode { wrong: true }),
            ) => {
                return self.refused(&username, &knock, now, error).await;
            }
            Err(error) => {
                if !matches!(
                    error,
                    StaffSignInError::BadSecret(_) | StaffSignInError::Storage(_)
                ) {
                    knock.not_a_failure().await?;
                }
                return Err(error);
            }
        }
        if must_change {
            let hash = crate::passwords::hash_password(credentials.new_password.clone()).await?;
            self.db
                .set_own_staff_password(&login.username, &hash, now.timestamp())
                .await?;
        }
        knock.succeeded().await?;
        self.db
            .audit(&audit(
                now,
                &login.username,
                AuditAction::StaffSignIn,
                serde_json::json!({}),
            ))
            .await?;
        tracing::info!(staff = %login.username, "a member of staff signed in");
        // Read again: a confirmed second factor or a new password changes
        // the session's hash.
        let login = self.db.staff_sign_in(&login.username).await?;
        Ok(login.as_ref().and_then(StaffMember::from_login))
    }

    /// The member of staff a session names, unless their account is gone
    /// or disabled.
    pub async fn signed_in(&self, username: &str) -> Result<Option<StaffMember>, StaffSignInError> {
        let login = self.db.staff_sign_in(username).await?;
        Ok(login.as_ref().and_then(StaffMember::from_login))
    }
}

crate::sessions::signs_in!(
    StaffBackend,
    StaffMember,
    StaffCredentials,
    StaffSignInError
);

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
