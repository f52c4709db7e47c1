//! The one way a password is tried, whoever tries it: a borrower signing in
//! or on their password page, a member of staff signing in or changing
//! theirs. The address waits first if it failed too often
//! ([`AddressThrottle`]); the try is counted against the login before it is
//! checked ([`crate::lock`]); the hash is checked off the async threads, one
//! at a time per address ([`address_turn`]).

use std::net::IpAddr;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use reachguard_storage::{Database, StorageError, TryKind};

use crate::lock::{self, Try};
use crate::passwords::{HashError, address_turn, verify_password};
use crate::signin::AddressThrottle;

/// A try that was not even checked.
#[derive(Debug, thiserror::Error)]
pub enum Shut {
    #[error("too many failed tries from this address")]
    AddressThrottled { retry_after: StdDuration },
    #[error("too many failed tries at this login: try again after {until}")]
    Locked { until: DateTime<Utc> },
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// `From<Shut>` for a sign-in error that has the variants
/// `AddressThrottled`, `AccountLocked` and `Storage`: each door's error
/// answers a shut door the same way.
macro_rules! answers_shut {
    ($error:ident) => {
        impl From<$crate::door::Shut> for $error {
            fn from(shut: $crate::door::Shut) -> $error {
                use $crate::door::Shut;
                match shut {
                    Shut::AddressThrottled { retry_after } => {
                        $error::AddressThrottled { retry_after }
                    }
                    Shut::Locked { until } => $error::AccountLocked { until },
                    Shut::Storage(error) => $error::Storage(error),
                }
            }
        }
    };
}
pub(crate) use answers_shut;

/// The door both sign-ins go through: the database that counts tries at a
/// login and the throttle that counts failures from an address.
#[derive(Clone, Debug)]
pub struct Door {
    db: Database,
    throttle: AddressThrottle,
}

/// A counted try at one login, from one address.
pub struct Knock<'a> {
    door: &'a Door,
    kind: TryKind,
    login: String,
    address: Option<IpAddr>,
    counted: Try,
}

impl Door {
    pub fn new(db: Database, throttle: AddressThrottle) -> Door {
        Door { db, throttle }
    }

    /// Counts a try of `kind` at `login` from `address`, unless the address
    /// must wait or the login is locked.
    pub async fn knock(
        &self,
        kind: TryKind,
        login: String,
        address: Option<IpAddr>,
    ) -> Result<Knock<'_>, Shut> {
        if let Some(retry_after) = address.and_then(|a| self.throttle.wait(a)) {
            return Err(Shut::AddressThrottled { retry_after });
        }
        let counted = lock::count_try(&self.db, kind, &login, Utc::now())
            .await?
            .map_err(|locked| Shut::Locked {
                until: locked.until,
            })?;
        Ok(Knock {
            door: self,
            kind,
            login,
            address,
            counted,
        })
    }
}

impl Knock<'_> {
    /// Whether `password` is the one `hash` was made of (a missing hash
    /// takes as long to refuse): one check at a time from an address.
    pub async fn password_matches(
        &self,
        password: String,
        hash: Option<String>,
    ) -> Result<bool, HashError> {
        let _turn = address_turn(self.address)?;
        verify_password(password, hash).await
    }

    /// The try got in: the count starts again.
    pub async fn succeeded(&self) -> Result<(), StorageError> {
        lock::succeeded(&self.door.db, self.kind, &self.login).await
    }

    /// The try was right but only a first step (a password before its
    /// code): it is not counted after all.
    pub async fn not_a_failure(&self) -> Result<(), StorageError> {
        lock::not_a_failure(&self.door.db, self.kind, &self.login, self.counted).await
    }

    /// The try failed: the address's throttle counts it. The lock it set,
    /// if it set one, is what to answer.
    pub fn failed(&self) -> Option<DateTime<Utc>> {
        if let Some(address) = self.address {
            self.door.throttle.fail(address);
        }
        self.counted.locks_until
    }
}
